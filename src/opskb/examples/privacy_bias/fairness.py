"""Group fairness on seeded synthetic data: a biased model and a mitigated one.

The data imitate historical lending decisions that penalised one group: both groups are
equally qualified, but the recorded approvals (the labels) and one feature are shifted
against group 1, and another feature is a proxy for group membership. A model trained on
such history learns the bias. Reweighing (Kamiran & Calders 2012, "Data preprocessing
techniques for classification without discrimination") weights each (group, label) cell so
that group and label look independent in training, and the sensitive attribute is not
given to the model as an input.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

from opskb.examples.display import markdown_table


def _binary(name: str, values: ArrayLike) -> NDArray[np.int64]:
    array = np.asarray(values)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}")
    if not np.isin(array, (0, 1)).all():
        raise ValueError(f"{name} must contain only 0 and 1")
    return array.astype(np.int64)


def _groups(sensitive: ArrayLike, size: int) -> NDArray[np.generic]:
    groups = np.asarray(sensitive)
    if groups.shape != (size,):
        raise ValueError(
            f"sensitive must have one value per prediction ({size}), got {groups.shape}"
        )
    if np.unique(groups).size < 2:
        raise ValueError("sensitive must contain at least two groups")
    return groups


def selection_rates(y_pred: ArrayLike, sensitive: ArrayLike) -> dict[object, float]:
    """Share of positive predictions in each group, groups in sorted order."""
    predictions = _binary("y_pred", y_pred)
    groups = _groups(sensitive, predictions.size)
    return {g.item(): float(predictions[groups == g].mean()) for g in np.unique(groups)}


def demographic_parity_difference(y_pred: ArrayLike, sensitive: ArrayLike) -> float:
    """Largest minus smallest group selection rate (0 means parity)."""
    rates = selection_rates(y_pred, sensitive).values()
    return max(rates) - min(rates)


def equalized_odds_difference(y_true: ArrayLike, y_pred: ArrayLike, sensitive: ArrayLike) -> float:
    """The larger of the between-group gaps in true-positive and false-positive rates."""
    truth = _binary("y_true", y_true)
    predictions = _binary("y_pred", y_pred)
    if truth.shape != predictions.shape:
        raise ValueError(f"y_true and y_pred differ in length: {truth.size} vs {predictions.size}")
    groups = _groups(sensitive, predictions.size)
    tpr, fpr = [], []
    for g in np.unique(groups):
        in_group = groups == g
        for label, rates, rate_name in ((1, tpr, "positives"), (0, fpr, "negatives")):
            cell = in_group & (truth == label)
            if not cell.any():
                raise ValueError(f"group {g.item()!r} has no {rate_name}; the rate is undefined")
            rates.append(predictions[cell].mean())
    return float(max(max(tpr) - min(tpr), max(fpr) - min(fpr)))


def reweighing_weights(y: ArrayLike, sensitive: ArrayLike) -> NDArray[np.float64]:
    """Kamiran-Calders weights P(group) P(label) / P(group, label) for every row."""
    labels = _binary("y", y)
    groups = _groups(sensitive, labels.size)
    weights = np.empty(labels.size)
    for g in np.unique(groups):
        for label in (0, 1):
            cell = (groups == g) & (labels == label)
            if not cell.any():
                raise ValueError(f"group {g.item()!r} has no rows with label {label}")
            expected = (groups == g).mean() * (labels == label).mean()
            weights[cell] = expected / cell.mean()
    return weights


@dataclass(frozen=True)
class LendingData:
    """Features (group membership not included), historical labels and the group."""

    features: NDArray[np.float64]
    labels: NDArray[np.int64]
    group: NDArray[np.int64]


def make_lending_data(n: int, random_state: int, bias: float = 0.8) -> LendingData:
    """Synthetic applications: equal qualification across groups, history biased by ``bias``."""
    if n < 100:
        raise ValueError(f"n must be at least 100 for stable group rates, got {n}")
    rng = np.random.default_rng(random_state)
    group = (rng.random(n) < 0.4).astype(np.int64)
    qualification = rng.normal(size=n)
    score = qualification + rng.normal(scale=0.5, size=n)
    history = qualification - bias * group + rng.normal(scale=0.5, size=n)
    postcode = group + rng.normal(scale=0.7, size=n)  # a proxy for the group
    labels = (qualification - bias * group + rng.normal(scale=0.5, size=n) > 0).astype(np.int64)
    return LendingData(np.column_stack([score, history, postcode]), labels, group)


@dataclass(frozen=True)
class FairnessReport:
    """Accuracy and fairness of one model on the test split."""

    model: str
    accuracy: float
    selection_rates: dict[object, float]
    demographic_parity_difference: float
    equalized_odds_difference: float


def _report(
    name: str,
    model: LogisticRegression,
    x: NDArray[np.float64],
    y: NDArray[np.int64],
    g: NDArray[np.int64],
) -> FairnessReport:
    predicted = model.predict(x)
    return FairnessReport(
        model=name,
        accuracy=float((predicted == y).mean()),
        selection_rates=selection_rates(predicted, g),
        demographic_parity_difference=demographic_parity_difference(predicted, g),
        equalized_odds_difference=equalized_odds_difference(y, predicted, g),
    )


def compare_models(random_state: int, n: int = 4000) -> tuple[FairnessReport, FairnessReport]:
    """Train a model that sees the group and a reweighed one that does not; report both."""
    data = make_lending_data(n, random_state)
    split = train_test_split(
        data.features, data.labels, data.group, test_size=0.3, random_state=random_state
    )
    x_train, x_test, y_train, y_test, g_train, g_test = split
    with_group = LogisticRegression().fit(np.column_stack([x_train, g_train]), y_train)
    mitigated = LogisticRegression().fit(
        x_train, y_train, sample_weight=reweighing_weights(y_train, g_train)
    )
    return (
        _report(
            "biased: trained as-is", with_group, np.column_stack([x_test, g_test]), y_test, g_test
        ),
        _report("mitigated: reweighed", mitigated, x_test, y_test, g_test),
    )


def fairness_table(reports: Sequence[FairnessReport]) -> str:
    """Markdown: accuracy, approval rate per group and both gaps for each model."""
    groups = sorted({g for r in reports for g in r.selection_rates}, key=str)
    rows = [
        [
            r.model,
            f"{r.accuracy:.3f}",
            *(f"{r.selection_rates[g]:.2f}" for g in groups),
            f"{r.demographic_parity_difference:.3f}",
            f"{r.equalized_odds_difference:.3f}",
        ]
        for r in reports
    ]
    headers = ["model", "accuracy", *(f"approval rate, group {g}" for g in groups)]
    headers += ["demographic parity difference", "equalized odds difference"]
    return markdown_table(headers, rows)
