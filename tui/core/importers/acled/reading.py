"""Reading an ACLED file: slices parsed by polars (the next while this one is checked), bad
rows found and reported by line, the good ones gathered for encoding."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np
import polars as pl

from tui.core.importers import csv_reading
from tui.core.importers.acled.encoding import encode
from tui.core.importers.acled.layout import CATEGORICAL, read_header, schema_of
from tui.core.importers.acled.rows import Part, clean
from tui.core.importers.csv_reading import (
    LineFinder,
    Slice,
    csv_slices,
    ragged_suspects,
    scan_fields,
)
from tui.core.importers.prepared import BadRows, Prepared, report_progress
from tui.core.importers.registry import ProgressCallback
from tui.core.problems import LoadError, Problem

_BAD_SCHEMA = {"record": pl.Int64, "problem": pl.String}


def prepare(
    path: Path, *, skip_bad: bool = False, progress: ProgressCallback | None = None
) -> Prepared:
    """The file's good rows as prepared columns; LoadError listing the bad rows (by line)
    unless ``skip_bad``, when they are counted and left out."""
    header = read_header(path)
    schema, wanted = schema_of(path, header)
    # Polars pads a short row with nulls and cuts a long one silently, so ragged rows show
    # only as a missing last field or a field past the header's last (read for that alone).
    last, beyond = list(schema)[-1], f"_extra{len(header)}"
    schema[beyond] = pl.String()
    checks = [name for name in (last, beyond) if name not in wanted]
    # Polars frees its global categories (and reuses their ids) once no categorical column
    # is alive; this one keeps the ids of every slice meaning the same labels until encoded.
    pin = pl.Series("pin", [], dtype=pl.Categorical)
    bad = BadRows(path)
    lines = LineFinder(path, first_line=2)
    size = path.stat().st_size
    parts: list[Part] = []
    rows = records = 0
    day_first = month_first = 0  # the file's evidence on numeric dates (see dates)

    def parse(data: bytes) -> pl.DataFrame | pl.exceptions.PolarsError:
        try:
            return scan_fields(data, schema, [*wanted, *checks])
        except pl.exceptions.PolarsError as error:
            return error

    slices = csv_slices(path, skip_lines=1, chunk_bytes=csv_reading.CHUNK_BYTES)
    labelled = [name for name in CATEGORICAL if name in schema]
    for piece, raw in _parsed_ahead(slices, parse):
        if not isinstance(raw, pl.exceptions.PolarsError):
            raw = _label_not_utf8(raw, labelled, piece.data, schema, [*wanted, *checks]) or raw
        if isinstance(raw, pl.exceptions.PolarsError):
            lines.add(piece.start, piece.end, records, 1)
            raise LoadError([_unreadable(path, piece, raw, lines, records)]) from None
        lines.add(piece.start, piece.end, records, len(raw))
        suspect = ragged_suspects(raw, last, beyond)
        ragged = None if suspect is None else _ragged(piece.data, suspect, len(header), records)
        part, wrong, (only_day_first, only_month_first) = clean(raw.drop(checks), records)
        day_first += only_day_first
        month_first += only_month_first
        if ragged is not None:  # reported as ragged only, whatever else is wrong with them
            is_ragged = pl.col("record").is_in(ragged["record"].implode())
            part = part.filter(~is_ragged)
            if wrong is not None:
                wrong = wrong.filter(~is_ragged)
            wrong = pl.concat([ragged, wrong]).sort("record") if wrong is not None else ragged
        records += len(raw)
        if wrong is not None:
            bad.add_records(wrong, lines.line)
        parts.append(Part.of(part))
        rows += len(part)
        del raw, part, wrong
        report_progress(progress, rows, piece.end, size)
    whole = Part.join(parts)  # empties parts as it goes: one copy of each column at a time
    whole = _settle_day_or_month(whole, day_first, month_first, bad, lines)
    whole = _check_years(whole, bad, lines)
    # Distinct hashes mean distinct ids (the common case, and cheap); otherwise look closer.
    hashes = whole.ids.hash()
    distinct = (
        pl.repeat(True, len(whole.ids), eager=True)
        if hashes.n_unique() == len(hashes)
        else whole.ids.is_first_distinct()
    )
    if not distinct.all():
        repeated = ~distinct.to_numpy()
        ids = whole.ids.rechunk().filter(pl.Series(repeated))  # rare: a copy is fine
        duplicated = pl.DataFrame(
            {"record": whole.record[repeated], "problem": "duplicate event id " + ids}
        )
        bad.add_records(duplicated, lines.line)
        whole = whole.keep(~repeated)
    bad.raise_unless(skip_bad)
    prepared = encode(path, whole, bad)
    del pin  # the labels are all strings in prepared.labels now
    return prepared


def _label_not_utf8(
    raw: pl.DataFrame,
    labelled: list[str],
    data: bytes,
    schema: dict[str, pl.DataType],
    columns: list[str],
) -> pl.exceptions.PolarsError | None:
    """The error of a slice with bytes that are not UTF-8 in a label column, else None.

    Labels are parsed as text, where such bytes become U+FFFD (and the notes' text is read
    that leniently); a file with them in a label is refused, as when labels were parsed
    straight into categories, which fails on them. Only a slice with a U+FFFD in a label
    and bytes that are not UTF-8 is parsed that way again, to tell."""
    if not labelled:
        return None
    replaced = raw.select(
        pl.any_horizontal(pl.col(labelled).str.contains("\ufffd", literal=True)).any()
    ).item()
    if not replaced:
        return None
    try:
        data.decode("utf-8")
        return None  # the file's own U+FFFD
    except UnicodeDecodeError:
        pass
    categories = {k: pl.Categorical() if k in labelled else v for k, v in schema.items()}
    try:
        scan_fields(data, categories, columns)
    except pl.exceptions.PolarsError as error:
        return error
    return None


def _ragged(data: bytes, suspect: pl.Series, width: int, first_record: int) -> pl.DataFrame | None:
    """The suspect rows of a slice whose field count is not the header's, as record numbers
    with a message. Python's csv reads the slice again: slow, but only a suspect slice."""
    suspects = set(np.flatnonzero(suspect.to_numpy()).tolist())
    final = max(suspects, default=-1)
    records: list[int] = []
    problems: list[str] = []
    reader = csv.reader(io.StringIO(data.decode("utf-8", errors="replace"), newline=""))
    read = -1  # the last record csv read
    try:
        for read, fields in enumerate(reader):
            index = read
            if index > final:
                break
            # A blank line is one record of nulls to polars: it is reported as missing its id.
            if index in suspects and fields and len(fields) != width:
                noun = "field" if len(fields) == 1 else "fields"
                records.append(first_record + index)
                problems.append(f"{len(fields)} {noun}, the header has {width}")
    except csv.Error as error:  # csv stops at the record after the last one it read
        records.append(first_record + read + 1)
        too_long = "field limit" in str(error)
        problems.append("a field longer than 128 KB" if too_long else f"unreadable row: {error}")
    if not records:
        return None
    return pl.DataFrame({"record": records, "problem": problems}, schema=_BAD_SCHEMA)


def _unreadable(
    path: Path, piece: Slice, error: pl.exceptions.PolarsError, lines: LineFinder, record: int
) -> Problem:
    """What is wrong with a slice polars could not parse, said without polars' terms."""
    data = piece.data

    def line_of(position: int) -> int:  # slices have LF line ends only (see csv_reading)
        return lines.line_at(piece.start) + data.count(b"\n", 0, position)

    try:
        data.decode("utf-8")
    except UnicodeDecodeError as wrong:  # e.g. "could not parse `Jap�n` as dtype `cat`"
        line = line_of(wrong.start)
        return Problem(path, f"not UTF-8: byte 0x{data[wrong.start]:02x} at line {line}", line)
    if data.count(b'"') % 2:  # the last quote opens a field that is never closed
        return Problem(path, "a quoted field is never closed", line_of(data.rfind(b'"')))
    first = str(error).strip().splitlines()[0] if str(error).strip() else "unreadable"
    return Problem(path, f"cannot read CSV: {first}", lines.line(record))


def _parsed_ahead(
    pieces: Iterator[Slice], parse: Callable[[bytes], pl.DataFrame | pl.exceptions.PolarsError]
) -> Iterator[tuple[Slice, pl.DataFrame | pl.exceptions.PolarsError]]:
    """Each slice with its parse, the next slice being parsed (in a thread) while the caller
    works on this one: polars leaves cores idle between its own parallel steps."""
    with ThreadPoolExecutor(1, thread_name_prefix="csv-parse") as pool:
        pending: tuple[Slice, Future[pl.DataFrame | pl.exceptions.PolarsError]] | None = None
        for piece in pieces:
            future = pool.submit(parse, piece.data)
            if pending is not None:
                yield pending[0], pending[1].result()
            pending = (piece, future)
        if pending is not None:
            yield pending[0], pending[1].result()


def _settle_day_or_month(
    whole: Part, day_first: int, month_first: int, bad: BadRows, lines: LineFinder
) -> Part:
    """Numeric dates such as 05/06/2019 read as the whole file says (day/month when some row
    can only be that, month/day likewise); rows the file does not settle are bad rows."""
    alternative = whole.columns.pop("alternative_key")
    ambiguous = alternative >= 0
    if not ambiguous.any():
        return whole
    if month_first and not day_first:
        whole.columns["start_key"] = np.where(ambiguous, alternative, whole.columns["start_key"])
        return whole
    if day_first and not month_first:
        return whole
    said = "both day/month and month/day" if day_first else "neither day/month nor month/day"
    problem = f"event_date cannot tell day from month (the file's other dates say {said})"
    unsettled = pl.DataFrame({"record": whole.record[ambiguous], "problem": problem})
    bad.add_records(unsettled, lines.line)
    return whole.keep(~ambiguous)


def _check_years(whole: Part, bad: BadRows, lines: LineFinder) -> Part:
    """Rows whose date is not in their year column's year are bad rows (a spreadsheet's
    31-12-19 read in the wrong century, a date typed wrong): checked once, in numpy."""
    year = whole.columns.pop("year")
    other = (year >= 0) & (whole.columns["start_key"] // 10000 != year)
    if not other.any():
        return whole
    wrong = pl.DataFrame(
        {"record": whole.record[other], "read": whole.columns["start_key"][other] // 10000}
    ).select(
        "record",
        problem=pl.format("event_date is in {}, the row's year is {}", "read", pl.lit(year[other])),
    )
    bad.add_records(wrong, lines.line)
    return whole.keep(~other)
