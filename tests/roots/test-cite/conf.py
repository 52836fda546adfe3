"""A tiny site with the cite block, permalinks and the 404 page (opskb.sphinxext)."""

project = "tinykb"
author = "The tinykb authors"
version = release = "1.2.3"
# The whole extension package, as the real site loads it (its modules interact).
extensions = ["myst_parser", "opskb.sphinxext"]
html_theme = "furo"
html_title = "tinykb: a tiny site"
html_baseurl = "https://tinykb.example.org/en/latest/"
nitpicky = True
