"""What adapting a model costs in parameters and memory: full fine-tuning, LoRA and QLoRA.

Arithmetic, not a training run. For a stated decoder-only transformer shape it counts

- the parameters of the model, layer by layer;
- the trainable parameters of LoRA: a frozen weight matrix W (d_out x d_in) gets a trainable
  update B·A with B (d_out x r) and A (r x d_in), so r·(d_in + d_out) parameters per adapted
  matrix (Hu et al. 2021, arXiv:2106.09685);
- the memory for weights plus optimiser state, before activations:

  - full fine-tuning with mixed-precision Adam keeps about 16 bytes per parameter
    (:data:`opskb.examples.resources.ADAM_MIXED_PRECISION_BYTES_PER_PARAM`);
  - LoRA keeps the frozen base in 16-bit (2 bytes per parameter) and 16 bytes per adapter
    parameter;
  - QLoRA stores the frozen linear layers of the transformer blocks in 4 bits, plus the
    quantization constants: 32-bit constants per block of 64 weights are 0.5 bits per
    weight, and double quantization brings them to about 0.127 bits per weight
    (Dettmers et al. 2023, arXiv:2305.14314, sec. 3). Embeddings, the output head and the
    norms stay in 16-bit here, an assumption of this module.

Activations, the KV cache and framework overhead are not counted: they depend on batch size,
sequence length and implementation, so the numbers are lower bounds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from opskb.examples.display import markdown_table
from opskb.examples.resources import ADAM_MIXED_PRECISION_BYTES_PER_PARAM

#: Bytes per frozen parameter stored in bf16/fp16.
BF16_BYTES = 2.0
#: Bits per weight of the 4-bit NormalFloat storage of QLoRA.
NF4_BITS = 4.0
#: Bits per weight of quantization constants: 32-bit scale per 64 weights (no double quant).
CONSTANT_BITS_SINGLE = 32 / 64
#: With double quantization: 8-bit scales per 64 weights plus a 32-bit scale per 256 of them.
CONSTANT_BITS_DOUBLE = 8 / 64 + 32 / (64 * 256)

GIB = 1024**3


@dataclass(frozen=True)
class TransformerShape:
    """A decoder-only transformer with grouped-query attention and a gated MLP."""

    label: str
    layers: int
    d_model: int
    heads: int
    kv_heads: int
    d_ff: int
    vocab: int
    tied_embeddings: bool = False

    def __post_init__(self) -> None:
        for name in ("layers", "d_model", "heads", "kv_heads", "d_ff", "vocab"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"{name} must be a positive integer, got {value!r}")
        if self.d_model % self.heads:
            raise ValueError("d_model must be a multiple of heads")
        if self.heads % self.kv_heads:
            raise ValueError("heads must be a multiple of kv_heads")

    @property
    def head_dim(self) -> int:
        return self.d_model // self.heads

    def linear_layers(self) -> dict[str, tuple[int, int]]:
        """(d_in, d_out) of each linear layer in one transformer block."""
        d, kv = self.d_model, self.kv_heads * self.head_dim
        return {
            "q": (d, d),
            "k": (d, kv),
            "v": (d, kv),
            "o": (d, d),
            "gate": (d, self.d_ff),
            "up": (d, self.d_ff),
            "down": (self.d_ff, d),
        }

    def block_linear_params(self) -> int:
        """Parameters of the linear layers of all blocks (what QLoRA quantizes)."""
        per_block = sum(d_in * d_out for d_in, d_out in self.linear_layers().values())
        return self.layers * per_block

    def other_params(self) -> int:
        """Embeddings, output head and RMSNorm gains (two per block and a final one)."""
        embeddings = self.vocab * self.d_model * (1 if self.tied_embeddings else 2)
        norms = (2 * self.layers + 1) * self.d_model
        return embeddings + norms

    def total_params(self) -> int:
        return self.block_linear_params() + self.other_params()


#: The shape the notebook uses: the one published for Mistral 7B (Jiang et al. 2023,
#: arXiv:2310.06825), a typical open model of about seven billion parameters.
ILLUSTRATIVE_SHAPE = TransformerShape(
    label="Mistral 7B (published shape)",
    layers=32,
    d_model=4096,
    heads=32,
    kv_heads=8,
    d_ff=14336,
    vocab=32000,
)

#: Which linear layers get adapters: the original LoRA experiments adapted the query and value
#: projections; adapting every linear layer is a common later choice (used by QLoRA).
TARGETS: Mapping[str, tuple[str, ...]] = {
    "attention q, v": ("q", "v"),
    "all linear layers": ("q", "k", "v", "o", "gate", "up", "down"),
}


def lora_params(shape: TransformerShape, rank: int, targets: Sequence[str]) -> int:
    """Trainable LoRA parameters: r·(d_in + d_out) per adapted matrix, in every block."""
    if not isinstance(rank, int) or isinstance(rank, bool) or rank <= 0:
        raise ValueError(f"rank must be a positive integer, got {rank!r}")
    layers = shape.linear_layers()
    unknown = sorted(set(targets) - set(layers))
    if unknown or not targets:
        raise ValueError(f"targets must be a non-empty subset of {sorted(layers)}, got {unknown}")
    per_block = sum(rank * (layers[name][0] + layers[name][1]) for name in targets)
    return shape.layers * per_block


@dataclass(frozen=True)
class MemoryEstimate:
    """Bytes for weights and optimiser state of one way to adapt the model."""

    method: str
    trainable_params: int
    frozen_weight_bytes: float
    training_state_bytes: float

    @property
    def total_bytes(self) -> float:
        return self.frozen_weight_bytes + self.training_state_bytes


def full_finetuning_memory(shape: TransformerShape) -> MemoryEstimate:
    """Every parameter trained with mixed-precision Adam: 16 bytes each."""
    n = shape.total_params()
    return MemoryEstimate("full fine-tuning", n, 0.0, n * ADAM_MIXED_PRECISION_BYTES_PER_PARAM)


def lora_memory(shape: TransformerShape, rank: int, targets: Sequence[str]) -> MemoryEstimate:
    """Frozen 16-bit base plus adapters trained with mixed-precision Adam."""
    adapters = lora_params(shape, rank, targets)
    return MemoryEstimate(
        f"LoRA r={rank}",
        adapters,
        shape.total_params() * BF16_BYTES,
        adapters * ADAM_MIXED_PRECISION_BYTES_PER_PARAM,
    )


def qlora_memory(
    shape: TransformerShape, rank: int, targets: Sequence[str], *, double_quant: bool = True
) -> MemoryEstimate:
    """Block linear layers in NF4 plus constants, the rest in 16-bit, adapters as in LoRA."""
    adapters = lora_params(shape, rank, targets)
    constant_bits = CONSTANT_BITS_DOUBLE if double_quant else CONSTANT_BITS_SINGLE
    quantized = shape.block_linear_params() * (NF4_BITS + constant_bits) / 8
    frozen = quantized + shape.other_params() * BF16_BYTES
    return MemoryEstimate(
        f"QLoRA r={rank}", adapters, frozen, adapters * ADAM_MIXED_PRECISION_BYTES_PER_PARAM
    )


def shape_table(shape: TransformerShape) -> str:
    """Markdown: the stated shape and its parameter count."""
    rows = [
        ["layers", shape.layers],
        ["model width", shape.d_model],
        ["attention heads (key/value heads)", f"{shape.heads} ({shape.kv_heads})"],
        ["MLP width (gated)", shape.d_ff],
        ["vocabulary", f"{shape.vocab:,}"],
        ["parameters, total", f"{shape.total_params():,}"],
        ["of which block linear layers", f"{shape.block_linear_params():,}"],
    ]
    return markdown_table(["property", "value"], rows)


def lora_table(shape: TransformerShape, ranks: Sequence[int]) -> str:
    """Markdown: trainable parameters of LoRA by rank and target set, vs full fine-tuning."""
    total = shape.total_params()
    rows = []
    for name, targets in TARGETS.items():
        for rank in ranks:
            n = lora_params(shape, rank, targets)
            rows.append([name, rank, f"{n:,}", f"{100 * n / total:.3f}%"])
    rows.append(["full fine-tuning", "—", f"{total:,}", "100%"])
    return markdown_table(["adapted layers", "rank r", "trainable parameters", "share"], rows)


def memory_table(estimates: Sequence[MemoryEstimate]) -> str:
    """Markdown: GiB for frozen weights, training state and their sum."""
    rows = [
        [
            e.method,
            f"{e.trainable_params:,}",
            f"{e.frozen_weight_bytes / GIB:.1f}",
            f"{e.training_state_bytes / GIB:.2f}",
            f"{e.total_bytes / GIB:.1f}",
        ]
        for e in estimates
    ]
    headers = [
        "method",
        "trainable parameters",
        "frozen weights (GiB)",
        "weights, gradients and Adam state of trained parameters (GiB)",
        "total before activations (GiB)",
    ]
    return markdown_table(headers, rows)


def assumptions_table() -> str:
    """Markdown: the bytes-per-parameter assumptions behind :func:`memory_table`."""
    rows = [
        [
            "trained parameter, mixed-precision Adam",
            f"{ADAM_MIXED_PRECISION_BYTES_PER_PARAM} bytes",
        ],
        ["frozen parameter, 16-bit", f"{BF16_BYTES:g} bytes"],
        ["frozen block weight, QLoRA NF4", f"{NF4_BITS:g} bits"],
        ["quantization constants, single", f"{CONSTANT_BITS_SINGLE:.3f} bits per weight"],
        ["quantization constants, double", f"{CONSTANT_BITS_DOUBLE:.3f} bits per weight"],
        ["activations, KV cache, framework overhead", "not counted"],
    ]
    return markdown_table(["item", "assumed size"], rows)
