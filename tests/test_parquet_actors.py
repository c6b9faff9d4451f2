"""A Parquet file written by ``convert`` carries the dataset's actor table (kinds, countries,
roles, aliases) in its footer; the store over it has the same actors as the data in memory.
A file without the table opens with names only; a damaged table is a message."""

from __future__ import annotations

import json
import time
from pathlib import Path

import duckdb
import pytest
from textual.pilot import Pilot

from tests.conftest import DATA
from tests.shown import screen_text
from tui.cli import main
from tui.core.backends import actor_table
from tui.core.backends.our_columns import ACTORS_KEY, ORDERED_KEY, ORDERED_VALUE
from tui.core.backends.parquet_files import kv_metadata
from tui.core.backends.schema import write_parquet
from tui.core.importers.ours import load_paths
from tui.core.loading import OpenResult, ProgressCallback, open_store
from tui.core.model import Actor, ActorKind
from tui.core.pages import actor_page
from tui.core.parquet_store import open_parquet_store
from tui.core.problems import LoadError
from tui.core.store import EventStore
from tui.ui.app import TimelineApp
from tui.ui.screens.page import PageScreen


@pytest.fixture(scope="module")
def memory() -> EventStore:
    return EventStore.from_dataset(load_paths([DATA]))


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("parquet") / "bundled.parquet"
    assert main(["convert", str(DATA), "-o", str(path)]) == 0
    return path


def copy_with_metadata(source: Path, target: Path, metadata: dict[str, str], where: str) -> Path:
    """The rows of ``source`` matching ``where``, in order, with this key/value metadata."""
    with duckdb.connect() as connection:
        connection.execute(
            f"COPY (SELECT * FROM '{source}' WHERE {where} ORDER BY seq) TO '{target}' "
            f"(FORMAT parquet, KV_METADATA {kv_metadata(metadata)})"
        )
    return target


def with_table(source: Path, target: Path, table: object, where: str = "true") -> Path:
    metadata = {ORDERED_KEY: ORDERED_VALUE, ACTORS_KEY: json.dumps(table)}
    return copy_with_metadata(source, target, metadata, where)


def dumped(store: EventStore, *ids: str) -> list[dict[str, object]]:
    return [store.actors[key].model_dump(mode="json") for key in ids]


def test_the_actors_come_back_as_they_are_in_memory(converted: Path, memory: EventStore) -> None:
    store = open_parquet_store(converted)
    kishida = store.actors["fumio-kishida"]
    assert (kishida.name, kishida.kind, kishida.country) == (
        "Fumio Kishida",
        ActorKind.PERSON,
        "JPN",
    )
    assert "Kishida Fumio" in kishida.aliases
    north_korea = store.actors["north-korea"]
    assert (north_korea.kind, north_korea.country) == (ActorKind.STATE, "PRK")
    assert "Democratic People's Republic of Korea" in north_korea.aliases  # a quote, kept
    # Every actor the bundled events name, field for field.
    assert dict(store.actors) == dict(memory.actors)
    facts = dict(actor_page(store, "fumio-kishida").facts)
    assert facts["Kind"] == "person"
    assert facts["Country"] == "Japan (JPN)"


def test_names_that_need_quoting_survive(tmp_path: Path, memory: EventStore) -> None:
    store = EventStore.from_dataset(load_paths([DATA]))
    hostile = "O'Brien \\ \"the\" 𝕏 '' \\'"
    store.actors = {
        **store.actors,
        "japan": Actor(id="japan", name=hostile, kind=ActorKind.STATE, country="JPN"),
    }
    path = tmp_path / "quoted.parquet"
    write_parquet(store, path)
    assert open_parquet_store(path).actors["japan"].name == hostile


async def test_the_palette_goes_to_an_actor_of_a_parquet_file(converted: Path) -> None:
    def opener(progress: ProgressCallback | None = None) -> OpenResult:
        return open_store([converted], progress=progress, require_events=True)

    app = TimelineApp(opener=opener, source_label=converted.name, blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("ctrl+p", *"Kishida")
        await until_shown(pilot, "Go to actor: Fumio Kishida")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PageScreen)
        assert app.screen.page.key == "fumio-kishida"
        assert "Prime Minister of Japan" in screen_text(app)  # his role: from the table


async def until_shown(pilot: Pilot[None], literal: str, seconds: float = 30.0) -> None:
    """The palette gathers its hits in a worker: wait for them (or fail after a while)."""
    deadline = time.monotonic() + seconds
    while literal not in screen_text(pilot.app):
        assert time.monotonic() < deadline, f"{literal!r} never shown:\n{screen_text(pilot.app)}"
        await pilot.pause(0.05)


def test_a_file_without_the_table_has_names_only(converted: Path, tmp_path: Path) -> None:
    path = copy_with_metadata(converted, tmp_path / "other.parquet", {}, "true")
    store = open_parquet_store(path)
    assert dict(store.actors) == {}
    assert store.actor_name("fumio-kishida") == "Fumio Kishida"  # from the rows


def test_a_table_too_big_is_left_out_and_said(
    tmp_path: Path, memory: EventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(actor_table, "ACTOR_TABLE_CAP", 100)
    notes: list[str] = []
    path = tmp_path / "capped.parquet"
    write_parquet(memory, path, note=notes.append)
    assert len(notes) == 1 and "27 actors" in notes[0]
    store = open_parquet_store(path)
    assert dict(store.actors) == {}
    assert store.actor_name("fumio-kishida") == "Fumio Kishida"


def test_a_damaged_table_names_the_file_the_key_and_every_problem(
    converted: Path, tmp_path: Path, memory: EventStore
) -> None:
    table = dumped(memory, "japan", "fumio-kishida", "vladimir-putin", "russia")
    table[0] = {**table[0], "country": None}  # a state without its country
    table[1] = {**table[1], "kind": "robot"}
    table[2] = {**table[2], "country": "XXX"}
    table[3] = {**table[3], "colour": "red"}
    path = with_table(converted, tmp_path / "damaged.parquet", table)
    with pytest.raises(LoadError) as caught:
        open_store([path])
    lines = str(caught.value).splitlines()
    assert len(lines) == 4
    assert all(line.startswith(f"{path}: {ACTORS_KEY}[") for line in lines)
    assert "actor 'japan': a state actor needs its own country code" in lines[0]
    assert "actor 'fumio-kishida'" in lines[1] and '"robot"' in lines[1]
    assert "'XXX' is not an ISO 3166-1 alpha-3 country code" in lines[2]
    assert f"{ACTORS_KEY}[3].colour: actor 'russia': unknown field" in lines[3]


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("[{", "not JSON: "),
        ('{"japan": {}}', "must be a JSON array of actors, not an object"),
        ("[1]", "[0]: Input should be a valid dictionary"),
    ],
)
def test_a_table_of_the_wrong_shape_is_a_message(
    converted: Path, tmp_path: Path, value: str, said: str
) -> None:
    metadata = {ORDERED_KEY: ORDERED_VALUE, ACTORS_KEY: value}
    path = copy_with_metadata(converted, tmp_path / "shape.parquet", metadata, "true")
    with pytest.raises(LoadError) as caught:
        open_parquet_store(path)
    assert str(caught.value).startswith(f"{path}: {ACTORS_KEY}")
    assert said in str(caught.value)


def test_a_directory_merges_the_tables_of_its_parts(
    converted: Path, tmp_path: Path, memory: EventStore
) -> None:
    folder = tmp_path / "parts"
    folder.mkdir()
    # Japan in both parts, defined the same: no conflict.
    with_table(
        converted, folder / "a.parquet", dumped(memory, "japan", "fumio-kishida"), "seq < 10"
    )
    with_table(converted, folder / "b.parquet", dumped(memory, "japan", "russia"), "seq >= 10")
    store = open_parquet_store(folder)
    assert len(store) == 25
    assert sorted(store.actors) == ["fumio-kishida", "japan", "russia"]
    assert store.actors["russia"] == memory.actors["russia"]


def test_one_actor_defined_two_ways_in_a_directory_names_both_files(
    converted: Path, tmp_path: Path, memory: EventStore
) -> None:
    folder = tmp_path / "parts"
    folder.mkdir()
    renamed = [{**dumped(memory, "japan")[0], "name": "Nippon"}]
    first = with_table(converted, folder / "a.parquet", dumped(memory, "japan"), "seq < 10")
    second = with_table(converted, folder / "b.parquet", renamed, "seq >= 10")
    with pytest.raises(LoadError) as caught:
        open_store([folder])
    assert str(caught.value) == (
        f"{second}: {ACTORS_KEY}[0]: actor 'japan' is defined otherwise in {first}"
    )
