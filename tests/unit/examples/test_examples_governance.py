"""Governance record: generated from the guardrails evaluation, reproducible."""

import yaml

from opskb.examples import governance, guardrails


def test_record_reports_the_evaluation_and_round_trips_through_yaml():
    evaluation = guardrails.evaluate_detectors(guardrails.load_inputs(), seed=0)
    record = governance.release_record(
        evaluation, guardrails.load_bypasses(), component_version="1.0.0", seed=0
    )
    assert record["evaluation_data"]["sha256"] == guardrails.data_fingerprint()
    assert set(record["results"]) == {s.detector for s in evaluation.scores}
    assert record["known_limitations"]["bypasses_missed_by_both_detectors"]
    assert yaml.safe_load(governance.as_yaml(record)) == record
    table = governance.summary_table(record)
    assert "1.0.0" in table
    assert "scikit-learn" in table
