"""Charts of the congress wave as SVG markup, drawn on the server.

Plain SVG 1.1 with presentation attributes only (no script, no `style=`, no external
references), so the same markup goes into a page under the content security policy and into a
PDF rendered by WeasyPrint with the shipped Liberation Sans. Every text is escaped by
`format_html`; coordinates are written with a dot, displayed numbers through Django's
localization (a decimal comma and a dot for thousands in Vietnamese).

Class names inside the SVG carry a `chart-` prefix: the page's Bootstrap styles reach into
inline SVG, and `.row > * { width: 100% }` once drew every bar of a `<g class="row">` full.
"""

import math

from django.utils import dateformat
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

FONT = "Liberation Sans"
PLANNED_COLOUR = "#adb5bd"
HELD_COLOUR = "#b02a37"
TEXT_COLOUR = "#212529"
AXIS_COLOUR = "#6c757d"
GRID_COLOUR = "#dee2e6"

LABEL_WIDTH = 220
VALUE_WIDTH = 110
ROW_HEIGHT = 24
BAR_HEIGHT = 14
LEGEND_HEIGHT = 28
LABEL_CHARACTERS = 34
MAX_X_LABELS = 10


def _number(value):
    return number_format(value, force_grouping=True)


def _coordinate(value):
    """A coordinate with a dot whatever the language: SVG is not localized."""
    return f"{value:.1f}"


def _shorten(text, limit=LABEL_CHARACTERS):
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _join(parts):
    # Every part comes from format_html, so it is already escaped.
    return mark_safe("".join(parts))


def _open(*, width, height, title, description):
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{}" height="{}" '
        'viewBox="0 0 {} {}" role="img" aria-label="{}" class="img-fluid" '
        'font-family="{}" font-size="12" fill="{}">'
        "<title>{}</title><desc>{}</desc>",
        width,
        height,
        width,
        height,
        title,
        FONT,
        TEXT_COLOUR,
        title,
        description,
    )


def _legend(*, x, y, planned_label, held_label, line):
    """Two swatches: rectangles for a bar chart, short strokes for a line chart."""
    parts = []
    for offset, colour, label, dashed in (
        (0, PLANNED_COLOUR, planned_label, True),
        (180, HELD_COLOUR, held_label, False),
    ):
        left = x + offset
        if line:
            parts.append(
                format_html(
                    '<line class="chart-legend" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" '
                    'stroke-width="2"{}/>',
                    left,
                    y - 4,
                    left + 16,
                    y - 4,
                    colour,
                    mark_safe(' stroke-dasharray="4 3"') if dashed else "",
                )
            )
        else:
            parts.append(
                format_html(
                    '<rect class="chart-legend" x="{}" y="{}" width="12" height="12" fill="{}"/>',
                    left,
                    y - 10,
                    colour,
                )
            )
        parts.append(format_html('<text x="{}" y="{}">{}</text>', left + 20, y, label))
    return _join(parts)


def held_vs_planned_bars(rows, *, title, planned_label, held_label, width=640):
    """A horizontal bar chart: one row per (label, planned, held), held drawn over planned.

    Bars are scaled to the largest count; each row carries its full label and figures in a
    `<title>` (a tooltip in browsers, text for screen readers) and shows them at its right.
    """
    rows = [(str(label), int(planned), int(held)) for label, planned, held in rows]
    height = LEGEND_HEIGHT + ROW_HEIGHT * len(rows) + 8
    largest = max([1, *(max(planned, held) for _label, planned, held in rows)])
    bar_left = LABEL_WIDTH + 10
    bar_width = width - bar_left - VALUE_WIDTH
    total_planned = sum(planned for _label, planned, _held in rows)
    total_held = sum(held for _label, _planned, held in rows)
    parts = [
        _open(
            width=width,
            height=height,
            title=title,
            description=format_html(
                "{}: {}; {}: {}",
                planned_label,
                _number(total_planned),
                held_label,
                _number(total_held),
            ),
        ),
        _legend(x=bar_left, y=18, planned_label=planned_label, held_label=held_label, line=False),
    ]
    for index, (label, planned, held) in enumerate(rows):
        top = LEGEND_HEIGHT + index * ROW_HEIGHT
        bar_top = top + (ROW_HEIGHT - BAR_HEIGHT) / 2
        baseline = _coordinate(top + ROW_HEIGHT / 2 + 4)
        figures = format_html("{} / {}", _number(held), _number(planned))
        parts.append(
            format_html(
                '<g class="chart-row"><title>{}: {} {}, {} {}</title>'
                '<text x="{}" y="{}" text-anchor="end">{}</text>'
                '<rect class="chart-planned" x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<rect class="chart-held" x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<text class="chart-figures" x="{}" y="{}">{}</text></g>',
                label,
                _number(held),
                held_label,
                _number(planned),
                planned_label,
                LABEL_WIDTH,
                baseline,
                _shorten(label),
                bar_left,
                _coordinate(bar_top),
                _coordinate(bar_width * planned / largest),
                BAR_HEIGHT,
                PLANNED_COLOUR,
                bar_left,
                _coordinate(bar_top),
                _coordinate(bar_width * held / largest),
                BAR_HEIGHT,
                HELD_COLOUR,
                bar_left + bar_width + 8,
                baseline,
                figures,
            )
        )
    parts.append(mark_safe("</svg>"))
    return _join(parts)


def _ticks(largest, count=4):
    """Ticks from 0 to at least `largest` on a round step (1, 2 or 5 times a power of ten),
    about `count` steps; whole numbers, as the counts are."""
    if not largest:
        return [0]
    rough = largest / count
    magnitude = 10 ** math.floor(math.log10(rough)) if rough >= 1 else 1
    step = next(factor * magnitude for factor in (1, 2, 5, 10) if factor * magnitude >= rough)
    return list(range(0, step * math.ceil(largest / step) + 1, step))


def cumulative_timeline(
    points, *, title, planned_label, held_label, as_of=None, width=640, height=260
):
    """A weekly line chart of two cumulative series: points are (week start, planned, held).

    The x axis has one equal step per week with dd/mm labels (thinned to about ten); the planned
    series is dashed grey, the held series solid red. With `as_of` (the date the page shows),
    the held series stops at its last known point (held None after it: the weeks after the
    date), a dotted line marks the date and the description gives it; the planned series runs
    on to the last planned date.
    """
    points = [
        (day, int(planned), None if held is None else int(held)) for day, planned, held in points
    ]
    left, right, top, bottom = 48, 24, LEGEND_HEIGHT + 8, 36
    plot_width = width - left - right
    plot_height = height - top - bottom
    ticks = _ticks(max([0, *(max(planned, held or 0) for _day, planned, held in points)]))
    scale_top = ticks[-1] or 1
    known = [point for point in points if point[2] is not None]
    if points and as_of is not None:
        description = format_html(
            "{}",
            _(
                "%(planned_label)s: %(planned)s (to %(planned_until)s); %(held_label)s: %(held)s "
                "(as of %(as_of)s)"
            )
            % {
                "planned_label": planned_label,
                "planned": _number(points[-1][1]),
                "planned_until": dateformat.format(points[-1][0], "d/m/Y"),
                "held_label": held_label,
                "held": _number(known[-1][2] if known else 0),
                "as_of": dateformat.format(as_of, "d/m/Y"),
            },
        )
    elif points:
        last_day, last_planned, last_held = points[-1]
        description = format_html(
            "{}: {}; {}: {} ({})",
            planned_label,
            _number(last_planned),
            held_label,
            _number(last_held or 0),
            dateformat.format(last_day, "d/m/Y"),
        )
    else:
        description = format_html("{}: 0; {}: 0", planned_label, held_label)
    parts = [
        _open(width=width, height=height, title=title, description=description),
        _legend(x=left, y=18, planned_label=planned_label, held_label=held_label, line=True),
    ]

    def x_of(index):
        if len(points) == 1:
            return left + plot_width / 2
        return left + plot_width * index / (len(points) - 1)

    def y_of(value):
        return top + plot_height - plot_height * value / scale_top

    for tick in ticks:
        y = _coordinate(y_of(tick))
        parts.append(
            format_html(
                '<line class="chart-grid" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>'
                '<text class="chart-y-label" x="{}" y="{}" text-anchor="end">{}</text>',
                left,
                y,
                left + plot_width,
                y,
                GRID_COLOUR,
                left - 6,
                _coordinate(y_of(tick) + 4),
                _number(tick),
            )
        )
    parts.append(
        format_html(
            '<line class="chart-axis" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>',
            left,
            top + plot_height,
            left + plot_width,
            top + plot_height,
            AXIS_COLOUR,
        )
    )
    every = max(1, math.ceil(len(points) / MAX_X_LABELS))
    for index, (day, _planned, _held) in enumerate(points):
        if index % every == 0:
            parts.append(
                format_html(
                    '<text class="chart-x-label" x="{}" y="{}" text-anchor="middle">{}</text>',
                    _coordinate(x_of(index)),
                    top + plot_height + 16,
                    dateformat.format(day, "d/m"),
                )
            )
    if as_of is not None and points and points[0][0] <= as_of:
        # The week holding the date asked: the held line ends there.
        week = min(len(points) - 1, (as_of - points[0][0]).days // 7)
        x = _coordinate(x_of(week))
        parts.append(
            format_html(
                '<line class="chart-as-of" x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" '
                'stroke-dasharray="1 3"/>'
                '<text class="chart-as-of-label" x="{}" y="{}" text-anchor="middle">{}</text>',
                x,
                top,
                x,
                top + plot_height,
                AXIS_COLOUR,
                x,
                top - 2,
                dateformat.format(as_of, "d/m/Y"),
            )
        )
    for series, colour, position, dashed in (
        ("planned", PLANNED_COLOUR, 1, True),
        ("held", HELD_COLOUR, 2, False),
    ):
        if not points:
            continue
        coordinates = " ".join(
            f"{_coordinate(x_of(index))},{_coordinate(y_of(point[position]))}"
            for index, point in enumerate(points)
            if point[position] is not None
        )
        if not coordinates:
            continue  # nothing held yet on the date asked: no line
        parts.append(
            format_html(
                '<polyline class="chart-{}" fill="none" stroke="{}" stroke-width="2"{} '
                'points="{}"/>',
                series,
                colour,
                mark_safe(' stroke-dasharray="4 3"') if dashed else "",
                coordinates,
            )
        )
    parts.append(mark_safe("</svg>"))
    return _join(parts)
