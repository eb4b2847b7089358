import datetime
import xml.etree.ElementTree as ET

from django.utils import translation

from congresses import charts

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup):
    return ET.fromstring(str(markup))


def test_bars_draw_one_planned_and_one_held_bar_per_row():
    rows = [("Đảng bộ phường Xuân La", 4, 1), ("Chi bộ 2", 2, 2), ("Chi bộ 3", 0, 0)]

    root = parse(
        charts.held_vs_planned_bars(rows, title="Tiến độ", planned_label="KH", held_label="Đã")
    )

    rects = root.iter(f"{SVG}rect")
    classes = [rect.get("class") for rect in rects]
    assert classes.count("chart-planned") == 3
    assert classes.count("chart-held") == 3
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Tiến độ"
    assert root.find(f"{SVG}title").text == "Tiến độ"
    widths = [
        float(rect.get("width"))
        for rect in root.iter(f"{SVG}rect")
        if rect.get("class") == "chart-held"
    ]
    planned_widths = [
        float(rect.get("width"))
        for rect in root.iter(f"{SVG}rect")
        if rect.get("class") == "chart-planned"
    ]
    assert planned_widths[0] == 2 * planned_widths[1]
    assert widths == [planned_widths[0] / 4, planned_widths[1], 0.0]


def test_bars_escape_names_and_keep_vietnamese_text():
    name = 'Chi bộ <Kho bạc> & "Thuế" Tây Hồ'

    markup = str(
        charts.held_vs_planned_bars(
            [(name, 1, 0)], title="A & B", planned_label="KH", held_label="Đã"
        )
    )
    root = parse(markup)

    assert "<Kho" not in markup
    assert "&lt;Kho bạc&gt; &amp;" in markup
    assert root.get("aria-label") == "A & B"
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert name in texts
    row_title = root.find(f"{SVG}g/{SVG}title").text
    assert row_title.startswith(name + ": 0 Đã, 1 KH")


def test_bars_shorten_long_labels_but_keep_them_in_the_title():
    name = "Đảng bộ Cơ quan Thành ủy và các cơ quan tham mưu giúp việc"

    root = parse(
        charts.held_vs_planned_bars([(name, 1, 1)], title="T", planned_label="P", held_label="H")
    )

    label = root.find(f"{SVG}g/{SVG}text").text
    assert label.endswith("…")
    assert len(label) <= charts.LABEL_CHARACTERS
    assert root.find(f"{SVG}g/{SVG}title").text.startswith(name)


def test_numbers_follow_the_language_and_coordinates_do_not():
    rows = [("Hà Nội", 12345, 1234)]

    with translation.override("vi"):
        vietnamese = parse(
            charts.held_vs_planned_bars(rows, title="T", planned_label="P", held_label="H")
        )
    with translation.override("en"):
        english = parse(
            charts.held_vs_planned_bars(rows, title="T", planned_label="P", held_label="H")
        )

    figures = f"{SVG}g/{SVG}text[@class='chart-figures']"
    assert vietnamese.find(figures).text == "1.234 / 12.345"
    assert english.find(figures).text == "1,234 / 12,345"
    held = vietnamese.find(f"{SVG}g/{SVG}rect[@class='chart-held']")
    assert "," not in held.get("width")


def test_timeline_has_one_point_per_week_in_both_series():
    monday = datetime.date(2025, 3, 3)
    points = [(monday + datetime.timedelta(weeks=week), week + 1, week) for week in range(5)]

    root = parse(
        charts.cumulative_timeline(points, title="Theo tuần", planned_label="KH", held_label="Đã")
    )

    lines = {line.get("class"): line.get("points").split() for line in root.iter(f"{SVG}polyline")}
    assert sorted(lines) == ["chart-held", "chart-planned"]
    assert len(lines["chart-planned"]) == 5
    assert len(lines["chart-held"]) == 5
    labels = [text.text for text in root.iter(f"{SVG}text") if text.get("class") == "chart-x-label"]
    assert labels == ["03/03", "10/03", "17/03", "24/03", "31/03"]
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Theo tuần"
    # Cumulative series only go up: y decreases along the line.
    heights = [float(pair.split(",")[1]) for pair in lines["chart-planned"]]
    assert heights == sorted(heights, reverse=True)


def test_timeline_thins_the_date_labels_of_a_long_wave():
    monday = datetime.date(2025, 1, 6)
    points = [(monday + datetime.timedelta(weeks=week), week, week // 2) for week in range(40)]

    root = parse(charts.cumulative_timeline(points, title="T", planned_label="P", held_label="H"))

    labels = [text for text in root.iter(f"{SVG}text") if text.get("class") == "chart-x-label"]
    assert len(labels) == 10
    assert len(next(root.iter(f"{SVG}polyline")).get("points").split()) == 40


def test_timeline_without_points_is_still_a_valid_image():
    root = parse(charts.cumulative_timeline([], title="T", planned_label="P", held_label="H"))

    assert list(root.iter(f"{SVG}polyline")) == []
    assert root.get("role") == "img"


def test_charts_use_no_script_style_or_external_reference():
    markup = str(
        charts.held_vs_planned_bars([("A", 1, 1)], title="T", planned_label="P", held_label="H")
    )
    markup += str(
        charts.cumulative_timeline(
            [(datetime.date(2025, 1, 6), 1, 0)], title="T", planned_label="P", held_label="H"
        )
    )

    assert "<script" not in markup
    assert "style=" not in markup
    assert "href" not in markup
    assert 'font-family="Liberation Sans"' in markup


def test_timeline_axis_has_round_localized_ticks():
    points = [(datetime.date(2025, 1, 6), 1200, 300), (datetime.date(2025, 1, 13), 1300, 700)]

    with translation.override("vi"):
        root = parse(
            charts.cumulative_timeline(points, title="T", planned_label="P", held_label="H")
        )

    labels = [text.text for text in root.iter(f"{SVG}text") if text.get("class") == "chart-y-label"]
    assert labels == ["0", "500", "1.000", "1.500"]


def test_every_class_in_the_charts_is_chart_specific():
    """Bootstrap's stylesheet reaches into inline SVG: `.row > * { width: 100% }` drew every
    bar of a `<g class="row">` full on the dashboard (the PDF, without Bootstrap, was right)."""
    markup = str(
        charts.held_vs_planned_bars([("A", 26, 0)], title="T", planned_label="P", held_label="H")
    )
    markup += str(
        charts.cumulative_timeline(
            [(datetime.date(2025, 1, 6), 1, 0)], title="T", planned_label="P", held_label="H"
        )
    )
    root = parse(f"<svg xmlns='http://www.w3.org/2000/svg'>{markup}</svg>")

    classes = {
        name
        for element in root.iter()
        for name in (element.get("class") or "").split()
        if element is not root
    }
    assert "row" not in classes
    assert classes - {"img-fluid"}
    assert all(name.startswith("chart-") for name in classes - {"img-fluid"})
