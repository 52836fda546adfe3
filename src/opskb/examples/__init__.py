"""Small, tested examples that the notebooks in ``notebooks/`` import.

Each module does one job and is deterministic (explicit seeds, no network, no downloads):

- :mod:`~opskb.examples.corpus` -- the bundled plain-text corpus (general and domain text);
- :mod:`~opskb.examples.mlops_lifecycle` -- data, train, evaluate, register, serve, monitor;
- :mod:`~opskb.examples.llmops_lifecycle` -- prompt versions, an n-gram model, adaptation,
  an evaluation gate;
- :mod:`~opskb.examples.tokenization` -- general vs domain BPE tokenizers;
- :mod:`~opskb.examples.versatility` -- one pipeline interface for three model families;
- :mod:`~opskb.examples.resources` -- memory and compute estimates by model size;
- :mod:`~opskb.examples.privacy_bias` -- PII redaction and a fairness metric;
- :mod:`~opskb.examples.retrieval` -- a synthetic ops handbook, chunking, BM25, recall@k, MRR,
  index versions;
- :mod:`~opskb.examples.qa_eval` -- a small QA system, exact match, token F1, bootstrap
  intervals and a regression gate;
- :mod:`~opskb.examples.tracing` -- the QA pipeline traced with OpenTelemetry;
- :mod:`~opskb.examples.prompts` -- content-hashed prompt releases, promotion gated by a
  stored evaluation, pinned and alias model ids against a hypothetical deprecation table;
- :mod:`~opskb.examples.choosing` -- the "choosing a path" guide as a scoring function;
- :mod:`~opskb.examples.display` -- markdown tables and PNG figures for notebook outputs.
"""
