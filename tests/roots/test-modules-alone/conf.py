"""A tiny site for one opskb.sphinxext module at a time (tests set ``extensions``)."""

project = "tinykb"
author = "The tinykb authors"
version = release = "1.2.3"
extensions = ["myst_parser"]
html_theme = "furo"  # templates/search.html overrides furo's
html_title = "tinykb: a tiny site"
html_baseurl = "https://tinykb.example.org/en/latest/"
opskb_changelog = "CHANGELOG.md"
exclude_patterns = ["CHANGELOG.md", "_build"]
nitpicky = True
