"""Reflex states: thin, calling services and holding only what a page shows."""
