"""Sphinx configuration for opskb. Configuration only: logic lives in src/opskb."""

import os
from urllib.parse import urlsplit

import opskb

project = "opskb"
author = "The opskb authors"
version = release = opskb.__version__
# furo prints this footer on every page, generated ones included: the licences and the
# version a reader is looking at are visible everywhere.
copyright = f"2026, the opskb authors · content CC BY 4.0, code MIT · version {release}"

extensions = [
    "myst_nb",  # also activates myst_parser
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "notfound.extension",  # the 404 page (sphinx-notfound-page)
    "opskb.sphinxext",  # cite block, permalinks, execution report (src/opskb/sphinxext)
]

root_doc = "index"
exclude_patterns = ["_build", "**.ipynb_checkpoints", "Thumbs.db", ".DS_Store"]
nitpicky = True

# --- MyST -------------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "attrs_block", "attrs_inline"]
# Headings get no automatic anchors of their own: every citable place carries an explicit
# label, so nothing a reader may cite depends on heading text.
myst_heading_anchors = 0

# --- Notebooks --------------------------------------------------------------------------
# opskb.execute runs every notebook exactly once per build; Sphinx only renders the result.
nb_execution_mode = "off"
nb_merge_streams = True
# myst-nb would load widget JavaScript from a CDN; the site makes no third-party requests.
nb_ipywidgets_js = {}

# --- Bibliography -----------------------------------------------------------------------
bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"

# --- HTML -------------------------------------------------------------------------------
html_theme = "furo"
html_title = "opskb: LLMOps vs MLOps"
html_static_path = ["_static"]
html_css_files = ["opskb.css"]
# A declared icon: without one, browsers fetch /favicon.ico and log a 404 on every site.
html_favicon = "_static/favicon.svg"
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None
html_theme_options = {
    "navigation_with_keys": True,
    "top_of_page_buttons": [],
}

# --- Citing and permalinks (src/opskb/sphinxext) ---
import opskb.citation

# The canonical address of every page (cite block, <link rel="canonical">) is the
# Documentation URL in pyproject.toml, read from the installed package's metadata.
html_baseurl = opskb.citation.documentation_url()
# The committed list of every published page and label: the build fails when one of them
# stops resolving without a declared redirect or removal. Update: `nox -s permalinks`.
opskb_permalinks_file = "permalinks.toml"
# Pages without a cite block and outside the contract.
opskb_not_citable = ["404"]

# --- 404 page (sphinx-notfound-page) ----------------------------------------------------
# A server answers every unknown address, however deep, with the same 404.html, so its links
# and assets are absolute: they start with the URL path of the site's root. That path is
# decided here and only here: Read the Docs' canonical URL while it builds a version (its
# language/version prefix, e.g. /en/latest/), else "/" for a site served at its root.
notfound_urls_prefix = urlsplit(os.environ.get("READTHEDOCS_CANONICAL_URL", "")).path or "/"
notfound_urls_prefix = notfound_urls_prefix.rstrip("/") + "/"
