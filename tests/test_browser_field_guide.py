"""The site as a field guide, in real headless Chromium: play cards, the plays index, the front door,
templates, the 404 page and search (issue 14). Print is in test_browser_print.py, axe in test_browser_site.py."""

from __future__ import annotations

import re

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


# -- the front door ---------------------------------------------------------------

def site_name() -> str:
    import yaml

    return yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["site_name"]


@pytest.mark.parametrize("width", [1280, 390])
def test_home_page_opens_with_the_browser_checklist_before_any_install(site, width):
    url, chromium = site
    context, page = open_page(chromium, url, "/", width=width, height=844 if width < 1000 else 800)
    assert page.title() == site_name()  # not "Name - Name"
    opening = page.evaluate("document.querySelector('article h1').nextElementSibling.innerText")
    assert opening.startswith("Check your kickoff readiness in 15 minutes, in your browser.")
    text = page.inner_text("article")
    assert text.index("in your browser") < text.index("pip")  # the form before any install instructions
    button = page.get_by_role("link", name="Check your kickoff readiness")
    assert button.bounding_box()["y"] + button.bounding_box()["height"] <= page.viewport_size["height"]  # first screen
    screenshot(page, f"home-{width}")
    button.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/checklists/kickoff-readiness/#fill-it-in")
    form = page.locator("#playbook-form")
    assert form.is_visible()
    box = form.bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"]  # it lands on the form
    assert page.errors == []
    context.close()


@pytest.mark.parametrize("guide, checklist", [("kickoff-session", "kickoff-readiness"),
                                              ("team-health-check", "team-health")])
def test_session_guides_say_the_checklist_works_in_the_browser(site, guide, checklist):
    url, chromium = site
    context, page = open_page(chromium, url, f"/guides/{guide}/")
    link = page.locator(f'article a[href$="checklists/{checklist}/#fill-it-in"]').first
    assert link.is_visible()
    # Said before the guide's first terminal command.
    text = page.inner_text("article")
    assert text.index("in your browser") < text.index("playbook run")
    context.close()


# -- the 404 page ---------------------------------------------------------------------

def test_404_page_offers_search_and_the_way_back(site):
    url, chromium = site
    context, page = open_page(chromium, url, "/404.html")
    assert page.inner_text("h1") == "Page not found"
    for name in ("Plays", "Checklists", "Check your kickoff readiness in 15 minutes, in your browser", "The home page"):
        assert page.get_by_role("link", name=name, exact=True).is_visible(), name
    page.get_by_role("link", name="Plays", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/plays/") and page.inner_text("h1").startswith("Plays")
    page.go_back(wait_until="networkidle")
    page.get_by_role("searchbox", name="Search the playbook").fill("single-threaded")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_selector(".md-search-result__item", timeout=10_000)  # the theme's search opens with the words
    links = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
    assert any("/plays/single-threaded-owner/" in link for link in links), links
    assert page.errors == []
    context.close()


# -- the form on a checklist page ----------------------------------------------------------

CHECKLIST = "/checklists/kickoff-readiness/"


def test_empty_form_says_no_answers_yet_not_a_score(site):
    url, chromium = site
    context, page = open_page(chromium, url, CHECKLIST)
    summary = page.locator("#playbook-result .playbook-result__summary")
    assert summary.inner_text().startswith("No answers yet.")
    bar = page.locator("[data-role=scorebar]")
    assert bar.inner_text().startswith("No answers yet.")
    for shown in (summary.inner_text(), bar.inner_text(), page.locator("#playbook-result").inner_text()):
        assert not re.search(r"/100|\d+ blockers?|\d+ of \d+ answered", shown) and "Not ready" not in shown, shown
    page.locator("fieldset.playbook-item").nth(1).get_by_text("Yes", exact=True).click()
    assert summary.inner_text().startswith("Score ") and "/100" in summary.inner_text()
    questions = page.locator("fieldset.playbook-item").count()  # whatever the checklist holds: forks reword it
    assert f"1 of {questions} answered" in bar.inner_text()
    assert page.errors == []
    context.close()


def test_an_answer_can_be_taken_back_by_keyboard(site):
    url, chromium = site
    context, page = open_page(chromium, url, CHECKLIST)
    item = page.evaluate("window.playbookForm.checklist.items[3].id")
    question = page.evaluate("window.playbookForm.checklist.items[3].question")
    clear = page.get_by_role("button", name=f"Clear answer to: {question}", include_hidden=True)
    assert clear.count() == 1 and not clear.is_visible()  # nothing to take back yet
    page.locator(f'input[name="{item}"][value="no"]').focus()
    page.keyboard.press("Space")
    assert page.evaluate("window.playbookForm.state().answers")[item] == "no"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.clear") == item
    page.keyboard.press("Enter")
    assert item not in page.evaluate("window.playbookForm.state().answers")
    assert page.locator(f'input[name="{item}"]:checked').count() == 0
    assert not clear.is_visible()
    assert page.evaluate("document.activeElement.name") == item  # the keyboard stays on that question
    page.reload(wait_until="networkidle")
    assert page.locator(f'input[name="{item}"]:checked').count() == 0  # and it stays unanswered
    assert page.errors == []
    context.close()


def test_questions_and_their_controls_have_names_that_tell_them_apart(site):
    url, chromium = site
    context, page = open_page(chromium, url, CHECKLIST)
    items = page.evaluate("window.playbookForm.checklist.items")
    critical = [i for i in items if i["critical"]]
    assert critical
    # A fieldset's name is its legend; a summary's and a button's, their text (hidden words included).
    shown = page.evaluate("""() => [...document.querySelectorAll('fieldset.playbook-item')].map(f => ({
      id: f.dataset.item, legend: f.querySelector('legend').textContent.replace(/\\s+/g, ' ').trim(),
      note: f.querySelector('summary').textContent, clear: f.querySelector('[data-clear]').textContent}))""")
    assert [s["id"] for s in shown] == [i["id"] for i in items]
    for item, seen in zip(items, shown):
        assert item["question"] in seen["legend"], item["id"]
        assert seen["legend"].endswith(" Critical") == item["critical"], seen["legend"]
        assert seen["note"] == f"Note on: {item['question']}"
        assert seen["clear"] == f"Clear answer to: {item['question']}"
    group = page.get_by_role("group", name=re.compile(re.escape(critical[0]["question"]) + ".*Critical"))
    assert group.count() == 1  # as the accessibility tree has it
    summaries = page.eval_on_selector_all("summary", "els => els.map(e => e.textContent)")
    assert len(summaries) == len(set(summaries)) == len(items)
    context.close()


def test_undo_keeps_the_keyboard_in_the_form(site):
    url, chromium = site
    context, page = open_page(chromium, url, CHECKLIST)
    page.locator("fieldset.playbook-item").first.get_by_text("Partly", exact=True).click()
    page.locator("[data-action=reset]").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.action") == "undo"
    page.keyboard.press("Enter")
    assert page.evaluate("window.playbookForm.state().answers") == {page.evaluate(
        "window.playbookForm.checklist.items[0].id"): "partly"}
    assert page.evaluate("document.activeElement.dataset.action") == "reset"  # not lost to the page
    context.close()


def test_table_of_contents_lists_the_form_and_the_result(site):
    url, chromium = site
    context, page = open_page(chromium, url, CHECKLIST)
    toc = page.get_by_role("navigation", name="Table of contents")
    assert toc.get_by_role("link", name="Fill it in on this page").get_attribute("href") == "#fill-it-in"
    assert toc.get_by_role("link", name="Your result").get_attribute("href") == "#your-result"
    toc.get_by_role("link", name="Your result").click()
    box = page.locator("#playbook-result").bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"]
    # Print and Export sit with the result.
    for action in ("print", "export"):
        assert page.locator(f"#playbook-result [data-action={action}]").is_visible(), action
    context.close()


def test_without_javascript_the_form_headings_say_what_to_do(site):
    url, chromium = site
    context, page = open_page(chromium, url, CHECKLIST, javascript=False)
    text = page.inner_text("article")
    assert "The form needs JavaScript" in text and "playbook run kickoff-readiness" in text
    context.close()


def test_form_scripts_load_only_on_checklist_pages(site):
    url, chromium = site
    for path, wanted in (("/", set()), ("/plays/single-threaded-owner/", set()),
                         ("/plays/", {"playbook-dom.js", "play-filter.js"}),
                         (CHECKLIST, {"js-yaml.umd.min.js", "playbook-core.js", "playbook-answers.js",
                                      "playbook-dom.js", "checklist-form.js"})):
        context = chromium.new_context()
        page = context.new_page()
        scripts = []
        page.on("request", lambda r, scripts=scripts: scripts.append(r.url.rsplit("/", 1)[1])
                if r.resource_type == "script" else None)
        page.goto(url + path, wait_until="networkidle")
        ours = {s for s in scripts if s in {"js-yaml.umd.min.js", "playbook-core.js", "playbook-answers.js",
                                            "playbook-dom.js", "checklist-form.js", "play-filter.js"}}
        assert ours == wanted, path
        assert "playbook-pages.js" in scripts
        context.close()


def test_performance_is_for_contributors_not_among_the_reader_guides(site):
    url, chromium = site
    context, page = open_page(chromium, url, "/guides/")
    nav = page.get_by_role("navigation", name="Navigation")
    guides = nav.get_by_role("navigation", name="Guides")
    assert guides.get_by_role("link", name="Performance").count() == 0
    assert nav.get_by_role("navigation", name="Contributors").get_by_role("link", name="Performance").count() == 1
    reference = page.locator("article h2#reference + .md-typeset__scrollwrap, article h2#reference + table").first
    assert "Performance" not in reference.inner_text()
    contributors = page.locator("article h2#for-contributors")
    assert contributors.is_visible()
    page.locator("article").get_by_role("link", name="Performance").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/guides/performance/")  # the address did not change: links keep working
    context.close()


# -- search (MkDocs' search, as the built site has it) ---------------------------------------

GLOSSARY_TERMS = re.findall(r"^## (.+)$", (REPO / "docs" / "glossary.md").read_text(encoding="utf-8"), flags=re.M)


def abbreviation(term: str) -> str | None:
    """'Ideal customer profile (ICP)' -> 'ICP'; 'MQL' and 'n/a' are abbreviations themselves."""
    found = re.search(r"\(([A-Za-z/]{2,6})\)$", term)
    if found:
        return found.group(1)
    return term if len(term) <= 5 and (term.isupper() or "/" in term) else None


ABBREVIATIONS = {abbreviation(t): t for t in GLOSSARY_TERMS if abbreviation(t)}

RESULTS = """() => [...document.querySelectorAll('.md-search-result__item')].map(li =>
  [...li.querySelectorAll('a.md-search-result__link')].map(a => ({
    page: new URL(a.href).pathname, title: a.querySelector('h1, h2').textContent.trim(),
    lines: [...a.querySelectorAll('article')].map(e => e.clientHeight /
      parseFloat(getComputedStyle(e.querySelector('p') || e).lineHeight))[0]})))"""


@pytest.fixture(scope="module")
def search_page(site):
    url, chromium = site
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(url + "/", wait_until="networkidle")
    page.keyboard.press("/")

    def search(words: str):
        page.fill("input.md-search__input", "")
        page.keyboard.type(words)
        page.wait_for_function(
            "(words) => document.querySelector('.md-search-result__meta').textContent.includes('matching') "
            "&& document.querySelector('input.md-search__input').value === words", arg=words, timeout=10_000)
        results = None
        for _ in range(40):  # until the results of the last keystroke settle
            page.wait_for_timeout(250)
            now = page.evaluate(RESULTS)
            if now == results:
                return now
            results = now
        return results

    yield search
    context.close()


def test_abbreviations_are_in_the_glossary():
    assert {"ICP", "STO"} <= set(ABBREVIATIONS)


@pytest.mark.parametrize("abbr", sorted(ABBREVIATIONS))
def test_search_finds_an_abbreviation_in_the_glossary_first(search_page, abbr):
    groups = search_page(abbr)
    first = groups[0]
    assert first[0]["page"].endswith("/glossary/"), [g[0]["title"] for g in groups[:3]]
    assert first[1]["title"] == ABBREVIATIONS[abbr]  # "STO" finds the single-threaded owner, not "story"


def test_search_finds_every_glossary_term(search_page):
    missing = []
    for term in GLOSSARY_TERMS:
        found = [r["title"] for group in search_page(term) for r in group if r["page"].endswith("/glossary/")]
        if term not in found:
            missing.append(term)
    assert missing == []


@pytest.mark.parametrize("words", ["checklist", "owner", "STO", "handoff"])
def test_search_snippets_are_short(search_page, words):
    lines = [r["lines"] for group in search_page(words) for r in group[:1] if r["lines"]]
    assert lines and max(lines) <= 8, lines  # a heading and a few lines of text (a whole section was 30+)


def test_the_whole_checklist_can_be_filled_in_with_the_keyboard_alone(site):
    url, chromium = site
    context, page = open_page(chromium, url, CHECKLIST)
    items = page.evaluate("window.playbookForm.checklist.items.map(i => i.id)")
    page.locator("#playbook-respondent").focus()  # the form's first field, reached from the toolbar
    for index, item in enumerate(items):
        for _ in range(12):  # Tab on, past links, buttons and notes, to this question's answers
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.name") == item:
                break
        assert page.evaluate("document.activeElement.name") == item, f"question {index + 1} not reached"
        page.keyboard.press("Space")  # the first answer, yes
        if index % 2:
            page.keyboard.press("ArrowRight")  # then partly
    answers = page.evaluate("window.playbookForm.state().answers")
    assert len(answers) == len(items) and set(answers.values()) == {"yes", "partly"}
    summary = page.inner_text("#playbook-result .playbook-result__summary")
    assert f"{len(items)} of {len(items)} answered" in summary
    assert page.errors == []
    context.close()
