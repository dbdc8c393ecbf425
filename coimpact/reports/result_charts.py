"""Which of the server-drawn charts (`reports.charts`) shows an indicator's result: a bar for a
share who agree or an average rating (with the target marked where it reads as a number), two
bars for before and now, and one bar per reporting period. The dashboard and the PDF report
draw the same charts from the same figures through here."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from coimpact.domain.readable import plural
from coimpact.models import MeasureKind
from coimpact.reports import charts
from coimpact.reports.indicator_results import IndicatorResult


def result_charts(
    measure: MeasureKind | str, result: IndicatorResult, target: float | None
) -> list[Markup]:
    """The chart that fits the measure and the answers it has (none without a figure)."""
    measure = MeasureKind(measure)
    if measure == MeasureKind.PERCENT_AGREE and result.agree_share is not None:
        return [
            charts.percent_bar(
                100 * result.agree_share,
                target,
                detail=f"{result.agree:,} of {plural(result.agree_base, 'answer')}",
            )
        ]
    # Ratings on different scales have no one bar to draw on.
    if (
        measure == MeasureKind.MEAN_RATING
        and result.mean_rating is not None
        and result.rating_scale
    ):
        return [
            charts.scale_bar(
                result.mean_rating,
                result.rating_scale,
                target,
                detail=plural(result.rating_n, "answer"),
            )
        ]
    if measure == MeasureKind.BEFORE_AFTER and result.pair_n:
        return [
            charts.before_after(
                result.mean_before,
                result.mean_after,
                5,
                detail=f"{result.pair_n:,} people who answered both rounds"
                if result.matched
                else f"{result.pair_n:,} people who gave both",
            )
        ]
    return []


def period_words(measure: MeasureKind, value: float) -> str:
    """A figure as a period's bar is labelled: "75%", "up 1.5", "12"."""
    if measure == MeasureKind.PERCENT_AGREE:
        return f"{charts.number(value)}%"
    if measure == MeasureKind.BEFORE_AFTER:
        if value == 0:
            return "no change"
        return f"{'up' if value > 0 else 'down'} {charts.number(abs(value))}"
    return f"{value:,.0f}" if float(value).is_integer() else charts.number(value)


def history_chart(
    ref: str, measure: MeasureKind | str, history: Sequence[tuple[str, IndicatorResult]]
) -> Markup:
    """The indicator's figure in each reporting period, earliest first."""
    measure = MeasureKind(measure)
    rows = []
    for name, result in history:
        value = result.value(measure)
        rows.append((name, value, "" if value is None else period_words(measure, value)))
    return charts.period_bars(rows, f"{ref} {measure.label.lower()} in each reporting period")
