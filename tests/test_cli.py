"""The four core commands, driven as a user would, on the small test catalogue."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import MINI

DISCLAIMER = "not medical advice"


def cat(*args: str) -> list[str]:
    return ["--catalog", str(MINI), *args]


def test_list_table_shows_every_therapy_with_level(run):
    result = run(*cat("list"))
    assert result.exit_code == 0, result.stderr
    for therapy_id in ("prp", "prolotherapy", "bmp"):
        assert therapy_id in result.stdout
    assert "level 2" in result.stdout  # prp's best: an RCT
    assert DISCLAIMER in result.stdout
    assert "\x1b[" not in result.stdout


def test_list_json_is_the_format_documents_array(run):
    result = run(*cat("list", "--json"))
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [t["id"] for t in data] == ["prp", "prolotherapy", "bmp"]
    prp = data[0]
    for field in (
        "id",
        "name",
        "aliases",
        "kind",
        "category",
        "summary",
        "mechanism",
        "substances",
        "protocol",
        "status",
        "regulatory",
        "evidence",
        "risks",
        "limitations",
        "reviewed",
        "references",
    ):
        assert field in prp, field
    assert prp["reviewed"] == "2026-11-29"
    assert [e["level"] for e in prp["evidence"]] == [2, 2]
    assert {r["id"] for r in prp["references"]} == {"bennell-2021", "allison-2024", "beitzel-2015"}


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        (["--category", "growth-factor"], ["bmp"]),
        (["--region", "cervical"], ["prp"]),
        (["--region", "lumbar"], ["bmp"]),
        (["--kind", "comparator"], []),
    ],
)
def test_list_filters(run, option, expected):
    result = run(*cat("list", *option, "--json"))
    assert result.exit_code == 0, result.stderr
    assert [t["id"] for t in json.loads(result.stdout)] == expected


def test_list_rejects_unknown_category(run):
    result = run(*cat("list", "--category", "magic"))
    assert result.exit_code == 2
    assert "unknown category 'magic'" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("name", ["prp", "PRP", "Platelet-Rich Plasma", "  prp injection "])
def test_show_finds_by_id_or_alias_case_insensitively(run, name):
    result = run(*cat("show", name))
    assert result.exit_code == 0, result.stderr
    assert "Platelet-rich plasma" in result.stdout


def test_show_groups_everything_about_a_therapy(run):
    out = run(*cat("show", "prp")).stdout
    for heading in (
        "Mechanism",
        "Substances",
        "Typical protocol",
        "Evidence by indication",
        "Risks",
        "Limitations by region",
        "Regulatory status",
        "References",
    ):
        assert heading in out, heading
    assert "certainty: proposed" in out
    assert "34812863" in out and "10.1001/jama.2021.19415" in out
    assert "Alar ligaments" in out  # limitation names its structure
    assert DISCLAIMER in out


def test_show_json_is_one_therapy_object(run):
    data = json.loads(run(*cat("show", "bmp", "--json")).stdout)
    assert data["id"] == "bmp"
    assert data["evidence"][0]["level"] == 1
    assert data["references"][0]["id"] == "low-2017"
    assert data["region_evidence"]["direct"] is False


def test_show_unknown_therapy_suggests_ids(run):
    result = run(*cat("show", "prpp"))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("prolo: unknown therapy 'prpp' (did you mean: prp")
    assert len(result.stderr.strip().splitlines()) == 1


def test_compare_puts_therapies_side_by_side(run):
    result = run(*cat("compare", "prolotherapy", "bmp"))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for aspect in (
        "Mechanism",
        "Substances",
        "Status",
        "Best evidence",
        "Evidence for cervical",
        "Most serious risks",
        "Limitations",
        "Typical protocol",
    ):
        assert aspect in out, aspect
    assert "Dextrose prolotherapy" in out and "Bone morphogenetic protein" in out
    assert "life-threatening" in out
    assert DISCLAIMER in out


def test_compare_json(run):
    data = json.loads(run(*cat("compare", "prp", "dextrose", "--json")).stdout)
    assert [t["id"] for t in data["therapies"]] == ["prp", "prolotherapy"]
    assert all("references" in t for t in data["therapies"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["compare", "prp"], "at least two"),
        (["compare", "prp", "PRP"], "named twice"),
        (["compare", "prp", "platelet-rich plasma"], "named twice"),
        (["compare", "prp", "nope"], "unknown therapy 'nope'"),
    ],
)
def test_compare_usage_errors(run, args, message):
    result = run(*cat(*args))
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_risks_for_region_includes_general_risks_most_severe_first(run):
    data = json.loads(run(*cat("risks", "--region", "cervical", "--json")).stdout)
    assert data["region"] == "cervical"
    severities = [r["severity"] for r in data["risks"]]
    assert severities == ["life-threatening", "serious", "minor"]
    assert [r["therapy"] for r in data["risks"]] == ["bmp", "prolotherapy", "prp"]
    assert [s["id"] for s in data["structures"]] == ["alar-ligament"]  # routine ones excluded


def test_risks_region_excludes_other_regions(run):
    data = json.loads(run(*cat("risks", "--region", "lumbar", "--json")).stdout)
    assert [r["therapy"] for r in data["risks"]] == ["prp"]  # only its "any" risk


def test_risks_filters_by_therapy_and_severity(run):
    data = json.loads(run(*cat("risks", "--therapy", "prolo", "--json")).stdout)
    assert {r["therapy"] for r in data["risks"]} == {"prolotherapy"}
    data = json.loads(run(*cat("risks", "--min-severity", "serious", "--json")).stdout)
    assert [r["severity"] for r in data["risks"]] == ["life-threatening", "serious"]


def test_risks_table_lists_structures_and_disclaimer(run):
    out = run(*cat("risks", "--region", "cervical")).stdout
    assert "Alar ligaments" in out and "specialist" in out
    assert "airway" in out
    assert DISCLAIMER in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["risks", "--region", "neck"], "unknown region 'neck' (choose from: cervical, thoracic"),
        (["risks", "--min-severity", "awful"], "unknown severity 'awful'"),
        (["show", "prp", "--region", "brain"], "unknown region 'brain'"),
        (["list", "--bogus"], "No such option: --bogus"),
    ],
)
def test_bad_options_are_usage_errors(run, args, message):
    result = run(*cat(*args))
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_catalog_from_environment(run, monkeypatch):
    monkeypatch.setenv("PROLO_CATALOG", str(MINI))
    result = run("list", "--json")
    assert [t["id"] for t in json.loads(result.stdout)] == ["prp", "prolotherapy", "bmp"]


def test_version(run):
    from prolocli import __version__

    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"prolo {__version__}"


def test_help_of_every_command_shows_examples(run):
    for command in ("list", "show", "compare", "risks", "validate"):
        result = run(command, "--help")
        assert result.exit_code == 0
        assert "Examples:" in result.stdout, command
        assert f"prolo {command}" in result.stdout


def test_json_ignores_forced_colour(run, monkeypatch):
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    result = run(*cat("show", "prp", "--json"))
    assert "\x1b" not in result.stdout
    json.loads(result.stdout)


def test_force_colour_colours_tables(run, monkeypatch):
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in run(*cat("risks")).stdout


def test_json_and_format_conflict(run):
    result = run(*cat("list", "--json", "--format", "markdown"))
    assert result.exit_code == 2


def test_bundled_catalogue_is_used_by_default(run):
    data = json.loads(run("list", "--json").stdout)
    assert {"prolotherapy", "prp", "msc"} <= {t["id"] for t in data}


def test_missing_catalogue_is_a_data_error(run, tmp_path: Path):
    result = run("--catalog", str(tmp_path / "none.toml"), "list")
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path / 'none.toml'}: no such file\n"


# conflicts of interest and indirect evidence


def test_conflicted_reference_marked_with_legend_in_table(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")  # labelled blocks: sentences are not split across cells
    out = " ".join(run(*cat("show", "prolotherapy")).stdout.split())
    assert "hauser-2016\u2020" in out  # evidence row's reference
    assert "all studies from clinics offering the treatment" in out
    assert "\u2020 authors or sponsors sell or deliver the treatment" in out


def test_conflict_in_markdown_and_json(run):
    md = run(*cat("show", "prolotherapy", "--format", "markdown")).stdout
    assert "hauser-2016\u2020" in md and "all studies from clinics offering the treatment" in md
    assert "conflict of interest" in md
    data = json.loads(run(*cat("show", "prolotherapy", "--json")).stdout)
    hauser = next(r for r in data["references"] if r["id"] == "hauser-2016")
    assert hauser["conflict"] == "authors work at clinics that sell prolotherapy"


def test_no_legend_when_nothing_is_conflicted(run):
    assert "\u2020" not in run(*cat("show", "bmp")).stdout


def test_indirect_evidence_is_named_not_borrowed(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    out = run(*cat("compare", "prp", "bmp")).stdout
    assert "no direct evidence for cervical; best elsewhere: level 1 (lumbar)" in " ".join(out.split())
    md = run(*cat("compare", "prp", "bmp", "--format", "markdown")).stdout
    assert "no direct evidence for cervical; best elsewhere: level 1 (lumbar)" in md
    data = json.loads(run(*cat("show", "bmp", "--json")).stdout)
    assert data["region_evidence"] == {
        "region": "cervical",
        "direct": False,
        "level": None,
        "entries": 0,
        "best_elsewhere": {"level": 1, "regions": ["lumbar"]},
        "text": "no direct evidence for cervical; best elsewhere: level 1 (lumbar)",
    }


def test_region_option_changes_the_focus(run):
    data = json.loads(run(*cat("show", "bmp", "--region", "lumbar", "--json")).stdout)
    assert data["region_evidence"]["direct"] is True and data["region_evidence"]["level"] == 1


def test_list_groups_regenerative_and_comparators(run):
    out = run("list").stdout
    assert out.index("Regenerative injections") < out.index("Comparators") < out.index("exercise-therapy")
    only = json.loads(run("list", "--kind", "comparator", "--json").stdout)
    assert {t["id"] for t in only} == {
        "corticosteroid-injection",
        "radiofrequency-ablation",
        "cervical-fusion",
        "exercise-therapy",
    }
