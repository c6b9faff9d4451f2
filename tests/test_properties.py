"""Property tests: whatever text or JSON arrives, the loader answers with a dataset or its own
LoadError, the country resolver never fails, and a timeline row is exactly its width with no
control character in it."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from tests.unsafe_text import is_harmless
from tui.core.countries import CountryResolver
from tui.core.importers.ours import load_paths
from tui.core.model import Dataset
from tui.core.problems import LoadError
from tui.core.rowtext import row_text, year_separator
from tui.core.textsafe import one_line, visible, visible_lines, without_controls

FAST = settings(max_examples=200, deadline=None)

# Text weighted towards what breaks terminals and layouts, mixed with anything at all.
_NASTY = st.sampled_from(
    [
        "\x1b[2J",
        "\x1b]52;c;ZXZpbA==\x07",
        "\x1b]8;;http://x/\x1b\\",
        "\x9b",
        "\x00",
        "\r\n",
        "\t",
        "\u202e",
        "\u2066",
        "\u200d",
        "\u0301",
        "日本",
        "한국",
        "👨‍👩‍👧‍👦",
        "🇯🇵",
        "[bold red]x[/]",
        "[@click=app.quit]q[/]",
        "[link=file:///etc/passwd]",
        "\ufeff",
        "\u2028",
        "\x85",
        "\ud7ff",
        " ",
    ]
)
TEXT = st.one_of(st.text(), st.lists(st.one_of(_NASTY, st.text(max_size=5))).map("".join))
JSON: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=20,
)
KINDS = st.sampled_from(["meeting", "report", "treaty", "bogus"])
DATES = st.sampled_from(["2024", "2024-06", "2024-06-19", "2024-02-30", "", "x"])


def _event(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "id": draw(st.sampled_from(["e1", "e2", "bad id", ""])),
        "title": draw(TEXT),
        "summary": draw(TEXT),
        "start": draw(DATES),
        "kind": draw(KINDS),
        "tags": draw(st.lists(TEXT, max_size=3)),
        "places": [{"country": draw(st.sampled_from(["JPN", "XXX", "jpn"])), "name": draw(TEXT)}],
    }


@st.composite
def _data_file(draw: st.DrawFn) -> dict[str, Any]:
    """Documents shaped like ours (so validation runs deep), with hostile values."""
    document: dict[str, Any] = {
        "name": draw(TEXT),
        "events": [_event(draw) for _ in range(draw(st.integers(0, 3)))],
    }
    if draw(st.booleans()):
        document[draw(TEXT)] = draw(JSON)
    return document


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as directory:
        yield Path(directory)


def _load(path: Path) -> None:
    try:
        result = load_paths([path])
    except LoadError as error:
        assert error.problems
        assert all(is_harmless(line) for line in error.report().splitlines())
    else:
        assert isinstance(result, Dataset)


@FAST
@given(content=st.binary(max_size=300))
def test_loader_on_any_bytes(scratch: Path, content: bytes) -> None:
    path = scratch / "bytes.json"
    path.write_bytes(content)
    _load(path)


@FAST
@given(content=TEXT)
def test_loader_on_any_text(scratch: Path, content: str) -> None:
    path = scratch / "text.json"
    path.write_text(content, encoding="utf-8", errors="surrogatepass")
    _load(path)


@FAST
@given(document=st.one_of(JSON, _data_file()))
def test_loader_on_any_json(scratch: Path, document: Any) -> None:
    path = scratch / "any.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    _load(path)


RESOLVER = CountryResolver({"Pyongyang": "PRK", "[bold]Ni[/]": "NZL"})


@FAST
@given(text=TEXT)
def test_country_resolver_on_any_text(text: str) -> None:
    found = RESOLVER.resolve(text)
    assert found is None or len(found.code) == 3
    for suggestion in RESOLVER.suggest(text):
        assert len(suggestion.country.code) == 3


@FAST
@example(title="\u200d", date_label="", highlight="", countries=[], width=16, kind="meeting")
@example(title="", date_label="", highlight="", countries=["\u200d"], width=54, kind="meeting")
@given(
    title=TEXT,
    date_label=TEXT,
    highlight=TEXT,
    countries=st.lists(st.one_of(st.sampled_from(["JPN", "NZL", "PRK"]), TEXT), max_size=5),
    width=st.integers(min_value=1, max_value=200),
    kind=st.one_of(KINDS, TEXT),
)
def test_row_text_is_its_width_and_harmless(
    title: str, date_label: str, highlight: str, countries: list[str], width: int, kind: str
) -> None:
    text = row_text(
        date_label=date_label,
        date_width=10,
        kind=kind,
        title=title,
        countries=tuple(countries),
        width=width,
        highlight=highlight,
    )
    assert cell_len(text.plain) == width
    assert "\n" not in text.plain
    assert is_harmless(text.plain)


@FAST
@given(year=st.integers(1, 9999), width=st.integers(0, 200))
def test_year_separator_is_its_width(year: int, width: int) -> None:
    assert cell_len(year_separator(year, width).plain) == width


@FAST
@given(text=TEXT)
def test_textsafe_functions_leave_nothing_unsafe(text: str) -> None:
    shown = visible(text)
    assert is_harmless(shown)
    # one stand-in per unsafe character; every other character kept as it was
    assert len(shown) == len(text)
    assert all(a == b for a, b in zip(text, shown, strict=True) if is_harmless(a))
    assert is_harmless(one_line(text))
    assert "\n" not in one_line(text)
    assert all(is_harmless(line) for line in visible_lines(text).split("\n"))
    assert is_harmless(without_controls(text))
