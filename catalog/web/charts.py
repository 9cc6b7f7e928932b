"""Server-rendered charts (no chart library, no JavaScript).

The text of a chart is HTML (the page's font size, wrapping full agency names at any width);
only the bars are SVG, stretched to the width left for them. A chart drawn as one SVG scales
its text with the picture: at 390 px a 900-unit-wide chart's 12-unit labels were 5 px tall.
The content security policy forbids inline style attributes, so bar lengths are SVG geometry
(a 0..1000 user-space stretched with preserveAspectRatio="none"), not CSS widths.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

# Same hues as the badges in site.css, so a status reads the same everywhere.
STATUS_COLORS = {
    "none": "#d0d7de",
    "requested": "#54aeff",
    "in_review": "#0969da",
    "recommended": "#2da44e",
    "expired": "#d4a72c",
    "revision_needed": "#bf8700",
    "not_recommended": "#cf222e",
    "revoked": "#82071e",
}
SPAN = 1000  # the bars' user-space width


def _swatch(color: str) -> str:
    return (
        '<svg class="swatch" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" '
        f'focusable="false"><rect width="14" height="14" fill="{color}"/></svg>'
    )


def stacked_bars(
    rows: Sequence[tuple[str, dict[str, int]]],
    series: Sequence[tuple[str, str]],
    *,
    title: str,
) -> Markup:
    """Horizontal stacked bars: one row per label, one segment per (key, legend label).

    Each row is a list item: the full label, the bar (an image whose accessible name says
    every count) and the row's total. Bars share one scale, the longest row's total.
    """
    longest = max((sum(counts.values()) for _label, counts in rows), default=0) or 1
    out = [f'<figure class="chart"><figcaption class="chart-title">{escape(title)}</figcaption>']
    out.append('<ul class="chart-legend">')
    for key, name in series:
        out.append(f"<li>{_swatch(STATUS_COLORS.get(key, '#888'))}{escape(name)}</li>")
    out.append('</ul><ol class="chart-rows">')
    for label, counts in rows:
        total = sum(counts.values())
        parts = [f"{name} {counts.get(key, 0)}" for key, name in series if counts.get(key, 0)]
        described = f"{label}: {', '.join(parts) if parts else '0'}"
        out.append(
            f'<li><span class="chart-label">{escape(label)}</span>'
            f'<svg class="chart-bar" viewBox="0 0 {SPAN} 10" preserveAspectRatio="none" '
            f'role="img" aria-label="{escape(described)}">'
        )
        x = 0.0
        for key, name in series:
            n = counts.get(key, 0)
            if not n:
                continue
            w = n * SPAN / longest
            out.append(
                f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="10" '
                f'fill="{STATUS_COLORS.get(key, "#888")}"><title>{escape(label)}: '
                f"{escape(name)} {n}</title></rect>"
            )
            x += w
        out.append(f'</svg><span class="chart-total">{total}</span></li>')
    out.append("</ol></figure>")
    return Markup("".join(out))  # every text node above is escaped


def trend_chart(
    series: Sequence[tuple[str, str, Sequence[tuple[object, float]]]],
    *,
    title: str,
    maximum: float,
    bands: Sequence[tuple[float, str]] = (),
) -> Markup:
    """Lines over days: [(name, color, [(day, value)])], on a 0..maximum scale with dashed
    lines at `bands` [(value, name)]. Text is HTML (legend, first and last day, a table of
    the figures); only the lines are SVG, stretched to the width (non-scaling strokes)."""
    days = sorted({day for _n, _c, pts in series for day, _v in pts}, key=str)
    index = {day: i for i, day in enumerate(days)}
    last = max(len(days) - 1, 1)
    out = [f'<figure class="chart trend"><figcaption class="chart-title">{escape(title)}'
           "</figcaption>", '<ul class="chart-legend">']  # fmt: skip
    for name, color, _pts in series:
        out.append(
            '<li><svg class="swatch" width="14" height="14" viewBox="0 0 14 14" '
            f'aria-hidden="true" focusable="false"><rect width="14" height="14" fill="{color}"/>'
            f"</svg>{escape(name)}</li>"
        )
    for value, name in bands:
        out.append(f'<li class="band">{escape(name)} ≥ {value:g}</li>')
    out.append("</ul>")
    described = "; ".join(
        f"{name}: " + ", ".join(f"{day} {v:g}" for day, v in pts) for name, _c, pts in series
    )
    out.append(
        f'<svg class="trend-plot" viewBox="0 0 1000 300" preserveAspectRatio="none" '
        f'role="img" aria-label="{escape(described or title)}">'
    )
    for value, _name in bands:
        y = 300 - 300 * value / maximum
        out.append(
            f'<line x1="0" x2="1000" y1="{y:.1f}" y2="{y:.1f}" stroke="#8c959f" '
            'stroke-dasharray="6 6" vector-effect="non-scaling-stroke"/>'
        )
    for _name, color, pts in series:
        coords = " ".join(
            f"{1000 * index[day] / last:.1f},{300 - 300 * v / maximum:.1f}" for day, v in pts
        )
        if len(pts) == 1:
            cx, cy = coords.split(",")
            out.append(f'<circle cx="{cx}" cy="{cy}" r="6" fill="{color}"/>')
        out.append(
            f'<polyline points="{coords}" fill="none" stroke="{color}" stroke-width="3" '
            'vector-effect="non-scaling-stroke"/>'
        )
    out.append("</svg>")
    if days:
        out.append(
            f'<p class="trend-days"><span>{escape(str(days[0]))}</span>'
            f"<span>{escape(str(days[-1]))}</span></p>"
        )
    out.append("</figure>")
    return Markup("".join(out))  # every text node above is escaped
