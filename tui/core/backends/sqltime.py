"""The time views' questions in SQL (TimeViewBackend's bucket_counts, span_counts and
pair_counts), built with the one sqlglot builder so every engine's dialect gets the same
shapes. Only portable SQL: SUM(CASE ...) rather than FILTER or COUNT_IF, conditions repeated
in WHERE rather than select aliases in HAVING (BigQuery allows neither the same way)."""

from __future__ import annotations

from sqlglot import exp

from tui.core.backends.base import Bucket, Facet
from tui.core.backends.sqlbuild import SqlSource, bucket_expression, where
from tui.core.store import Query


def _int(value: int) -> exp.Expr:
    return exp.Literal.number(value)


def fine_condition(key: exp.Expr, unit: Bucket) -> exp.Expr:
    """Not :func:`~tui.core.backends.base.coarser_than_bucket`: the key is dated at least as
    finely as the unit (any date for years; the month for quarters and months; the day for
    weeks and days)."""
    if unit is Bucket.YEAR:
        return exp.true()
    if unit in (Bucket.QUARTER, Bucket.MONTH):
        part = exp.Mod(
            this=exp.paren(exp.IntDiv(this=key, expression=_int(100)), copy=False),
            expression=_int(100),
        )
    else:
        part = exp.Mod(this=key, expression=_int(100))
    return exp.NEQ(this=part, expression=_int(0))


def _tally(condition: exp.Expr) -> exp.Expr:
    """How many rows of the group satisfy the condition."""
    case = exp.Case(ifs=[exp.If(this=condition, true=_int(1))], default=_int(0))
    return exp.Sum(this=case)


def bucket_counts_sql(source: SqlSource, query: Query, unit: Bucket) -> exp.Select:
    key = source.start_key()
    fine = fine_condition(key.copy(), unit)
    rough = exp.and_(fine.copy(), source.approximate(), wrap=True)
    select = exp.select(
        bucket_expression(key.copy(), unit).as_("bucket"),
        _tally(fine.copy()).as_("placed"),
        _tally(rough).as_("rough"),
        _tally(exp.Not(this=exp.paren(fine.copy(), copy=False))).as_("coarse"),
    ).from_(source.table())
    select = where(select, source.conditions(query))
    return select.group_by(exp.column("bucket")).order_by(exp.column("bucket"))


def span_counts_sql(source: SqlSource, query: Query, unit: Bucket) -> exp.Select | None:
    """None when the source's events have no ends (no query needed: no spans)."""
    end = source.end_key()
    if end is None:
        return None
    start = source.start_key()
    first = bucket_expression(start.copy(), unit)
    last = bucket_expression(end.copy(), unit)
    select = exp.select(
        first.as_("first_bucket"), last.as_("last_bucket"), exp.Count(this=exp.Star()).as_("n")
    ).from_(source.table())
    conditions = [
        *source.conditions(query),
        exp.NEQ(this=end.copy(), expression=_int(0)),
        fine_condition(start.copy(), unit),
        exp.GT(this=last.copy(), expression=first.copy()),
    ]
    select = where(select, conditions)
    by = (exp.column("first_bucket"), exp.column("last_bucket"))
    return select.group_by(*by).order_by(*(c.copy() for c in by))


def pair_counts_sql(source: SqlSource, query: Query, limit: int | None) -> exp.Select:
    """Per pair of distinct actors of one event, the events holding both (the source's
    ACTORS facet must be an array column: ``FacetPlan.unnest``)."""
    plan = source.facet_plan(Facet.ACTORS)
    if plan.unnest is None:
        raise ValueError("pairs in SQL need the actors as an array column")
    label = exp.column("label")
    event = source.event_key().as_("event")
    if plan.unnest_in_select:
        unnested = exp.Unnest(expressions=[plan.unnest.copy()]).as_("label")
        labelled = exp.select(event, unnested).from_(source.table())
    else:
        unnest = exp.Unnest(
            expressions=[plan.unnest.copy()],
            alias=exp.TableAlias(this=exp.to_identifier("facet"), columns=[label.copy()]),
        )
        labelled = exp.select(event, label.copy()).from_(source.table())
        labelled = labelled.join(unnest, join_type="CROSS")
    # One row per event and label: a label named twice in an event pairs once.
    labelled = where(labelled, source.conditions(query)).distinct()
    same_event = exp.EQ(this=exp.column("event", "a"), expression=exp.column("event", "b"))
    ordered = exp.LT(this=exp.column("label", "a"), expression=exp.column("label", "b"))
    select = (
        exp.select(
            exp.column("label", "a").as_("lesser"),
            exp.column("label", "b").as_("greater"),
            exp.Count(this=exp.Star()).as_("n"),
        )
        .with_("labelled", as_=labelled)
        .from_(exp.to_table("labelled").as_("a"))
        .join(exp.to_table("labelled").as_("b"), on=exp.and_(same_event, ordered))
        .group_by(exp.column("label", "a"), exp.column("label", "b"))
        .order_by(
            exp.Ordered(this=exp.column("n"), desc=True),
            exp.column("lesser"),
            exp.column("greater"),
        )
    )
    return select if limit is None else select.limit(max(limit, 0))
