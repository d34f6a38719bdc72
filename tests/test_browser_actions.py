"""Actions on the fill-in form, in real headless Chromium, checked by the command line.

Every gap (not only the top five) takes an owner, a due date, a status, a
done date and a note; the exported file is what `playbook score` and
`playbook actions` read, byte for byte what dump_answers writes; a file the
CLI wrote comes back unchanged; and importing the previous checkpoint carries
its actions as `playbook run --since` does (playbook_cli.actions.carry), so
that `playbook score NEW --since OLD` follows them up.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from playbook_cli.actions import carry
from playbook_cli.answers import dump_answers, load_answers
from playbook_cli.cli import main
from playbook_cli.loader import load_checklist
from playbook_cli.model import Action, Answers
from playbook_cli.scoring import score
from tests.browser import browser, serious_violations, serve
from tests.conftest import REPO

CHECKLIST = load_checklist(REPO / "checklists" / "kickoff-readiness.yaml", docs_dir=REPO / "docs")
PAGE = f"/checklists/{CHECKLIST.id}/"
TODAY = dt.date.today()  # the page dates an export, and a carried action's done, by the browser's today

# Answers through the DOM, as a click gives them: checked, then a bubbling change event.
APPLY = """
(answers) => {
  for (const [id, word] of Object.entries(answers)) {
    const input = document.querySelector(`input[type=radio][name="${CSS.escape(id)}"][value="${CSS.escape(word)}"]`);
    input.checked = true;
    input.dispatchEvent(new Event('change', {bubbles: true}));
  }
}
"""


@pytest.fixture(scope="module")
def site(built_site):
    with serve(built_site) as url, browser() as chromium:
        yield url, chromium


def open_page(chromium, url):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="en-US")
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    assert page.goto(url + PAGE, wait_until="load").status == 200
    page.wait_for_selector("#playbook-result[data-score]")
    return context, page


def export(page, path: Path) -> Path:
    with page.expect_download() as download:
        page.locator("[data-action=export]").first.click()
    download.value.save_as(path)
    return path


def playbook(*args) -> dict | list:
    result = CliRunner().invoke(main, [args[0], "--checklists", str(REPO / "checklists"), *map(str, args[1:]),
                                       "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def row(page, item_id: str, where: str = "gaps"):
    return page.locator(f"[data-list={where}] li[data-item={item_id}]")


def gap_ids(answers: dict[str, str]) -> list[str]:
    return [gap.item.id for gap in score(CHECKLIST, [Answers(checklist=CHECKLIST.id, answers=answers)]).gaps]


def test_every_gap_takes_an_owner_and_a_status_that_the_cli_reads(site, tmp_path):
    url, chromium = site
    answers = {item.id: "no" for item in CHECKLIST.items}
    answers.update({CHECKLIST.items[1].id: "yes", CHECKLIST.items[4].id: "partly"})
    gaps = gap_ids(answers)
    assert len(gaps) > 8
    context, page = open_page(chromium, url)
    page.evaluate(f"({APPLY})", answers)
    shown_top = [li.get_attribute("data-item") for li in page.locator("[data-list=gaps] li[data-item]").all()]
    shown_more = [li.get_attribute("data-item") for li in page.locator("[data-list=more-gaps] li[data-item]").all()]
    assert shown_top + shown_more == gaps  # every gap has a row, the top five first
    assert len(shown_top) == 5

    # Owners for gaps beyond the fifth too, each by its own labelled fields.
    first, sixth, seventh, eighth, last = gaps[0], gaps[5], gaps[6], gaps[7], gaps[-1]
    page.fill(f"[data-owner={first}]", "Ana")
    page.fill(f"[data-due={first}]", "2026-12-01")
    page.get_by_role("textbox", name=f"Owner for: {CHECKLIST.item(sixth).question}").fill("Priya")
    page.fill(f"[data-due={sixth}]", "2026-12-15")
    page.fill(f"[data-owner={seventh}]", "Omar")
    assert row(page, seventh, "more-gaps").get_by_text("Done on").is_hidden()
    page.get_by_role("combobox", name=f"Status of the action for: {CHECKLIST.item(seventh).question}") \
        .select_option("done")
    assert page.input_value(f"[data-done={seventh}]") == TODAY.isoformat()  # done today, unless told otherwise
    assert row(page, seventh, "more-gaps").get_by_text("Done on").is_visible()
    page.fill(f"[data-done={seventh}]", "2026-11-20")
    page.fill(f"[data-owner={eighth}]", "Kim O'Hara")
    page.select_option(f"[data-status={eighth}]", "dropped")
    page.fill(f"[data-action-note={eighth}]", "Hiring freeze; see risk log")
    page.fill(f"[data-owner={last}]", "Sam")
    assert serious_violations(page) == []

    path = export(page, tmp_path / "exported.yaml")
    want = {
        first: Action("Ana", dt.date(2026, 12, 1)),
        sixth: Action("Priya", dt.date(2026, 12, 15)),
        seventh: Action("Omar", None, "done", dt.date(2026, 11, 20)),
        eighth: Action("Kim O'Hara", None, "dropped", None, "Hiring freeze; see risk log"),
        last: Action("Sam"),
    }
    loaded = load_answers(path)
    assert loaded.actions == want
    # Byte for byte what the CLI writes for the same answers.
    assert path.read_text(encoding="utf-8") == dump_answers(
        Answers(checklist=CHECKLIST.id, checklist_version=CHECKLIST.version, date=loaded.date, answers=answers,
                actions=want), CHECKLIST)

    # The CLI sees the same actions: open ones own their gaps, done and dropped ones do not.
    owners = {gap["item"]: gap["owner"] for gap in playbook("score", path)["gaps"]}
    assert owners == {gap: {first: "Ana", sixth: "Priya", last: "Sam"}.get(gap) for gap in gaps}
    listed = playbook("actions", path, "--as-of", "2026-12-10")
    assert [(a["item"], a["owner"], a["due"], a["overdue"], a["status"]) for a in listed] == [
        (first, "Ana", "2026-12-01", True, "open"), (sixth, "Priya", "2026-12-15", False, "open"),
        (last, "Sam", None, False, "open")]
    assert page.errors == []
    context.close()


def every_status_file(path: Path) -> Answers:
    """A file the CLI wrote: actions open, done and dropped, on gaps in and beyond the top five and on a yes."""
    items = [item.id for item in CHECKLIST.items]
    answers = {item_id: "no" for item_id in items}
    answers[items[3]] = "yes"
    gaps = gap_ids(answers)
    original = Answers(
        checklist=CHECKLIST.id, checklist_version=CHECKLIST.version, team="Payments", respondent="Dana",
        date=dt.date(2026, 11, 23), updated=dt.date(2026, 12, 1), answers=answers,
        notes={gaps[0]: "Finance and product still disagree"},
        actions={
            gaps[0]: Action("Priya", dt.date(2026, 12, 15),
                            note="Ask the steering group: \"who decides?\"\nthen write it down"),
            gaps[6]: Action("Omar", dt.date(2026, 11, 15), "done", dt.date(2026, 11, 30), "Signed off # not a comment"),
            gaps[9]: Action("Kim O'Hara", None, "dropped", None, "Hiring freeze"),
            gaps[2]: Action("Sam", None, "open", None, ""),
            items[3]: Action("Lee", dt.date(2026, 11, 20), "done", dt.date(2026, 11, 22)),  # no longer a gap
        })
    path.write_text(dump_answers(original, CHECKLIST), encoding="utf-8")
    assert load_answers(path).actions == original.actions
    return original


def test_a_file_with_actions_of_every_status_comes_back_unchanged(site, tmp_path):
    url, chromium = site
    path = tmp_path / "dana.yaml"
    original = every_status_file(path)
    items = [item.id for item in CHECKLIST.items]
    gaps = gap_ids(original.answers)
    context, page = open_page(chromium, url)
    page.set_input_files("[data-action=import]", str(path))
    page.wait_for_function("document.querySelector('[data-role=status]').textContent.includes('Imported')")
    assert page.input_value("#playbook-date") == "2026-11-23"
    assert page.input_value(f"[data-status={gaps[6]}]") == "done"
    assert page.input_value(f"[data-done={gaps[6]}]") == "2026-11-30"
    assert page.input_value(f"[data-status={gaps[9]}]") == "dropped"
    assert page.input_value(f"[data-action-note={gaps[9]}]") == "Hiring freeze"
    assert page.input_value(f"[data-owner={items[3]}]") == "Lee"  # its question is a yes now: listed apart
    assert row(page, items[3], "other-actions").is_visible()
    assert row(page, gaps[6], "more-gaps").locator(".playbook-gap__print").inner_text() == \
        "Owner: Omar (due 2026-11-15), done 2026-11-30: Signed off # not a comment"

    page.reload(wait_until="load")  # kept in this browser
    page.wait_for_selector("#playbook-result[data-score]")
    exported = export(page, tmp_path / "exported.yaml")
    assert exported.read_bytes() == path.read_bytes()

    # Closed in the browser after the checkpoint: the file records the day it changed, as `playbook actions --done`.
    page.select_option(f"[data-status={gaps[0]}]", "done")
    closed = load_answers(export(page, tmp_path / "closed.yaml"))
    assert closed.actions[gaps[0]] == Action("Priya", dt.date(2026, 12, 15), "done", TODAY,
                                             original.actions[gaps[0]].note)
    assert (closed.date, closed.updated) == (dt.date(2026, 11, 23), max(TODAY, dt.date(2026, 12, 1)))
    assert page.errors == []
    context.close()


def test_the_previous_checkpoint_is_carried_and_followed_up(site, tmp_path):
    url, chromium = site
    items = [item.id for item in CHECKLIST.items]
    a, b, c, d, e = items[0], items[1], items[2], items[3], items[5]
    then = TODAY - dt.timedelta(days=60)
    old_actions = {
        a: Action("Priya", then + dt.timedelta(days=14)),
        b: Action("Omar", None, note="waiting on finance"),
        c: Action("Kim", then + dt.timedelta(days=30)),
        d: Action("Sam", then - dt.timedelta(days=5), "done", then - dt.timedelta(days=2)),
        e: Action("Lee", None, "dropped", None, "out of scope"),
    }
    old = tmp_path / "q3.yaml"
    old.write_text(dump_answers(Answers(
        checklist=CHECKLIST.id, checklist_version=CHECKLIST.version, team="Payments", date=then,
        answers={item_id: "no" for item_id in items}, actions=old_actions), CHECKLIST), encoding="utf-8")

    context, page = open_page(chromium, url)
    now = {item_id: "no" for item_id in items}
    now.update({a: "yes", c: "partly"})  # a moved; d, done last time, did not
    page.evaluate(f"({APPLY})", now)
    page.set_input_files("[data-action=import-previous]", str(old))
    page.wait_for_function("document.querySelector('[data-role=status]').textContent.includes('Carried')")
    assert "Carried 5 actions from q3.yaml" in page.inner_text("[data-role=status]")
    assert page.input_value("#playbook-team") == "Payments"  # the same team as last time
    listed = [li.get_attribute("data-item") for li in page.locator("[data-list=previous] li[data-item]").all()]
    assert listed == [a, b, c]  # the open ones, to be asked about
    assert then.isoformat() in page.inner_text("[data-role=previous] h3")

    # a is done, b dropped, c still open with a new due date.
    page.get_by_role("combobox", name=f"What became of the action for: {CHECKLIST.item(a).question}") \
        .select_option("done")
    page.select_option(f"[data-carry={b}]", "dropped")
    page.fill(f"[data-carry-note={b}]", "No budget this quarter")
    new_due = TODAY + dt.timedelta(days=30)
    page.fill(f"[data-carry-due={c}]", new_due.isoformat())
    # The gap rows show the same actions: a's question is a yes now, so it is listed apart.
    assert page.input_value(f"[data-list=other-actions] [data-status={a}]") == "done"
    assert page.input_value(f"[data-due={c}]") == new_due.isoformat()
    assert serious_violations(page) == []

    page.reload(wait_until="load")  # the carried actions and the list survive a reload
    page.wait_for_selector("#playbook-result[data-score]")
    assert page.input_value(f"[data-carry={b}]") == "dropped"
    new = export(page, tmp_path / "q4.yaml")

    loaded = load_answers(new)
    assert loaded.team == "Payments" and loaded.date == TODAY
    assert loaded.actions == {  # as `playbook run --since` carries them
        a: carry(old_actions[a], TODAY, "done"),
        b: carry(old_actions[b], TODAY, "dropped", note="No budget this quarter"),
        c: carry(old_actions[c], TODAY, "open", due=new_due),
        d: carry(old_actions[d], TODAY),
        e: carry(old_actions[e], TODAY),
    }
    follow_up = playbook("score", new, "--since", old)["follow_up"]
    assert [(f["item"], f["owner"], f["status"], f["before"], f["after"], f["flagged"]) for f in follow_up] == [
        (a, "Priya", "done", 0, 1, False), (b, "Omar", "dropped", 0, 0, False), (c, "Kim", "open", 0, 0.5, False),
        (d, "Sam", "done", 0, 0, True), (e, "Lee", "dropped", 0, 0, False)]
    # The latest checkpoint counts: only c is still open, listed once.
    assert [entry["item"] for entry in playbook("actions", old, new)] == [c]
    assert page.errors == []
    context.close()


@pytest.mark.parametrize("previous, message", [
    ({"date": "2026-12-01"}, "q3.yaml: it is dated 2026-12-01, not before this checkpoint's date, 2026-11-23"),
    ({"team": "Growth"}, "q3.yaml: it is a checkpoint of team 'Growth'; these answers are for team 'Payments'"),
    ({"date": None}, "q3.yaml: it has no 'date'"),
    ({"checklist": "team-health"}, "q3.yaml: it answers the checklist 'team-health', not 'kickoff-readiness'"),
])
def test_a_previous_checkpoint_that_cannot_come_before_is_refused(site, tmp_path, previous, message):
    url, chromium = site
    fields = {"checklist": CHECKLIST.id, "team": "payments ", "date": "2026-09-01", **previous}
    lines = [f"{key}: {value}" for key, value in fields.items() if value is not None]
    old = tmp_path / "q3.yaml"
    old.write_text("\n".join(lines) + "\nactions:\n  exec-sponsor: {owner: Priya}\n", encoding="utf-8")
    context, page = open_page(chromium, url)
    page.fill("#playbook-team", "Payments")
    page.fill("#playbook-date", "2026-11-23")
    page.set_input_files("[data-action=import-previous]", str(old))
    page.wait_for_selector(".playbook-form__status--error")
    status = page.inner_text("[data-role=status]")
    assert "Could not import q3.yaml as the previous checkpoint: nothing was changed." in status
    assert message in status
    assert page.evaluate("window.playbookForm.state().actions") == {}
    assert page.locator("[data-role=previous]").is_hidden()
    assert page.errors == []
    context.close()
