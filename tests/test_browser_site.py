"""The built site in a real headless Chromium: loads cleanly, search works, axe is clean at every level."""

from __future__ import annotations

import pytest

from tests.browser import all_level_violations, engine_site, screenshot, serve

# Every page type: the home page, a play, the plays index, a checklist page with its form, a guide,
# a template, the glossary and the page a host serves for a missing address.
PAGES = {
    "home": "/",
    "play": "/plays/single-threaded-owner/",
    "plays-index": "/plays/",
    "checklist": "/checklists/kickoff-readiness/",
    "glossary": "/glossary/",
    "template": "/templates/ownership-map/",  # wide tables: they scroll sideways on a phone
    "guide": "/guides/kickoff-session/",  # has a task list
    "404": "/404.html",
}
WIDTHS = {"laptop": (1280, 800), "phone": (390, 844)}


@pytest.fixture(scope="module")
def site(built_site, chromium):
    with serve(built_site) as url:
        yield url, chromium


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", WIDTHS)
def test_page_loads_without_errors_and_passes_axe_at_every_level(site, name, scheme, size):
    url, chromium = site
    width, height = WIDTHS[size]
    context = chromium.new_context(color_scheme=scheme, viewport={"width": width, "height": height})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    response = page.goto(url + PAGES[name], wait_until="networkidle")
    assert response.status == 200
    page.wait_for_timeout(100)  # the theme's own script finishes building copy buttons and table wrappers
    screenshot(page, f"site-{name}-{size}-{scheme}")
    assert errors == [], errors
    assert failed == [], failed
    assert all_level_violations(page) == []
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", WIDTHS)
def test_search_dialog_with_results_passes_axe_at_every_level(site, scheme, size):
    url, chromium = site
    width, height = WIDTHS[size]
    context = chromium.new_context(color_scheme=scheme, viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(url + "/plays/", wait_until="networkidle")
    page.keyboard.press("/")  # the theme's shortcut opens search, on a laptop and a phone
    page.keyboard.type("owner")
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    assert page.get_by_role("dialog", name="Search").count() == 1  # the dialog has a name
    assert page.locator(".md-search-result__item").first.is_visible()
    screenshot(page, f"site-search-{size}-{scheme}")
    assert all_level_violations(page) == []
    context.close()


def test_no_invisible_tab_stop_before_the_page(site):
    """Every Tab stop from the top of a page is something a sighted keyboard user can see."""
    url, chromium = site
    page = chromium.new_page(viewport={"width": 1280, "height": 800})
    page.goto(url + "/", wait_until="networkidle")
    stops = []
    for _ in range(8):
        page.keyboard.press("Tab")
        stops.append(page.evaluate("""() => {
          const e = document.activeElement, box = e.getBoundingClientRect();
          // The theme's colour toggle is a 0x0 radio whose label shows the focus; the skip link shows on focus.
          const shown = box.width * box.height > 0 || (e.id && document.querySelector(`label[for="${e.id}"]`));
          return {name: e.getAttribute('aria-label') || e.textContent.trim().slice(0, 30), shown: !!shown};
        }"""))
    assert [s for s in stops if not s["shown"]] == [], stops
    page.close()


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


# -- the same pages from the other engines -------------------------------------------------------

@pytest.fixture(scope="module")
def engine_scratch(tmp_path_factory):
    return tmp_path_factory.mktemp("engines-a11y")


@pytest.mark.parametrize("engine", ["properdocs", "zensical"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_other_engines_pages_pass_axe_at_every_level(engine, scheme, engine_scratch, chromium):
    """Zensical has a theme of its own (a light footer, its own navigation colours): the fixes hold there too."""
    site = engine_site(engine, engine_scratch)
    with serve(site) as url:
        for size, (width, height) in WIDTHS.items():
            context = chromium.new_context(color_scheme=scheme, viewport={"width": width, "height": height})
            for name in ("home", "play", "plays-index", "checklist", "template", "404"):
                page = context.new_page()
                page.goto(url + PAGES[name], wait_until="networkidle")
                page.wait_for_timeout(100)
                assert all_level_violations(page) == [], f"{engine} {name} {size}"
                page.close()
            context.close()
