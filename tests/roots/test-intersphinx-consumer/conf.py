"""Another team's Sphinx project that cites opskb sections through intersphinx.

The tests set ``intersphinx_mapping`` to our published address with a local objects.inv
(no network): {"opskb": ("https://opskb.readthedocs.io/en/latest/", "<path>/objects.inv")}.
"""

project = "consumer"
extensions = ["myst_parser", "sphinx.ext.intersphinx"]
intersphinx_mapping: dict[str, tuple[str, str]] = {}
nitpicky = True
