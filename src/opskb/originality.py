"""Check that our pages do not reuse the source article's wording.

The knowledge base paraphrases the article; it must never paste its sentences. The article
itself is not ours to redistribute, so the repository keeps only a fingerprint of it: the
SHA-256 digests of its word 6-grams ("shingles"). Any 6-word run of a page whose digest is
in the fingerprint is a copied phrase. The article's title is exempt: citing it is required.

Regenerate the fingerprint (rarely: only if the source text changes) with
``python -m opskb.originality fingerprint ARTICLE.txt > tests/data/article-shingles.txt``.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

SHINGLE_WORDS = 6
_WORD = re.compile(r"[a-z0-9']+")


def words(text: str) -> list[str]:
    """Lower-case words, punctuation and markup dropped, so layout cannot hide a copy."""
    return _WORD.findall(text.lower())


def shingles(text: str, size: int = SHINGLE_WORDS) -> Iterator[tuple[int, str]]:
    """Each run of ``size`` consecutive words, with the index of its first word."""
    tokens = words(text)
    for start in range(len(tokens) - size + 1):
        yield start, " ".join(tokens[start : start + size])


def digest(shingle: str) -> str:
    return hashlib.sha256(shingle.encode()).hexdigest()[:16]


def fingerprint(article: str) -> list[str]:
    """Sorted digests of the article's shingles, its title's excepted."""
    title = article.strip().splitlines()[0]
    exempt = {text for _, text in shingles(title)}
    return sorted({digest(text) for _, text in shingles(article) if text not in exempt})


def copied_phrases(text: str, digests: Iterable[str]) -> list[str]:
    """The page's 6-word runs that also stand in the article, overlapping runs merged."""
    known = set(digests)
    tokens = words(text)
    copied = [start for start, shingle in shingles(text) if digest(shingle) in known]
    phrases, run_start, run_end = [], None, None
    for start in copied:
        if run_end is not None and start <= run_end:
            run_end = start + SHINGLE_WORDS
            continue
        if run_start is not None:
            phrases.append(" ".join(tokens[run_start:run_end]))
        run_start, run_end = start, start + SHINGLE_WORDS
    if run_start is not None:
        phrases.append(" ".join(tokens[run_start:run_end]))
    return phrases


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "fingerprint":
        print(f"usage: python -m opskb.originality fingerprint ARTICLE.txt\n\n{__doc__}")
        return 2
    article = Path(argv[1]).read_text(encoding="utf-8")
    print("\n".join(fingerprint(article)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
