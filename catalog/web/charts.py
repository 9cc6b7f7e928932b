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
