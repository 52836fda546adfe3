"""One pipeline interface, three model families: the MLOps "versatility" claim in code.

An image classifier (digits), a tabular classifier (breast-cancer measurements) and a
recommender (matrix factorisation on a synthetic ratings matrix) all implement
:class:`ModelPipeline`. The same three calls -- :func:`train`, :func:`evaluate`,
:func:`register` -- run each of them and put each into the same model registry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import numpy as np
from numpy.typing import NDArray
from sklearn.datasets import load_breast_cancer
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.model_selection import train_test_split

from opskb.examples import mlops_lifecycle
from opskb.examples.display import markdown_table
from opskb.examples.mlops_lifecycle import ModelRegistry, ModelVersion


@runtime_checkable
class ModelPipeline(Protocol):
    """What every model family provides, whatever its data and algorithm."""

    name: str
    family: str
    primary_metric: str

    def fit(self, random_state: int) -> None:
        """Load or make the data, split it with ``random_state`` and train the model."""
        ...

    def evaluate(self) -> dict[str, float]:
        """Metrics on held-out data; includes ``primary_metric``."""
        ...

    def describe(self) -> dict[str, Any]:
        """Data and model facts worth recording next to the metrics."""
        ...

    def artifact(self) -> Any:
        """The fitted object to store in the registry."""
        ...


class NotFittedError(RuntimeError):
    """``evaluate``/``describe``/``artifact`` was called before ``fit``."""


def _require(value: Any, name: str) -> Any:
    if value is None:
        raise NotFittedError(f"{name}: call fit(random_state) first")
    return value


def _describe_split(split: tuple[Any, ...] | None, name: str, model: str) -> dict[str, Any]:
    """The facts both supervised pipelines record: split sizes, feature count, estimator."""
    x_train, x_test, _, _ = _require(split, name)
    return {
        "train_rows": len(x_train),
        "test_rows": len(x_test),
        "features": x_train.shape[1],
        "model": model,
    }


@dataclass
class ImagePipeline:
    """8x8 handwritten digits (bundled with scikit-learn), logistic regression on pixels."""

    name: str = "digits-image"
    family: str = "image"
    primary_metric: str = "accuracy"
    _split: tuple[Any, ...] | None = field(default=None, repr=False)
    _model: Any = field(default=None, repr=False)

    def fit(self, random_state: int) -> None:
        """Split the digits and fit a scaled logistic regression (as in the MLOps example)."""
        data = mlops_lifecycle.load_data(random_state)
        self._split = (data.x_train, data.x_test, data.y_train, data.y_test)
        self._model = mlops_lifecycle.train(data.x_train, data.y_train)

    def evaluate(self) -> dict[str, float]:
        """Accuracy on the held-out quarter."""
        _, x_test, _, y_test = _require(self._split, self.name)
        return {"accuracy": float(accuracy_score(y_test, self._model.predict(x_test)))}

    def describe(self) -> dict[str, Any]:
        """Sizes of the split and the estimator's class name."""
        return _describe_split(self._split, self.name, "LogisticRegression")

    def artifact(self) -> Any:
        """The fitted scikit-learn pipeline."""
        return _require(self._model, self.name)


@dataclass
class TabularPipeline:
    """Breast-cancer measurements (bundled with scikit-learn), gradient-boosted trees."""

    name: str = "cancer-tabular"
    family: str = "tabular"
    primary_metric: str = "roc_auc"
    _split: tuple[Any, ...] | None = field(default=None, repr=False)
    _model: Any = field(default=None, repr=False)

    def fit(self, random_state: int) -> None:
        """Split the measurements and fit gradient-boosted depth-2 trees.

        The single-threaded ``GradientBoostingClassifier`` is used on purpose: on 400 rows
        the OpenMP threads of the histogram variant cost more than they save on a busy
        2-core machine.
        """
        data = load_breast_cancer()
        self._split = train_test_split(
            data.data, data.target, test_size=0.25, random_state=random_state, stratify=data.target
        )
        x_train, _, y_train, _ = self._split
        self._model = GradientBoostingClassifier(
            n_estimators=100, max_depth=2, random_state=random_state
        )
        self._model.fit(x_train, y_train)

    def evaluate(self) -> dict[str, float]:
        """ROC AUC and accuracy on the held-out quarter."""
        _, x_test, _, y_test = _require(self._split, self.name)
        scores = self._model.predict_proba(x_test)[:, 1]
        return {
            "roc_auc": float(roc_auc_score(y_test, scores)),
            "accuracy": float(accuracy_score(y_test, self._model.predict(x_test))),
        }

    def describe(self) -> dict[str, Any]:
        """Sizes of the split and the estimator's class name."""
        return _describe_split(self._split, self.name, "GradientBoostingClassifier")

    def artifact(self) -> Any:
        """The fitted classifier."""
        return _require(self._model, self.name)


def synthetic_ratings(
    n_users: int, n_items: int, rank: int, density: float, random_state: int
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Ratings on a 1-5 scale from hidden user/item tastes, and which ones were observed."""
    if not 0 < density <= 1:
        raise ValueError(f"density must be in (0, 1], got {density}")
    rng = np.random.default_rng(random_state)
    users = rng.normal(size=(n_users, rank))
    items = rng.normal(size=(n_items, rank))
    raw = users @ items.T / np.sqrt(rank) + rng.normal(scale=0.3, size=(n_users, n_items))
    ratings = np.clip(np.round(3 + raw), 1, 5)
    observed = rng.random((n_users, n_items)) < density
    return ratings, observed


def factorize(
    ratings: NDArray[np.float64],
    mask: NDArray[np.bool_],
    rank: int,
    *,
    regularization: float = 1.0,
    iterations: int = 15,
    random_state: int = 0,
) -> tuple[NDArray[np.float64], NDArray[np.float64], float]:
    """Alternating least squares on the observed entries (mean-centred).

    Returns user factors, item factors and the global mean; a prediction is
    ``mean + users[u] @ items[i]``.
    """
    rng = np.random.default_rng(random_state)
    mean = float(ratings[mask].mean())
    centred = np.where(mask, ratings - mean, 0.0)
    users = rng.normal(scale=0.1, size=(ratings.shape[0], rank))
    items = rng.normal(scale=0.1, size=(ratings.shape[1], rank))
    ridge = regularization * np.eye(rank)

    def solve(
        fixed: NDArray[np.float64], values: NDArray[np.float64], seen: NDArray[np.bool_]
    ) -> NDArray[np.float64]:
        # One small ridge regression per row, using only that row's observed entries.
        solved = np.zeros((values.shape[0], rank))
        for row in range(values.shape[0]):
            f = fixed[seen[row]]
            solved[row] = np.linalg.solve(f.T @ f + ridge, f.T @ values[row, seen[row]])
        return solved

    for _ in range(iterations):
        users = solve(items, centred, mask)
        items = solve(users, centred.T, mask.T)
    return users, items, mean


@dataclass
class RecommenderPipeline:
    """Matrix factorisation on a seeded synthetic ratings matrix; RMSE on held-out ratings.

    The ratings are generated from ``rank`` latent factors and the model factorises at the
    same ``rank``: the data has exactly the structure the model assumes, which flatters the
    result. Real ratings do not; quote the improvement with that caveat.
    """

    name: str = "ratings-recommender"
    family: str = "recommender"
    primary_metric: str = "rmse_improvement"
    n_users: int = 200
    n_items: int = 80
    rank: int = 3
    _data: dict[str, Any] | None = field(default=None, repr=False)

    def fit(self, random_state: int) -> None:
        """Hold out a fifth of the observed ratings and factorise the rest."""
        ratings, observed = synthetic_ratings(
            self.n_users, self.n_items, self.rank, density=0.3, random_state=random_state
        )
        rng = np.random.default_rng(random_state + 1)
        test = observed & (rng.random(observed.shape) < 0.2)
        train = observed & ~test
        users, items, mean = factorize(ratings, train, self.rank, random_state=random_state)
        self._data = {
            "ratings": ratings,
            "train": train,
            "test": test,
            "factors": (users, items, mean),
        }

    def evaluate(self) -> dict[str, float]:
        """RMSE of the model and of the global-mean baseline on held-out ratings.

        ``rmse_improvement`` is the relative error reduction over the baseline (higher is
        better, like the other families' primary metrics).
        """
        data = _require(self._data, self.name)
        users, items, mean = data["factors"]
        truth = data["ratings"][data["test"]]
        predicted = np.clip(mean + users @ items.T, 1, 5)[data["test"]]
        rmse = float(np.sqrt(np.mean((predicted - truth) ** 2)))
        baseline = float(np.sqrt(np.mean((mean - truth) ** 2)))
        return {"rmse": rmse, "baseline_rmse": baseline, "rmse_improvement": 1 - rmse / baseline}

    def describe(self) -> dict[str, Any]:
        """Matrix size, observed ratings and the factorisation rank."""
        data = _require(self._data, self.name)
        return {
            "train_rows": int(data["train"].sum()),
            "test_rows": int(data["test"].sum()),
            "features": f"{self.n_users} users x {self.n_items} items",
            "model": f"ALS matrix factorisation, rank {self.rank}",
        }

    def artifact(self) -> Any:
        """User factors, item factors and the global mean."""
        return _require(self._data, self.name)["factors"]


# --- the same three calls for every family -----------------------------------------------


def train(pipeline: ModelPipeline, random_state: int) -> ModelPipeline:
    """Fit any pipeline; returns it for chaining."""
    if not isinstance(pipeline, ModelPipeline):
        raise TypeError(f"{type(pipeline).__name__} does not implement ModelPipeline")
    pipeline.fit(random_state)
    return pipeline


def evaluate(pipeline: ModelPipeline) -> dict[str, float]:
    """Evaluate any fitted pipeline; checks that its primary metric is reported."""
    metrics = pipeline.evaluate()
    if pipeline.primary_metric not in metrics:
        raise ValueError(f"{pipeline.name} did not report its primary metric")
    return metrics


def register(
    pipeline: ModelPipeline, registry: ModelRegistry, metrics: Mapping[str, float]
) -> ModelVersion:
    """Register any fitted pipeline's artifact with its metrics and description."""
    params = {"family": pipeline.family, **pipeline.describe()}
    return registry.register(pipeline.name, pipeline.artifact(), metrics=metrics, params=params)


@dataclass(frozen=True)
class RunRecord:
    """What one pipeline run produced."""

    family: str
    name: str
    primary_metric: str
    metrics: Mapping[str, float]
    description: Mapping[str, Any]
    registered: str


def run_all(
    pipelines: Iterable[ModelPipeline], registry: ModelRegistry, random_state: int
) -> list[RunRecord]:
    """Train, evaluate and register each pipeline with exactly the same calls."""
    records = []
    for pipeline in pipelines:
        train(pipeline, random_state)
        metrics = evaluate(pipeline)
        version = register(pipeline, registry, metrics)
        records.append(
            RunRecord(
                family=pipeline.family,
                name=pipeline.name,
                primary_metric=pipeline.primary_metric,
                metrics=metrics,
                description=pipeline.describe(),
                registered=version.tag,
            )
        )
    return records


def default_pipelines() -> list[ModelPipeline]:
    """One pipeline per family: image, tabular, recommender."""
    return [ImagePipeline(), TabularPipeline(), RecommenderPipeline()]


def runs_table(records: Iterable[RunRecord]) -> str:
    """Markdown: one row per run with its family, model, primary metric and version."""
    rows = [
        [
            r.family,
            r.description["model"],
            r.description["train_rows"],
            r.primary_metric,
            f"{r.metrics[r.primary_metric]:.3f}",
            r.registered,
        ]
        for r in records
    ]
    headers = ["family", "model", "training rows", "primary metric", "value", "registered as"]
    return markdown_table(headers, rows)
