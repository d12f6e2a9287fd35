"""The catalogue cache: used when it is right, ignored when it is not, never in the way.

The autouse fixture in conftest gives each test an empty private XDG_CACHE_HOME.
A cache read is proven by planting an entry whose therapy name differs from the
file's ("impostor"): seeing that name printed means the cache was served.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from prolocli import cache, loader, records
from prolocli.catalogue import open_catalogue
from prolocli.records import Catalogue
from tests.test_records import field_names, replace, reshaped


def cache_root() -> Path:
    return Path(os.environ["XDG_CACHE_HOME"]) / "prolo"


def entries() -> list[Path]:
    root = cache_root()
    return sorted(root.glob("catalogue-*.pickle")) if root.is_dir() else []


def show(run, mini: Path, *extra: str):  # type: ignore[no-untyped-def]
    result = run("--catalog", str(mini), *extra, "show", "prp")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result


def forbid_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(data: bytes, source: str) -> Catalogue:
        raise AssertionError("the catalogue was validated again instead of read from the cache")

    monkeypatch.setattr(loader, "parse", refuse)


def impostor(mini: Path, name: str) -> Catalogue:
    """mini's catalogue with prp renamed: printing `name` proves a cache read."""
    real = loader.load(mini)
    prp = replace(real.therapies[0], name=name)
    return replace(real, therapies=(prp, *real.therapies[1:]))


def plant(mini: Path, name: str) -> Path:
    cache.write(cache.key_for(mini.read_bytes()), impostor(mini, name))
    (path,) = entries()
    return path


# -- served from the cache -------------------------------------------------------------


def test_warm_run_is_served_from_the_cache_with_identical_output(
    run, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = show(run, mini)
    assert len(entries()) == 1
    forbid_validation(monkeypatch)
    warm = show(run, mini)
    assert warm.stdout == cold.stdout
    assert "Platelet-rich plasma" in warm.stdout


def test_cached_catalogue_equals_the_validated_one(mini: Path) -> None:
    fresh = open_catalogue(mini)
    cached = cache.read(cache.key_for(mini.read_bytes()))
    assert isinstance(cached, Catalogue)
    assert cached == fresh
    assert cached.refs == fresh.refs  # the maps (compare=False) survive pickling too
    assert cached.structure_map.keys() == fresh.structure_map.keys()


def test_a_planted_entry_is_what_prolo_prints(run, mini: Path) -> None:
    plant(mini, "Cached Impostor Name")
    assert "Cached Impostor Name" in show(run, mini).stdout


def test_an_edited_catalogue_is_never_served_stale(run, mini: Path) -> None:
    plant(mini, "Cached Impostor Name")
    mini.write_text(mini.read_text().replace("Platelet-rich plasma", "Platelet-rich plasmA", 1))
    out = show(run, mini).stdout
    assert "Platelet-rich plasmA" in out
    assert "Cached Impostor Name" not in out


def test_entry_starts_with_the_magic_and_its_key(run, mini: Path) -> None:
    show(run, mini)
    (path,) = entries()
    key = cache.key_for(mini.read_bytes())
    assert path.read_bytes().startswith(cache._MAGIC + key.encode() + b"\n")


# -- bad cache entries fall back to validating ----------------------------------------------


def _damage_and_rerun(run, mini: Path, damage) -> None:  # type: ignore[no-untyped-def]
    path = plant(mini, "Cached Impostor Name")
    damage(path)
    out = show(run, mini).stdout
    assert "Cached Impostor Name" not in out
    assert "Platelet-rich plasma" in out
    rebuilt = cache.read(cache.key_for(mini.read_bytes()))
    assert isinstance(rebuilt, Catalogue), "the bad entry was not replaced"
    assert rebuilt.therapies[0].name == "Platelet-rich plasma"


def _header_len(path: Path) -> int:
    blob = path.read_bytes()
    return blob.index(b"\n", len(cache._MAGIC)) + 1


def test_corrupt_entry(run, mini: Path) -> None:
    def corrupt(path: Path) -> None:
        blob = bytearray(path.read_bytes())
        start = _header_len(path)
        blob[start : start + 40] = b"\xff" * 40
        path.write_bytes(bytes(blob))

    _damage_and_rerun(run, mini, corrupt)


def test_truncated_entry(run, mini: Path) -> None:
    _damage_and_rerun(run, mini, lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]))


def test_entry_truncated_inside_the_header(run, mini: Path) -> None:
    _damage_and_rerun(run, mini, lambda p: p.write_bytes(p.read_bytes()[:5]))


def test_empty_entry(run, mini: Path) -> None:
    _damage_and_rerun(run, mini, lambda p: p.write_bytes(b""))


@pytest.mark.parametrize("magic", [b"prolo-cache-2\n", b"prolo-cache-4\n", b"something-else\n"])
def test_foreign_version_magic_is_ignored(run, mini: Path, magic: bytes) -> None:
    def foreign(path: Path) -> None:
        blob = path.read_bytes()
        assert blob.startswith(cache._MAGIC)
        path.write_bytes(magic + blob[len(cache._MAGIC) :])  # a sound pickle behind a foreign header

    _damage_and_rerun(run, mini, foreign)


def test_entry_under_another_key_is_ignored(run, mini: Path) -> None:
    def rekey(path: Path) -> None:
        blob = path.read_bytes()
        start = len(cache._MAGIC)
        path.write_bytes(blob[:start] + b"0" * 64 + blob[start + 64 :])

    _damage_and_rerun(run, mini, rekey)


def test_entry_holding_something_else_is_ignored(run, mini: Path) -> None:
    def other(path: Path) -> None:
        path.write_bytes(path.read_bytes()[: _header_len(path)] + pickle.dumps({"therapies": []}))

    _damage_and_rerun(run, mini, other)


def test_unreadable_entry_is_ignored(run, mini: Path) -> None:
    def replace_with_directory(path: Path) -> None:
        path.unlink()
        path.mkdir()  # reading it raises IsADirectoryError even as root

    path = plant(mini, "Cached Impostor Name")
    replace_with_directory(path)
    out = show(run, mini).stdout
    assert "Platelet-rich plasma" in out and "Cached Impostor Name" not in out


# -- a cache that cannot be written is skipped ------------------------------------------------


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_cache_directory(run, mini: Path) -> None:
    root = cache_root()
    root.mkdir(parents=True)
    root.chmod(0o500)
    try:
        first = show(run, mini)
        second = show(run, mini)
    finally:
        root.chmod(0o700)
    assert first.stdout == second.stdout
    assert entries() == []


def test_cache_directory_refusing_writes(run, mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # What a read-only directory does, whoever runs the tests (root included).
    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cache.tempfile, "mkstemp", refuse)
    first = show(run, mini)
    second = show(run, mini)
    assert first.stdout == second.stdout
    assert "Platelet-rich plasma" in first.stdout
    assert entries() == []


def test_cache_location_that_is_a_file(run, mini: Path) -> None:
    root = cache_root()
    root.parent.mkdir(parents=True, exist_ok=True)
    root.write_text("not a directory")
    assert "Platelet-rich plasma" in show(run, mini).stdout
    assert root.read_text() == "not a directory"


def test_cache_goes_under_xdg_cache_home(run, mini: Path) -> None:
    show(run, mini)
    assert [p.parent for p in entries()] == [cache_root()]


# -- switched off ---------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["flag", "env"])
def test_no_cache_neither_reads_nor_writes(run, mini: Path, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    plant(mini, "Cached Impostor Name")
    before = {p: p.read_bytes() for p in entries()}
    extra: tuple[str, ...] = ()
    if how == "flag":
        extra = ("--no-cache",)
    else:
        monkeypatch.setenv("PROLO_NO_CACHE", "1")
    out = show(run, mini, *extra).stdout
    assert "Cached Impostor Name" not in out
    assert "Platelet-rich plasma" in out
    assert {p: p.read_bytes() for p in entries()} == before


@pytest.mark.parametrize("how", ["flag", "env"])
def test_no_cache_writes_nothing(run, mini: Path, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    if how == "env":
        monkeypatch.setenv("PROLO_NO_CACHE", "1")
    show(run, mini, *(("--no-cache",) if how == "flag" else ()))
    assert entries() == []


@pytest.mark.parametrize("value", ["0", "", "false", "no"])
def test_prolo_no_cache_off_values_keep_the_cache(run, mini: Path, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("PROLO_NO_CACHE", value)
    plant(mini, "Cached Impostor Name")
    assert "Cached Impostor Name" in show(run, mini).stdout


# -- the key ---------------------------------------------------------------------------------


def test_key_depends_on_the_bytes() -> None:
    assert cache.key_for(b"schema = 1\n") != cache.key_for(b"schema = 1 \n")


def test_key_depends_on_the_prolo_version(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b"schema = 1\n"
    now = cache.key_for(data)
    monkeypatch.setattr(cache, "__version__", "0.0.0-other")
    assert cache.key_for(data) != now


@pytest.mark.parametrize("version", [(3, 99), (2, 7)])
def test_key_depends_on_the_python_version(monkeypatch: pytest.MonkeyPatch, version: tuple[int, int]) -> None:
    data = b"schema = 1\n"
    now = cache.key_for(data)
    monkeypatch.setattr(sys, "version_info", (*version, 0, "final", 0))
    monkeypatch.setattr(sys, "version", f"{version[0]}.{version[1]}.0 (fake)")
    assert cache.key_for(data) != now


def test_key_ignores_the_python_patch_level(monkeypatch: pytest.MonkeyPatch) -> None:
    # Pickles are portable across patch releases; only major.minor is keyed.
    data = b"schema = 1\n"
    now = cache.key_for(data)
    major, minor = sys.version_info[:2]
    monkeypatch.setattr(sys, "version_info", (major, minor, 999, "final", 0))
    assert cache.key_for(data) == now


def test_key_depends_on_the_shape_function(monkeypatch: pytest.MonkeyPatch) -> None:
    before = cache.key_for(b"same bytes")
    monkeypatch.setattr(cache, "_shape", lambda: "Reference:id,title,new_field")
    assert cache.key_for(b"same bytes") != before


@pytest.mark.parametrize("change", ["added", "removed", "reordered"])
def test_key_changes_when_a_records_fields_change(monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    before = cache.key_for(b"same bytes")
    fields = field_names(records.Reference)
    if change == "added":
        fields.append("new_field")
    elif change == "removed":
        fields.remove("pooled")
    else:
        fields[0], fields[1] = fields[1], fields[0]
    monkeypatch.setitem(records.RECORDS, "Reference", reshaped("Reference", fields))
    assert cache.key_for(b"same bytes") != before


def test_shape_names_every_field_of_every_record() -> None:
    shape = cache._shape()
    for name, cls in records.RECORDS.items():
        expected = f"{name}:{','.join(field_names(cls))}"
        assert expected in shape.split(";"), name
    assert any(part.startswith("Catalogue:schema_version,info,") for part in shape.split(";"))


def test_key_changes_with_the_catalogue_records_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    before = cache.key_for(b"same bytes")
    fields = [*field_names(records.Catalogue), "extra"]
    monkeypatch.setattr(records, "Catalogue", reshaped("Catalogue", fields))
    assert cache.key_for(b"same bytes") != before


def test_an_entry_from_an_older_record_shape_is_not_served(run, mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fields = [*field_names(records.Therapy), "colour"]
    planted = impostor(mini, "Cached Impostor Name")
    with monkeypatch.context() as m:
        m.setitem(records.RECORDS, "Therapy", reshaped("Therapy", fields))
        cache.write(cache.key_for(mini.read_bytes()), planted)  # written under another shape's key
    assert len(entries()) == 1
    out = show(run, mini).stdout
    assert "Cached Impostor Name" not in out and "Platelet-rich plasma" in out


# -- entries are pruned ------------------------------------------------------------------------


def test_old_entries_are_pruned(mini: Path) -> None:
    real = loader.load(mini)
    for n in range(cache._KEEP + 3):
        cache.write(cache.key_for(f"version {n}".encode()), real)
    assert len(entries()) == cache._KEEP
    assert [p for p in cache_root().iterdir() if not p.name.endswith(".pickle")] == []


# -- a warm run never imports pydantic -------------------------------------------------------------


def test_warm_run_of_the_bundled_catalogue_imports_no_pydantic(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PROLO_CATALOG", "PROLO_NO_CACHE")}
    env["XDG_CACHE_HOME"] = str(tmp_path / "xdg")
    command = [sys.executable, "-X", "importtime", "-m", "prolocli", "show", "prp"]

    def pydantic_lines() -> int:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        assert "Platelet" in done.stdout
        return sum("pydantic" in line for line in done.stderr.splitlines())

    cold = pydantic_lines()
    assert cold > 0, "the cold run should validate (and import pydantic): the probe is not seeing imports"
    assert list((tmp_path / "xdg" / "prolo").glob("catalogue-*.pickle")), "the cold run left no cache entry"
    assert pydantic_lines() == 0
