"""Rules that a one-line slip would break, each pinned on a catalogue built here:
which studies count as "all from clinics", which structures a region holds,
and what an export lets through."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from prolocli import export
from prolocli.records import Reference

CATALOGUE = """
schema = 2

[catalogue]
title = "Rules"

[[therapy]]
id = "alpha"
name = "Alpha injection"
category = "other"
summary = "A test injection."
mechanism = { text = "Unknown.", certainty = "unclear" }
status = "experimental"
procedures = ["neck-route"]

[[therapy.evidence]]
indication = "Mixed sponsors"
region = "cervical"
condition = "whiplash"
versus = "none"
finding = "insufficient"
summary = "One clinic series and one independent series."
refs = ["clinic-series", "independent-series"]

[[therapy.evidence]]
indication = "Clinic only"
region = "knee"
condition = "osteoarthritis"
versus = "none"
finding = "insufficient"
summary = "Two clinic series."
refs = ["clinic-series", "clinic-series-2"]

[[therapy.risks]]
text = "Pain."
severity = "minor"
frequency = "common"
regions = ["any"]
refs = ["independent-series"]

[[therapy.limitations]]
region = "lumbar"
text = "Only ever tried in the low back."
refs = ["independent-series"]

[[procedure]]
id = "neck-route"
name = "Neck route"
structures = ["neck-thing"]
approach = "From behind."
who = "Specialists."
refs = ["independent-series"]

[[procedure.risks]]
text = "Neck route danger."
severity = "serious"
frequency = "rare"
regions = ["cervical"]
refs = ["independent-series"]

[[procedure.risks]]
text = "Low back danger only."
severity = "life-threatening"
frequency = "rare"
regions = ["lumbar"]
refs = ["independent-series"]

[[structure]]
id = "neck-thing"
name = "Neck thing"
region = "cervical"
level = "C1"
function = "Holds."
access = "routine"
approach = "From behind."

[[structure]]
id = "knee-thing"
name = "Knee thing"
region = "knee"
level = "joint"
function = "Bends."
access = "routine"
approach = "From the front."

[[reference]]
id = "clinic-series"
authors = ["Seller A", "Seller B"]
title = "What our clinic saw"
year = 2020
design = "case-series"
doi = "10.1000/clinic.1"
conflict = "authors sell the treatment"

[[reference]]
id = "clinic-series-2"
authors = "Seller Clinic"
title = "More of what we saw"
year = 2021
design = "case-series"
doi = "10.1000/clinic.2"
conflict = "authors sell the treatment"

[[reference]]
id = "independent-series"
authors = ["Other C"]
title = "An independent look"
year = 2022
design = "case-series"
pmid = "123456"
"""

ALL_CONFLICTED = "all studies from clinics offering the treatment"


@pytest.fixture
def cat(tmp_path: Path) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text(CATALOGUE, encoding="utf-8")
    return path


def test_all_conflicted_needs_every_study_from_a_clinic(run, cat: Path) -> None:
    out = run("--catalog", str(cat), "show", "alpha", "--region", "neck").stdout
    mixed, clinic_only = out.split("Clinic only", 1)
    assert ALL_CONFLICTED not in mixed.split("Mixed sponsors", 1)[1]
    assert ALL_CONFLICTED in clinic_only.split("Risks of the treatment itself")[0]


def test_region_filter_counts_limitations(run, cat: Path) -> None:
    result = run("--catalog", str(cat), "list", "--region", "low-back", "--json")
    assert [t["id"] for t in json.loads(result.stdout)] == ["alpha"]
    result = run("--catalog", str(cat), "list", "--region", "hip", "--json")
    assert json.loads(result.stdout) == []


def test_structures_region_keeps_only_that_region(run, cat: Path) -> None:
    neck = json.loads(run("--catalog", str(cat), "structures", "--region", "neck", "--json").stdout)
    assert [s["id"] for s in neck] == ["neck-thing"]
    knee = run("--catalog", str(cat), "structures", "--region", "knee").stdout
    assert "knee-thing" in knee and "neck-thing" not in knee


HOSTILE = "Title\x1b[31m with\u202e controls\x07"


def hostile_reference() -> Reference:
    return Reference(
        id="x", authors=("Evil\x1b[2J A", "et al."), title=HOSTILE, journal="J\x9bournal", year=2020, volume=None,
        issue=None, pages=None, design="rct", pooled=None, pmid=None, doi="10.1000/x", url=None, accessed=None,
        conflict=None, note=None, retracted=False, retraction_note=None,
    )  # fmt: skip


@pytest.mark.parametrize("fmt", [export.bibtex, export.ris])
def test_exports_strip_control_characters(fmt) -> None:
    out = fmt([hostile_reference()])
    for char in ("\x1b", "\u202e", "\x07", "\x9b"):
        assert char not in out
    assert "Title" in out and "controls" in out


def test_markdown_shows_control_characters_escaped() -> None:
    # The loader refuses such text, so it can only arrive through a cache or a
    # future source; the Markdown renderer must still show it escaped.
    from prolocli import markdown

    out = markdown.esc("An \u202eindependent \x1b[2J look")
    assert "\u202e" not in out and "\x1b" not in out and "\\u202e" in out


def test_route_risks_keep_to_the_region(run, cat: Path) -> None:
    neck = json.loads(run("--catalog", str(cat), "risks", "--region", "neck", "--json").stdout)["risks"]
    texts = [r["text"] for r in neck if r["source"] == "route"]
    assert texts == ["Neck route danger."]
    back = json.loads(run("--catalog", str(cat), "risks", "--region", "low-back", "--json").stdout)["risks"]
    assert "Low back danger only." in [r["text"] for r in back]


def test_a_prose_column_never_splits_a_word_it_cannot_fit() -> None:
    from prolocli import term

    long_word = "x" * 40
    rows = [("id", f"short words then {long_word}", "other prose")]
    headers = ("Id", "Text", "More")
    # Room for the words in total, but an even share (34) is narrower than the long word: blocks.
    assert term.column_widths(80, headers, rows, (1, 2)) is None
    widths = term.column_widths(120, headers, rows, (1, 2))
    assert widths is not None and widths[1] >= len(long_word)
