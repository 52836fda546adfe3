"""Back-of-the-envelope resource estimates: language model vs classic model.

Rules of thumb, each a one-line function so the arithmetic stays visible:

- weight memory = parameters x bytes per parameter of the storage dtype;
- training compute C ~ 6 N D floating-point operations for a dense transformer with N
  (non-embedding) parameters trained on D tokens, and inference ~ 2 N operations per token
  (Kaplan et al. 2020, "Scaling Laws for Neural Language Models", arXiv:2001.08361, sec. 2.1);
- mixed-precision training with Adam keeps ~16 bytes per parameter (fp16 weights and
  gradients, fp32 master weights and two moments; Rajbhandari et al. 2020, "ZeRO",
  arXiv:1910.02054, sec. 3.1) before activations are counted.

Serving memory beyond the weights (the KV cache) is computed in one place,
:mod:`opskb.examples.serving`, for both pages that quote it.

The model sizes in :data:`ILLUSTRATIVE_MODELS` are round illustrative numbers, not claims about
any specific product, and every ratio between them depends on which sizes were picked: the
comparison network has one million parameters because someone chose that number.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import LogLocator

from opskb.examples.display import (
    FIGURE_FONT_SIZE,
    FIGURE_WIDTH_INCHES,
    THEME_NEUTRAL_RC,
    markdown_table,
    scientific,
)

#: Bytes per parameter for common storage dtypes (int4 packs two parameters in a byte).
DTYPE_BYTES: Mapping[str, float] = {"fp32": 4.0, "fp16": 2.0, "bf16": 2.0, "int8": 1.0, "int4": 0.5}

#: FLOPs per parameter per training token: forward (2) + backward (4), Kaplan et al. 2020.
TRAINING_FLOPS_PER_PARAM_TOKEN = 6
#: FLOPs per parameter per generated (or classified) token: one forward pass.
INFERENCE_FLOPS_PER_PARAM_TOKEN = 2
#: Bytes of training state per parameter with mixed-precision Adam (ZeRO paper, sec. 3.1).
ADAM_MIXED_PRECISION_BYTES_PER_PARAM = 16

#: The sustained throughput of one accelerator that the notebook *assumes* to turn FLOPs into
#: hours: a round number for illustration, not a measurement of any device. The notebook and
#: the pages quote it from here (glued), so it is written down once.
ASSUMED_SUSTAINED_FLOPS_PER_SECOND = 1e14


def _check_positive(name: str, value: float) -> None:
    if not isinstance(value, int | float) or isinstance(value, bool) or not value > 0:
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}")


def weight_memory_bytes(n_params: float, dtype: str = "fp32") -> float:
    """Bytes needed to hold ``n_params`` weights stored as ``dtype``."""
    _check_positive("n_params", n_params)
    if dtype not in DTYPE_BYTES:
        raise ValueError(f"unknown dtype {dtype!r}; choose one of {', '.join(DTYPE_BYTES)}")
    return n_params * DTYPE_BYTES[dtype]


def training_state_bytes(n_params: float) -> float:
    """Bytes of weights, gradients and Adam state for mixed-precision training."""
    _check_positive("n_params", n_params)
    return n_params * ADAM_MIXED_PRECISION_BYTES_PER_PARAM


def training_flops(n_params: float, n_tokens: float) -> float:
    """Training compute C ~ 6 N D (Kaplan et al. 2020)."""
    _check_positive("n_params", n_params)
    _check_positive("n_tokens", n_tokens)
    return TRAINING_FLOPS_PER_PARAM_TOKEN * n_params * n_tokens


def inference_flops_per_token(n_params: float) -> float:
    """Inference compute per token ~ 2 N (Kaplan et al. 2020)."""
    _check_positive("n_params", n_params)
    return INFERENCE_FLOPS_PER_PARAM_TOKEN * n_params


def accelerator_hours(flops: float, sustained_flops_per_second: float) -> float:
    """Hours of one accelerator at an assumed sustained throughput (the caller's assumption)."""
    _check_positive("flops", flops)
    _check_positive("sustained_flops_per_second", sustained_flops_per_second)
    return flops / sustained_flops_per_second / 3600


@dataclass(frozen=True)
class ModelSize:
    """An illustrative model: its parameter count and how many tokens/examples it trains on.

    For a classic network ``training_tokens`` counts training examples times epochs: the
    6 N D rule holds for any dense network where each example costs one forward and one
    backward pass.
    """

    label: str
    n_params: float
    training_tokens: float

    def __post_init__(self) -> None:
        if not self.label.strip():
            raise ValueError("label must not be empty")
        _check_positive("n_params", self.n_params)
        _check_positive("training_tokens", self.training_tokens)


#: Round, illustrative sizes: a 7e9-parameter language model trained on 2e12 tokens, a small
#: 1.25e8-parameter language model on 2.5e9 tokens, and a 1e6-parameter classic network
#: trained on 6e4 examples for 20 epochs.
ILLUSTRATIVE_MODELS: tuple[ModelSize, ...] = (
    ModelSize(f"language model, {scientific(7e9)} params (illustrative)", 7e9, 2e12),
    ModelSize(
        f"small language model, {scientific(1.25e8, 3)} params (illustrative)", 1.25e8, 2.5e9
    ),
    ModelSize(f"classic network, {scientific(1e6)} params (illustrative)", 1e6, 1.2e6),
)


@dataclass(frozen=True)
class ResourceEstimate:
    """Every estimate for one model size."""

    model: ModelSize
    memory_bytes: Mapping[str, float]
    training_state_bytes: float
    training_flops: float
    inference_flops_per_token: float


def estimate(model: ModelSize) -> ResourceEstimate:
    """Memory by dtype, training state, training and inference compute for ``model``."""
    return ResourceEstimate(
        model=model,
        memory_bytes={d: weight_memory_bytes(model.n_params, d) for d in DTYPE_BYTES},
        training_state_bytes=training_state_bytes(model.n_params),
        training_flops=training_flops(model.n_params, model.training_tokens),
        inference_flops_per_token=inference_flops_per_token(model.n_params),
    )


def human_bytes(n_bytes: float) -> str:
    """``n_bytes`` in decimal units with three significant digits, e.g. ``'14.0 GB'``."""
    if n_bytes < 0:
        raise ValueError(f"n_bytes must not be negative, got {n_bytes!r}")
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if n_bytes < 1000 or unit == "TB":
            return f"{n_bytes:.3g} {unit}" if unit != "B" else f"{n_bytes:.0f} B"
        n_bytes /= 1000
    raise AssertionError("unreachable")  # pragma: no cover


def _legend_label(model: ModelSize) -> str:
    """The label without its "(illustrative)": the legend's title says it once for all."""
    return model.label.removesuffix(" (illustrative)")


def _short_label(model: ModelSize) -> str:
    """The model's kind without its size, e.g. ``'language model'``."""
    return model.label.split(",")[0]


#: Figure size in inches: narrow and tall, one panel above the other, so that a phone's
#: column (about 320 px on a 375 px screen) shrinks the 550 px picture little.
ESTIMATES_FIGSIZE = (FIGURE_WIDTH_INCHES, 7.5)
#: Base font size in points: the site's figure size, 12 px on the narrowest column.
ESTIMATES_FONT_SIZE = FIGURE_FONT_SIZE
#: Mid-tone colours, one per model, that keep at least 3:1 contrast against both furo's
#: white page and its dark-mode background (#131416), so the bars read in either theme.
MODEL_COLOURS = ("#3b82c4", "#d9772b", "#8a63c2")
#: The two compute bars: mid-tones again, readable on light and dark.
COMPUTE_COLOURS = ("#939393", "#5c7fa3")


def plot_estimates(estimates: Sequence[ResourceEstimate]) -> Figure:
    """Two log-scale panels, one above the other: weight memory by dtype, and compute."""
    if not estimates:
        raise ValueError("nothing to plot: pass at least one estimate")
    # rc_context: the font size applies to this figure only, and is restored afterwards.
    with rc_context({**THEME_NEUTRAL_RC, "font.size": ESTIMATES_FONT_SIZE}):
        figure = Figure(figsize=ESTIMATES_FIGSIZE, layout="constrained")
        memory_axes, compute_axes = figure.subplots(2, 1, height_ratios=(3, 2))
        dtypes = list(DTYPE_BYTES)
        width = 0.8 / len(estimates)
        for index, item in enumerate(estimates):
            offset = (index - (len(estimates) - 1) / 2) * width
            memory_axes.bar(
                [d + offset for d in range(len(dtypes))],
                [item.memory_bytes[d] for d in dtypes],
                width,
                label=_legend_label(item.model),
                color=MODEL_COLOURS[index % len(MODEL_COLOURS)],
            )
        memory_axes.set_xticks(range(len(dtypes)), dtypes)
        memory_axes.set_yscale("log")
        memory_axes.set_ylabel("bytes (log scale)")
        memory_axes.set_title("Weights in memory, by dtype")
        # Above both panels, one model per line: the labels are too long to sit side by side,
        # and centred on the figure (not the panel) they use its whole width.
        figure.legend(
            *memory_axes.get_legend_handles_labels(),
            loc="outside upper center",
            title="illustrative model sizes",
        )

        # Wrapped, so the names take little of the panel's width.
        labels = [textwrap.fill(_short_label(item.model), 14) for item in estimates]
        # Other colours here, so those of the memory panel keep meaning "which model".
        compute_axes.barh(
            labels,
            [item.training_flops for item in estimates],
            color=COMPUTE_COLOURS[0],
            label="training, 6·N·D",
        )
        compute_axes.barh(
            labels,
            [item.inference_flops_per_token for item in estimates],
            color=COMPUTE_COLOURS[1],
            label="inference per token, 2·N",
        )
        compute_axes.set_xscale("log")
        # A label every few decades rather than every other one: they stay apart on a phone.
        compute_axes.xaxis.set_major_locator(LogLocator(numticks=6))
        compute_axes.set_xlabel("FLOPs (log scale)")
        compute_axes.set_title("Compute (Kaplan et al. 2020)")
        compute_axes.invert_yaxis()
        # Below the figure, where it hides no bar and leaves the panel its full width.
        figure.legend(
            *compute_axes.get_legend_handles_labels(), loc="outside lower center", ncols=1
        )
    return figure


def estimates_figure_alt(estimates: Sequence[ResourceEstimate]) -> str:
    """Alt text for :func:`plot_estimates`: what the panels show and the gap they reveal.

    The first estimate is compared with the last (the models are ordered largest first), with
    the same numbers a sighted reader takes from the bars.
    """
    if len(estimates) < 2:
        raise ValueError("the description compares models: pass at least two estimates")
    big, small = estimates[0], estimates[-1]
    big_name, small_name = _short_label(big.model), _short_label(small.model)
    memory_ratio = big.memory_bytes["fp16"] / small.memory_bytes["fp16"]
    compute_ratio = big.training_flops / small.training_flops
    # Training costs 3·D times one token of inference; the smallest such gap, over all models.
    least_training_to_inference = min(
        e.training_flops / e.inference_flops_per_token for e in estimates
    )
    return (
        f"Two bar charts on logarithmic scales, one above the other, comparing "
        f"{len(estimates)} illustrative model sizes. Top: the memory the weights take in each "
        f"storage type from {next(iter(DTYPE_BYTES))} to {list(DTYPE_BYTES)[-1]}; in fp16 the "
        f"{big_name} needs {human_bytes(big.memory_bytes['fp16'])}, {memory_ratio:,.0f} times "
        f"the {human_bytes(small.memory_bytes['fp16'])} of the {small_name}. Bottom: the "
        f"operations for one training run next to those for one token of inference; training "
        f"the {big_name} takes {scientific(big.training_flops)} operations, "
        f"{scientific(compute_ratio)} times as many as the {small_name}, and for every model a "
        f"training run costs at least {scientific(least_training_to_inference)} times one "
        f"token of inference."
    )


def estimates_table(estimates: Sequence[ResourceEstimate]) -> str:
    """Markdown: parameters, memory, training state and compute for each model, one row each,
    labelled by the model's kind (see :func:`_short_label`)."""
    rows = [
        [
            # The kind only: the size is the next column, and a long label wrapped onto five
            # lines on a phone. That every size is illustrative, the header says.
            _short_label(e.model),
            scientific(e.model.n_params, 3),
            human_bytes(e.memory_bytes["fp16"]),
            human_bytes(e.memory_bytes["int4"]),
            human_bytes(e.training_state_bytes),
            scientific(e.training_flops),
            scientific(e.inference_flops_per_token),
        ]
        for e in estimates
    ]
    headers = ["model (illustrative)", "parameters", "weights, fp16", "weights, int4"]
    headers += ["training state (Adam)", "training FLOPs", "FLOPs per token"]
    return markdown_table(headers, rows)
