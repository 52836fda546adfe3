"""Serving arithmetic and a real quantization experiment, for the serving-cost notebook.

Each piece is small enough to check by hand:

- KV-cache memory, the one function the site uses for it (the serving page and the
  resource-intensive challenge glue its numbers from the same notebook). Every layer stores
  one key vector and one value vector (hence the factor 2) per key/value head for every token
  of every sequence: ``2 x layers x kv_heads x head_dim x tokens x sequences x bytes``. With
  grouped-query attention several query heads share one key/value head, so ``kv_heads`` is
  smaller than the number of query heads and the cache shrinks by the same ratio (Pope et
  al. 2022, arXiv:2211.05102; Ainslie et al. 2023, arXiv:2305.13245). One illustrative model
  (:data:`opskb.examples.adapting.ILLUSTRATIVE_SHAPE`), one illustrative load
  (:data:`ILLUSTRATIVE_LOAD`) and one unit (GB, 10^9 bytes, like the 80 GB of the
  hypothetical accelerator).
- Weight quantization with numpy: symmetric round-to-nearest int8 and int4, per output
  channel or per group of input weights, with the reconstruction error of the matrix and of
  a matrix-vector product measured on a seeded random matrix. No calibration data, no error
  compensation: the baseline that calibrated methods such as GPTQ and AWQ improve on.
- Cost under stated, **hypothetical** prices: per thousand requests, with a response cache
  (a stored answer, no model call), a provider's prompt cache (a shared prefix billed at a
  cached-input price), reasoning tokens (billed as output though not shown), a batch
  discount, and routing to a smaller model.
- Hosted API against self-hosted open weights: the daily volume at which renting an
  accelerator and running it costs less than paying per token, under hypothetical prices,
  utilisation and operations cost.
- A gateway sketch that enforces a budget per team: it reserves a request's worst-case cost
  before the call and charges the actual cost after it.
- A plot of cost against the response-cache hit rate. It is glued as PNG through
  :class:`opskb.examples.display.FigurePNG`: myst-nb 1.4 embeds a figure in another page
  only as PNG, JPEG, GIF or PDF, and an SVG output falls back to its text there.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from matplotlib import rc_context
from matplotlib.figure import Figure

from opskb.examples.adapting import ILLUSTRATIVE_SHAPE, TransformerShape
from opskb.examples.display import (
    FIGURE_FONT_SIZE,
    FIGURE_WIDTH_INCHES,
    THEME_NEUTRAL_RC,
    markdown_table,
)

#: The one unit of memory on the serving pages: decimal gigabytes, as accelerators are sold.
GB = 1e9

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

    @classmethod
    def from_shape(cls, shape: TransformerShape) -> ServedModel:
        return cls(
            params=shape.total_params(),
            layers=shape.layers,
            heads=shape.heads,
            kv_heads=shape.kv_heads,
            head_dim=shape.head_dim,
        )

    def weight_bytes(self, bytes_per_weight: float = 2.0) -> float:
        return self.params * bytes_per_weight

    def kv_bytes_per_token(self, bytes_per_value: float = 2.0, *, kv_heads: int | None = None):
        return kv_cache_bytes(
            layers=self.layers,
            kv_heads=kv_heads or self.kv_heads,
            head_dim=self.head_dim,
            tokens=1,
            batch=1,
            bytes_per_value=bytes_per_value,
        )


#: The illustrative model of the serving pages: the shape of the adapting notebook.
ILLUSTRATIVE_MODEL = ServedModel.from_shape(ILLUSTRATIVE_SHAPE)


@dataclass(frozen=True)
class ServingLoad:
    """Sequences held at once and the tokens of context each: what the KV cache must hold."""

    context_tokens: int
    sequences: int


#: 32 sequences of 4,096 tokens: an illustrative load, assumed, not measured.
ILLUSTRATIVE_LOAD = ServingLoad(context_tokens=4096, sequences=32)


@dataclass(frozen=True)
class ServingMemory:
    """Weights and KV cache in bytes at 16 bits, with and without grouped-query attention."""

    weights: float
    kv_cache: float
    kv_cache_without_gqa: float

    @property
    def total(self) -> float:
        return self.weights + self.kv_cache


def serving_memory(model: ServedModel, load: ServingLoad) -> ServingMemory:
    """Memory for ``load`` on ``model`` at 16 bits (activations and overhead left out)."""
    per_sequence = load.context_tokens * load.sequences
    return ServingMemory(
        weights=model.weight_bytes(),
        kv_cache=model.kv_bytes_per_token() * per_sequence,
        kv_cache_without_gqa=model.kv_bytes_per_token(kv_heads=model.heads) * per_sequence,
    )


def kv_table(model: ServedModel, tokens: int, batches: Sequence[int]) -> str:
    """Markdown: KV-cache GB at fp16 for multi-head (kv = heads) vs grouped-query attention."""
    rows = []
    for batch in batches:
        memory = serving_memory(model, ServingLoad(context_tokens=tokens, sequences=batch))
        rows.append(
            [
                batch,
                tokens,
                f"{memory.kv_cache_without_gqa / GB:.1f}",
                f"{memory.kv_cache / GB:.1f}",
            ]
        )
    headers = [
        "sequences in the batch",
        "tokens each",
        f"KV cache, {model.heads} key/value heads (GB)",
        f"KV cache, {model.kv_heads} key/value heads (GB)",
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
    """Hypothetical prices per million tokens, in an unnamed currency unit.

    ``cached_input_per_million`` is what a provider's prompt cache charges for input tokens
    read from a cached prefix; ``batch_multiplier`` scales every price for requests sent
    through an asynchronous batch interface. Both follow the shape of published price lists
    (cheaper cached reads, a batch discount); the numbers are ours.
    """

    label: str
    input_per_million: float
    output_per_million: float
    cached_input_per_million: float | None = None
    batch_multiplier: float = 1.0

    def __post_init__(self) -> None:
        for name in ("input_per_million", "output_per_million"):
            if not getattr(self, name) >= 0:
                raise ValueError(f"{name} must not be negative")
        if self.cached_input_per_million is not None and not (
            0 <= self.cached_input_per_million <= self.input_per_million
        ):
            raise ValueError("cached_input_per_million must be between 0 and the input price")
        if not 0 < self.batch_multiplier <= 1:
            raise ValueError("batch_multiplier must be in (0, 1]")


#: Hypothetical prices for a large and a small hosted model: round numbers of the order of
#: late-2026 list prices, not copied from any provider. Cached input at a tenth of the input
#: price and batch at half price, the shape the cited providers publish.
HYPOTHETICAL_LARGE = Prices("large model (hypothetical)", 5.0, 20.0, 0.5, 0.5)
HYPOTHETICAL_SMALL = Prices("small model (hypothetical)", 0.5, 2.0, 0.05, 0.5)


@dataclass(frozen=True)
class Workload:
    """Tokens per request: what the application sends and what the model writes.

    ``cached_prefix_tokens`` of the input are a prefix shared with earlier requests (a system
    prompt, tool definitions) that a provider's prompt cache can serve; ``reasoning_tokens``
    are generated before the answer and billed as output, though the caller never sees them.
    """

    input_tokens: int
    output_tokens: int
    cached_prefix_tokens: int = 0
    reasoning_tokens: int = 0

    def __post_init__(self) -> None:
        for name in ("input_tokens", "output_tokens", "cached_prefix_tokens", "reasoning_tokens"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
        if self.cached_prefix_tokens > self.input_tokens:
            raise ValueError("cached_prefix_tokens cannot exceed input_tokens")

    @property
    def billed_output_tokens(self) -> int:
        return self.output_tokens + self.reasoning_tokens


ILLUSTRATIVE_WORKLOAD = Workload(input_tokens=1500, output_tokens=300)


def cost_per_request(
    prices: Prices, workload: Workload, *, prompt_cache: bool = False, batch: bool = False
) -> float:
    """Cost of one request that reaches the model.

    With ``prompt_cache`` the shared prefix is billed at the cached-input price (a steady
    state: the prefix was written to the cache by an earlier request). With ``batch`` every
    price is scaled by the batch multiplier.
    """
    cached = workload.cached_prefix_tokens if prompt_cache else 0
    if cached and prices.cached_input_per_million is None:
        raise ValueError(f"{prices.label} has no cached-input price")
    cached_price = prices.cached_input_per_million or 0.0
    total = (
        (workload.input_tokens - cached) * prices.input_per_million
        + cached * cached_price
        + workload.billed_output_tokens * prices.output_per_million
    ) / 1e6
    return total * (prices.batch_multiplier if batch else 1.0)


def cost_per_thousand(
    prices: Prices,
    workload: Workload,
    *,
    response_cache_hit_rate: float = 0.0,
    prompt_cache: bool = False,
    batch: bool = False,
) -> float:
    """Cost of 1,000 requests; a response-cache hit returns a stored answer, no model tokens."""
    if not 0 <= response_cache_hit_rate <= 1:
        raise ValueError("response_cache_hit_rate must be between 0 and 1")
    per_request = cost_per_request(prices, workload, prompt_cache=prompt_cache, batch=batch)
    return 1000 * per_request * (1 - response_cache_hit_rate)


def routed_cost_per_thousand(
    large: Prices,
    small: Prices,
    workload: Workload,
    *,
    small_share: float,
    response_cache_hit_rate: float = 0.0,
) -> float:
    """Cost when a router sends ``small_share`` of the cache misses to the small model."""
    if not 0 <= small_share <= 1:
        raise ValueError("small_share must be between 0 and 1")
    hit = response_cache_hit_rate
    return (1 - small_share) * cost_per_thousand(
        large, workload, response_cache_hit_rate=hit
    ) + small_share * cost_per_thousand(small, workload, response_cache_hit_rate=hit)


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
    seconds = 1000 * workload.billed_output_tokens / rate
    return seconds / 3600 * device.price_per_hour


# --------------------------------------------------------------------------- hosted vs self-hosted


@dataclass(frozen=True)
class SelfHosting:
    """Running open weights yourself: hypothetical rent, throughput and operations cost.

    ``requests_per_second`` is what one accelerator sustains for the workload, averaged over
    a day (utilisation included); ``operations_per_day`` stands for the people and tooling
    that keep the deployment running, whatever the volume.
    """

    accelerator_per_day: float
    requests_per_second: float
    operations_per_day: float

    def __post_init__(self) -> None:
        if not (self.accelerator_per_day > 0 and self.requests_per_second > 0):
            raise ValueError("accelerator_per_day and requests_per_second must be positive")
        if not self.operations_per_day >= 0:
            raise ValueError("operations_per_day must not be negative")

    @property
    def capacity_per_day(self) -> float:
        """Requests one accelerator serves in a day."""
        return self.requests_per_second * 86_400

    def accelerators(self, requests_per_day: float) -> int:
        return max(1, math.ceil(requests_per_day / self.capacity_per_day))

    def cost_per_day(self, requests_per_day: float) -> float:
        """Whole accelerators, rented all day, plus the fixed operations cost."""
        return (
            self.accelerators(requests_per_day) * self.accelerator_per_day + self.operations_per_day
        )


#: Hypothetical: the share of the memory-bound decoding rate a deployment sustains over a day
#: (prefill, scheduling, uneven traffic and headroom take the rest), and a daily cost of
#: operating it (people, monitoring, upgrades). Stated, not measured.
HYPOTHETICAL_UTILISATION = 0.4
HYPOTHETICAL_OPERATIONS_PER_DAY = 200.0


def hypothetical_self_hosting(
    model: ServedModel,
    workload: Workload,
    device: Accelerator,
    *,
    utilisation: float = HYPOTHETICAL_UTILISATION,
    operations_per_day: float = HYPOTHETICAL_OPERATIONS_PER_DAY,
) -> SelfHosting:
    """Self-hosting ``model`` on ``device``: the batching model at its largest batch, scaled
    by ``utilisation``, gives the requests per second; the device's price gives the rent."""
    if not 0 < utilisation <= 1:
        raise ValueError("utilisation must be in (0, 1]")
    context = workload.input_tokens + workload.billed_output_tokens
    kv_per_sequence = model.kv_bytes_per_token() * context
    weights = model.weight_bytes()
    batch = max_batch(weights, kv_per_sequence, device)
    if batch < 1:
        raise ValueError("the weights and one sequence do not fit on the device")
    tokens_per_second = decode_tokens_per_second(
        batch, weight_bytes=weights, kv_bytes_per_sequence=kv_per_sequence, device=device
    )
    return SelfHosting(
        accelerator_per_day=24 * device.price_per_hour,
        requests_per_second=utilisation * tokens_per_second / workload.billed_output_tokens,
        operations_per_day=operations_per_day,
    )


def hosted_cost_per_day(prices: Prices, workload: Workload, requests_per_day: float) -> float:
    return requests_per_day * cost_per_request(prices, workload)


def break_even_requests_per_day(
    prices: Prices, workload: Workload, plan: SelfHosting
) -> float | None:
    """The smallest daily volume at which self-hosting costs no more than the hosted API.

    With k accelerators, self-hosting costs k·A + O a day against v·c for the API, and k must
    cover v. The first k with (k·A + O)/c <= k·capacity gives the volume (k·A + O)/c. None
    when an accelerator's marginal cost per request is not below the API's price: then no
    volume pays for the fixed costs.
    """
    per_request = cost_per_request(prices, workload)
    margin = plan.capacity_per_day * per_request - plan.accelerator_per_day
    if per_request <= 0 or margin <= 0:
        return None
    k = max(1, math.ceil(plan.operations_per_day / margin))
    return (k * plan.accelerator_per_day + plan.operations_per_day) / per_request


# --------------------------------------------------------------------------- gateway


@dataclass(frozen=True)
class Request:
    """One call as a gateway sees it: who sends it and the tokens it will use."""

    team: str
    workload: Workload
    max_output_tokens: int

    def __post_init__(self) -> None:
        if self.max_output_tokens < self.workload.billed_output_tokens:
            raise ValueError("a response cannot exceed max_output_tokens")


@dataclass
class BudgetGateway:
    """A sketch of a gateway that enforces a spending budget per team.

    Before a call it reserves the worst case (the whole input and ``max_output_tokens`` at
    the output price) and refuses the call if that could take the team past its budget;
    after the call it charges what the provider would bill. A team without a budget is
    refused: spending needs an owner. A sketch for the notebook, not a product: no time
    windows, no concurrency, one price list.
    """

    prices: Prices
    budgets: Mapping[str, float]
    spent: dict[str, float] = field(default_factory=dict)
    admitted: dict[str, int] = field(default_factory=dict)
    refused: dict[str, int] = field(default_factory=dict)

    def worst_case(self, request: Request) -> float:
        reserve = Workload(
            input_tokens=request.workload.input_tokens, output_tokens=request.max_output_tokens
        )
        return cost_per_request(self.prices, reserve)

    def submit(self, request: Request) -> bool:
        """Admit and charge the request, or refuse it; True when admitted."""
        team = request.team
        budget = self.budgets.get(team)
        spent = self.spent.get(team, 0.0)
        if budget is None or spent + self.worst_case(request) > budget:
            self.refused[team] = self.refused.get(team, 0) + 1
            return False
        self.spent[team] = spent + cost_per_request(self.prices, request.workload)
        self.admitted[team] = self.admitted.get(team, 0) + 1
        return True


def scripted_traffic(seed: int) -> list[Request]:
    """A seeded day of requests from three teams; the agent team's loop never stops.

    ``support`` and ``search`` send a few hundred ordinary requests; ``agent`` runs a loop
    that re-sends a growing context (each step adds its own output to the next prompt), the
    shape of a runaway agent or of denial-of-wallet traffic. The teams' requests interleave at
    seeded times; each team's own requests stay in order.
    """
    rng = np.random.default_rng(seed)
    requests: list[Request] = []
    for team, count, mean_input in (("support", 300, 1200), ("search", 200, 2500)):
        for _ in range(count):
            workload = Workload(
                input_tokens=int(rng.integers(mean_input // 2, mean_input * 3 // 2)),
                output_tokens=int(rng.integers(100, 400)),
            )
            requests.append(Request(team, workload, max_output_tokens=1000))
    context = 4000
    for _ in range(400):
        output = int(rng.integers(300, 700))
        requests.append(Request("agent", Workload(context, output), max_output_tokens=1000))
        context += output
    # Each request gets a time in the day; sorted within a team, so every team keeps its order.
    times = np.concatenate(
        [np.sort(rng.random(count)) for count in (300, 200, len(requests) - 500)]
    )
    return [requests[i] for i in np.argsort(times, kind="stable")]


def gateway_table(gateway: BudgetGateway, traffic: Sequence[Request]) -> str:
    """Markdown: per team, budget, requests sent, admitted, refused, spent, ungated spend."""
    ungated: dict[str, float] = {}
    sent: dict[str, int] = {}
    for request in traffic:
        cost = cost_per_request(gateway.prices, request.workload)
        ungated[request.team] = ungated.get(request.team, 0.0) + cost
        sent[request.team] = sent.get(request.team, 0) + 1
    rows = [
        [
            team,
            f"{gateway.budgets.get(team, 0.0):.2f}",
            sent[team],
            gateway.admitted.get(team, 0),
            gateway.refused.get(team, 0),
            f"{gateway.spent.get(team, 0.0):.2f}",
            f"{ungated[team]:.2f}",
        ]
        for team in sorted(sent)
    ]
    headers = ["team", "budget", "requests sent", "admitted", "refused", "spent", "without gateway"]
    return markdown_table(headers, rows)


# --------------------------------------------------------------------------- figure


#: A mid-tone blue that reads on furo's light and dark backgrounds.
LINE_COLOUR = "#3b82c4"


def plot_cost_vs_hit_rate(workload: Workload, small_shares: Sequence[float]) -> Figure:
    """Cost per 1,000 requests against the response-cache hit rate, one line per routing mix."""
    rates = np.linspace(0, 0.9, 10)
    with rc_context({**THEME_NEUTRAL_RC, "font.size": FIGURE_FONT_SIZE}):
        figure = Figure(figsize=(FIGURE_WIDTH_INCHES, 3.9))
        axes = figure.add_subplot()
        for share, style in zip(small_shares, ("-", "--", ":"), strict=False):
            costs = [
                routed_cost_per_thousand(
                    HYPOTHETICAL_LARGE,
                    HYPOTHETICAL_SMALL,
                    workload,
                    small_share=share,
                    response_cache_hit_rate=float(rate),
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
