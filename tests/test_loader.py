"""Loading a catalogue: every integrity rule, each reported with its place."""

from __future__ import annotations

from pathlib import Path

import pytest

from prolocli.errors import CatalogueError
from prolocli.loader import load, parse
from tests.conftest import MINI


def broken(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    text = MINI.read_text(encoding="utf-8")
    assert old in text, old
    target = tmp_path / "broken.toml"
    target.write_text(text.replace(old, new, count), encoding="utf-8")
    return target


def problems(path: Path) -> list[str]:
    with pytest.raises(CatalogueError) as info:
        load(path)
    return [p.render(info.value.source) for p in info.value.problems]


def line_of(path: Path, needle: str, nth: int = 1) -> int:
    seen = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            seen += 1
            if seen == nth:
                return number
    raise AssertionError(needle)


def test_mini_catalogue_loads():
    catalogue = load(MINI)
    assert [t.id for t in catalogue.therapies] == ["prp", "prolotherapy", "bmp"]
    assert len(catalogue.references) == 8


def test_toml_syntax_error_has_file_line_column(tmp_path):
    path = broken(tmp_path, 'name = "Dextrose prolotherapy"', 'name = "Dextrose prolotherapy')
    [message] = problems(path)
    line = line_of(path, 'name = "Dextrose prolotherapy')
    assert message.startswith(f"{path}:{line}:")
    assert "TOML syntax error" in message


def test_enum_error_names_therapy_and_field_path(tmp_path):
    path = broken(tmp_path, 'severity = "serious"', 'severity = "awful"')
    [message] = problems(path)
    assert "therapy 'prolotherapy' > risks[0] > severity:" in message
    assert "'minor', 'moderate', 'serious' or 'life-threatening'" in message
    assert f":{line_of(path, '[[therapy]]', 2)}:" in message


def test_every_problem_is_reported_not_just_the_first(tmp_path):
    path = broken(tmp_path, 'severity = "serious"', 'severity = "awful"')
    text = path.read_text().replace('frequency = "common"', 'frequency = "often"')
    text = text.replace('refs = ["low-2017"]', 'refs = ["low-2071"]')
    path.write_text(text)
    found = problems(path)
    assert len(found) == 3
    assert any("risks[0] > severity" in m for m in found)
    assert any("therapy 'prp' > risks[0] > frequency" in m for m in found)
    assert any(
        "therapy 'bmp' > evidence[0] > refs[0]: unknown reference 'low-2071' (did you mean 'low-2017'?)" in m
        for m in found
    )


def test_dangling_structure(tmp_path):
    path = broken(tmp_path, 'structures = ["alar-ligament"]', 'structures = ["alar-ligaments"]')
    [message] = problems(path)
    assert "therapy 'prp' > limitations[0] > structures[0]: unknown structure 'alar-ligaments'" in message


def test_duplicate_therapy_id(tmp_path):
    path = broken(tmp_path, 'id = "bmp"', 'id = "prp"')
    found = problems(path)
    assert any("therapy 'prp': duplicate id (first used by therapy #1)" in m for m in found)


def test_duplicate_reference_id(tmp_path):
    path = broken(tmp_path, 'id = "low-2017"', 'id = "tubbs-2011"')
    found = problems(path)
    assert any("reference 'tubbs-2011': duplicate id" in m for m in found)


def test_alias_used_by_two_therapies(tmp_path):
    path = broken(tmp_path, 'aliases = ["rhbmp-2"]', 'aliases = ["rhbmp-2", "Dextrose"]')
    [message] = problems(path)
    assert "therapy 'bmp' > aliases[1]: alias 'Dextrose' is already used by therapy 'prolotherapy'" in message


def test_alias_equal_to_another_id(tmp_path):
    path = broken(tmp_path, 'aliases = ["rhbmp-2"]', 'aliases = ["PRP"]')
    [message] = problems(path)
    assert "alias 'PRP' is already used by therapy 'prp'" in message


def test_reference_without_any_identifier(tmp_path):
    path = broken(tmp_path, 'doi = "10.1136/rapm-2024-105889"\n', "")
    [message] = problems(path)
    assert "reference 'allison-2024': needs at least one of pmid, doi or url" in message


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'pmid = "34812863"',
            'pmid = "PMID34812863"',
            "reference 'bennell-2021' > pmid: 'PMID34812863' is not a PMID",
        ),
        (
            'doi = "10.1136/rapm-2024-105889"',
            'doi = "https://doi.org/10.1136/x"',
            "> doi: 'https://doi.org/10.1136/x' is not a DOI",
        ),
    ],
)
def test_identifier_shapes(tmp_path, old, new, expected):
    path = broken(tmp_path, old, new)
    [message] = problems(path)
    assert expected in message


def test_unknown_key_suggests_the_field(tmp_path):
    path = broken(tmp_path, 'severity = "serious"', 'sevrity = "serious"')
    found = problems(path)
    assert any(
        "therapy 'prolotherapy' > risks[0] > sevrity: unknown key 'sevrity' (did you mean 'severity'?)" in m
        for m in found
    )


def test_unknown_top_level_key(tmp_path):
    path = broken(tmp_path, "schema = 1", 'schema = 1\ntherapys = "x"')
    [message] = problems(path)
    assert "therapys: unknown key 'therapys' (did you mean 'therapy'?)" in message


@pytest.mark.parametrize("value", ["2", '"1"'])
def test_schema_other_than_one(tmp_path, value):
    path = broken(tmp_path, "schema = 1", f"schema = {value}")
    [message] = problems(path)
    assert f"{path}:2: schema: unsupported schema" in message


def test_level_is_derived_not_typed(tmp_path):
    path = broken(tmp_path, 'summary = "Slightly higher', 'level = 1\nsummary = "Slightly higher')
    [message] = problems(path)
    assert "therapy 'bmp' > evidence[0] > level: unknown key 'level'" in message


def test_therapy_needs_evidence_and_risk(tmp_path):
    text = MINI.read_text()
    start = text.index('[[therapy.risks]]\ntext = "Swelling')
    end = text.index("[[structure]]")
    path = tmp_path / "norisk.toml"
    path.write_text(text[:start] + text[end:])
    found = problems(path)
    assert any("therapy 'bmp' > risks: missing required key" in m for m in found)


def test_control_characters_are_rejected_with_their_place(tmp_path):
    path = broken(tmp_path, 'name = "Bone morphogenetic protein"', 'name = "Bone \\u001b[31mmorphogenetic"')
    [message] = problems(path)
    assert "therapy 'bmp' > name: contains control character U+001B at position 6" in message


def test_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + MINI.read_bytes())
    assert len(load(path).therapies) == 3


def test_parse_reports_not_utf8_with_place():
    with pytest.raises(CatalogueError) as info:
        parse(b"schema = 1\n# caf\xe9\n", "x.toml")
    assert info.value.problems[0].render("x.toml") == "x.toml:2:6: not valid UTF-8 (byte 0xe9)"


def test_pooled_design_sets_a_reviews_level(tmp_path):
    path = broken(tmp_path, 'design = "meta-analysis"\n', 'design = "meta-analysis"\npooled = "case-series"\n')
    catalogue = load(path)
    bmp = next(t for t in catalogue.therapies if t.id == "bmp")
    from prolocli.models import evidence_level

    assert evidence_level(bmp.evidence[0], catalogue.reference_map()) == 4


def test_pooled_only_on_reviews(tmp_path):
    path = broken(
        tmp_path, 'design = "rct"\npmid = "34812863"', 'design = "rct"\npooled = "case-series"\npmid = "34812863"'
    )
    [message] = problems(path)
    assert "reference 'bennell-2021': pooled applies only to systematic-review and meta-analysis references" in message
