"""Two labels of the home page moved: one renamed in place, one to another page."""

extensions = ["myst_parser", "opskb.sphinxext.permalink_guard"]
nitpicky = True
