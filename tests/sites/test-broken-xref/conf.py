"""A tiny site whose only page refers to a label that does not exist."""

extensions = ["myst_parser"]
nitpicky = True
