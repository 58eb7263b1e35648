"""Reflex configuration, derived from Rapport's settings (see app/settings.py)."""

import reflex as rx

from app.settings import get_settings
from app.ui.theme import theme

settings = get_settings()
origin = settings.public_url

config = rx.Config(
    app_name="app",
    app_module_import="app.main",
    frontend_port=settings.port,
    backend_port=settings.port,
    backend_host=settings.host,
    api_url=origin,
    deploy_url=origin,
    # Rapport manages its own engine (app/db.py) so that SQLite gets WAL and foreign keys;
    # Reflex is told the same URL for its `reflex db` commands.
    db_url=settings.database_url,
    redis_url=settings.redis_url,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    # The websocket refuses pages served from anywhere else: the public URL and the printed loopback address.
    cors_allowed_origins=list(settings.allowed_origins),
    plugins=[rx.plugins.RadixThemesPlugin(theme=theme)],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
