"""search, structures, questions, refs, levels, formats and completion."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from tests.conftest import MINI

GOLDEN = Path(__file__).parent / "golden"


def cat(*args: str) -> list[str]:
    return ["--catalog", str(MINI), *args]


def golden(name: str, text: str) -> None:
    """Compare with a stored file; PROLO_UPDATE_GOLDEN=1 rewrites it (review the diff)."""
    path = GOLDEN / name
    if os.environ.get("PROLO_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; run with PROLO_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


# search


def test_search_ranks_name_matches_first_and_highlights(run):
    result = run("search", "alar", "--json")
    data = json.loads(result.stdout)
    first = data["results"][0]
    assert (first["type"], first["id"]) == ("structure", "alar-ligament")
    name_match = next(m for m in first["matches"] if m["field"] == "name")
    start, end = name_match["spans"][0]
    assert name_match["text"][start:end].lower() == "alar"
    assert any(r["id"] == "msc" for r in data["results"])  # found in its evidence and risks


def test_search_requires_every_word(run):
    both = {r["id"] for r in json.loads(run("search", "vertebral", "artery", "--json").stdout)["results"]}
    one = {r["id"] for r in json.loads(run("search", "vertebral", "--json").stdout)["results"]}
    assert both and both <= one
    none = json.loads(run("search", "vertebral", "zzzqqq", "--json").stdout)["results"]
    assert none == []


def test_search_is_case_and_accent_insensitive(run):
    plain = json.loads(run("search", "platelet", "--json").stdout)["results"]
    fancy = json.loads(run("search", "PLÁTELET", "--json").stdout)["results"]
    assert [r["id"] for r in plain] == [r["id"] for r in fancy] != []


def test_search_table_and_markdown(run):
    table = run("search", "ozone", "stroke").stdout
    assert "prolozone" in table and "result(s) for: ozone stroke" in table
    markdown = run("search", "ozone", "stroke", "--format", "markdown").stdout
    assert "**" in markdown and "## " in markdown


# structures


def test_structures_table_filters_by_access(run):
    data = json.loads(run("structures", "--access", "not-injectable", "--json").stdout)
    assert data and {s["access"] for s in data} == {"not-injectable"}
    assert "tectorial-membrane" in {s["id"] for s in data}


def test_structure_detail_names_the_therapies_that_mention_it(run):
    result = run("structures", "alar-ligament", "--json")
    data = json.loads(result.stdout)
    assert data["id"] == "alar-ligament" and data["access"] != "routine"
    assert {m["therapy"] for m in data["mentions"]} >= {"prolotherapy", "msc"}
    text = run("structures", "alar").stdout  # a unique prefix is enough
    assert "Ligamenta alaria" in text and "What the catalogue says about it" in text


def test_unknown_structure_is_a_usage_error_with_suggestion(run):
    result = run("structures", "alar-ligamnt")
    assert result.exit_code == 2
    assert "unknown structure 'alar-ligamnt' (did you mean: alar-ligament" in result.stderr


# questions


def test_questions_are_built_from_the_catalogue(run):
    data = json.loads(run(*cat("questions", "prp", "--json")).stdout)
    texts = [q["text"] for q in data["questions"]]
    topics = {q["topic"] for q in data["questions"]}
    assert {
        "Experience",
        "Guidance",
        "What is injected",
        "Course",
        "Risks",
        "Evidence",
        "Regulation",
        "Cost and follow-up",
    } <= topics
    assert any("ultrasound, fluoroscopy" in t for t in texts)  # its protocol's guidance
    assert any("Autologous platelet concentrate" in t for t in texts)  # its substance
    assert any("pain and swelling after the injection" in t for t in texts)  # its risk as a question
    assert any("Alar ligaments" in t for t in texts)  # its cervical limitation's structure
    other = json.loads(run(*cat("questions", "bmp", "--json")).stdout)["questions"]
    assert [q["text"] for q in other] != texts


def test_questions_markdown_is_a_printable_checklist(run):
    golden("questions-prp.md", run(*cat("questions", "prp", "--format", "markdown")).stdout)


def test_questions_for_the_bundled_catalogue(run):
    out = run("questions", "prolotherapy", "--format", "markdown").stdout
    assert out.count("- [ ] ") >= 10


# markdown golden files at a fixed width (markdown does not depend on width)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("show-prp.md", ["show", "prp"]),
        ("compare-prp-bmp.md", ["compare", "prp", "bmp"]),
        ("list.md", ["list"]),
        ("risks-cervical.md", ["risks", "--region", "cervical"]),
    ],
)
def test_markdown_golden(run, name, args):
    result = run(*cat(*args, "--format", "markdown"))
    assert result.exit_code == 0, result.stderr
    golden(name, result.stdout)


def test_markdown_compare_is_a_gfm_table(run):
    lines = run(*cat("compare", "prp", "bmp", "--format", "markdown")).stdout.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("| Aspect"))
    assert lines[header + 1] == "|---|---|---|"
    assert all(line.count(" | ") >= 2 for line in lines[header + 2 : header + 10])


# refs


def parse_bibtex(text: str) -> dict[str, dict[str, str]]:
    entries = {}
    for match in re.finditer(r"@(\w+)\{([^,]+),\n(.*?)\n\}", text, re.S):
        fields = dict(re.findall(r"^  (\w+) = \{(.*)\},?$", match.group(3), re.M))
        entries[match.group(2)] = fields
    return entries


def parse_ris(text: str) -> list[dict[str, list[str]]]:
    records, current = [], None
    for line in text.splitlines():
        if not line.strip():
            continue
        tag, _, value = line.partition("  - ")
        assert re.fullmatch(r"[A-Z][A-Z0-9]", tag), line
        if tag == "TY":
            current = {}
        assert current is not None
        current.setdefault(tag, []).append(value)
        if tag == "ER":
            records.append(current)
            current = None
    assert current is None, "unterminated record"
    return records


def test_refs_bibtex_has_every_reference_with_identifiers(run):
    expected = json.loads(run("refs", "prolotherapy", "--json").stdout)
    entries = parse_bibtex(run("refs", "prolotherapy", "--format", "bibtex").stdout)
    assert set(entries) == {r["id"] for r in expected}
    for ref in expected:
        if ref["doi"]:
            assert entries[ref["id"]]["doi"] == ref["doi"].replace("_", "\\_")
        if ref["pmid"]:
            assert entries[ref["id"]]["pmid"] == ref["pmid"]


def test_refs_ris_has_every_reference_with_identifiers(run):
    expected = json.loads(run("refs", "all", "--json").stdout)
    records = parse_ris(run("refs", "all", "--format", "ris").stdout)
    assert [r["ID"][0] for r in records] == [r["id"] for r in expected]
    for rec, ref in zip(records, expected):
        assert rec.get("DO", [None])[0] == ref["doi"]
        assert (rec.get("AN", [""])[0] == f"PMID:{ref['pmid']}") if ref["pmid"] else "AN" not in rec


def test_refs_json_has_links(run):
    data = json.loads(run("refs", "prp", "--json").stdout)
    with_pmid = next(r for r in data if r["pmid"])
    assert with_pmid["link"] == f"https://pubmed.ncbi.nlm.nih.gov/{with_pmid['pmid']}/"
    doi_only = [r for r in data if r["doi"] and not r["pmid"]]
    assert all(r["link"] == f"https://doi.org/{r['doi']}" for r in doi_only)


def test_refs_table_marks_conflicts_with_a_legend(run):
    out = run("refs", "prolotherapy").stdout
    assert "hauser-2016 \u2020" in out
    assert "\u2020 authors or sponsors sell or deliver the treatment" in out


# levels


def test_levels_explains_derivation(run):
    data = json.loads(run("levels", "--json").stdout)
    assert [row["level"] for row in data["levels"]] == ["1", "2", "3", "4", "5", "none"]
    assert "derives" in data["explanation"]
    assert "Oxford CEBM 2011" in run("levels").stdout


# completion, through the environment variables the shell sets


def complete(run, words: str) -> list[str]:
    parts = words.split(" ")
    env = {"_PROLO_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(parts) - 1)}
    result = run(env=env)
    assert result.exit_code == 0
    return result.stdout.split()


def test_completion_of_therapy_ids_and_aliases(run):
    found = complete(run, "prolo show p")
    assert {"prolotherapy", "prp", "prolozone", "prolo"} <= set(found)
    assert "msc" not in found


def test_completion_of_structures_regions_and_formats(run):
    assert complete(run, "prolo structures al") == ["alar-ligament"]
    assert complete(run, "prolo risks --region c") == ["cervical"]
    assert complete(run, "prolo list --format m") == ["markdown"]
    assert "growth-factor" in complete(run, "prolo list --category g")


def test_completion_does_not_validate_the_catalogue(run, monkeypatch):
    import prolocli.loader

    def fail(*args, **kwargs):
        raise AssertionError("completion validated the catalogue")

    monkeypatch.setattr(prolocli.loader, "parse", fail)
    monkeypatch.setattr(prolocli.catalogue, "parse", fail)
    assert "prp" in complete(run, "prolo show p")


def test_completion_install_is_offered(run):
    assert "--install-completion" in run("--help").stdout


def test_completion_name_lists_match_the_models():
    # The CLI keeps these literal so completion never imports the models.
    from prolocli import cli, models

    assert cli.REGION_NAMES == models.REGIONS
    assert cli.CATEGORY_NAMES == models.CATEGORIES
    assert cli.SEVERITY_NAMES == models.SEVERITIES
    assert cli.KIND_NAMES == models.KINDS
    assert cli.ACCESS_NAMES == models.ACCESSES
