"""TAB completion: ids and aliases from a names index, never from validation,
and never stale when the catalogue changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

MINI = Path(__file__).parent / "data" / "mini.toml"


@pytest.fixture
def complete(run, monkeypatch: pytest.MonkeyPatch):
    def tab(words: str, catalog: Path | None = None) -> list[str]:
        monkeypatch.setenv("_PROLO_COMPLETE", "complete_bash")
        monkeypatch.setenv("COMP_WORDS", words)
        monkeypatch.setenv("COMP_CWORD", str(len(words.split()) - (0 if words.endswith(" ") else 1)))
        if catalog is not None:
            monkeypatch.setenv("PROLO_CATALOG", str(catalog))
        result = run()
        return result.stdout.split()

    return tab


def index_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache" / "prolo").glob("names-*.tsv"))


def test_therapy_ids_and_one_word_aliases(complete, tmp_path) -> None:
    found = complete("prolo show p", MINI)
    assert "prp" in found and "platelet-rich" not in found  # multi-word aliases are left to typing
    assert index_files(tmp_path)


def test_the_index_is_used_and_follows_the_catalogue(complete, tmp_path) -> None:
    catalogue = tmp_path / "mine.toml"
    shutil.copy(MINI, catalogue)
    assert "prp" in complete("prolo show p", catalogue)
    (index,) = index_files(tmp_path)
    index.write_text(index.read_text().replace("therapy\tprp\t", "therapy\tplanted\t", 1))
    assert "planted" in complete("prolo show p", catalogue)  # served from the index
    catalogue.write_text(catalogue.read_text().replace('id = "prp"', 'id = "prp-new"', 1))
    after = complete("prolo show p", catalogue)
    assert "prp-new" in after and "planted" not in after  # a changed file is never served stale


def test_completion_never_validates(complete, tmp_path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text(MINI.read_text().replace("schema = 1", "schema = 99"))
    assert "prp" in complete("prolo show p", broken)


def test_structures_complete_their_ids(complete) -> None:
    assert complete("prolo structures al") == ["alar-ligament"]
