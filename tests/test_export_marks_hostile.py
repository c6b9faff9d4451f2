"""The analyst's notes and tags are text like the data: whatever they hold, the brief renders it
as text inside the analyst's own block quote, TimelineJS as escaped HTML, the CSV as cells a
spreadsheet does not run, and our JSON keeps it exactly with no raw control character."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from tests.export_stores import FORMULAS, HOSTILE, MARKUP, assert_no_unsafe_characters
from tests.export_stores import hostile_store as make_hostile_store
from tui.core.exporters import export_rows, render
from tui.core.exporters.marks import ExportMarks
from tui.core.exporters.timelinejs import EXTENSION_KEY
from tui.core.importers.ours import load_paths
from tui.core.model import AnalystMarks


def hostile_marks() -> ExportMarks:
    """Every event starred, a hostile note (two lines) and a hostile tag on each."""
    notes = {f"e{i}": f"{text}\n{text} again" for i, text in enumerate(HOSTILE)}
    tags = {f"e{i}": (f"{text} tag",) for i, text in enumerate(HOSTILE)}
    return ExportMarks(frozenset(notes), notes, tags)


def markdown_html(text: str) -> str:
    """HTML as GitHub-flavoured renderers would make it (as tests/test_export.py renders)."""
    md = MarkdownIt("gfm-like").use(footnote_plugin)
    assert md.linkify is not None
    md.linkify.set({"fuzzy_link": False})
    return str(md.render(text))


def test_the_brief_quotes_hostile_notes_as_text() -> None:
    store = make_hostile_store()
    html = markdown_html(render(store, store.all_rows(), "md", marks=hostile_marks()))
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    # One block quote per event, each the analyst's note and nothing else's.
    assert html.count("<blockquote>") == len(HOSTILE)  # none nested: "> quoted" stays text
    quotes = re.findall(r"<blockquote>\n(.*?)</blockquote>", html, re.DOTALL)
    assert len(quotes) == len(HOSTILE)
    assert all(q.startswith("<p><strong>Analyst's note</strong></p>") for q in quotes)
    assert "<ul>" not in html and "<table>" not in html
    assert html.count("<h1>") == 1 and html.count("<h2>") == len(store)
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert all(h.startswith("#fn") for h in hrefs), hrefs
    plain = unescape(re.sub(r"<[^>]+>", "", html))
    for text in MARKUP:
        assert f"{text} again" in plain, text  # the note reads back as written
        assert f"{text} tag" in plain, text


def test_timelinejs_escapes_hostile_notes() -> None:
    store = make_hostile_store()
    marks = hostile_marks()
    document = json.loads(render(store, store.all_rows(), "timelinejs", marks=marks))
    for slide in document["events"]:
        shown = slide["text"]["text"]
        assert "<script" not in shown and "<img" not in shown and "href=" not in shown
        assert_no_unsafe_characters(shown)
        # The slide's own copy of the event keeps the note exactly, for an importer.
        assert slide[EXTENSION_KEY]["analyst"]["note"] == marks.notes[slide["unique_id"]]
    by_id = {slide["unique_id"]: slide for slide in document["events"]}
    script = f"e{HOSTILE.index('<script>alert(1)</script>')}"
    assert (
        "<blockquote><p><b>Analyst's note</b></p><p>&lt;script&gt;alert(1)&lt;/script&gt;<br>"
        "&lt;script&gt;alert(1)&lt;/script&gt; again</p></blockquote>"
    ) in by_id[script]["text"]["text"]


def test_csv_cells_of_hostile_notes_are_not_formulas() -> None:
    store = make_hostile_store()
    rows = list(
        csv.DictReader(
            io.StringIO(render(store, store.all_rows(), "csv", marks=hostile_marks()), newline="")
        )
    )
    by_id = {row["id"]: row for row in rows}
    for i, text in enumerate(FORMULAS):
        assert by_id[f"e{i}"]["analyst_note"] == f"'{text}\n{text} again"
        assert by_id[f"e{i}"]["tags"] == f"'{text} tag"
    for i in range(len(FORMULAS) + len(MARKUP), len(HOSTILE)):  # the control characters
        assert_no_unsafe_characters(by_id[f"e{i}"]["analyst_note"])


def test_our_json_keeps_hostile_notes_exactly(tmp_path: Path) -> None:
    store = make_hostile_store()
    marks = hostile_marks()
    target = tmp_path / "hostile.json"
    export_rows(store, store.all_rows(), "json", target, marks=marks)
    assert_no_unsafe_characters(target.read_text("utf-8"))
    for event in load_paths([target]).events:
        assert event.analyst == AnalystMarks(
            starred=True,
            tags=[" ".join(marks.tags[event.id][0].split())],
            note=marks.notes[event.id],
        )
