"""The catalogue cache: used when it is right, ignored when it is not, never in the way.

Every test drives behaviour (what prolo prints, which files exist), never
timing. The autouse fixture in conftest gives each test an empty private
XDG_CACHE_HOME.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from prolocli import cache, catalogue, loader
from prolocli.catalogue import names_for_completion, open_catalogue
from prolocli.models import Catalogue


def cache_root() -> Path:
    return Path(os.environ["XDG_CACHE_HOME"]) / "prolo"


def entries() -> list[Path]:
    root = cache_root()
    return sorted(root.glob("catalogue-*.pickle")) if root.is_dir() else []


def leftovers() -> list[Path]:
    root = cache_root()
    return sorted(p for p in root.iterdir() if not p.name.endswith(".pickle")) if root.is_dir() else []


def show(run, mini: Path, *extra: str):  # type: ignore[no-untyped-def]
    result = run("--catalog", str(mini), *extra, "show", "prp")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result


def forbid_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(data: bytes, source: str) -> Catalogue:
        raise AssertionError("the catalogue was validated again instead of read from the cache")

    monkeypatch.setattr(loader, "parse", refuse)
    monkeypatch.setattr(catalogue, "parse", refuse)


def impostor(mini: Path, name: str) -> Catalogue:
    """mini's catalogue with prp renamed: printing `name` proves a cache read."""
    real = loader.load(mini)
    prp = real.therapies[0].model_copy(update={"name": name})
    return real.model_copy(update={"therapies": [prp, *real.therapies[1:]]})


def plant(mini: Path, name: str) -> None:
    cache.write(cache.key_for(mini.read_bytes()), impostor(mini, name))


# -- served from the cache ----------------------------------------------------


def test_second_run_is_served_from_the_cache(run, mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = show(run, mini)
    assert len(entries()) == 1
    forbid_validation(monkeypatch)
    second = show(run, mini)
    assert second.stdout == first.stdout


def test_cached_catalogue_equals_the_validated_one(mini: Path) -> None:
    fresh = open_catalogue(mini)
    cached = open_catalogue(mini)
    assert cached is not fresh
    assert cached == fresh
    assert cached.model_dump() == fresh.model_dump()
    assert cached.therapies[0].model_fields_set == fresh.therapies[0].model_fields_set
    assert cached.references[0].level == fresh.references[0].level


def test_cache_is_read_when_present(run, mini: Path) -> None:
    plant(mini, "Name only the cache knows")
    assert "Name only the cache knows" in show(run, mini).stdout


def test_completion_reads_the_cache_and_works_without_it(mini: Path) -> None:
    assert ("prp", "Platelet-rich plasma") in names_for_completion(mini)
    assert entries() == []  # completion parses without validating, and writes nothing
    plant(mini, "Cached name")
    assert ("prp", "Cached name") in names_for_completion(mini)
    assert ("prp", "Platelet-rich plasma") in names_for_completion(mini, use_cache=False)


# -- keyed on content ---------------------------------------------------------


def test_an_edited_catalogue_is_never_served_stale(run, mini: Path) -> None:
    assert "Platelet-rich plasma" in show(run, mini).stdout
    mini.write_text(mini.read_text().replace("Platelet-rich plasma", "Platelet-rich plasmX"))
    assert "Platelet-rich plasmX" in show(run, mini).stdout


def test_same_size_same_mtime_edit_is_still_seen(run, mini: Path) -> None:
    before = mini.stat()
    show(run, mini)
    text = mini.read_text()
    edited = text.replace('name = "Platelet-rich plasma"', 'name = "Platelet-rich plasmA"')
    assert len(edited) == len(text) and edited != text
    mini.write_text(edited)
    os.utime(mini, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert "Platelet-rich plasmA" in show(run, mini).stdout


@pytest.mark.parametrize("version", ["__version__", "PYDANTIC_VERSION"])
def test_key_depends_on_prolo_and_pydantic_versions(monkeypatch: pytest.MonkeyPatch, version: str) -> None:
    data = b"schema = 1\n"
    now = cache.key_for(data)
    monkeypatch.setattr(cache, version, "0.0.0-other")
    assert cache.key_for(data) != now


# -- bad cache files are ignored and replaced ---------------------------------


def _damage_and_rerun(run, mini: Path, damage) -> None:  # type: ignore[no-untyped-def]
    first = show(run, mini)
    (path,) = entries()
    damage(path)
    second = show(run, mini)
    assert second.stdout == first.stdout
    key = cache.key_for(mini.read_bytes())
    assert isinstance(cache.read(key), Catalogue), "the bad entry was not rebuilt"


def test_corrupt_cache_file_is_ignored_and_rebuilt(run, mini: Path) -> None:
    def corrupt(path: Path) -> None:
        blob = bytearray(path.read_bytes())
        middle = len(blob) // 2
        blob[middle : middle + 64] = b"\xff" * 64
        path.write_bytes(bytes(blob))

    _damage_and_rerun(run, mini, corrupt)


def test_garbage_cache_file_is_ignored_and_rebuilt(run, mini: Path) -> None:
    _damage_and_rerun(run, mini, lambda path: path.write_bytes(b"not a cache file at all"))


def test_truncated_cache_file_is_ignored_and_rebuilt(run, mini: Path) -> None:
    _damage_and_rerun(run, mini, lambda path: path.write_bytes(path.read_bytes()[: path.stat().st_size // 2]))


def test_empty_cache_file_is_ignored_and_rebuilt(run, mini: Path) -> None:
    _damage_and_rerun(run, mini, lambda path: path.write_bytes(b""))


@pytest.mark.parametrize("header", ["magic", "key"])
def test_cache_entry_with_a_foreign_header_is_ignored(run, mini: Path, header: str) -> None:
    # Another prolo's format, or an entry for other bytes under this name:
    # the body below would load fine, so only the header check keeps it out.
    plant(mini, "Name from a foreign entry")
    (path,) = entries()
    blob = path.read_bytes()
    key = cache.key_for(mini.read_bytes()).encode()
    other_magic = b"prolo-cache-0\n" + blob[len(cache._MAGIC) :]
    other_key = blob.replace(key, b"0" * len(key), 1)
    path.write_bytes(other_magic if header == "magic" else other_key)
    assert "Name from a foreign entry" not in show(run, mini).stdout
    assert isinstance(cache.read(key.decode()), Catalogue), "the foreign entry was not replaced"


def test_cache_holding_something_else_is_ignored(run, mini: Path) -> None:
    def not_a_catalogue(path: Path) -> None:
        key = cache.key_for(mini.read_bytes())
        path.write_bytes(cache._MAGIC + key.encode() + b"\n" + pickle.dumps({"therapies": []}))

    _damage_and_rerun(run, mini, not_a_catalogue)


def test_unreadable_cache_entry_is_ignored(run, mini: Path) -> None:
    key = cache.key_for(mini.read_bytes())
    cache._path(key).mkdir(parents=True)  # a directory where the file should be
    show(run, mini)
    assert cache.read(key) is None


# -- where the cache lives, and when it is off --------------------------------


def test_cache_goes_under_xdg_cache_home(run, mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "elsewhere"
    monkeypatch.setenv("XDG_CACHE_HOME", str(elsewhere))
    show(run, mini)
    assert cache.cache_dir() == elsewhere / "prolo"
    assert len(list((elsewhere / "prolo").glob("catalogue-*.pickle"))) == 1


def test_cache_directory_that_cannot_be_created_is_skipped(
    run, mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Under a regular file no directory can be made, even by root.
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker / "cache"))
    first = show(run, mini)
    second = show(run, mini)
    assert second.stdout == first.stdout
    assert blocker.read_text() == ""


@pytest.mark.parametrize("how", ["option", "env"])
def test_no_cache_neither_reads_nor_writes(run, mini: Path, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    extra = ("--no-cache",) if how == "option" else ()
    if how == "env":
        monkeypatch.setenv("PROLO_NO_CACHE", "1")
    show(run, mini, *extra)
    assert entries() == [], "wrote a cache"
    monkeypatch.delenv("PROLO_NO_CACHE", raising=False)
    plant(mini, "Name only the cache knows")
    if how == "env":
        monkeypatch.setenv("PROLO_NO_CACHE", "1")
    assert "Name only the cache knows" not in show(run, mini, *extra).stdout, "read the cache"


@pytest.mark.parametrize("value", ["", "0", "false", "no"])
def test_prolo_no_cache_off_values_keep_the_cache(run, mini: Path, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("PROLO_NO_CACHE", value)
    show(run, mini)
    assert len(entries()) == 1


# -- writes are atomic --------------------------------------------------------


def test_write_leaves_no_temporary_files(run, mini: Path) -> None:
    show(run, mini)
    assert run("--catalog", str(mini), "list").exit_code == 0
    assert len(entries()) == 1
    assert leftovers() == []


def test_failed_write_leaves_no_partial_file(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = loader.load(mini)
    key = cache.key_for(mini.read_bytes())
    opened = os.fdopen

    class DiskFull:
        def __init__(self, fd: int, mode: str) -> None:
            self._fh = opened(fd, mode)

        def __enter__(self) -> DiskFull:
            return self

        def __exit__(self, *exc: object) -> None:
            self._fh.close()

        def write(self, data: bytes) -> int:
            self._fh.write(data[: len(data) // 2])
            raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(cache.os, "fdopen", DiskFull)
        cache.write(key, real)  # swallowed: a cache that cannot be written is not used
    assert entries() == []
    assert leftovers() == []
    assert cache.read(key) is None


def test_write_that_dies_midway_never_leaves_a_partial_entry(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # As if the process were killed while writing: no clean-up runs. Readers
    # must still never find a half-written entry under the entry's name.
    real = loader.load(mini)
    key = cache.key_for(mini.read_bytes())
    opened = os.fdopen

    class Killed:
        def __init__(self, fd: int, mode: str) -> None:
            self._fh = opened(fd, mode)

        def __enter__(self) -> Killed:
            return self

        def __exit__(self, *exc: object) -> None:
            self._fh.close()

        def write(self, data: bytes) -> int:
            self._fh.write(data[: len(data) // 2])
            raise OSError(5, "Input/output error")

    with monkeypatch.context() as patch:
        patch.setattr(cache.os, "fdopen", Killed)
        patch.setattr(cache, "_unlink", lambda path: None)
        cache.write(key, real)
    assert entries() == []
    assert cache.read(key) is None


def test_interrupted_write_leaves_no_partial_file(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = loader.load(mini)
    key = cache.key_for(mini.read_bytes())

    def interrupted(src: str, dst: object) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch, pytest.raises(KeyboardInterrupt):
        patch.setattr(cache.os, "replace", interrupted)
        cache.write(key, real)
    assert entries() == []
    assert leftovers() == []


def test_run_still_succeeds_when_the_write_fails(run, mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(src: str, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cache.os, "replace", refuse)
    show(run, mini)
    assert entries() == []
    assert leftovers() == []


def test_old_entries_are_pruned(mini: Path) -> None:
    real = loader.load(mini)
    for n in range(cache._KEEP + 3):
        cache.write(cache.key_for(f"version {n}".encode()), real)
    assert len(entries()) == cache._KEEP
    assert leftovers() == []


def test_key_changes_when_the_models_change(monkeypatch):
    from prolocli import cache

    before = cache.key_for(b"same bytes")
    monkeypatch.setattr(cache, "_shape", lambda: "Reference:id,title,new_field")
    assert cache.key_for(b"same bytes") != before
