"""A tiny site whose page downloads a notebook that does not exist."""

project = "tinykb"
extensions = ["myst_parser", "opskb.sphinxext.notebook_panel"]
