"""The parts of the notebook runner, one job per module; :mod:`opskb.execute` drives them.

- :mod:`~opskb.execution.sources` -- find the MyST text notebooks, read them, map cells to lines;
- :mod:`~opskb.execution.network_guard` -- keep a kernel off the network, loopback allowed;
- :mod:`~opskb.execution.kernel` -- run one notebook in its own kernel with nbclient;
- :mod:`~opskb.execution.cache` -- decide whether a notebook's inputs changed since it passed;
- :mod:`~opskb.execution.report` -- the machine-readable execution report;
- :mod:`~opskb.execution.failures` -- turn any failure into a plain, located message.

Nothing here is imported eagerly: the Sphinx extension reads reports without loading nbclient.
"""
