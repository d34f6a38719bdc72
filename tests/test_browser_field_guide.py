"""The site as a field guide, in real headless Chromium: play cards, the plays index, the front door,
templates, the 404 page and search (issue 14). Print is in test_browser_print.py, axe in test_browser_site.py."""

from __future__ import annotations

import pytest

from playbook_cli.site.docs_pages import front_matter
from tests.browser import browser, screenshot, serve
from tests.conftest import REPO

PLAYS = sorted(p for p in (REPO / "docs" / "plays").glob("*.md") if p.name != "index.md" and not p.name.startswith("_"))


@pytest.fixture(scope="module")
def site(built_site):
    with serve(built_site) as url, browser() as chromium:
        yield url, chromium


def open_page(chromium, url, path, scheme="light", width=1280, height=800, javascript=True):
    context = chromium.new_context(color_scheme=scheme, viewport={"width": width, "height": height},
                                   java_script_enabled=javascript)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    response = page.goto(url + path, wait_until="networkidle")
    assert response.status == 200, path
    return context, page


CARD_FACTS = """() => Object.fromEntries([...document.querySelectorAll('.playbook-card dt')].map(
  dt => [dt.textContent, dt.nextElementSibling.innerText]))"""


@pytest.mark.parametrize("play", PLAYS, ids=lambda p: p.stem)
def test_every_play_shows_its_card_at_the_top(site, play):
    url, chromium = site
    meta = front_matter(play)
    context, page = open_page(chromium, url, f"/plays/{play.stem}/")
    card = page.locator(".playbook-card")
    assert card.count() == 1 and card.is_visible()
    # In the first screen of a laptop, right under the title.
    assert card.bounding_box()["y"] < 400
    assert page.evaluate("document.querySelector('h1').nextElementSibling.className") == "playbook-card"
    facts = page.evaluate(CARD_FACTS)
    reviewed = meta["last_reviewed"]
    assert facts["Time"] == meta["time"]
    assert facts["People"] == meta["people"]
    assert facts["Phase"] == meta["phase"]
    assert facts["Owner"] == meta["owner"]
    assert facts["Last reviewed"] == f"{reviewed.day} {reviewed:%B} {reviewed.year}"
    if "difficulty" in meta:
        assert facts["Difficulty"] == meta["difficulty"]
    if "materials" in meta:
        assert facts["What to prepare"].splitlines() == meta["materials"]
    if play.stem == "single-threaded-owner":
        screenshot(page, "play-card")
    assert page.errors == []
    context.close()


SHOWN = ("() => [...document.querySelectorAll('.playbook-play')].filter(c => c.offsetParent)"
         ".map(c => c.querySelector('h2 a').textContent)")


def test_plays_index_shows_a_card_per_play_and_filters_by_phase_and_tag(site):
    url, chromium = site
    plays = {front_matter(p)["title"]: front_matter(p) for p in PLAYS}
    context, page = open_page(chromium, url, "/plays/")
    assert sorted(page.evaluate(SHOWN)) == sorted(plays)
    assert page.inner_text(".playbook-filter__status") == f"Showing all {len(plays)} plays."

    page.select_option("#playbook-filter-phase", "Kickoff")
    kickoff = sorted(t for t, m in plays.items() if m["phase"] in ("Kickoff", "Any"))
    assert sorted(page.evaluate(SHOWN)) == kickoff
    assert page.inner_text(".playbook-filter__status") == (
        f"Showing {len(kickoff)} of {len(plays)} plays: for Kickoff (or any phase).")

    page.select_option("#playbook-filter-tag", "ownership")
    both = sorted(t for t in kickoff if "ownership" in plays[t]["tags"])
    assert both and sorted(page.evaluate(SHOWN)) == both
    assert "?phase=Kickoff&tag=ownership" in page.url  # a filtered list can be shared
    screenshot(page, "plays-index-filtered")

    page.reload(wait_until="networkidle")
    assert page.input_value("#playbook-filter-phase") == "Kickoff"
    assert sorted(page.evaluate(SHOWN)) == both

    page.select_option("#playbook-filter-phase", "")
    page.select_option("#playbook-filter-tag", "")
    assert sorted(page.evaluate(SHOWN)) == sorted(plays)
    assert page.errors == []
    context.close()


def test_plays_index_without_javascript_shows_every_card(site):
    url, chromium = site
    context, page = open_page(chromium, url, "/plays/?phase=Kickoff", javascript=False)
    assert page.locator(".playbook-play").count() == len(PLAYS)
    assert all(page.locator(".playbook-play").nth(i).is_visible() for i in range(len(PLAYS)))
    assert page.locator(".playbook-filter").count() == 0
    context.close()
