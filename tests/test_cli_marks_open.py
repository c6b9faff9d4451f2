"""Opening with `--starred`, `--tag`, `--fresh` and `--view NAME` (issue 15 items 4-6): the
command line hands them to the app; list, axis and lanes keep their meaning, any other --view
is a saved view's name."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import DATA
from tui.cli import _open_parser, main
from tui.core.annotations import AnnotationStore
from tui.core.importers.ours import load_paths
from tui.core.store import EventStore
from tui.ui.app import TimelineApp
from tui.ui.widgets.timeline import TimelineView

SUMMIT = "kishida-luxon-tokyo-summit"


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[tuple[TimelineApp, dict[str, Any]]]:
    """Each app the command line makes, with the arguments it was given; none is run."""
    made: list[tuple[TimelineApp, dict[str, Any]]] = []
    original = TimelineApp.__init__

    def recording(app: TimelineApp, *args: Any, **kwargs: Any) -> None:
        original(app, *args, **kwargs)
        made.append((app, kwargs))

    monkeypatch.setattr(TimelineApp, "__init__", recording)
    monkeypatch.setattr(TimelineApp, "run", lambda app, *_, **__: None)
    return made


def test_marks_and_fresh_go_to_the_app(opened: list[tuple[TimelineApp, dict[str, Any]]]) -> None:
    assert main(["--starred", "--tag", "nz", "--tag", " to  check ", "--tag", "nz", "--fresh"]) == 0
    [(app, given)] = opened
    assert given["starred"] is True
    assert given["tags"] == ["nz", "to check"]  # as the store keeps tags, each once
    assert (given["fresh"], app.fresh) == (True, True)
    assert (given["view"], given["saved_view"]) == ("list", None)


def test_without_them_nothing_is_asked(opened: list[tuple[TimelineApp, dict[str, Any]]]) -> None:
    assert main([]) == 0
    [(_, given)] = opened
    assert (given["starred"], given["tags"], given["fresh"]) == (False, [], False)


@pytest.mark.parametrize(
    ("typed", "view", "saved"),
    [
        ("axis", "axis", None),
        ("Lanes", "lanes", None),  # the built-in names in any case
        ("list", "list", None),
        ("NZ  since June", "list", "NZ since June"),  # a saved view, its name as the app saves it
        ("timeline", "list", "timeline"),
    ],
)
def test_view_takes_a_built_in_view_or_a_saved_one(
    opened: list[tuple[TimelineApp, dict[str, Any]]], typed: str, view: str, saved: str | None
) -> None:
    assert main(["--view", typed]) == 0
    [(app, given)] = opened
    assert (given["view"], given["saved_view"], app.saved_view) == (view, saved, saved)


def test_an_empty_view_or_tag_is_a_usage_error(
    opened: list[tuple[TimelineApp, dict[str, Any]]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--view", "  "]) == 2
    assert "--view needs list, axis, lanes or the name of a saved view" in capsys.readouterr().err
    assert main(["--tag", ""]) == 2
    assert "--tag: a tag cannot be empty" in capsys.readouterr().err
    assert opened == []


def test_help_names_the_new_options() -> None:
    text = _open_parser().format_help()
    for option in ("--starred", "--tag TAG", "--fresh", "--view VIEW"):
        assert option in text
    assert "the NAME of a view you saved" in " ".join(text.split())


async def test_starred_opens_on_the_starred_events(
    opened: list[tuple[TimelineApp, dict[str, Any]]],
) -> None:
    store = EventStore.from_dataset(load_paths([DATA]))
    with AnnotationStore() as annotation_store:
        annotation_store.dataset(store.name, store.columns.ids).set_star(SUMMIT)
    assert main([str(DATA), "--starred"]) == 0
    [(app, _)] = opened
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()  # the annotations open in a worker
        await pilot.pause()
        rows = app.screen.query_one(TimelineView).rows
        assert [app.store.columns.ids[int(r)] for r in rows] == [SUMMIT]
