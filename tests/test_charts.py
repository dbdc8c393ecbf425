"""The server-drawn SVG charts: accessible, escaped, and sane with odd numbers."""

import math
import re
from xml.etree import ElementTree

from markupsafe import Markup

from coimpact.reports import charts

SVG = "{http://www.w3.org/2000/svg}"


def parsed(chart: Markup | str) -> ElementTree.Element:
    """Every chart is well-formed XML on its own (so also valid inline in HTML)."""
    # Our own drawing, not outside input: the standard parser is fine here.
    return ElementTree.fromstring(str(chart))  # noqa: S314


def test_every_chart_is_an_image_with_its_numbers_in_words():
    drawn = [
        charts.percent_bar(62.5, 80, detail="5 of 8 answers"),
        charts.scale_bar(3.46, 5, 4),
        charts.before_after(2.25, 3.75, 5, detail="4 people"),
        charts.distribution([("Yes", 3), ("No", 1)], "Answers"),
    ]
    for chart in drawn:
        assert isinstance(chart, Markup)
        svg = parsed(chart)
        assert svg.get("role") == "img" and svg.get("focusable") == "false"
        assert svg.find(f"{SVG}title").text == svg.get("aria-label")
    words = [parsed(chart).get("aria-label") for chart in drawn]
    assert words == [
        "Bar chart: 62.5% agree (5 of 8 answers); target 80%.",
        "Bar chart: average 3.5 on a scale of 1 to 5; target 4.",
        "Bar chart: before 2.2, now 3.8, on a scale of 1 to 5; change +1.5 (4 people).",
        "Bar chart. Answers: Yes 3 (75%); No 1 (25%).",
    ]


def test_labels_are_escaped_and_cut_only_on_the_drawing():
    label = '<script>alert("x")</script> & a very long option label indeed'
    chart = str(charts.distribution([(label, 2)], what="Answers to <b>"))
    assert "<script>" not in chart and "<b>" not in chart
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; a very long option" in chart
    svg = parsed(chart)
    assert label in svg.get("aria-label")  # whole in the words
    drawn = [t.text for t in svg.iter(f"{SVG}text")]
    assert drawn[0].endswith("…") and len(drawn[0]) == charts.LABEL_CHARS


def test_numbers_are_clamped_and_never_nan():
    chart = str(charts.percent_bar(math.nan, 140))
    widths = [float(w) for w in re.findall(r'width="([\d.]+)"', chart)]
    assert all(0 <= w <= charts.WIDTH for w in widths)
    assert "nan" not in chart.lower() and "inf" not in chart.lower()
    over = str(charts.scale_bar(9, 5))
    bars = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', over)]
    assert bars[1] == bars[0]  # a mean past the top fills the bar, no further
    assert charts.number(2.0) == "2" and charts.number(-0.04) == "0"
    assert charts.number(66.666) == "66.7" and charts.number(12.5, 0) == "12"


def test_an_empty_distribution_still_says_so():
    svg = parsed(charts.distribution([], "Answers"))
    assert svg.get("aria-label") == "Bar chart. Answers: none yet."
