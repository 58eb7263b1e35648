"""Rapport's settings, read once from the environment, each with a documented default."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

from app.domain.addresses import LOOPBACK_PROXIES, Network, parse_networks
from app.domain.outreach_keys import MIN_SECRET_LENGTH
from app.domain.times import fix_day

Mode = Literal["local", "hosted"]

DEFAULT_PORT = 3000


class SettingsError(ValueError):
    """A setting in the environment has a value Rapport cannot use."""


@dataclass(frozen=True)
class Settings:
    """What the environment configures; README.md's configuration table lists each with its default.

    This module is the only place that reads the environment for Rapport (rxconfig.py derives
    Reflex's configuration from these fields).
    """

    mode: Mode
    data_dir: Path
    port: int
    database_url: str
    redis_url: str | None
    today_override: date | None
    # RAPPORT_HOST: the address the server listens on. Local mode is one student's private data,
    # so it is always 127.0.0.1 there; hosted mode defaults to 127.0.0.1 too (the proxy in front
    # is on the same machine) unless told otherwise.
    host: str
    # RAPPORT_PUBLIC_URL: the address browsers use, without a trailing slash. Other origins are refused.
    public_url: str
    # RAPPORT_TRUSTED_PROXIES: addresses or networks of the reverse proxies whose X-Forwarded-For is
    # believed (default none). RAPPORT_TRUST_PROXY=1, the older flag, means 127.0.0.1 and ::1.
    trusted_proxies: tuple[Network, ...] = ()
    # RAPPORT_METRICS_TOKEN: a bearer token that opens /metrics to a scraper not on this machine
    # (default none: loopback only).
    metrics_token: str = ""
    # RAPPORT_DRAIN_SECONDS: after SIGTERM, how long a worker waits for events in flight before it
    # closes its websockets and exits anyway.
    drain_seconds: float = 20.0
    # RAPPORT_OUTREACH_SECRET: the key of the keyed hashes that tell classmates they are writing to the
    # same person (app/domain/outreach_keys.py). Required in hosted mode; "" in local mode.
    outreach_secret: str = ""

    @property
    def is_local(self) -> bool:
        return self.mode == "local"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def loopback_url(self) -> str:
        """The address `make run` and `make hosted` print: this machine, on the app's port."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def allowed_origins(self) -> tuple[str, ...]:
        """Origins whose pages may use the websocket and post forms: the public URL, both loopback names."""
        origins = [self.public_url, self.loopback_url, f"http://localhost:{self.port}"]
        for name, other in (("//localhost", "//127.0.0.1"), ("//127.0.0.1", "//localhost")):
            if name in self.public_url:
                origins.append(self.public_url.replace(name, other))
        return tuple(dict.fromkeys(origins))


def default_data_dir(env: Mapping[str, str] = os.environ) -> Path:
    home = env.get("HOME") or str(Path.home())
    xdg = env.get("XDG_DATA_HOME") or str(Path(home) / ".local" / "share")
    return Path(xdg) / "rapport"


def _parse_mode(raw: str) -> Mode:
    value = raw.strip().lower() or "local"
    if value == "local":
        return "local"
    if value == "hosted":
        return "hosted"
    raise SettingsError(f"RAPPORT_MODE must be 'local' or 'hosted', not {raw!r}.")


def _parse_port(raw: str) -> int:
    try:
        port = int(raw)
    except ValueError:
        raise SettingsError(f"RAPPORT_PORT must be a number, not {raw!r}.") from None
    if not 1 <= port <= 65535:
        raise SettingsError(f"RAPPORT_PORT must be between 1 and 65535, not {port}.")
    return port


def _parse_today(raw: str) -> date | None:
    if not raw.strip():
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise SettingsError(f"RAPPORT_TODAY must be a date like 2026-03-14, not {raw!r}.") from None


def _parse_flag(name: str, raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("", "0", "false", "no"):
        return False
    if value in ("1", "true", "yes"):
        return True
    raise SettingsError(f"{name} must be 1 or 0, not {raw!r}.")


def _parse_proxies(env: Mapping[str, str]) -> tuple[Network, ...]:
    try:
        listed = parse_networks(env.get("RAPPORT_TRUSTED_PROXIES", ""))
    except ValueError as bad:
        raise SettingsError(
            "RAPPORT_TRUSTED_PROXIES must list addresses or networks like 10.0.0.5, 10.1.0.0/16; "
            f"{bad} is not one."
        ) from None
    if _parse_flag("RAPPORT_TRUST_PROXY", env.get("RAPPORT_TRUST_PROXY", "")):
        listed += tuple(net for net in LOOPBACK_PROXIES if net not in listed)
    return listed


def default_public_url(mode: Mode, port: int) -> str:
    """Where browsers find the app unless RAPPORT_PUBLIC_URL says otherwise.

    Local mode listens on 127.0.0.1 only. Hosted mode says `localhost`, the name a developer
    opens; the session cookie belongs to that name, so the websocket must use the same one.
    """
    return f"http://{'127.0.0.1' if mode == 'local' else 'localhost'}:{port}"


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for PostgreSQL URLs written the usual way."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _parse_seconds(name: str, raw: str, default: float) -> float:
    if not raw.strip():
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number of seconds, not {raw!r}.") from None
    if not 0 <= value <= 3600:
        raise SettingsError(f"{name} must be between 0 and 3600 seconds, not {raw!r}.")
    return value


def _parse_outreach_secret(env: Mapping[str, str]) -> str:
    secret = env.get("RAPPORT_OUTREACH_SECRET", "").strip()
    if len(secret) < MIN_SECRET_LENGTH:
        raise SettingsError(
            f"Hosted mode needs RAPPORT_OUTREACH_SECRET, at least {MIN_SECRET_LENGTH} characters "
            "(e.g. the output of `python -c 'import secrets; print(secrets.token_urlsafe(32))'`), "
            "kept the same across restarts."
        )
    return secret


def load_settings(env: Mapping[str, str] = os.environ) -> Settings:
    mode = _parse_mode(env.get("RAPPORT_MODE", "local"))
    data_dir = Path(env.get("RAPPORT_DATA_DIR") or default_data_dir(env)).expanduser()
    port = _parse_port(env.get("RAPPORT_PORT", str(DEFAULT_PORT)))
    if mode == "hosted":
        database_url = env.get("DATABASE_URL", "")
        if not database_url:
            raise SettingsError("Hosted mode needs DATABASE_URL, e.g. postgresql://user@host/rapport.")
        redis_url = env.get("REDIS_URL") or None
        outreach_secret = _parse_outreach_secret(env)
    else:
        # Local mode is one SQLite file; DATABASE_URL may still point elsewhere (tests do).
        database_url = env.get("DATABASE_URL") or f"sqlite:///{data_dir / 'rapport.db'}"
        redis_url = None
        outreach_secret = ""
    return Settings(
        mode=mode,
        data_dir=data_dir,
        port=port,
        database_url=normalise_database_url(database_url),
        redis_url=redis_url,
        today_override=_parse_today(env.get("RAPPORT_TODAY", "")),
        host=(env.get("RAPPORT_HOST") if mode == "hosted" else None) or "127.0.0.1",
        public_url=(env.get("RAPPORT_PUBLIC_URL") or default_public_url(mode, port)).rstrip("/"),
        trusted_proxies=_parse_proxies(env),
        metrics_token=env.get("RAPPORT_METRICS_TOKEN", "").strip(),
        drain_seconds=_parse_seconds("RAPPORT_DRAIN_SECONDS", env.get("RAPPORT_DRAIN_SECONDS", ""), 20.0),
        outreach_secret=outreach_secret,
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    settings = load_settings()
    fix_day(settings.today_override)
    return settings


def today() -> date:
    """Today's date for every rule, fixed by RAPPORT_TODAY in tests and demos."""
    return get_settings().today_override or date.today()


def fixed_day() -> date | None:
    """The day RAPPORT_TODAY fixes for tests and demos, or None for the real clock."""
    return get_settings().today_override
