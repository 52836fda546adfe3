"""The MLOps lifecycle: data, training, registry, serving and drift monitoring."""

import json

import numpy as np
import pytest

from opskb import paths
from opskb.examples import mlops_lifecycle as m
from opskb.examples.display import FIGURE_NARROWEST_SHOWN_PX, MIN_TEXT_PX
from support.figures import smallest_text_px

# On a 375 px wide phone, furo's column (inside a demonstration box) shows a figure about
# 320 px wide (measured in Chromium); below ~9 px, chart labels stop being readable.


@pytest.fixture(scope="module")
def data():
    return m.load_data(random_state=0)


@pytest.fixture(scope="module")
def model(data):
    return m.train(data.x_train, data.y_train)


def test_load_data_is_a_stratified_seeded_three_way_split(data):
    assert data.x_train.shape == (1077, 64)
    assert data.x_validation.shape == (270, 64)
    assert data.x_test.shape == (450, 64)
    assert len(data.y_validation) == 270
    assert set(np.unique(data.y_test)) == set(range(10))
    assert set(np.unique(data.y_validation)) == set(range(10))
    # No image is in two splits: validation choices never see the test images.
    rows = {
        split: {row.tobytes() for row in x}
        for split, x in (
            ("train", data.x_train),
            ("validation", data.x_validation),
            ("test", data.x_test),
        )
    }
    assert not rows["validation"] & rows["test"]
    again = m.load_data(random_state=0)
    np.testing.assert_array_equal(again.x_test, data.x_test)
    other = m.load_data(random_state=1)
    assert not np.array_equal(other.x_test, data.x_test)


def test_trained_model_is_accurate_and_deterministic(data, model):
    metrics = m.evaluate(model, data.x_test, data.y_test)
    assert set(metrics) == {"accuracy", "macro_f1"}
    assert metrics["accuracy"] > 0.93
    again = m.train(data.x_train, data.y_train)
    np.testing.assert_array_equal(again.predict(data.x_test), model.predict(data.x_test))


def test_shift_images_moves_pixels_right_and_validates():
    image = np.arange(64, dtype=float).reshape(1, 64)
    shifted = m.shift_images(image, 2).reshape(8, 8)
    assert (shifted[:, :2] == 0).all()
    np.testing.assert_array_equal(shifted[:, 2:], image.reshape(8, 8)[:, :6])
    np.testing.assert_array_equal(m.shift_images(image, 0), image)
    with pytest.raises(ValueError, match="pixels must be between 0 and 7, got 8"):
        m.shift_images(image, 8)


def test_registry_versions_metadata_and_checksum(tmp_path, model):
    registry = m.ModelRegistry(tmp_path)
    assert registry.versions("digits") == []
    first = registry.register("digits", model, metrics={"accuracy": 0.9}, params={"c": 1.0})
    second = registry.register("digits", model, metrics={"accuracy": np.float64(0.95)})
    assert (first.version, second.version) == (1, 2)
    assert second.tag == "digits:v2"
    assert registry.versions("digits") == [1, 2]
    stored = json.loads((tmp_path / "digits" / "v1" / "metadata.json").read_text())
    assert stored == {
        "name": "digits",
        "version": 1,
        "metrics": {"accuracy": 0.9},
        "params": {"c": 1.0},
        "sha256": first.sha256,
    }
    assert registry.metadata("digits", 2) == second


def test_registry_metadata_is_byte_identical_across_runs(tmp_path, model):
    for folder in ("a", "b"):
        m.ModelRegistry(tmp_path / folder).register("digits", model, metrics={"accuracy": 1.0})
    read = [(tmp_path / f / "digits" / "v1" / "metadata.json").read_bytes() for f in "ab"]
    assert read[0] == read[1]


def test_registry_rejects_bad_names_and_unknown_versions(tmp_path, model):
    registry = m.ModelRegistry(tmp_path)
    with pytest.raises(ValueError, match="model name 'Digits/v1' must be lowercase"):
        registry.register("Digits/v1", model, metrics={})
    with pytest.raises(LookupError, match="digits:v3 is not registered"):
        registry.metadata("digits", 3)
    with pytest.raises(LookupError, match="no version of 'digits' has been promoted yet"):
        registry.load("digits")


def test_load_refuses_a_tampered_model_file(tmp_path, model):
    registry = m.ModelRegistry(tmp_path)
    registry.register("digits", model, metrics={})
    (tmp_path / "digits" / "v1" / "model.pkl").write_bytes(b"not the model")
    with pytest.raises(ValueError, match="digits:v1: model file does not match"):
        registry.load("digits", 1)


def test_promote_if_better_only_promotes_improvements(tmp_path, model):
    registry = m.ModelRegistry(tmp_path)
    v1 = registry.register("digits", model, metrics={"accuracy": 0.90})
    v2 = registry.register("digits", model, metrics={"accuracy": 0.85})
    v3 = registry.register("digits", model, metrics={"accuracy": 0.95})
    assert m.promote_if_better(registry, v1) is True
    assert m.promote_if_better(registry, v2) is False
    assert registry.current_version("digits") == 1
    assert m.promote_if_better(registry, v3) is True
    assert registry.current_version("digits") == 3
    with pytest.raises(ValueError, match="digits:v3 has no metric 'f1'"):
        m.promote_if_better(registry, v3, metric="f1")


def test_server_serves_the_promoted_version_and_reloads(tmp_path, data, model):
    registry = m.ModelRegistry(tmp_path)
    registry.promote("digits", registry.register("digits", model, metrics={}).version)
    server = m.ModelServer(registry, "digits")
    prediction = server.predict(data.x_test[:5])
    assert prediction.model == "digits:v1"
    np.testing.assert_array_equal(prediction.labels, model.predict(data.x_test[:5]))
    registry.promote("digits", registry.register("digits", model, metrics={}).version)
    assert server.predict(data.x_test[:1]).model == "digits:v1"  # until reloaded
    assert server.reload() == "digits:v2"
    assert server.predict(data.x_test[:1]).model == "digits:v2"


def test_server_validates_the_batch_shape(tmp_path, model):
    registry = m.ModelRegistry(tmp_path)
    registry.promote("digits", registry.register("digits", model, metrics={}).version)
    server = m.ModelServer(registry, "digits")
    with pytest.raises(ValueError, match=r"64 features per row, got shape \(2, 3\)"):
        server.predict(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"got shape \(64,\)"):
        server.predict(np.zeros(64))


def test_psi_is_zero_for_identical_samples_and_grows_with_shift():
    rng = np.random.default_rng(0)
    reference = rng.normal(size=5000)
    assert m.population_stability_index(reference, reference) == pytest.approx(0.0, abs=1e-12)
    small = m.population_stability_index(reference, rng.normal(0.1, size=5000))
    large = m.population_stability_index(reference, rng.normal(1.0, size=5000))
    assert small < 0.1
    assert large > 0.25


def test_psi_sees_values_never_seen_in_a_constant_reference():
    reference = np.zeros(100)
    assert m.population_stability_index(reference, np.zeros(50)) == pytest.approx(0.0)
    assert m.population_stability_index(reference, np.full(50, 3.0)) > 1.0


def test_psi_validates_inputs():
    with pytest.raises(ValueError, match="two 1-D samples"):
        m.population_stability_index(np.zeros((2, 2)), np.zeros(2))
    with pytest.raises(ValueError, match="non-empty"):
        m.population_stability_index(np.zeros(3), np.zeros(0))
    with pytest.raises(ValueError, match="bins must be at least 2, got 1"):
        m.population_stability_index(np.zeros(3), np.zeros(3), bins=1)


@pytest.mark.parametrize("method", ["psi", "ks"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_no_false_alarm_on_fresh_data_but_drift_on_shifted_images(method, seed):
    data = m.load_data(random_state=seed)
    fresh = m.detect_drift(data.x_train, data.x_test, method=method)
    shifted = m.detect_drift(data.x_train, m.shift_images(data.x_test, 1), method=method)
    assert not fresh.drift_detected
    assert shifted.drift_detected
    assert shifted.drifted_share > 0.3
    assert len(shifted.scores) == 64


def test_detect_drift_thresholds_and_validation(data):
    report = m.detect_drift(data.x_train, data.x_test, threshold=0.0, max_drifted_share=0.5)
    assert report.method == "psi"
    assert report.threshold == 0.0
    assert report.drifted_share == len(report.drifted_features) / 64
    with pytest.raises(ValueError, match="unknown method 'chi2'"):
        m.detect_drift(data.x_train, data.x_test, method="chi2")
    with pytest.raises(ValueError, match=r"same number of features, got \(1077, 64\) and \(2, 3\)"):
        m.detect_drift(data.x_train, np.zeros((2, 3)))


def test_plot_drift_scores_draws_one_panel_per_report(data):
    fresh = m.detect_drift(data.x_train, data.x_test)
    shifted = m.detect_drift(data.x_train, m.shift_images(data.x_test, 1))
    figure = m.plot_drift_scores(fresh, shifted, titles=("fresh", "shifted"))
    images = [ax for ax in figure.axes if ax.images]
    assert len(images) == 2
    assert images[1].get_title().startswith("shifted\n")
    assert f"{len(shifted.drifted_features)} of 64 drifted" in images[1].get_title()


@pytest.fixture(scope="module")
def drift_reports(data):
    fresh = m.detect_drift(data.x_train, data.x_test)
    shifted = m.detect_drift(data.x_train, m.shift_images(data.x_test, 1))
    return (fresh, shifted), ("fresh", "shifted")


def test_plot_drift_scores_stays_legible_on_a_phone(drift_reports):
    reports, titles = drift_reports
    figure = m.plot_drift_scores(*reports, titles=titles)
    assert figure.get_figwidth() <= 6
    assert smallest_text_px(figure, shown_width_px=FIGURE_NARROWEST_SHOWN_PX) >= MIN_TEXT_PX


def test_drift_figure_alt_gives_each_panel_its_numbers(drift_reports):
    reports, titles = drift_reports
    alt = m.drift_figure_alt(*reports, titles=titles)
    for report, title in zip(reports, titles, strict=True):
        assert (
            f'Panel "{title}": {len(report.drifted_features)} of 64 pixels above the threshold '
            f"of {report.threshold:g}, highest score {float(report.scores.max()):.2f}"
        ) in alt
    assert 'The drift stands out in the "shifted" panel' in alt
    assert "\n" not in alt


def test_drift_figure_alt_without_drift_says_so(data):
    fresh = m.detect_drift(data.x_train, data.x_test)
    assert not fresh.drifted_features  # guard: the fresh split does not drift
    alt = m.drift_figure_alt(fresh)
    assert 'Panel "report 1": 0 of 64 pixels' in alt
    assert alt.endswith("No pixel drifts in any panel.")


def test_drift_figure_alt_validates_like_the_plot(data):
    ks = m.detect_drift(data.x_train, data.x_test, method="ks")
    with pytest.raises(ValueError, match="draws PSI reports over 64"):
        m.drift_figure_alt(ks)
    with pytest.raises(ValueError, match="at least one drift report"):
        m.drift_figure_alt()


def test_plot_drift_scores_validates(data):
    ks = m.detect_drift(data.x_train, data.x_test, method="ks")
    psi = m.detect_drift(data.x_train, data.x_test)
    with pytest.raises(ValueError, match="at least one drift report"):
        m.plot_drift_scores()
    with pytest.raises(ValueError, match="draws PSI reports over 64"):
        m.plot_drift_scores(ks)
    with pytest.raises(ValueError, match="got 2 titles for 1 reports"):
        m.plot_drift_scores(psi, titles=("a", "b"))


def test_registry_table_marks_the_current_version(tmp_path, model):
    registry = m.ModelRegistry(tmp_path)
    registry.register("digits", model, metrics={"accuracy": 0.9}, params={"c": 0.1})
    registry.register("digits", model, metrics={})
    before = m.registry_table(registry, "digits")
    assert "current" not in before
    registry.promote("digits", 1)
    assert m.registry_table(registry, "digits").splitlines() == [
        "| version | parameters | accuracy | status |",
        "| --- | --- | --- | --- |",
        "| digits:v1 | c=0.1 | 0.900 | current |",
        "| digits:v2 | - | - |  |",
    ]
    table = m.registry_table(registry, "digits", heading="validation accuracy")
    assert table.splitlines()[0] == "| version | parameters | validation accuracy | status |"


def test_the_notebook_promotes_on_validation_and_tests_once():
    """Promotion compares validation metrics; the test split is scored once, after it."""
    notebook = (paths.NOTEBOOKS / "mlops-lifecycle.md").read_text(encoding="utf-8")
    assert notebook.count("data.x_test, data.y_test") == 1
    register = notebook.index("registry.register(")
    assert "data.x_validation, data.y_validation" in notebook[:register]
    assert notebook.index("data.x_test, data.y_test") > notebook.index("promote_if_better(")


def test_the_two_panel_drift_figure_has_the_sites_figure_width(data):
    from opskb.examples.display import FIGURE_WIDTH_INCHES  # noqa: PLC0415

    report = m.detect_drift(data.x_train, data.x_test)
    figure = m.plot_drift_scores(report, report)
    assert figure.get_figwidth() == pytest.approx(FIGURE_WIDTH_INCHES)
