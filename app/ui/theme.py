"""The one look: Radix Themes with a single accent colour, and the app's few global styles."""

import reflex as rx

ACCENT = "teal"

theme = rx.theme(accent_color=ACCENT, gray_color="slate", radius="medium", scaling="100%")

STYLESHEETS = ["/rapport.css", "/brief-print.css"]

# The browser's toolbar in the accent; the same colour as the manifest's (assets/manifest.webmanifest).
THEME_COLOUR = "#12a594"

# Installable: the manifest and icons, and assets/shell.js (the phone menu, the skip link's focus,
# the service worker that keeps the shell: assets/sw.js).
HEAD_COMPONENTS = [
    rx.el.link(rel="manifest", href="/manifest.webmanifest"),
    rx.el.meta(name="theme-color", content=THEME_COLOUR),
    rx.el.link(rel="apple-touch-icon", href="/icons/apple-touch-icon.png"),
    rx.el.script(src="/shell.js", defer=True),
]

PAGE_MAX_WIDTH = "64rem"
