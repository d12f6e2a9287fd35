"""The rest of the catalogue: structures and their access tiers, routes,
diagnosis, trials, questions, search, references, glossary and levels."""

from __future__ import annotations

import json
import re

import pytest

from tests import catalogues as cats
from tests.catalogues import as_json, flat, ok

PUBLISHED_DATA = "What published results and safety data exist for injecting the"


# 6. Structures, access tiers and the questions they lead to ----------------------------


@pytest.mark.parametrize(
    ("structure", "access"),
    [
        ("facet-capsule", "routine"),
        ("c1-c2-capsule", "specialist"),
        ("alar-ligament", "experimental"),
        ("transverse-ligament", "not-injectable"),
    ],
)
def test_structure_json_shows_access(prolo, structure, access):
    data = as_json(prolo("structures", structure, "--json"))
    assert data["id"] == structure
    assert data["access"] == access


def test_structure_links_routes_diagnostics_and_mentions(prolo):
    data = as_json(prolo("structures", "alar-ligament", "--json"))
    assert data["procedures"] == ["picl"]
    assert data["diagnostics"] == ["clivo-axial-angle"]
    assert [r["id"] for r in data["references"]] == ["tubbs-2011"]
    assert [m["therapy"] for m in data["mentions"]] == ["prp"]


def test_structure_table_explains_access(prolo):
    out = flat(ok(prolo("structures", "alar")))  # a unique prefix finds it
    assert "Access: experimental: A few clinics claim a route; nothing is published" in out
    assert "PICL transoral injection (picl): unpublished technique and safety" in out
    assert "Clivo-axial angle (CXA) (clivo-axial-angle)" in out


def test_structures_filter_by_access(prolo):
    data = as_json(prolo("structures", "--access", "experimental", "--json"))
    assert [s["id"] for s in data] == ["alar-ligament"]
    every = as_json(prolo("structures", "--region", "neck", "--json"))
    assert {s["access"] for s in every} == {"routine", "specialist", "experimental", "not-injectable"}


def test_unknown_structure_is_a_usage_error(prolo):
    result = prolo("structures", "alr-ligament")
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert "unknown structure 'alr-ligament'" in result.stderr
    assert "alar-ligament" in result.stderr


def questions_of(prolo, therapy: str) -> list[str]:
    data = as_json(prolo("questions", therapy, "--json"))
    assert data["therapy"] == therapy
    assert data["region"] == "cervical"
    return [q["text"] for q in data["questions"]]


def test_questions_never_ask_to_reach_the_unreachable(prolo):
    texts = questions_of(prolo, "prp")
    assert not any("can you reach" in t.lower() for t in texts)
    for name in ("Alar ligaments", "Transverse ligament of the atlas"):
        asked = [t for t in texts if name in t]
        assert asked == [f"{PUBLISHED_DATA} {name}, and how would you reach it?"], name
    assert "Does my problem involve the C1-C2 joint capsules, and how often have you injected it?" in texts
    assert "Does my problem involve the Facet joint capsules C2-C7, and how will you target it?" in texts


def test_questions_follow_the_catalogue_facts(prolo):
    prp = questions_of(prolo, "prp")
    assert any("diagnosis based on" in t for t in prp)  # a diagnostic assesses a named structure
    assert "Will you use a cervical facet joint injection, and how do you avoid its risks?" in prp
    assert any("puncture of the vertebral artery" in t for t in prp)
    found = "For the neck, the studies found: in facet joint pain: no better than corticosteroid"
    assert any(t.startswith(found) for t in prp)
    dextrose = questions_of(prolo, "prolotherapy")
    assert not any(PUBLISHED_DATA in t for t in dextrose)
    assert "Which local anaesthetic is mixed in, and how much?" in dextrose
    assert any("independent results" in t for t in dextrose)  # its case series has a conflict


@pytest.mark.parametrize("therapy", cats.THERAPY_IDS)
def test_every_question_is_a_question(prolo, therapy):
    texts = questions_of(prolo, therapy)
    assert texts
    for text in texts:
        assert text.endswith("?"), text
        assert ".?" not in text and "..?" not in text, text


def test_questions_table_and_markdown(prolo):
    out = flat(ok(prolo("questions", "prp")))
    assert f"{PUBLISHED_DATA} Alar ligaments, and how would you reach it?" in out
    assert "can you reach" not in out.lower()
    md = ok(prolo("questions", "prp", "--format", "markdown"))
    assert md.startswith("# Questions to ask about Platelet-rich plasma")
    assert f"{PUBLISHED_DATA} Alar ligaments" in md


def test_questions_ask_about_the_worst_own_risk(run, tmp_path):
    # Two minor risks listed before a life-threatening neck risk: the question
    # about risks must still name the life-threatening one.
    extra = """
[[therapy.risks]]
text = "Bruising at the injection site."
severity = "minor"
frequency = "common"
regions = ["any"]
refs = ["steroid-rct-2019"]

[[therapy.risks]]
text = "Spinal cord infarction after injection near the neck."
severity = "life-threatening"
frequency = "very-rare"
regions = ["cervical"]
refs = ["steroid-rct-2019"]
"""
    marker = '[[therapy.limitations]]\nregion = "cervical"\ntext = "Not studied for neck ligaments."'
    path = cats.write(tmp_path, cats.NECK.replace(marker, extra.lstrip() + "\n" + marker), "risky.toml")
    data = json.loads(ok(run("--catalog", str(path), "questions", "steroid-injection", "--json")))
    risks = [q["text"] for q in data["questions"] if q["topic"] == "Risks"]
    assert any("spinal cord infarction" in t for t in risks), risks


# Routes and diagnosis ----------------------------------------------------------------


def test_procedures_list_and_one_route(prolo):
    items = as_json(prolo("procedures", "--json"))
    assert [p["id"] for p in items] == ["cervical-facet-injection", "posterior-ligament-injection", "picl"]
    assert {p["id"]: p["published"] for p in items}["picl"] is False
    one = as_json(prolo("procedures", "facet injection", "--json"))  # by alias
    assert one["id"] == "cervical-facet-injection"
    assert one["therapies"] == ["prp"]
    assert one["risks"][0]["severity"] == "life-threatening"
    assert [r["id"] for r in one["references"]] == ["facet-safety-2018"]


def test_unpublished_route_is_flagged(prolo):
    out = flat(ok(prolo("procedures", "picl")))
    assert "Unpublished: no peer-reviewed description of this technique or its safety exists." in out
    assert "Reaches: Alar ligaments" in out
    table = ok(prolo("procedures"))
    row = next(line for line in table.splitlines() if "picl" in line)
    assert "no" in [cell.strip() for cell in row.split("│")]


def test_diagnosis_json_and_table(prolo):
    listing = as_json(prolo("diagnosis", "--json"))
    assert [d["id"] for d in listing] == ["clivo-axial-angle"]
    one = as_json(prolo("diagnosis", "CXA", "--json"))
    assert one["id"] == "clivo-axial-angle"
    assert one["structures"] == ["alar-ligament"]
    assert one["thresholds"][0]["value"] == "below 135 degrees suggested as abnormal"
    assert one["stale"] is None
    out = flat(ok(prolo("diagnosis", "clivo-axial-angle")))
    assert "Assesses: Alar ligaments" in out
    assert "below 135 degrees suggested as abnormal; proposed by A surgical group" in out
    assert "Criticism" in out


def test_unknown_route_is_a_usage_error(prolo):
    result = prolo("procedures", "transoral")
    assert result.exit_code == 2
    assert "unknown procedure 'transoral'" in result.stderr
    assert "Traceback" not in result.stderr


# 7. Trials: overdue results, stale status, the caveat ----------------------------------


def test_trials_json_marks_overdue_results(prolo):
    data = as_json(prolo("trials", "--json"))
    assert "not an approval" in data["note"]
    overdue = {t["id"]: t["results_overdue"] for t in data["trials"]}
    assert overdue == {"NCT09990001": True, "NCT09990002": False}
    first = data["trials"][0]
    assert first["results"] == "none"
    assert first["completion"] == "2020-12-31"
    assert first["url"] == cats.TRIAL_URL


def test_trials_table_says_results_overdue(prolo):
    out = ok(prolo("trials"))
    assert "not an approval" in flat(out)
    first, second = out.split("NCT09990002")
    assert "RESULTS OVERDUE" in first
    assert "RESULTS OVERDUE" not in second
    assert "Results: none" in second
    assert cats.TRIAL_URL in out


def test_trial_not_overdue_within_a_year_of_completion(prolo, monkeypatch):
    monkeypatch.setenv("PROLO_TODAY", "2021-06-01")
    data = as_json(prolo("trials", "--json"))
    assert all(t["results_overdue"] is False for t in data["trials"])
    assert "RESULTS OVERDUE" not in ok(prolo("trials"))


def test_trials_for_one_therapy(prolo):
    data = as_json(prolo("trials", "--therapy", "dextrose", "--json"))
    assert data["therapy"] == "prolotherapy"
    assert [t["id"] for t in data["trials"]] == ["NCT09990002"]


# 10. Search, references, glossary, levels ---------------------------------------------


def test_search_finds_a_reference_by_author(prolo):
    data = as_json(prolo("search", "hauser", "--json"))
    assert data["query"] == "hauser"
    hits = {(h["type"], h["id"]): h for h in data["results"]}
    hit = hits[("reference", "hauser-2014-series")]
    assert "authors" in [m["field"] for m in hit["matches"]]
    out = ok(prolo("search", "Steilen"))
    assert "(reference: hauser-2014-series)" in out
    assert "authors: Hauser RA, Steilen D" in out


def test_search_names_places_in_words(prolo):
    data = as_json(prolo("search", "saline", "--json"))
    prp = next(h for h in data["results"] if h["id"] == "prp")
    fields = [m["field"] for m in prp["matches"]]
    assert "evidence: Knee osteoarthritis" in fields
    every = [m["field"] for h in data["results"] for m in h["matches"]]
    assert not any(re.search(r"\[\d+\]", f) for f in every), every
    out = ok(prolo("search", "saline"))
    assert "evidence: Knee osteoarthritis:" in out
    assert not re.search(r"\w\[\d+\]", out)


def test_search_requires_every_word_and_is_accent_insensitive(prolo):
    assert [h["id"] for h in as_json(prolo("search", "vertebral", "artery", "--json"))["results"]] == [
        "cervical-facet-injection"
    ]
    assert as_json(prolo("search", "vertebral", "dextrose", "--json"))["results"] == []
    assert as_json(prolo("search", "LIGAMENTA", "ALÁRIA", "--json"))["results"][0]["id"] == "alar-ligament"
    out = ok(prolo("search", "zzzz"))
    assert "Nothing in the catalogue matches every word of: zzzz" in out


def test_refs_for_one_therapy(prolo):
    data = as_json(prolo("refs", "prolotherapy", "--json"))
    ids = [r["id"] for r in data]
    assert set(ids) == {"knee-review-2020", "retracted-neck-review", "hauser-2014-series", "eu-guidance-2025"}
    by_id = {r["id"]: r for r in data}
    assert by_id["knee-review-2020"]["link"] == f"https://doi.org/{cats.LONG_DOI}"
    assert by_id["hauser-2014-series"]["link"] == "https://pubmed.ncbi.nlm.nih.gov/11111111/"
    assert by_id["eu-guidance-2025"]["link"] == cats.GUIDE_URL
    assert by_id["retracted-neck-review"]["retracted"] is True
    assert by_id["hauser-2014-series"]["author_list"] == ["Hauser RA", "Steilen D"]


def test_refs_all_table_marks_retraction_and_conflict(prolo):
    out = flat(ok(prolo("refs", "all")))
    assert "retracted-neck-review: Withdrawn WW (2015)" in out
    assert "RETRACTED: Withdrawn by the journal in 2016." in out
    assert "Conflict of interest: Authors run a prolotherapy clinic." in out
    assert "authors or sponsors sell or deliver the treatment" in out


@pytest.mark.parametrize(("fmt", "start"), [("bibtex", "@"), ("ris", "TY  -")])
def test_refs_export(prolo, fmt, start):
    out = ok(prolo("refs", "prp", "--format", fmt))
    assert out.lstrip().startswith(start)
    assert "10.1136/rapm-2024-105889" in out


def test_glossary_explains_off_label(prolo):
    out = flat(ok(prolo("glossary", "off-label")))
    assert "off-label: The product is approved for something else; using it here is outside its label." in out
    data = as_json(prolo("glossary", "off-label", "--json"))
    assert [t["term"] for t in data["terms"]] == ["off-label"]


def test_glossary_unknown_term_lists_the_known(prolo):
    result = prolo("glossary", "miracle")
    assert result.exit_code == 2
    assert "no glossary entry for 'miracle'" in result.stderr
    assert "off-label" in result.stderr


def test_levels_explains_study_type_finding_and_certainty(prolo):
    out = flat(ok(prolo("levels")))
    assert "Study type: How it was studied." in out
    assert "It does not say which did better." in out
    assert "Finding: What was found, against what." in out
    assert "Certainty: How sure reviewers are" in out
    assert "unretracted" in out
    data = as_json(prolo("levels", "--json"))
    assert {"study type", "finding", "certainty"} <= set(data["explanation"])
    assert [lv["study_type"] for lv in data["levels"]][:2] == ["systematic review", "randomised trial"]
    assert data["levels"][-1]["level"] is None
