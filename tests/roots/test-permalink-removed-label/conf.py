"""A label listed in the contract ("old-section") is no longer defined."""

extensions = ["myst_parser", "opskb.sphinxext.permalinks"]
nitpicky = True
