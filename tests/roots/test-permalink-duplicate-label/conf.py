"""Two pages define the same label. There is no contract file yet: that is allowed."""

extensions = ["myst_parser", "opskb.sphinxext.permalinks"]
nitpicky = True
