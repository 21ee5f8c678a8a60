"""Reading an import file: CSV or JSON Lines into numbered rows, with an error for each row that cannot
be read (NUL characters, unterminated quotes, invalid JSON) instead of stopping the import.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO


class ImportRowError(ValueError):
    """A row that cannot be imported; the message is shown after `line N:`."""


def read_import_rows(*, path: Path) -> Iterator[tuple[int, dict[str, Any] | ImportRowError]]:
    """Yield (line number, row) from a CSV or JSON Lines file; the CSV header is line 1.

    Any byte sequence is read to the end: a row that is not UTF-8, holds a NUL, has a field over
    the csv module's limit or opens a quote it never closes is yielded as an ImportRowError for
    its first line, and the rows after it are read as usual. The file is read a line at a time,
    so memory does not grow with its size.
    """
    with path.open("rb") as handle:
        lines = _physical_lines(handle)
        if path.suffix.lower() in {".jsonl", ".ndjson", ".json"}:
            yield from _json_lines_rows(lines)
        else:
            yield from _csv_rows(lines)


def _physical_lines(handle: BinaryIO) -> Iterator[bytes]:
    """The file's lines without their newline (only b"\\n" ends a line), as bytes.split(b"\\n")
    gives them but for the empty piece after a final newline; the UTF-8 BOM is dropped."""
    first = True
    for line in handle:
        if line.endswith(b"\n"):
            line = line[:-1]
        if first:
            line, first = line.removeprefix(codecs.BOM_UTF8), False
        yield line


def _json_lines_rows(lines: Iterable[bytes]) -> Iterator[tuple[int, dict[str, Any] | ImportRowError]]:
    for number, raw in enumerate(lines, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            yield number, ImportRowError(NOT_UTF8)
            continue
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            yield number, ImportRowError(f"not valid JSON ({error.msg})")
            continue
        if not isinstance(row, dict):
            yield number, ImportRowError("expected a JSON object")
        elif _holds_nul(row):
            yield number, ImportRowError(HOLDS_NUL)
        else:
            yield number, row


def _holds_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(key) or _holds_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_holds_nul(item) for item in value)
    return False


NOT_UTF8 = "not UTF-8 text"
# PostgreSQL cannot store NUL in text; SQLite would, and truncate it on the way out.
HOLDS_NUL = "contains a NUL character"
UNTERMINATED_QUOTE = "unterminated quote (the quoted field never ends; the rows after it are read again)"
_QUOTE_OR_COMMA = re.compile(rb'[",]')


def _scan_csv_line(line: bytes, *, in_quotes: bool) -> tuple[bool, int]:
    """Follow the csv module's quoting (excel dialect) along one physical line.

    Returns whether a quoted field is still open at the end of the line and how many delimiters
    lie outside quotes. Works on bytes: `"`, `,` and newlines are single bytes in UTF-8 and in
    every legacy encoding a bad file may be in, so a record splits correctly before it is decoded.
    A quote opens a field only at its start (as csv reads `ab"c` literally); `""` inside one is a
    quote character.
    """
    delimiters, skip_to = 0, 0
    for match in _QUOTE_OR_COMMA.finditer(line):
        index = match.start()
        if index < skip_to:
            continue
        if line[index] == ord(","):
            delimiters += 0 if in_quotes else 1
        elif in_quotes:
            if line[index + 1 : index + 2] == b'"':
                skip_to = index + 2
            else:
                in_quotes = False
        elif index == 0 or line[index - 1] == ord(","):
            in_quotes = True
    return in_quotes, delimiters


def _csv_record(raw: bytes) -> list[str] | ImportRowError | None:
    """One record's values, an ImportRowError, or None for a blank line."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return ImportRowError(NOT_UTF8)
    if "\x00" in text:
        return ImportRowError(HOLDS_NUL)
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            return ImportRowError(f"a field is longer than {csv.field_size_limit()} characters")
        return ImportRowError(f"not valid CSV ({error})")
    if not records or records == [[]]:
        return None
    if len(records) > 1:
        return ImportRowError("not valid CSV (a line break outside quotes)")
    return records[0]


def _csv_rows(lines: Iterable[bytes]) -> Iterator[tuple[int, dict[str, Any] | ImportRowError]]:
    """Split the file into records as the csv module would, with one difference.

    A quoted field may span lines, but an unterminated quote would make csv read the whole rest
    of the file into one field. So while a quoted field is open, a line that on its own is a
    complete row (no quote left open, as many fields as the header) is taken as the start of the
    next row, and the open record is reported as an unterminated quote. A real multi-line field
    (a biography) is only misread if one of its inner lines holds as many commas as a whole row.
    """
    header: list[str] | None = None
    record: list[bytes] = []
    start = 0

    def finish() -> Iterator[tuple[int, dict[str, Any] | ImportRowError]]:
        nonlocal header
        values = _csv_record(b"\n".join(record))
        if values is None:
            return
        if header is None:
            if isinstance(values, ImportRowError):
                header = []  # nothing after an unreadable header can be matched to columns
                yield start, ImportRowError(f"the header row cannot be read: {values}")
                return
            header = [name.strip() for name in values]
            return
        if isinstance(values, ImportRowError):
            yield start, values
        elif len(values) > len(header):
            yield start, ImportRowError("more values than columns in the header")
        else:
            yield start, {name: values[i] if i < len(values) else None for i, name in enumerate(header)}

    for number, line in enumerate(lines, start=1):
        if record and header is not None:
            open_alone, delimiters = _scan_csv_line(line, in_quotes=False)
            if not open_alone and delimiters == len(header) - 1:
                yield start, ImportRowError(UNTERMINATED_QUOTE)
                record = []
        if record:
            record.append(line)
            if not _scan_csv_line(line, in_quotes=True)[0]:
                yield from finish()
                record = []
        else:
            start, record = number, [line]
            if not _scan_csv_line(line, in_quotes=False)[0]:
                yield from finish()
                record = []
        if header == []:
            return
    if record:
        yield start, ImportRowError(UNTERMINATED_QUOTE)
