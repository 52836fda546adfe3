"""Sphinx configuration for opskb. Configuration only: logic lives in src/opskb."""

import opskb
import opskb.citation

project = "opskb"
author = "The opskb authors"
version = release = opskb.__version__
# furo prints this footer on every page, generated ones included: the licences and the
# version a reader is looking at are visible everywhere.
copyright = f"2026, the opskb authors · content CC BY 4.0, code MIT · version {release}"

extensions = [
    # First, before myst_nb: its notebook executors (unused, execution is off) are imported
    # only if used, which saves a sixth of a no-op rebuild (src/opskb/sphinxext/lazy_myst_nb.py).
    "opskb.sphinxext.lazy_myst_nb",
    "myst_nb",  # also activates myst_parser
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "notfound.extension",  # the 404 page (sphinx-notfound-page)
    # cite block, permalinks, execution report, link previews, sitemap (src/opskb/sphinxext)
    "opskb.sphinxext",
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
# The source repository, named once on every page (the footer), and the "View source" link
# of each notebook page's "Run this notebook" panel (opskb.sphinxext.notebook_panel): both
# from the Repository URL in pyproject.toml.
opskb_repository = opskb.citation.repository_url()
html_theme_options = {
    "navigation_with_keys": True,
    "top_of_page_buttons": [],
    "footer_icons": [
        {
            "name": "Source repository",
            "url": opskb_repository,
            "html": "Source: " + opskb_repository.split("://", 1)[-1],
            "class": "opskb-repository",
        }
    ],
}

# --- Publishing (src/opskb/publishing.py) ---------------------------------------------
import opskb.publishing

# The canonical address of every page (<link rel="canonical">, OpenGraph): on Read the Docs
# READTHEDOCS_CANONICAL_URL, elsewhere the Documentation URL in pyproject.toml. A Read the
# Docs build of a tag that is not the package version stops here.
opskb.publishing.check_version_name(release)
# Dated sections (:::{as-of}, listed on the review-status page): a release build, that is Read
# the Docs building a tag or `nox -s publish -- --release X`, fails while a review is overdue;
# every other build only lists overdue reviews.
opskb_fail_on_overdue_review = opskb.publishing.is_release_build()
html_baseurl = opskb.publishing.base_url()
# Link previews (OpenGraph: title, description, canonical URL; no image, nothing fetched),
# sitemap.xml at this version's address and robots.txt: opskb.sphinxext.seo.

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
# The site links to the editions of this build when it makes them (`python -m opskb.build
# --editions`, i.e. `nox -s publish` and Read the Docs), else to the published ones of this
# version, and its sidebar says which (opskb.sphinxext.edition_links).
opskb_editions_built = opskb.publishing.editions_built()

# --- Citing and permalinks (src/opskb/sphinxext) ---
# Each page's "Changes" list reads the changelog at the root of the repository.
opskb_changelog = "../CHANGELOG.md"
# The permalink contract, permalinks.toml next to this file, lists every published page and
# label: the build fails when one of them stops resolving without a declared redirect or
# removal. Update: `nox -s permalinks -- --update`. Every page but the 404 page is citable
# (opskb.sphinxext.citable).

# --- 404 page (sphinx-notfound-page) ----------------------------------------------------
# A server answers every unknown address, however deep, with the same 404.html, so its links
# and assets are absolute: they start with the URL path of the site's root: Read the Docs'
# canonical URL's path while it builds a version (its language/version prefix, e.g.
# /en/latest/), else "/" for a site served at its root (opskb.publishing.served_path).
notfound_urls_prefix = opskb.publishing.served_path()
