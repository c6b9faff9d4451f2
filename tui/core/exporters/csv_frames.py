"""CSV straight from columns: the path for a large import, with no model made per row.

An events column that can give its rows' CSV cells a batch at a time, as a polars frame with
the columns of :data:`~tui.core.exporters.csvfile.COLUMNS` (cells as the row-by-row path makes
them before neutralising: one line, controls made visible), is written by polars. The cells are
neutralised with the same rule as :func:`~tui.core.exporters.csvfile.neutralise`, and quoted
as Python's csv module quotes them (an empty cell is written bare, not as ""), so both paths
give the same bytes.

polars is imported only here, when such a column is exported: the app's first screen never
pays for it.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from tui.core.columns import LazyColumn, Rows
from tui.core.exporters import _stream
from tui.core.exporters._stream import Piece
from tui.core.model import Event

if TYPE_CHECKING:
    import polars as pl

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


def frame_pieces(cells: CsvCells, ordered: Rows, columns: tuple[str, ...]) -> Iterator[Piece]:
    """The CSV of the (distinct, ascending) rows, written by polars a batch at a time."""
    import polars as pl

    yield ",".join(columns) + "\r\n", 0  # the names hold nothing to quote
    size = _stream.FRAME_BATCH_ROWS
    for start in range(0, len(ordered), size):
        part = ordered[start : start + size]
        frame = cells.csv_cells(part).select(
            neutralised(pl.col(name)).alias(name) for name in columns
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
