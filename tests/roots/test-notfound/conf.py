"""A tiny site with the 404 page as the real site makes it (docs/conf.py)."""

project = "tinykb"
extensions = ["myst_parser", "notfound.extension", "opskb.sphinxext"]
html_theme = "furo"
html_title = "tinykb: a tiny site"
html_baseurl = "https://tinykb.example.org/en/latest/"
notfound_urls_prefix = "/"
nitpicky = True
