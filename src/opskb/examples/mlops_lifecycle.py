"""The MLOps lifecycle in miniature: data -> train -> evaluate -> register -> serve -> monitor.

Everything runs on scikit-learn's bundled digits images (8x8 pixels, no download). The
registry is a plain folder the caller chooses, so a notebook can keep it in a temporary
directory; a real team would use a registry service, but the steps are the same: every
version is immutable, carries its metrics and a checksum, and one version is "current".
"""

from __future__ import annotations

import hashlib
import json
import pickle
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from matplotlib import rc_context
from matplotlib.figure import Figure
from numpy.typing import NDArray
from scipy import stats
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from opskb.examples.display import FIGURE_FONT_SIZE, THEME_NEUTRAL_RC, markdown_table

_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Dataset:
    """A train/validation/test split of one tabular dataset.

    Candidates are compared and promoted on the validation split; the test split is kept
    for one final measurement of the model that was chosen, so that number is not inflated
    by the choice.
    """

    x_train: NDArray[np.float64]
    x_test: NDArray[np.float64]
    y_train: NDArray[np.int64]
    y_test: NDArray[np.int64]
    x_validation: NDArray[np.float64]
    y_validation: NDArray[np.int64]


def load_data(random_state: int, test_size: float = 0.25, validation_size: float = 0.2) -> Dataset:
    """The digits images as 64 pixel features, split with stratification into train,
    validation (``validation_size`` of what the test split leaves) and test."""
    digits = load_digits()
    x_rest, x_test, y_rest, y_test = train_test_split(
        digits.data,
        digits.target,
        test_size=test_size,
        random_state=random_state,
        stratify=digits.target,
    )
    x_train, x_validation, y_train, y_validation = train_test_split(
        x_rest, y_rest, test_size=validation_size, random_state=random_state, stratify=y_rest
    )
    return Dataset(x_train, x_test, y_train, y_test, x_validation, y_validation)


def train(x: NDArray[np.float64], y: NDArray[np.int64], *, c: float = 0.1) -> Pipeline:
    """Standardise the pixels, then fit a multinomial logistic regression.

    ``c`` is the inverse regularisation strength; 0.1 is as accurate as 1.0 on digits here
    and converges in a fraction of the time.
    """
    model = make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=2000))
    return model.fit(x, y)


def evaluate(model: Any, x: NDArray[np.float64], y: NDArray[np.int64]) -> dict[str, float]:
    """Accuracy and macro-averaged F1 on a labelled set."""
    predicted = model.predict(x)
    return {
        "accuracy": float(accuracy_score(y, predicted)),
        "macro_f1": float(f1_score(y, predicted, average="macro")),
    }


def shift_images(x: NDArray[np.float64], pixels: int = 1) -> NDArray[np.float64]:
    """Move every 8x8 digit ``pixels`` to the right: a camera that was nudged in production."""
    if not 0 <= pixels < 8:
        raise ValueError(f"pixels must be between 0 and 7, got {pixels}")
    images = x.reshape(-1, 8, 8)
    shifted = np.zeros_like(images)
    shifted[:, :, pixels:] = images[:, :, : 8 - pixels]
    return shifted.reshape(x.shape)


# --- registry ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ModelVersion:
    """One immutable registered version: where it lives and what was recorded with it."""

    name: str
    version: int
    metrics: Mapping[str, float]
    params: Mapping[str, Any]
    sha256: str

    @property
    def tag(self) -> str:
        """A short human-readable id, e.g. ``digits-classifier:v2``."""
        return f"{self.name}:v{self.version}"


class ModelRegistry:
    """A file-based model registry rooted at a folder the caller owns.

    Layout: ``<root>/<name>/v<N>/model.pkl`` and ``metadata.json``, plus ``<name>/current``
    naming the promoted version. Models are pickled, so load only registries you wrote.
    Metadata has no timestamps on purpose: the same run gives byte-identical metadata.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _folder(self, name: str, version: int) -> Path:
        return self.root / name / f"v{version}"

    def versions(self, name: str) -> list[int]:
        """Registered version numbers of ``name``, oldest first."""
        folder = self.root / name
        if not folder.is_dir():
            return []
        found = (p.name[1:] for p in folder.iterdir() if p.is_dir() and p.name[:1] == "v")
        return sorted(int(v) for v in found if v.isdigit())

    def register(
        self,
        name: str,
        model: Any,
        *,
        metrics: Mapping[str, float],
        params: Mapping[str, Any] | None = None,
    ) -> ModelVersion:
        """Store ``model`` as the next version of ``name`` with its metrics and parameters."""
        if not _NAME.match(name):
            raise ValueError(f"model name {name!r} must be lowercase letters, digits and hyphens")
        version = (self.versions(name) or [0])[-1] + 1
        folder = self._folder(name, version)
        folder.mkdir(parents=True)
        payload = pickle.dumps(model)
        (folder / "model.pkl").write_bytes(payload)
        record = ModelVersion(
            name=name,
            version=version,
            metrics={k: float(v) for k, v in metrics.items()},
            params=dict(params or {}),
            sha256=hashlib.sha256(payload).hexdigest(),
        )
        metadata = {
            "name": name,
            "version": version,
            "metrics": dict(record.metrics),
            "params": dict(record.params),
            "sha256": record.sha256,
        }
        (folder / "metadata.json").write_text(json.dumps(metadata, indent=2, sort_keys=True))
        return record

    def metadata(self, name: str, version: int) -> ModelVersion:
        """The recorded metadata of one version."""
        path = self._folder(name, version) / "metadata.json"
        if not path.is_file():
            raise LookupError(f"{name}:v{version} is not registered")
        data = json.loads(path.read_text())
        return ModelVersion(
            name=data["name"],
            version=data["version"],
            metrics=data["metrics"],
            params=data["params"],
            sha256=data["sha256"],
        )

    def promote(self, name: str, version: int) -> ModelVersion:
        """Make ``version`` the one that serving loads."""
        record = self.metadata(name, version)
        (self.root / name / "current").write_text(f"{version}\n")
        return record

    def current_version(self, name: str) -> int:
        """The promoted version number of ``name``."""
        pointer = self.root / name / "current"
        if not pointer.is_file():
            raise LookupError(f"no version of {name!r} has been promoted yet")
        return int(pointer.read_text())

    def load(self, name: str, version: int | None = None) -> tuple[Any, ModelVersion]:
        """A model and its metadata: ``version`` or, by default, the promoted one.

        The checksum recorded at registration is verified before unpickling.
        """
        chosen = self.current_version(name) if version is None else version
        record = self.metadata(name, chosen)
        payload = (self._folder(name, chosen) / "model.pkl").read_bytes()
        if hashlib.sha256(payload).hexdigest() != record.sha256:
            raise ValueError(f"{record.tag}: model file does not match its recorded checksum")
        # Unpickling runs code: only load registries you wrote; the checksum guards corruption.
        return pickle.loads(payload), record


def promote_if_better(
    registry: ModelRegistry, candidate: ModelVersion, metric: str = "accuracy"
) -> bool:
    """Promote ``candidate`` when nothing is promoted yet or it beats the current version."""
    if metric not in candidate.metrics:
        raise ValueError(f"{candidate.tag} has no metric {metric!r}")
    try:
        current = registry.metadata(candidate.name, registry.current_version(candidate.name))
    except LookupError:
        current = None
    if current is not None and candidate.metrics[metric] <= current.metrics.get(metric, -np.inf):
        return False
    registry.promote(candidate.name, candidate.version)
    return True


def registry_table(
    registry: ModelRegistry, name: str, metric: str = "accuracy", *, heading: str | None = None
) -> str:
    """Markdown: every version of ``name`` with its parameters, ``metric`` and status.

    ``heading`` names the metric's column (default: the metric's name), e.g. to say which
    split it was measured on.
    """
    try:
        current: int | None = registry.current_version(name)
    except LookupError:
        current = None
    rows = []
    for version in registry.versions(name):
        record = registry.metadata(name, version)
        params = ", ".join(f"{k}={v}" for k, v in sorted(record.params.items())) or "-"
        value = record.metrics.get(metric)
        shown = "-" if value is None else f"{value:.3f}"
        rows.append([record.tag, params, shown, "current" if version == current else ""])
    return markdown_table(["version", "parameters", heading or metric, "status"], rows)


# --- serving -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Prediction:
    """Predicted labels and the model version that produced them (for traceability)."""

    labels: NDArray[np.int64]
    model: str


class ModelServer:
    """Serves the registry's promoted version of one model; picks up promotions on reload."""

    def __init__(self, registry: ModelRegistry, name: str) -> None:
        self.registry = registry
        self.name = name
        self._model: Any = None
        self._record: ModelVersion | None = None
        self.reload()

    def reload(self) -> str:
        """Load the currently promoted version; returns its tag."""
        self._model, self._record = self.registry.load(self.name)
        return self._record.tag

    def predict(self, rows: NDArray[np.float64]) -> Prediction:
        """Predict labels for a 2-D batch of feature rows."""
        assert self._record is not None  # set in __init__
        rows = np.asarray(rows, dtype=float)
        expected = self._model.n_features_in_
        if rows.ndim != 2 or rows.shape[1] != expected:
            raise ValueError(
                f"expected a 2-D batch with {expected} features per row, got shape {rows.shape}"
            )
        return Prediction(labels=self._model.predict(rows), model=self._record.tag)


# --- monitoring --------------------------------------------------------------------------


def population_stability_index(
    reference: NDArray[np.float64], current: NDArray[np.float64], bins: int = 10
) -> float:
    """PSI of one feature: sum over bins of (cur - ref) * ln(cur / ref).

    Bins are the reference's quantiles, open-ended at both sides, so values never seen in
    the reference still land in a bin. Empty bins get a small floor to keep the log finite.
    Rule of thumb: < 0.1 stable, 0.1-0.25 moderate shift, > 0.25 large shift.
    """
    reference = np.asarray(reference, dtype=float)
    current = np.asarray(current, dtype=float)
    if reference.ndim != 1 or current.ndim != 1:
        raise ValueError("population_stability_index compares two 1-D samples")
    if reference.size == 0 or current.size == 0:
        raise ValueError("both samples must be non-empty")
    if bins < 2:
        raise ValueError(f"bins must be at least 2, got {bins}")
    cuts = np.unique(np.quantile(reference, np.linspace(0, 1, bins + 1)[1:-1]))
    floor = 1e-4
    ref_share = np.bincount(np.searchsorted(cuts, reference), minlength=cuts.size + 1)
    cur_share = np.bincount(np.searchsorted(cuts, current), minlength=cuts.size + 1)
    ref_p = np.maximum(ref_share / reference.size, floor)
    cur_p = np.maximum(cur_share / current.size, floor)
    return float(np.sum((cur_p - ref_p) * np.log(cur_p / ref_p)))


@dataclass(frozen=True)
class DriftReport:
    """Per-feature drift scores and the verdict."""

    method: str
    scores: NDArray[np.float64]
    threshold: float
    drifted_features: tuple[int, ...]
    max_drifted_share: float

    @property
    def drifted_share(self) -> float:
        """The fraction of features whose score crossed the threshold."""
        return len(self.drifted_features) / len(self.scores)

    @property
    def drift_detected(self) -> bool:
        """True when more than ``max_drifted_share`` of the features drifted."""
        return self.drifted_share > self.max_drifted_share


def detect_drift(
    reference: NDArray[np.float64],
    current: NDArray[np.float64],
    *,
    method: Literal["psi", "ks"] = "psi",
    threshold: float | None = None,
    max_drifted_share: float = 0.05,
) -> DriftReport:
    """Compare each feature of ``current`` with ``reference``.

    ``psi``: a feature drifts when its PSI exceeds ``threshold`` (default 0.25).
    ``ks``: a feature drifts when the two-sample Kolmogorov-Smirnov p-value is below
    ``threshold`` (default 0.01) divided by the number of features (Bonferroni), so that
    many features do not produce false alarms by chance.
    """
    reference = np.asarray(reference, dtype=float)
    current = np.asarray(current, dtype=float)
    if reference.ndim != 2 or current.ndim != 2 or reference.shape[1] != current.shape[1]:
        raise ValueError(
            "reference and current must be 2-D with the same number of features, "
            f"got {reference.shape} and {current.shape}"
        )
    n_features = reference.shape[1]
    if method == "psi":
        limit = 0.25 if threshold is None else threshold
        scores = np.array(
            [population_stability_index(reference[:, j], current[:, j]) for j in range(n_features)]
        )
        drifted = np.flatnonzero(scores > limit)
    elif method == "ks":
        limit = 0.01 if threshold is None else threshold
        scores = np.array(
            [
                stats.ks_2samp(reference[:, j], current[:, j], method="asymp").pvalue
                for j in range(n_features)
            ]
        )
        drifted = np.flatnonzero(scores < limit / n_features)
    else:
        raise ValueError(f"unknown method {method!r}; choose 'psi' or 'ks'")
    return DriftReport(
        method=method,
        scores=scores,
        threshold=limit,
        drifted_features=tuple(int(j) for j in drifted),
        max_drifted_share=max_drifted_share,
    )


#: Inches per heat map, and the base font size in points: two panels side by side make a
#: figure 5.5 inches (550 px) wide, with the site's figure font size (12 px on a phone).
DRIFT_PANEL_INCHES = 2.3
DRIFT_FONT_SIZE = FIGURE_FONT_SIZE


def _drift_titles(reports: tuple[DriftReport, ...], titles: tuple[str, ...]) -> tuple[str, ...]:
    """Check the reports can be drawn as 8x8 PSI maps; the given titles or numbered ones."""
    if not reports:
        raise ValueError("pass at least one drift report")
    if any(report.method != "psi" or report.scores.size != 64 for report in reports):
        raise ValueError("plot_drift_scores draws PSI reports over 64 (8x8 pixel) features")
    titles = titles or tuple(f"report {i + 1}" for i in range(len(reports)))
    if len(titles) != len(reports):
        raise ValueError(f"got {len(titles)} titles for {len(reports)} reports")
    return titles


def plot_drift_scores(*reports: DriftReport, titles: tuple[str, ...] = ()) -> Figure:
    """Per-pixel PSI of 8x8 image features as heatmaps, one panel per report."""
    titles = _drift_titles(reports, titles)
    # rc_context: the font size applies to this figure only, and is restored afterwards.
    with rc_context({**THEME_NEUTRAL_RC, "font.size": DRIFT_FONT_SIZE}):
        figure = Figure(
            figsize=(DRIFT_PANEL_INCHES * len(reports) + 0.9, DRIFT_PANEL_INCHES + 0.9),
            layout="constrained",
        )
        axes = np.atleast_1d(figure.subplots(1, len(reports)))
        # One colour scale for all panels, so they can be compared at a glance.
        top = max([float(report.scores.max()) for report in reports] + [reports[0].threshold])
        for ax, report, title in zip(axes, reports, titles, strict=True):
            image = ax.imshow(report.scores.reshape(8, 8), vmin=0, vmax=top, cmap="viridis")
            # Short lines: at the site's figure font size, two panels share 5.5 inches.
            ax.set_title(f"{title}\n{len(report.drifted_features)} of 64 drifted")
            ax.set_xticks([])
            ax.set_yticks([])
        figure.colorbar(image, ax=list(axes), label="PSI per pixel")
    return figure


def drift_figure_alt(*reports: DriftReport, titles: tuple[str, ...] = ()) -> str:
    """Alt text for :func:`plot_drift_scores`: what each heat map shows, with its numbers."""
    titles = _drift_titles(reports, titles)
    panels = ". ".join(
        f'Panel "{title}": {len(report.drifted_features)} of 64 pixels above the threshold of '
        f"{report.threshold:g}, highest score {float(report.scores.max()):.2f}"
        for report, title in zip(reports, titles, strict=True)
    )
    counts = [len(report.drifted_features) for report in reports]
    if max(counts) == 0:
        verdict = "No pixel drifts in any panel."
    else:
        # The panel with the most drifted pixels is where the eye goes first.
        most_drifted = titles[counts.index(max(counts))]
        verdict = (
            f'The drift stands out in the "{most_drifted}" panel; spotting it takes only '
            "the inputs, no labels."
        )
    return (
        "Heat maps of the 8 by 8 pixel grid of the digit images, one per data set, each pixel "
        "coloured by its population stability index (PSI) against the training data on one "
        f"shared scale, brighter meaning more drift. {panels}. {verdict}"
    )
