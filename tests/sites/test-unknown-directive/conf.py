"""A tiny site whose only page uses a directive that no extension provides."""

extensions = ["myst_parser"]
myst_enable_extensions = ["colon_fence"]
nitpicky = True
