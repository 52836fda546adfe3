"""A tiny site: a notebook with glued image outputs and a page that embeds one."""

project = "tinykb"
extensions = ["myst_nb", "opskb.sphinxext.figure_alt"]
nb_execution_mode = "off"  # the notebook holds its outputs already
nitpicky = True
# sphinx.testing builds into <site>/_build, where myst-nb also copies the notebook: skip it.
exclude_patterns = ["_build"]
# Named here, not left to the extensions: Sphinx merges extension suffixes into the default
# dict, which one test process shares between apps, so a myst_parser site built earlier
# would leave ".md" mapped to its parser instead of myst-nb's.
source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb"}
