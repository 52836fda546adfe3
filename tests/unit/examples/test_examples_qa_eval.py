"""Metrics, bootstrap intervals and the regression gate of the evaluation harness."""

import numpy as np
import pytest

from opskb.examples import qa_eval, retrieval


def test_normalisation_and_metrics_follow_squad():
    assert qa_eval.normalize("The  Canary, a release!") == "canary release"
    assert qa_eval.exact_match("the canary.", "Canary") == 1.0
    assert qa_eval.exact_match("canary", "canaries") == 0.0
    assert qa_eval.token_f1("five minutes", "within five minutes") == pytest.approx(0.8)
    assert qa_eval.token_f1("", "") == 1.0
    assert qa_eval.token_f1("x", "") == 0.0
    assert qa_eval.token_f1("red", "blue") == 0.0


def test_system_answers_with_a_sentence_from_the_retrieved_chunks():
    system = qa_eval.QASystem(qa_eval.SystemConfig("t", chunk_words=40, top_k=1))
    answer = system.answer("When is an idle GPU instance shut down?")
    assert answer.doc_ids == ("cost-gpu",)
    assert answer.text == (
        "An idle GPU instance is shut down automatically after two hours without a running job."
    )
    assert system.answer("the of a").text == ""
    question = "How long are release images kept?"
    hits = system.index.search(question, 1)
    assert system.select(question, hits) == system.answer(question)


def test_bootstrap_interval_contains_the_mean_and_is_seeded():
    values = np.array([1, 0, 1, 1, 0, 1, 1, 1, 0, 1], dtype=float)
    first = qa_eval.bootstrap_mean(values, seed=1)
    assert first == qa_eval.bootstrap_mean(values, seed=1)
    assert first.estimate == pytest.approx(0.7)
    assert first.low <= first.estimate <= first.high
    assert first.high - first.low > 0.2  # ten questions: a wide interval
    constant = qa_eval.bootstrap_mean(np.ones(5), seed=1)
    assert (constant.low, constant.estimate, constant.high) == (1.0, 1.0, 1.0)


def _scores(name, f1):
    f1 = np.asarray(f1, dtype=float)
    return qa_eval.Scores(qa_eval.SystemConfig(name), f1, f1)


def test_gate_refuses_noise_and_regressions_and_releases_clear_gains():
    rng = np.random.default_rng(0)
    base = rng.uniform(0, 1, 200)
    clear = qa_eval.regression_gate(_scores("a", base), _scores("b", base + 0.1), seed=0)
    assert clear.released
    assert clear.verdict.startswith("release")
    noisy = base + rng.normal(0, 0.3, 200) * (rng.uniform(0, 1, 200) < 0.1)
    small = qa_eval.regression_gate(_scores("a", base), _scores("b", noisy), seed=0)
    assert not small.released
    assert small.verdict == "refuse: the gain lies inside the noise"
    worse = qa_eval.regression_gate(_scores("a", base), _scores("b", base - 0.1), seed=0)
    assert worse.verdict == "refuse: a regression"
    table = qa_eval.gate_table([clear, worse])
    assert "+0.100 [+0.100, +0.100]" in table


def test_harness_on_the_bundled_reference_set():
    questions = retrieval.questions()
    scores = qa_eval.score(qa_eval.QASystem(qa_eval.SystemConfig("v1", 40, 1)), questions)
    assert len(scores.exact) == len(scores.f1) == len(questions)
    assert np.all(scores.exact <= scores.f1 + 1e-12)
    table = qa_eval.scores_table([scores], seed=0)
    assert table.splitlines()[2].startswith("| `v1` | 40 | 1 | ")
