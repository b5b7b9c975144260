"""Small SVG charts drawn on the server: no script, so the content security
policy stays strict, and the same markup can go into a PDF."""

from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()

# Distinguishable colours with at least 3:1 contrast on white (WCAG 1.4.11);
# static/css/portal.css repeats them for the legend (.series-N).
COLOURS = ["#1b3d6d", "#b3261e", "#0a6b3d", "#7a4b00", "#6f42c1", "#005f73", "#8a1c7c", "#444"]
WIDTH, HEIGHT, PAD = 360, 160, 24


@register.simple_tag
def line_chart(series: list[dict], low, high, label: str):
    """One line per series ({"name", "scores"}) on a common low–high scale."""
    points_count = max((len(s["scores"]) for s in series), default=0)
    if points_count == 0:
        return ""
    step = (WIDTH - 2 * PAD) / max(points_count - 1, 1)
    span = float(high) - float(low) or 1.0

    def y(score) -> float:
        return HEIGHT - PAD - (float(score) - float(low)) / span * (HEIGHT - 2 * PAD)

    lines = format_html_join(
        "",
        '<polyline fill="none" stroke="{}" stroke-width="2" points="{}"/>',
        (
            (
                COLOURS[i % len(COLOURS)],
                " ".join(f"{PAD + j * step:.1f},{y(v):.1f}" for j, v in enumerate(s["scores"])),
            )
            for i, s in enumerate(series)
        ),
    )
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="3" fill="{}"/>',
        (
            (f"{PAD + j * step:.1f}", f"{y(v):.1f}", COLOURS[i % len(COLOURS)])
            for i, s in enumerate(series)
            for j, v in enumerate(s["scores"])
        ),
    )
    axis = format_html(
        '<line x1="{0}" y1="{1}" x2="{2}" y2="{1}" stroke="#595959"/>'
        '<line x1="{0}" y1="{3}" x2="{0}" y2="{1}" stroke="#595959"/>'
        '<text x="2" y="{4}" font-size="10" fill="#333">{5}</text>'
        '<text x="2" y="{6}" font-size="10" fill="#333">{7}</text>',
        PAD,
        HEIGHT - PAD,
        WIDTH - PAD,
        PAD,
        HEIGHT - PAD + 3,
        low,
        PAD + 3,
        high,
    )
    return format_html(
        '<svg class="chart" role="img" aria-label="{}" viewBox="0 0 {} {}" '
        'width="100%" font-family="DejaVu Sans, sans-serif">{}{}{}</svg>',
        label,
        WIDTH,
        HEIGHT,
        axis,
        lines,
        dots,
    )


@register.simple_tag
def bar_chart(rows: list[dict], label_key: str, value_key: str, label: str):
    """Vertical bars with the value written above each bar and the label
    below: readable without colour, and the table beneath holds the same
    figures for screen readers."""
    # A suppressed figure (accounts/disclosure.py) draws no bar but keeps
    # its text, e.g. "<5".
    values = [
        float(row[value_key]) if isinstance(row[value_key], int | float) else 0.0 for row in rows
    ]
    shown = [row[value_key] for row in rows]
    if not values:
        return ""
    top = max(values) or 1.0
    width = max(WIDTH, 28 * len(values) + 2 * PAD)
    step = min((width - 2 * PAD) / len(values), 64.0)
    bar = min(step * 0.7, 40.0)

    def text(value) -> str:
        return f"{value:g}"

    bars = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="#1b3d6d"/>'
        '<text x="{}" y="{}" font-size="9" text-anchor="middle" fill="#222">{}</text>'
        '<text x="{}" y="{}" font-size="8" text-anchor="middle" fill="#333">{}</text>',
        (
            (
                f"{PAD + i * step:.1f}",
                f"{HEIGHT - PAD - v / top * (HEIGHT - 2 * PAD - 10):.1f}",
                f"{bar:.1f}",
                f"{v / top * (HEIGHT - 2 * PAD - 10):.1f}",
                f"{PAD + i * step + bar / 2:.1f}",
                f"{HEIGHT - PAD - v / top * (HEIGHT - 2 * PAD - 10) - 2:.1f}",
                text(v) if isinstance(shown[i], int | float) else str(shown[i]),
                f"{PAD + i * step + bar / 2:.1f}",
                f"{HEIGHT - PAD + 12:.1f}",
                str(row[label_key])[:10],
            )
            for i, (row, v) in enumerate(zip(rows, values, strict=True))
        ),
    )
    return format_html(
        '<svg class="chart chart-wide" role="img" aria-label="{}" viewBox="0 0 {} {}" '
        'width="100%" font-family="DejaVu Sans, sans-serif">'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#595959"/>{}</svg>',
        label,
        f"{width:.0f}",
        HEIGHT + 4,
        PAD,
        HEIGHT - PAD,
        f"{width - PAD:.0f}",
        HEIGHT - PAD,
        bars,
    )


@register.filter
def percent(share) -> str:
    """A share 0–1 as a whole percentage; a suppressed share shows as itself."""
    if share is None or share == "":
        return "–"
    if isinstance(share, int | float):
        return f"{100 * share:.0f} %"
    return str(share)
