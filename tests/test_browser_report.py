"""HTML reports in a real headless Chromium: self-contained, accessible, printable."""

from __future__ import annotations

import re

import pytest

from tests.browser import browser, screenshot, serious_violations
from tests.conftest import write_answers
from tests.test_scoring import TEAM


@pytest.fixture
def team_report(cli, workdir):
    files = [write_answers(workdir / f"{name}.yaml", answers, team="Payments", respondent=name.title(),
                           date="2026-11-23") for name, answers in TEAM.items()]
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


def test_report_is_self_contained(team_report):
    text = team_report.read_text(encoding="utf-8")
    assert not re.search(r'(src|href)="(https?:)?//', text)
    assert "<script" not in text
    # Charts: a bar per section (its number is beside it) and a scale per misaligned item, with a text alternative.
    charts = re.findall(r"<svg[^>]*>", text)
    assert charts and all('aria-hidden="true"' in svg or 'role="img"' in svg for svg in charts)
    assert any('role="img"' in svg for svg in charts)


@pytest.mark.parametrize("which", ["team_report", "trend_report"])
def test_report_passes_axe_and_prints(request, which):
    path = request.getfixturevalue(which)
    with browser() as chromium:
        page = chromium.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("requestfailed", lambda r: errors.append(r.url))
        page.goto(path.as_uri())
        screenshot(page, f"report-{which}")
        assert errors == []
        assert serious_violations(page) == []
        # Every chart carries a text alternative.
        for title in page.eval_on_selector_all("svg[role=img] > title", "els => els.map(e => e.textContent)"):
            assert title.strip()
        page.emulate_media(media="print")
        screenshot(page, f"report-{which}-print")
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF")
