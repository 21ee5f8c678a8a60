"""The search report's numbers, from the anonymous daily counts (SearchQueryLog)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from portal.search.models import SearchQueryLog

__all__ = ["PERIODS", "QueryRow", "SearchReport", "search_report"]

PERIODS = (7, 30, 90)
"""Days a report can cover; counts older than the longest period are never shown."""
TOP_QUERIES = 25


@dataclass(frozen=True)
class QueryRow:
    """Counts for one query (or one language): searches, searches without results, clicks."""

    label: str
    language: str
    searches: int
    zero_results: int
    clicks: int

    @property
    def click_through_rate(self) -> float | None:
        """Followed results per search (None without searches), capped at 1.

        A click can be counted without its search (a search made while typing, then a result
        followed at once), so the raw ratio can pass 1; the cap keeps the figure a rate.
        """
        if not self.searches:
            return None
        return min(1.0, self.clicks / self.searches)

    @property
    def click_through_percent(self) -> str:
        """The rate as a whole percentage for display ("40%"), or "–" without searches."""
        rate = self.click_through_rate
        return "–" if rate is None else f"{round(rate * 100)}%"


@dataclass(frozen=True)
class SearchReport:
    days: int
    language: str
    since: datetime.date
    totals: QueryRow
    per_language: list[QueryRow]
    top_queries: list[QueryRow]
    zero_result_queries: list[QueryRow]


def _sums(rows: QuerySet) -> QuerySet:
    return rows.annotate(
        total_searches=Sum("searches"), total_zero=Sum("zero_results"), total_clicks=Sum("clicks")
    )


def _row(values: dict, label: str, language: str) -> QueryRow:
    return QueryRow(
        label=label,
        language=language,
        searches=values.get("total_searches") or 0,
        zero_results=values.get("total_zero") or 0,
        clicks=values.get("total_clicks") or 0,
    )


def search_report(days: int, language: str = "") -> SearchReport:
    """The report over the last ``days`` days (today included), for one language or ("") all."""
    since = timezone.localdate() - datetime.timedelta(days=days - 1)
    rows = SearchQueryLog.objects.filter(day__gte=since)
    if language:
        rows = rows.filter(language=language)
    totals = rows.aggregate(
        total_searches=Sum("searches"), total_zero=Sum("zero_results"), total_clicks=Sum("clicks")
    )
    per_language = [
        _row(values, values["language"], values["language"])
        for values in _sums(rows.values("language")).order_by("-total_searches", "language")
    ]
    by_query = _sums(rows.values("query", "language"))
    top = by_query.filter(total_searches__gt=0).order_by("-total_searches", "query")[:TOP_QUERIES]
    zero = by_query.filter(~Q(total_zero=0)).order_by("-total_zero", "query")[:TOP_QUERIES]
    return SearchReport(
        days=days,
        language=language,
        since=since,
        totals=_row(totals, "", language),
        per_language=per_language,
        top_queries=[_row(values, values["query"], values["language"]) for values in top],
        zero_result_queries=[_row(values, values["query"], values["language"]) for values in zero],
    )
