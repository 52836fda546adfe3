"""A tiny site whose as-of directives are each wrong in one way (opskb.sphinxext.review)."""

project = "tinykb"
extensions = ["myst_parser", "opskb.sphinxext.review"]
myst_enable_extensions = ["colon_fence"]
opskb_review_today = "2027-01-01"
