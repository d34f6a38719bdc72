"""`playbook trend --format html` in a real headless Chromium, for 12 teams (one with 2 checkpoints, one with
30): axe clean at every level in light and dark, on a laptop and a phone; dated axes whose labels never
overlap or leave the chart; a compact page; white paper in print with every date and score on it.

Screenshots land in tests/artifacts/trend-*.png for people to look at.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from click.testing import CliRunner

from playbook_cli.cli import main
from tests.browser import ARTIFACTS, all_level_violations
from tests.conftest import MINI, write_answers

SIZES = {"laptop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
TEAMS = ["Atlas", "Billing", "Checkout", "Data", "Edge", "Fraud", "Growth", "Identity", "Journeys", "Kiosk",
         "Ledger", "Mobile"]
CHECKPOINTS = [2, 30, 5, 8, 3, 12, 6, 4, 10, 7, 5, 9]  # Atlas has 2, Billing 30
# Half-points out of 8 at each checkpoint, going up and down: scores from 0 to 100.
LEVELS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 6, 4, 7]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """The trend of 12 teams, checkpoints a week to seven weeks apart, as an HTML file."""
    root = tmp_path_factory.mktemp("trend")
    (root / "checklists").mkdir()
    (root / "checklists" / "mini.yaml").write_text(MINI, encoding="utf-8")
    files = []
    for t, (team, count) in enumerate(zip(TEAMS, CHECKPOINTS)):
        day = dt.date(2025, 1, 6) + dt.timedelta(days=3 * t)
        for i in range(count):
            level = LEVELS[(i + t) % len(LEVELS)]
            answers = {item: '"yes"' if level >= 2 * (j + 1) else "partly" if level == 2 * j + 1 else '"no"'
                       for j, item in enumerate(["roles", "metric", "sponsor", "owner"])}
            files.append(write_answers(root / f"{team}-{i}.yaml", answers, team=team, date=day.isoformat()))
            day += dt.timedelta(days=7 + (13 * i + 5 * t) % 40)
    target = root / "trend.html"
    result = CliRunner().invoke(main, ["trend", "--checklists", str(root / "checklists"), *map(str, files),
                                       "--format", "html", "-o", str(target)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return target


def open_page(chromium, report, size: str, scheme: str):
    context = chromium.new_context(viewport=SIZES[size], color_scheme=scheme)
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(report.as_uri())
    assert requests == [report.as_uri()], "the report loads nothing from elsewhere"
    assert errors == []
    return context, page


# Every label's box on the screen, per chart: the dates under the time axis and the scores over the points.
LABEL_BOXES = """() => [...document.querySelectorAll('svg[role=img]')].map(svg => {
    const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
    return {chart: box(svg), dates: [...svg.querySelectorAll('.dates text')].map(box),
            scores: [...svg.querySelectorAll('.points text')].map(box)};
})"""


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", SIZES)
def test_trend_is_axe_clean_and_its_labels_never_overlap(chromium, report, size, scheme):
    context, page = open_page(chromium, report, size, scheme)
    try:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"trend-12-teams-{size}-{scheme}.png"), full_page=True)
        assert all_level_violations(page) == []
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        charts = page.evaluate(LABEL_BOXES)
        assert len(charts) == len(TEAMS)
        for team, chart in zip(TEAMS, charts):
            dates, scores = chart["dates"], chart["scores"]
            assert len(dates) >= 2, team  # the first and the latest dates at least
            for labels in (dates, scores):
                assert not any(overlap(a, b) for i, a in enumerate(labels) for b in labels[i + 1:]), team
            left, top, right, bottom = chart["chart"]
            assert all(left - 1 <= d[0] and d[2] <= right + 1 and d[3] <= bottom + 1 for d in dates), team
            assert all(d[3] - d[1] >= 10 for d in dates), f"{team}: date labels too small to read"
    finally:
        context.close()


def test_twelve_teams_make_a_compact_page(chromium, report):
    # Before the dated charts, 12 teams were 7,195 px tall on a laptop and 15,213 px on a phone.
    heights = {}
    for size in SIZES:
        context, page = open_page(chromium, report, size, "light")
        heights[size] = page.evaluate("document.documentElement.scrollHeight")
        context.close()
    assert heights["laptop"] <= 2400 and heights["phone"] <= 4000, heights


def test_each_chart_has_its_dates_and_scores_in_words(chromium, report):
    context, page = open_page(chromium, report, "laptop", "light")
    try:
        lists = page.eval_on_selector_all("figure.trend ol.checkpoints", "els => els.map(e => e.children.length)")
        assert lists == CHECKPOINTS
        # Read by a screen reader, not drawn twice on the screen; the table is a click away.
        box = page.locator("ol.checkpoints").nth(1).bounding_box()
        assert box is not None and box["width"] <= 1 and box["height"] <= 1
        billing = page.locator("section.team").nth(1)
        billing.locator("summary").click()
        assert billing.locator("table tbody tr").count() == 30
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_trend_prints_on_white_paper_with_every_date_and_score(chromium, report, scheme):
    pypdf = pytest.importorskip("pypdf", reason="pypdf reads the printed pages: pip install -e '.[test]'")
    context, page = open_page(chromium, report, "laptop", scheme)
    try:
        page.emulate_media(media="print")
        page.screenshot(path=str(ARTIFACTS / f"trend-12-teams-print-{scheme}.png"), full_page=True)
        colours = page.evaluate("""() => [getComputedStyle(document.documentElement).backgroundColor,
                                          getComputedStyle(document.body).color]""")
        assert colours == ["rgb(255, 255, 255)", "rgb(0, 0, 0)"]
        pdf = page.pdf(format="A4", print_background=True)
        (ARTIFACTS / f"trend-12-teams-{scheme}.pdf").write_bytes(pdf)
        text = " ".join(p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
        # On paper the list of checkpoints shows: Billing's 30 dates, each with its score.
        billing = page.eval_on_selector_all("section.team:nth-child(2) ol.checkpoints li",
                                            "els => els.map(e => e.textContent)")
        assert len(billing) == 30
        assert all(entry.split(" (")[0] in " ".join(text.split()) for entry in billing)
    finally:
        context.close()
