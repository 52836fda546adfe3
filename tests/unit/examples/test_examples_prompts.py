"""Release hashes, the hypothetical model catalogue, gated promotion, the deprecation watch."""

from datetime import date

import pytest

from opskb.examples import prompts as P

OLD, NEW, ALIAS = "acme-chat-2026-01-15", "acme-chat-2026-09-01", "acme-chat"


@pytest.fixture
def templates():
    _, first, second = P.example_registry()
    return first, second


@pytest.fixture
def pipeline():
    return P.Pipeline(P.example_catalogue())


def test_the_release_hash_changes_with_the_prompt_the_model_and_the_settings(templates):
    first, second = templates
    base = P.Release(first, OLD)
    assert base.release_hash == P.Release(first, OLD).release_hash
    others = [
        P.Release(second, OLD),
        P.Release(first, ALIAS),
        P.Release(first, OLD, temperature=0.7),
        P.Release(first, OLD, max_output_tokens=256),
    ]
    assert len({base.release_hash, *(r.release_hash for r in others)}) == 5


def test_a_snapshot_id_is_fixed_until_it_retires_and_an_alias_moves():
    catalogue = P.example_catalogue()
    assert catalogue.resolve(OLD, date(2026, 12, 1)).id == OLD
    assert catalogue.resolve(ALIAS, date(2026, 10, 31)).id == OLD
    assert catalogue.resolve(ALIAS, date(2026, 11, 1)).id == NEW
    with pytest.raises(P.RetiredModelError):
        catalogue.resolve(OLD, date(2027, 4, 1))
    with pytest.raises(LookupError):
        catalogue.resolve(NEW, date(2026, 8, 31))  # not released yet
    table = P.catalogue_table(catalogue).splitlines()
    assert table[2] == f"| `{OLD}` | snapshot | 2026-01-15 | 2026-10-01 | 2027-04-01 |"
    assert table[-1] == f"| `{ALIAS}` | alias → `{NEW}` | 2026-11-01 |  |  |"
    old = catalogue.snapshot(OLD)
    days = [date(2026, 1, 1), date(2026, 9, 30), date(2026, 10, 1), date(2027, 4, 1)]
    assert [old.status(day) for day in days] == ["unreleased", "active", "deprecated", "retired"]


def test_a_catalogue_with_inconsistent_dates_or_targets_is_refused():
    with pytest.raises(ValueError, match="deprecation date first"):
        P.Snapshot("x", released=date(2026, 1, 1), retires=date(2026, 6, 1))
    with pytest.raises(ValueError, match="on or before"):
        P.Snapshot("x", date(2026, 1, 1), deprecated=date(2026, 6, 1), retires=date(2026, 6, 1))
    with pytest.raises(ValueError, match="unknown snapshot"):
        P.ModelCatalogue((P.Snapshot("x", date(2026, 1, 1)),), {"a": ((date(2026, 1, 1), "y"),)})


def test_promotion_goes_one_step_at_a_time_and_needs_an_evaluation_of_that_release(
    pipeline, templates
):
    first, second = templates
    release = P.Release(second, NEW)
    pipeline.add(release)
    refused = pipeline.promote(release, on=date(2026, 10, 5))
    assert not refused.promoted
    assert "no stored evaluation" in refused.reason
    # An evaluation of another release (same model, other prompt version) does not count.
    other = P.Release(first, NEW)
    pipeline.add(other)
    pipeline.record_evaluation(other, on=date(2026, 10, 6), reference_set="s@v1", passed=True)
    assert not pipeline.promote(release, on=date(2026, 10, 7)).promoted
    pipeline.record_evaluation(release, on=date(2026, 10, 8), reference_set="s@v1", passed=False)
    assert "failed the gate" in pipeline.promote(release, on=date(2026, 10, 9)).reason
    pipeline.record_evaluation(release, on=date(2026, 10, 10), reference_set="s@v1", passed=True)
    assert pipeline.environment(release) == "development"
    assert pipeline.promote(release, on=date(2026, 10, 11)).target == "staging"
    assert pipeline.promote(release, on=date(2026, 10, 12)).promoted
    assert pipeline.environment(release) == "production"
    with pytest.raises(ValueError, match="cannot be promoted"):
        pipeline.promote(release, on=date(2026, 10, 13))


def test_an_alias_that_moved_since_the_evaluation_blocks_the_promotion(pipeline, templates):
    first, _ = templates
    release = P.Release(first, ALIAS)
    pipeline.add(release)
    record = pipeline.record_evaluation(
        release, on=date(2026, 6, 10), reference_set="s@v1", passed=True
    )
    assert record.served_by == OLD
    assert pipeline.promote(release, on=date(2026, 6, 12)).promoted
    moved = pipeline.promote(release, on=date(2026, 11, 5))
    assert not moved.promoted
    assert moved.reason == f"refused: evaluated on {OLD}, but {ALIAS} now reaches {NEW}"


def test_a_deprecated_or_retired_snapshot_is_not_promoted(pipeline, templates):
    first, _ = templates
    release = P.Release(first, OLD)
    pipeline.add(release)
    pipeline.record_evaluation(release, on=date(2026, 9, 1), reference_set="s@v1", passed=True)
    assert "deprecated" in pipeline.promote(release, on=date(2026, 10, 2)).reason
    assert "retired" in pipeline.promote(release, on=date(2027, 4, 2)).reason
    assert pipeline.environment(release) == "development"


def test_a_new_production_release_archives_the_previous_one_of_the_same_prompt(pipeline, templates):
    first, second = templates
    old, new = P.Release(first, OLD), P.Release(second, NEW)
    for release, day in ((old, date(2026, 9, 2)), (new, date(2026, 9, 10))):
        pipeline.add(release)
        pipeline.record_evaluation(release, on=day, reference_set="s@v1", passed=True)
        pipeline.promote(release, on=day)
        pipeline.promote(release, on=day)
    assert pipeline.environment(old) == P.ARCHIVED
    assert pipeline.environment(new) == "production"
    table = P.release_table([old, new], pipeline)
    assert table.splitlines()[2].endswith("| archived |")


def test_the_watch_reports_the_snapshot_each_release_reaches_and_its_days_left(templates):
    first, _ = templates
    catalogue = P.example_catalogue()
    pinned, moving = P.Release(first, OLD), P.Release(first, ALIAS)
    on = date(2026, 10, 2)
    exposures = P.deprecation_watch(catalogue, [pinned, moving], on=on)
    assert [(e.kind, e.snapshot, e.status) for e in exposures] == [
        ("snapshot", OLD, "deprecated"),
        ("alias", OLD, "deprecated"),
    ]
    assert exposures[0].days_left == (date(2027, 4, 1) - on).days
    later = P.deprecation_watch(catalogue, [moving], on=date(2026, 11, 2))
    assert (later[0].snapshot, later[0].days_left) == (NEW, None)
    assert "| not announced |  |" in P.watch_table(later)
