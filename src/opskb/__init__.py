"""opskb: a citable knowledge base on LLMOps vs MLOps, with executable examples."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("opskb")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

__all__ = ["__version__"]
