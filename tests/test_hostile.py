"""Bad input never crashes prolo, never steers the terminal, never loses a word."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prolocli.errors import CatalogueError
from prolocli.loader import parse
from prolocli.models import (
    Catalogue,
    CatalogueInfo,
    Evidence,
    Limitation,
    Mechanism,
    Reference,
    Risk,
    Structure,
    Therapy,
)
from prolocli.reports import Facts
from tests.conftest import MINI

ESC = "\x1b"
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def write(tmp_path: Path, data: bytes | str, name: str = "c.toml") -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def assert_clean_failure(result, code: int, place: str) -> None:
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert place in result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert result.stdout == ""


# bad catalogues through --catalog, PROLO_CATALOG and validate


def test_missing_file(run, tmp_path):
    assert_clean_failure(run("--catalog", str(tmp_path / "x.toml"), "list"), 1, "x.toml: no such file")


def test_directory(run, tmp_path):
    assert_clean_failure(run("--catalog", str(tmp_path), "list"), 1, "is a directory")


def test_unreadable_file(run, tmp_path, monkeypatch):
    path = write(tmp_path, MINI.read_bytes())

    def deny(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", deny)
    assert_clean_failure(run("--catalog", str(path), "list"), 1, f"{path}: permission denied")


def test_empty_file(run, tmp_path):
    assert_clean_failure(run("--catalog", str(write(tmp_path, "")), "list"), 1, "file is empty")


def test_not_utf8(run, tmp_path):
    path = write(tmp_path, MINI.read_bytes().replace(b"Test catalogue", b"Test \xff catalogue"))
    assert_clean_failure(run("--catalog", str(path), "list"), 1, f"{path}:5:15: not valid UTF-8")


def test_byte_order_mark_is_accepted(run, tmp_path):
    path = write(tmp_path, b"\xef\xbb\xbf" + MINI.read_bytes())
    assert run("--catalog", str(path), "list").exit_code == 0


def test_toml_syntax_error_via_environment(run, tmp_path, monkeypatch):
    path = write(tmp_path, "schema = 1\n[catalogue\ntitle = 'x'\n")
    monkeypatch.setenv("PROLO_CATALOG", str(path))
    assert_clean_failure(run("list"), 1, f"{path}:2:")


@pytest.mark.parametrize(
    ("old", "new", "place"),
    [
        ("year = 2021", 'year = "2021"', "reference 'bennell-2021' > year: Input should be a valid integer"),
        ('certainty = "proposed"', 'certainty = "sure"', "therapy 'prp' > mechanism > certainty"),
        ('refs = ["low-2017"]', 'refs = ["nobody-1999"]', "unknown reference 'nobody-1999'"),
        ('id = "bmp"', 'id = "prp"', "duplicate id"),
        ('aliases = ["rhbmp-2"]', 'aliases = ["prolo"]', "alias 'prolo' is already used"),
        ("schema = 1", "schema = 2", "schema: unsupported schema 2"),
        ('status = "off-label"', 'status = "off-label"\ncolour = "red"', "unknown key 'colour'"),
    ],
)
def test_schema_and_integrity_errors(run, tmp_path, old, new, place):
    path = write(tmp_path, MINI.read_text().replace(old, new, 1))
    assert_clean_failure(run("--catalog", str(path), "list"), 1, place)
    validated = run("validate", str(path))
    assert_clean_failure(validated, 1, place)


def test_several_megabytes_load(run, tmp_path):
    text = MINI.read_text()
    padding = "\n".join(f"# filler line {i} " + "x" * 60 for i in range(60_000))
    path = write(tmp_path, text + "\n" + padding + "\n")
    assert path.stat().st_size > 4_000_000
    assert run("--catalog", str(path), "list", "--json").exit_code == 0


def test_deeply_nested_tables(run, tmp_path):
    nested = "x = " + "[" * 5000 + "]" * 5000 + "\n"
    path = write(tmp_path, MINI.read_text() + "\n" + nested)
    result = run("--catalog", str(path), "list")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert str(path) in result.stderr


def test_validate_reports_every_problem_in_one_run(run, tmp_path):
    text = MINI.read_text().replace('severity = "serious"', 'severity = "awful"')
    text = text.replace('frequency = "common"', 'frequency = "daily"').replace("schema = 1", "schema = 3")
    path = write(tmp_path, text)
    result = run("validate", str(path))
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 3
    assert all(line.startswith(str(path)) for line in lines)


def test_validate_json_lists_problems_with_places(run, tmp_path):
    path = write(tmp_path, MINI.read_text().replace('severity = "serious"', 'severity = "awful"'))
    result = run("validate", str(path), "--json")
    assert result.exit_code == 1
    [problem] = json.loads(result.stdout)
    assert problem["path"] == "therapy 'prolotherapy' > risks[0] > severity"
    assert isinstance(problem["line"], int)
    assert "awful" in problem["message"] or "Input should be" in problem["message"]


def test_validate_ok_line(run):
    result = run("validate", str(MINI))
    assert result.exit_code == 0
    assert result.stdout == "ok: 3 therapies, 2 structures, 8 references\n"


# text from a catalogue is data


def hostile_catalogue(text: str) -> Catalogue:
    """A catalogue whose every text field holds `text` (built directly, as a
    renderer must be safe even for data the loader would have refused)."""
    ref = Reference.model_construct(
        id="r1",
        authors=text,
        title=text,
        journal=text,
        year=2000,
        design="rct",
        url="https://example.org/x",
        conflict=text,
        note=text,
    )
    therapy = Therapy.model_construct(
        id="t1",
        name=text,
        aliases=[text],
        category="other",
        summary=text,
        mechanism=Mechanism.model_construct(text=text, certainty="unclear"),
        status="experimental",
        evidence=[Evidence.model_construct(indication=text, region="cervical", summary=text, refs=["r1"])],
        risks=[Risk.model_construct(text=text, severity="serious", frequency="rare", regions=["any"], refs=["r1"])],
        limitations=[Limitation.model_construct(region="cervical", text=text, structures=["s1"], refs=["r1"])],
        reviewed=date(2026, 1, 1),
    )
    other = therapy.model_copy(update={"id": "t2", "aliases": []})  # copy skips validation too
    structure = Structure.model_construct(
        id="s1",
        name=text,
        latin=text,
        region="cervical",
        level=text,
        function=text,
        access="specialist",
        approach=text,
        refs=["r1"],
    )
    return Catalogue.model_construct(
        schema_version=1,
        info=CatalogueInfo.model_construct(title="x"),
        therapies=[therapy, other],
        structures=[structure],
        references=[ref],
        claims=[],
    )


def render_all(facts: Facts, width: int, colour: bool) -> str:
    import io

    from rich.console import Console

    from prolocli import render

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=colour,
        color_system="standard" if colour else None,
        highlight=False,
        markup=False,
        emoji=False,
    )
    t1, t2 = facts.catalogue.therapies
    from prolocli.reports import hard_to_reach, risks_for

    console.print(render.list_view(facts, [("g", [t1, t2])], width))
    console.print(render.show(facts, t1, "cervical", width))
    console.print(render.compare(facts, [t1, t2], "cervical", width))
    console.print(
        render.risks(
            facts,
            risks_for(facts.catalogue, region="cervical"),
            hard_to_reach(facts.catalogue, "cervical"),
            "cervical",
            width,
        )
    )
    return buffer.getvalue()


def strip_own_colour(output: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", output)


NASTY = [
    "[bold red]alarm[/bold red] [link=https://evil.example]click[/link]",
    "\x1b[31mred\x1b[0m and \x1b]8;;https://evil.example\x07link\x1b]8;;\x07",
    "line\rover\x08\x07bell\x9b31m",
    "abc\u202edcba\u2066x\u2069",
    "A" * 300,
    "see https://example.org/" + "very-long-path/" * 20,
]


@pytest.mark.parametrize("text", NASTY)
@pytest.mark.parametrize("width", [40, 80, 200])
@pytest.mark.parametrize("colour", [False, True])
def test_hostile_text_never_reaches_the_terminal(text, width, colour):
    output = render_all(Facts(hostile_catalogue(text)), width, colour)
    cleaned = strip_own_colour(output) if colour else output
    assert ESC not in cleaned
    assert not CONTROL.search(cleaned.replace("\n", ""))
    if "[bold red]" in text:
        # Printed as typed, whatever the wrapping: compare without layout.
        flat = re.sub(r"[\s\u2500-\u257f]+", "", cleaned)
        assert "[boldred]alarm[/boldred][link=https://evil.example]click[/link]" in flat


def test_markup_like_brackets_print_as_typed(run, tmp_path):
    path = write(
        tmp_path,
        MINI.read_text().replace(
            "Platelets release growth factors.", "Platelets [bold]release[/bold] growth factors [1]."
        ),
    )
    out = run("--catalog", str(path), "show", "prp").stdout
    assert "Platelets [bold]release[/bold] growth factors [1]." in out


def test_loader_rejects_control_characters_with_the_field(run, tmp_path):
    path = write(tmp_path, MINI.read_text().replace('name = "Platelet-rich plasma"', 'name = "Platelet\\u202erich"'))
    assert_clean_failure(
        run("--catalog", str(path), "list"), 1, "therapy 'prp' > name: contains control character U+202E"
    )


@pytest.mark.parametrize("width", ["40", "200"])
def test_narrow_and_wide_terminals_keep_every_word(run, monkeypatch, width):
    monkeypatch.setenv("COLUMNS", width)
    for args in (["show", "prp"], ["compare", "prp", "bmp", "prolotherapy"], ["risks"], ["list"]):
        out = run("--catalog", str(MINI), *args).stdout
        flat = re.sub(r"[\s│┃|]+", "", out)
        for word in ("Concentratedplatelets", "leukocyte-poororleukocyte-rich", "34812863", "10.1001/jama.2021.19415"):
            if args[0] == "show":
                assert word in flat, (width, word)
        assert "…" not in out
        assert max(len(line) for line in out.splitlines()) <= int(width)


# property-based: the loader either loads or raises its own error


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_load_or_raise_catalogue_error(data):
    try:
        parse(data, "fuzz.toml")
    except CatalogueError as exc:
        assert exc.problems


toml_scalars = st.one_of(st.text(max_size=20), st.integers(), st.booleans(), st.dates())
toml_values = st.recursive(
    toml_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(min_size=1, max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
keys = st.sampled_from(["schema", "catalogue", "therapy", "structure", "reference", "claim", "x"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(keys, toml_values, max_size=6))
def test_toml_shaped_documents_load_or_raise_catalogue_error(doc):
    text = json.dumps(doc, default=str)  # JSON is not TOML: parse must still fail cleanly
    try:
        parse(text.encode(), "fuzz.toml")
    except CatalogueError as exc:
        assert exc.problems
    from prolocli.loader import _build

    try:
        _build(doc, "", "fuzz.toml")
    except CatalogueError as exc:
        assert exc.problems


printable_or_nasty = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=80)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(printable_or_nasty, st.sampled_from([40, 80, 200]), st.booleans())
def test_arbitrary_text_renders_without_leaking_controls(text, width, colour):
    output = render_all(Facts(hostile_catalogue(text)), width, colour)
    cleaned = strip_own_colour(output) if colour else output
    assert ESC not in cleaned
    assert not CONTROL.search(cleaned.replace("\n", ""))


# pipes


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_closed_pipe_on_large_output_is_quiet(tmp_path):
    # Large enough that prolo is still writing when `head` exits.
    big = tmp_path / "big.toml"
    text = MINI.read_text()
    blocks = []
    for i in range(400):
        blocks.append(
            text[text.index('[[therapy]]\nid = "bmp"') : text.index("[[structure]]")]
            .replace('id = "bmp"', f'id = "bmp-{i}"')
            .replace('aliases = ["rhbmp-2"]', "aliases = []")
        )
    big.write_text(text + "\n" + "\n".join(blocks))
    script = f"'{sys.executable}' -m prolocli --catalog '{big}' list | head -1"
    result = subprocess.run(["bash", "-o", "pipefail", "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 1
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr
