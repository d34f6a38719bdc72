"""`playbook trend`: checkpoints per team, worked out by hand on the mini checklist.

Weights: owner 3 (critical), sponsor 1 | metric 2, roles 2. Total 8.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import xml.etree.ElementTree as ET

import pytest

from tests.conftest import write_answers

YES = '"yes"'


@pytest.fixture
def history(workdir):
    files = [
        # Payments, 2026-01-10: 3 + 1 + 1 + 0 = 5 of 8 -> 62.5 -> 63; own 100, align 1/4 = 25.
        write_answers(workdir / "p1.yaml", {"owner": YES, "sponsor": YES, "metric": "partly", "roles": '"no"'},
                      team="Payments", respondent="Dana", date="2026-01-10"),
        # Payments, 2026-02-10, two respondents: owner 1, sponsor 1 (Lee n/a), metric 1, roles (1 + 0.5)/2.
        # 3 + 1 + 2 + 1.5 = 7.5 of 8 -> 93.75 -> 94; own 100; align 3.5/4 = 87.5 -> 88.
        # spreads owner 0, metric 0, roles 0.5 -> alignment 100 * (1 - 1/6) = 83.3 -> 83.
        write_answers(workdir / "p2-dana.yaml", {"owner": YES, "sponsor": YES, "metric": YES, "roles": YES},
                      team="Payments", respondent="Dana", date="2026-02-10"),
        write_answers(workdir / "p2-lee.yaml", {"owner": YES, "sponsor": "n/a", "metric": YES, "roles": "partly"},
                      team="Payments", respondent="Lee", date="2026-02-10"),
        # Payments, 2026-03-10: owner no -> 0 + 1 + 2 + 2 = 5 of 8 -> 63, a blocker: not-ready.
        write_answers(workdir / "p3.yaml", {"owner": '"no"', "sponsor": YES, "metric": YES, "roles": YES},
                      team="Payments", respondent="Dana", date="2026-03-10"),
        # Growth, one checkpoint: all yes -> 100.
        write_answers(workdir / "g1.yaml", {"owner": YES, "sponsor": YES, "metric": YES, "roles": YES},
                      team="Growth", respondent="Ana", date="2026-01-10"),
    ]
    # Files in shuffled order: the trend orders by date itself.
    return [files[3], files[0], files[4], files[2], files[1]]


def test_trend_json_by_hand(cli, history):
    result = cli("trend", *map(str, history), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [t["team"] for t in data] == ["Growth", "Payments"]
    growth, payments = data
    assert [(p["date"], p["score"], p["band"], p["change"]) for p in growth["checkpoints"]] == [
        ("2026-01-10", 100, "ready", "first")]
    points = payments["checkpoints"]
    assert [(p["date"], p["score"], p["band"], p["alignment"], p["change"], p["score_delta"]) for p in points] == [
        ("2026-01-10", 63, "at-risk", None, "first", None),
        ("2026-02-10", 94, "ready", 83, "better", 31),
        ("2026-03-10", 63, "not-ready", None, "worse", -31),
    ]
    assert points[1]["respondents"] == ["Lee", "Dana"]  # argument order, as in team scoring
    assert [(s["id"], s["score"], s["delta"]) for s in points[1]["sections"]] == [("own", 100, 0), ("align", 88, 63)]
    assert [(s["id"], s["score"], s["delta"]) for s in points[2]["sections"]] == [("own", 25, -75), ("align", 100, 12)]
    assert points[2]["blockers"] == ["owner"]


def test_trend_text_shows_arrows(cli, history):
    result = cli("trend", *map(str, history))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    payments = lines.index(next(line for line in lines if line.startswith("Payments:")))
    rows = [line for line in lines[payments:] if line.strip()[:4] == "2026"][:3]
    assert "94 ↑ +31" in rows[1] and "63 ↓ -31" in rows[2]
    assert "Not ready" in rows[2] and "At risk" in rows[0]
    # Each checkpoint is followed by its sections, by name, with their movement.
    assert lines[lines.index(rows[2]) + 1].split() == ["Own", "25", "(-75),", "Align", "100", "(+12)"]


def test_trend_same_score_is_an_arrow_right(cli, workdir):
    a = write_answers(workdir / "a.yaml", {"owner": YES}, team="T", date="2026-01-01")
    b = write_answers(workdir / "b.yaml", {"owner": YES}, team="T", date="2026-02-01")
    data = json.loads(cli("trend", str(a), str(b), "--format", "json").stdout)
    assert data[0]["checkpoints"][1]["change"] == "same"
    assert data[0]["checkpoints"][1]["score_delta"] == 0


def test_trend_needs_dates(cli, workdir):
    a = write_answers(workdir / "a.yaml", {"owner": YES}, team="T")
    result = cli("trend", str(a))
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: a.yaml: has no 'date'; a trend needs one per file")


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_trend_reports(cli, history, fmt):
    result = cli("trend", *map(str, history), "--format", fmt)
    assert result.exit_code == 0
    assert "Payments" in result.stdout and "94" in result.stdout
    if fmt == "html":
        assert result.stdout.count("<svg") == 1  # a chart for the team with more than one checkpoint


# -- the HTML chart: dated axes (issue 18) --------------------------------------------------------
# The chart's units (render/trend.py): the plot runs from x 44 to 590 (546 wide) and from y 164
# (score 0) up to y 26 (score 100, 138 high).

def charts(html: str) -> list[ET.Element]:
    return [ET.fromstring(svg) for svg in re.findall(r"<svg.*?</svg>", html, re.S)]


def trend_html(cli, files) -> str:
    result = cli("trend", *map(str, files), "--format", "html")
    assert result.exit_code == 0, result.stderr
    return result.stdout


def date_labels(svg: ET.Element) -> list[tuple[float, str, str]]:
    """The time axis's labels: (x, anchor, text)."""
    group = next(g for g in svg.iter("g") if g.get("class") == "dates")
    return [(float(t.get("x")), t.get("text-anchor"), t.text) for t in group.iter("text")]


def test_trend_chart_labels_its_time_axis_with_the_checkpoint_dates(cli, history):
    html = trend_html(cli, history)
    (svg,) = charts(html)  # Growth has one checkpoint: its table, no chart
    assert [text for _, _, text in date_labels(svg)] == ["2026-01-10", "2026-02-10", "2026-03-10"]
    # The score axis: 0 to 100, every 25, labelled; the bands' thresholds (80 and 60) as lines at their height.
    grid = next(g for g in svg.iter("g") if g.get("class") == "grid")
    assert [(t.text, t.get("y")) for t in grid.iter("text")] == [
        ("0", "164.0"), ("25", "129.5"), ("50", "95.0"), ("75", "60.5"), ("100", "26.0")]
    assert [line.get("y1") for line in svg.iter("line") if line.get("class") == "band"] == ["53.6", "81.2"]
    assert "Ready from 80, At risk from 60" in html
    # The points at their scores (63, 94, 63): y = 164 - 138 * score / 100.
    assert [c.get("cy") for c in svg.iter("circle")] == ["77.1", "34.3", "77.1"]


def test_trend_chart_spaces_checkpoints_by_the_days_between_them(cli, workdir):
    # 40 days, then 30 more: 70 days over 546 units, so the second point is 546 * 40 / 70 = 312 from the first.
    files = [write_answers(workdir / f"{day}.yaml", {"owner": YES}, team="T", date=day)
             for day in ["2026-01-01", "2026-02-10", "2026-03-12"]]
    (svg,) = charts(trend_html(cli, files))
    assert [c.get("cx") for c in svg.iter("circle")] == ["44.0", "356.0", "590.0"]
    # The first label starts at its point and the latest ends at its own: both inside the chart.
    assert date_labels(svg) == [(44.0, "start", "2026-01-01"), (356.0, "middle", "2026-02-10"),
                                (590.0, "end", "2026-03-12")]
    # 10 days, then 60 more: the second point is 546 * 10 / 70 = 78 from the first, too close to label its
    # date beside the first one's; its tick stays.
    files[1] = write_answers(workdir / "2026-02-10.yaml", {"owner": YES}, team="T", date="2026-01-11")
    (svg,) = charts(trend_html(cli, files))
    assert [c.get("cx") for c in svg.iter("circle")] == ["44.0", "122.0", "590.0"]
    assert [text for _, _, text in date_labels(svg)] == ["2026-01-01", "2026-03-12"]
    assert [line.get("x1") for line in svg.iter("line") if line.get("y2") == "170"] == ["44.0", "122.0", "590.0"]


def test_trend_chart_thins_the_dates_of_30_checkpoints_and_lists_every_one(cli, workdir):
    days = [_dt.date(2026, 1, 5) + _dt.timedelta(weeks=i) for i in range(30)]
    # Every other week the owner says no: 0 + 1 + 2 + 2 = 5 of 8 -> 63 (a blocker: Not ready); else all yes, 100.
    files = [write_answers(workdir / f"w{i}.yaml", {"owner": '"no"' if i % 2 else YES, "sponsor": YES,
                                                    "metric": YES, "roles": YES},
                           team="T", date=day.isoformat()) for i, day in enumerate(days)]
    html = trend_html(cli, files)
    (svg,) = charts(html)
    ticks = [line for line in next(g for g in svg.iter("g") if g.get("class") == "dates").iter("line")]
    assert len(ticks) == 1 + 30  # the axis, then a tick per checkpoint
    labels = date_labels(svg)
    assert labels[0][2] == "2026-01-05" and labels[-1][2] == days[-1].isoformat()
    assert 3 <= len(labels) <= 6
    # 29 weeks over 546 units: 18.8 a week. Labels (about 110 units wide at a phone's font) never overlap.
    spans = [(x, x + 112) if a == "start" else (x - 112, x) if a == "end" else (x - 56, x + 56) for x, a, _ in labels]
    assert all(right <= left for (_, right), (left, _) in zip(spans, spans[1:]))
    # The text alternative lists every date with its score and band, in order.
    listed = re.search(r'<ol class="checkpoints">(.*?)</ol>', html, re.S)
    assert listed is not None
    assert re.findall(r"<li>(.*?)</li>", listed.group(1)) == [
        f"{day.isoformat()}: {'63 (Not ready)' if i % 2 else '100 (Ready)'}" for i, day in enumerate(days)]
    # The chart's own alternative says what it shows, from when to when.
    assert svg.find("title").text.startswith("Score out of 100 at 30 checkpoints from 2026-01-05 to 2026-07-27")


def test_trend_chart_of_two_checkpoints_labels_both(cli, workdir):
    files = [write_answers(workdir / f"{day}.yaml", {"owner": YES}, team="T", date=day)
             for day in ["2026-01-01", "2026-01-02"]]
    (svg,) = charts(trend_html(cli, files))
    assert date_labels(svg) == [(44.0, "start", "2026-01-01"), (590.0, "end", "2026-01-02")]
