"""The jupytext header of a MyST text notebook, for tests that write notebooks of their own."""

MYST_HEADER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""
