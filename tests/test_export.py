"""Exports of a view: each format on the bundled data, round trips, and hostile text.

Hostile text must come out as the same text, never as a spreadsheet formula, a Markdown
link, image, heading or HTML, and never as a control character in the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
from html import unescape
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from tests.export_stores import (
    FORMULAS,
    HOSTILE,
    MARKUP,
    assert_no_unsafe_characters,
    hostile_store,
)
from tui.core.dates import PartialDate
from tui.core.exporters import (
    ExportError,
    ExportFormat,
    export_rows,
    render,
)
from tui.core.exporters.csvfile import COLUMNS, neutralise, to_csv
from tui.core.exporters.markdown import escape_inline, escape_line, to_markdown
from tui.core.exporters.native import to_json
from tui.core.exporters.timelinejs import EXTENSION_KEY, to_timelinejs
from tui.core.importers.ours import load_paths
from tui.core.model import Dataset, Event, EventKind
from tui.core.store import EventStore, Query
from tui.core.textsafe import one_line

DATA = Path(__file__).resolve().parent.parent / "data"


def timelinejs_date(value: dict[str, str]) -> PartialDate:
    """Read a TimelineJS date object back, as an importer would."""
    month, day = value.get("month"), value.get("day")
    return PartialDate(int(value["year"]), int(month) if month else None, int(day) if day else None)


def markdown_html(text: str) -> str:
    """HTML as GitHub-flavoured renderers would make it (tables, strikethrough, bare links)."""
    md = MarkdownIt("gfm-like").use(footnote_plugin)
    assert md.linkify is not None
    md.linkify.set({"fuzzy_link": False})  # GitHub links only www. and scheme:// names
    return str(md.render(text))


# -- each format on the bundled data ----------------------------------------------------------


def test_timelinejs_loads_as_timelinejs_with_precision_kept(bundled_store: EventStore) -> None:
    document = json.loads(to_timelinejs(bundled_store, bundled_store.all_rows()))
    slides = document["events"]
    assert document["title"]["text"]["headline"]
    assert [s["unique_id"] for s in slides] == list(bundled_store.columns.ids)
    for slide, event in zip(slides, bundled_store.events, strict=True):
        start = slide["start_date"]
        assert all(isinstance(v, str) for v in start.values())
        assert timelinejs_date(start) == event.start
        assert ("month" in start, "day" in start) == (
            event.start.month is not None,
            event.start.day is not None,
        )
        if event.end is None:
            assert "end_date" not in slide
        else:
            assert timelinejs_date(slide["end_date"]) == event.end
        assert slide["text"]["headline"]
        assert slide["autolink"] is False
        assert slide["group"] == event.kind.value
        assert Event.model_validate(slide[EXTENSION_KEY]) == event


def test_timelinejs_month_precision_has_no_day(bundled_store: EventStore) -> None:
    row = bundled_store.row_of("ukraine-identifies-north-korean-kn-23")
    assert row is not None
    slide = json.loads(to_timelinejs(bundled_store, [row]))["events"][0]
    assert slide["start_date"] == {"year": "2024", "month": "1", "display_date": "January 2024"}


def test_timelinejs_document_carries_what_events_refer_to(bundled_store: EventStore) -> None:
    document = json.loads(to_timelinejs(bundled_store, bundled_store.all_rows()))
    extension = document[EXTENSION_KEY]
    actors = {a["id"] for a in extension["actors"]}
    sources = {s["id"] for s in extension["sources"]}
    for event in bundled_store.events:
        assert {p.actor for p in event.actors} <= actors
        assert {c.source for c in event.citations} <= sources


def test_csv_has_one_row_per_event(bundled_store: EventStore) -> None:
    text = to_csv(bundled_store, bundled_store.all_rows())
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(rows[0].keys()) == list(COLUMNS)
    assert [r["id"] for r in rows] == list(bundled_store.columns.ids)
    for row, event in zip(rows, bundled_store.events, strict=True):
        assert row["start"] == str(event.start)  # never padded: 2024-06 stays 2024-06
        assert row["end"] == (str(event.end) if event.end else "")
        assert row["precision"] == event.start.precision.name.lower()
        assert row["title"] == event.title
        assert row["countries"].split("; ") == list(event.countries(bundled_store.actors))


def test_csv_lists_actors_with_roles_and_urls(bundled_store: EventStore) -> None:
    row_number = bundled_store.row_of("putin-visits-pyongyang")
    assert row_number is not None
    row = next(csv.DictReader(io.StringIO(to_csv(bundled_store, [row_number]), newline="")))
    assert "Vladimir Putin (visitor)" in row["actors"].split("; ")
    assert row["places"] == "Pyongyang, PRK"
    assert all(url.startswith("https://") for url in row["urls"].split("; ") if url)


def test_json_round_trip_is_identical(bundled_store: EventStore, tmp_path: Path) -> None:
    target = tmp_path / "all.json"
    export_rows(bundled_store, bundled_store.all_rows(), "json", target)
    loaded = load_paths([target])
    assert EventStore.from_dataset(loaded).events == list(bundled_store.events)
    assert loaded.actors == dict(bundled_store.actors)
    assert loaded.concerns == dict(bundled_store.concerns)
    assert loaded.sources == dict(bundled_store.sources)
    assert loaded.name == bundled_store.name
    assert json.loads(target.read_text("utf-8"))["$schema"] == "./timeline-explorer.schema.json"


def test_json_of_a_filtered_view_holds_only_what_it_refers_to(
    bundled_store: EventStore, tmp_path: Path
) -> None:
    rows = bundled_store.query(Query(countries=frozenset({"NZL"})))
    target = tmp_path / "nz.json"
    export_rows(bundled_store, rows, ExportFormat.JSON, target, "New Zealand")
    loaded = load_paths([target])  # references resolve, or this raises
    expected = [bundled_store.events[int(r)] for r in rows]
    assert loaded.events == expected
    used = {p.actor for e in expected for p in e.actors}
    assert set(loaded.actors) == used
    assert set(loaded.sources) == {c.source for e in expected for c in e.citations}
    assert len(loaded.actors) < len(bundled_store.actors)
    assert loaded.actors == {key: bundled_store.actors[key] for key in used}


def test_markdown_brief_has_events_in_order_and_footnoted_quotes(
    bundled_store: EventStore,
) -> None:
    made = dt.date(2026, 12, 1)
    text = to_markdown(bundled_store, bundled_store.all_rows(), "Japan + “treaty”", made=made)
    assert text.startswith("# Japan, New Zealand")
    assert (
        "**Dataset:** Japan, New Zealand and the Russia–North Korea pact \\(June 2024\\)"
        not in (text)
    )  # parentheses are not escaped: nothing in Markdown needs it
    assert "**Dataset:** Japan, New Zealand and the Russia–North Korea pact (June 2024)" in text
    assert "**Filter:** Japan + “treaty”" in text
    assert "**Events:** 25 events, in time order" in text
    assert "**Made:** 1 December 2026" in text
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert len(headings) == len(bundled_store)
    assert headings[0].startswith("## 2007-08 · ")  # at its precision, not 2007-08-01
    definitions = re.findall(r"^\[\^(\d+)\]: (.*)$", text, flags=re.MULTILINE)
    cited_sources = {c.source for e in bundled_store.events for c in e.citations}
    # One footnote per source, numbered in order of first citation.
    assert [int(n) for n, _ in definitions] == list(range(1, len(cited_sources) + 1))
    # The article is cited first (by the 2007 GSOMIA event) and once, with every quote under it.
    assert definitions[0][1].startswith("*Reworded version of AP’s “Japan, New Zealand agree")
    article_quotes = {
        c.quote for e in bundled_store.events for c in e.citations if c.source == "article"
    }
    footnote_one = text.split("[^1]: ", 1)[1].split("\n[^2]: ", 1)[0]
    for quote in article_quotes:
        assert f"“{escape_inline(quote)}”" in footnote_one
    # A source's outlet, date and address are in its footnote.
    tass = next(line for _, line in definitions if line.startswith("*Putin arrives in Pyongyang*"))
    assert (
        tass
        == "*Putin arrives in Pyongyang*, TASS, 18 June 2024, <https://tass.com/politics/1805063>"
    )
    # Within one event, a source is referenced once, however many of its quotes the event uses.
    summit = next(
        section for section in text.split("\n## ") if "Kishida and Luxon meet in Tokyo" in section
    )
    sources_line = next(line for line in summit.splitlines() if line.startswith("**Sources:**"))
    assert sources_line.count("[^1]") == 1
    rendered = markdown_html(text)
    assert rendered.count("<h2>") == len(bundled_store)
    assert rendered.count('class="footnote-item"') == len(cited_sources)


def test_markdown_escapes_only_where_markdown_needs_it() -> None:
    assert escape_line("pressite_000001_01940 (June 2024) {x} #1 a > b!") == (
        "pressite_000001_01940 (June 2024) {x} \\#1 a > b!"
    )
    assert escape_line("_init_ *bold* [x](y) <b> a|b ~s~") == (
        "\\_init\\_ \\*bold\\* \\[x\\](y) \\<b> a\\|b \\~s\\~"
    )


def test_markdown_actor_roles(bundled_store: EventStore) -> None:
    row = bundled_store.row_of("putin-visits-pyongyang")
    assert row is not None
    text = to_markdown(bundled_store, [row])
    assert "Vladimir Putin (visitor)" in text
    assert "Vladimir Putin (visitor)" in markdown_html(text)


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_every_format_handles_an_empty_view(bundled_store: EventStore, fmt: ExportFormat) -> None:
    text = render(bundled_store, np.empty(0, dtype=np.int64), fmt)
    assert text
    if fmt is ExportFormat.TIMELINEJS:
        assert json.loads(text)["events"] == []


def test_rows_are_exported_in_time_order_once(bundled_store: EventStore) -> None:
    rows = [5, 1, 5, 3]
    document = json.loads(to_json(bundled_store, rows))
    ids = bundled_store.columns.ids
    assert [e["id"] for e in document["events"]] == [ids[1], ids[3], ids[5]]


@pytest.mark.parametrize(
    "rows",
    [[1, 3, 5], [1, 3, 3, 5], [5, 3, 1], [1, 5, 3, 5]],
    ids=["ascending", "repeat", "desc", "mixed"],
)
def test_row_arrays_are_exported_in_time_order_once(
    bundled_store: EventStore, rows: list[int]
) -> None:
    document = json.loads(to_json(bundled_store, np.asarray(rows, dtype=np.int64)))
    ids = bundled_store.columns.ids
    assert [e["id"] for e in document["events"]] == [ids[1], ids[3], ids[5]]


# -- hostile text -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_no_control_character_reaches_any_export(fmt: ExportFormat) -> None:
    store = hostile_store()
    text = render(store, store.all_rows(), fmt, "filter \x1b[2J\u202e")
    if fmt is ExportFormat.CSV:
        text = text.replace("\r\n", "\n")
    assert "\r" not in text
    assert_no_unsafe_characters(text)
    assert all(unicodedata.category(ch) != "Cc" for ch in text.replace("\n", ""))


def test_csv_neutralises_formula_cells() -> None:
    store = hostile_store()
    rows = list(csv.reader(io.StringIO(to_csv(store, store.all_rows()), newline="")))
    for row in rows[1:]:
        for cell in row:
            assert not cell.lstrip().startswith(("=", "+", "-", "@", "\t", "\r")), cell
    titles = {row[0]: row[COLUMNS.index("title")] for row in rows[1:]}
    for i, formula in enumerate(FORMULAS):
        assert titles[f"e{i}"] == "'" + formula
    assert titles["e4"] == MARKUP[0]  # nothing else is touched
    sources = {row[COLUMNS.index("sources")] for row in rows[1:]}
    assert sources == {"'=cmd|' /C calc'!A0"}


def test_csv_leaves_dates_and_plain_text_alone() -> None:
    for cell in ("2024-06", "2024-06-19", "2024", "Japan", "", "a=b", "3-2"):
        assert neutralise(cell) == cell
    for cell in ("=1+1", "+1", "-1", "@x", "\t=1", "\r=1", " =1"):
        assert neutralise(cell).startswith("'")


def test_markdown_renders_hostile_text_as_text() -> None:
    store = hostile_store()
    text = to_markdown(store, store.all_rows(), "[f](javascript:x) <b>")
    html = markdown_html(text)
    assert "<script" not in html
    assert "<img" not in html
    assert "<b>" not in html
    assert "<del>" not in html and "<s>" not in html
    assert "<code>" not in html
    # Emphasis: only the brief's own, around the one source's footnote title.
    assert html.count("<em>") == 1 == html.count("<em>=cmd|' /C calc'!A0</em>")
    labels = {"Dataset:", "Filter:", "Events:", "Made:", "Kind:", "Actors:", "Countries:"}
    labels |= {"Places:", "Sources:"}
    assert set(re.findall(r"<strong>(.*?)</strong>", html)) <= labels
    assert "<blockquote>" not in html and "<table>" not in html and "<hr>" not in html[:-200]
    assert "<ul>" not in html
    assert "javascript:" not in re.sub(r"javascript:alert\(1\)|javascript:x", "", html)
    # Links: only footnote references and back-references.
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs and all(h.startswith("#fn") for h in hrefs), hrefs
    # Headings: the title and one per event, nothing from data.
    assert html.count("<h1>") == 1
    assert html.count("<h2>") == len(store)
    assert not re.search(r"<h[3-6]>", html)
    # Nothing lost: each hostile string reads back as itself (entities aside).
    plain = unescape(re.sub(r"<[^>]+>", "", html))
    for hostile in MARKUP:
        assert hostile in plain, hostile


def test_markdown_ordered_list_from_bundled_markup() -> None:
    """The only list in the brief is the footnotes' own."""
    store = hostile_store()
    html = markdown_html(to_markdown(store, store.all_rows()))
    assert html.count("<ol") == 1 and 'class="footnotes-list"' in html


def test_timelinejs_escapes_html_and_keeps_data_exactly() -> None:
    store = hostile_store()
    text = to_timelinejs(store, store.all_rows())
    document = json.loads(text)
    for slide in document["events"]:
        shown = slide["text"]["headline"] + slide["text"]["text"]
        assert "<script" not in shown and "<img" not in shown
        assert "<b>" not in slide["text"]["headline"]
        assert "href=" not in shown
    by_id = {s["unique_id"]: s for s in document["events"]}
    headline = by_id[f"e{HOSTILE.index('<script>alert(1)</script>')}"]["text"]["headline"]
    assert headline == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert document["title"]["text"]["headline"] == "Hostile &lt;b&gt;[x](y)&lt;/b&gt; ␛[31m"
    # The machine-readable block keeps the data exactly (escaped in JSON, not dropped).
    for event in store.events:
        assert Event.model_validate(by_id[event.id][EXTENSION_KEY]) == event


def test_json_keeps_hostile_data_exactly(tmp_path: Path) -> None:
    store = hostile_store()
    target = tmp_path / "hostile.json"
    export_rows(store, store.all_rows(), "json", target)
    raw = target.read_text("utf-8")
    assert_no_unsafe_characters(raw)
    assert "\\u001b" in raw and "\\u202e" in raw and "\\u009b" in raw
    loaded = load_paths([target])
    assert loaded.events == list(store.events)
    assert loaded.actors == dict(store.actors)
    assert loaded.name == store.name


# -- writing: atomic, never over an input ---------------------------------------------------------


def test_export_rows_reports_path_count_and_format(
    bundled_store: EventStore, tmp_path: Path
) -> None:
    rows = bundled_store.query(Query(countries=frozenset({"NZL"})))
    result = export_rows(bundled_store, rows, "md", tmp_path / "sub" / "brief.md", "NZ")
    assert result.path == tmp_path / "sub" / "brief.md"
    assert result.count == len(rows)
    assert result.format is ExportFormat.MARKDOWN
    assert result.path.read_text("utf-8") == to_markdown(bundled_store, rows, "NZ")


def _fail_on_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("tui.core.atomic.os.fsync", fail)


def test_failed_write_leaves_no_file(
    bundled_store: EventStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fail_on_fsync(monkeypatch)
    target = tmp_path / "out.csv"
    with pytest.raises(ExportError, match="No space left on device"):
        export_rows(bundled_store, bundled_store.all_rows(), "csv", target)
    assert list(tmp_path.iterdir()) == []


def test_failed_write_keeps_the_old_file(
    bundled_store: EventStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.md"
    target.write_text("previous export", "utf-8")
    _fail_on_fsync(monkeypatch)
    with pytest.raises(ExportError):
        export_rows(bundled_store, bundled_store.all_rows(), "md", target)
    assert target.read_text("utf-8") == "previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


def test_export_replaces_an_earlier_export(bundled_store: EventStore, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old", "utf-8")
    export_rows(bundled_store, [0], "timelinejs", target)
    assert len(json.loads(target.read_text("utf-8"))["events"]) == 1


def _copy_of_data(tmp_path: Path) -> Path:
    folder = tmp_path / "input"
    folder.mkdir()
    for path in DATA.glob("*.json"):
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


def test_refuses_to_overwrite_an_input_file(bundled_store: EventStore, tmp_path: Path) -> None:
    folder = _copy_of_data(tmp_path)
    source = folder / "article.json"
    before = source.read_bytes()
    for inputs in ([source], [folder]):
        with pytest.raises(
            ExportError, match=r"will not overwrite .*article\.json: it is an input"
        ):
            export_rows(bundled_store, [0], "json", source, inputs=inputs)
    assert source.read_bytes() == before


def test_refuses_an_input_reached_another_way(bundled_store: EventStore, tmp_path: Path) -> None:
    folder = _copy_of_data(tmp_path)
    source = folder / "article.json"
    before = source.read_bytes()
    (tmp_path / "link.json").symlink_to(source)
    (tmp_path / "hard.json").hardlink_to(source)
    for other in (
        tmp_path / "link.json",
        tmp_path / "hard.json",
        folder / ".." / "input" / "article.json",
    ):
        with pytest.raises(ExportError, match="is an input file"):
            export_rows(bundled_store, [0], "csv", other, inputs=[source])
    assert source.read_bytes() == before


def test_refuses_to_write_into_an_input_directory(
    bundled_store: EventStore, tmp_path: Path
) -> None:
    folder = _copy_of_data(tmp_path)
    with pytest.raises(ExportError, match="in the input directory"):
        export_rows(bundled_store, [0], "json", folder / "export.json", inputs=[folder])
    assert not (folder / "export.json").exists()
    load_paths([folder])  # still loads


def test_refuses_a_directory_as_output(bundled_store: EventStore, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="is a directory"):
        export_rows(bundled_store, [0], "csv", tmp_path)


# -- properties -----------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_escaped_line_renders_as_itself(text: str) -> None:
    rendered = markdown_html(escape_line(text))
    assert "<a " not in rendered and "<img" not in rendered
    assert not re.search(r"<(?!/?p>)", rendered.replace("\n", "")), rendered
    expected = one_line(text)
    assert unescape(rendered.removeprefix("<p>").removesuffix("</p>\n")) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1).filter(lambda t: t.strip()))
def test_any_title_is_one_harmless_csv_cell(title: str) -> None:
    dataset = Dataset(name="p")
    dataset.events.append(Event(id="e", title=title, start=PartialDate(2024), kind=EventKind.OTHER))
    store = EventStore.from_dataset(dataset)
    text = to_csv(store, store.all_rows())
    assert_no_unsafe_characters(text.replace("\r\n", "\n"))
    cell = list(csv.reader(io.StringIO(text, newline="")))[1][COLUMNS.index("title")]
    shown = one_line(title.strip())
    assert cell in (shown, "'" + shown)
    assert not cell.lstrip().startswith(("=", "+", "-", "@"))


def test_human_dates_keep_precision_era_and_time() -> None:
    from tui.core.exporters._common import human_date

    assert human_date(PartialDate(2024, 6, 19)) == "19 June 2024"
    assert human_date(PartialDate(2024, 6)) == "June 2024"
    assert human_date(PartialDate(-5410)) == "5410 BCE"
    assert human_date(PartialDate.parse("1896-09-10T12:06")) == "10 September 1896 12:06"
