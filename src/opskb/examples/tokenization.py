"""General vs domain tokenizers: how much shorter does domain text get?

Two byte-level BPE tokenizers (Hugging Face ``tokenizers``) are trained from the bundled
text with the same vocabulary size, one on everyday prose and one on operations text.
Counting the tokens each needs for held-out domain documents shows the article's "efficient
training" claim in numbers: training compute grows linearly with the number of tokens
(C ~ 6 N D, :func:`opskb.examples.resources.training_flops`), so fewer tokens per document
means proportionally less compute per document for the same model -- for a model trained
from scratch. A team that fine-tunes or prompts a pre-trained model must use the tokenizer
that model was trained with, so it cannot take this saving.

A tokenizer is also a versioned artefact: :func:`tokenizer_version` is a content hash of
its vocabulary, merges and settings, and :func:`check_tokenizer` refuses to pair a model
with a tokenizer whose version differs from the one recorded at training time.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

from opskb.examples.display import markdown_table
from opskb.examples.resources import training_flops


def train_bpe(texts: Sequence[str], vocab_size: int) -> Tokenizer:
    """A byte-level BPE tokenizer trained on ``texts`` (every byte is in the base alphabet,
    so no text is ever unknown). Training is deterministic for the same input."""
    alphabet = pre_tokenizers.ByteLevel.alphabet()
    if vocab_size <= len(alphabet):
        raise ValueError(
            f"vocab_size must exceed the {len(alphabet)}-symbol byte alphabet, got {vocab_size}"
        )
    if not any(text.strip() for text in texts):
        raise ValueError("cannot train a tokenizer on empty text")
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size, initial_alphabet=alphabet, show_progress=False
    )
    tokenizer.train_from_iterator(texts, trainer=trainer)
    if tokenizer.get_vocab_size() < vocab_size:
        # A corpus too small to learn enough merges would make the comparison unfair.
        raise ValueError(
            f"the text supports only {tokenizer.get_vocab_size()} tokens, "
            f"fewer than vocab_size={vocab_size}; use more text or a smaller vocabulary"
        )
    return tokenizer


def tokenizer_version(tokenizer: Tokenizer) -> str:
    """A 12-hex-digit content hash of the tokenizer: vocabulary, merges and settings.

    Two tokenizers get the same version exactly when they split every text the same way
    (same vocabulary, merges, pre-tokenizer and decoder), so a model can record the version
    it was trained with. The serialised form is re-dumped with sorted keys so the hash does
    not depend on key order.
    """
    canonical = json.dumps(json.loads(tokenizer.to_str()), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def check_tokenizer(expected_version: str, tokenizer: Tokenizer) -> None:
    """Raise if ``tokenizer`` is not the version a model was trained with."""
    actual = tokenizer_version(tokenizer)
    if actual != expected_version:
        raise ValueError(
            f"tokenizer version {actual} does not match {expected_version}, the version the "
            "model was trained with: its token ids would mean different text"
        )


def hold_out(documents: Sequence[str], every: int) -> tuple[list[str], list[str]]:
    """(training, held-out): every ``every``-th document (the last of each group) is held out.

    A tokenizer measured on its own training text looks better than it is; the held-out part
    gives the fair measurement."""
    if every < 2:
        raise ValueError("every must be at least 2, or nothing is left to train on")
    train = [d for i, d in enumerate(documents) if i % every != every - 1]
    held = [d for i, d in enumerate(documents) if i % every == every - 1]
    return train, held


def token_counts(tokenizer: Tokenizer, documents: Sequence[str]) -> list[int]:
    """Number of tokens for each document."""
    return [len(encoding.ids) for encoding in tokenizer.encode_batch(list(documents))]


def readable_tokens(tokenizer: Tokenizer, text: str) -> list[str]:
    """The tokens of ``text`` with byte-level space markers shown as ``_``."""
    return [token.replace("\u0120", "_") for token in tokenizer.encode(text).tokens]


@dataclass(frozen=True)
class Comparison:
    """Token counts of the same documents under the two tokenizers."""

    general_tokens: tuple[int, ...]
    domain_tokens: tuple[int, ...]

    @property
    def general_total(self) -> int:
        """All tokens of the documents under the general tokenizer."""
        return sum(self.general_tokens)

    @property
    def domain_total(self) -> int:
        """All tokens of the documents under the domain tokenizer."""
        return sum(self.domain_tokens)

    @property
    def shortening(self) -> float:
        """Relative reduction in tokens, 0.25 meaning a quarter fewer tokens."""
        return 1 - self.domain_total / self.general_total

    def compute_saving(self, n_params: float, n_documents: float) -> tuple[float, float]:
        """Training FLOPs (general, domain) for ``n_documents`` like these, by 6 N D."""
        per_document = n_documents / len(self.general_tokens)
        return (
            training_flops(n_params, self.general_total * per_document),
            training_flops(n_params, self.domain_total * per_document),
        )


def compare(general: Tokenizer, domain: Tokenizer, documents: Sequence[str]) -> Comparison:
    """Count the tokens each tokenizer needs for every document."""
    if not documents:
        raise ValueError("no documents to compare on")
    return Comparison(
        general_tokens=tuple(token_counts(general, documents)),
        domain_tokens=tuple(token_counts(domain, documents)),
    )


def comparison_table(comparison: Comparison) -> str:
    """Markdown: tokens per document under each tokenizer, and the total."""
    rows: list[list[object]] = [
        [f"document {i}", general, domain, f"{1 - domain / general:.0%}"]
        for i, (general, domain) in enumerate(
            zip(comparison.general_tokens, comparison.domain_tokens, strict=True), start=1
        )
    ]
    rows.append(
        [
            "**all**",
            comparison.general_total,
            comparison.domain_total,
            f"**{comparison.shortening:.0%}**",
        ]
    )
    return markdown_table(["document", "general tokenizer", "domain tokenizer", "shorter by"], rows)


def version_table(tokenizers: Sequence[tuple[str, Tokenizer]]) -> str:
    """Markdown: each named tokenizer's version and vocabulary size."""
    rows = [
        [name, f"`{tokenizer_version(tokenizer)}`", tokenizer.get_vocab_size()]
        for name, tokenizer in tokenizers
    ]
    return markdown_table(["tokenizer", "version (content hash)", "vocabulary"], rows)
