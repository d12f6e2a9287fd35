"""Read a catalogue file, validate it, and report every problem with its place."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from prolocli import records
from prolocli.errors import CatalogueError, Problem
from prolocli.files import normalise, read_bytes, tomllib
from prolocli.models import (
    CatalogueInfo,
    Claim,
    Diagnostic,
    Procedure,
    Reference,
    Structure,
    Therapy,
    Trial,
)

# Top-level array name -> (model, label used in messages).
_TABLES: dict[str, tuple[type[BaseModel], str]] = {
    "therapy": (Therapy, "therapy"),
    "procedure": (Procedure, "procedure"),
    "structure": (Structure, "structure"),
    "diagnostic": (Diagnostic, "diagnostic"),
    "trial": (Trial, "trial"),
    "reference": (Reference, "reference"),
    "claim": (Claim, "claim"),
}
SCHEMAS = (1, 2)
# Schema 2 made these optional schema-1 fields required (see the format doc).
_EVIDENCE_REQUIRED = ("condition", "versus", "finding")
_TOP_KEYS = ("schema", "catalogue", *_TABLES)


def parse(data: bytes, source: str) -> records.Catalogue:
    """Validate raw catalogue bytes; raise CatalogueError with every problem."""
    text = _decode(data, source)
    if not text.strip():
        raise CatalogueError(source, [Problem("", "file is empty")])
    toml = tomllib()
    try:
        raw = toml.loads(text)
    except toml.TOMLDecodeError as exc:
        raise CatalogueError(source, [_syntax_problem(exc)]) from None
    except RecursionError:
        raise CatalogueError(source, [Problem("", "tables or arrays nested too deeply")]) from None
    return _build(raw, text, source)


def load(path: Path) -> records.Catalogue:
    return parse(read_bytes(path), str(path))


def _decode(data: bytes, source: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a UTF-8 byte-order mark is harmless; editors add it
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise CatalogueError(
            source, [Problem("", f"not valid UTF-8 (byte 0x{data[exc.start]:02x})", line, col)]
        ) from None


_AT = re.compile(r"^(?P<msg>.*?)\s*\(at line (?P<line>\d+), column (?P<col>\d+)\)$")


def _syntax_problem(exc: Exception) -> Problem:
    text = str(exc)
    lineno = getattr(exc, "lineno", None)
    colno = getattr(exc, "colno", None)
    match = _AT.match(text)
    if match:
        text = match["msg"]
        lineno = lineno or int(match["line"])
        colno = colno or int(match["col"])
    return Problem("", f"TOML syntax error: {text}", lineno, colno)


def _build(raw: dict[str, Any], text: str, source: str) -> records.Catalogue:
    problems: list[Problem] = []
    lines = _HeaderLines(text)

    for key in raw:
        if key not in _TOP_KEYS:
            problems.append(Problem(key, _unknown_key(key, _TOP_KEYS), lines.key(key)))

    schema = raw.get("schema")
    if schema is None:
        problems.append(Problem("schema", f"missing; write `schema = {SCHEMAS[-1]}` at the top"))
    elif type(schema) is not int or schema not in SCHEMAS:
        readable = " and ".join(str(s) for s in SCHEMAS)
        problems.append(
            Problem("schema", f"unsupported schema {schema!r}; this prolo reads schema {readable}", lines.key("schema"))
        )

    info: CatalogueInfo | None = None
    meta = raw.get("catalogue")
    if meta is None:
        problems.append(Problem("catalogue", "missing [catalogue] table with a title"))
    else:
        info = _validate(CatalogueInfo, meta, "catalogue", lines.table("catalogue"), problems)

    items: dict[str, list[Any]] = {}
    for key, (model, label) in _TABLES.items():
        entries = raw.get(key, [])
        if not isinstance(entries, list):
            problems.append(Problem(key, f"must be an array of tables ([[{key}]])", lines.key(key)))
            entries = []
        valid = []
        for index, entry in enumerate(entries):
            name = _entry_name(label, entry, index)
            item = _validate(model, entry, name, lines.array(key, index), problems)
            if item is not None:
                valid.append(item)
        items[key] = valid

    if not raw.get("therapy"):
        problems.append(Problem("therapy", "the catalogue has no [[therapy]] entries"))
    if schema == 2:
        problems.extend(_schema2_required(raw, items, lines))
    problems.extend(_integrity(raw, items, lines))
    if problems or info is None or not isinstance(schema, int):
        raise CatalogueError(source, problems)
    return records.catalogue(
        schema_version=schema,
        info=to_record(info),
        therapies=tuple(to_record(m) for m in items["therapy"]),
        structures=tuple(to_record(m) for m in items["structure"]),
        references=tuple(to_record(m) for m in items["reference"]),
        claims=tuple(to_record(m) for m in items["claim"]),
        procedures=tuple(to_record(m) for m in items["procedure"]),
        diagnostics=tuple(to_record(m) for m in items["diagnostic"]),
        trials=tuple(to_record(m) for m in items["trial"]),
    )


def to_record(value: Any) -> Any:
    """A validated model as its plain record (lists become tuples)."""
    if isinstance(value, BaseModel):
        cls = records.RECORDS[type(value).__name__]
        return cls(**{name: to_record(getattr(value, name)) for name in type(value).model_fields})
    if isinstance(value, list):
        return tuple(to_record(v) for v in value)
    return value


def _schema2_required(raw: dict[str, Any], items: dict[str, list[Any]], lines: _HeaderLines) -> list[Problem]:
    """What schema 2 requires beyond schema 1, each with its place and a hint."""
    problems: list[Problem] = []
    for index, therapy in enumerate(items["therapy"]):
        line = lines.array("therapy", _raw_index(raw, "therapy", therapy.id, index))
        for i, entry in enumerate(therapy.evidence):
            for name in _EVIDENCE_REQUIRED:
                if getattr(entry, name) is None:
                    problems.append(
                        Problem(
                            f"therapy {therapy.id!r} > evidence[{i}] > {name}",
                            "missing required key (schema 2 says what each study found; see docs/catalogue-format.md)",
                            line,
                        )
                    )
    for index, ref in enumerate(items["reference"]):
        if ref.year is None:
            line = lines.array("reference", _raw_index(raw, "reference", ref.id, index))
            problems.append(Problem(f"reference {ref.id!r} > year", "missing required key", line))
    return problems


def _entry_name(label: str, entry: Any, index: int) -> str:
    ident = entry.get("id") if isinstance(entry, dict) else None
    if isinstance(ident, str) and ident and len(ident) <= 80 and ident.isprintable():
        return f"{label} {ident!r}"
    return f"{label} #{index + 1}"


def _validate(model: type[BaseModel], data: Any, name: str, line: int | None, problems: list[Problem]) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        fields = list(model.model_fields)
        for err in exc.errors(include_url=False):
            problems.append(_pydantic_problem(err, name, line, fields, model))
        return None
    except RecursionError:
        problems.append(Problem(name, "nested too deeply", line))
        return None


def _pydantic_problem(err: Any, name: str, line: int | None, fields: list[str], model: type[BaseModel]) -> Problem:
    loc = tuple(err["loc"])
    path = name + "".join(f"[{p}]" if isinstance(p, int) else f" > {p}" for p in loc)
    kind = err["type"]
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1]) or fields
        message = _unknown_key(str(loc[-1]), allowed)
    elif kind == "missing":
        message = "missing required key"
    else:
        message = str(err["msg"])
        if message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        if kind == "string_pattern_mismatch":
            message = _pattern_message(loc, err.get("input"))
    return Problem(path, message, line)


def _pattern_message(loc: tuple[Any, ...], value: Any) -> str:
    field = str(loc[-1]) if loc and not isinstance(loc[-1], int) else str(loc[-2] if len(loc) > 1 else "")
    shown = repr(value) if isinstance(value, str) and len(value) < 80 else "value"
    if field == "pmid":
        return f"{shown} is not a PMID (digits only)"
    if field == "doi":
        return f"{shown} is not a DOI (it must start with '10.' and contain '/')"
    if field == "url":
        return f"{shown} is not an http(s) URL"
    return f"{shown} is not a valid id (lowercase letters, digits and single hyphens)"


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names of the nested model a location points into, for suggestions."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        current = _inner_model(field.annotation)
        if current is None:
            return []
    return list(getattr(current, "model_fields", {}))


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _unknown_key(key: str, allowed: Iterable[str]) -> str:
    allowed = list(allowed)
    close = difflib.get_close_matches(key, allowed, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else f" (allowed: {', '.join(allowed)})"
    return f"unknown key {key!r}{hint}"


def _integrity(raw: dict[str, Any], items: dict[str, list[Any]], lines: _HeaderLines) -> list[Problem]:
    problems: list[Problem] = []
    therapies: list[Therapy] = items["therapy"]
    structures: list[Structure] = items["structure"]
    claims: list[Claim] = items["claim"]

    def ids_of(key: str) -> list[str]:
        entries = raw.get(key, [])
        if not isinstance(entries, list):
            return []
        return [e["id"] for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str)]

    for key in _TABLES:
        seen: dict[str, int] = {}
        entries = raw.get(key, [])
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            ident = entry.get("id") if isinstance(entry, dict) else None
            if not isinstance(ident, str):
                continue
            if ident in seen:
                problems.append(
                    Problem(
                        f"{_TABLES[key][1]} {ident!r}",
                        f"duplicate id (first used by {key} #{seen[ident] + 1})",
                        lines.array(key, index),
                    )
                )
            else:
                seen[ident] = index

    known = {key: set(ids_of(key)) for key in _TABLES}

    def check_ids(path: str, kind: str, ids: list[str], line: int | None) -> None:
        for i, ident in enumerate(ids):
            if ident not in known[kind]:
                problems.append(Problem(f"{path}[{i}]", _dangling(kind, ident, known[kind]), line))

    def check_refs(path: str, refs: list[str], line: int | None) -> None:
        check_ids(f"{path} > refs", "reference", refs, line)

    therapy_ids = known["therapy"]

    for index, therapy in enumerate(therapies):
        line = lines.array("therapy", _raw_index(raw, "therapy", therapy.id, index))
        base = f"therapy {therapy.id!r}"
        for group in ("evidence", "risks", "regulatory", "limitations"):
            for i, item in enumerate(getattr(therapy, group)):
                check_refs(f"{base} > {group}[{i}]", item.refs, line)
        for i, lim in enumerate(therapy.limitations):
            check_ids(f"{base} > limitations[{i}] > structures", "structure", lim.structures, line)
        check_ids(f"{base} > procedures", "procedure", therapy.procedures, line)
    # Aliases: unique across therapies, and never another therapy's id.
    owner: dict[str, str] = {t.id: t.id for t in therapies}
    for therapy in therapies:
        line = lines.array("therapy", _raw_index(raw, "therapy", therapy.id, 0))
        for i, alias in enumerate(therapy.aliases):
            key = normalise(alias)
            holder = owner.get(key)
            if holder is not None and holder != therapy.id:
                problems.append(
                    Problem(
                        f"therapy {therapy.id!r} > aliases[{i}]",
                        f"alias {alias!r} is already used by therapy {holder!r}",
                        line,
                    )
                )
            else:
                owner[key] = therapy.id

    for structure in structures:
        line = lines.array("structure", _raw_index(raw, "structure", structure.id, 0))
        check_refs(f"structure {structure.id!r}", structure.refs, line)
    for procedure in items["procedure"]:
        line = lines.array("procedure", _raw_index(raw, "procedure", procedure.id, 0))
        base = f"procedure {procedure.id!r}"
        check_refs(base, procedure.refs, line)
        check_ids(f"{base} > structures", "structure", procedure.structures, line)
        for i, risk in enumerate(procedure.risks):
            check_refs(f"{base} > risks[{i}]", risk.refs, line)
    for diagnostic in items["diagnostic"]:
        line = lines.array("diagnostic", _raw_index(raw, "diagnostic", diagnostic.id, 0))
        base = f"diagnostic {diagnostic.id!r}"
        check_refs(base, diagnostic.refs, line)
        check_ids(f"{base} > structures", "structure", diagnostic.structures, line)
        check_ids(f"{base} > uses", "diagnostic", diagnostic.uses, line)
        for i, threshold in enumerate(diagnostic.thresholds):
            check_refs(f"{base} > thresholds[{i}]", threshold.refs, line)
    for trial in items["trial"]:
        line = lines.array("trial", _raw_index(raw, "trial", trial.id, 0))
        check_refs(f"trial {trial.id!r}", trial.refs, line)
        check_ids(f"trial {trial.id!r} > therapies", "therapy", trial.therapies, line)
    for claim in claims:
        line = lines.array("claim", _raw_index(raw, "claim", claim.id, 0))
        check_refs(f"claim {claim.id!r}", claim.refs, line)
        if claim.therapy is not None and claim.therapy not in therapy_ids:
            problems.append(
                Problem(f"claim {claim.id!r} > therapy", _dangling("therapy", claim.therapy, therapy_ids), line)
            )
    return problems


def _raw_index(raw: dict[str, Any], key: str, ident: str, default: int) -> int:
    for index, entry in enumerate(raw.get(key, [])):
        if isinstance(entry, dict) and entry.get("id") == ident:
            return index
    return default


def _dangling(kind: str, ident: str, known: set[str]) -> str:
    close = difflib.get_close_matches(ident, sorted(known), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown {kind} {ident!r}{hint}"


class _HeaderLines:
    """Line numbers of table headers, found only when a problem needs one."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._arrays: dict[str, list[int]] | None = None

    def _scan(self) -> dict[str, list[int]]:
        if self._arrays is None:
            arrays: dict[str, list[int]] = {}
            pattern = re.compile(r"^[ \t]*\[\[[ \t]*([A-Za-z0-9_-]+)[ \t]*\]\]", re.M)
            # Count newlines from the previous header only: counting from the
            # top for every header made a large catalogue take seconds.
            line, pos = 1, 0
            for match in pattern.finditer(self._text):
                line += self._text.count("\n", pos, match.start())
                pos = match.start()
                arrays.setdefault(match.group(1), []).append(line)
            self._arrays = arrays
        return self._arrays

    def array(self, key: str, index: int) -> int | None:
        found = self._scan().get(key, [])
        return found[index] if 0 <= index < len(found) else None

    def table(self, key: str) -> int | None:
        match = re.search(rf"^[ \t]*\[[ \t]*{re.escape(key)}[ \t]*\]", self._text, re.M)
        return self._text.count("\n", 0, match.start()) + 1 if match else None

    def key(self, key: str) -> int | None:
        match = re.search(rf"^[ \t]*{re.escape(key)}[ \t]*=", self._text, re.M)
        if match is None:
            return self.table(key) or self.array(key, 0)
        return self._text.count("\n", 0, match.start()) + 1
