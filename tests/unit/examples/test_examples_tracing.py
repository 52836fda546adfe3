"""Tracing the QA pipeline: span structure, gen_ai attributes, summary and the PII check."""

import pytest

from opskb.examples import tracing

PLANTED = ["ann.lee@example.com", "+1 555 010 0199"]
REQUESTS = [
    "When is an idle GPU instance shut down?",
    f"Mail {PLANTED[0]} please: how long are release images kept?",
    f"Ring {PLANTED[1]}. When does approved access expire?",
]


@pytest.fixture(scope="module")
def traced():
    pipeline = tracing.default_pipeline(seed=3)
    for text in REQUESTS:
        pipeline.ask(text)
    return pipeline


def test_count_tokens_rule():
    assert tracing.count_tokens("Hello, world 42!") == 5
    assert tracing.count_tokens("") == 0


def test_one_trace_per_request_with_a_span_per_step(traced):
    spans = traced.spans()
    assert len(spans) == 4 * len(REQUESTS)
    roots = [s for s in spans if s.parent is None]
    assert [r.name for r in roots] == ["qa request"] * len(REQUESTS)
    assert len({s.context.trace_id for s in spans}) == len(REQUESTS)
    names = {s.name for s in spans if s.parent is not None}
    assert names == {"retrieve", "select answer", "chat toy-extractive"}
    for s in spans:
        if s.parent is not None:
            root = next(r for r in roots if r.context.trace_id == s.context.trace_id)
            assert s.parent.span_id == root.context.span_id
            assert root.start_time <= s.start_time <= s.end_time <= root.end_time


def test_model_span_carries_gen_ai_attributes(traced):
    model = [s for s in traced.spans() if s.name.startswith("chat ")]
    assert len(model) == len(REQUESTS)
    attrs = model[0].attributes
    assert attrs["gen_ai.operation.name"] == "chat"
    assert attrs["gen_ai.request.model"] == "toy-extractive"
    assert attrs["gen_ai.response.model"] == "toy-extractive-2026-11-01"
    assert attrs["gen_ai.usage.input_tokens"] > attrs["gen_ai.usage.output_tokens"] > 0
    assert attrs["app.prompt.version"] == tracing.prompt_version()


def test_summary_is_computed_from_spans_and_runs_are_identical(traced):
    summary = tracing.summarize(traced.spans())
    assert summary.requests == len(REQUESTS)
    assert 0 < summary.p50_ms <= summary.p95_ms
    prices = tracing.Prices()
    assert summary.cost_usd == pytest.approx(
        prices.cost(summary.input_tokens, summary.output_tokens)
    )
    assert summary.cost_per_1000_requests == pytest.approx(1000 * summary.cost_usd / 3)
    again = tracing.default_pipeline(seed=3)
    for text in REQUESTS:
        again.ask(text)
    assert tracing.summarize(again.spans()) == summary
    first = [(s.name, s.context.span_id, s.start_time, s.end_time) for s in traced.spans()]
    second = [(s.name, s.context.span_id, s.start_time, s.end_time) for s in again.spans()]
    assert first == second


def test_redaction_keeps_personal_data_out_of_spans(traced):
    assert tracing.leaked_values(traced.spans(), PLANTED) == []
    leaky = tracing.default_pipeline(seed=3, redact=False)
    for text in REQUESTS:
        leaky.ask(text)
    assert tracing.leaked_values(leaky.spans(), PLANTED) == PLANTED


def test_span_tree_table_lists_the_first_trace_root_first(traced):
    rows = tracing.span_tree_table(traced.spans()).splitlines()[2:]
    assert len(rows) == 4
    assert rows[0].startswith("| qa request |")
    assert all(row.startswith("| ↳ ") for row in rows[1:])
