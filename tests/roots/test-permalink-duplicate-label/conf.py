"""Two pages define the same label. There is no contract file yet: that is allowed."""

extensions = ["myst_parser", "opskb.sphinxext.permalink_guard"]
nitpicky = True
