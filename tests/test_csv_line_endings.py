"""One reading of line endings for the whole CSV path (LF, CRLF, bare CR and every mix), so
the parse, the ragged-row check and the line numbers agree and no row is lost; and the caps
on line length, field length and blank-line runs, each a file:line message."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import pytest

from tui.core.importers import csv_reading
from tui.core.loading import open_store
from tui.core.problems import LoadError

HEADER = (
    "event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,country,notes"
)
ENDINGS = {"LF": "\n", "CRLF": "\r\n", "CR": "\r"}


def _row(n: int, notes: str = "") -> str:
    return (
        f"JPN{n},2024-06-{n:02},2024,1,Protests,Peaceful protest,Protesters (Japan),Japan,{notes}"
    )


def _refusal(path: Path) -> list[tuple[int | None, str]]:
    with pytest.raises(LoadError) as caught:
        open_store([path], format="acled")
    return [(p.line, p.message) for p in caught.value.problems]


@pytest.mark.parametrize("ends", list(itertools.product(ENDINGS, repeat=4)))
def test_every_mix_of_line_endings_keeps_every_row(tmp_path: Path, ends: tuple[str, ...]) -> None:
    # The header and four records, the third with a quoted note broken over two lines.
    records = [HEADER, _row(1), _row(2), _row(3, '"first' + ENDINGS[ends[0]] + 'second"'), _row(4)]
    text = "".join(
        record + ENDINGS[end] for record, end in zip(records, (*ends, "LF"), strict=True)
    )
    path = tmp_path / "mixed.csv"
    path.write_bytes(text.encode())
    store = open_store([path], format="acled").store
    assert [store.events[r].id for r in range(len(store))] == ["JPN1", "JPN2", "JPN3", "JPN4"]
    assert store.events[2].summary == "first\nsecond"  # one line break, whatever its bytes


@pytest.mark.parametrize("ending", ENDINGS)
def test_bad_rows_give_their_lines_with_any_line_ending(tmp_path: Path, ending: str) -> None:
    end = ENDINGS[ending]
    records = [HEADER, _row(1), _row(2).replace("2024-06-02", "soon"), _row(3) + ",extra"]
    path = tmp_path / "bad.csv"
    path.write_bytes((end.join(records) + end).encode())
    assert _refusal(path) == [
        (
            3,
            "event_date soon is not a date we can read (2024-06-19, 19 June 2024, 19-Jun-24,"
            " 19/06/2024)",
        ),
        (4, "10 fields, the header has 9"),
    ]


@pytest.mark.parametrize("ending", ENDINGS)
def test_small_slices_cut_at_any_line_ending_lose_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ending: str
) -> None:
    """Excel's "CSV (Macintosh)" is CR only; a CRLF may be split between two reads."""
    end = ENDINGS[ending]
    path = tmp_path / "many.csv"
    rows = [_row(n % 28 + 1).replace(f"JPN{n % 28 + 1},", f"JPN{n},", 1) for n in range(200)]
    path.write_bytes((end.join([HEADER, *rows]) + end).encode())
    for chunk in (csv_reading.CHUNK_BYTES, 301, 300, 299):
        monkeypatch.setattr(csv_reading, "CHUNK_BYTES", chunk)
        assert len(open_store([path], format="acled").store) == 200, chunk


def test_a_line_past_the_limit_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    """A header and one line of 5M fields took 2.4 GB and printed polars' advice."""
    path = tmp_path / "wide.csv"
    path.write_bytes((HEADER + "\n" + ",".join(["a"] * 5_000_000) + "\n" + _row(1) + "\n").encode())
    assert _refusal(path) == [(2, "a line longer than 128 KB (the limit)")]


def test_a_field_past_the_limit_is_a_bad_row_with_its_line(tmp_path: Path) -> None:
    # Lines within the limit, one quoted field of 200 lines beside a ragged row.
    long_note = '"' + ("x" * 1000 + "\n") * 200 + '"'
    path = tmp_path / "long.csv"
    path.write_text("\n".join([HEADER, _row(1), _row(2, long_note), _row(3) + ",extra"]) + "\n")
    assert _refusal(path) == [(3, "a field longer than 128 KB")]


def test_a_quote_never_closed_is_named_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "open.csv"
    path.write_text("\n".join([HEADER, _row(1), _row(2, '"never closed'), _row(3)]) + "\n")
    assert _refusal(path) == [(3, "a quoted field is never closed")]


def test_a_long_run_of_blank_lines_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "blank.csv"
    path.write_text(HEADER + "\n" + _row(1) + "\n" + "\n" * 20_000 + _row(2) + "\n")
    assert _refusal(path) == [(3, "more than 10,000 blank lines in a row")]  # the first blank


PEAK_SCRIPT = """
import resource, sys
from pathlib import Path
from tui.core.loading import open_store
from tui.core.problems import LoadError
try:
    open_store([Path(sys.argv[1])], format="acled")
except LoadError as error:
    print(error.problems[0].message)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


@pytest.mark.parametrize("case", ["wide line", "blank lines"])
def test_small_hostile_inputs_peak_under_a_gigabyte(tmp_path: Path, case: str) -> None:
    """Measured in a process of its own: 2.4 GB (wide line) and 9.7 GB (newlines) before."""
    path = tmp_path / "hostile.csv"
    if case == "wide line":
        path.write_bytes((HEADER + "\n" + ",".join(["a"] * 5_000_000) + "\n").encode())
    else:
        path.write_bytes((HEADER + "\n" + _row(1) + "\n" + "\n" * 16_000_000 + _row(2)).encode())
    done = subprocess.run(
        [sys.executable, "-c", PEAK_SCRIPT, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent.parent,
    )
    message, peak_mb = done.stdout.splitlines()
    assert message in (
        "a line longer than 128 KB (the limit)",
        "more than 10,000 blank lines in a row",
    )
    assert int(peak_mb) < 1024
