"""The LLMOps lifecycle: prompt versions, the bigram model, adaptation and the gate."""

import math

import numpy as np
import pytest

from opskb.examples import corpus
from opskb.examples import llmops_lifecycle as L


@pytest.fixture(scope="module")
def models():
    return L.example_models()


@pytest.fixture(scope="module")
def heldout():
    return corpus.documents("incidents-heldout")


# --- text ---------------------------------------------------------------------------------


def test_words_and_sentences():
    assert L.words("The on-call engineer's p99 alert: fired!") == [
        "the",
        "on-call",
        "engineer's",
        "p99",
        "alert",
        "fired",
    ]
    assert L.sentences(["One two. Three!  ", "", "Four?"]) == [["one", "two"], ["three"], ["four"]]


# --- prompt templates ---------------------------------------------------------------------


def test_registry_versions_templates_and_hashes_content():
    registry = L.PromptRegistry()
    v1 = registry.register("incident-note", "Summary for {service}:")
    v2 = registry.register("incident-note", "Incident summary for {service}, {audience}:")
    assert (v1.version, v2.version) == (1, 2)
    assert v2.id == "incident-note@v2"
    assert v2.placeholders == ("service", "audience")
    assert len(v1.content_hash) == 12
    assert v1.content_hash != v2.content_hash
    # Same text again is the same version, not a new one.
    assert registry.register("incident-note", "Summary for {service}:") is v1
    assert registry.get("incident-note") is v2
    assert registry.get("incident-note", 1) is v1
    assert registry.history("incident-note") == (v1, v2)
    assert registry.history("unknown") == ()


def test_content_hash_depends_only_on_text():
    first = L.PromptRegistry().register("a", "Hello {name}")
    second = L.PromptRegistry().register("b", "Hello {name}")
    assert first.content_hash == second.content_hash


def test_render_fills_placeholders_and_validates():
    template = L.PromptRegistry().register("t", "{service} failed; tell {audience} about {service}")
    assert template.render(service="billing", audience="ops") == (
        "billing failed; tell ops about billing"
    )
    with pytest.raises(ValueError, match=r"cannot render t@v1: missing value\(s\) for audience"):
        template.render(service="billing")
    with pytest.raises(
        ValueError,
        match=r"missing value\(s\) for audience, service; unexpected value\(s\) for team",
    ):
        template.render(team="x")


def test_template_without_placeholders_renders_as_is():
    template = L.PromptRegistry().register("plain", "Literal {{braces}} stay")
    assert template.placeholders == ()
    assert template.render() == "Literal {braces} stay"


@pytest.mark.parametrize("text", ["{}", "{0}", "{a.b}", "{a[0]}", "{a!r}", "{a:>10}"])
def test_only_plain_named_placeholders_are_allowed(text):
    with pytest.raises(ValueError, match="is not allowed: use plain named fields"):
        L.PromptRegistry().register("t", text)


def test_malformed_templates_and_names_are_rejected():
    registry = L.PromptRegistry()
    with pytest.raises(ValueError, match="malformed template"):
        registry.register("t", "unclosed {brace")
    with pytest.raises(ValueError, match="template name 'Bad Name' must be lowercase"):
        registry.register("Bad Name", "x")
    with pytest.raises(ValueError, match="template 't' has empty text"):
        registry.register("t", "   ")
    with pytest.raises(LookupError, match="no template named 'missing'"):
        registry.get("missing")
    registry.register("t", "x")
    with pytest.raises(LookupError, match=r"'t' has versions 1\.\.1, not 2"):
        registry.get("t", 2)


# --- the model ----------------------------------------------------------------------------


def test_distributions_sum_to_one_for_seen_unseen_and_unknown_contexts(models):
    base = models["base"]
    for context in (L.BOS, "the", "deployment", "never-seen-word", L.EOS):
        distribution = base.distribution(context)
        assert distribution.shape == (len(base.vocabulary),)
        assert distribution.min() > 0
        assert distribution.sum() == pytest.approx(1.0, abs=1e-12)


def test_kneser_ney_on_a_hand_checked_toy_corpus():
    toy = [["a", "b"], ["a", "c"], ["b", "c"]]
    vocabulary = L.build_vocabulary([toy])
    assert vocabulary == (L.EOS, L.UNK, "a", "b", "c")
    model = L.BigramLM(toy, vocabulary, discount=0.5)
    # Continuation counts: a<-{<s>}, b<-{a,<s>}, c<-{a,b}, </s><-{b,c}: 7 bigram types.
    # Pcont(w) = max(N(w)-0.5, 0)/7 + 0.5*4/7/5.
    p_cont = {"</s>": 1.5 / 7 + 0.4 / 7, "<unk>": 0.4 / 7, "a": 0.5 / 7 + 0.4 / 7}
    # After "a": c(a,b)=1, c(a,c)=1, total 2, two follower types.
    after_a = model.distribution("a")
    index = {w: i for i, w in enumerate(vocabulary)}
    assert after_a[index["b"]] == pytest.approx(0.5 / 2 + 0.5 * 2 / 2 * (1.5 / 7 + 0.4 / 7))
    assert after_a[index["a"]] == pytest.approx(0.5 * 2 / 2 * p_cont["a"])
    assert after_a[index["<unk>"]] == pytest.approx(0.5 * p_cont["<unk>"])
    # An unknown (so unseen) context falls back to the continuation distribution.
    expected = np.array([1.9, 0.4, 0.9, 1.9, 1.9]) / 7  # </s>, <unk>, a, b, c
    np.testing.assert_allclose(model.distribution("zzz"), expected)


def test_model_arguments_are_validated():
    vocabulary = L.build_vocabulary([[["a"]]])
    with pytest.raises(ValueError, match="discount must be between 0 and 1"):
        L.BigramLM([["a"]], vocabulary, discount=1.0)
    with pytest.raises(ValueError, match="vocabulary must contain </s> and <unk>"):
        L.BigramLM([["a"]], ("a",))
    with pytest.raises(ValueError, match="cannot train on an empty corpus"):
        L.BigramLM([], vocabulary)
    with pytest.raises(ValueError, match="repeat must be a positive integer, got 0"):
        L.adapt(L.BigramLM([["a"]], vocabulary), [["a"]], repeat=0)


def test_perplexity_of_a_uniform_model_is_the_vocabulary_size():
    class Uniform:
        vocabulary = (L.EOS, L.UNK, "a", "b")

        def distribution(self, previous):
            return np.full(4, 0.25)

    assert L.perplexity(Uniform(), ["a b. b a"]) == pytest.approx(4.0)
    with pytest.raises(ValueError, match="no tokens to evaluate"):
        L.perplexity(Uniform(), ["...", ""])


def test_adaptation_lowers_heldout_domain_perplexity_a_lot(models, heldout):
    before = L.perplexity(models["base"], heldout)
    after = L.perplexity(models["adapted"], heldout)
    assert after < before / 5
    # and costs little on general text, unlike the domain-only model.
    general = corpus.documents("general")
    assert L.perplexity(models["adapted"], general) < 2 * L.perplexity(models["base"], general)
    assert L.perplexity(models["domain-only"], general) > 10 * L.perplexity(models["base"], general)


def test_adapt_continues_counts_rather_than_replacing_them(models):
    base = models["base"]
    domain = L.sentences(corpus.documents("incidents-train"))
    twice = L.adapt(base, domain, repeat=2)
    assert twice.vocabulary == base.vocabulary
    assert L.next_words(twice, "Thank", 1) == ["you"]
    assert L.next_words(twice, "the on-call", 1) == ["engineer"]


def test_next_words_ranks_and_breaks_ties_alphabetically(models):
    assert L.next_words(models["base"], "bake it in a hot", 1) == ["oven"]
    assert L.next_words(models["adapted"], "The on-call", 1) == ["engineer"]
    toy = [["x", "b"], ["x", "a"]]
    model = L.BigramLM(toy, L.build_vocabulary([toy]))
    ranked = L.next_words(model, "x", 3)
    assert ranked[1:] == ["a", "b"]  # equal probabilities: alphabetical
    with pytest.raises(ValueError, match="k must be at least 1"):
        L.next_words(model, "x", 0)


def test_models_are_deterministic(models, heldout):
    again = L.example_models()
    for name, model in models.items():
        assert L.perplexity(again[name], heldout) == L.perplexity(model, heldout)


# --- the gate -----------------------------------------------------------------------------


def test_gate_releases_the_adapted_model(models, heldout):
    result = L.evaluation_gate(
        models["base"], models["adapted"], heldout, L.GENERAL_REGRESSION_CASES
    )
    assert result.released
    assert result.reasons == ()
    assert result.improvement == pytest.approx(
        1 - result.candidate_perplexity / result.baseline_perplexity
    )
    assert result.improvement > 0.5


def test_gate_rejects_a_model_that_never_learnt_general_language(models, heldout):
    result = L.evaluation_gate(
        models["base"], models["domain-only"], heldout, L.GENERAL_REGRESSION_CASES
    )
    assert not result.released
    assert result.improvement > 0.5  # better perplexity alone is not enough
    assert result.failed_cases == L.GENERAL_REGRESSION_CASES
    assert result.reasons[0] == ("regression prompt 'Thank': 'you' is not in the top 3 next words")


def test_gate_rejects_too_small_an_improvement(models, heldout):
    result = L.evaluation_gate(models["base"], models["base"], heldout, [])
    assert not result.released
    assert result.improvement == 0.0
    assert result.reasons == ("perplexity improved by 0.0%, less than the 10% required",)
    with pytest.raises(ValueError, match=r"min_improvement must be in \[0, 1\)"):
        L.evaluation_gate(models["base"], models["base"], heldout, [], min_improvement=1.0)


def test_regression_case_checks_top_k(models):
    assert L.RegressionCase("Thank", "you", top_k=1).passes(models["base"])
    assert not L.RegressionCase("Thank", "oven", top_k=3).passes(models["base"])
    assert math.isfinite(L.perplexity(models["base"], ["Thank you."]))


@pytest.fixture(scope="module")
def releases(models):
    registry = L.PromptRegistry()
    v1 = registry.register("incident-note", "Update on {service}: the on-call")
    v2 = registry.register("incident-note", "Incident note from the on-call team for {service}")
    return {
        "current": L.Release("base", models["base"], v1),
        "adapted v1": L.Release("adapted", models["adapted"], v1),
        "domain-only v1": L.Release("domain-only", models["domain-only"], v1),
        "base v2": L.Release("base", models["base"], v2),
        "adapted v2": L.Release("adapted", models["adapted"], v2),
    }


def _gate(releases, heldout, name, **options):
    return L.release_gate(
        releases["current"],
        releases[name],
        heldout,
        L.GENERAL_REGRESSION_CASES,
        L.INCIDENT_NOTE_CASES,
        **options,
    )


def test_prompt_versions_change_what_the_model_does(releases):
    """The bigram model reads the prompt's last word, and the two versions end differently."""
    adapted_v1, adapted_v2 = releases["adapted v1"], releases["adapted v2"]
    case = L.INCIDENT_NOTE_CASES[0]
    prompt_v1 = adapted_v1.template.render(**case.values)
    prompt_v2 = adapted_v2.template.render(**case.values)
    assert L.next_words(adapted_v1.model, prompt_v1) != L.next_words(adapted_v2.model, prompt_v2)
    assert case.passes(adapted_v1.model, adapted_v1.template)
    assert not case.passes(adapted_v2.model, adapted_v2.template)


def test_release_gate_releases_the_adapted_model_with_the_working_prompt(releases, heldout):
    result = _gate(releases, heldout, "adapted v1")
    assert result.released, result.reasons
    assert result.model_changed
    assert (result.prompt_cases_passed, result.prompt_cases_total) == (3, 3)
    assert result.model_result.improvement > 0.5


def test_release_gate_rejects_a_prompt_change_that_breaks_the_reference_cases(releases, heldout):
    for name in ("base v2", "adapted v2"):
        result = _gate(releases, heldout, name)
        assert not result.released
        assert result.prompt_cases_passed == 0
        assert result.reasons[-1] == (
            "prompt incident-note@v2 passes 0 of 3 reference cases, 3 required"
        )
    # Only the prompt changed: no perplexity gain is asked of the same model.
    base_v2 = _gate(releases, heldout, "base v2")
    assert not base_v2.model_changed
    assert len(base_v2.reasons) == 1


def test_release_gate_rejects_the_domain_only_model_on_regressions(releases, heldout):
    result = _gate(releases, heldout, "domain-only v1")
    assert not result.released
    assert result.prompt_cases_passed == 3  # the prompt works; the model lacks everyday words
    assert result.model_result.failed_cases == L.GENERAL_REGRESSION_CASES


def test_release_gate_validates_its_options(releases, heldout):
    with pytest.raises(ValueError, match="at least one prompt reference case"):
        L.release_gate(releases["current"], releases["adapted v1"], heldout, [], [])
    with pytest.raises(ValueError, match=r"min_prompt_pass_rate must be in \(0, 1\]"):
        _gate(releases, heldout, "adapted v1", min_prompt_pass_rate=0)
    lenient = _gate(releases, heldout, "base v2", min_prompt_pass_rate=0.01)
    assert lenient.reasons == ("prompt incident-note@v2 passes 0 of 3 reference cases, 1 required",)


def test_unseen_share_counts_words_the_training_text_lacks():
    assert L.unseen_share([["a", "b"]], ["a b c d."]) == 0.5
    with pytest.raises(ValueError, match="documents are empty"):
        L.unseen_share([["a"]], ["..."])
    general = L.sentences(corpus.documents("general"))
    # Most held-out incident words are new to the base model: the caveat on its large gain.
    assert L.unseen_share(general, corpus.documents("incidents-heldout")) > 0.3


def test_tables_render_one_row_per_item(models, heldout, releases):
    table = L.perplexity_table(models, "the on-call", k=2).splitlines()
    assert table[0].endswith("| top 2 next words after the prompt |")
    assert [row.split(" | ")[0] for row in table[2:]] == ["| base", "| adapted", "| domain-only"]
    assert "`engineer`" in table[3]
    results = {name: _gate(releases, heldout, name) for name in ("adapted v1", "base v2")}
    gate = L.gate_table(results).splitlines()
    assert "| 3 of 3 | released | all checks passed |" in gate[2]
    assert "| model unchanged | 0 of 3 | rejected | prompt incident-note@v2" in gate[3]
    registry = L.PromptRegistry()
    registry.register("t", "Hi {name}")
    template = registry.get("t")
    assert L.prompt_table(registry.history("t")).splitlines()[2] == (
        f"| t@v1 | `{template.content_hash}` | name | `Hi {{name}}` |"
    )


def test_general_text_held_out_is_harder_than_the_training_text(models):
    """The table's general column is measured on the base model's training text; on general
    documents held out from a second training run, the same model does far worse."""
    fair = L.general_heldout_perplexities(every=4)
    assert set(fair) == {"base", "adapted", "domain-only"}
    on_training_text = L.perplexity(models["base"], corpus.documents("general"))
    assert fair["base"] > 5 * on_training_text
    with pytest.raises(ValueError, match="every must be at least 2"):
        L.general_heldout_perplexities(every=1)
