"""The one query builder for every SQL backend: each question is built once as a sqlglot
expression tree and rendered to the engine's dialect (DuckDB, BigQuery, or any sqlglot knows).

A :class:`SqlSource` says how one table answers: its FROM, the WHERE conditions of a query,
the key that orders events in time, the columns of a row and of a detail, and how a facet is
counted. The builder puts these into the same shapes for every source. Values always enter
the tree as literals (sqlglot quotes them for the dialect), never as pasted SQL text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlglot import exp

from tui.core.backends.base import Bucket, EventDetail, EventRow, Facet
from tui.core.store import Query

Record = Mapping[str, Any]


class SqlSource(Protocol):
    def table(self) -> exp.Expr: ...

    def conditions(self, query: Query) -> list[exp.Expr]:
        """What a row must satisfy (combined with AND); the source may add its own (a
        partition filter) whatever the query."""
        ...

    def start_key(self) -> exp.Expr:
        """The start date as a sort key (YYYYMMDD, 00 for unknown parts)."""
        ...

    def end_key(self) -> exp.Expr | None:
        """The end date as a sort key, 0 for none; None when no event of the source has one."""
        ...

    def approximate(self) -> exp.Expr:
        """True when the event's date is marked approximate."""
        ...

    def event_key(self) -> exp.Expr:
        """A value unique to each event (pairs of actors are counted per event by it)."""
        ...

    def order(self) -> list[exp.Expr]: ...

    def row_columns(self) -> list[exp.Expr]: ...

    def to_row(self, record: Record) -> EventRow: ...

    def detail_columns(self) -> list[exp.Expr]: ...

    def to_detail(self, record: Record) -> EventDetail: ...

    def id_condition(self, event_id: str) -> exp.Expr | None:
        """The condition picking one event, or None when no event can have that id."""
        ...

    def facet_plan(self, facet: Facet) -> FacetPlan: ...

    def window_key(self) -> exp.Column | None:
        """A unique integer column in time order, when the source has one: windows are then
        found on that column alone and only their rows are read (see keys_sql)."""
        ...

    def facet_labels(self, facet: Facet, group: Record) -> tuple[str, ...]:
        """For a grouped facet: the labels of one group (keys g0, g1, ...)."""
        ...


@dataclass(frozen=True)
class FacetPlan:
    """How a facet is counted: ``unnest`` counts the labels of an array column in SQL,
    ``scalar`` those of a one-label column; otherwise rows are grouped by ``group`` and the
    source's ``facet_labels`` turns each group into labels in Python (for codes only Python
    can translate, as GDELT's)."""

    unnest: exp.Expr | None = None
    scalar: exp.Expr | None = None
    group: tuple[exp.Expr, ...] = ()
    # Pairs of labels (sqltime.pair_counts_sql) unnest in the select list, not as a lateral
    # join: DuckDB joins the lateral form to itself 20 times slower; BigQuery has only that.
    unnest_in_select: bool = False


def where(select: exp.Select, conditions: Sequence[exp.Expr]) -> exp.Select:
    """The select with every condition ANDed into its WHERE."""
    if not conditions:
        return select
    return select.where(exp.and_(*conditions, wrap=False), copy=False)


def _where(select: exp.Select, source: SqlSource, query: Query) -> exp.Select:
    return where(select, source.conditions(query))


def _wrapped(a: exp.Expr) -> exp.Expr:
    """Parentheses around a compound operand (sqlglot renders the tree as built)."""
    return a if isinstance(a, exp.Column | exp.Literal | exp.Paren) else exp.paren(a, copy=False)


def count_sql(source: SqlSource, query: Query) -> exp.Select:
    select = exp.select(exp.Count(this=exp.Star()).as_("n")).from_(source.table())
    return _where(select, source, query)


def window_sql(source: SqlSource, query: Query, offset: int, limit: int) -> exp.Select:
    select = exp.select(*source.row_columns()).from_(source.table())
    select = _where(select, source, query).order_by(*source.order())
    return select.limit(max(limit, 0)).offset(max(offset, 0))


def keys_sql(
    source: SqlSource, query: Query, key: exp.Column, offset: int, limit: int, *, stored: bool
) -> exp.Select:
    """The keys of a window: a sort of one narrow column, not of whole rows; no sort at all
    when the rows are ``stored`` in key order (the engine then keeps that order)."""
    select = _where(exp.select(key.copy()).from_(source.table()), source, query)
    if not stored:
        select = select.order_by(key.copy())
    return select.limit(max(limit, 0)).offset(max(offset, 0))


def rows_by_key_sql(source: SqlSource, key: exp.Column, keys: Sequence[int]) -> exp.Select:
    """The rows of the given keys; the range lets the engine skip row groups outside it."""
    low, high = min(keys), max(keys)
    select = exp.select(*source.row_columns()).from_(source.table())
    in_range = exp.Between(this=key.copy(), low=_int(low), high=_int(high))
    chosen = exp.In(this=key.copy(), expressions=[_int(k) for k in keys])
    return select.where(exp.and_(in_range, chosen, wrap=False)).order_by(key.copy())


def span_sql(source: SqlSource, query: Query) -> exp.Select:
    key = source.start_key()
    select = exp.select(
        exp.Min(this=key.copy()).as_("first_key"), exp.Max(this=key.copy()).as_("last_key")
    ).from_(source.table())
    return _where(select, source, query)


def buckets_sql(source: SqlSource, query: Query, unit: Bucket) -> exp.Select:
    select = exp.select(
        bucket_expression(source.start_key(), unit).as_("bucket"),
        exp.Count(this=exp.Star()).as_("n"),
    ).from_(source.table())
    select = _where(select, source, query)
    return select.group_by(exp.column("bucket")).order_by(exp.column("bucket"))


def facet_sql(source: SqlSource, query: Query, facet: Facet, limit: int | None) -> exp.Select:
    plan = source.facet_plan(facet)
    count = exp.Count(this=exp.Star()).as_("n")
    label = exp.column("label")
    if plan.unnest is not None or plan.scalar is not None:
        select = exp.select(label if plan.scalar is None else plan.scalar.as_("label"), count)
        select = select.from_(source.table())
        if plan.unnest is not None:
            unnest = exp.Unnest(
                expressions=[plan.unnest],
                alias=exp.TableAlias(this=exp.to_identifier("facet"), columns=[label.copy()]),
            )
            select = select.join(unnest, join_type="CROSS")
        select = _where(select, source, query).where(
            exp.Not(this=exp.Is(this=label.copy(), expression=exp.Null()))
        )
        select = select.group_by(label.copy()).order_by(
            exp.Ordered(this=exp.column("n"), desc=True), label.copy()
        )
        return select if limit is None else select.limit(max(limit, 0))
    columns = [g.as_(f"g{i}") for i, g in enumerate(plan.group)]
    select = _where(exp.select(*columns, count).from_(source.table()), source, query)
    return select.group_by(*(exp.column(f"g{i}") for i in range(len(columns))))


def detail_sql(source: SqlSource, event_id: str) -> exp.Select | None:
    condition = source.id_condition(event_id)
    if condition is None:
        return None
    select = exp.select(*source.detail_columns()).from_(source.table())
    # The source's own conditions (a partition filter) hold for a lookup by id too.
    conditions = [*source.conditions(Query()), condition]
    return select.where(exp.and_(*conditions, wrap=False), copy=False).limit(1)


# -- the time axis in SQL (the same buckets as tui.core.backends.base.bucket_values) --------------


def _int(value: int) -> exp.Expr:
    return exp.Literal.number(value)


def _div(a: exp.Expr, b: int) -> exp.Expr:
    return exp.IntDiv(this=_wrapped(a), expression=_int(b))


def _mod(a: exp.Expr, b: int) -> exp.Expr:
    return exp.Mod(this=_wrapped(a), expression=_int(b))


def _at_least_one(a: exp.Expr) -> exp.Expr:
    """A month or day part, with 00 (unknown) counted as 1: where such a date sorts."""
    return exp.Case(ifs=[exp.If(this=exp.LT(this=a, expression=_int(1)), true=_int(1))], default=a)


def bucket_expression(key: exp.Expr, unit: Bucket) -> exp.Expr:
    year = _div(key.copy(), 10000)
    month = _at_least_one(_mod(_div(key.copy(), 100), 100))
    day = _at_least_one(_mod(key.copy(), 100))
    if unit is Bucket.YEAR:
        return year
    if unit is Bucket.QUARTER:
        return exp.Add(
            this=exp.Mul(this=year, expression=_int(10)),
            expression=exp.Add(
                this=_div(exp.Sub(this=month, expression=_int(1)), 3), expression=_int(1)
            ),
        )
    if unit is Bucket.MONTH:
        return exp.Add(this=exp.Mul(this=year, expression=_int(100)), expression=month)
    if unit is Bucket.DAY:
        return exp.Add(
            this=exp.Add(
                this=exp.Mul(this=year, expression=_int(10000)),
                expression=exp.Mul(this=month, expression=_int(100)),
            ),
            expression=day,
        )
    ordinal = _ordinal(year, month, day)
    return exp.Sub(
        this=ordinal, expression=_mod(exp.Sub(this=ordinal.copy(), expression=_int(1)), 7)
    )


def _ordinal(year: exp.Expr, month: exp.Expr, day: exp.Expr) -> exp.Expr:
    """date.toordinal() in integer arithmetic alone (H. Hinnant's days_from_civil): no date
    functions, whose names and week rules differ between engines."""
    early = exp.Case(
        ifs=[exp.If(this=exp.LTE(this=month.copy(), expression=_int(2)), true=_int(1))],
        default=_int(0),
    )
    y = exp.paren(exp.Sub(this=year, expression=early), copy=False)
    era = _div(y.copy(), 400)
    year_of_era = exp.paren(
        exp.Sub(this=y.copy(), expression=exp.Mul(this=era.copy(), expression=_int(400))),
        copy=False,
    )
    shifted_month = _mod(exp.Add(this=month, expression=_int(9)), 12)
    day_of_year = exp.Add(
        this=_div(
            exp.Add(this=exp.Mul(this=_int(153), expression=shifted_month), expression=_int(2)), 5
        ),
        expression=exp.Sub(this=day, expression=_int(1)),
    )
    day_of_era = exp.Add(
        this=exp.Sub(
            this=exp.Add(
                this=exp.Mul(this=year_of_era.copy(), expression=_int(365)),
                expression=_div(year_of_era.copy(), 4),
            ),
            expression=_div(year_of_era.copy(), 100),
        ),
        expression=day_of_year,
    )
    # Days from 0000-03-01; ordinal 1 is 0001-01-01, 306 days later.
    days = exp.Add(this=exp.Mul(this=era, expression=_int(146097)), expression=day_of_era)
    return exp.paren(exp.Sub(this=days, expression=_int(305)), copy=False)


def render(select: exp.Expr, dialect: str, *, pretty: bool = False) -> str:
    return select.sql(dialect=dialect, pretty=pretty)


def literal_list(values: Sequence[str]) -> list[exp.Expr]:
    return [exp.Literal.string(v) for v in values]
