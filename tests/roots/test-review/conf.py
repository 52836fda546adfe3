"""A tiny site with dated sections and a review status page (opskb.sphinxext.review)."""

project = "tinykb"
extensions = ["myst_parser", "opskb.sphinxext.review"]
myst_enable_extensions = ["colon_fence"]
nitpicky = True
# Never the real calendar: tests that need another day override this.
opskb_review_today = "2027-01-01"
