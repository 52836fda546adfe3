"""Permalinks that never silently disappear: the contract, its check, and its update command.

- :mod:`.contract`: the committed TOML file (read, write, update from a build);
- :mod:`.resolve`: a build checked against it, and the redirects that keep old links alive;
- :mod:`.hashing`: when a page counts as changed;
- :mod:`.cli`: ``python -m opskb.permalinks --update`` / ``--check``.

The Sphinx side lives in :mod:`opskb.sphinxext.permalink_guard`.
"""

# The file, next to the build's doctrees, where the extension leaves what a build published
# for the update command to read.
STATE_FILENAME = "opskb-permalinks.json"
