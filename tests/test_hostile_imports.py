"""Hostile CSV for the ACLED importer: ragged rows, quoted newlines, duplicate or missing header
names, hostile text. Each gets a clear message with the file and the line, or loads as text."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import TEST_DATA
from tests.test_hostile import assert_clean_screen, make_app
from tests.unsafe_text import is_harmless
from tui.core.loading import open_store
from tui.core.problems import LoadError
from tui.ui.widgets.timeline import TimelineView

HEADER = "event_id_cnty,event_date,event_type,sub_event_type,actor1,country,notes"
ROW = "JPN{n},2024-06-1{n},Protests,Peaceful protest,Protesters (Japan),Japan,note {n}"
IMPORTS = TEST_DATA / "imports"
HOSTILE = "[bold red]x[/] [@click=app.quit]q[/] \x1b[2J\x1b]52;c;ZXZpbA==\x07 \u202eevil"


def _csv(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "acled.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _refusal(path: Path) -> str:
    with pytest.raises(LoadError) as caught:
        open_store([path], format="acled")
    report = caught.value.report()
    assert all(is_harmless(line) for line in report.splitlines())
    assert report.startswith(str(path))
    return report


def test_quoted_newlines_stay_inside_their_cell(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        HEADER,
        ROW.format(n=1).replace("note 1", '"line one\nline two, with a comma"'),
        ROW.format(n=2),
    )
    store = open_store([path], format="acled").store
    assert len(store) == 2
    assert store.events[0].summary == "line one\nline two, with a comma"


async def test_hostile_text_in_an_import_is_shown_as_text(tmp_path: Path) -> None:
    path = _csv(tmp_path, HEADER, ROW.format(n=1).replace("Protesters (Japan)", f'"{HOSTILE}"'))
    store = open_store([path], format="acled").store
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert len(app.screen.query_one(TimelineView).rows) == 1
        assert_clean_screen(
            app, "△ Peaceful protest: [bold red]x[/] [@click=app.quit]q[", "␛[2J␛]52;c;ZXZpbA==␇"
        )


def test_a_missing_required_column_is_named(tmp_path: Path) -> None:
    path = _csv(tmp_path, "event_id_cnty,event_date,sub_event_type,actor1", "J1,2024-06-19,P,X")
    report = _refusal(path)
    assert f"{path}:1:" in report and "event_type" in report and "country" in report


def test_an_unterminated_quote_is_refused_with_its_line(tmp_path: Path) -> None:
    path = _csv(tmp_path, HEADER, ROW.format(n=1).replace("note 1", '"never closed'))
    assert f"{path}:2:" in _refusal(path)


@pytest.mark.parametrize(
    ("fields", "message"), [("short", "5 fields, the header has 7"), ("long", "9 fields")]
)
def test_a_ragged_row_is_named_with_its_line(tmp_path: Path, fields: str, message: str) -> None:
    bad = ROW.format(n=3).rsplit(",", 2)[0] if fields == "short" else ROW.format(n=3) + ",x,y"
    path = _csv(tmp_path, HEADER, ROW.format(n=1), ROW.format(n=2), bad)
    report = _refusal(path)
    assert f"{path}:4: {message}" in report  # the ragged row itself, not the start of the file
    assert "schema" not in report and "missing_columns" not in report


def test_a_short_first_row_is_named_not_polars_advice(tmp_path: Path) -> None:
    path = _csv(tmp_path, HEADER, ROW.format(n=1).rsplit(",", 1)[0], ROW.format(n=2))
    assert _refusal(path).splitlines()[0] == f"{path}:2: 6 fields, the header has 7"


def test_ragged_rows_give_their_real_lines_in_any_slice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.core.importers import csv_reading

    header, *lines = (IMPORTS / "acled_current.csv").read_text("utf-8-sig").splitlines()
    rows = ["\n".join(lines[:2]), *lines[2:]]  # the first record's notes span two lines
    # Five records on six lines a copy, each copy with its own ids.
    copies = [row.replace(",", f"_{n},", 1) for n in range(30) for row in rows]
    copies[4] = copies[4].rsplit(",", 2)[0]  # line 7
    copies[101] += ",extra"  # copy 20, second record: line 2 + 6 * 20 + 2
    path = _csv(tmp_path, header, *copies)
    expected = [(7, "29 fields, the header has 31"), (124, "32 fields, the header has 31")]
    for chunk in (csv_reading.CHUNK_BYTES, 700):  # the whole file in one slice, then many
        monkeypatch.setattr(csv_reading, "CHUNK_BYTES", chunk)
        with pytest.raises(LoadError) as caught:
            open_store([path], format="acled")
        assert [(p.line, p.message) for p in caught.value.problems] == expected
        result = open_store([path], format="acled", skip_bad=True)
        assert result.skipped_rows == 2 and len(result.store) == len(copies) - 2
        assert [(p.line, p.message) for p in result.skipped_problems] == expected


def test_an_empty_last_field_is_not_a_ragged_row(tmp_path: Path) -> None:
    path = _csv(tmp_path, HEADER, ROW.format(n=1).replace("note 1", ""), ROW.format(n=2))
    assert len(open_store([path], format="acled").store) == 2


def test_duplicate_header_names_are_reported(tmp_path: Path) -> None:
    path = _csv(tmp_path, HEADER + ",country", ROW.format(n=1) + ",Korea")
    report = _refusal(path)
    assert report.splitlines()[0] == (
        f'{path}:1: column "country" named more than once in the header'
    )


def test_a_file_not_in_utf8_is_refused_with_the_byte_and_line(tmp_path: Path) -> None:
    path = _csv(tmp_path, HEADER, ROW.format(n=1), ROW.format(n=2))
    path.write_bytes(path.read_bytes().replace(b"Japan,note 2", b"Jap\xe9n,note 2"))
    report = _refusal(path)
    assert report.splitlines()[0] == f"{path}:3: not UTF-8: byte 0xe9 at line 3"
