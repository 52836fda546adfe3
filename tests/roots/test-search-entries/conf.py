"""A tiny site with labelled sections and a glossary (opskb.sphinxext.search_entries)."""

project = "tinykb"
extensions = ["myst_parser", "opskb.sphinxext.search_entries"]
myst_enable_extensions = ["colon_fence"]
nitpicky = True
