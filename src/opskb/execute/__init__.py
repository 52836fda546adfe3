"""The notebook runner (``python -m opskb.execute``), one job per module.

- :mod:`~opskb.execute.runner` -- the driver and its command line: which notebooks run, in
  parallel, and the summary;
- :mod:`~opskb.execute.sources` -- find the MyST text notebooks, read them, map cells to lines;
- :mod:`~opskb.execute.network_guard` -- keep a kernel off the network, loopback allowed;
- :mod:`~opskb.execute.kernel` -- run one notebook in its own kernel with nbclient;
- :mod:`~opskb.execute.cache` -- decide whether a notebook's inputs changed since it passed;
- :mod:`~opskb.execute.report` -- the machine-readable execution report;
- :mod:`~opskb.execute.failures` -- turn any failure into a plain, located message.

Nothing here is imported eagerly: the Sphinx extension reads reports
(:mod:`~opskb.execute.report`) without loading nbclient.
"""
