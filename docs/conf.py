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
    "sphinxext.opengraph",  # link previews
    "sphinx_sitemap",  # sitemap.xml with each page's versioned address
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
# furo's sidebar, with the offline editions under the navigation (opskb.sphinxext.edition_links).
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/search.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "sidebar/opskb-editions.html",
        "sidebar/ethical-ads.html",
        "sidebar/scroll-end.html",
        "sidebar/variant-selector.html",
    ]
}
html_theme_options = {
    "navigation_with_keys": True,
    "top_of_page_buttons": [],
}

# --- Publishing (src/opskb/publishing.py) ---------------------------------------------
import opskb.publishing

# The canonical address of every page (<link rel="canonical">, OpenGraph): on Read the Docs
# READTHEDOCS_CANONICAL_URL, elsewhere the Documentation URL in pyproject.toml. A Read the
# Docs build of a tag that is not the package version stops here.
opskb.publishing.check_version_name(release)
html_baseurl = opskb.publishing.base_url()
# Citations, the sitemap and the editions use the address of this version (.../en/X.Y.Z/).
_versioned = opskb.publishing.permanent_base(html_baseurl, release)

# Link previews: title, description (the page's own meta description), URL; no image, so
# nothing is generated or fetched; the page's canonical address is its URL.
ogp_site_url = html_baseurl
ogp_site_name = html_title
ogp_type = "website"
ogp_enable_meta_description = False  # each page writes its own (opskb.sphinxext.seo)
ogp_social_cards = {"enable": False}
ogp_use_first_image = False

# sitemap.xml: every page at its versioned address; robots.txt (opskb.sphinxext.seo) names it.
site_url = _versioned
sitemap_url_scheme = "{link}"
sitemap_excludes = ["404.html", "search.html", "genindex.html"]

# Every page says what it is about, in its front matter, for search results and previews:
# a missing, long (> 160 characters) or duplicated description fails the build.
opskb_require_meta_description = True

# --- Offline editions (src/opskb/editions.py) ------------------------------------------
epub_basename = "opskb"
epub_title = f"{html_title} (version {release})"
epub_author = author
epub_publisher = author
epub_copyright = copyright
# One identifier per version, the same in the OPF and the NCX (an XML name, as EPUB 3 asks).
epub_uid = epub_identifier = f"opskb-{release}"
epub_scheme = "URN"
epub_show_urls = "no"
epub_exclude_files = ["search.xhtml", "404.xhtml", "genindex.xhtml", "sitemap.xml"]
epub_use_index = False

# --- Citing and permalinks (src/opskb/sphinxext) ---
# Each page's "Changes" list reads the changelog at the root of the repository.
opskb_changelog = "../CHANGELOG.md"
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
