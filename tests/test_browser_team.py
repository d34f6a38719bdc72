"""The team view of a checklist page, in real headless Chromium, on the real built site.

A facilitator imports several answers files at once and must see what
`playbook score a.yaml b.yaml c.yaml` says; files the CLI refuses are listed
with its reason; a copy counts once; a file can be removed; the session
survives a reload. The discussion walks the misaligned items, biggest spread
first, with a timer; the agreed answers file it exports is scored by the real
CLI. Answers also travel as a link or a code. Anonymous checklists show no
names, and no counts under three respondents. axe, light and dark, laptop and
phone. (The hand-computed team cases run in Node and Python:
tests/test_team_cases.py.)
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from playbook_cli.answers import dump_answers
from playbook_cli.cli import main
from playbook_cli.loader import load_checklist
from playbook_cli.model import Action, Answers
from playbook_cli.site.page_data import checklist_data
from tests.browser import all_level_violations, browser, engine_site, screenshot, serve
from tests.conftest import REPO

KICKOFF = load_checklist(REPO / "checklists" / "kickoff-readiness.yaml", docs_dir=REPO / "docs")
OTHER = load_checklist(REPO / "checklists" / "ownership-clarity.yaml", docs_dir=REPO / "docs")
HEALTH = load_checklist(REPO / "checklists" / "team-health.yaml", docs_dir=REPO / "docs")
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}

READ_TEAM = """
() => {
  const view = document.getElementById('team-view');
  const ids = (list, attr) => [...view.querySelectorAll(`[data-list=${list}] li[${attr}]`)].map(
    li => li.getAttribute(attr));
  const score = view.querySelector('[data-score]');
  return {
    score: score ? Number(score.dataset.score) : null,
    band: score ? view.querySelector('[data-band]').dataset.band : null,
    alignment: score ? view.querySelector('[data-alignment]').dataset.alignment : null,
    misaligned: ids('misaligned', 'data-misaligned'),
    blockers: ids('team-blockers', 'data-item'),
    unknown: ids('team-unknown', 'data-item'),
    gaps: ids('team-gaps', 'data-gap'),
    plays: [...view.querySelectorAll('[data-list=team-gaps] li[data-gap]')].map(
      li => [li.dataset.gap, (li.querySelector('a.playbook-team__play') || {}).href || null]),
    gapNotes: Object.fromEntries([...view.querySelectorAll('[data-list=team-gaps] li[data-gap]')].map(
      li => [li.dataset.gap, (li.querySelector('.playbook-team__note') || {}).textContent || null])),
    gapsNote: view.querySelector('[data-field=gaps-note]').textContent,
    otherNotes: view.querySelector('[data-role=other-notes]').hidden ? null : [
      ...view.querySelectorAll('[data-list=team-other-notes] li[data-note-item]')].map(
      li => [li.dataset.noteItem, li.querySelector('.playbook-team__note').textContent]),
    sections: [...view.querySelectorAll('[data-list=team-sections] tr')].map(
      tr => [tr.dataset.section, Number(tr.cells[1].textContent)]),
    rejected: [...view.querySelectorAll('[data-list=rejected] li')].map(li => li.dataset.rejected),
    rejectedText: [...view.querySelectorAll('[data-list=rejected] li')].map(li => li.textContent),
    files: [...view.querySelectorAll('[data-list=team-files] li')].map(li => li.dataset.file),
    status: view.querySelector('[data-role=team-status]').textContent,
    text: view.textContent,
  };
}
"""


def write(path: Path, checklist, answers: dict, respondent: str | None, **extra) -> Path:
    data = Answers(checklist=checklist.id, checklist_version=checklist.version, team="Payments",
                   respondent=respondent, date=extra.pop("date", None), answers=answers, **extra)
    path.write_text(dump_answers(data, checklist), encoding="utf-8")
    return path


def cli_score(*files: Path, anonymous: bool = False) -> dict:
    args = ["score", "--checklists", str(REPO / "checklists"), *map(str, files), "--format", "json"]
    result = CliRunner().invoke(main, args + (["--anonymous"] if anonymous else []), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def team_files(tmp_path: Path) -> dict[str, Path]:
    """Three people on kickoff-readiness, who differ on the first three questions; a copy; two refused files.

    items[0]: yes, no, no; items[1]: yes, partly, no; items[2]: yes, unknown, yes; items[3]: yes, yes, n/a;
    everything else yes. Misaligned (spread >= 1/2): items 0, 1, 2, each a whole answer apart.
    """
    import datetime as dt

    ids = [item.id for item in KICKOFF.items]
    day = dt.date(2026, 11, 23)
    base = dict.fromkeys(ids, "yes")
    files = {
        "dana.yaml": write(tmp_path / "dana.yaml", KICKOFF, base, "Dana", date=day,
                           notes={ids[0]: "Two people think they own it"}),
        "lee.yaml": write(tmp_path / "lee.yaml", KICKOFF, {**base, ids[0]: "no", ids[1]: "partly", ids[2]: "unknown"},
                          "Lee", date=day),
        "sam.yaml": write(tmp_path / "sam.yaml", KICKOFF, {**base, ids[0]: "no", ids[1]: "no", ids[3]: "n/a"},
                          "Sam", date=day),
        "other.yaml": write(tmp_path / "other.yaml", OTHER, {OTHER.items[0].id: "yes"}, "Kim", date=day),
    }
    (tmp_path / "dana-copy.yaml").write_bytes(files["dana.yaml"].read_bytes())
    files["dana-copy.yaml"] = tmp_path / "dana-copy.yaml"
    (tmp_path / "broken.yaml").write_text(f"checklist: {KICKOFF.id}\nanswers:\n  {ids[0]}: maybe\n", encoding="utf-8")
    files["broken.yaml"] = tmp_path / "broken.yaml"
    return files


@pytest.fixture(scope="module")
def site(built_site):
    with serve(built_site) as url, browser() as chromium:
        yield url, chromium


def open_team(chromium, url, checklist_id="kickoff-readiness", scheme="light", viewport=LAPTOP, clock=False):
    context = chromium.new_context(color_scheme=scheme, viewport=viewport, accept_downloads=True, locale="en-US")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors
    if clock:
        page.clock.install()
    assert page.goto(f"{url}/checklists/{checklist_id}/", wait_until="load").status == 200
    page.wait_for_selector("[data-action=team-view]")
    page.click("[data-action=team-view]")
    page.wait_for_selector("#team-view:not([hidden])")
    return context, page


def read_team(page) -> dict:
    return page.evaluate(f"({READ_TEAM})()")


def import_files(page, *paths: Path) -> None:
    before = page.evaluate("document.querySelector('[data-role=team-status]').textContent")
    page.set_input_files("input[type=file][data-action=import-team]", [str(p) for p in paths])
    page.wait_for_function("(before) => document.querySelector('[data-role=team-status]').textContent !== before",
                           arg=before)


def assert_same_as_cli(shown: dict, want: dict) -> None:
    assert shown["score"] == want["score"]
    assert shown["band"] == want["band"]
    assert shown["alignment"] == ("" if want["alignment"] is None else str(want["alignment"]))
    assert shown["misaligned"] == [m["item"] for m in want["misaligned"]]
    assert shown["blockers"] == want["blockers"]
    assert shown["unknown"] == (want["unknown"] or [])  # null: withheld (anonymous, under 3 respondents)
    assert shown["gaps"] == [g["item"] for g in want["gaps"]]
    assert shown["sections"] == [[s["id"], s["score"]] for s in want["sections"]]
    for (item, href), gap in zip(shown["plays"], want["gaps"], strict=True):
        assert (href is not None) == (gap["play"] is not None), item
        if href:
            assert href.rstrip("/").endswith(Path(gap["play"]).stem), (item, href)


# -- import, the result, rejected files, copies, removal, reload --------------------------------------

def test_the_team_view_shows_what_playbook_score_says(site, tmp_path):
    url, chromium = site
    files = team_files(tmp_path)
    context, page = open_team(chromium, url)
    # Several files at once, in one choice: the CLI would refuse two of them, and one is a copy.
    import_files(page, *files.values())
    shown = read_team(page)
    assert_same_as_cli(shown, cli_score(files["dana.yaml"], files["lee.yaml"], files["sam.yaml"]))
    assert shown["misaligned"] == [item.id for item in KICKOFF.items[:3]]
    assert shown["rejected"] == ["other.yaml", "broken.yaml"]
    assert "different checklists" in shown["rejectedText"][0]
    assert "maybe" in shown["rejectedText"][1]  # the reader's own reason, with the file's place
    assert "counted once" in shown["status"] and "dana-copy.yaml is a copy of dana.yaml" in shown["status"]
    assert "Dana: Yes; Lee: No; Sam: No" in shown["text"]  # who said what: not an anonymous checklist

    # A wrongly imported file is removed; the result is the CLI's for the rest.
    page.click("[data-list=team-files] li[data-file='sam.yaml'] [data-action=remove-file]")
    assert_same_as_cli(read_team(page), cli_score(files["dana.yaml"], files["lee.yaml"]))
    # The session survives a reload.
    page.reload(wait_until="load")
    page.wait_for_selector("#team-view [data-score]")
    assert_same_as_cli(read_team(page), cli_score(files["dana.yaml"], files["lee.yaml"]))
    assert read_team(page)["rejected"] == ["other.yaml", "broken.yaml"]
    assert page.errors == []
    context.close()


def test_files_dropped_on_the_view_are_imported(site, tmp_path):
    url, chromium = site
    files = team_files(tmp_path)
    context, page = open_team(chromium, url)
    texts = [[name, files[name].read_text(encoding="utf-8")] for name in ("dana.yaml", "lee.yaml")]
    page.evaluate("""(texts) => {
      const data = new DataTransfer();
      texts.forEach(([name, text]) => data.items.add(new File([text], name, {type: 'text/yaml'})));
      const zone = document.querySelector('#team-view [data-role=drop]');
      zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: data, bubbles: true, cancelable: true}));
      zone.dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));
    }""", texts)
    page.wait_for_selector("#team-view [data-score]")
    assert_same_as_cli(read_team(page), cli_score(files["dana.yaml"], files["lee.yaml"]))
    context.close()


def test_the_previous_checkpoints_open_actions_are_shown(site, tmp_path):
    import datetime as dt

    url, chromium = site
    files = team_files(tmp_path)
    ids = [item.id for item in KICKOFF.items]
    old = write(tmp_path / "old.yaml", KICKOFF, {ids[0]: "no"}, "TEAM (agreed)", date=dt.date(2026, 9, 1),
                actions={ids[0]: Action("Priya", dt.date(2026, 10, 1)),
                         ids[1]: Action("Omar", None, "done", dt.date(2026, 8, 20))})
    context, page = open_team(chromium, url)
    import_files(page, files["dana.yaml"], files["lee.yaml"])
    page.set_input_files("input[type=file][data-action=import-team-previous]", str(old))
    page.wait_for_selector("[data-list=team-previous] li[data-previous]")
    shown = page.locator("[data-list=team-previous] li").all_inner_texts()
    assert len(shown) == 1 and "Priya" in shown[0] and "2026-10-01" in shown[0]  # the done one is not open
    context.close()


# -- the discussion, and the agreed answers the CLI scores ----------------------------------------------

def test_the_discussion_records_what_the_team_agreed_and_the_cli_scores_it(site, tmp_path):
    url, chromium = site
    files = team_files(tmp_path)
    ids = [item.id for item in KICKOFF.items]
    context, page = open_team(chromium, url, clock=True)
    import_files(page, files["dana.yaml"], files["lee.yaml"], files["sam.yaml"])
    page.click("[data-action=discuss]")
    discussion = page.locator("[data-role=discussion]")
    # One at a time, biggest spread first (all three are a whole answer apart: file order), focus on its title.
    assert discussion.get_attribute("data-item") == ids[0]
    assert page.evaluate("document.activeElement.id") == "playbook-discussion-title"
    assert discussion.locator("[data-role=distribution]").is_hidden()  # nobody sees answers before they are revealed
    assert KICKOFF.items[0].why.split()[0] in discussion.inner_text()  # the play's prompt: why it matters
    assert discussion.locator("a.playbook-team__play").count() == 1
    page.click("[data-action=reveal]")
    rows = discussion.locator("[data-role=distribution] li[data-answer]")
    assert [rows.nth(i).get_attribute("data-answer") for i in range(rows.count())] == ["yes", "no"]
    assert "Lee, Sam" in rows.nth(1).inner_text()
    assert "Two people think they own it" in discussion.inner_text()

    # The timer: 3 minutes by default, announced politely once a minute, not every second.
    assert discussion.locator("[data-role=timer]").inner_text() == "3:00"
    assert discussion.locator("[data-role=timer-announce]").get_attribute("aria-live") == "polite"
    page.click("[data-action=timer-toggle]")
    page.clock.run_for(1000)
    assert discussion.locator("[data-role=timer]").inner_text() == "2:59"
    assert discussion.locator("[data-role=timer-announce]").inner_text() == "Timer started: 3:00."
    page.clock.run_for(59_000)
    assert discussion.locator("[data-role=timer-announce]").inner_text() == "2 minutes left."
    page.click("[data-action=timer-toggle]")  # pause
    page.clock.run_for(10_000)
    assert discussion.locator("[data-role=timer]").inner_text() == "2:00"
    page.fill("[data-field-input=minutes]", "5")
    page.click("[data-action=timer-reset]")
    assert discussion.locator("[data-role=timer]").inner_text() == "5:00"

    # Record what the team agreed on the first item, with the keyboard where a facilitator would type.
    page.check("input[data-agreed-answer=partly]")
    page.fill("#playbook-agreed-note", "Priya owns it from Monday")
    page.fill("#playbook-agreed-owner", "Priya")
    page.fill("#playbook-agreed-due", "2026-12-01")
    page.click("[data-action=next-item]")
    assert discussion.get_attribute("data-item") == ids[1]
    page.click("[data-action=next-item]")
    assert discussion.get_attribute("data-item") == ids[2]
    page.click("[data-action=next-item]")  # Finish
    assert discussion.is_hidden()

    with page.expect_download() as download_info:
        page.click("[data-action=export-team]")
    exported = tmp_path / "exported.yaml"
    download_info.value.save_as(exported)
    text = exported.read_text(encoding="utf-8")
    assert 'respondent: "TEAM (agreed)"' in text
    # DESIGN's rule: the discussed item takes the agreed answer; the rest the answer most people gave,
    # a tie to the lower value: items[1] yes/partly/no -> no; items[2] yes, unknown, yes -> yes; items[3] -> yes.
    want = {**dict.fromkeys(ids, "yes"), ids[0]: "partly", ids[1]: "no"}
    expected = write(tmp_path / "expected.yaml", KICKOFF, want, "TEAM (agreed)",
                     notes={ids[0]: "Priya owns it from Monday"}, actions={ids[0]: Action("Priya", None)})
    scored = cli_score(exported)
    assert scored["score"] == cli_score(expected)["score"]
    # By hand: everything yes but a weight-w0 item at partly and a weight-w1 item at no.
    w0, w1 = KICKOFF.items[0].weight, KICKOFF.items[1].weight
    total = sum(item.weight for item in KICKOFF.items)
    assert scored["score"] == (200 * (2 * total - w0 - 2 * w1) + 2 * total) // (4 * total)  # half up
    assert scored["blockers"] == []  # partly is not below a half
    assert [g["owner"] for g in scored["gaps"] if g["item"] == ids[0]] == ["Priya"]
    trend = CliRunner().invoke(main, ["trend", "--checklists", str(REPO / "checklists"), str(exported),
                                      "--format", "json"], catch_exceptions=False)
    assert trend.exit_code == 0, trend.output
    assert page.errors == []
    context.close()


# -- answers as a link or a code -------------------------------------------------------------------------

def test_answers_copied_as_a_link_or_code_reach_the_team_view(site):
    url, chromium = site
    ids = [item.id for item in KICKOFF.items]
    context = chromium.new_context(viewport=LAPTOP, locale="en-US")
    page = context.new_page()
    page.goto(f"{url}/checklists/kickoff-readiness/", wait_until="load")
    page.wait_for_selector("#playbook-result[data-score]")
    for item_id, word in ((ids[0], "no"), (ids[1], "partly"), (ids[4], "unknown"), (ids[5], "n/a")):
        page.check(f"input[type=radio][name='{item_id}'][value='{word}']")
    page.fill("#playbook-respondent", "Dana")
    own_score = page.get_attribute("#playbook-result", "data-score")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.click("[data-action=copy-answers-link]")
    page.wait_for_function("document.querySelector('[data-field=share-link]').value !== ''")
    link = page.input_value("[data-field=share-link]")
    code = page.input_value("[data-field=share-code]")
    assert link.startswith(f"{url}/checklists/kickoff-readiness/#answers=pb1.") and link.endswith(code)
    assert len(code) < 120  # short enough to paste into a chat message
    assert requests == []  # nothing was sent anywhere
    context.close()

    # The facilitator, in another browser: pastes the code, then opens the link.
    context, page = open_team(chromium, url)
    page.fill("[data-field-input=team-links]", code)
    page.click("[data-action=add-team-links]")
    page.wait_for_selector("#team-view [data-score]")
    assert page.get_attribute("#team-view [data-score]", "data-score") == own_score
    assert "Dana" in read_team(page)["text"]
    page.goto(link, wait_until="load")
    page.wait_for_selector("#team-view:not([hidden])")
    page.wait_for_function("document.querySelector('[data-role=team-status]').textContent.includes('counted once')")
    assert page.evaluate("location.hash") == "#team-view"  # the answers leave the address bar
    page.fill("[data-field-input=team-links]", "pb1.garbage")
    page.click("[data-action=add-team-links]")
    page.wait_for_function("document.querySelectorAll('[data-list=rejected] li').length === 1")
    context.close()


# -- anonymous checklists -----------------------------------------------------------------------------------

def test_an_anonymous_checklist_shows_no_names_and_no_counts_under_three(site, tmp_path):
    assert checklist_data(HEALTH)["anonymous"] is True  # DESIGN.md: team-health is anonymous
    url, chromium = site
    ids = [item.id for item in HEALTH.items]
    base = dict.fromkeys(ids, "yes")
    people = [write(tmp_path / "ana.yaml", HEALTH, base, "Ana", notes={ids[0]: "Only in private"}),
              write(tmp_path / "ben.yaml", HEALTH, {**base, ids[0]: "no"}, "Ben"),
              write(tmp_path / "cy.yaml", HEALTH, {**base, ids[0]: "no"}, "Cy")]
    context, page = open_team(chromium, url, HEALTH.id)
    import_files(page, *people[:2])
    shown = read_team(page)
    assert_same_as_cli(shown, cli_score(*people[:2], anonymous=True))
    assert shown["misaligned"] == [ids[0]]
    said = page.locator(f"li[data-misaligned='{ids[0]}']").inner_text()
    assert "Ana" not in shown["text"] and "Ben" not in shown["text"]
    assert "fewer than 3" in said and "Yes 1" not in said
    assert "Only in private" not in shown["text"]

    import_files(page, people[2])
    shown = read_team(page)
    said = page.locator(f"li[data-misaligned='{ids[0]}']").inner_text()
    assert "Yes 1, No 2" in said
    assert not any(name in shown["text"] for name in ("Ana", "Ben", "Cy"))
    page.click("[data-action=discuss]")
    page.click("[data-action=reveal]")
    discussion = page.locator("[data-role=discussion]").inner_text()
    assert "Only in private" in discussion and "Ana" not in discussion
    assert "Never ask who it was" in discussion  # the prompt of an anonymous checklist
    page.locator("[data-role=distribution]").scroll_into_view_if_needed()
    screenshot(page, "team-anonymous-discussion")
    context.close()


# -- accessibility and looks ------------------------------------------------------------------------------

@pytest.mark.parametrize("viewport", ["laptop", "phone"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_team_view_passes_axe_at_every_level(site, tmp_path, scheme, viewport):
    url, chromium = site
    files = team_files(tmp_path)
    context, page = open_team(chromium, url, scheme=scheme, viewport=LAPTOP if viewport == "laptop" else PHONE)
    import_files(page, *files.values())
    assert all_level_violations(page) == []
    screenshot(page, f"team-view-{scheme}-{viewport}")
    page.locator("[data-role=summary]").scroll_into_view_if_needed()
    screenshot(page, f"team-result-{scheme}-{viewport}")
    page.click("[data-action=discuss]")
    page.click("[data-action=reveal]")
    page.click("[data-action=large-type]")
    page.locator("[data-role=discussion]").scroll_into_view_if_needed()
    assert all_level_violations(page) == []
    screenshot(page, f"team-discussion-{scheme}-{viewport}")
    if viewport == "phone":  # nothing wider than the phone
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


def test_the_team_view_prints_as_the_teams_result(site, tmp_path):
    """The CLI's HTML report is rendered in Python; the site's printable team report is the team view itself."""
    url, chromium = site
    files = team_files(tmp_path)
    context, page = open_team(chromium, url)
    import_files(page, files["dana.yaml"], files["lee.yaml"], files["sam.yaml"])
    page.emulate_media(media="print")
    for selector in ("#team-view [data-score]", "[data-list=misaligned]", "[data-list=team-gaps]"):
        assert page.locator(selector).first.is_visible(), selector
    for selector in ("[data-role=drop]", "[data-action=export-team]", "[data-action=remove-file]",
                     "#playbook-form", "fieldset.playbook-item"):
        assert page.locator(selector).first.is_hidden(), selector
    pdf = page.pdf(format="A4")
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") <= 3
    context.close()


# -- the same team view from the other engines --------------------------------------------------------------

@pytest.mark.parametrize("engine", ["properdocs", "zensical"])
def test_the_team_view_works_on_a_site_other_engines_built(site, engine, tmp_path_factory, tmp_path):
    """Zensical runs no hooks: the page's data and its scripts reach the team view there too."""
    built = engine_site(engine, tmp_path_factory.mktemp(f"team-{engine}"))
    _, chromium = site
    files = team_files(tmp_path)
    with serve(built) as url:
        context, page = open_team(chromium, url)
        import_files(page, files["dana.yaml"], files["lee.yaml"], files["sam.yaml"])
        assert_same_as_cli(read_team(page), cli_score(files["dana.yaml"], files["lee.yaml"], files["sam.yaml"]))
        assert all_level_violations(page) == [], engine
        assert page.errors == []
        context.close()


def test_the_discussion_runs_from_the_keyboard(site, tmp_path):
    url, chromium = site
    files = team_files(tmp_path)
    ids = [item.id for item in KICKOFF.items]
    context, page = open_team(chromium, url)
    import_files(page, files["dana.yaml"], files["lee.yaml"], files["sam.yaml"])
    page.focus("[data-action=discuss]")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "playbook-discussion-title"
    page.keyboard.press("Tab")  # the play's link, then the reveal button
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.action") == "reveal"
    page.keyboard.press("Enter")
    assert page.locator("[data-role=distribution]").is_visible()
    assert page.evaluate("document.activeElement.getAttribute('aria-expanded')") == "true"
    page.focus("input[data-agreed-answer=yes]")
    page.keyboard.press("ArrowRight")  # radios move with the arrows, and choose as they move
    assert page.evaluate("document.activeElement.value") == "partly"
    page.focus("#playbook-agreed-owner")
    page.keyboard.type("Sam s n")  # letters Material would take as shortcuts stay in the field
    assert page.input_value("#playbook-agreed-owner") == "Sam s n"
    page.focus("[data-action=next-item]")
    page.keyboard.press("Enter")
    assert page.locator("[data-role=discussion]").get_attribute("data-item") == ids[1]
    assert page.evaluate("document.activeElement.id") == "playbook-discussion-title"
    page.reload(wait_until="load")  # what was agreed survives a reload
    page.wait_for_selector("#team-view [data-score]")
    assert "Agreed: Partly" in page.locator(f"li[data-misaligned='{ids[0]}']").inner_text()
    context.close()


@pytest.mark.parametrize("guide", ["kickoff-session", "team-health-check"])
def test_the_session_guides_name_the_buttons_the_page_has(guide):
    """A facilitator runs a whole session from the site with the guide: every control it names exists."""
    import re

    text = (REPO / "docs" / "guides" / f"{guide}.md").read_text(encoding="utf-8")
    section = re.search(r"^## Run (?:it|a round) from the site alone\n(.*?)^## ", text, re.S | re.M)
    assert section, f"{guide} needs a section on running the session from the site"
    scripts = "".join((REPO / "docs" / "javascripts" / name).read_text(encoding="utf-8")
                      for name in ("team-view.js", "checklist-form.js"))
    named = [bold for bold in re.findall(r"\*\*(.+?)\*\*", section.group(1)) if not bold.endswith((".", ":"))]
    assert {"Open the team view", "Copy my answers as a link", "Export agreed answers"} <= set(named)
    for bold in named:
        assert f'"{bold}"' in scripts, bold


# -- the hand-computed team cases, through a built site ------------------------------------------------------

TEAM_CASES = json.loads((REPO / "tests" / "cases" / "team.json").read_text(encoding="utf-8"))
# Real plays of this repository in place of the case checklist's placeholders, so that the site builds.
CASE_PLAYS = {"plays/a.md": "plays/single-threaded-owner.md", "plays/b.md": "plays/shared-success.md"}


def shown_word(word: str) -> str:
    """An answer as the page labels it."""
    return {"n/a": "n/a", "unanswered": "No answer"}.get(word, word.capitalize())


def case_id(case: dict) -> str:
    return "mini-anon" if case["anonymous"] else "mini"


@pytest.fixture(scope="module")
def cases_site(tmp_path_factory):
    """A copy of the project with the cases' checklist, as mini and as an anonymous mini-anon: built once."""
    from tests.site_build import build_site, copy_project

    root = copy_project(tmp_path_factory.mktemp("team-cases") / "project")
    mini = (REPO / "tests" / "cases" / TEAM_CASES["checklist"]).read_text(encoding="utf-8")
    for placeholder, play in CASE_PLAYS.items():
        mini = mini.replace(placeholder, play)
    (root / "checklists" / "mini.yaml").write_text(mini, encoding="utf-8")
    anonymous = mini.replace("id: mini\n", "id: mini-anon\nanonymous: true\n")
    (root / "checklists" / "mini-anon.yaml").write_text(anonymous, encoding="utf-8")
    out = root.parent / "site"
    result = build_site(root, out)
    assert result.returncode == 0, result.stderr[-3000:]
    return root, out


@pytest.mark.parametrize("case", TEAM_CASES["cases"], ids=lambda c: c["name"])
def test_the_team_view_gives_the_hand_computed_team_result(site, cases_site, case, tmp_path):
    """tests/cases/team.json, the cases the CLI and the Node core are held to, imported into the real page."""
    root, built = cases_site
    _, chromium = site
    checklist_id = case_id(case)
    texts: dict[str, str] = {}
    payloads = []
    for file in case["files"]:
        text = texts[file["copy_of"]] if "copy_of" in file else file["text"]
        texts[file["name"]] = text
        text = text.replace("checklist: mini\n", f"checklist: {checklist_id}\n")
        payloads.append({"name": file["name"], "mimeType": "text/yaml", "buffer": text.encode("utf-8")})
    want = case["expect"]
    with serve(built) as url:
        context, page = open_team(chromium, url, checklist_id)
        page.set_input_files("input[type=file][data-action=import-team]", payloads)
        page.wait_for_selector("#team-view [data-score]")
        shown = read_team(page)
        assert shown["score"] == want["score"]
        assert shown["band"] == want["band"]
        assert shown["alignment"] == str(want["alignment"])
        assert shown["blockers"] == want["blockers"] and shown["unknown"] == (want["unknown"] or [])
        if want["unknown"] is None:  # withheld, and said so
            assert "fewer than 3" in page.locator("[data-list=team-unknown]").inner_text()
        assert shown["sections"] == want["sections"]
        assert shown["gaps"] == [gap for gap, _ in want["gaps"]]
        assert [href is not None for _, href in shown["plays"]] == [play is not None for _, play in want["gaps"]]
        assert shown["misaligned"] == [item for item, _ in want["misaligned"]]
        # Withheld: the gaps are in the checklist's order, and the page says so instead of "biggest first".
        assert shown["gapsNote"].startswith("In the checklist's order" if want["unknown"] is None else "Biggest first")
        for item, note in want.get("gap_notes", {}).items():
            assert shown["gapNotes"][item] == (None if note is None else "Notes: " + note)
        if "other_notes" in want:  # the CLI's "Other notes": the list is hidden when there are none (or withheld)
            assert shown["otherNotes"] == (want["other_notes"] or None)
        assert shown["rejected"] == want["rejected"]
        assert ("counted once" in shown["status"]) == bool(want["duplicates"])
        for item, counts in want.get("counts", {}).items() if case["anonymous"] else ():  # else: names
            said = page.locator(f"li[data-misaligned='{item}'] .playbook-team__said").inner_text()
            if counts is None:
                assert "fewer than 3" in said
            else:
                assert said == ", ".join(f"{shown_word(word)} {n}" for word, n in counts)
        for item, answers in want.get("answers", {}).items():
            said = page.locator(f"li[data-misaligned='{item}'] .playbook-team__said").inner_text()
            if answers is not None:
                assert said == "; ".join(f"{who}: {shown_word(word)}" for who, word in answers)
        if case["anonymous"]:
            for name in ("Dana", "Lee", "Sam", "Ana", "Ben", "Cy"):
                assert name not in shown["text"], name

        # The discussion, biggest spread first, recording what the case agreed.
        page.click("[data-action=discuss]")
        discussed = []
        for _ in want["discussion"]:
            item = page.get_attribute("[data-role=discussion]", "data-item")
            discussed.append(item)
            agreed = case["agreed"].get(item)
            if agreed:
                page.check(f"input[data-agreed-answer='{agreed['answer']}']")
                page.fill("#playbook-agreed-note", agreed["note"])
                page.fill("#playbook-agreed-owner", agreed["owner"])
                page.fill("#playbook-agreed-due", agreed["due"])
            page.click("[data-action=next-item]")
        assert discussed == want["discussion"]
        with page.expect_download() as download_info:
            page.click("[data-action=export-team]")
        exported = tmp_path / "agreed.yaml"
        download_info.value.save_as(exported)
        assert page.errors == []
        context.close()
    result = CliRunner().invoke(main, ["score", "--checklists", str(root / "checklists"), str(exported),
                                       "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    agreed = case["expect_agreed"]
    assert (data["score"], data["band"]) == (agreed["score"], agreed["band"])
    from playbook_cli.answers import load_answers

    back = load_answers(exported)
    assert back.respondent == "TEAM (agreed)"
    assert back.answers == agreed["answers"]
    assert back.notes == agreed["notes"]
    assert {item: action.owner for item, action in back.actions.items()} == agreed["owners"]


def test_the_team_report_downloads_as_one_page_that_reads_like_the_clis(site, tmp_path):
    """Download the team report: the score `playbook score` gives, what was agreed, no script and no request."""
    url, chromium = site
    files = team_files(tmp_path)
    ids = [item.id for item in KICKOFF.items]
    context, page = open_team(chromium, url)
    import_files(page, files["dana.yaml"], files["lee.yaml"], files["sam.yaml"])
    page.click("[data-action=discuss]")
    page.check("input[data-agreed-answer=partly]")
    page.fill("#playbook-agreed-note", "Priya owns it <from> Monday & \"then\" some")
    page.fill("#playbook-agreed-owner", "Priya")
    page.fill("#playbook-agreed-due", "2026-12-01")
    for _ in range(3):
        page.click("[data-action=next-item]")
    with page.expect_download() as download_info:
        page.click("[data-action=download-team-report]")
    assert download_info.value.suggested_filename == "kickoff-readiness-team-report.html"
    report = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(report)
    assert page.errors == []
    context.close()
    html = report.read_text(encoding="utf-8")
    assert "<script" not in html and "<link" not in html
    want = cli_score(files["dana.yaml"], files["lee.yaml"], files["sam.yaml"])
    for scheme, viewport in (("light", LAPTOP), ("dark", PHONE)):
        context = chromium.new_context(color_scheme=scheme, viewport=viewport, locale="en-US")
        shown = context.new_page()
        requests: list[str] = []
        shown.on("request", lambda r, requests=requests: requests.append(r.url))
        shown.goto(report.as_uri(), wait_until="load")
        assert requests == [report.as_uri()]  # self-contained: nothing else is fetched
        assert int(shown.get_attribute("[data-score]", "data-score")) == want["score"]
        assert shown.get_attribute("[data-band]", "data-band") == want["band"]
        text = shown.inner_text("main")
        for item in KICKOFF.items:
            if item.id in {m["item"] for m in want["misaligned"]} | {g["item"] for g in want["gaps"]}:
                assert item.question in text, item.id
        assert "Dana: Yes" in text and "Lee: No" in text  # who said what, as `score` names them
        agreed = shown.locator(f"tr[data-agreed='{ids[0]}']").inner_text()
        assert "Partly" in agreed and "Priya" in agreed and "2026-12-01" in agreed
        assert "Priya owns it <from> Monday & \"then\" some" in agreed
        assert all_level_violations(shown) == []
        assert shown.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        screenshot(shown, f"team-report-{scheme}")
        shown.locator("tr[data-gap]").first.scroll_into_view_if_needed()
        screenshot(shown, f"team-report-actions-{scheme}")
        context.close()
