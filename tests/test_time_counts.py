"""The in-memory backend's answers to the time views' protocol (TimeViewBackend), counted by
hand from data/*.json: the KN-23 report is dated only to January 2024, the missiles run from
30 December 2023 to 2 January 2024, Putin's visit from 18 to 19 June 2024."""

from __future__ import annotations

from tui.core.backends.base import Bucket
from tui.core.backends.memory import MemoryBackend
from tui.core.store import EventStore, Query


def counts_at(backend: MemoryBackend, value: int, unit: Bucket) -> tuple[int, int, int]:
    found = backend.bucket_counts(Query(), unit)
    [index] = [i for i, v in enumerate(found.values.tolist()) if v == value]
    return (
        int(found.placed[index]),
        int(found.approximate[index]),
        int(found.coarse[index]),
    )


def test_a_month_only_date_is_placed_in_its_month_and_coarse_on_its_first_day(
    bundled_store: EventStore,
) -> None:
    backend = MemoryBackend(bundled_store)
    # January 2024: the KN-23 report (2024-01) and the US statement (2024-01-04).
    assert counts_at(backend, 202401, Bucket.MONTH) == (2, 0, 0)
    assert counts_at(backend, 20240101, Bucket.DAY) == (0, 0, 1)
    assert counts_at(backend, 20240104, Bucket.DAY) == (1, 0, 0)
    assert counts_at(backend, 2024, Bucket.YEAR) == (10, 0, 0)
    # Empty buckets are left out: nothing is dated in 2008.
    assert 2008 not in backend.bucket_counts(Query(), Bucket.YEAR).values.tolist()


def test_spans_are_grouped_by_their_first_and_last_buckets(bundled_store: EventStore) -> None:
    backend = MemoryBackend(bundled_store)

    def spans(unit: Bucket) -> list[tuple[int, int, int]]:
        found = backend.span_counts(Query(), unit)
        columns = (found.first.tolist(), found.last.tolist(), found.count.tolist())
        return list(zip(*columns, strict=True))

    assert spans(Bucket.DAY) == [(20231230, 20240102, 1), (20240618, 20240619, 1)]
    assert spans(Bucket.MONTH) == [(202312, 202401, 1)]  # the visit is within June
    assert spans(Bucket.YEAR) == [(2023, 2024, 1)]


def test_the_old_bucket_question_is_placed_plus_coarse(bundled_store: EventStore) -> None:
    backend = MemoryBackend(bundled_store)
    days = {day.isoformat(): n for day, n in backend.buckets(Query(), Bucket.DAY)}
    assert days["2024-01-01"] == 1  # the KN-23 report sorts on the 1st
    assert days["2024-06-19"] == 2  # the treaty and the summit


def test_actor_pairs_through_the_protocol(bundled_store: EventStore) -> None:
    backend = MemoryBackend(bundled_store)
    assert backend.pair_counts(Query(), 2) == [
        ("north-korea", "russia", 8),
        ("fumio-kishida", "japan", 4),
    ]
    putin = backend.pair_counts(Query(actor="vladimir-putin"))
    assert putin[:1] == [("kim-jong-un", "north-korea", 2)]
    assert sum(n for _, _, n in putin) == 12  # two events of four actors: six pairs each


def test_an_axis_of_no_event_has_no_bucket(bundled_store: EventStore) -> None:
    from tui.core.periods import Zoom
    from tui.core.timeaxis import axis

    nothing = axis(MemoryBackend(bundled_store), Query(countries=frozenset({"ATA"})), Zoom.DAY)
    assert len(nothing) == 0
