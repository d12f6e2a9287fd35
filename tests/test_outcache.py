"""The rendered-output cache: a warm run prints exactly what a fresh run
prints, and no change to anything the output depends on is ever served stale.

These run `prolo` as the entry point does (prolocli.entry.main), in-process,
because the output cache lives in front of the Typer application."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from prolocli import entry, outcache
from prolocli.catalogue import open_catalogue

MINI = Path(__file__).parent / "data" / "mini.toml"
THERAPIES = [t.id for t in open_catalogue(use_cache=False).therapies]


@pytest.fixture
def prolo(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    def run(*argv: str) -> str:
        monkeypatch.setattr(sys, "argv", ["prolo", *argv])
        with pytest.raises(SystemExit) as done:
            entry.main()
        assert done.value.code in (0, None), capsys.readouterr().err
        return capsys.readouterr().out

    return run


def cached_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache" / "prolo").glob("output-*.txt"))


@pytest.mark.parametrize("therapy", THERAPIES)
def test_warm_output_is_byte_identical_to_a_fresh_run(prolo, monkeypatch, tmp_path, therapy: str) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")  # colour, as a terminal would get it
    other = "prp" if therapy != "prp" else "msc"
    for args in (
        ("show", therapy),
        ("show", therapy, "--json"),
        ("show", therapy, "-f", "markdown"),
        ("compare", therapy, other),
        ("compare", therapy, other, "--json"),
        ("risks", "--therapy", therapy, "-f", "markdown"),
    ):
        first = prolo(*args)
        warm = prolo(*args)
        fresh = prolo("--no-cache", *args)
        assert warm == first == fresh, args
    assert cached_files(tmp_path), "nothing was cached"
    if therapy == THERAPIES[0]:
        assert "\x1b[" in prolo("show", therapy)  # the colour leg really had colour


@pytest.mark.parametrize("args", [("list",), ("list", "--json"), ("risks", "--region", "neck"), ("risks", "--json")])
def test_lists_and_risks_are_byte_identical_warm_and_fresh(prolo, monkeypatch, args) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    first, warm, fresh = prolo(*args), prolo(*args), prolo("--no-cache", *args)
    assert warm == first == fresh


def test_a_hit_is_really_served_from_the_cache(prolo, tmp_path) -> None:
    prolo("show", "prp")
    (path,) = cached_files(tmp_path)
    blob = path.read_bytes()
    path.write_bytes(blob.replace(b"Platelet", b"PLANTED", 1))
    assert "PLANTED" in prolo("show", "prp")


def test_a_corrupt_entry_is_rebuilt(prolo, tmp_path) -> None:
    good = prolo("show", "prp")
    (path,) = cached_files(tmp_path)
    path.write_bytes(b"garbage")
    assert prolo("show", "prp") == good
    assert path.read_bytes().startswith(b"prolo-output-")


def test_a_changed_catalogue_is_never_served_stale(prolo, tmp_path) -> None:
    catalogue = tmp_path / "mine.toml"
    shutil.copy(MINI, catalogue)
    before = prolo("--catalog", str(catalogue), "list")
    catalogue.write_text(catalogue.read_text().replace("Platelet-rich plasma", "Renamed plasma", 1))
    after = prolo("--catalog", str(catalogue), "list")
    assert "Renamed plasma" in after and after != before


@pytest.mark.parametrize(
    ("name", "first", "second"),
    [("COLUMNS", "80", "50"), ("NO_COLOR", "1", ""), ("PROLO_TODAY", "2026-06-01", "2031-06-01")],
)
def test_a_changed_environment_is_never_served_stale(prolo, monkeypatch, name, first, second) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv(name, first)
    one = prolo("show", "prp")
    monkeypatch.setenv(name, second)
    two = prolo("show", "prp")
    monkeypatch.setenv(name, second)
    assert two == prolo("--no-cache", "show", "prp")
    assert one != two


def test_changed_source_is_never_served_stale(prolo, monkeypatch) -> None:
    prolo("show", "prp")
    monkeypatch.setattr(outcache, "_source_stamp", lambda: "edited")
    assert outcache.lookup(["show", "prp"]) is None


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("--no-cache", "show", "prp"), {}),
        (("show", "prp"), {"PROLO_NO_CACHE": "1"}),
        (("show", "prp"), {"PROLO_OUTPUT_CACHE": "0"}),
        (("validate", str(MINI)), {}),
        (("show", "--help"), {}),
    ],
)
def test_nothing_is_cached_when_it_must_not_be(prolo, monkeypatch, tmp_path, args, env) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    prolo(*args)
    assert cached_files(tmp_path) == []


def test_errors_are_not_cached(monkeypatch, capsys, tmp_path) -> None:
    monkeypatch.setattr(sys, "argv", ["prolo", "show", "no-such-therapy"])
    with pytest.raises(SystemExit) as done:
        entry.main()
    assert done.value.code == 2
    assert cached_files(tmp_path) == []


def test_every_source_file_is_in_the_key() -> None:
    stamp = outcache._source_stamp()
    here = Path(outcache.__file__).parent
    for path in here.rglob("*.py"):
        assert str(path.relative_to(here)) in stamp, path
