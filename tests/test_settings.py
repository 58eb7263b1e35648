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
        {"RAPPORT_MODE": "hosted", "DATABASE_URL": "postgresql://u@db/r", "REDIS_URL": "redis://r:6379"}
    )
    assert settings.database_url == "postgresql+psycopg://u@db/r"
    assert settings.redis_url == "redis://r:6379"


def test_hosted_mode_without_a_database_url_is_refused() -> None:
    with pytest.raises(SettingsError, match="DATABASE_URL"):
        load_settings({"RAPPORT_MODE": "hosted"})


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
