"""One pipeline interface for image, tabular and recommender models."""

import numpy as np
import pytest

from opskb.examples import versatility as v
from opskb.examples.mlops_lifecycle import ModelRegistry


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    registry = ModelRegistry(tmp_path_factory.mktemp("registry"))
    return registry, v.run_all(v.default_pipelines(), registry, random_state=0)


def test_every_family_implements_the_protocol():
    pipelines = v.default_pipelines()
    assert [p.family for p in pipelines] == ["image", "tabular", "recommender"]
    assert all(isinstance(p, v.ModelPipeline) for p in pipelines)


def test_run_all_trains_evaluates_and_registers_each_family(records):
    registry, runs = records
    assert [r.registered for r in runs] == [
        "digits-image:v1",
        "cancer-tabular:v1",
        "ratings-recommender:v1",
    ]
    for run in runs:
        assert run.primary_metric in run.metrics
        stored = registry.metadata(run.name, 1)
        assert stored.params["family"] == run.family
        assert stored.metrics == pytest.approx(run.metrics)


def test_each_family_learns_something_useful(records):
    _, runs = records
    image, tabular, recommender = (r.metrics for r in runs)
    assert image["accuracy"] > 0.93
    assert tabular["roc_auc"] > 0.95
    assert recommender["rmse"] < recommender["baseline_rmse"]
    assert recommender["rmse_improvement"] > 0.3


def test_runs_are_deterministic(records, tmp_path):
    _, runs = records
    again = v.run_all(v.default_pipelines(), ModelRegistry(tmp_path), random_state=0)
    assert [r.metrics for r in again] == [r.metrics for r in runs]


def test_registered_artifacts_load_back(records):
    registry, _ = records
    recommender, _ = registry.load("ratings-recommender", 1)
    users, items, mean = recommender
    assert users.shape == (200, 3)
    assert items.shape == (80, 3)
    assert 1 <= mean <= 5


@pytest.mark.parametrize("pipeline", v.default_pipelines(), ids=lambda p: p.family)
def test_using_a_pipeline_before_fit_says_so(pipeline):
    for method in (pipeline.evaluate, pipeline.describe, pipeline.artifact):
        with pytest.raises(v.NotFittedError, match=rf"{pipeline.name}: call fit\(random_state\)"):
            method()


def test_train_rejects_objects_that_are_not_pipelines():
    with pytest.raises(TypeError, match="int does not implement ModelPipeline"):
        v.train(3, random_state=0)


def test_evaluate_requires_the_primary_metric():
    pipeline = v.ImagePipeline(primary_metric="f1")
    pipeline.fit(0)
    with pytest.raises(ValueError, match="digits-image did not report its primary metric"):
        v.evaluate(pipeline)


def test_synthetic_ratings_are_seeded_and_in_range():
    ratings, observed = v.synthetic_ratings(50, 20, rank=2, density=0.5, random_state=3)
    again, _ = v.synthetic_ratings(50, 20, rank=2, density=0.5, random_state=3)
    np.testing.assert_array_equal(ratings, again)
    assert ratings.min() >= 1
    assert ratings.max() <= 5
    assert 0.4 < observed.mean() < 0.6
    with pytest.raises(ValueError, match=r"density must be in \(0, 1\], got 0"):
        v.synthetic_ratings(5, 5, rank=1, density=0, random_state=0)


def test_factorize_recovers_a_low_rank_matrix():
    rng = np.random.default_rng(0)
    truth = 3 + rng.normal(size=(40, 2)) @ rng.normal(size=(2, 30))
    mask = rng.random(truth.shape) < 0.6
    users, items, mean = v.factorize(truth, mask, rank=2, regularization=0.01, iterations=30)
    error = np.abs(mean + users @ items.T - truth)[~mask]
    assert error.mean() < 0.1


def test_runs_table_has_one_row_per_family(records):
    _, runs = records
    rows = v.runs_table(runs).splitlines()
    assert rows[0] == (
        "| family | model | training rows | primary metric | value | registered as |"
    )
    assert [row.split(" | ")[0] for row in rows[2:]] == ["| image", "| tabular", "| recommender"]
    assert rows[2].endswith("| digits-image:v1 |")
