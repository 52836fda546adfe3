"""A page moved from guide/old-place to new-place, with a redirect declared for it."""

extensions = ["myst_parser", "opskb.sphinxext.permalink_guard"]
nitpicky = True
html_baseurl = "https://tiny.example.org/en/latest/"
