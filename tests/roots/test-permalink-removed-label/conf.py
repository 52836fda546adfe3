"""A label listed in the contract ("old-section") is no longer defined."""

extensions = ["myst_parser", "opskb.sphinxext.permalink_guard"]
nitpicky = True
