"""Check a build against the permalink contract, and work out what keeps old links alive.

:func:`resolve` is pure: it takes the contract and what the build published, and returns
the problems (each a complete message: what broke, where the contract is, what to do) and
the redirects the build must write. The Sphinx extension turns problems into warnings
(fatal with ``-W``) and the rest into redirect pages and kept anchors.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

from docutils.nodes import make_id

from opskb.permalinks.contract import (
    UPDATE_COMMAND,
    Contract,
    ContractError,
    LabelPlace,
    Observed,
    permalink,
    split_permalink,
)


@dataclass(frozen=True)
class KeptAnchor:
    """An old HTML id kept on a page that still exists, leading to where its section went.

    When ``page`` is the page holding the anchor, the old id simply sits next to the new
    one; otherwise the page gets a visible note with that id linking to the new place.
    """

    old_anchor: str
    page: str
    anchor: str
    title: str = ""


@dataclass
class Resolution:
    """What the build must do (or fix) to honour the contract."""

    problems: list[str] = field(default_factory=list)
    # old docname -> the published docname its redirect page leads to
    page_redirects: dict[str, str] = field(default_factory=dict)
    # old docname (a redirect page) -> {old anchor: where that section is now}
    fragments: dict[str, dict[str, LabelPlace]] = field(default_factory=dict)
    # published docname -> old anchors it keeps
    kept_anchors: dict[str, list[KeptAnchor]] = field(default_factory=dict)


def _entry(key: str, value: str) -> str:
    """A TOML line to paste into the contract, e.g. ``"page#label" = "new-label"``."""
    return f"{json.dumps(key)} = {json.dumps(value)}"


def old_anchor(label: str) -> str:
    """The HTML id a label had: the id docutils makes from a target name."""
    return make_id(label)


class _Resolver:
    def __init__(self, contract: Contract, observed: Observed, contract_file: str) -> None:
        self.contract = contract
        self.observed = observed
        self.file = contract_file
        self.result = Resolution()
        self.fragments: dict[str, dict[str, LabelPlace]] = defaultdict(dict)
        self.kept: dict[str, list[KeptAnchor]] = defaultdict(list)

    def problem(self, message: str) -> None:
        self.result.problems.append(message)

    # --- pages ---------------------------------------------------------------------------

    def final_page(self, start: str) -> str | None:
        """Follow page redirects from ``start`` to a published page (None: dead end, loop)."""
        seen = [start]
        page = self.contract.page_redirects[start]
        while page not in self.observed.pages:
            if page not in self.contract.page_redirects or page in seen:
                return None
            seen.append(page)
            page = self.contract.page_redirects[page]
        return page

    def check_page_redirects(self) -> None:
        for old, new in sorted(self.contract.page_redirects.items()):
            if old in self.observed.pages:
                self.problem(
                    f"page {old!r} is published, but [redirects.pages] in {self.file} "
                    f"redirects it to {new!r}: remove that redirect (its redirect page would "
                    "replace the page), or remove the page."
                )
                continue
            final = self.final_page(old)
            if final is None:
                self.problem(
                    f"[redirects.pages] in {self.file} redirects page {old!r} to {new!r}, "
                    "which is not a published page (nor redirected to one): point the "
                    "redirect at an existing page."
                )
                continue
            self.result.page_redirects[old] = final

    def check_removed_reasons(self) -> None:
        for table, entries in (
            ("removed.pages", self.contract.removed_pages),
            ("removed.labels", self.contract.removed_labels),
        ):
            for name, reason in sorted(entries.items()):
                if not reason.strip():
                    self.problem(
                        f"[{table}] in {self.file} removes {name!r} without a reason: "
                        "say why it was removed (a non-empty string)."
                    )

    def page_is_accounted_for(self, doc: str) -> bool:
        return (
            doc in self.observed.pages
            or doc in self.contract.page_redirects
            or doc in self.contract.removed_pages
        )

    def check_listed_pages(self) -> None:
        for doc in sorted(self.contract.pages):
            if self.page_is_accounted_for(doc):
                continue
            self.problem(
                f"page {doc!r} is listed in {self.file} but is no longer published, so links "
                f"to it break. If it moved, add `{_entry(doc, '<new-page>')}` under "
                f"[redirects.pages]; if it was removed on purpose, add "
                f"`{_entry(doc, '<reason>')}` under [removed.pages]. "
                f"Then run `{UPDATE_COMMAND}`."
            )

    # --- labels --------------------------------------------------------------------------

    def check_label_redirects(self) -> None:
        for key, new_label in sorted(self.contract.label_redirects.items()):
            where = f"[redirects.labels] in {self.file}"
            try:
                page, label = split_permalink(key)
            except ContractError as error:
                self.problem(f"{where}: {error}.")
                continue
            target = self.observed.labels.get(new_label)
            if target is None:
                self.problem(
                    f"{where} sends {key!r} to label {new_label!r}, which is not defined: "
                    "name an existing label."
                )
                continue
            current = self.observed.labels.get(label)
            if current is not None and current.page == page:
                self.problem(
                    f"label {label!r} is defined on page {page!r} again, but {where} still "
                    f"redirects {key!r}: remove that redirect."
                )
                continue
            self.keep(page, label, target, key, where)

    def keep(self, page: str, label: str, target: LabelPlace, key: str, where: str) -> None:
        """Keep ``page#label`` leading to ``target``, whatever became of ``page``."""
        anchor = old_anchor(label)
        if page in self.result.page_redirects:
            self.fragments[page][anchor] = target
        elif page in self.observed.pages:
            self.kept[page].append(KeptAnchor(anchor, target.page, target.anchor, target.title))
        elif page in self.contract.removed_pages:
            self.problem(
                f"{where} keeps {key!r}, but page {page!r} is under [removed.pages]: "
                "redirect the page instead, or drop the label redirect."
            )
        else:
            self.problem(
                f"{where} keeps {key!r}, but page {page!r} is not published: add a "
                "redirect for the page under [redirects.pages]."
            )

    def check_listed_labels(self) -> None:
        for label, page in sorted(self.contract.labels.items()):
            key = permalink(page, label)
            current = self.observed.labels.get(label)
            if current is not None and current.page == page:
                continue
            if key in self.contract.removed_labels or key in self.contract.label_redirects:
                continue
            if page in self.contract.removed_pages or not self.page_is_accounted_for(page):
                continue  # gone with its page, or reported with its page
            if page in self.result.page_redirects and current is not None:
                # The redirect page forwards #label to wherever the label lives now.
                self.fragments[page][old_anchor(label)] = current
                continue
            if page in self.contract.page_redirects and page not in self.result.page_redirects:
                continue  # a broken page redirect is reported on its own
            if current is not None:
                self.problem(
                    f"label {label!r} moved from page {page!r} to page {current.page!r}, so "
                    f"links to {key} break. Keep them working: add `{_entry(key, label)}` "
                    f"under [redirects.labels] in {self.file} (page {page!r} then links to "
                    f"the new place), then run `{UPDATE_COMMAND}`."
                )
            else:
                self.problem(
                    f"label {label!r} (permalink {key}) is listed in {self.file} but is no "
                    f"longer defined, so links to it break. If the section moved or was "
                    f"renamed, add `{_entry(key, '<new-label>')}` under [redirects.labels]; if "
                    f"it was removed on purpose, add `{_entry(key, '<reason>')}` under "
                    f"[removed.labels]. Then run `{UPDATE_COMMAND}`."
                )

    def check_duplicates(self) -> None:
        for label, pages in sorted(self.observed.duplicates.items()):
            listed = ", ".join(repr(p) for p in pages)
            self.problem(
                f"label {label!r} is defined more than once (on pages {listed}): a permalink "
                "must name one place. Rename all but one; if a renamed label was already "
                f"published, add `{_entry('page#old-label', 'new-label')}` under [redirects.labels] "
                f"in {self.file}."
            )

    def run(self) -> Resolution:
        self.check_duplicates()
        self.check_page_redirects()
        self.check_removed_reasons()
        self.check_listed_pages()
        self.check_label_redirects()
        self.check_listed_labels()
        for page in self.result.page_redirects:
            self.result.fragments[page] = dict(sorted(self.fragments.get(page, {}).items()))
        self.result.kept_anchors = {page: kept for page, kept in sorted(self.kept.items())}
        return self.result


def resolve(contract: Contract, observed: Observed, contract_file: str) -> Resolution:
    """Everything the build must fix or write so that no listed permalink breaks."""
    return _Resolver(contract, observed, contract_file).run()
