"""PII redaction and the fairness metrics."""

import numpy as np
import pytest

from opskb.examples import privacy_bias as pb


@pytest.mark.parametrize(
    ("text", "expected", "kind"),
    [
        ("mail jane.doe+ops@mail.example.co.uk now", "mail <EMAIL> now", "EMAIL"),
        ("card 4111 1111 1111 1111.", "card <CARD>.", "CARD"),
        ("card 4111-1111-1111-1111", "card <CARD>", "CARD"),
        ("card 4012888888881881", "card <CARD>", "CARD"),
        ("host 10.0.12.7.", "host <IPV4>.", "IPV4"),
        ("host 255.255.255.0", "host <IPV4>", "IPV4"),
        ("call 555-123-4567.", "call <PHONE>.", "PHONE"),
        ("call (555) 123-4567", "call <PHONE>", "PHONE"),
        ("call +44 20 7946 0958", "call <PHONE>", "PHONE"),
        ("call +1 555 123 4567", "call <PHONE>", "PHONE"),
    ],
)
def test_each_kind_is_replaced_with_its_placeholder(text, expected, kind):
    result = pb.redact(text)
    assert result.text == expected
    assert result.counts[kind] == 1
    assert result.total == 1


@pytest.mark.parametrize(
    "text",
    [
        "card 4111 1111 1111 1112 fails the checksum",
        "order 1234567890123",
        "version 1.2.3.4.5",
        "octet 256.1.1.1",
        "ticket INC-2024-0042 on 2024-03-15 at 14:03:22",
        "p99 latency 1200 ms, 3 replicas",
        "not an email: user@localhost",
    ],
)
def test_look_alikes_are_left_alone(text):
    result = pb.redact(text)
    assert result.text == text
    assert result.total == 0


def test_counts_cover_every_kind_in_a_fixed_order():
    text = "a@b.io, c@d.io, 10.0.0.1 and 555-123-4567"
    result = pb.redact(text)
    assert list(result.counts) == list(pb.PII_KINDS)
    assert result.counts == {"EMAIL": 2, "CARD": 0, "IPV4": 1, "PHONE": 1}
    assert result.text == "<EMAIL>, <EMAIL>, <IPV4> and <PHONE>"
    assert pb.redact(result.text).total == 0  # redacting twice changes nothing


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("79927398713", True),
        ("79927398710", False),
        ("4111 1111 1111 1111", True),
        ("4111-1111-1111-1111", True),
        ("0", False),
        ("4111x1111", False),
        ("", False),
    ],
)
def test_luhn(number, valid):
    assert pb.luhn_valid(number) is valid


def test_demographic_parity_difference_by_hand():
    y_pred = [1, 1, 0, 0, 1, 0, 0, 0]
    group = ["a", "a", "a", "a", "b", "b", "b", "b"]
    assert pb.fairness.selection_rates(y_pred, group) == {"a": 0.5, "b": 0.25}
    assert pb.demographic_parity_difference(y_pred, group) == 0.25
    assert pb.demographic_parity_difference([1, 0, 1, 0], [0, 0, 1, 1]) == 0.0


def test_equalized_odds_difference_by_hand():
    y_true = [1, 1, 0, 0, 1, 1, 0, 0]
    y_pred = [1, 1, 1, 0, 1, 0, 0, 0]
    group = [0, 0, 0, 0, 1, 1, 1, 1]
    # TPR: 1.0 vs 0.5; FPR: 0.5 vs 0.0 -> max gap 0.5
    assert pb.equalized_odds_difference(y_true, y_pred, group) == 0.5


def test_metric_inputs_are_validated():
    with pytest.raises(ValueError, match="y_pred must contain only 0 and 1"):
        pb.demographic_parity_difference([0, 2], [0, 1])
    with pytest.raises(ValueError, match=r"one value per prediction \(2\), got \(3,\)"):
        pb.demographic_parity_difference([0, 1], [0, 1, 1])
    with pytest.raises(ValueError, match="at least two groups"):
        pb.demographic_parity_difference([0, 1], [0, 0])
    with pytest.raises(ValueError, match="y_pred must be one-dimensional"):
        pb.demographic_parity_difference([[0, 1]], [0, 1])
    with pytest.raises(ValueError, match="group 1 has no positives"):
        pb.equalized_odds_difference([1, 0, 0, 0], [1, 0, 0, 0], [0, 0, 1, 1])
    with pytest.raises(ValueError, match="y_true and y_pred differ in length"):
        pb.equalized_odds_difference([1, 0], [1, 0, 0], [0, 1])


def test_reweighing_makes_group_and_label_independent():
    labels = np.array([1, 1, 1, 0, 1, 0, 0, 0])
    group = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    weights = pb.reweighing_weights(labels, group)
    for g in (0, 1):
        in_group = group == g
        weighted_rate = weights[in_group & (labels == 1)].sum() / weights[in_group].sum()
        assert weighted_rate == pytest.approx(labels.mean())
    assert weights.sum() == pytest.approx(len(labels))
    with pytest.raises(ValueError, match="group 1 has no rows with label 1"):
        pb.reweighing_weights([1, 0, 0, 0], [0, 0, 1, 1])


def test_synthetic_data_is_seeded_and_biased_against_group_one():
    data = pb.make_lending_data(2000, random_state=0)
    again = pb.make_lending_data(2000, random_state=0)
    np.testing.assert_array_equal(data.features, again.features)
    assert data.features.shape == (2000, 3)
    assert data.labels[data.group == 0].mean() > data.labels[data.group == 1].mean() + 0.2
    with pytest.raises(ValueError, match="n must be at least 100"):
        pb.make_lending_data(10, random_state=0)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_mitigation_narrows_the_gaps_at_a_small_accuracy_cost(seed):
    biased, mitigated = pb.compare_models(random_state=seed)
    assert biased.demographic_parity_difference > 0.25
    assert mitigated.demographic_parity_difference < biased.demographic_parity_difference * 0.6
    assert mitigated.equalized_odds_difference < biased.equalized_odds_difference
    assert biased.accuracy - 0.05 < mitigated.accuracy <= biased.accuracy
    assert set(biased.selection_rates) == {0, 1}


def test_compare_models_is_deterministic():
    assert pb.compare_models(random_state=4) == pb.compare_models(random_state=4)


def test_markdown_renderings_escape_placeholders():
    result = pb.redact("mail a@b.io")
    assert pb.as_markdown_quote(result) == r"> mail \<EMAIL>"
    assert pb.counts_table(result).splitlines()[2:4] == ["| `<EMAIL>` | 1 |", "| `<CARD>` | 0 |"]


def test_fairness_table_has_a_column_per_group():
    reports = pb.compare_models(random_state=0)
    rows = pb.fairness_table(reports).splitlines()
    assert "approval rate, group 0 | approval rate, group 1" in rows[0]
    assert rows[2].startswith("| biased: trained as-is | ")
    assert rows[3].startswith("| mitigated: reweighed | ")


def test_names_and_addresses_are_out_of_reach_as_the_page_says():
    """The pages state this limit next to the numbers; if the redactor learns names, update
    them (challenges.md and cons.md) along with this test."""
    note = "Jane Doe of 12 Acacia Avenue, Leeds, born 3 March 1981, wrote from a@example.com."
    result = pb.redact(note)
    assert result.total == 1
    for detail in ("Jane Doe", "12 Acacia Avenue", "3 March 1981"):
        assert detail in result.text
