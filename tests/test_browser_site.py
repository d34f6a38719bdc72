"""The built site in a real headless Chromium: loads cleanly, search works, axe is clean."""

from __future__ import annotations

import pytest

from tests.browser import browser, screenshot, serious_violations, serve

PAGES = {
    "home": "/",
    "play": "/plays/single-threaded-owner/",
    "checklist": "/checklists/kickoff-readiness/",
    "glossary": "/glossary/",
    "template": "/templates/ownership-map/",
    "guide": "/guides/kickoff-session/",  # has a task list
}


@pytest.fixture(scope="module")
def site(built_site):
    with serve(built_site) as url, browser() as chromium:
        yield url, chromium


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_page_loads_without_errors_and_passes_axe(site, name, scheme):
    url, chromium = site
    context = chromium.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    response = page.goto(url + PAGES[name], wait_until="networkidle")
    assert response.status == 200
    screenshot(page, f"site-{name}-{scheme}")
    assert errors == [], errors
    assert failed == [], failed
    assert serious_violations(page) == []
    context.close()


def test_search_finds_a_play(site):
    url, chromium = site
    page = chromium.new_page()
    page.goto(url + "/", wait_until="networkidle")
    page.click("input.md-search__input")
    page.keyboard.type("single-threaded owner")  # typed, so Material's key handlers run
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    links = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
    assert any("/plays/single-threaded-owner/" in href for href in links), links
    screenshot(page, "site-search")
    page.close()


def test_dark_mode_toggle(site):
    url, chromium = site
    page = chromium.new_page(color_scheme="light")
    page.goto(url + "/plays/narrative-debt/", wait_until="networkidle")
    assert page.get_attribute("body", "data-md-color-scheme") == "default"
    page.click("label[title='Switch to dark mode']")
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    page.close()
