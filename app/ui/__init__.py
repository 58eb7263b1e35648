"""The user interface: components, the shared layout and one module per page."""
