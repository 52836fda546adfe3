"""A page listed in the contract ("gone") is no longer published."""

extensions = ["myst_parser", "opskb.sphinxext.permalink_guard"]
nitpicky = True
