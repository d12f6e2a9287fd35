"""The loader: TOML -> validated models -> plain records, every problem with its place.

Catalogues are built here as small TOML strings (schema 2 unless said), so a
test's input is in front of the reader; `mini` is the schema-1 fixture.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from prolocli import evidence, lint, records
from prolocli.errors import CatalogueError
from prolocli.loader import load, parse

# A complete, valid schema-2 catalogue touching every table. Line numbers of
# the headers matter to the tests below: `line_of` finds them, never a constant.
SCHEMA2 = """\
schema = 2

[catalogue]
title = "Tiny"
reviewed = 2026-12-02

[[therapy]]
id = "x"
name = "Therapy X"
aliases = ["ex"]
category = "proliferant"
summary = "An injection."
mechanism = { text = "Unclear.", certainty = "unclear" }
status = "experimental"
procedures = ["facet"]

[[therapy.regulatory]]
jurisdiction = "EU"
text = "No EU-level statement was found."
refs = ["r-trial"]

[[therapy.evidence]]
indication = "Neck facet pain"
region = "cervical"
condition = "facet-pain"
versus = "placebo-sham"
finding = "benefit"
summary = "Better than sham in one trial."
refs = ["r-trial"]

[[therapy.risks]]
text = "Soreness."
severity = "minor"
frequency = "common"
regions = ["any"]
refs = ["r-trial"]

[[therapy]]
id = "y"
name = "Therapy Y"
category = "other"
summary = "Another injection."
mechanism = { text = "Known.", certainty = "established" }
status = "approved"

[[therapy.evidence]]
indication = "Neck pain"
region = "cervical"
condition = "nonspecific-neck-pain"
versus = "none"
finding = "insufficient"
summary = "Only uncontrolled series."
refs = ["r-series"]

[[therapy.risks]]
text = "Bruising."
severity = "minor"
frequency = "common"
regions = ["cervical"]
refs = ["r-series"]

[[procedure]]
id = "facet"
name = "Facet injection"
structures = ["capsule"]
guidance = ["fluoroscopy"]
approach = "From behind, under X-ray."
who = "Pain specialists."
refs = ["r-series"]

[[procedure.risks]]
text = "Needle in the wrong place."
severity = "serious"
frequency = "rare"
regions = ["cervical"]
refs = ["r-series"]

[[structure]]
id = "capsule"
name = "Facet capsule"
region = "cervical"
level = "C2-C7"
function = "Guides motion."
access = "routine"
approach = "Fluoroscopy."
refs = ["r-series"]

[[diagnostic]]
id = "mri"
name = "Upright MRI"
kind = "imaging"
shows = "The neck while sitting."
refs = ["r-series"]

[[diagnostic]]
id = "angle"
name = "An angle"
kind = "measurement"
shows = "An angle between two lines."
structures = ["capsule"]
uses = ["mri"]
refs = ["r-series"]

[[diagnostic.thresholds]]
value = "below 135 degrees"
proposed_by = "Someone, 2000"
refs = ["r-series"]

[[trial]]
registry = "ClinicalTrials.gov"
id = "NCT00000001"
title = "A trial of X"
sponsor = "A university"
therapies = ["x"]
status = "completed"
status_date = 2020-01-01
results = "none"

[[reference]]
id = "r-trial"
authors = ["Smith A", "Jones B", "Brown C", "et al."]
title = "A randomised trial of X"
journal = "J Neck"
year = 2020
design = "rct"
pmid = "12345678"

[[reference]]
id = "r-series"
authors = "Doe J"
title = "A case series"
journal = "J Neck"
year = 2010
design = "case-series"
doi = "10.1234/abc"
"""


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    """Within a year of the test catalogue's dates, so nothing in it is stale
    unless a test says so."""
    monkeypatch.setenv("PROLO_TODAY", "2020-06-01")


def write(tmp_path: Path, text: str | bytes, name: str = "c.toml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def edit(old: str, new: str, text: str = SCHEMA2, count: int = 1) -> str:
    assert old in text, f"test setup: {old!r} not in the catalogue"
    return text.replace(old, new, count)


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line that equals `needle` (stripped)."""
    hits = [i + 1 for i, line in enumerate(text.splitlines()) if line.strip() == needle]
    return hits[occurrence - 1]


def problems(text: str) -> list[str]:
    with pytest.raises(CatalogueError) as info:
        parse(text.encode(), "c.toml")
    return [p.render("c.toml") for p in info.value.problems]


def only_problem(text: str) -> str:
    found = problems(text)
    assert len(found) == 1, found
    return found[0]


def assert_data_error(result, *expected: str) -> None:
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    for part in expected:
        assert part in result.stderr, (part, result.stderr)


# -- what loads -----------------------------------------------------------------


def test_schema2_catalogue_loads_every_table() -> None:
    cat = parse(SCHEMA2.encode(), "c.toml")
    assert cat.schema_version == 2
    assert [t.id for t in cat.therapies] == ["x", "y"]
    assert [p.id for p in cat.procedures] == ["facet"]
    assert [d.id for d in cat.diagnostics] == ["mri", "angle"]
    assert [t.id for t in cat.trials] == ["NCT00000001"]
    assert cat.therapies[0].procedures == ("facet",)
    first = cat.therapies[0].evidence[0]
    assert (first.condition, first.versus, first.finding) == ("facet-pain", "placebo-sham", "benefit")
    assert cat.diagnostics[1].thresholds[0].value == "below 135 degrees"
    assert cat.refs["r-trial"].year == 2020


def test_schema1_mini_loads_and_its_evidence_has_no_finding(mini: Path) -> None:
    cat = load(mini)
    assert cat.schema_version == 1
    assert [t.id for t in cat.therapies] == ["prp", "prolotherapy", "bmp"]
    entries = [e for t in cat.therapies for e in t.evidence]
    assert len(entries) == 4
    assert all(e.finding is None and e.versus is None and e.condition is None for e in entries)


def test_byte_order_mark_is_accepted() -> None:
    assert parse(b"\xef\xbb\xbf" + SCHEMA2.encode(), "c.toml").schema_version == 2


# -- schema 2 requirements ---------------------------------------------------------


@pytest.mark.parametrize("field", ["condition", "versus", "finding"])
def test_schema2_evidence_needs_condition_versus_and_finding(field: str) -> None:
    lines = SCHEMA2.splitlines(keepends=True)
    text = "".join(line for line in lines[:30] if not line.startswith(f"{field} =")) + "".join(lines[30:])
    assert text.count(f"{field} =") == SCHEMA2.count(f"{field} =") - 1
    header = line_of(SCHEMA2, "[[therapy]]", 1)
    assert only_problem(text) == f"c.toml:{header}: therapy 'x' > evidence[0] > {field}: " + (
        "missing required key (schema 2 says what each study found; see docs/catalogue-format.md)"
    )


def test_schema2_missing_finding_in_second_therapy_names_its_header() -> None:
    text = edit('finding = "insufficient"\n', "")
    header = line_of(SCHEMA2, "[[therapy]]", 2)
    assert only_problem(text).startswith(f"c.toml:{header}: therapy 'y' > evidence[0] > finding: missing required key")


def test_schema2_reference_needs_year() -> None:
    text = edit("year = 2010\n", "")
    header = line_of(SCHEMA2, "[[reference]]", 2)
    assert only_problem(text) == f"c.toml:{header}: reference 'r-series' > year: missing required key"


def test_schema1_does_not_need_the_schema2_fields(mini: Path) -> None:
    # mini has no condition/versus/finding at all; a missing year is fine too.
    text = mini.read_text().replace("year = 2021\n", "", 1)
    assert parse(text.encode(), "m.toml").refs["bennell-2021"].year is None


def test_unsupported_schema_3() -> None:
    text = edit("schema = 2", "schema = 3")
    assert only_problem(text) == "c.toml:1: schema: unsupported schema 3; this prolo reads schema 1 and 2"


@pytest.mark.parametrize("value", ['"2"', "true", "2.0"])
def test_schema_must_be_a_plain_integer(value: str) -> None:
    assert "unsupported schema" in only_problem(edit("schema = 2", f"schema = {value}"))


def test_missing_schema() -> None:
    assert only_problem(edit("schema = 2\n", "")) == "c.toml: schema: missing; write `schema = 2` at the top"


# -- field errors, located ----------------------------------------------------------


def test_enum_error_is_located() -> None:
    text = edit('finding = "benefit"', 'finding = "great"')
    header = line_of(SCHEMA2, "[[therapy]]", 1)
    message = only_problem(text)
    assert message.startswith(f"c.toml:{header}: therapy 'x' > evidence[0] > finding: ")
    assert "'benefit'" in message and "'insufficient'" in message


def test_enum_error_in_a_procedure_risk_is_located() -> None:
    text = edit('severity = "serious"', 'severity = "awful"')
    header = line_of(SCHEMA2, "[[procedure]]")
    assert only_problem(text).startswith(f"c.toml:{header}: procedure 'facet' > risks[0] > severity: ")


def test_quoted_number_is_not_coerced() -> None:
    text = edit("year = 2020", 'year = "2020"')
    header = line_of(SCHEMA2, "[[reference]]", 1)
    assert only_problem(text).startswith(f"c.toml:{header}: reference 'r-trial' > year: Input should be")


def test_unknown_key_suggests_the_close_name() -> None:
    text = edit('finding = "benefit"', 'finding = "benefit"\nfindings = "x"')
    header = line_of(SCHEMA2, "[[therapy]]", 1)
    assert only_problem(text) == (
        f"c.toml:{header}: therapy 'x' > evidence[0] > findings: unknown key 'findings' (did you mean 'finding'?)"
    )


def test_unknown_top_level_key_suggests_the_close_name() -> None:
    text = edit("[[trial]]", "[[trail]]")
    found = problems(text)
    line = line_of(SCHEMA2, "[[trial]]")
    assert f"c.toml:{line}: trail: unknown key 'trail' (did you mean 'trial'?)" in found


def test_unknown_key_far_from_any_lists_the_allowed_keys() -> None:
    text = edit('who = "Pain specialists."', 'who = "Pain specialists."\nzzzz = 1')
    message = only_problem(text)
    assert "procedure 'facet' > zzzz: unknown key 'zzzz' (allowed: id, name, aliases" in message


def test_schema1_grade_and_certainty_together_are_refused() -> None:
    text = edit('finding = "benefit"', 'finding = "benefit"\ngrade = "low"\ncertainty = "low"')
    assert "therapy 'x' > evidence[0]: give certainty or grade" in only_problem(text)


def test_reference_needs_an_identifier() -> None:
    text = edit('pmid = "12345678"\n', "")
    assert "reference 'r-trial': needs at least one of pmid, doi or url" in only_problem(text)


def test_bad_pmid_says_what_a_pmid_is() -> None:
    text = edit('pmid = "12345678"', 'pmid = "PMID12345678"')
    assert "reference 'r-trial' > pmid: 'PMID12345678' is not a PMID (digits only)" in only_problem(text)


def test_entry_without_id_is_named_by_position() -> None:
    text = edit('id = "mri"\n', "")
    header = line_of(SCHEMA2, "[[diagnostic]]", 1)
    assert f"c.toml:{header}: diagnostic #1 > id: missing required key" in problems(text)


# -- dangling ids -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "header", "expected"),
    [
        (
            'procedures = ["facet"]',
            'procedures = ["facett"]',
            ("[[therapy]]", 1),
            "therapy 'x' > procedures[0]: unknown procedure 'facett' (did you mean 'facet'?)",
        ),
        (
            'structures = ["capsule"]\nguidance',
            'structures = ["nowhere"]\nguidance',
            ("[[procedure]]", 1),
            "procedure 'facet' > structures[0]: unknown structure 'nowhere'",
        ),
        (
            'who = "Pain specialists."\nrefs = ["r-series"]',
            'who = "Pain specialists."\nrefs = ["r-seriez"]',
            ("[[procedure]]", 1),
            "procedure 'facet' > refs[0]: unknown reference 'r-seriez' (did you mean 'r-series'?)",
        ),
        (
            'uses = ["mri"]',
            'uses = ["ct-scan"]',
            ("[[diagnostic]]", 2),
            "diagnostic 'angle' > uses[0]: unknown diagnostic 'ct-scan'",
        ),
        (
            'structures = ["capsule"]\nuses',
            'structures = ["capsule", "alar"]\nuses',
            ("[[diagnostic]]", 2),
            "diagnostic 'angle' > structures[1]: unknown structure 'alar'",
        ),
        (
            'therapies = ["x"]',
            'therapies = ["x", "z"]',
            ("[[trial]]", 1),
            "trial 'NCT00000001' > therapies[1]: unknown therapy 'z'",
        ),
    ],
)
def test_dangling_ids_are_named_with_their_place(old, new, header, expected) -> None:
    text = edit(old, new)
    line = line_of(SCHEMA2, header[0], header[1])
    message = only_problem(text)
    assert message.startswith(f"c.toml:{line}: {expected}"), message
    if "did you mean" not in expected:
        assert message == f"c.toml:{line}: {expected}"


def test_dangling_threshold_ref_is_named() -> None:
    text = edit('proposed_by = "Someone, 2000"\nrefs = ["r-series"]', 'proposed_by = "Someone, 2000"\nrefs = ["gone"]')
    assert "diagnostic 'angle' > thresholds[0] > refs[0]: unknown reference 'gone'" in only_problem(text)


def test_dangling_evidence_ref_is_named() -> None:
    text = edit('refs = ["r-trial"]\n\n[[therapy.risks]]', 'refs = ["r-trial", "nope"]\n\n[[therapy.risks]]')
    line = line_of(SCHEMA2, "[[therapy]]", 1)
    assert only_problem(text).startswith(f"c.toml:{line}: therapy 'x' > evidence[0] > refs[1]: unknown reference")


# -- duplicates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "table", "label", "ident"),
    [
        ('id = "y"', 'id = "x"', "therapy", "therapy", "x"),
        ('id = "r-series"', 'id = "r-trial"', "reference", "reference", "r-trial"),
        ('id = "angle"', 'id = "mri"', "diagnostic", "diagnostic", "mri"),
    ],
)
def test_duplicate_ids_name_the_second_entry_and_the_first(old, new, table, label, ident) -> None:
    found = problems(edit(old, new))
    line = line_of(SCHEMA2, f"[[{table}]]", 2)
    assert f"c.toml:{line}: {label} '{ident}': duplicate id (first used by {table} #1)" in found


def test_duplicate_alias_across_therapies() -> None:
    text = edit('status = "approved"', 'status = "approved"\naliases = ["EX"]')
    assert "therapy 'y' > aliases[0]: alias 'EX' is already used by therapy 'x'" in only_problem(text)


def test_alias_equal_to_another_therapy_id() -> None:
    text = edit('aliases = ["ex"]', 'aliases = ["y"]')
    assert "therapy 'x' > aliases[0]: alias 'y' is already used by therapy 'y'" in only_problem(text)


# -- file-level problems --------------------------------------------------------------


def test_toml_syntax_error_gives_line_and_column() -> None:
    text = edit('title = "Tiny"', 'title = "Tiny')
    line = line_of(SCHEMA2, 'title = "Tiny"')
    message = only_problem(text)
    assert message.startswith(f"c.toml:{line}:"), message
    place, _, rest = message.partition(": ")
    assert place.count(":") == 2 and place.rsplit(":", 1)[1].isdigit(), message
    assert rest.startswith("TOML syntax error: ")
    assert "(at line" not in rest


def test_empty_file() -> None:
    assert only_problem("  \n\n") == "c.toml: file is empty"


def test_no_therapies() -> None:
    assert "c.toml: therapy: the catalogue has no [[therapy]] entries" in problems(
        'schema = 2\n[catalogue]\ntitle = "T"\n'
    )


def test_every_problem_is_reported_in_one_run() -> None:
    text = edit('finding = "benefit"', 'finding = "great"')
    text = edit('severity = "serious"', 'severity = "awful"', text)
    text = edit('therapies = ["x"]', 'therapies = ["q"]', text)
    assert len(problems(text)) == 3


# -- the CLI ------------------------------------------------------------------------


def test_validate_ok_line(run, tmp_path: Path) -> None:
    result = run("validate", str(write(tmp_path, SCHEMA2)))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ("ok: 2 therapies, 1 procedures, 1 structures, 2 diagnostics, 1 trials, 2 references\n")
    assert result.stderr == ""


def test_data_error_exits_1_with_place_and_no_traceback(run, tmp_path: Path) -> None:
    path = write(tmp_path, edit('finding = "benefit"\n', ""))
    header = line_of(SCHEMA2, "[[therapy]]", 1)
    for args in (["validate", str(path)], ["--catalog", str(path), "list"]):
        result = run(*args)
        assert_data_error(result, f"{path}:{header}: therapy 'x' > evidence[0] > finding: missing required key")
        assert result.stdout == ""
        assert not isinstance(result.exception, CatalogueError)


def test_syntax_error_through_the_cli(run, tmp_path: Path) -> None:
    path = write(tmp_path, "schema = 2\n[catalogue\ntitle = 'x'\n")
    result = run("validate", str(path))
    assert_data_error(result, f"{path}:2:")
    assert result.stderr.count("\n") == 1


def test_validate_json_lists_errors_with_places(run, tmp_path: Path) -> None:
    path = write(tmp_path, edit('finding = "benefit"', 'finding = "great"'))
    result = run("validate", str(path), "--json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert set(doc) == {"errors", "warnings"}
    assert doc["warnings"] == []
    [error] = doc["errors"]
    assert error["path"] == "therapy 'x' > evidence[0] > finding"
    assert error["line"] == line_of(SCHEMA2, "[[therapy]]", 1)
    assert error["column"] is None
    assert "great" in error["message"] or "Input should be" in error["message"]


def test_validate_json_on_a_good_file(run, tmp_path: Path) -> None:
    result = run("validate", str(write(tmp_path, SCHEMA2)), "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"errors": [], "warnings": []}


def test_validate_json_syntax_error_has_a_column(run, tmp_path: Path) -> None:
    path = write(tmp_path, "schema = 2\n[catalogue\ntitle = 'x'\n")
    result = run("validate", str(path), "--json")
    assert result.exit_code == 1
    [error] = json.loads(result.stdout)["errors"]
    assert error["line"] == 2 and isinstance(error["column"], int)
    assert error["path"] == ""


# -- retracted references never count towards a level ------------------------------------


RETRACTED_REF = """
[[reference]]
id = "r-review"
authors = "Retracted R"
title = "A withdrawn review"
journal = "J Neck"
year = 2015
design = "systematic-review"
doi = "10.9999/withdrawn"
retracted = true
retraction_note = "Withdrawn in 2016."
"""


def retracted_catalogue(retracted: bool) -> records.Catalogue:
    text = edit('refs = ["r-series"]\n\n[[therapy.risks]]', 'refs = ["r-series", "r-review"]\n\n[[therapy.risks]]')
    block = RETRACTED_REF if retracted else RETRACTED_REF.replace("retracted = true", "retracted = false")
    return parse((text + block).encode(), "c.toml")


def test_retracted_reference_never_sets_the_level() -> None:
    cat = retracted_catalogue(retracted=True)
    entry = cat.therapies[1].evidence[0]
    assert entry.refs == ("r-series", "r-review")
    assert cat.refs["r-review"].retracted is True
    assert evidence.entry_level(entry, cat.refs) == 4  # the case series, not the review
    assert "case series" in evidence.headline(entry, cat.refs)


def test_same_review_unretracted_does_set_the_level() -> None:
    # Control: proves the retracted flag, not the data, made the difference.
    cat = retracted_catalogue(retracted=False)
    assert evidence.entry_level(cat.therapies[1].evidence[0], cat.refs) == 1


def test_entry_citing_only_a_retracted_reference_has_no_level() -> None:
    text = edit('refs = ["r-series"]\n\n[[therapy.risks]]', 'refs = ["r-review"]\n\n[[therapy.risks]]')
    cat = parse((text + RETRACTED_REF).encode(), "c.toml")
    entry = cat.therapies[1].evidence[0]
    assert evidence.entry_level(entry, cat.refs) is None
    assert evidence.headline(entry, cat.refs).endswith("study type: no graded study")


# -- warnings: what loads but a reader should not see (lint) ------------------------------------------


def with_url(url: str) -> str:
    return edit('pmid = "12345678"', f'url = "{url}"')


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://192.168.10.4/paper.pdf", "links a bare IP address"),
        ("https://[2001:db8::1]/paper.pdf", "links a bare IP address"),
        ("https://www.scribd.com/document/1/x", "links a mirror (www.scribd.com)"),
        ("http://localhost:8000/x", "links a mirror (localhost)"),
        ("https://www.fda.gov/page?utm_source=news", "has tracking, search or reply parameters"),
        ("https://www.fda.gov/page?id=1&utm_medium=mail", "has tracking, search or reply parameters"),
    ],
)
def test_lint_warns_about_non_canonical_urls(url: str, message: str) -> None:
    cat = parse(with_url(url).encode(), "c.toml")
    found = [(w.path, w.message) for w in lint.warnings(cat)]
    assert len(found) == 1, found
    assert found[0][0] == "reference 'r-trial' > url"
    assert found[0][1].startswith(message)


def test_lint_accepts_an_issuing_bodys_page() -> None:
    cat = parse(with_url("https://www.fda.gov/vaccines-blood-biologics/page").encode(), "c.toml")
    assert lint.warnings(cat) == []


def test_lint_warns_about_research_process_wording_in_a_title() -> None:
    text = edit('title = "A case series"', 'title = "Title not recorded in the notes"')
    found = [(w.path, w.message) for w in lint.warnings(parse(text.encode(), "c.toml"))]
    assert found == [("reference 'r-series' > title", "speaks of how it was researched, not of the source")]


def test_lint_warns_about_research_process_wording_in_therapy_text() -> None:
    text = edit('summary = "Better than sham in one trial."', 'summary = "Trials seen: one, better than sham."')
    found = [w.path for w in lint.warnings(parse(text.encode(), "c.toml"))]
    assert found == ["therapy 'x' > evidence[0]"]


def test_validate_prints_warnings_on_stderr_and_exits_0(run, tmp_path: Path) -> None:
    text = edit(
        'title = "A case series"',
        'title = "Page seen, not recorded in the notes"',
        with_url("https://www.scribd.com/doc/1"),
    )
    path = write(tmp_path, text)
    result = run("validate", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"{path}: warning: reference 'r-trial' > url: links a mirror (www.scribd.com); use the DOI, PubMed or the "
        "issuing body's page",
        f"{path}: warning: reference 'r-series' > title: speaks of how it was researched, not of the source",
    ]
    assert result.stdout.startswith("ok: 2 therapies")
    assert result.stdout.rstrip().endswith("; 2 warning(s)")


def test_validate_json_lists_warnings(run, tmp_path: Path) -> None:
    path = write(tmp_path, with_url("http://10.0.0.1/x"))
    result = run("validate", str(path), "--json")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["errors"] == []
    assert [w["path"] for w in doc["warnings"]] == ["reference 'r-trial' > url"]
    assert doc["warnings"][0]["message"].startswith("links a bare IP address")


def test_validate_lists_stale_entries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROLO_TODAY", "2028-01-01")
    found = [w.path for w in lint.stale(parse(SCHEMA2.encode(), "c.toml"))]
    assert "trial 'NCT00000001' > status_date" in found
    monkeypatch.setenv("PROLO_TODAY", "2026-12-31")
    assert [w.path for w in lint.stale(parse(SCHEMA2.encode(), "c.toml"))] == ["trial 'NCT00000001' > status_date"]
