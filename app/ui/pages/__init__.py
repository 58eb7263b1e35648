"""One module per page; importing this package registers every page on the app."""
