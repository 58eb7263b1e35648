"""Load benchmarks: hosted mode driven over the websocket the way browsers drive it."""
