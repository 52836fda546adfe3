"""Serving arithmetic and a real quantization experiment, for the serving-cost notebook.

Four pieces, each small enough to check by hand:

- KV-cache memory. Every layer stores one key vector and one value vector (hence the factor
  2) per key/value head for every token of every sequence in the batch:
  ``2 x layers x kv_heads x head_dim x tokens x batch x bytes``. With grouped-query attention
  several query heads share one key/value head, so ``kv_heads`` is smaller than the number of
  query heads and the cache shrinks by the same ratio (Pope et al. 2022, arXiv:2211.05102,
  discuss multi-query attention; Kwon et al. 2023, arXiv:2309.06180, the memory it takes).
- Weight quantization with numpy: symmetric round-to-nearest int8 and int4, per output
  channel or per group of input weights, with the reconstruction error of the matrix and of
  a matrix-vector product measured on a seeded random matrix.
- Cost per thousand requests under stated, hypothetical prices, and how a response-cache hit
  rate, routing to a smaller model and batching on a self-hosted accelerator change it.
- A plot of cost against the response-cache hit rate. It is glued as PNG through
  :class:`opskb.examples.display.FigurePNG`: myst-nb 1.4 embeds a figure in another page
  only as PNG, JPEG, GIF or PDF, and an SVG output falls back to its text there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib import rc_context
from matplotlib.figure import Figure

from opskb.examples.display import (
    FIGURE_WIDTH_INCHES,
    THEME_NEUTRAL_RC,
    markdown_table,
)

GIB = 1024**3

# --------------------------------------------------------------------------- KV cache


def kv_cache_bytes(
    *, layers: int, kv_heads: int, head_dim: int, tokens: int, batch: int, bytes_per_value: float
) -> float:
    """2 (K and V) x layers x kv_heads x head_dim x tokens x batch x bytes per value."""
    for name, value in {
        "layers": layers,
        "kv_heads": kv_heads,
        "head_dim": head_dim,
        "tokens": tokens,
        "batch": batch,
    }.items():
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    if not bytes_per_value > 0:
        raise ValueError("bytes_per_value must be positive")
    return 2 * layers * kv_heads * head_dim * tokens * batch * bytes_per_value


@dataclass(frozen=True)
class ServedModel:
    """The shape that decides serving memory: the same illustrative model as adapting.py."""

    params: int
    layers: int
    heads: int
    kv_heads: int
    head_dim: int

    def kv_bytes_per_token(self, bytes_per_value: float = 2.0, *, kv_heads: int | None = None):
        return kv_cache_bytes(
            layers=self.layers,
            kv_heads=kv_heads or self.kv_heads,
            head_dim=self.head_dim,
            tokens=1,
            batch=1,
            bytes_per_value=bytes_per_value,
        )


def kv_table(model: ServedModel, tokens: int, batches: Sequence[int]) -> str:
    """Markdown: KV-cache GiB at fp16 for multi-head (kv = heads) vs grouped-query attention."""
    rows = []
    for batch in batches:
        mha = model.kv_bytes_per_token(kv_heads=model.heads) * tokens * batch
        gqa = model.kv_bytes_per_token() * tokens * batch
        rows.append([batch, tokens, f"{mha / GIB:.1f}", f"{gqa / GIB:.1f}"])
    headers = [
        "sequences in the batch",
        "tokens each",
        f"KV cache, {model.heads} key/value heads (GiB)",
        f"KV cache, {model.kv_heads} key/value heads (GiB)",
    ]
    return markdown_table(headers, rows)


# --------------------------------------------------------------------------- quantization


@dataclass(frozen=True)
class Quantized:
    """Integer codes and the float scales that map them back."""

    codes: np.ndarray  # int8 array, values within [-qmax, qmax]
    scales: np.ndarray  # float32, one per row (per channel) or per row and group
    bits: int
    group_size: int | None  # None: one scale per output channel (row)

    def dequantize(self) -> np.ndarray:
        if self.group_size is None:
            return self.codes.astype(np.float32) * self.scales[:, None]
        rows, cols = self.codes.shape
        grouped = self.codes.reshape(rows, cols // self.group_size, self.group_size)
        return (grouped.astype(np.float32) * self.scales[:, :, None]).reshape(rows, cols)

    def storage_bytes(self) -> float:
        """Packed codes (bits per weight) plus fp16 scales."""
        return self.codes.size * self.bits / 8 + self.scales.size * 2


def quantize(weights: np.ndarray, bits: int, group_size: int | None = None) -> Quantized:
    """Symmetric round-to-nearest quantization with scale max|w| / (2^(bits-1) - 1).

    One scale per output channel (row) when ``group_size`` is None, otherwise one per
    consecutive ``group_size`` weights of a row.
    """
    if bits not in (4, 8):
        raise ValueError("bits must be 4 or 8")
    if weights.ndim != 2:
        raise ValueError("weights must be a matrix")
    qmax = 2 ** (bits - 1) - 1
    w = weights.astype(np.float32)
    if group_size is None:
        amax = np.abs(w).max(axis=1)
        scales = np.where(amax > 0, amax / qmax, 1.0).astype(np.float32)
        codes = np.clip(np.rint(w / scales[:, None]), -qmax, qmax).astype(np.int8)
        return Quantized(codes, scales, bits, None)
    rows, cols = w.shape
    if cols % group_size:
        raise ValueError("the number of columns must be a multiple of group_size")
    grouped = w.reshape(rows, cols // group_size, group_size)
    amax = np.abs(grouped).max(axis=2)
    scales = np.where(amax > 0, amax / qmax, 1.0).astype(np.float32)
    codes = np.clip(np.rint(grouped / scales[:, :, None]), -qmax, qmax).astype(np.int8)
    return Quantized(codes.reshape(rows, cols), scales, bits, group_size)


def synthetic_weights(rows: int, cols: int, *, seed: int, outlier_share: float = 0.005):
    """A seeded matrix like a trained layer's: small Gaussian weights and a few large ones.

    Real weight matrices have heavy tails; a handful of outliers is what makes the choice
    between one scale per channel and one per group matter.
    """
    rng = np.random.default_rng(seed)
    w = rng.normal(0.0, 0.02, size=(rows, cols)).astype(np.float32)
    mask = rng.random((rows, cols)) < outlier_share
    w[mask] *= 8.0
    return w


@dataclass(frozen=True)
class QuantizationError:
    scheme: str
    bytes_per_weight: float
    weight_error: float  # ||W - Q||_F / ||W||_F
    output_error: float  # mean over inputs of ||Wx - Qx|| / ||Wx||


def measure(weights: np.ndarray, quantized: Quantized, inputs: np.ndarray, scheme: str):
    """Relative error of the matrix and of its products with the columns of ``inputs``."""
    restored = quantized.dequantize()
    weight_error = float(np.linalg.norm(weights - restored) / np.linalg.norm(weights))
    exact, approx = weights @ inputs, restored @ inputs
    per_input = np.linalg.norm(exact - approx, axis=0) / np.linalg.norm(exact, axis=0)
    return QuantizationError(
        scheme, quantized.storage_bytes() / weights.size, weight_error, float(per_input.mean())
    )


def quantization_study(rows: int, cols: int, *, seed: int, group_size: int = 64):
    """fp16 baseline and four quantization schemes on one seeded matrix and 32 inputs."""
    weights = synthetic_weights(rows, cols, seed=seed)
    inputs = np.random.default_rng(seed + 1).normal(size=(cols, 32)).astype(np.float32)
    fp16 = weights.astype(np.float16).astype(np.float32)
    results = [
        QuantizationError(
            "fp16 (reference)",
            2.0,
            float(np.linalg.norm(weights - fp16) / np.linalg.norm(weights)),
            float(
                np.mean(
                    np.linalg.norm(weights @ inputs - fp16 @ inputs, axis=0)
                    / np.linalg.norm(weights @ inputs, axis=0)
                )
            ),
        )
    ]
    for bits, group, name in (
        (8, None, "int8, per channel"),
        (8, group_size, f"int8, groups of {group_size}"),
        (4, None, "int4, per channel"),
        (4, group_size, f"int4, groups of {group_size}"),
    ):
        results.append(measure(weights, quantize(weights, bits, group), inputs, name))
    return results


def quantization_table(results: Sequence[QuantizationError]) -> str:
    rows = [
        [
            r.scheme,
            f"{r.bytes_per_weight:.3f}",
            f"{100 * r.weight_error:.2f}%",
            f"{100 * r.output_error:.2f}%",
        ]
        for r in results
    ]
    headers = ["storage", "bytes per weight", "weight error", "error of W·x"]
    return markdown_table(headers, rows)


# --------------------------------------------------------------------------- cost


@dataclass(frozen=True)
class Prices:
    """Hypothetical prices per million tokens, in an unnamed currency unit."""

    label: str
    input_per_million: float
    output_per_million: float


#: Hypothetical prices for a large and a small hosted model. Round numbers, not any vendor's.
HYPOTHETICAL_LARGE = Prices("large model (hypothetical)", 3.0, 15.0)
HYPOTHETICAL_SMALL = Prices("small model (hypothetical)", 0.3, 1.2)


@dataclass(frozen=True)
class Workload:
    """Tokens per request: what the application sends and what the model writes."""

    input_tokens: int
    output_tokens: int


ILLUSTRATIVE_WORKLOAD = Workload(input_tokens=1500, output_tokens=300)


def cost_per_thousand(prices: Prices, workload: Workload, *, cache_hit_rate: float = 0.0) -> float:
    """Cost of 1,000 requests; a response-cache hit costs no model tokens."""
    if not 0 <= cache_hit_rate <= 1:
        raise ValueError("cache_hit_rate must be between 0 and 1")
    per_request = (
        workload.input_tokens * prices.input_per_million
        + workload.output_tokens * prices.output_per_million
    ) / 1e6
    return 1000 * per_request * (1 - cache_hit_rate)


def routed_cost_per_thousand(
    large: Prices,
    small: Prices,
    workload: Workload,
    *,
    small_share: float,
    cache_hit_rate: float = 0.0,
) -> float:
    """Cost when a router sends ``small_share`` of the cache misses to the small model."""
    if not 0 <= small_share <= 1:
        raise ValueError("small_share must be between 0 and 1")
    return (1 - small_share) * cost_per_thousand(
        large, workload, cache_hit_rate=cache_hit_rate
    ) + small_share * cost_per_thousand(small, workload, cache_hit_rate=cache_hit_rate)


@dataclass(frozen=True)
class Accelerator:
    """A hypothetical accelerator for self-hosting: round numbers, not a product."""

    memory_bytes: float = 80e9
    bandwidth_bytes_per_second: float = 2e12
    price_per_hour: float = 2.5


def decode_tokens_per_second(
    batch: int, *, weight_bytes: float, kv_bytes_per_sequence: float, device: Accelerator
) -> float:
    """Tokens per second of memory-bound decoding: each step reads the weights once for the
    whole batch and the KV cache of every sequence, and yields one token per sequence."""
    step_seconds = (
        weight_bytes + batch * kv_bytes_per_sequence
    ) / device.bandwidth_bytes_per_second
    return batch / step_seconds


def max_batch(weight_bytes: float, kv_bytes_per_sequence: float, device: Accelerator) -> int:
    """How many sequences' KV caches fit next to the weights."""
    return int((device.memory_bytes - weight_bytes) // kv_bytes_per_sequence)


def self_hosted_cost_per_thousand(
    batch: int,
    workload: Workload,
    *,
    weight_bytes: float,
    kv_bytes_per_sequence: float,
    device: Accelerator,
) -> float:
    """Accelerator cost of generating the output tokens of 1,000 requests at a batch size.

    Only decoding is counted (prefill is compute-bound and shorter); the accelerator is
    assumed busy all the time, which real traffic rarely allows.
    """
    rate = decode_tokens_per_second(
        batch,
        weight_bytes=weight_bytes,
        kv_bytes_per_sequence=kv_bytes_per_sequence,
        device=device,
    )
    seconds = 1000 * workload.output_tokens / rate
    return seconds / 3600 * device.price_per_hour


# --------------------------------------------------------------------------- figure


#: A mid-tone blue that reads on furo's light and dark backgrounds.
LINE_COLOUR = "#3b82c4"


def plot_cost_vs_hit_rate(workload: Workload, small_shares: Sequence[float]) -> Figure:
    """Cost per 1,000 requests against the response-cache hit rate, one line per routing mix."""
    rates = np.linspace(0, 0.9, 10)
    with rc_context({**THEME_NEUTRAL_RC, "font.size": 12}):
        figure = Figure(figsize=(FIGURE_WIDTH_INCHES, 3.9))
        axes = figure.add_subplot()
        for share, style in zip(small_shares, ("-", "--", ":"), strict=False):
            costs = [
                routed_cost_per_thousand(
                    HYPOTHETICAL_LARGE,
                    HYPOTHETICAL_SMALL,
                    workload,
                    small_share=share,
                    cache_hit_rate=float(rate),
                )
                for rate in rates
            ]
            axes.plot(
                100 * rates,
                costs,
                style,
                color=LINE_COLOUR,
                linewidth=2,
                label=f"{100 * share:.0f}%",
            )
        axes.set_xlabel("response-cache hit rate (%)")
        axes.set_ylabel("cost per 1,000 requests\n(hypothetical units)")
        axes.set_ylim(bottom=0)
        axes.grid(alpha=0.3)
        axes.legend(frameon=False, title="routed to small model")
        figure.tight_layout()
    return figure


def cost_figure_alt(workload: Workload, small_shares: Sequence[float]) -> str:
    top = routed_cost_per_thousand(
        HYPOTHETICAL_LARGE, HYPOTHETICAL_SMALL, workload, small_share=small_shares[0]
    )
    return (
        "Line chart: cost per 1,000 requests falls linearly as the response-cache hit rate "
        f"rises from 0 to 90%, from {top:.2f} hypothetical units with no routing; each "
        "larger share of requests routed to the small model lowers the whole line."
    )
