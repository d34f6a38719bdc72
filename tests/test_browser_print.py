"""Printing the built site in real headless Chromium: page.pdf(format="A4"), its pages counted and read.

A filled 25-question checklist prints its answers and its result in at most four A4 pages; each play
prints as a facilitation sheet (card, timed steps with their prompts, what to prepare, sources) on
one or two. From either colour scheme the paper is white and the band label readable; no heading
ends a page with its content on the next; no page is blank.
"""

from __future__ import annotations

import io
import re

import pytest

from playbook_cli.loader import load_checklist
from playbook_cli.site.docs_pages import front_matter, split_front_matter
from tests.browser import ARTIFACTS, axe_violations, browser, serve
from tests.conftest import REPO

pypdf = pytest.importorskip("pypdf", reason="pypdf reads the printed pages: pip install -e '.[test]'")

PLAYS = sorted(p for p in (REPO / "docs" / "plays").glob("*.md") if p.name != "index.md" and not p.name.startswith("_"))
KICKOFF = load_checklist(REPO / "checklists" / "kickoff-readiness.yaml", docs_dir=REPO / "docs")
MAX_CHECKLIST_PAGES = 4
MAX_PLAY_PAGES = 2


@pytest.fixture(scope="module")
def site(built_site):
    with serve(built_site) as url, browser() as chromium:
        yield url, chromium


def open_page(chromium, url, path, scheme):
    context = chromium.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(url + path, wait_until="networkidle")
    if path.startswith("/checklists/"):  # the page scripts load after the page: wait for the form they build
        page.wait_for_selector("#playbook-result[data-score]", state="attached")
    return context, page


def printed(page, name: str) -> list[str]:
    """Print the page to A4 as Chromium's print dialog would (backgrounds on: the worst case); the text
    of each page, one string per page. The PDF is kept in tests/artifacts for people to look at."""
    pdf = page.pdf(format="A4", print_background=True)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"print-{name}.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    return [p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def words(text: str) -> str:
    return " ".join(text.split())


def printed_headings(page) -> list[str]:
    """The text of every heading (and question) that shows on paper."""
    page.emulate_media(media="print")
    headings = page.evaluate("""() => [...document.querySelectorAll('article :is(h1, h2, h3, h4, legend)')]
      .filter(h => h.getClientRects().length)
      .map(h => h.textContent.replace(/\\u00b6/g, '').replace(/\\s+/g, ' ').trim())""")
    page.emulate_media(media="null")  # no emulation: page.pdf() prints with print media
    return headings


def assert_paged_well(pages: list[str], headings: list[str]) -> None:
    for number, text in enumerate(pages, 1):
        lines = [words(line) for line in text.splitlines() if line.strip()]
        assert len(lines) >= (1 if number == len(pages) else 10), f"page {number} is (nearly) blank: {lines}"
        if number == len(pages):
            continue
        last = lines[-1]
        # A heading, or the start of one, as the last line of a page: its content went to the next.
        stranded = [h for h in headings if last == h or (len(last) > 12 and h.startswith(last))]
        assert not stranded, f"page {number} ends with the heading {stranded[0]!r}"


def assert_paper_is_light(page) -> None:
    """In print, whatever the scheme: white behind the page, dark text, AA contrast everywhere (axe)."""
    page.emulate_media(media="print")
    backgrounds = page.evaluate("""() => ['html', 'body', '.md-container', '.md-main', '.md-content', 'article']
      .map(s => [s, getComputedStyle(document.querySelector(s)).backgroundColor])""")
    for selector, colour in backgrounds:
        assert colour in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), f"{selector} prints on {colour}"
    assert axe_violations(page, ["wcag2aa"]) == []  # colour contrast among them, on paper
    page.emulate_media(media="null")  # no emulation: page.pdf() prints with print media


# -- a checklist ---------------------------------------------------------------------------------

MIXED = ["yes", "partly", "no", "unknown", "yes", "n/a", "yes"]

FILL = """(words) => {
  const items = window.playbookForm.checklist.items;
  items.forEach((item, i) => {
    const input = document.querySelector(
      `input[type=radio][name="${CSS.escape(item.id)}"][value="${CSS.escape(words[i % words.length])}"]`);
    input.checked = true;
    input.dispatchEvent(new Event('change', {bubbles: true}));
  });
}"""


def fill_in(page, answers: list[str]) -> None:
    page.evaluate(FILL, answers)
    page.fill("#playbook-team", "Payments")
    page.fill("#playbook-respondent", "Dana")
    gaps = page.eval_on_selector_all("[data-list=gaps] li[data-item]", "els => els.map(e => e.dataset.item)")
    for gap, owner in zip(gaps, ["Priya", "Sam Lee", "Ana"]):
        page.fill(f"[data-owner={gap}]", owner)
    if gaps:
        page.fill(f"[data-due={gaps[0]}]", "2026-12-01")
    for item in KICKOFF.items[1:12:3]:
        page.click(f"#{item.id} details.playbook-note > summary")
        page.fill(f"#playbook-note-{item.id}",
                  "Asked finance twice: it depends on the Q3 budget review, due next week.")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("answers", [MIXED, ["unknown"]], ids=["mixed", "all-unknown"])
def test_a_filled_checklist_prints_its_answers_and_result_in_four_pages(site, scheme, answers):
    # However many questions the checklist holds: a fork that adds some must still fit, or learn it does not.
    url, chromium = site
    context, page = open_page(chromium, url, "/checklists/kickoff-readiness/", scheme)
    fill_in(page, answers)
    score = page.get_attribute("#playbook-result", "data-score")
    band = page.inner_text("#playbook-result .playbook-band")
    headings = printed_headings(page)
    pages = printed(page, f"kickoff-readiness-{'mixed' if answers is MIXED else 'all-' + answers[0]}-{scheme}")

    assert len(pages) <= MAX_CHECKLIST_PAGES, f"{len(pages)} pages"
    assert_paged_well(pages, headings)
    text = words(" ".join(pages))
    for item in KICKOFF.items:  # every question, with its answer marked
        assert words(item.question) in text, item.id
    assert text.count("\u2714") == len(KICKOFF.items)
    assert "Asked finance twice" in text
    assert "Your result" in text and f"Score {score}/100" in text and band in text
    assert "Owner: Priya (due 2026-12-01)" in text
    for hidden in ("Export answers file", "Import answers file", "Clear all answers", "See the result"):
        assert hidden not in text, hidden  # buttons and the score bar are for the screen
    assert_paper_is_light(page)
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_band_label_prints_dark_on_white(site, scheme):
    url, chromium = site
    context, page = open_page(chromium, url, "/checklists/kickoff-readiness/", scheme)
    fill_in(page, ["no"])  # the lowest band: the light red that was 1.5:1 on paper from dark mode
    page.emulate_media(media="print")
    colour = page.evaluate("getComputedStyle(document.querySelector('#playbook-result .playbook-band')).color")
    page.emulate_media(media="null")  # no emulation: page.pdf() prints with print media
    red, green, blue = (int(c) for c in re.findall(r"\d+", colour)[:3])

    def luminance(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    ink = 0.2126 * luminance(red) + 0.7152 * luminance(green) + 0.0722 * luminance(blue)
    assert (1.0 + 0.05) / (ink + 0.05) >= 4.5, colour
    context.close()


def test_print_button_sits_with_the_result_and_export(site):
    url, chromium = site
    context, page = open_page(chromium, url, "/checklists/kickoff-readiness/", "light")
    page.evaluate("() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }")
    actions = page.locator("#playbook-result .playbook-result__actions")
    assert actions.get_by_role("button", name="Export answers file").is_visible()
    actions.get_by_role("button", name="Print").click()
    assert page.evaluate("window.__printed") == 1
    context.close()


# -- plays -------------------------------------------------------------------------------------------

def steps(path) -> list[str]:
    """The bold titles of the numbered steps under 'How to run it', with their times."""
    body = split_front_matter(path.read_text(encoding="utf-8"))[1]
    section = body.split("\n## How to run it\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\d+\. \*\*(.+?)\*\*", section, flags=re.M)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("play", PLAYS, ids=lambda p: p.stem)
def test_a_play_prints_as_a_facilitation_sheet_of_one_or_two_pages(site, play, scheme):
    url, chromium = site
    meta = front_matter(play)
    context, page = open_page(chromium, url, f"/plays/{play.stem}/", scheme)
    headings = printed_headings(page)
    pages = printed(page, f"play-{play.stem}-{scheme}")

    assert len(pages) <= MAX_PLAY_PAGES, f"{len(pages)} pages"
    assert_paged_well(pages, headings)
    text = words(" ".join(pages))
    assert text.startswith(words(meta["title"]))  # no header, navigation or search before it
    for label, value in (("Time", meta["time"]), ("People", meta["people"]), ("Phase", meta["phase"])):
        assert label.upper() in text.upper() and words(value) in text, label
    for material in meta.get("materials", []):
        assert words(material) in text, material
    for step in steps(play):  # every step, with its time
        assert words(step) in text, step
    assert "How to run it" in text and "Further reading" in text
    for section in ("Signals you need it", "Anti-patterns", "Checklists that use it", "Next plays"):
        assert section not in text, f"{section} is for the screen"
    for chrome in ("Table of contents", "Skip to content", "Made with"):
        assert chrome not in text, chrome
    if scheme == "dark":
        assert_paper_is_light(page)
    context.close()
