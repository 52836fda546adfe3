"""Sections of a version 0.2.0 whose contract was last updated in 0.1.0."""

extensions = ["myst_parser", "opskb.sphinxext.sections"]
nitpicky = True
release = "0.2.0"
html_baseurl = "https://kb.example.org/en/latest/"
