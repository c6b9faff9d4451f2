"""ACLED labels are parsed as text and made categories while the next slice is parsed: what
is refused and what loads stays as it was when they were parsed straight into categories.
Bytes that are not UTF-8 in a label refuse the file (with the byte and its line); in the
notes they show as U+FFFD; a U+FFFD the file really holds is a character like any other."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.loading import open_store
from tui.core.problems import LoadError

HEADER = b"event_id_cnty,event_date,event_type,sub_event_type,actor1,country,notes\n"


def _file(tmp_path: Path, *rows: bytes) -> Path:
    path = tmp_path / "acled.csv"
    path.write_bytes(HEADER + b"".join(rows))
    return path


def test_a_label_not_in_utf8_is_refused_with_its_byte_and_line(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        b"JPN1,2024-06-11,Protests,Peaceful protest,Protesters (Japan),Japan,note 1\n",
        b"JPN2,2024-06-12,Protests,Peaceful protest,Protesters (Jap\xf3n),Japan,note 2\n",
    )
    with pytest.raises(LoadError) as caught:
        open_store([path], format="acled")
    assert caught.value.report().splitlines()[0].endswith("not UTF-8: byte 0xf3 at line 3")


def test_notes_not_in_utf8_load_beside_a_label_holding_u_fffd(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        b"JPN1,2024-06-11,Protests,Peaceful protest,Protesters (Japan),Japan,note \xff one\n",
        b"JPN2,2024-06-12,Protests,Peaceful protest,Protesters \xef\xbf\xbd,Japan,note 2\n",
    )
    store = open_store([path], format="acled").store
    events = [store.events[row] for row in range(len(store))]
    assert [event.summary for event in events] == ["note \ufffd one", "note 2"]
    assert store.actors[events[1].actors[0].actor].name == "Protesters \ufffd"
