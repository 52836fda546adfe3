"""``sections.json`` at the site root of every version: the citable sections, for citers.

One entry per label of the permalink contract: where the section is in this version and in
the latest one, the version in which its text last changed (``[sections]`` of the contract,
by text hash), the hash, the references it cites and the demonstrations it embeds; a label
that moved stays listed with its target, a removed one with its reason. The HTML site
builders write it at the end of the build (a no-op rebuild included: it is cheap and always
matches the contract). ``python -m opskb.cited`` reads the latest version's copy.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

import opskb
from opskb import publishing, sections
from opskb.permalinks.contract import section_last_change
from opskb.sphinxext import addresses, changelog, permalink_guard

# The builders whose output is the published site (not an edition).
SITE_BUILDERS = ("html", "dirhtml")


def versions(app: Sphinx) -> set[str]:
    """The versions this one knows of: released in the changelog, or recorded in the contract."""
    contract = permalink_guard.contract(app)
    known = {entry.version for entry in changelog.entries(app) if entry.date}
    known |= {record.version for record in contract.pages.values()}
    known |= {record.version for record in contract.sections.values()}
    return {version for version in known if version}


def sections_index(app: Sphinx) -> dict:
    """The ``sections.json`` document of this build."""
    env, builder = app.env, app.builder
    contract = permalink_guard.contract(app)
    state = permalink_guard.observed(app)
    base = addresses.permanent_baseurl(app)
    latest = publishing.latest_base(app.config.html_baseurl) if app.config.html_baseurl else ""
    paths = {doc: builder.get_target_uri(doc) for doc in state.pages}
    pages, published = [], []
    for doc in state.pages:
        title = env.titles[doc].astext() if doc in env.titles else doc
        version, _ = permalink_guard.page_last_change(app, doc)
        pages.append(sections.PublishedPage(doc, paths[doc], title, version))
        data = permalink_guard.page_data(env, doc)
        facts = dict(data.sections) if data is not None else {}
        for label, anchor, label_title in data.labels if data is not None else ():
            if state.labels[label].page != doc or label not in facts:
                continue  # a duplicate label: the build reports it
            digest = facts[label].hash
            published.append(
                sections.PublishedSection(
                    label=label,
                    page=doc,
                    anchor=anchor,
                    title=label_title or title,
                    changed_in=section_last_change(contract, label, digest, state.release, version),
                    facts=facts[label],
                )
            )
    return sections.index(
        release=state.release,
        versions=versions(app),
        base=base,
        latest=latest,
        pages=pages,
        sections=published,
        contract=contract,
        page_paths=paths,
    )


def write_sections_json(app: Sphinx, exception: Exception | None) -> None:
    """Write ``sections.json`` into the site's root folder (build-finished)."""
    if exception is not None or app.builder.name not in SITE_BUILDERS:
        return
    text = json.dumps(sections_index(app), indent=1, ensure_ascii=False) + "\n"
    path = Path(app.outdir, sections.FILENAME)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("opskb.sphinxext.addresses")  # this version's base address
    app.setup_extension("opskb.sphinxext.changelog")  # the released versions
    app.setup_extension("opskb.sphinxext.permalink_guard")  # labels and the contract
    app.connect("build-finished", write_sections_json)
    return {"version": opskb.__version__, "parallel_read_safe": True, "parallel_write_safe": True}
