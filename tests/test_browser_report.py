"""HTML reports in a real headless Chromium: self-contained, accessible at every level in either colour
scheme, readable on a laptop and on a phone (no sideways scrolling), and printable on A4.

Screenshots (laptop, phone, dark, print) and the printed PDFs land in tests/artifacts/ for people to look at.
"""

from __future__ import annotations

import io
import re

import pytest

from tests.browser import ARTIFACTS, all_level_violations
from tests.conftest import write_answers
from tests.test_scoring import TEAM

pypdf = pytest.importorskip("pypdf", reason="pypdf counts the printed pages: pip install -e '.[test]'")

LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
NOTE = "Finance and product still disagree on the target, and the sponsor has not said which one counts"


def _notes(path, notes: dict[str, str]):
    with path.open("a", encoding="utf-8") as f:
        f.write("notes:\n" + "".join(f'  {item}: "{text}"\n' for item, text in notes.items()))
        f.write("actions:\n  roles: {owner: Priya Raman-Castellanos, due: 2026-12-01}\n")
    return path


@pytest.fixture
def single_report(cli, workdir):
    answers = _notes(write_answers(workdir / "dana.yaml", {"owner": '"yes"', "sponsor": "unknown", "metric": "partly",
                                                            "roles": '"no"'},
                                   team="Payments", respondent="Dana", date="2026-11-23"), {"metric": NOTE})
    result = cli("score", str(answers), "--format", "html", "-o", str(workdir / "single.html"))
    assert result.exit_code == 0, result.stderr
    return workdir / "single.html"


@pytest.fixture
def team_report(cli, workdir):
    files = [write_answers(workdir / f"{name}.yaml", answers, team="Payments", respondent=name.title(),
                           date="2026-11-23") for name, answers in TEAM.items()]
    _notes(files[0], {"metric": NOTE})
    result = cli("score", *map(str, files), "--format", "html", "-o", str(workdir / "report.html"))
    assert result.exit_code == 0, result.stderr
    return workdir / "report.html"


@pytest.fixture
def trend_report(cli, workdir):
    files = [write_answers(workdir / f"t{i}.yaml", {"owner": '"yes"', "sponsor": answer, "metric": '"yes"'},
                           team="Payments", date=f"2026-0{i}-01")
             for i, answer in enumerate(['"no"', "partly", '"yes"'], start=1)]
    result = cli("trend", *map(str, files), "--format", "html", "-o", str(workdir / "trend.html"))
    assert result.exit_code == 0
    return workdir / "trend.html"


@pytest.fixture
def checklist_report(cli, workdir):
    result = cli("show", "mini", "--format", "html", "-o", str(workdir / "checklist.html"))
    assert result.exit_code == 0
    return workdir / "checklist.html"


@pytest.fixture
def listing_report(cli, workdir):
    result = cli("list", "--format", "html", "-o", str(workdir / "list.html"))
    assert result.exit_code == 0
    return workdir / "list.html"


def test_report_is_self_contained(team_report):
    text = team_report.read_text(encoding="utf-8")
    assert not re.search(r'(src|href)="(https?:)?//', text)
    assert "<script" not in text and "@import" not in text and "url(" not in text
    # Charts: a bar per section (its number is beside it) and a scale per misaligned item, with a text alternative.
    charts = re.findall(r"<svg[^>]*>", text)
    assert charts and all('aria-hidden="true"' in svg or 'role="img"' in svg for svg in charts)
    assert any('role="img"' in svg for svg in charts)


def look(chromium, path, name: str, viewport: dict, scheme: str):
    """Open the report as a reader would; fail on any request beyond the file itself or any console error."""
    context = chromium.new_context(viewport=viewport, color_scheme=scheme)
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(path.as_uri())
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    assert requests == [path.as_uri()], "a report loads nothing from elsewhere"
    assert errors == []
    return context, page


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", ["laptop", "phone"])
@pytest.mark.parametrize("which", ["single_report", "team_report", "trend_report", "checklist_report",
                                   "listing_report"])
def test_report_passes_axe_at_every_level_and_fits_the_screen(request, chromium, which, size, scheme):
    path = request.getfixturevalue(which)
    context, page = look(chromium, path, f"report-{which}-{size}-{scheme}", LAPTOP if size == "laptop" else PHONE,
                         scheme)
    try:
        assert all_level_violations(page) == []
        # Nothing wider than the screen: the page never scrolls sideways, tables stack into cards on a phone.
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        for title in page.eval_on_selector_all("svg[role=img] > title", "els => els.map(e => e.textContent)"):
            assert title.strip()
    finally:
        context.close()


def test_the_action_plan_stacks_into_cards_on_a_phone(chromium, team_report):
    context, page = look(chromium, team_report, "report-team-phone-plan", PHONE, "light")
    try:
        row = page.locator("table.actions tbody tr").first
        cells = row.locator("td")
        boxes = [cells.nth(i).bounding_box() for i in range(cells.count())]
        assert len({round(b["x"]) for b in boxes if b and b["height"]}) == 1, "each cell on its own line"
        assert len({round(b["width"]) for b in boxes if b and b["height"]}) == 1, "each as wide as the card"
        # Each value says what it is, since the header row is hidden.
        assert page.evaluate("""() => getComputedStyle(document.querySelector(
            'table.actions td[data-label="Owner"]'), '::before').content""").startswith('"Owner')
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("which", ["single_report", "team_report", "trend_report"])
def test_report_prints_on_white_a4_with_its_notes(request, chromium, which, scheme):
    path = request.getfixturevalue(which)
    context, page = look(chromium, path, f"report-{which}-{scheme}", LAPTOP, scheme)
    try:
        page.emulate_media(media="print")
        page.screenshot(path=str(ARTIFACTS / f"report-{which}-print-{scheme}.png"), full_page=True)
        # Paper is white and ink black whatever the screen's scheme.
        colours = page.evaluate("""() => [getComputedStyle(document.documentElement).backgroundColor,
                                          getComputedStyle(document.body).color]""")
        assert colours == ["rgb(255, 255, 255)", "rgb(0, 0, 0)"]
        pdf = page.pdf(format="A4", print_background=True)
        (ARTIFACTS / f"report-{which}-{scheme}.pdf").write_bytes(pdf)
        pages = [p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]
        assert 1 <= len(pages) <= 3
        assert all(text.strip() for text in pages), "no blank page"
        if which != "trend_report":
            assert " ".join(NOTE.split()[:4]) in " ".join(" ".join(pages).split())
    finally:
        context.close()
