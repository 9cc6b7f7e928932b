"""Server-rendered SVG charts (no chart library, no JavaScript)."""

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


def stacked_bars(
    rows: Sequence[tuple[str, dict[str, int]]],
    series: Sequence[tuple[str, str]],
    *,
    title: str,
    width: int = 900,
) -> Markup:
    """Horizontal stacked bars: one row per label, one segment per (key, legend label)."""
    label_w, bar_h, gap, top = 260, 18, 8, 34
    legend_rows = 1 + len(series) // 4
    height = top + len(rows) * (bar_h + gap) + 20 + legend_rows * 20
    longest = max((sum(counts.values()) for _label, counts in rows), default=0) or 1
    scale = (width - label_w - 50) / longest
    out = [
        f'<svg class="chart" role="img" aria-labelledby="chart-title" viewBox="0 0 {width} '
        f'{height}" width="100%" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="chart-title">{escape(title)}</title>',
    ]
    for i, (key, name) in enumerate(series):
        lx, ly = (i % 4) * 220, (i // 4) * 20
        color = STATUS_COLORS.get(key, "#888")
        out.append(
            f'<rect x="{lx}" y="{ly + 4}" width="12" height="12" fill="{color}"/>'
            f'<text x="{lx + 18}" y="{ly + 15}">{escape(name)}</text>'
        )
    base = top + (legend_rows - 1) * 20
    for r, (label, counts) in enumerate(rows):
        y = base + r * (bar_h + gap)
        short = label if len(label) <= 38 else label[:36] + "…"
        out.append(
            f'<text x="{label_w - 8}" y="{y + bar_h - 4}" text-anchor="end">{escape(short)}</text>'
        )
        x = float(label_w)
        for key, name in series:
            n = counts.get(key, 0)
            if not n:
                continue
            w = n * scale
            out.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" '
                f'fill="{STATUS_COLORS.get(key, "#888")}"><title>{escape(label)}: '
                f"{escape(name)} {n}</title></rect>"
            )
            x += w
        out.append(f'<text x="{x + 6:.1f}" y="{y + bar_h - 4}">{sum(counts.values())}</text>')
    out.append("</svg>")
    return Markup("".join(out))  # every text node above is escaped
