"""Trace the handbook question-answering pipeline with the OpenTelemetry SDK.

Each request becomes one trace: a root span for the request and one child span per step --
``retrieve``, ``select answer`` and a simulated model call named after OpenTelemetry's
generative-AI convention (``{operation} {model}``), which carries the ``gen_ai.*`` attributes
for the model and the token counts. Spans go to an in-memory exporter, and the summary
(latency percentiles, tokens, cost) is computed from the exported spans only, as a backend
would compute it.

What is real and what is simulated:

- The pipeline is real (:mod:`opskb.examples.qa_eval`); there is no language model. The
  "model call" wraps the selected sentence in an answer template, so its input is a real
  prompt and its output a real string.
- Token counts are computed from those texts with a stated rule: one token per run of
  letters or digits and one per punctuation mark (:func:`count_tokens`). Real tokenizers
  split differently; the rule only keeps the arithmetic honest.
- Latencies are simulated: a stated model (:class:`LatencyModel`, hypothetical numbers)
  drives a fake clock whose readings become the span start and end times, so percentiles
  are the same on every run. Prices are hypothetical too (:class:`Prices`).
- Trace and span ids come from a seeded generator, again for identical runs.

Personal data: the question is redacted with :func:`opskb.examples.privacy_bias.redact`
before anything is recorded or sent on, and :func:`leaked_values` checks that none of a list
of planted values appears in any exported attribute.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.sdk.trace.id_generator import IdGenerator
from opentelemetry.trace import SpanKind, Tracer, use_span

from opskb.examples import privacy_bias
from opskb.examples.display import markdown_table
from opskb.examples.qa_eval import QASystem, SystemConfig

_TOKEN = re.compile(r"[A-Za-z0-9]+|[^\sA-Za-z0-9]")

PROMPT_TEMPLATE = (
    "Answer the question from the handbook excerpts only.\n"
    "Excerpts:\n{context}\n"
    "Question: {question}\n"
    "Answer:"
)
ANSWER_TEMPLATE = "{sentence} (source: {doc_id})"

# The attribute names below are from OpenTelemetry's semantic conventions for generative-AI
# spans, whose status is "Development" (as of November 2026): they may still change.
GEN_AI_OPERATION = "gen_ai.operation.name"
GEN_AI_PROVIDER = "gen_ai.provider.name"
GEN_AI_REQUEST_MODEL = "gen_ai.request.model"
GEN_AI_RESPONSE_MODEL = "gen_ai.response.model"
GEN_AI_INPUT_TOKENS = "gen_ai.usage.input_tokens"
GEN_AI_OUTPUT_TOKENS = "gen_ai.usage.output_tokens"


def count_tokens(text: str) -> int:
    """Tokens by the stated rule: each run of letters or digits, and each other symbol."""
    return len(_TOKEN.findall(text))


def prompt_version(template: str = PROMPT_TEMPLATE) -> str:
    """A short content hash of the prompt template, recorded on every model span."""
    return hashlib.sha256(template.encode("utf-8")).hexdigest()[:8]


class SeededIdGenerator(IdGenerator):
    """Trace and span ids from a seeded generator, so two runs export identical ids."""

    def __init__(self, seed: int) -> None:
        self._random = random.Random(seed)

    def generate_span_id(self) -> int:
        return self._random.getrandbits(64) or 1

    def generate_trace_id(self) -> int:
        return self._random.getrandbits(128) or 1


@dataclass
class FakeClock:
    """Nanoseconds that only move when the simulation says so."""

    now_ns: int = 1_798_761_600_000_000_000  # 2027-01-01T00:00:00Z, an arbitrary origin

    def advance_ms(self, milliseconds: float) -> int:
        self.now_ns += round(milliseconds * 1_000_000)
        return self.now_ns


@dataclass(frozen=True)
class LatencyModel:
    """Hypothetical step latencies in milliseconds, each times a seeded log-normal factor."""

    retrieve_ms: float = 4.0
    select_ms: float = 0.5
    first_token_ms: float = 350.0
    per_input_token_ms: float = 0.05
    per_output_token_ms: float = 20.0
    jitter_sigma: float = 0.3


@dataclass(frozen=True)
class Prices:
    """Hypothetical prices in US dollars per million tokens (no real provider's)."""

    input_per_million: float = 0.40
    output_per_million: float = 1.60

    def cost(self, input_tokens: int, output_tokens: int) -> float:
        return (
            input_tokens * self.input_per_million + output_tokens * self.output_per_million
        ) / 1_000_000


@dataclass
class TracedPipeline:
    """The QA system with one span per step, recorded to an in-memory exporter."""

    system: QASystem
    seed: int = 0
    latency: LatencyModel = field(default_factory=LatencyModel)
    prices: Prices = field(default_factory=Prices)
    redact: bool = True
    request_model: str = "toy-extractive"
    response_model: str = "toy-extractive-2026-11-01"

    def __post_init__(self) -> None:
        self.exporter = InMemorySpanExporter()
        self.provider = TracerProvider(
            resource=Resource.create({"service.name": "handbook-qa"}),
            id_generator=SeededIdGenerator(self.seed),
        )
        self.provider.add_span_processor(SimpleSpanProcessor(self.exporter))
        self.tracer: Tracer = self.provider.get_tracer("opskb.examples.tracing")
        self.clock = FakeClock()
        self._rng = np.random.default_rng(self.seed)

    def _wait(self, milliseconds: float) -> int:
        factor = float(self._rng.lognormal(0.0, self.latency.jitter_sigma))
        return self.clock.advance_ms(milliseconds * factor)

    def ask(self, question: str) -> str:
        """Answer one question; every step is a span, timed by the fake clock."""
        text = privacy_bias.redact(question).text if self.redact else question
        root = self.tracer.start_span("qa request", start_time=self.clock.now_ns)
        with use_span(root, end_on_exit=False):
            root.set_attribute("app.question", text)
            root.set_attribute("app.redaction.enabled", self.redact)

            span = self.tracer.start_span("retrieve", start_time=self.clock.now_ns)
            hits = self.system.index.search(text, self.system.config.top_k)
            span.set_attribute("app.index.version", self.system.index.version)
            span.set_attribute("app.retrieval.top_k", self.system.config.top_k)
            span.set_attribute("app.retrieval.doc_ids", [c.doc_id for c, _ in hits])
            span.end(end_time=self._wait(self.latency.retrieve_ms))

            span = self.tracer.start_span("select answer", start_time=self.clock.now_ns)
            answer = self.system.select(text, hits)
            span.set_attribute("app.answer.found", bool(answer.text))
            span.end(end_time=self._wait(self.latency.select_ms))

            context = "\n".join(f"- {c.text}" for c, _ in hits)
            prompt = PROMPT_TEMPLATE.format(context=context, question=text)
            source = answer.doc_ids[0] if answer.doc_ids else "none"
            output = ANSWER_TEMPLATE.format(sentence=answer.text, doc_id=source)
            n_in, n_out = count_tokens(prompt), count_tokens(output)
            span = self.tracer.start_span(
                f"chat {self.request_model}", kind=SpanKind.CLIENT, start_time=self.clock.now_ns
            )
            span.set_attribute(GEN_AI_OPERATION, "chat")
            span.set_attribute(GEN_AI_PROVIDER, "opskb.simulated")
            span.set_attribute(GEN_AI_REQUEST_MODEL, self.request_model)
            span.set_attribute(GEN_AI_RESPONSE_MODEL, self.response_model)
            span.set_attribute(GEN_AI_INPUT_TOKENS, n_in)
            span.set_attribute(GEN_AI_OUTPUT_TOKENS, n_out)
            span.set_attribute("app.prompt.version", prompt_version())
            span.set_attribute("app.cost.usd", self.prices.cost(n_in, n_out))
            duration = (
                self.latency.first_token_ms
                + n_in * self.latency.per_input_token_ms
                + n_out * self.latency.per_output_token_ms
            )
            span.end(end_time=self._wait(duration))
        root.end(end_time=self.clock.now_ns)
        self.clock.advance_ms(1000.0)  # the next request arrives a second later
        return output

    def spans(self) -> tuple[ReadableSpan, ...]:
        """Everything exported so far."""
        return self.exporter.get_finished_spans()


@dataclass(frozen=True)
class TraceSummary:
    """What a tracing backend would report for the exported spans."""

    requests: int
    spans: int
    p50_ms: float
    p95_ms: float
    input_tokens: int
    output_tokens: int
    cost_usd: float

    @property
    def cost_per_1000_requests(self) -> float:
        return 1000 * self.cost_usd / self.requests


def summarize(spans: Iterable[ReadableSpan]) -> TraceSummary:
    """Latency percentiles of the request spans, token and cost totals of the model spans."""
    spans = list(spans)
    roots = [s for s in spans if s.parent is None]
    durations = np.array([(s.end_time - s.start_time) / 1e6 for s in roots])
    models = [s for s in spans if GEN_AI_OPERATION in (s.attributes or {})]
    return TraceSummary(
        requests=len(roots),
        spans=len(spans),
        p50_ms=float(np.percentile(durations, 50)),
        p95_ms=float(np.percentile(durations, 95)),
        input_tokens=sum(int(s.attributes[GEN_AI_INPUT_TOKENS]) for s in models),
        output_tokens=sum(int(s.attributes[GEN_AI_OUTPUT_TOKENS]) for s in models),
        cost_usd=sum(float(s.attributes["app.cost.usd"]) for s in models),
    )


def _attribute_strings(span: ReadableSpan) -> list[str]:
    values: list[str] = [span.name]
    for mapping in (span.attributes or {}, span.resource.attributes):
        for value in mapping.values():
            items = value if isinstance(value, tuple | list) else (value,)
            values.extend(str(item) for item in items)
    for event in span.events:
        values.extend(str(v) for v in (event.attributes or {}).values())
    return values


def leaked_values(spans: Iterable[ReadableSpan], planted: Sequence[str]) -> list[str]:
    """Each planted value that appears in some exported span name or attribute value."""
    recorded = [v for s in spans for v in _attribute_strings(s)]
    return [p for p in planted if any(p in v for v in recorded)]


def span_tree_table(spans: Sequence[ReadableSpan]) -> str:
    """Markdown: the spans of the first trace with their durations and key attributes."""
    first_trace = spans[0].context.trace_id
    trace = sorted(
        (s for s in spans if s.context.trace_id == first_trace),
        key=lambda s: (s.start_time, s.parent is not None),
    )
    keys = (
        GEN_AI_REQUEST_MODEL,
        GEN_AI_RESPONSE_MODEL,
        GEN_AI_INPUT_TOKENS,
        GEN_AI_OUTPUT_TOKENS,
        "app.prompt.version",
        "app.index.version",
        "app.retrieval.top_k",
    )
    rows = []
    for s in trace:
        attrs = s.attributes or {}
        shown = ", ".join(f"`{k}`={attrs[k]}" for k in keys if k in attrs) or "(none shown)"
        name = s.name if s.parent is None else f"↳ {s.name}"
        rows.append([name, f"{(s.end_time - s.start_time) / 1e6:.1f}", shown])
    return markdown_table(["span", "duration (ms, simulated)", "attributes"], rows)


def default_pipeline(*, seed: int = 0, redact: bool = True) -> TracedPipeline:
    """The traced pipeline over the handbook, chunks of 40 words, top 3 chunks."""
    return TracedPipeline(QASystem(SystemConfig("traced", 40, 3)), seed=seed, redact=redact)
