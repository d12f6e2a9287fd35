"""Bad input never crashes prolo, never steers the terminal, never loses a word.

Field-by-field loader errors live in test_loader.py; this file is about input
that is hostile or broken as a whole: bytes, controls, markup, odd paths.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prolocli import cache, loader
from prolocli.errors import CatalogueError
from prolocli.loader import parse
from tests.conftest import MINI
from tests.test_records import replace

# The project's definition of terminal-steering characters (prolocli.text.CONTROL), spelled out.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def write(tmp_path: Path, data: bytes | str, name: str = "c.toml") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def mini_with(old: str, new: str) -> str:
    text = MINI.read_text()
    assert old in text, f"test setup: {old!r} not in mini.toml"
    return text.replace(old, new, 1)


def assert_clean_failure(result, code: int, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert result.stdout == ""


# -- files that are not catalogues ----------------------------------------------------------


def test_missing_file(run, tmp_path: Path) -> None:
    result = run("--catalog", str(tmp_path / "x.toml"), "list")
    assert_clean_failure(result, 1, f"{tmp_path / 'x.toml'}: no such file")
    assert result.stderr.count("\n") == 1


def test_directory_as_catalog(run, tmp_path: Path) -> None:
    result = run("--catalog", str(tmp_path), "list")
    assert_clean_failure(result, 1, f"{tmp_path}: is a directory, not a catalogue file")
    assert result.stderr.count("\n") == 1


def test_directory_given_to_validate(run, tmp_path: Path) -> None:
    assert_clean_failure(run("validate", str(tmp_path)), 1, "is a directory")


def test_unreadable_file(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, MINI.read_bytes())

    def deny(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", deny)
    assert_clean_failure(run("--catalog", str(path), "list"), 1, f"{path}: permission denied")


def test_empty_file(run, tmp_path: Path) -> None:
    assert_clean_failure(run("--catalog", str(write(tmp_path, "")), "list"), 1, "file is empty")


def test_not_utf8_gives_one_line_with_line_and_column(run, tmp_path: Path) -> None:
    path = write(tmp_path, MINI.read_bytes().replace(b"Test catalogue", b"Test \xff catalogue"))
    line = next(i for i, text in enumerate(MINI.read_text().splitlines(), 1) if "Test catalogue" in text)
    column = MINI.read_text().splitlines()[line - 1].index("Test catalogue") + len("Test ") + 1
    result = run("--catalog", str(path), "list")
    assert_clean_failure(result, 1, f"{path}:{line}:{column}: not valid UTF-8 (byte 0xff)")
    assert result.stderr.count("\n") == 1


def test_binary_garbage_gives_one_clean_line(run, tmp_path: Path) -> None:
    path = write(tmp_path, bytes(range(256)) * 4)
    result = run("--catalog", str(path), "list")
    assert_clean_failure(result, 1, str(path))
    assert result.stderr.count("\n") == 1
    assert not CONTROL.search(result.stderr.replace("\n", ""))


def test_byte_order_mark_is_accepted(run, tmp_path: Path) -> None:
    path = write(tmp_path, b"\xef\xbb\xbf" + MINI.read_bytes())
    assert run("--catalog", str(path), "list").exit_code == 0


def test_toml_syntax_error_via_environment(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "schema = 1\n[catalogue\ntitle = 'x'\n")
    monkeypatch.setenv("PROLO_CATALOG", str(path))
    assert_clean_failure(run("list"), 1, f"{path}:2:")


def test_several_megabytes_load(run, tmp_path: Path) -> None:
    padding = "\n".join(f"# filler line {i} " + "x" * 60 for i in range(60_000))
    path = write(tmp_path, MINI.read_text() + "\n" + padding + "\n")
    assert path.stat().st_size > 4_000_000
    assert run("--catalog", str(path), "list", "--json").exit_code == 0


def test_deeply_nested_arrays(run, tmp_path: Path) -> None:
    path = write(tmp_path, MINI.read_text() + "\nx = " + "[" * 5000 + "]" * 5000 + "\n")
    result = run("--catalog", str(path), "list")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(str(path))


# -- control characters are refused with the field's path ----------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "path", "char"),
    [
        ('name = "Platelet-rich plasma"', 'name = "Platelet\\u202erich"', "therapy 'prp' > name", "U+202E"),
        ('name = "Platelet-rich plasma"', 'name = "Plate\\u001b[31mlet"', "therapy 'prp' > name", "U+001B"),
        (
            'text = "Platelets release growth factors."',
            'text = "Platelets\\u0007 release"',
            "therapy 'prp' > mechanism > text",
            "U+0007",
        ),
        (
            'title = "Ligaments of the craniocervical junction"',
            'title = "Ligaments\\u009b31m"',
            "reference 'tubbs-2011' > title",
            "U+009B",
        ),
        ('"PRP injection"', '"PRP\\u2066injection"', "therapy 'prp' > aliases[1]", "U+2066"),
    ],
)
def test_control_characters_are_refused_with_the_field(run, tmp_path: Path, old, new, path, char) -> None:
    file = write(tmp_path, mini_with(old, new))
    for args in (["--catalog", str(file), "list"], ["validate", str(file)]):
        result = run(*args)
        assert_clean_failure(result, 1, f"{path}: contains control character {char} at position ")
        assert not CONTROL.search(result.stderr.replace("\n", ""))


def test_tabs_are_allowed_in_text(tmp_path: Path) -> None:
    text = mini_with('summary = "Slightly higher', 'summary = "Slightly\\thigher')
    assert "\t" in parse(text.encode(), "c.toml").therapies[2].evidence[0].summary


def test_validate_json_never_writes_raw_controls(run, tmp_path: Path) -> None:
    # A key is not text the models check: `"\u009b31m\u202e" = 1` reaches the
    # error's path. In JSON it must arrive escaped (it still decodes the same).
    file = write(tmp_path, mini_with('status = "off-label"', 'status = "off-label"\n"\\u009b31m\\u202e" = 1'))
    result = run("validate", str(file), "--json")
    assert result.exit_code == 1
    assert not CONTROL.search(result.stdout.replace("\n", "")), "raw control characters in JSON output"
    paths = [e["path"] for e in json.loads(result.stdout)["errors"]]
    assert "therapy 'prp' > \x9b31m\u202e" in paths


# -- catalogue text is data, never markup or terminal codes --------------------------------------


def test_rich_markup_in_a_name_prints_literally(run, tmp_path: Path) -> None:
    file = write(tmp_path, mini_with('name = "Bone morphogenetic protein"', 'name = "[bold red]x[/]"'))
    out = run("--catalog", str(file), "list").stdout
    assert "[bold red]x[/]" in out
    assert "\x1b" not in out


def test_markup_like_brackets_print_as_typed_in_show(run, tmp_path: Path) -> None:
    file = write(
        tmp_path,
        mini_with("Platelets release growth factors.", "Platelets [bold]release[/bold] growth factors [1]."),
    )
    out = run("--catalog", str(file), "show", "prp").stdout
    assert "Platelets [bold]release[/bold] growth factors [1]." in " ".join(out.split())


NASTY = [
    "\x1b[31mred\x1b[0m and \x1b]8;;https://evil.example\x07link\x1b]8;;\x07",
    "line\rover\x08\x07bell\x9b31m",
    "abc\u202edcba\u2066x\u2069",
]


@pytest.mark.parametrize("text", NASTY)
@pytest.mark.parametrize("args", [["show", "prp"], ["list"], ["compare", "prp", "bmp"], ["risks"]])
def test_controls_that_reach_the_views_are_escaped(run, text: str, args: list[str], tmp_path: Path) -> None:
    # The loader refuses these, so they are planted in the cache: the views
    # must still never pass them to the terminal.
    mini = write(tmp_path, MINI.read_bytes(), "mini.toml")
    real = loader.load(mini)
    prp = replace(real.therapies[0], name=text, summary=text)
    cache.write(cache.key_for(mini.read_bytes()), replace(real, therapies=(prp, *real.therapies[1:])))
    result = run("--catalog", str(mini), *args)
    assert result.exit_code == 0, result.stderr
    assert "\\u001b" in result.stdout or "\\u000d" in result.stdout or "\\u202e" in result.stdout, "not planted"
    assert not CONTROL.search(result.stdout.replace("\n", ""))


@pytest.mark.parametrize("width", ["40", "200"])
def test_narrow_and_wide_terminals_keep_every_word(run, monkeypatch: pytest.MonkeyPatch, width: str) -> None:
    monkeypatch.setenv("COLUMNS", width)
    out = run("--catalog", str(MINI), "show", "prp").stdout
    flat = re.sub(r"[\s│┃|]+", "", out)
    for word in ("Concentratedplatelets", "leukocyte-poororleukocyte-rich", "10.1001/jama.2021.19415"):
        assert word in flat, (width, word)
    assert "…" not in out
    # A link or a DOI stands whole on its own line, even past a narrow edge.
    whole = re.compile(r"^\s*(https?://\S+|DOI \S+)$")
    assert max(len(line) for line in out.splitlines() if not whole.match(line)) <= int(width)


# -- property-based: the loader loads or raises its own error -----------------------------------------


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_load_or_raise_catalogue_error(data: bytes) -> None:
    try:
        parse(data, "fuzz.toml")
    except CatalogueError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.render("fuzz.toml").startswith("fuzz.toml")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(min_size=1, max_size=200))
def test_invalid_utf8_anywhere_is_one_problem(junk: bytes) -> None:
    data = MINI.read_bytes()[:200] + b"\xff" + junk
    with pytest.raises(CatalogueError) as info:
        parse(data, "fuzz.toml")
    [problem] = info.value.problems
    assert problem.message.startswith("not valid UTF-8") and problem.line is not None


toml_scalars = st.one_of(st.text(max_size=20), st.integers(), st.booleans(), st.dates())
toml_values = st.recursive(
    toml_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(min_size=1, max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
keys = st.sampled_from(
    ["schema", "catalogue", "therapy", "procedure", "structure", "diagnostic", "trial", "reference", "claim", "x"]
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(keys, toml_values, max_size=6))
def test_toml_shaped_documents_load_or_raise_catalogue_error(doc: dict) -> None:
    try:
        parse(json.dumps(doc, default=str).encode(), "fuzz.toml")  # JSON is not TOML: must still fail cleanly
    except CatalogueError as exc:
        assert exc.problems
    try:
        loader._build(doc, "", "fuzz.toml")
    except CatalogueError as exc:
        assert exc.problems


# -- pipes ------------------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_closed_pipe_on_large_output_is_quiet(tmp_path: Path) -> None:
    text = MINI.read_text()
    block = text[text.index('[[therapy]]\nid = "bmp"') : text.index("[[structure]]")]
    blocks = [
        block.replace('id = "bmp"', f'id = "bmp-{i}"').replace('aliases = ["rhbmp-2"]', "aliases = []")
        for i in range(300)
    ]
    big = write(tmp_path, text + "\n" + "\n".join(blocks), "big.toml")
    script = f"'{sys.executable}' -m prolocli --catalog '{big}' list | head -1"
    env_cache = f"XDG_CACHE_HOME='{tmp_path / 'xdg'}'"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", f"{env_cache} {script}"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 1
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr


def test_stacked_table_layout_escapes_column_names(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Too narrow for a grid, `compare` stacks each row as "name: value" lines;
    # the names are therapy names and must be escaped there as in the grid.
    monkeypatch.setenv("COLUMNS", "40")
    mini = write(tmp_path, MINI.read_bytes(), "mini.toml")
    real = loader.load(mini)
    prp = replace(real.therapies[0], name="Evil\x1b[2J name")
    cache.write(cache.key_for(mini.read_bytes()), replace(real, therapies=(prp, *real.therapies[1:])))
    result = run("--catalog", str(mini), "compare", "prp", "bmp")
    assert result.exit_code == 0, result.stderr
    assert "Evil\\u001b[2J name" in result.stdout
    assert "\x1b" not in result.stdout
