"""CSV straight from columns: the path for a large import, with no model made per row.

An events column that can give its rows' CSV cells a batch at a time, as a polars frame with
the columns of :data:`~tui.core.exporters.csvfile.COLUMNS` (cells as the row-by-row path makes
them before neutralising: one line, controls made visible), is written by polars. The cells are
neutralised with the same rule as :func:`~tui.core.exporters.csvfile.neutralise`, and quoted
as Python's csv module quotes them (an empty cell is written bare, not as ""), so both paths
give the same bytes. The analyst's columns, when an export has them, come after the import's
own, which stay as they are.

polars and the exporters' streaming are imported only when such a column is exported: an
import's store (which uses :class:`EventsWithCsvCells`) and the app's first screen never pay
for them.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from tui.core.columns import LazyColumn, Rows
from tui.core.model import Event

if TYPE_CHECKING:
    import polars as pl

    from tui.core.exporters._stream import Piece

# neutralise()'s rule: a cell that starts with = + - @ tab or CR, or with one of = + - @ after
# whitespace as str.lstrip() strips it (Unicode White_Space, which \s is, and \x1c-\x1f).
_FORMULA = r"^(?:[\t\r=+\-@]|[\s\x1c-\x1f]*[=+\-@])"


@runtime_checkable
class CsvCells(Protocol):
    """An events column that gives the CSV cells of some rows (ascending) as a frame."""

    def csv_cells(self, rows: Rows) -> pl.DataFrame: ...


class EventsWithCsvCells(LazyColumn[Event]):
    """A lazy events column (models made on access, for the detail pane) that also gives its
    rows' CSV cells as columns: what an importer passes as the store's ``events``."""

    def __init__(
        self, length: int, make: Callable[[int], Event], cells: Callable[[Rows], pl.DataFrame]
    ) -> None:
        super().__init__(length, make)
        self._cells = cells

    def csv_cells(self, rows: Rows) -> pl.DataFrame:
        return self._cells(rows)


@dataclass(frozen=True)
class ExtraColumns:
    """Columns written after the import's own: their cells for a few rows (the others get
    ``defaults``), as written: already neutralised, None for an empty cell."""

    names: tuple[str, ...]
    rows: Rows  # the rows that have cells of their own, ascending
    cells: Mapping[str, Sequence[str | None]]  # by name, in the order of ``rows``
    defaults: tuple[str | None, ...]


def frame_pieces(
    cells: CsvCells, ordered: Rows, columns: tuple[str, ...], extra: ExtraColumns | None = None
) -> Iterator[Piece]:
    """The CSV of the (distinct, ascending) rows, written by polars a batch at a time, with
    ``extra``'s columns after the others (joined on by row number: no Python work per row)."""
    import polars as pl

    from tui.core.exporters import _stream

    added_names = extra.names if extra else ()
    yield ",".join(columns + added_names) + "\r\n", 0  # the names hold nothing to quote
    table = _extra_table(extra) if extra is not None else None
    size = _stream.FRAME_BATCH_ROWS
    for start in range(0, len(ordered), size):
        part = ordered[start : start + size]
        frame = cells.csv_cells(part).select(
            neutralised(pl.col(name)).alias(name) for name in columns
        )
        if extra is not None and table is not None:
            added = pl.DataFrame({_ROW: part}).join(
                table, on=_ROW, how="left", maintain_order="left"
            )
            frame = frame.with_columns(
                added[name].fill_null(default) if default is not None else added[name]
                for name, default in zip(extra.names, extra.defaults, strict=True)
            )
        buffer = io.BytesIO()
        frame.write_csv(
            buffer,
            include_header=False,
            line_terminator="\r\n",
            quote_style="necessary",
            null_value="",
        )
        yield buffer.getvalue(), start + len(part)


_ROW = "\x00row"  # the join key: no column of ours has this name


def _extra_table(extra: ExtraColumns) -> pl.DataFrame:
    import polars as pl

    columns = {name: pl.Series(name, extra.cells[name], dtype=pl.String) for name in extra.names}
    return pl.DataFrame({_ROW: pl.Series(_ROW, extra.rows, dtype=pl.Int64), **columns})


def neutralised(cell: pl.Expr) -> pl.Expr:
    """The cells of a column as neutralise() leaves them; an empty one as null."""
    import polars as pl

    return (
        pl.when(cell.str.contains(_FORMULA))
        .then(pl.lit("'") + cell)
        .when(cell == "")
        .then(None)  # polars quotes an empty string; the csv module writes nothing
        .otherwise(cell)
    )
