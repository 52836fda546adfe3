"""Per-section history in the permalink contract, and what a section's text is."""

from __future__ import annotations

from dataclasses import replace

from docutils import nodes
from sphinx import addnodes

from opskb import sections
from opskb.permalinks import contract as c

OLD_CONTRACT = """\
[pages]
"index" = { version = "0.1.0", date = 2026-01-01, hash = "sha256:aaaa" }

[labels]
"home" = "index"
"""


def observed(release: str, section_hashes: dict[str, str]) -> c.Observed:
    return c.Observed(
        release=release,
        pages={"index": "sha256:aaaa"},
        labels={label: c.LabelPlace("index", label) for label in section_hashes},
        sections=section_hashes,
    )


def test_a_contract_written_before_sections_were_tracked_still_loads_and_gains_them():
    old = c.parse(OLD_CONTRACT)
    assert old.sections == {}
    new = c.updated(old, observed("0.3.0", {"home": "sha256:h1"}), "0.3.0", c.dt.date.today())
    # The page is unchanged since 0.1.0, so its sections are too.
    assert c.parse(c.dumps(new)).sections == {"home": c.SectionRecord("0.1.0", "sha256:h1")}


def test_a_new_section_on_an_edited_page_is_recorded_in_the_version_being_built():
    old = c.parse(OLD_CONTRACT)
    state = replace(observed("0.3.0", {"home": "sha256:h1"}), pages={"index": "sha256:new"})
    new = c.updated(old, state, "0.3.0", c.dt.date.today())
    assert new.sections == {"home": c.SectionRecord("0.3.0", "sha256:h1")}


def test_update_keeps_the_version_of_unchanged_sections_and_records_edited_ones():
    before = c.Contract(
        sections={
            "kept": c.SectionRecord("0.1.0", "sha256:same"),
            "edited": c.SectionRecord("0.1.0", "sha256:before"),
        }
    )
    state = observed("0.2.0", {"kept": "sha256:same", "edited": "sha256:after"})
    after = c.updated(before, state, "0.2.0", c.dt.date.today()).sections
    assert after == {
        "kept": c.SectionRecord("0.1.0", "sha256:same"),
        "edited": c.SectionRecord("0.2.0", "sha256:after"),
    }


def test_check_flags_a_section_edited_since_an_older_version_recorded_it():
    before = c.Contract(
        pages={"index": c.PageRecord("0.1.0", c.dt.date(2026, 1, 1), "sha256:aaaa")},
        labels={"home": "index", "mine": "index"},
        sections={
            "home": c.SectionRecord("0.1.0", "sha256:before"),
            "mine": c.SectionRecord("0.2.0", "sha256:before"),
        },
    )
    state = observed("0.2.0", {"home": "sha256:after", "mine": "sha256:after"})
    assert c.pending_changes(before, state) == [
        (
            "the text of section 'home' changed since version 0.1.0 recorded it, but the "
            "contract does not say so: record it as changed in 0.2.0"
        ),
        "the text of section 'mine' changed again in 0.2.0",
    ]


def test_a_section_hash_ignores_notebook_outputs_and_rewrapping():
    def section(prose: str, output: str) -> nodes.section:
        out = nodes.container("", nodes.literal_block(output, output), classes=["cell_output"])
        return nodes.section("", nodes.title("Gate", "Gate"), nodes.paragraph(prose, prose), out)

    one = sections.section_facts(section("Use a paired gate.", "0.93"))
    other = sections.section_facts(section("Use a\n  paired gate.", "0.91"))
    edited = sections.section_facts(section("Use an unpaired gate.", "0.93"))
    assert one.hash == other.hash != edited.hash


def test_a_section_hash_ignores_the_run_data_a_build_generates():
    """The execution report's totals and table change with every run of the notebooks."""

    def section(report: str) -> nodes.section:
        table = nodes.paragraph(report, report, classes=[sections.GENERATED_CLASS])
        return nodes.section("", nodes.title("Report", "Report"), table)

    assert (
        sections.section_facts(section("1.2 s, 12:00 UTC")).hash
        == sections.section_facts(section("1.4 s, 12:05 UTC")).hash
    )


def test_a_section_lists_the_references_it_cites_and_the_demonstrations_it_links():
    def xref(domain: str, target: str) -> nodes.Element:
        return addnodes.pending_xref("", refdomain=domain, reftarget=target)

    node = nodes.section(
        "",
        nodes.paragraph(
            "", "", xref("cite", "kaplan2020scaling,devlin2019bert"), xref("std", "demo-gate")
        ),
        xref("std", "llmops-definition"),
        nodes.section("", nodes.title("Demo", "Demo"), ids=["demo-shown-here"]),
        ids=["demo-the-section-itself"],
    )
    facts = sections.section_facts(node)
    assert facts.references == ("devlin2019bert", "kaplan2020scaling")
    assert facts.demonstrations == ("demo-gate", "demo-shown-here")
