"""Charts as inline SVG, drawn on the server so that every page stays one self-contained file.

`field_chart` draws precision, recall and F1 of each field as three horizontal bars;
`delta_chart` draws signed changes (a candidate run minus its baseline) around a zero line.
Both return markup that is safe to insert as is: every label goes through `html.escape`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from evals.scorecard import fmt_rate

BAR_HEIGHT = 7
ROW_GAP = 8
LABEL_WIDTH = 150
PLOT_WIDTH = 320
VALUE_WIDTH = 60
METRICS = (("P", "precision", "#6c8ebf"), ("R", "recall", "#9673a6"), ("F1", "f1", "#2e7d32"))


@dataclass(frozen=True, slots=True)
class FieldBars:
    """One field's rates (None where there was nothing to rate)."""

    name: str
    precision: float | None
    recall: float | None
    f1: float | None


def _width(value: float | None, scale: float = PLOT_WIDTH) -> float:
    return 0.0 if value is None else max(0.0, min(1.0, value)) * scale


def _legend(y: int) -> str:
    parts = []
    for k, (label, _, colour) in enumerate(METRICS):
        x = LABEL_WIDTH + k * 70
        parts.append(f'<rect x="{x}" y="{y}" width="12" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 16}" y="{y + 9}">{label}</text>')
    return "".join(parts)


def _field_row(bars: FieldBars, top: int) -> str:
    row_height = 3 * BAR_HEIGHT
    mid = top + row_height // 2 + 4
    parts = [
        f'<g class="field-row" data-field="{escape(bars.name)}">',
        f'<text x="{LABEL_WIDTH - 6}" y="{mid}" text-anchor="end">{escape(bars.name)}</text>',
    ]
    for k, (label, attr, colour) in enumerate(METRICS):
        value = getattr(bars, attr)
        y = top + k * BAR_HEIGHT
        parts.append(
            f'<rect class="bar bar-{label.lower()}" x="{LABEL_WIDTH}" y="{y}" '
            f'width="{_width(value):.1f}" height="{BAR_HEIGHT - 1}" fill="{colour}">'
            f"<title>{escape(bars.name)} {label} {fmt_rate(value)}</title></rect>"
        )
    f1 = fmt_rate(bars.f1)
    parts.append(f'<text x="{LABEL_WIDTH + PLOT_WIDTH + 6}" y="{mid}">F1 {f1}</text></g>')
    return "".join(parts)


def _grid(height: int, top: int) -> str:
    lines = []
    for tick in (0.0, 0.5, 1.0):
        x = LABEL_WIDTH + _width(tick)
        lines.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{height - 14}" stroke="#ccc"/>'
            f'<text x="{x:.1f}" y="{height - 2}" text-anchor="middle">{tick:.1f}</text>'
        )
    return "".join(lines)


def field_chart(rows: Sequence[FieldBars], chart_id: str = "field-chart") -> str:
    """P, R and F1 of every field as grouped horizontal bars, with a legend and a 0–1 grid."""
    top = 22
    step = 3 * BAR_HEIGHT + ROW_GAP
    height = top + step * len(rows) + 18
    width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH + 10
    body = [_legend(4), _grid(height, top)]
    body += [_field_row(bars, top + i * step) for i, bars in enumerate(rows)]
    return (
        f'<svg id="{chart_id}" class="chart" role="img" xmlns="http://www.w3.org/2000/svg" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-size="11" font-family="sans-serif">'
        f"<title>Precision, recall and F1 per field</title>{''.join(body)}</svg>"
    )


def _delta_row(name: str, delta: float | None, top: int, scale: float) -> str:
    zero = LABEL_WIDTH + PLOT_WIDTH / 2
    mid = top + 9
    label = f'<text x="{LABEL_WIDTH - 6}" y="{mid}" text-anchor="end">{escape(name)}</text>'
    if delta is None:
        return f'<g class="delta-row">{label}<text x="{zero + 4}" y="{mid}">–</text></g>'
    length = min(abs(delta), scale) / scale * (PLOT_WIDTH / 2)
    x = zero if delta >= 0 else zero - length
    kind = "up" if delta > 0 else ("down" if delta < 0 else "same")
    colour = {"up": "#2e7d32", "down": "#c62828", "same": "#999"}[kind]
    return (
        f'<g class="delta-row delta-{kind}" data-field="{escape(name)}">{label}'
        f'<rect class="delta-bar" x="{x:.1f}" y="{top}" width="{max(length, 1):.1f}" '
        f'height="12" fill="{colour}"><title>{escape(name)} {delta:+.3f}</title></rect>'
        f'<text x="{LABEL_WIDTH + PLOT_WIDTH + 6}" y="{mid}">{delta:+.3f}</text></g>'
    )


def delta_chart(
    rows: Sequence[tuple[str, float | None]], chart_id: str = "delta-chart", scale: float = 0.0
) -> str:
    """Signed changes as bars left (worse, red) or right (better, green) of a zero line.

    `scale` is the change drawn at full half-width; by default the largest change shown.
    """
    scale = scale or max((abs(d) for _, d in rows if d is not None), default=0.0) or 1.0
    top, step = 8, 18
    height = top + step * len(rows) + 8
    width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH + 10
    zero = LABEL_WIDTH + PLOT_WIDTH / 2
    axis = f'<line x1="{zero}" y1="0" x2="{zero}" y2="{height}" stroke="#888"/>'
    body = [_delta_row(name, d, top + i * step, scale) for i, (name, d) in enumerate(rows)]
    return (
        f'<svg id="{chart_id}" class="chart" role="img" xmlns="http://www.w3.org/2000/svg" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-size="11" font-family="sans-serif">'
        f"<title>Change against the baseline (±{scale:.3f} at full width)</title>"
        f"{axis}{''.join(body)}</svg>"
    )


def change_bar(delta: float | None, scale: float, width: int = 160) -> str:
    """One small signed bar around a centre line, for a table cell (empty for no change)."""
    half = width / 2
    axis = f'<line x1="{half}" y1="0" x2="{half}" y2="14" stroke="#888"/>'
    bar = ""
    if delta:
        length = max(1.0, min(abs(delta), scale) / (scale or 1.0) * half)
        x = half if delta > 0 else half - length
        colour = "#2e7d32" if delta > 0 else "#c62828"
        kind = "up" if delta > 0 else "down"
        bar = (
            f'<rect class="change-bar change-{kind}" x="{x:.1f}" y="2" width="{length:.1f}" '
            f'height="10" fill="{colour}"><title>{delta:+.3f}</title></rect>'
        )
    return (
        f'<svg class="change" xmlns="http://www.w3.org/2000/svg" width="{width}" height="14" '
        f'viewBox="0 0 {width} 14">{axis}{bar}</svg>'
    )
