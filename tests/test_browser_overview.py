"""`playbook overview --format html` in a real headless Chromium: axe clean at every level, in light and
dark, on a laptop and a phone; sticky headings for 200 teams; self-contained; screenshots to look at."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from playbook_cli.cli import main
from tests.browser import all_level_violations, screenshot
from tests.common import many_teams

SIZES = {"laptop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The overview of 12 and of 200 teams (sections), and of 12 with --items, as HTML files."""
    from tests.conftest import MINI

    root = tmp_path_factory.mktemp("overview")
    (root / "checklists").mkdir()
    (root / "checklists" / "mini.yaml").write_text(MINI.replace(", play: plays/a.md", "").replace(
        ", play: plays/b.md", ""), encoding="utf-8")
    out = {}
    for teams, items in ((12, False), (200, False), (12, True)):
        answers = root / f"answers-{teams}"
        if not answers.exists():
            many_teams(answers, teams)
        name = f"overview-{teams}{'-items' if items else ''}"
        target = root / f"{name}.html"
        result = CliRunner().invoke(main, ["overview", "--checklists", str(root / "checklists"), str(answers),
                                           "--format", "html", "--as-of", "2026-11-29", "-o", str(target),
                                           *(["--items"] if items else [])], catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        out[name] = target
    return out


CASES = [(name, size, scheme) for name in ("overview-12", "overview-12-items", "overview-200") for size in SIZES
         for scheme in ("light", "dark") if not (name == "overview-200" and size == "phone")]  # axe takes 30 s there


@pytest.mark.parametrize("name, size, scheme", CASES)
def test_the_overview_is_axe_clean_at_every_level(chromium, pages, name, size, scheme):
    context = chromium.new_context(viewport=SIZES[size], color_scheme=scheme)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(pages[name].as_uri())
    try:
        assert [url for url in requests if not url.startswith("file:")] == []  # self-contained
        screenshot(page, f"{name}-{size}-{scheme}")
        assert all_level_violations(page) == []
    finally:
        context.close()


def test_two_hundred_teams_keep_their_heading_and_names_in_view(chromium, pages):
    context = chromium.new_context(viewport=SIZES["laptop"])
    page = context.new_page()
    page.goto(pages["overview-200"].as_uri())
    try:
        region = page.locator(".scroll")
        region.evaluate("el => { el.scrollTop = 4000; el.scrollLeft = 400; }")
        box, corner = region.bounding_box(), page.locator("thead th").first.bounding_box()
        assert box is not None and corner is not None
        assert abs(corner["y"] - box["y"]) <= 2 and abs(corner["x"] - box["x"]) <= 2  # the header row on top
        # Just under the header, at the region's left edge: a team's name, though the table scrolled right.
        below = page.evaluate("([x, y]) => document.elementFromPoint(x, y).closest('tbody th')?.textContent",
                              [box["x"] + 8, corner["y"] + corner["height"] + 8])
        assert below and below.startswith("Team 1")
        screenshot(page, "overview-200-scrolled")
        # Every cell of the heatmap shows a number (or n/a), never a colour alone.
        texts = page.eval_on_selector_all("td.c", "cells => cells.map(c => c.textContent.trim())")
        assert len(texts) == 200 * 3 and all(text[:1].isdigit() or text.startswith("n/a") for text in texts)
        # The region scrolls from the keyboard: it is focusable and named by the table's caption.
        assert region.get_attribute("tabindex") == "0" and page.locator("caption").count() == 1
        page.emulate_media(media="print")
        assert page.pdf(format="A4").startswith(b"%PDF")
    finally:
        context.close()
