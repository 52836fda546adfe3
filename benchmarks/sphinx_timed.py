"""Run sphinx-build with timers on what extensions add, and write where the time went.

    python benchmarks/sphinx_timed.py OUT.json SPHINX-BUILD-ARGUMENTS...

Used by ``benchmarks/build.py`` for its breakdown; a tool, not part of the site. It times,
in this process only (so run it with ``-j 1``: a parallel build's workers are not seen):

- loading each extension (its import and its ``setup()``), nested ones included, under
  ``extension``;
- every event handler, by event and by handler (``module.function``), under ``handlers``;
- every post-transform, by class, under ``post_transforms``;
- the phases of the run: ``startup`` (interpreter start and imports of Sphinx itself, up to
  the application), ``setup`` (configuration and extensions), ``build`` (read, write,
  finish), and ``total``.

The timers add a little time of their own; the ratios in ``build.py`` come from runs
without them.
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from pathlib import Path

STARTED = time.perf_counter()  # the imports below count as startup

import sphinx.application
import sphinx.events
import sphinx.registry
import sphinx.transforms.post_transforms
from sphinx.cmd.build import main as sphinx_main

extensions: dict[str, float] = {}
handlers: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
post_transforms: dict[str, float] = defaultdict(float)
phases: dict[str, float] = {}


def _name(callback: object) -> str:
    module = getattr(callback, "__module__", None) or type(callback).__module__
    qualname = getattr(callback, "__qualname__", None) or type(callback).__qualname__
    return f"{module}.{qualname}"


def _timed_load_extension(original):
    def load_extension(self, app, extname):
        if extname in app.extensions:
            return original(self, app, extname)
        started = time.perf_counter()
        try:
            return original(self, app, extname)
        finally:
            extensions[extname] = time.perf_counter() - started

    return load_extension


def _timed_connect(original):
    def connect(self, name, callback, priority):
        label = _name(callback)

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return callback(*args, **kwargs)
            finally:
                handlers[name][label] += time.perf_counter() - started

        return original(self, name, timed, priority)

    return connect


def _timed_apply(original):
    def apply(self, **kwargs):
        started = time.perf_counter()
        try:
            return original(self, **kwargs)
        finally:
            post_transforms[_name(type(self))] += time.perf_counter() - started

    return apply


def _timed_phases():
    init, build = sphinx.application.Sphinx.__init__, sphinx.application.Sphinx.build

    def timed_init(self, *args, **kwargs):
        started = time.perf_counter()
        phases["startup"] = started - STARTED
        try:
            init(self, *args, **kwargs)
        finally:
            phases["setup"] = time.perf_counter() - started

    def timed_build(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            build(self, *args, **kwargs)
        finally:
            phases["build"] = time.perf_counter() - started

    sphinx.application.Sphinx.__init__ = timed_init
    sphinx.application.Sphinx.build = timed_build


def main(argv: list[str]) -> int:
    out, sphinx_args = Path(argv[0]), argv[1:]
    registry = sphinx.registry.SphinxComponentRegistry
    registry.load_extension = _timed_load_extension(registry.load_extension)
    events = sphinx.events.EventManager
    events.connect = _timed_connect(events.connect)
    transform = sphinx.transforms.post_transforms.SphinxPostTransform
    transform.apply = _timed_apply(transform.apply)
    _timed_phases()
    status = sphinx_main(sphinx_args)
    phases["total"] = time.perf_counter() - STARTED
    data = {
        "status": status,
        "phases": phases,
        "extensions": extensions,
        "handlers": {event: dict(by) for event, by in handlers.items()},
        "post_transforms": dict(post_transforms),
    }
    out.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
