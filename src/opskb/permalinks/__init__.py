"""Permalinks that never silently disappear: the contract, its check, and its update command.

- :mod:`.contract`: the committed TOML file (read, write, update from a build);
- :mod:`.resolve`: a build checked against it, and the redirects that keep old links alive;
- :mod:`.hashing`: when a page counts as changed;
- :mod:`.cli`: ``python -m opskb.permalinks --update`` / ``--check``, a build that does it.

The Sphinx side, which enforces, checks and updates the contract in a build, lives in
:mod:`opskb.sphinxext.permalink_guard`.
"""
