"""Prompt releases as bookkeeping: content-hashed releases, gated promotion, pinned models.

No model is called anywhere in this module. It keeps the records a team needs around a
prompt-based feature and checks them:

- :class:`Release` is what ships together: one prompt template version (from
  :class:`opskb.examples.llmops_lifecycle.PromptRegistry`, which hashes the template text),
  the model id as written in the configuration, and the generation settings. Its
  :attr:`Release.release_hash` changes when any of them changes, so an evaluation recorded
  for one release cannot be reused for another.
- :class:`ModelCatalogue` is a provider's published list of model snapshots and aliases, with
  release, deprecation and retirement dates. :meth:`ModelCatalogue.resolve` says which
  snapshot a model id reaches on a given day: a snapshot id reaches itself until it retires;
  an alias reaches whatever the provider points it at that day. :func:`example_catalogue`
  is **hypothetical**: invented names and dates, shaped like the deprecation pages providers
  publish, belonging to no real provider.
- :class:`Pipeline` moves releases through development, staging and production. A release
  enters staging or production only with a stored, passing :class:`EvaluationRecord` for
  that exact release, evaluated on the snapshot its model id still resolves to, and only
  while that snapshot is not deprecated.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from opskb.examples.display import markdown_table
from opskb.examples.llmops_lifecycle import PromptRegistry, PromptTemplate

ENVIRONMENTS: tuple[str, ...] = ("development", "staging", "production")
#: Where a production release goes when another release of the same prompt replaces it.
ARCHIVED = "archived"


# --- releases ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Release:
    """One prompt template version, one model id and the settings it is called with."""

    prompt: PromptTemplate
    model: str
    temperature: float = 0.0
    max_output_tokens: int = 512

    @property
    def release_hash(self) -> str:
        """The first 12 hex digits of a SHA-256 over everything that ships: the template's
        name, version and content hash, the model id and the settings."""
        content = {
            "prompt": self.prompt.id,
            "prompt_hash": self.prompt.content_hash,
            "model": self.model,
            "temperature": self.temperature,
            "max_output_tokens": self.max_output_tokens,
        }
        encoded = json.dumps(content, sort_keys=True).encode("utf-8")
        return hashlib.sha256(encoded).hexdigest()[:12]

    @property
    def label(self) -> str:
        """``prompt@vN + model``, for tables."""
        return f"{self.prompt.id} + {self.model}"


# --- the provider's model catalogue ----------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """A fixed model version: its behaviour does not change, but it has an end date."""

    id: str
    released: date
    deprecated: date | None = None
    retires: date | None = None

    def __post_init__(self) -> None:
        if self.retires is not None and self.deprecated is None:
            raise ValueError(f"{self.id}: a retirement date needs a deprecation date first")
        if self.deprecated is not None and self.deprecated < self.released:
            raise ValueError(f"{self.id}: deprecated before it was released")
        if (
            self.retires is not None
            and self.deprecated is not None
            and (self.retires <= self.deprecated)
        ):
            raise ValueError(f"{self.id}: retires on or before its deprecation")

    def status(self, on: date) -> str:
        """``unreleased``, ``active``, ``deprecated`` or ``retired`` on that day."""
        if on < self.released:
            return "unreleased"
        if self.retires is not None and on >= self.retires:
            return "retired"
        if self.deprecated is not None and on >= self.deprecated:
            return "deprecated"
        return "active"


class RetiredModelError(LookupError):
    """The model id reaches a snapshot that no longer answers: requests would fail."""


@dataclass(frozen=True)
class ModelCatalogue:
    """Snapshots, and aliases that point at one snapshot from a given day on."""

    snapshots: tuple[Snapshot, ...]
    aliases: dict[str, tuple[tuple[date, str], ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        known = {s.id for s in self.snapshots}
        for alias, targets in self.aliases.items():
            if alias in known:
                raise ValueError(f"{alias!r} is both an alias and a snapshot id")
            days = [day for day, _ in targets]
            if not targets or days != sorted(days) or len(set(days)) != len(days):
                raise ValueError(f"alias {alias!r} needs targets in strictly increasing date order")
            for _, target in targets:
                if target not in known:
                    raise ValueError(f"alias {alias!r} points at unknown snapshot {target!r}")

    def snapshot(self, snapshot_id: str) -> Snapshot:
        """The snapshot with that id."""
        for snapshot in self.snapshots:
            if snapshot.id == snapshot_id:
                return snapshot
        raise LookupError(f"no snapshot {snapshot_id!r}")

    def is_alias(self, model: str) -> bool:
        """True for a moving name, False for a snapshot id (unknown ids raise)."""
        if model in self.aliases:
            return True
        self.snapshot(model)
        return False

    def resolve(self, model: str, on: date) -> Snapshot:
        """The snapshot that answers ``model`` on that day; :class:`RetiredModelError` when
        it has retired, :class:`LookupError` when it does not exist yet."""
        if model in self.aliases:
            current = [target for day, target in self.aliases[model] if day <= on]
            if not current:
                raise LookupError(f"alias {model!r} points nowhere on {on}")
            snapshot = self.snapshot(current[-1])
        else:
            snapshot = self.snapshot(model)
        status = snapshot.status(on)
        if status == "unreleased":
            raise LookupError(f"{snapshot.id} is not released on {on}")
        if status == "retired":
            raise RetiredModelError(f"{snapshot.id} retired on {snapshot.retires}")
        return snapshot


def example_catalogue() -> ModelCatalogue:
    """A **hypothetical** provider catalogue: invented names and dates, no real provider.

    Two dated snapshots of ``acme-chat``; the older is deprecated on 2026-10-01 and retires
    on 2027-04-01. The alias ``acme-chat`` points at the older one until 2026-11-01, then at
    the newer one.
    """
    older = Snapshot(
        "acme-chat-2026-01-15",
        released=date(2026, 1, 15),
        deprecated=date(2026, 10, 1),
        retires=date(2027, 4, 1),
    )
    newer = Snapshot("acme-chat-2026-09-01", released=date(2026, 9, 1))
    return ModelCatalogue(
        snapshots=(older, newer),
        aliases={"acme-chat": ((older.released, older.id), (date(2026, 11, 1), newer.id))},
    )


# --- evaluation records and promotion ---------------------------------------------------------


@dataclass(frozen=True)
class EvaluationRecord:
    """What the evaluation gate stored for one release: on which day, on which reference set
    version, which snapshot actually answered, and whether the gate passed."""

    release_hash: str
    evaluated_on: date
    reference_set: str
    served_by: str
    passed: bool


@dataclass(frozen=True)
class Decision:
    """One promotion request and its outcome."""

    release: Release
    on: date
    source: str
    target: str
    promoted: bool
    reason: str


class Pipeline:
    """Releases, their stored evaluations and the environment each release is in."""

    def __init__(self, catalogue: ModelCatalogue) -> None:
        self.catalogue = catalogue
        self._environment: dict[str, str] = {}
        self._names: dict[str, str] = {}
        self._evaluations: dict[str, list[EvaluationRecord]] = {}
        self.log: list[Decision] = []

    def add(self, release: Release) -> None:
        """A new release starts in development (adding it again changes nothing)."""
        self.catalogue.is_alias(release.model)  # unknown model ids fail here, not later
        self._environment.setdefault(release.release_hash, ENVIRONMENTS[0])
        self._names[release.release_hash] = release.prompt.name

    def environment(self, release: Release) -> str:
        """Where the release is now."""
        try:
            return self._environment[release.release_hash]
        except KeyError:
            raise LookupError(f"release {release.label} was never added") from None

    def record_evaluation(
        self, release: Release, *, on: date, reference_set: str, passed: bool
    ) -> EvaluationRecord:
        """Store the gate's verdict for ``release``, with the snapshot that served it that day
        (resolved here, as a real harness reads it from the response)."""
        served_by = self.catalogue.resolve(release.model, on).id
        record = EvaluationRecord(release.release_hash, on, reference_set, served_by, passed)
        self._evaluations.setdefault(release.release_hash, []).append(record)
        return record

    def latest_evaluation(self, release: Release) -> EvaluationRecord | None:
        """The most recent stored evaluation of exactly this release, if any."""
        records = self._evaluations.get(release.release_hash)
        return max(records, key=lambda r: r.evaluated_on) if records else None

    def promote(self, release: Release, *, on: date) -> Decision:
        """Move ``release`` one environment up, if the checks pass; log the decision."""
        source = self.environment(release)
        if source in (ENVIRONMENTS[-1], ARCHIVED):
            raise ValueError(f"{release.label} is {source}: it cannot be promoted")
        target = ENVIRONMENTS[ENVIRONMENTS.index(source) + 1]
        promoted, reason = self._check(release, on)
        if promoted:
            if target == ENVIRONMENTS[-1]:
                # One production release per prompt: the one it replaces is archived.
                for other, where in self._environment.items():
                    if where == target and self._names[other] == release.prompt.name:
                        self._environment[other] = ARCHIVED
            self._environment[release.release_hash] = target
        decision = Decision(release, on, source, target, promoted, reason)
        self.log.append(decision)
        return decision

    def _check(self, release: Release, on: date) -> tuple[bool, str]:
        record = self.latest_evaluation(release)
        if record is None:
            return False, "refused: no stored evaluation of this exact release"
        if not record.passed:
            return False, f"refused: its evaluation of {record.evaluated_on} failed the gate"
        try:
            serving = self.catalogue.resolve(release.model, on)
        except RetiredModelError as error:
            return False, f"refused: {error}"
        if serving.id != record.served_by:
            return False, (
                f"refused: evaluated on {record.served_by}, "
                f"but {release.model} now reaches {serving.id}"
            )
        if serving.status(on) == "deprecated":
            return False, f"refused: {serving.id} is deprecated, retires {serving.retires}"
        return True, f"promoted: passing evaluation of {record.evaluated_on} on {serving.id}"


# --- deprecation watch and tables -------------------------------------------------------------


@dataclass(frozen=True)
class Exposure:
    """How long a release's model id keeps answering, seen on one day."""

    release: Release
    on: date
    kind: str
    snapshot: str
    status: str
    retires: date | None

    @property
    def days_left(self) -> int | None:
        """Days from ``on`` to the retirement date, or None when none is announced."""
        return None if self.retires is None else (self.retires - self.on).days


def deprecation_watch(
    catalogue: ModelCatalogue, releases: Iterable[Release], *, on: date
) -> list[Exposure]:
    """For each release, the snapshot its model id reaches on ``on`` and its deadline."""
    found = []
    for release in releases:
        kind = "alias" if catalogue.is_alias(release.model) else "snapshot"
        try:
            snapshot = catalogue.resolve(release.model, on)
        except RetiredModelError:
            snapshot = catalogue.snapshot(release.model)
        found.append(
            Exposure(release, on, kind, snapshot.id, snapshot.status(on), snapshot.retires)
        )
    return found


def catalogue_table(catalogue: ModelCatalogue) -> str:
    """Markdown: the provider's published table, one row per snapshot, then one per alias
    change."""

    def day(value: date | None) -> str:
        return value.isoformat() if value else "not announced"

    rows = [
        [f"`{s.id}`", "snapshot", s.released.isoformat(), day(s.deprecated), day(s.retires)]
        for s in catalogue.snapshots
    ]
    rows += [
        [f"`{alias}`", f"alias → `{target}`", since.isoformat(), "", ""]
        for alias, targets in catalogue.aliases.items()
        for since, target in targets
    ]
    return markdown_table(["model id", "kind", "from", "deprecated", "retires"], rows)


def release_table(releases: Sequence[Release], pipeline: Pipeline) -> str:
    """Markdown: each release, its prompt version and hashes, its model id and where it is."""
    return markdown_table(
        ["release hash", "prompt", "prompt hash", "model id", "now in"],
        [
            [
                f"`{r.release_hash}`",
                r.prompt.id,
                f"`{r.prompt.content_hash}`",
                f"`{r.model}`",
                pipeline.environment(r),
            ]
            for r in releases
        ],
    )


def decision_table(decisions: Sequence[Decision]) -> str:
    """Markdown: one row per promotion request."""
    return markdown_table(
        ["day", "release", "step", "decision"],
        [
            [
                d.on.isoformat(),
                f"`{d.release.release_hash}`",
                f"{d.source} → {d.target}",
                d.reason,
            ]
            for d in decisions
        ],
    )


def watch_table(exposures: Sequence[Exposure]) -> str:
    """Markdown: one row per release, with the days left before its snapshot retires."""
    return markdown_table(
        ["release", "model id is", "answered by", "status", "retires", "days left"],
        [
            [
                f"`{e.release.release_hash}`",
                e.kind,
                f"`{e.snapshot}`",
                e.status,
                e.retires.isoformat() if e.retires else "not announced",
                "" if e.days_left is None else e.days_left,
            ]
            for e in exposures
        ],
    )


def example_registry() -> tuple[PromptRegistry, PromptTemplate, PromptTemplate]:
    """Two versions of a ``support-answer`` template; the second adds a citation rule."""
    registry = PromptRegistry()
    first = registry.register(
        "support-answer",
        "Answer the customer's question using only the handbook excerpt.\n"
        "Excerpt: {excerpt}\nQuestion: {question}",
    )
    second = registry.register(
        "support-answer",
        "Answer the customer's question using only the handbook excerpt, and name the "
        "section you used.\nExcerpt: {excerpt}\nQuestion: {question}",
    )
    return registry, first, second
