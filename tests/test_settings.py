"""Settings come from the environment with the documented defaults, and bad values say what is wrong."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.settings import SettingsError, load_settings


def test_defaults_are_local_mode_on_port_3000_with_sqlite_in_the_xdg_data_folder(tmp_path: Path) -> None:
    settings = load_settings({"XDG_DATA_HOME": str(tmp_path), "HOME": "/nowhere"})
    assert settings.mode == "local"
    assert settings.port == 3000
    assert settings.data_dir == tmp_path / "rapport"
    assert settings.database_url == f"sqlite:///{tmp_path / 'rapport' / 'rapport.db'}"
    assert settings.host == "127.0.0.1"
    assert settings.today_override is None


def test_data_dir_and_port_can_be_changed(tmp_path: Path) -> None:
    settings = load_settings({"RAPPORT_DATA_DIR": str(tmp_path), "RAPPORT_PORT": "3999"})
    assert settings.data_dir == tmp_path
    assert settings.port == 3999
    assert settings.database_url.endswith(f"{tmp_path}/rapport.db")


def test_local_mode_is_bound_to_loopback_even_when_a_host_is_set() -> None:
    assert load_settings({"RAPPORT_HOST": "0.0.0.0"}).host == "127.0.0.1"


def test_hosted_mode_reads_database_and_redis_urls() -> None:
    settings = load_settings(
        {
            "RAPPORT_MODE": "hosted",
            "DATABASE_URL": "postgresql://u@db/r",
            "REDIS_URL": "redis://r:6379",
            "RAPPORT_OUTREACH_SECRET": "x" * 32,
        }
    )
    assert settings.database_url == "postgresql+psycopg://u@db/r"
    assert settings.redis_url == "redis://r:6379"


def test_hosted_mode_without_a_database_url_is_refused() -> None:
    with pytest.raises(SettingsError, match="DATABASE_URL"):
        load_settings({"RAPPORT_MODE": "hosted"})


@pytest.mark.parametrize("secret", [None, "", "too short to key anything"])
def test_hosted_mode_without_a_long_outreach_secret_refuses_to_start_and_names_it(secret: str | None) -> None:
    env = {"RAPPORT_MODE": "hosted", "DATABASE_URL": "postgresql://u@db/r"}
    if secret is not None:
        env["RAPPORT_OUTREACH_SECRET"] = secret
    with pytest.raises(SettingsError, match="RAPPORT_OUTREACH_SECRET"):
        load_settings(env)
    assert load_settings({**env, "RAPPORT_OUTREACH_SECRET": "k" * 32}).outreach_secret == "k" * 32


def test_local_mode_needs_no_outreach_secret() -> None:
    assert load_settings({}).outreach_secret == ""


def test_today_can_be_fixed_for_tests_and_demos() -> None:
    assert load_settings({"RAPPORT_TODAY": "2026-03-13"}).today_override == date(2026, 3, 13)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"RAPPORT_MODE": "cloud"}, "RAPPORT_MODE"),
        ({"RAPPORT_PORT": "eighty"}, "RAPPORT_PORT"),
        ({"RAPPORT_PORT": "70000"}, "between 1 and 65535"),
        ({"RAPPORT_TODAY": "13/03/2026"}, "RAPPORT_TODAY"),
    ],
)
def test_bad_settings_say_which_variable_is_wrong(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        load_settings(env)


def test_hosted_mode_listens_on_loopback_unless_a_host_is_set() -> None:
    hosted = {
        "RAPPORT_MODE": "hosted",
        "DATABASE_URL": "postgresql://u@db/r",
        "RAPPORT_OUTREACH_SECRET": "x" * 32,
    }
    assert load_settings(hosted).host == "127.0.0.1"
    assert load_settings({**hosted, "RAPPORT_HOST": "0.0.0.0"}).host == "0.0.0.0"
    assert load_settings({**hosted, "RAPPORT_HOST": "10.0.0.5"}).host == "10.0.0.5"


def test_the_public_url_defaults_to_the_port_and_loses_a_trailing_slash() -> None:
    hosted = {
        "RAPPORT_MODE": "hosted",
        "DATABASE_URL": "postgresql://u@db/r",
        "RAPPORT_PORT": "3999",
        "RAPPORT_OUTREACH_SECRET": "x" * 32,
    }
    assert load_settings({"RAPPORT_PORT": "3999"}).public_url == "http://127.0.0.1:3999"
    assert load_settings(hosted).public_url == "http://localhost:3999"
    given = {**hosted, "RAPPORT_PUBLIC_URL": "https://rapport.example.edu/"}
    assert load_settings(given).public_url == "https://rapport.example.edu"


@pytest.mark.parametrize(
    ("env", "proxies"),
    [
        ({}, []),
        ({"RAPPORT_TRUST_PROXY": "0"}, []),
        ({"RAPPORT_TRUST_PROXY": "1"}, ["127.0.0.1/32", "::1/128"]),
        ({"RAPPORT_TRUSTED_PROXIES": "10.0.0.5, 10.1.0.0/16"}, ["10.0.0.5/32", "10.1.0.0/16"]),
        ({"RAPPORT_TRUSTED_PROXIES": "::1", "RAPPORT_TRUST_PROXY": "true"}, ["::1/128", "127.0.0.1/32"]),
    ],
)
def test_proxies_are_trusted_only_when_listed(env: dict[str, str], proxies: list[str]) -> None:
    assert [str(net) for net in load_settings(env).trusted_proxies] == proxies


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"RAPPORT_TRUST_PROXY": "maybe"}, "RAPPORT_TRUST_PROXY"),
        ({"RAPPORT_TRUSTED_PROXIES": "10.0.0.5, proxy.internal"}, "proxy.internal is not one"),
    ],
)
def test_a_proxy_setting_that_is_not_understood_is_refused(env: dict[str, str], message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        load_settings(env)


@pytest.mark.parametrize(("proxies", "address"), [("", "10.0.0.1"), ("10.0.0.1", "10.0.0.2")])
def test_a_login_address_comes_from_the_proxy_header_only_when_the_proxy_is_trusted(
    monkeypatch: pytest.MonkeyPatch, proxies: str, address: str
) -> None:
    from starlette.requests import Request

    from app import web_auth

    monkeypatch.setattr(web_auth, "get_settings", lambda: load_settings({"RAPPORT_TRUSTED_PROXIES": proxies}))
    scope = {
        "type": "http",
        "headers": [(b"x-forwarded-for", b"203.0.113.9, 10.0.0.2")],
        "client": ("10.0.0.1", 5),
    }
    assert web_auth.client_address(Request(scope)) == address


def test_the_metrics_token_and_the_drain_time_are_read_with_defaults() -> None:
    default = load_settings({})
    assert (default.metrics_token, default.drain_seconds) == ("", 20.0)
    given = load_settings({"RAPPORT_METRICS_TOKEN": " abc123 ", "RAPPORT_DRAIN_SECONDS": "7.5"})
    assert (given.metrics_token, given.drain_seconds) == ("abc123", 7.5)
    for bad in ("soon", "-1", "86400"):
        with pytest.raises(SettingsError, match="RAPPORT_DRAIN_SECONDS"):
            load_settings({"RAPPORT_DRAIN_SECONDS": bad})
