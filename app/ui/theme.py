"""The one look: Radix Themes with a single accent colour, and the app's few global styles."""

import reflex as rx

ACCENT = "teal"

theme = rx.theme(accent_color=ACCENT, gray_color="slate", radius="medium", scaling="100%")

STYLESHEETS = ["/rapport.css", "/brief-print.css"]

PAGE_MAX_WIDTH = "64rem"
