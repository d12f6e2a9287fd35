"""The therapy commands (list, show, compare, risks, evidence) driven as a user
would, on a small schema-2 catalogue: findings in words, region summaries,
retractions, route risks, staleness, errors, JSON, width and Markdown."""

from __future__ import annotations

import json
import re

import pytest

from tests import catalogues as cats
from tests.catalogues import as_json, flat, ok

FACET = "no better than corticosteroid injection (1 trial, 40 people, 6 months); study type: randomised trial"
KNEE = "no better than placebo or sham (1 trial, 24 people)"
RCT = "study type: randomised trial"
CASE_SERIES = "case series or report"
BARE_LEVEL = re.compile(r"\blevel \d\b", re.I)


# 1. Findings are said in words, next to the study type ---------------------------------


def test_show_json_evidence_carries_finding_comparison_and_words(prolo):
    data = as_json(prolo("show", "prp", "--json"))
    facet, knee = data["evidence"]
    assert facet["condition"] == "facet-pain"
    assert facet["versus"] == "active"
    assert facet["versus_detail"] == "corticosteroid injection"
    assert facet["finding"] == "no-difference"
    assert facet["participants"] == 40
    assert facet["level"] == 2
    assert facet["study_type"] == "randomised trial"
    assert facet["finding_text"] == FACET
    assert knee["condition"] == "osteoarthritis"
    assert knee["versus"] == "placebo-sham"
    assert knee["participants"] == 24
    assert knee["finding_text"].startswith(KNEE)
    for entry in data["evidence"]:
        for key in ("finding", "versus", "condition", "participants", "level", "study_type", "finding_text"):
            assert key in entry, key


def test_show_json_region_evidence_names_the_finding(prolo):
    region = as_json(prolo("show", "prp", "--json"))["region_evidence"]
    assert region["region"] == "cervical"
    assert region["direct"] is True
    assert region["finding"] == "no-difference"
    assert region["level"] == 2
    assert region["study_type"] == "randomised trial"
    assert region["condition"] == "facet-pain"
    assert region["text"].startswith("in facet joint pain: " + FACET)


def test_show_table_puts_the_finding_next_to_the_study_type(prolo):
    out = flat(ok(prolo("show", "prp")))
    assert FACET in out
    assert f"{KNEE}; {RCT}" in out
    assert "Neck: what studies found: in facet joint pain: " + FACET in out
    assert not BARE_LEVEL.search(out)


def test_show_table_never_prints_a_bare_level_for_any_therapy(prolo):
    for therapy in cats.THERAPY_IDS:
        out = ok(prolo("show", therapy))
        assert not BARE_LEVEL.search(out), therapy
        assert "study type" in out


def test_graded_finding_uses_certainty_wording(prolo):
    data = as_json(prolo("show", "prolotherapy", "--json"))
    knee = next(e for e in data["evidence"] if e["region"] == "knee")
    assert knee["certainty"] == "moderate"
    assert knee["finding_text"] == (
        "probably improves outcomes compared with placebo or sham (5 studies, 300 people); "
        "study type: systematic review"
    )


# 2. A region summary rests on that region's studies only -------------------------------


@pytest.mark.parametrize("word", ["cervical", "neck"])
def test_list_region_summarises_the_neck_not_the_best_elsewhere(prolo, word, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    out = ok(prolo("list", "--region", word))
    rows = {line.split("│")[1].strip(): line for line in out.splitlines() if line.count("│") >= 4}
    assert "case series or report only" in rows["prolotherapy"]
    assert "systematic review" not in rows["prolotherapy"]
    assert "no study for the neck" in rows["steroid-injection"]
    assert FACET in rows["prp"]


def test_list_region_neck_and_cervical_give_the_same_output(prolo):
    assert ok(prolo("list", "--region", "neck")) == ok(prolo("list", "--region", "cervical"))
    neck = as_json(prolo("list", "--region", "neck", "--json"))
    assert neck == as_json(prolo("list", "--region", "cervical", "--json"))
    assert [t["id"] for t in neck] == ["prp", "prolotherapy", "steroid-injection"]


def test_list_json_region_evidence_never_borrows_another_region(prolo):
    data = {t["id"]: t["region_evidence"] for t in as_json(prolo("list", "--region", "neck", "--json"))}
    prolo_neck = data["prolotherapy"]
    assert prolo_neck["direct"] is True
    assert prolo_neck["level"] == 4
    assert prolo_neck["study_type"] == CASE_SERIES
    assert prolo_neck["finding"] == "insufficient"
    assert prolo_neck["best_elsewhere"] is None  # it has a neck study, so nothing is borrowed
    steroid = data["steroid-injection"]
    assert steroid["direct"] is False
    assert steroid["level"] is None
    assert steroid["study_type"] is None
    assert steroid["finding"] is None
    assert steroid["text"] == "no study for the neck"
    assert steroid["best_elsewhere"].startswith("Low back pain (lumbar): mixed results against placebo or sham")


def test_show_without_neck_study_says_so_and_labels_the_elsewhere_evidence(prolo):
    out = flat(ok(prolo("show", "steroid-injection")))
    assert "Neck: what studies found: no study for the neck" in out
    assert "Best evidence elsewhere (not the neck): Low back pain (lumbar)" in out


def test_list_region_filters_to_therapies_studied_or_limited_there(prolo):
    ids = [t["id"] for t in as_json(prolo("list", "--region", "knee", "--json"))]
    assert ids == ["prp", "prolotherapy"]
    knee = as_json(prolo("list", "--region", "knee", "--json"))[0]["region_evidence"]
    assert knee["region"] == "knee"
    assert knee["text"].startswith("in osteoarthritis: " + KNEE)


def test_list_default_summarises_the_neck(prolo, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    out = ok(prolo("list"))
    assert "Neck: what studies found" in out
    assert "no study for the neck" in out
    assert "Regenerative injections" in out
    assert "Comparators: the conventional options" in out


# 3. A retracted reference never counts towards a level ---------------------------------


def test_retracted_review_is_excluded_from_the_level(prolo):
    data = as_json(prolo("show", "prolotherapy", "--json"))
    neck = next(e for e in data["evidence"] if e["region"] == "cervical")
    assert neck["refs"] == ["retracted-neck-review", "hauser-2014-series"]
    assert neck["level"] == 4
    assert neck["study_type"] == CASE_SERIES
    assert "systematic review" not in neck["finding_text"]
    retracted = next(r for r in data["references"] if r["id"] == "retracted-neck-review")
    assert retracted["retracted"] is True
    assert retracted["level"] is None


def test_retracted_reference_is_marked_in_the_table(prolo):
    out = flat(ok(prolo("show", "prolotherapy")))
    assert "no usable controlled study (1 study, 12 people): case series or report only" in out
    assert "retracted" in out
    assert "RETRACTED: Withdrawn by the journal in 2016." in out


def test_level_rises_when_the_review_is_not_retracted(run, tmp_path):
    text = cats.NECK.replace("retracted = true\n", "")
    path = cats.write(tmp_path, text, "unretracted.toml")
    data = json.loads(ok(run("--catalog", str(path), "show", "prolotherapy", "--json")))
    neck = next(e for e in data["evidence"] if e["region"] == "cervical")
    assert neck["level"] == 1


# 4. The evidence matrix ----------------------------------------------------------------


def test_evidence_json_shape(prolo):
    data = as_json(prolo("evidence", "--json"))
    assert set(data) == {"region", "conditions", "rows"}
    assert data["region"] == "cervical"
    assert data["conditions"] == ["ligament-laxity-instability", "facet-pain"]
    rows = {row["therapy"]: row["cells"] for row in data["rows"]}
    assert list(rows) == ["prp", "prolotherapy", "steroid-injection"]
    for cells in rows.values():
        assert set(cells) == set(data["conditions"])
        for cell in cells.values():
            assert set(cell) == {"finding", "level", "refs"}
    assert rows["prp"]["facet-pain"] == {
        "finding": "no-difference",
        "level": 2,
        "refs": ["allison-2024-cervical-facet-rct"],
    }
    assert rows["prp"]["ligament-laxity-instability"] == {"finding": None, "level": None, "refs": []}
    assert rows["prolotherapy"]["ligament-laxity-instability"]["finding"] == "insufficient"
    assert rows["prolotherapy"]["ligament-laxity-instability"]["level"] == 4  # retracted review left out
    assert all(cell["finding"] is None for cell in rows["steroid-injection"].values())


def test_evidence_any_region_and_condition(prolo):
    data = as_json(prolo("evidence", "--any-region", "--condition", "osteoarthritis", "--json"))
    assert data["region"] is None
    assert data["conditions"] == ["osteoarthritis"]
    rows = {row["therapy"]: row["cells"]["osteoarthritis"] for row in data["rows"]}
    assert rows["prolotherapy"]["finding"] == "benefit"
    assert rows["prolotherapy"]["level"] == 1
    assert rows["steroid-injection"]["finding"] is None


def test_evidence_table_marks_and_legend(prolo):
    out = ok(prolo("evidence"))
    rows = {line.split("│")[1].strip(): line for line in out.splitlines() if line.count("│") >= 3}
    assert "no study" in rows["steroid-injection"]
    assert "= trial" in rows["prp"]
    assert "? case series" in rows["prolotherapy"]
    legend = flat(out)
    for mark, words in (
        ("+", "better than the comparison"),
        ("=", "no better than the comparison"),
        ("?", "no usable controlled study"),
        ("no study", "nothing studied it for this condition and region"),
    ):
        assert f"{mark}: {words}" in legend
    assert "after the mark: the study type" in legend
    assert not BARE_LEVEL.search(out)


# 5. Route risks are shown with every therapy that uses the route -----------------------


def test_risks_json_includes_route_risk(prolo):
    data = as_json(prolo("risks", "--region", "neck", "--therapy", "prp", "--json"))
    assert data["region"] == "cervical"
    route = [r for r in data["risks"] if r["source"] == "route"]
    assert len(route) == 1
    assert route[0]["procedure"] == "cervical-facet-injection"
    assert route[0]["therapy"] == "prp"
    assert route[0]["text"] == "Puncture of the vertebral artery, which can cause a stroke."
    own = [r for r in data["risks"] if r["source"] == "therapy"]
    assert [r["procedure"] for r in own] == [None]
    assert {r["therapy"] for r in data["risks"]} == {"prp"}


def test_risks_table_names_the_route(prolo):
    out = ok(prolo("risks", "--region", "neck", "--therapy", "prp"))
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if "From the injection route: Cervical facet joint injection" in line)
    assert "vertebral artery" in lines[at + 1]
    assert "Platelet-rich plasma (prp)" in out
    assert "Dextrose prolotherapy" not in out


def test_risks_min_severity_keeps_route_risks(prolo):
    data = as_json(prolo("risks", "--region", "neck", "--min-severity", "serious", "--json"))
    found = {(r["therapy"], r["source"], r["procedure"]) for r in data["risks"]}
    assert found == {
        ("prp", "route", "cervical-facet-injection"),
        ("prolotherapy", "route", "posterior-ligament-injection"),
    }
    assert [s["access"] for s in data["structures"]] == ["not-injectable", "experimental", "specialist"]


def test_show_lists_route_risks_under_their_own_heading(prolo):
    out = ok(prolo("show", "prp"))
    assert "Risks of the injection routes (neck)" in out
    assert "From the injection route: Cervical facet joint injection" in out
    data = as_json(prolo("show", "prp", "--json"))
    assert [(r["procedure"], r["severity"]) for r in data["route_risks"]] == [
        ("cervical-facet-injection", "life-threatening")
    ]


def test_show_worst_risks_name_the_route_they_come_from(prolo):
    # glance() appends " (route: NAME)" to a route risk; the at-a-glance list must keep it.
    out = ok(prolo("show", "prp"))
    glance = out.split("Cannot reach")[0].split("Worst risks")[1]
    artery = flat(glance.split("• ")[1])
    assert "vertebral artery" in artery
    assert "route: Cervical facet joint injection" in artery


# 7. Staleness of a therapy entry ------------------------------------------------------


def test_show_warns_when_the_entry_is_over_a_year_old(prolo, monkeypatch):
    monkeypatch.setenv("PROLO_TODAY", "2030-01-01")
    out = flat(ok(prolo("show", "prp")))
    assert "This entry was last reviewed on 2026-01-01, over a year ago" in out
    data = as_json(prolo("show", "prp", "--json"))
    assert "last reviewed on 2026-01-01" in data["stale"]


def test_show_is_quiet_when_the_entry_is_recent(prolo, monkeypatch):
    monkeypatch.setenv("PROLO_TODAY", "2026-06-01")
    assert "last reviewed" not in ok(prolo("show", "prp"))
    assert "stale" not in as_json(prolo("show", "prp", "--json"))


def test_bad_prolo_today_is_a_usage_error(prolo, monkeypatch):
    monkeypatch.setenv("PROLO_TODAY", "next tuesday")
    result = prolo("show", "prp")
    assert result.exit_code == 2
    assert "PROLO_TODAY" in result.stderr


# 8. Errors: usage exits 2, data exits 1, one line, no traceback ------------------------


def one_line_error(result, code: int) -> str:
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""
    return lines[0]


def test_unknown_therapy_suggests_the_closest(prolo):
    line = one_line_error(prolo("show", "prollotherapy"), 2)
    assert line.startswith("prolo: unknown therapy 'prollotherapy'")
    assert "did you mean" in line and "prolotherapy" in line


def test_alias_finds_the_therapy(prolo):
    assert as_json(prolo("show", "Eigenbluttherapie", "--json"))["id"] == "prp"
    assert as_json(prolo("show", "cortisone", "--json"))["id"] == "steroid-injection"


def test_unknown_format_lists_the_formats(prolo):
    line = one_line_error(prolo("list", "--format", "yaml"), 2)
    assert "yaml" in line
    assert "table, json, markdown" in line


def test_unknown_region_lists_the_regions(prolo):
    line = one_line_error(prolo("list", "--region", "mars"), 2)
    assert "unknown region 'mars'" in line
    assert "neck" in line and "low-back" in line


@pytest.mark.parametrize("command", ["show", "risks", "evidence", "compare"])
def test_unknown_region_on_other_commands(prolo, command):
    args = {
        "show": ["show", "prp"],
        "risks": ["risks"],
        "evidence": ["evidence"],
        "compare": ["compare", "prp", "prolo"],
    }
    one_line_error(prolo(*args[command], "--region", "mars"), 2)


def test_compare_needs_two_therapies(prolo):
    line = one_line_error(prolo("compare", "prp"), 2)
    assert "at least two" in line


def test_compare_rejects_the_same_therapy_twice(prolo):
    line = one_line_error(prolo("compare", "prp", "PRP injection"), 2)
    assert "named twice" in line


def test_json_with_another_format_is_a_usage_error(prolo):
    line = one_line_error(prolo("show", "prp", "--json", "--format", "markdown"), 2)
    assert "--json" in line and "--format" in line


def test_unknown_option_is_a_usage_error(prolo):
    result = prolo("list", "--colour")
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr


def test_broken_toml_is_a_data_error(run, tmp_path):
    path = cats.write(tmp_path, cats.NECK.replace('id = "prp"', 'id = "prp'), "broken.toml")
    result = run("--catalog", str(path), "list")
    assert result.exit_code == 1
    assert "TOML syntax error" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_dangling_reference_is_a_data_error_with_its_place(run, tmp_path):
    path = cats.write(tmp_path, cats.NECK.replace('refs = ["bennell-2021"]', 'refs = ["benell-2021"]'), "bad.toml")
    result = run("--catalog", str(path), "show", "prp")
    assert result.exit_code == 1
    assert "unknown reference 'benell-2021'" in result.stderr
    assert "did you mean 'bennell-2021'" in result.stderr
    assert "Traceback" not in result.stderr


def test_schema2_evidence_without_finding_is_a_data_error(run, tmp_path):
    text = cats.NECK.replace('finding = "mixed"\n', "")
    path = cats.write(tmp_path, text, "nofinding.toml")
    result = run("--catalog", str(path), "list")
    assert result.exit_code == 1
    assert "therapy 'steroid-injection' > evidence[0] > finding" in result.stderr


def test_validate_accepts_the_test_catalogue(run, neck):
    result = run("validate", str(neck))
    out = ok(result)
    assert out.startswith("ok: 3 therapies, 3 procedures, 4 structures, 1 diagnostics, 2 trials, 9 references")


# 9. --json is JSON and nothing else ----------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("list",),
        ("list", "--region", "neck"),
        ("show", "prp"),
        ("compare", "prp", "prolotherapy"),
        ("risks", "--region", "neck"),
        ("evidence",),
        ("structures",),
        ("structures", "alar-ligament"),
        ("procedures",),
        ("procedures", "picl"),
        ("diagnosis",),
        ("diagnosis", "clivo-axial-angle"),
        ("trials",),
        ("refs", "prp"),
        ("refs", "all"),
        ("glossary",),
        ("glossary", "off-label"),
        ("levels",),
        ("search", "alar"),
        ("questions", "prp"),
    ],
)
def test_json_output_is_only_json(prolo, args):
    result = prolo(*args, "--json")
    out = ok(result)
    json.loads(out)  # the whole of stdout, nothing before or after
    assert out.endswith("\n")
    assert result.stderr == ""


def test_format_json_equals_json_flag(prolo):
    assert ok(prolo("compare", "prp", "prolotherapy", "--format", "json")) == ok(
        prolo("compare", "prp", "prolotherapy", "--json")
    )


def test_compare_json_shape(prolo):
    data = as_json(prolo("compare", "prp", "steroid-injection", "--json"))
    assert data["region"] == "cervical"
    assert [t["id"] for t in data["therapies"]] == ["prp", "steroid-injection"]
    assert data["therapies"][1]["region_evidence"]["text"] == "no study for the neck"


# 11. Width: nothing too wide, no id, DOI or URL split ----------------------------------


def is_single_url(line: str) -> bool:
    return re.fullmatch(r"\s*https?://\S+\s*", line) is not None


WIDTH_CASES = {
    "list": (("list",), cats.THERAPY_IDS),
    "show-prp": (
        ("show", "prp"),
        ("prp", "10.1136/rapm-2024-105889", "https://doi.org/10.1136/rapm-2024-105889", cats.GUIDE_URL),
    ),
    "show-prolotherapy": (
        ("show", "prolotherapy"),
        ("prolotherapy", cats.LONG_DOI, f"https://doi.org/{cats.LONG_DOI}", "10.1000/retracted.2015.1"),
    ),
    "compare": (
        ("compare", "prp", "prolotherapy", "steroid-injection"),
        (*cats.THERAPY_IDS, "cervical-facet-injection", "posterior-ligament-injection"),
    ),
    "risks": (("risks", "--region", "neck"), cats.THERAPY_IDS),
    "refs": (("refs", "all"), (*cats.REFERENCE_IDS, *cats.DOIS, *cats.URLS)),
}


@pytest.mark.parametrize("width", [40, 80, 120])
@pytest.mark.parametrize("case", sorted(WIDTH_CASES))
def test_output_fits_the_width(prolo, monkeypatch, width, case):
    args, _ = WIDTH_CASES[case]
    monkeypatch.setenv("COLUMNS", str(width))
    out = ok(prolo(*args))
    too_wide = [line for line in out.splitlines() if len(line) > width and not is_single_url(line)]
    assert too_wide == []


@pytest.mark.parametrize("width", [40, 80, 120])
@pytest.mark.parametrize("case", sorted(WIDTH_CASES))
def test_ids_dois_and_urls_stay_whole(prolo, monkeypatch, width, case):
    args, tokens = WIDTH_CASES[case]
    monkeypatch.setenv("COLUMNS", str(width))
    out = ok(prolo(*args))
    words = {w.strip("│()[],.;:") for line in out.splitlines() for w in line.split()}
    words |= {w.strip("│()[],;:") for line in out.splitlines() for w in line.split()}
    missing = [t for t in tokens if t not in words]
    assert missing == [], f"split or cut at width {width}: {missing}"


# 12. Markdown says what the table says -------------------------------------------------


def test_show_markdown_has_the_finding_phrases(prolo):
    md = ok(prolo("show", "prp", "-f", "markdown"))
    assert FACET in md
    assert f"{KNEE}; {RCT}" in md
    assert "**Neck: what studies found:** in facet joint pain: " + FACET in md
    assert not BARE_LEVEL.search(md)


def test_list_markdown_has_the_finding_phrases(prolo):
    md = ok(prolo("list", "--region", "neck", "-f", "markdown"))
    assert FACET in md
    assert "no usable controlled study (1 study, 12 people): case series or report only" in md
    assert "no study for the neck" in md
    assert "| Therapy | Status | Neck: what studies found |" in md


def test_compare_markdown_has_the_finding_phrases(prolo):
    table = flat(ok(prolo("compare", "prp", "prolotherapy", "steroid-injection")))
    md = ok(prolo("compare", "prp", "prolotherapy", "steroid-injection", "--format", "markdown"))
    for phrase in (
        FACET,
        "no usable controlled study (1 study, 12 people): case series or report only",
        "no study for the neck",
        "probably improves outcomes compared with placebo or sham (5 studies, 300 people); study type: "
        "systematic review",
    ):
        assert phrase in md, phrase
    for phrase in ("no study for the neck", "Injection routes"):
        assert phrase in table
