"""The fill-in form on checklist pages, in real headless Chromium.

The page must score exactly as `playbook score` does (playbook_cli.scoring),
export a file the CLI accepts, import one the CLI wrote (notes and owners
included, so that import then export gives the file back), keep answers,
notes and owners across a reload, pass axe, print cleanly, and show hostile
text as text.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

from playbook_cli.answers import dump_answers, load_answers
from playbook_cli.cli import main
from playbook_cli.errors import PlaybookError
from playbook_cli.loader import load_checklist
from playbook_cli.model import ANSWER_WORDS, Action, Answers, Band, Checklist, Item, Section
from playbook_cli.scoring import score
from playbook_cli.site.page_data import checklist_data, json_for_script
from tests.browser import browser, screenshot, serious_violations, serve
from tests.conftest import REPO
from tests.site_build import build_site, built_copy, copy_project, engine_missing

CHECKLIST_PATHS = sorted((REPO / "checklists").glob("*.yaml"))
CHECKLISTS = {p.stem: load_checklist(p, docs_dir=REPO / "docs") for p in CHECKLIST_PATHS}
RANDOM_SETS = 48  # per checklist, on top of the hand-picked ones

# Sets the answers through the DOM, as a click would (checked + a bubbling change event),
# then reads back what the page shows.
APPLY_AND_READ = """
(answers) => {
  document.querySelector('[data-action=reset]').click();
  for (const [id, word] of Object.entries(answers)) {
    if (word === null) continue;  // unanswered
    const input = document.querySelector(
      `input[type=radio][name="${CSS.escape(id)}"][value="${CSS.escape(word)}"]`);
    input.checked = true;
    input.dispatchEvent(new Event('change', {bubbles: true}));
  }
  return window.readPlaybookResult();
}
"""
READ_RESULT = """
window.readPlaybookResult = () => {
  const panel = document.getElementById('playbook-result');
  const ids = (list) => [...panel.querySelectorAll(`[data-list=${list}] li[data-item]`)].map(li => li.dataset.item);
  const checked = {};
  document.querySelectorAll('.playbook-item input[type=radio]:checked').forEach(i => { checked[i.name] = i.value; });
  return {
    score: Number(panel.dataset.score),
    band: panel.dataset.band,
    shown: [...document.querySelectorAll('[data-field=score]')].map(e => e.textContent),
    progress: panel.querySelector('[data-field=progress]').textContent,
    blockers: ids('blockers'),
    unknown: ids('unknown'),
    gaps: ids('gaps'),
    sections: [...panel.querySelectorAll('[data-list=sections] tr')].map(
      tr => [tr.dataset.section, Number(tr.cells[1].textContent)]),
    checked,
  };
}
"""


# -- helpers ---------------------------------------------------------------

def expected(checklist, answers: dict[str, str | None]):
    given = {k: v for k, v in answers.items() if v is not None}
    return score(checklist, [Answers(checklist=checklist.id, checklist_version=checklist.version, answers=given)])


def assert_page_matches(shown: dict, checklist, answers: dict, label: str = "") -> None:
    result = expected(checklist, answers)
    where = f"{checklist.id} {label} {answers}"
    assert shown["score"] == result.score, where
    assert shown["band"] == result.band.id, where
    assert set(shown["shown"]) == {str(result.score)}, where
    assert shown["blockers"] == [i.id for i in result.blockers], where
    assert shown["unknown"] == [i.id for i in result.unknown], where
    assert shown["sections"] == [[s.id, s.score] for s in result.sections], where
    assert shown["gaps"] == [g.item.id for g in result.gaps[:5]], where
    assert shown["progress"].startswith(f"{result.answered} of {len(checklist.items)} answered"), where
    assert shown["checked"] == {k: v for k, v in answers.items() if v is not None}, where


# DESIGN.md's values, written out here so this check does not lean on scoring.py.
VALUES = {"yes": Fraction(1), "partly": Fraction(1, 2), "no": Fraction(0), "unknown": Fraction(0)}


def exact_half(checklist, answers) -> bool:
    """Whether the unrounded total score is exactly k + 1/2 (where half-up rounding matters)."""
    num, den = Fraction(0), 0
    for item in checklist.items:
        word = answers.get(item.id)
        if word == "n/a":
            continue
        num += item.weight * VALUES.get(word or "", Fraction(0))
        den += item.weight
    return den > 0 and (100 * num / den).denominator == 2


def answer_sets(checklist, count: int = RANDOM_SETS) -> list[dict[str, str | None]]:
    """Hand-picked edge cases, exact .5 ties, then seeded random sets of every mix."""
    rng = random.Random(f"form-{checklist.id}")
    items = checklist.items
    every = lambda word: {i.id: word for i in items}  # noqa: E731
    critical = [i for i in items if i.critical]
    sets: list[dict[str, str | None]] = [
        {}, every("n/a"), every("yes"), every("partly"), every("no"), every("unknown"),
        {**every("n/a"), items[-1].id: "partly"},
    ]
    for item in critical:  # one blocker each way on an otherwise perfect checklist
        sets += [{**every("yes"), item.id: "no"}, {**every("yes"), item.id: "unknown"},
                 {**every("yes"), item.id: None}, {**every("yes"), item.id: "partly"}]
    if items[0].section_id:  # a whole section n/a scores 0 there
        first = checklist.sections[0]
        sets.append({**every("yes"), **{i.id: "n/a" for i in first.items}})
    choices = list(ANSWER_WORDS) + [None]
    ties = 0
    for _ in range(3000):  # exact halves, where float arithmetic would round the wrong way
        candidate = {i.id: rng.choice(choices) for i in items}
        if exact_half(checklist, candidate):
            sets.append(candidate)
            ties += 1
            if ties == 4:
                break
    while len(sets) < count + 10:
        # A random mix per set: some sets mostly yes, some mostly blank, some all over.
        weights = [rng.random() ** 2 for _ in choices]
        sets.append({i.id: rng.choices(choices, weights)[0] for i in items})
    return sets


def new_page(chromium, url, path, scheme="light"):
    context = chromium.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900},
                                   accept_downloads=True, locale="en-US")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors
    response = page.goto(url + path, wait_until="load")
    assert response.status == 200
    page.wait_for_selector("#playbook-result[data-score]")
    page.evaluate(READ_RESULT)
    return context, page


def page_action(action: Action) -> dict:
    """An action as window.playbookForm gives it: dates as YYYY-MM-DD or "", a note or null."""
    return {"owner": action.owner, "due": action.due.isoformat() if action.due else "", "status": action.status,
            "done": action.done.isoformat() if action.done else "", "note": action.note}


def read(page) -> dict:
    return page.evaluate("window.readPlaybookResult()")


def score_file(path: Path) -> dict:
    result = CliRunner().invoke(main, ["score", "--checklists", str(REPO / "checklists"), str(path),
                                       "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def site(built_site):
    with serve(built_site) as url, browser() as chromium:
        yield url, chromium


# -- without a browser -----------------------------------------------------

def test_json_block_cannot_close_its_script_element():
    text = json_for_script({"q": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"q": "</script><script>alert(1)</script> & <!--"}


def test_form_words_stay_out_of_site_search(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = [d for d in index["docs"] if d["location"].startswith("checklists/kickoff-readiness/")]
    assert any("single-threaded owner" in d["text"] for d in pages)  # the questions are searchable
    for doc in pages:
        assert "Export answers file" not in doc["text"] and "PartlyNo" not in doc["text"], doc["location"]
        assert "Note" not in doc["text"], doc["location"]  # each question's note summary
        assert not doc["location"].endswith(("#playbook-fill-in", "#playbook-result-title"))


# The page carries the checklist as data and the browser builds the form from it (nothing edits the
# engine's HTML): each question becomes a fieldset, checked here in the page as a reader gets it.
READ_FIELDSETS = """
() => [...document.querySelectorAll('fieldset.playbook-item')].map(f => ({
  id: f.id, item: f.dataset.item,
  legend: f.querySelector(':scope > legend.playbook-question') !== null,
  values: [...f.querySelectorAll('input[type=radio]')].map(i => [i.name, i.value]),
  text: f.textContent,
  note: (f.querySelector('textarea.playbook-note__input') || {}).id || null,
}))
"""


@pytest.mark.parametrize("checklist_id", CHECKLISTS)
def test_every_question_is_a_fieldset_of_five_radios(site, checklist_id):
    url, chromium = site
    checklist = CHECKLISTS[checklist_id]
    context, page = new_page(chromium, url, f"/checklists/{checklist_id}/")
    fieldsets = page.evaluate(READ_FIELDSETS)
    assert [f["id"] for f in fieldsets] == [item.id for item in checklist.items]
    for item, fieldset in zip(checklist.items, fieldsets):
        assert fieldset["item"] == item.id and fieldset["legend"], item.id
        assert fieldset["values"] == [[item.id, word] for word in ANSWER_WORDS]
        assert f"Weight {item.weight}" in fieldset["text"]  # why, weight, play stay in the group
        assert fieldset["note"] == f"playbook-note-{item.id}"  # and a note
    # Questions stay in their sections: the toolbar before the first one, the result after the last.
    order = page.evaluate("""() => [...document.querySelectorAll(\
'#playbook-form, h2, fieldset.playbook-item, #playbook-result')]
        .map(e => e.id === 'playbook-form' || e.id === 'playbook-result' ? e.id : e.tagName)""")
    assert order.index("playbook-form") < order.index("FIELDSET") < len(order) - 1 - order[::-1].index("FIELDSET") \
        < order.index("playbook-result")
    assert page.errors == []
    context.close()


# -- scoring: the page and the CLI agree -------------------------------------

@pytest.mark.parametrize("checklist_id", CHECKLISTS)
def test_page_scores_exactly_as_the_cli(site, checklist_id):
    url, chromium = site
    checklist = CHECKLISTS[checklist_id]
    context, page = new_page(chromium, url, f"/checklists/{checklist_id}/")
    sets = answer_sets(checklist)
    assert len(sets) >= 40
    # All sets in one round trip; each is applied, change events and all, then read back.
    shown = json.loads(page.evaluate(f"(text) => JSON.stringify(JSON.parse(text).map({APPLY_AND_READ}))",
                                     json.dumps(sets)))
    for index, (answers, result) in enumerate(zip(sets, shown, strict=True)):
        assert_page_matches(result, checklist, answers, f"set {index}")
    assert page.errors == []
    context.close()


def test_half_up_rounding_ties_are_covered():
    """The random sets include exact .5 scores, where floats could round the wrong way."""
    ties = sum(exact_half(c, a) for c in CHECKLISTS.values() for a in answer_sets(c))
    assert ties >= 6, ties


def synthetic_checklist(rng: random.Random, index: int) -> Checklist:
    """A small random checklist: few items and odd weights make exact .5 scores common."""
    sections = []
    for s in range(rng.randint(1, 3)):
        items = tuple(Item(f"i{index}-{s}-{n}", f"Question {n}?", "Why.", rng.randint(1, 5), rng.random() < 0.3,
                           section_id=f"s{s}") for n in range(rng.randint(1, 4)))
        sections.append(Section(f"s{s}", f"Section {s}", items))
    top = rng.randint(51, 99)
    bands = (Band("good", "Good", top), Band("fair", "Fair", rng.randint(1, top - 1)), Band("poor", "Poor", 0))
    return Checklist(f"synthetic-{index}", "Synthetic", 1, "", bands, tuple(sections))


def test_page_scoring_matches_on_thousands_of_small_checklists(site):
    """The page's scorer against playbook_cli.scoring on random weights, where .5 ties abound."""
    url, chromium = site
    rng = random.Random("form-synthetic")
    cases, expectations, ties = [], [], 0
    for index in range(3000):
        checklist = synthetic_checklist(rng, index)
        answers = {i.id: rng.choice(list(ANSWER_WORDS) + [None]) for i in checklist.items}
        ties += exact_half(checklist, answers)
        result = expected(checklist, answers)
        cases.append({"checklist": checklist_data(checklist), "answers": {k: v for k, v in answers.items() if v}})
        expectations.append([result.score, result.band.id, [x.score for x in result.sections],
                             [i.id for i in result.blockers], [g.item.id for g in result.gaps]])
    assert ties > 50, ties
    context, page = new_page(chromium, url, "/checklists/team-health/")
    # One JSON string each way: Playwright's own serialiser is slow on thousands of nested objects.
    got = json.loads(page.evaluate("""(text) => JSON.stringify(JSON.parse(text).map(({checklist, answers}) => {
        const r = window.playbookForm.score(checklist, answers);
        return [r.score, r.band.id, r.sections.map(s => s.score), r.blockers.map(i => i.id), \
r.gaps.map(g => g.item.id)];
    }))""", json.dumps(cases)))
    for case, want, have in zip(cases, expectations, got):
        assert have == want, case
    context.close()


def test_mouse_and_keyboard_answer_the_questions(site):
    url, chromium = site
    checklist = CHECKLISTS["kickoff-readiness"]
    first, second, third = (item.id for item in checklist.items[:3])
    context, page = new_page(chromium, url, "/checklists/kickoff-readiness/")

    page.click(f"fieldset#{first} label:has-text('Partly')")  # mouse, on the label
    page.click(f"input[name={second}][value=yes]")  # mouse, on the radio
    page.keyboard.press("ArrowRight")  # keyboard: yes -> partly
    page.keyboard.press("ArrowRight")  # partly -> no
    assert page.evaluate("document.activeElement.name") == second
    # Letters on a radio must not trigger Material's shortcuts (n = next page).
    page.keyboard.press("n")
    page.keyboard.press(".")
    assert page.url.endswith("/checklists/kickoff-readiness/")
    for _ in range(6):  # Tab on to the next question's answers (past its play link)
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == third:
            break
    assert page.evaluate("document.activeElement.name") == third
    page.keyboard.press("Space")  # checks the first answer, yes
    answers = {first: "partly", second: "no", third: "yes"}
    assert_page_matches(read(page), checklist, answers)
    summary = page.inner_text(".playbook-result__summary")
    assert page.get_attribute("#playbook-result", "aria-live") == "polite"
    assert f"Score {expected(checklist, answers).score}/100" in summary
    assert page.errors == []
    context.close()


# -- export and import ------------------------------------------------------

@pytest.mark.parametrize("checklist_id", CHECKLISTS)
def test_export_is_a_file_playbook_score_accepts(site, checklist_id, tmp_path):
    url, chromium = site
    checklist = CHECKLISTS[checklist_id]
    context, page = new_page(chromium, url, f"/checklists/{checklist_id}/")
    answers = answer_sets(checklist)[-1]
    answers = {**answers, checklist.items[0].id: "yes", checklist.items[1].id: "no"}  # bare yes/no in YAML 1.1
    shown = page.evaluate(f"({APPLY_AND_READ})", answers)
    page.fill("#playbook-team", 'Payments: "EU" #1 ü')
    page.fill("#playbook-respondent", "Dana O'Neil")
    with page.expect_download() as download_info:
        page.click("[data-action=export]")
    path = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(path)
    assert path.name == f"{checklist_id}-dana-o-neil.yaml"

    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"checklist: {checklist_id}\nchecklist_version: {checklist.version}\n")
    for item_id, word in answers.items():
        if word is not None:
            assert f'  {item_id}: "{word}"\n' in text  # every answer word double-quoted
    loaded = load_answers(path)
    assert loaded.team == 'Payments: "EU" #1 ü' and loaded.respondent == "Dana O'Neil"
    assert loaded.date is not None
    assert loaded.answers == {k: v for k, v in answers.items() if v is not None}

    cli = score_file(path)
    assert (cli["score"], cli["band"]) == (shown["score"], shown["band"])
    assert cli["blockers"] == shown["blockers"]
    assert [[s["id"], s["score"]] for s in cli["sections"]] == shown["sections"]
    assert "Exported" in page.inner_text("[data-role=status]")
    context.close()


def test_import_a_file_the_cli_wrote(site, tmp_path):
    url, chromium = site
    checklist = CHECKLISTS["kickoff-readiness"]
    answers = {item.id: ANSWER_WORDS[i % 5] for i, item in enumerate(checklist.items) if i % 7 != 3}
    path = tmp_path / "dana.yaml"
    path.write_text(dump_answers(Answers(checklist=checklist.id, checklist_version=checklist.version,
                                         team="Payments", respondent="Dana", answers=answers), checklist),
                    encoding="utf-8")
    context, page = new_page(chromium, url, "/checklists/kickoff-readiness/")
    page.set_input_files("[data-action=import]", str(path))
    page.wait_for_function("document.querySelector('[data-role=status]').textContent.includes('Imported')")
    assert_page_matches(read(page), checklist, answers)
    assert page.input_value("#playbook-team") == "Payments"
    assert page.input_value("#playbook-respondent") == "Dana"
    assert score_file(path)["score"] == read(page)["score"]
    assert page.errors == []
    context.close()


HAND_WRITTEN = """\
# Dana's answers, edited by hand
checklist: kickoff-readiness
checklist_version: 1
team: Payments   # a comment after a value
respondent: 'Dana O''Neil'
date: 2026-11-23
answers:
  single-threaded-owner: yes
  exec-sponsor: No
  owner-has-time: true
  feature-owners-named: FALSE
  decision-rights-clear: 'partly'
  problem-statement-shared: "Unknown"
  target-customer-named: na
  why-now-agreed: n/a
  scope-boundaries-written:
  assumptions-listed: ~
notes:
  exec-sponsor: "Asked twice: no reply"
  owner-has-time: 'It''s 50% at best # not a comment'
  feature-owners-named: plain words, no quotes   # a comment
  "decision-rights-clear": "tab\\there \\"quoted\\" \\u00fc \\U0001F600 \\x41 \\/"
actions:
  exec-sponsor: {owner: "Priya", due: 2026-12-01}
  owner-has-time: Sam Lee
  feature-owners-named:
    owner: 'Lee O''Hara'
    due: "2027-01-15"
  decision-rights-clear: {owner: "Ana, \\"the boss\\" {x}"}
  problem-statement-shared:
    owner: Kim   # no due date
"""


def test_import_reads_hand_edits_as_the_cli_does(site, tmp_path):
    url, chromium = site
    checklist = CHECKLISTS["kickoff-readiness"]
    path = tmp_path / "hand.yaml"
    path.write_bytes(HAND_WRITTEN.replace("\n", "\r\n").encode("utf-8"))
    cli_answers = load_answers(path).answers
    assert cli_answers["owner-has-time"] == "yes" and cli_answers["feature-owners-named"] == "no"
    context, page = new_page(chromium, url, "/checklists/kickoff-readiness/")
    page.set_input_files("[data-action=import]", str(path))
    page.wait_for_function("document.querySelector('[data-role=status]').textContent.includes('Imported')")
    assert_page_matches(read(page), checklist, cli_answers)
    assert page.input_value("#playbook-respondent") == "Dana O'Neil"
    loaded = load_answers(path)
    state = page.evaluate("window.playbookForm.state()")
    assert state["notes"] == loaded.notes
    assert state["actions"] == {k: page_action(a) for k, a in loaded.actions.items()}
    assert "Imported 8 answers, 4 notes and 5 owners from hand.yaml." in page.inner_text("[data-role=status]")
    assert page.input_value("#playbook-note-exec-sponsor") == "Asked twice: no reply"
    assert score_file(path)["score"] == read(page)["score"]
    assert page.errors == []
    context.close()


# The page reads files as `playbook score` does, so its message is the CLI's own (file:line:col: message);
# None: take it from playbook_cli.answers.load_answers.
@pytest.mark.parametrize("content, message", [
    ("checklist: kickoff-readiness\nanswers:\n  exec-sponsor: maybe\n", None),
    ("checklist: team-health\nanswers:\n  exec-sponsor: \"yes\"\n",
     "bad.yaml: it answers the checklist 'team-health', and this page is 'kickoff-readiness'"),
    ("just some text\n", None),
    ("checklist: kickoff-readiness\nscore: 80\n", None),
    ("\x00\xff\xfe binary", None),
    ("checklist: kickoff-readiness\nactions:\n  exec-sponsor: {owner: \"  \", due: 2026-12-01}\n", None),
    ("checklist: kickoff-readiness\nactions:\n  exec-sponsor: {owner: Priya, due: soon}\n", None),
    ("checklist: kickoff-readiness\nactions:\n  exec-sponsor:\n    owner: Priya\n    due: 2026-02-30\n", None),
    ("checklist: kickoff-readiness\nactions:\n  exec-sponsor: {who: Priya}\n", None),
    ("checklist: kickoff-readiness\nactions:\n  exec-sponsor: yes\n", None),
    ("checklist: kickoff-readiness\nnotes:\n  exec-sponsor: true\n", None),
    ("checklist: kickoff-readiness\nanswers: {a: yes, b: [no}\n", "Could not import bad.yaml"),
])
def test_import_reports_a_bad_file_and_changes_nothing(site, tmp_path, content, message):
    url, chromium = site
    checklist = CHECKLISTS["kickoff-readiness"]
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    if content.startswith("checklist: kickoff-readiness") or message is None:
        with pytest.raises(PlaybookError) as refused:  # the CLI refuses it too
            load_answers(path)
        first = refused.value.first
        if message is None:
            message = f"bad.yaml:{first.line}:{first.column}: {first.message}" if first.column else \
                f"bad.yaml:{first.line}: {first.message}" if first.line else f"bad.yaml: {first.message}"
    context, page = new_page(chromium, url, "/checklists/kickoff-readiness/")
    before = {checklist.items[0].id: "yes", checklist.items[2].id: "n/a"}
    page.evaluate(f"({APPLY_AND_READ})", before)
    page.set_input_files("[data-action=import]", str(path))
    page.wait_for_selector(".playbook-form__status--error")
    status = page.locator("[data-role=status]")
    assert status.is_visible()
    assert "Could not import bad.yaml" in status.inner_text()
    assert message in status.inner_text()
    assert_page_matches(read(page), checklist, before)
    assert page.errors == []
    context.close()


# -- kept in the browser ------------------------------------------------------

def test_answers_survive_a_reload_and_reset_clears_them(site):
    url, chromium = site
    checklist = CHECKLISTS["ownership-clarity"]
    context, page = new_page(chromium, url, f"/checklists/{checklist.id}/")
    answers = {item.id: ANSWER_WORDS[i % 5] for i, item in enumerate(checklist.items[:6])}
    for item_id, word in answers.items():
        page.check(f"input[name={item_id}][value='{word}']")
    page.fill("#playbook-team", "Checkout")
    key = f"playbook:answers:{checklist.id}:v{checklist.version}"
    assert json.loads(page.evaluate(f"localStorage.getItem('{key}')"))["answers"] == answers

    page.reload(wait_until="load")
    page.evaluate(READ_RESULT)
    assert_page_matches(read(page), checklist, answers)
    assert page.input_value("#playbook-team") == "Checkout"

    page.click("[data-action=reset]")
    assert_page_matches(read(page), checklist, {})
    assert page.evaluate(f"localStorage.getItem('{key}')") is None
    page.click("[data-action=undo]")  # a mis-click is not a disaster
    assert_page_matches(read(page), checklist, answers)
    page.click("[data-action=reset]")

    page.reload(wait_until="load")
    page.evaluate(READ_RESULT)
    assert_page_matches(read(page), checklist, {})
    assert page.input_value("#playbook-team") == ""
    assert page.errors == []
    context.close()


def test_answers_are_kept_per_checklist_version(site):
    url, chromium = site
    checklist = CHECKLISTS["handoff-risk"]
    context, page = new_page(chromium, url, f"/checklists/{checklist.id}/")
    stale = {"answers": {checklist.items[0].id: "yes"}, "team": "Old"}
    page.evaluate("([k, v]) => localStorage.setItem(k, v)",
                  [f"playbook:answers:{checklist.id}:v{checklist.version + 1}", json.dumps(stale)])
    page.reload(wait_until="load")
    page.evaluate(READ_RESULT)
    assert read(page)["checked"] == {}
    context.close()


# -- accessibility, screenshots and print ---------------------------------------

@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_filled_in_form_passes_axe_and_prints_cleanly(site, scheme):
    url, chromium = site
    checklist = CHECKLISTS["kickoff-readiness"]
    context, page = new_page(chromium, url, "/checklists/kickoff-readiness/", scheme)
    answers = answer_sets(checklist)[-1]
    page.evaluate(f"({APPLY_AND_READ})", answers)
    page.fill("#playbook-team", "Payments")
    gaps = read(page)["gaps"]
    assert len(gaps) >= 3
    page.fill(f"[data-owner={gaps[0]}]", "Priya")
    page.fill(f"[data-due={gaps[0]}]", "2026-12-01")
    page.fill(f"[data-owner={gaps[1]}]", "Sam <b>Lee</b>")
    note_id = checklist.items[1].id
    page.click(f"#{note_id} details.playbook-note > summary")
    page.fill(f"#playbook-note-{note_id}", "Asked twice:\nno reply yet")
    page.locator("fieldset.playbook-item").nth(1).scroll_into_view_if_needed()
    screenshot(page, f"form-{scheme}")
    assert serious_violations(page) == []
    page.locator("#playbook-result").scroll_into_view_if_needed()
    screenshot(page, f"form-result-{scheme}")

    page.emulate_media(media="print")
    for selector in (".md-sidebar--primary", ".md-sidebar--secondary", ".md-header",
                     "[data-action=export]", "[data-action=reset]", "[data-role=scorebar]"):
        assert page.locator(selector).first.is_hidden(), selector
    checked = page.locator(".playbook-answer:has(input:checked)").first
    assert checked.is_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('.playbook-answer:has(input:checked) span'),"
                         " '::after').content") == '" ✔"'
    assert page.locator("#playbook-result").is_visible()
    # Owners and notes print as text; their fields do not print.
    printed = [page.inner_text(f"[data-list=gaps] li[data-item={gap}] .playbook-gap__print") for gap in gaps[:3]]
    assert printed == ["Owner: Priya (due 2026-12-01)", "Owner: Sam <b>Lee</b>", "Owner: unowned"]
    assert page.locator(".playbook-gap__fields").first.is_hidden()
    assert page.locator(f"#{note_id} details.playbook-note").is_hidden()
    assert page.inner_text(f"#{note_id} .playbook-note__print") == "Note: Asked twice:\nno reply yet"
    assert page.locator(f"#{checklist.items[2].id} .playbook-note__print").is_hidden()
    page.locator("fieldset.playbook-item").nth(1).scroll_into_view_if_needed()
    screenshot(page, f"form-print-{scheme}")
    assert page.errors == []
    context.close()


# -- hostile text -------------------------------------------------------------

def test_script_in_a_question_shows_as_text(site, tmp_path):
    root = copy_project(tmp_path / "fork")
    path = root / "checklists" / "kickoff-readiness.yaml"
    hostile = "Owner? <script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\"> & </fieldset>"
    text = path.read_text(encoding="utf-8")
    original = "question: Is one named person the single-threaded owner of this project?"
    assert text.count(original) == 1
    path.write_text(text.replace(original, f"question: {json.dumps(hostile)}"), encoding="utf-8")
    result = build_site(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "checklists" / "kickoff-readiness" / "index.html").read_text(encoding="utf-8")
    assert "<script>window.pwned" not in html and "<img src=x" not in html
    data = html.split('<script type="application/json" id="playbook-checklist">', 1)[1].split("</script>", 1)[0]
    assert "\\u003cscript\\u003ewindow.pwned" in data

    _, chromium = site
    with serve(tmp_path / "site") as url:
        context, page = new_page(chromium, url, "/checklists/kickoff-readiness/")
        page.check("input[name=single-threaded-owner][value=no]")  # a blocker: listed in the result
        assert page.evaluate("window.pwned") is None
        assert hostile in page.inner_text("#single-threaded-owner legend")
        blockers = page.inner_text("[data-list=blockers]")
        assert "<script>window.pwned = 1</script>" in blockers
        assert page.locator("fieldset.playbook-item").count() == len(CHECKLISTS["kickoff-readiness"].items)
        assert page.errors == []
        context.close()


# -- notes and owners ------------------------------------------------------------

HOSTILE = ("Priya \"P\" O'Neil: #1 <script>window.pwned = 3</script>"
           "<img src=x onerror=\"window.pwned = 4\"> ü 😀 & </li>")


def test_notes_and_actions_round_trip_through_the_page(site, tmp_path):
    """A file the CLI wrote, with notes and owners, comes back from the page's export unchanged."""
    url, chromium = site
    checklist = CHECKLISTS["kickoff-readiness"]
    items = [item.id for item in checklist.items]
    answers = {item_id: ANSWER_WORDS[i % 5] for i, item_id in enumerate(items) if i % 7 != 3}
    answers[items[0]] = "no"  # the heaviest item: always a top gap, so its owner is in the list
    notes = {
        items[0]: HOSTILE,
        items[1]: "line one\nline two: \"quoted\"\r\n\ttabbed # not a comment",
        items[4]: "key: value, {not: a mapping}, [nor a list] \\ backslash \u2028 sep \x7f del \u00a0 nbsp",
        items[9]: "  leading and trailing spaces  ",
    }
    actions = {
        items[0]: Action(HOSTILE + "\nsecond line", dt.date(2026, 12, 1)),
        items[1]: Action("Sam", None),
        items[5]: Action("Ana, 'the boss' {x}: yes", dt.date(2027, 2, 28)),
        items[len(items) - 1]: Action("no", dt.date(2030, 1, 31)),  # a YAML boolean word, as a name
    }
    original = Answers(checklist=checklist.id, checklist_version=checklist.version, team="Payments: \"EU\" #1",
                       respondent="Dana <b>O'Neil</b>", answers=answers, notes=notes, actions=actions)
    path = tmp_path / "original.yaml"
    path.write_text(dump_answers(original, checklist), encoding="utf-8")
    loaded = load_answers(path)
    assert (loaded.answers, loaded.notes, loaded.actions) == (answers, notes, actions)

    context, page = new_page(chromium, url, "/checklists/kickoff-readiness/")
    page.set_input_files("[data-action=import]", str(path))
    page.wait_for_function("document.querySelector('[data-role=status]').textContent.includes('Imported')")
    status = page.inner_text("[data-role=status]")
    assert f"{len(answers)} answers, 4 notes and 4 owners" in status
    assert "not kept" not in status and "will not include" not in status
    # Shown as text, never as markup.
    assert page.evaluate("window.pwned") is None
    assert page.input_value(f"#playbook-note-{items[0]}") == HOSTILE
    assert page.evaluate(f"document.querySelector('#{items[0]} details.playbook-note').open") is True
    owner = page.locator(f"[data-list=gaps] li[data-item={items[0]}] [data-owner]")
    assert owner.input_value() == (HOSTILE + "\nsecond line").replace("\n", "")  # a text field shows one line
    assert page.input_value(f"[data-list=gaps] li[data-item={items[0]}] [data-due]") == "2026-12-01"
    assert page.locator("[data-list=gaps] img, #playbook-result script, .playbook-note__print img").count() == 0

    # Kept across a reload, then exported.
    page.reload(wait_until="load")
    page.evaluate(READ_RESULT)
    with page.expect_download() as download_info:
        page.click("[data-action=export]")
    exported = tmp_path / "exported.yaml"
    download_info.value.save_as(exported)
    again = load_answers(exported)
    assert again.answers == answers
    assert again.notes == notes
    assert again.actions == actions
    assert (again.team, again.respondent) == (original.team, original.respondent)
    # Byte for byte what dump_answers writes, but for the date of the export.
    written = [line for line in exported.read_text(encoding="utf-8").splitlines() if not line.startswith("date: ")]
    assert written == path.read_text(encoding="utf-8").splitlines()
    assert page.evaluate("window.pwned") is None
    assert page.errors == []
    context.close()


def test_owner_typed_in_the_gap_list_is_exported_and_kept(site, tmp_path):
    url, chromium = site
    checklist = CHECKLISTS["kickoff-readiness"]
    context, page = new_page(chromium, url, "/checklists/kickoff-readiness/")
    by_weight = sorted(checklist.items, key=lambda item: -item.weight)
    target, heavier = by_weight[1], by_weight[0]
    answers = {item.id: "yes" for item in checklist.items}
    answers.update({target.id: "partly", by_weight[2].id: "no", by_weight[3].id: "unknown"})
    page.evaluate(f"({APPLY_AND_READ})", answers)
    row = page.locator(f"[data-list=gaps] li[data-item={target.id}]")
    assert "unowned" in row.inner_text()

    # Labelled with the question, and typed into with the keyboard.
    owner = page.get_by_role("textbox", name=f"Owner for: {target.question}")
    assert owner.get_attribute("data-owner") == target.id
    owner.focus()
    page.keyboard.type("Pri")
    # Answers change while the owner is being typed: the list updates around the field, which keeps
    # focus and text, even when the row itself moves up.
    change = "([id, word]) => { const i = document.querySelector(`input[name=\"${id}\"][value=\"${word}\"]`);" \
             " i.checked = true; i.dispatchEvent(new Event('change', {bubbles: true})); }"
    page.evaluate(change, [heavier.id, "no"])
    assert read(page)["gaps"][0] == heavier.id
    page.keyboard.type("ya ")
    before = read(page)["gaps"]
    page.evaluate(change, [heavier.id, "yes"])
    page.evaluate(change, [target.id, "no"])
    after = read(page)["gaps"]
    assert after.index(target.id) < before.index(target.id), (before, after)
    assert page.evaluate("document.activeElement.dataset.owner") == target.id
    page.keyboard.type("Shah")
    assert owner.input_value() == "Priya Shah"
    assert row.locator(".playbook-gap__unowned").is_hidden()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.due") == target.id
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == f"Due date for: {target.question}"
    page.keyboard.type("12012030")  # month, day, year in the en-US date field
    assert page.input_value(f"[data-due={target.id}]") == "2030-12-01"
    others = page.locator("[data-list=gaps] li[data-item]")
    assert others.count() >= 3
    for index in range(others.count()):
        if others.nth(index).get_attribute("data-item") != target.id:
            assert others.nth(index).locator(".playbook-gap__unowned").is_visible()

    # A note, by keyboard: Tab from the answers past "Clear answer" to the note's summary, open it, type.
    page.focus(f"input[name={target.id}][value=no]")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.clear") == target.id
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.note") == target.id
    page.keyboard.type("Ask finance")

    with page.expect_download() as download_info:
        page.click("[data-action=export]")
    path = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(path)
    loaded = load_answers(path)
    assert {k: (a.owner, a.due.isoformat() if a.due else None) for k, a in loaded.actions.items()} == \
        {target.id: ("Priya Shah", "2030-12-01")}
    assert loaded.notes == {target.id: "Ask finance"}
    gaps = {gap["item"]: gap["owner"] for gap in score_file(path)["gaps"]}
    assert gaps[target.id] == "Priya Shah"
    assert [owner for item, owner in gaps.items() if item != target.id] == [None] * (len(gaps) - 1)

    page.reload(wait_until="load")
    page.evaluate(READ_RESULT)
    assert page.input_value(f"[data-list=gaps] li[data-item={target.id}] [data-owner]") == "Priya Shah"
    assert page.input_value(f"[data-due={target.id}]") == "2030-12-01"
    assert page.input_value(f"#playbook-note-{target.id}") == "Ask finance"
    assert page.locator(f"[data-list=gaps] li[data-item={target.id}] .playbook-gap__unowned").is_hidden()

    # Clear removes owners and notes too; Undo brings them back.
    page.click("[data-action=reset]")
    assert page.evaluate("window.playbookForm.state().actions") == {}
    page.click("[data-action=undo]")
    assert page.input_value(f"[data-list=gaps] li[data-item={target.id}] [data-owner]") == "Priya Shah"
    assert page.errors == []
    context.close()


def random_text(rng: random.Random) -> str:
    """Text that is hard to write as YAML: quotes, escapes, YAML's own syntax, controls, astral characters."""
    pieces = ['"', "'", "\\", ":", ": ", " #", "#", "{", "}", "[", ",", "-", "? ", "&a", "*a", "!x", "%", "@", "`",
              "\n", "\r\n", "\t", " ", "\x00", "\x1b", "\x7f", "\x85", "\u00a0", "\u2028", "ü", "😀",
              "<script>", "yes", "no", "null", "~", "1.5", "2026-12-01", "Priya", "O'Neil", "true"]
    return "".join(rng.choice(pieces) for _ in range(rng.randint(1, 8)))


def test_page_reads_and_writes_notes_and_owners_as_the_cli_does(site):
    """Random notes and owners: what dump_answers writes the page reads, and what the page writes the CLI reads."""
    url, chromium = site
    checklist = CHECKLISTS["team-health"]
    rng = random.Random("form-notes")
    cases = []
    for _ in range(150):
        chosen = rng.sample(checklist.items, rng.randint(0, len(checklist.items)))
        notes = {item.id: random_text(rng) for item in chosen[: len(chosen) // 2]}
        notes = {k: v for k, v in notes.items() if v.strip()}  # the page drops blank notes
        actions = {}
        for item in chosen[len(chosen) // 2:]:
            owner = random_text(rng).strip()
            if owner:
                due = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 2000)) if rng.random() < 0.6 else None
                actions[item.id] = Action(owner, due)
        answers = {item.id: rng.choice(ANSWER_WORDS) for item in chosen}
        cases.append(Answers(checklist=checklist.id, checklist_version=checklist.version, answers=answers,
                             notes=notes, actions=actions))
    texts = [dump_answers(case, checklist) for case in cases]
    context, page = new_page(chromium, url, f"/checklists/{checklist.id}/")
    got = json.loads(page.evaluate("""(texts) => JSON.stringify(JSON.parse(texts).map((text) => {
        const parsed = window.playbookForm.parse(text);
        const state = {answers: parsed.answers, team: "", respondent: "", notes: parsed.notes, actions: parsed.actions};
        return {errors: parsed.errors, notes: parsed.notes, actions: parsed.actions,
                dumped: window.playbookForm.dump(window.playbookForm.checklist, state, "2026-11-23")};
    }))""", json.dumps(texts)))
    for case, text, result in zip(cases, texts, got, strict=True):
        assert result["errors"] == [], text
        assert result["notes"] == case.notes, text
        assert result["actions"] == {k: page_action(a) for k, a in case.actions.items()}, text
        assert result["dumped"] == text.replace("answers:", "date: 2026-11-23\nanswers:", 1), text
    assert page.errors == []
    context.close()


# -- the same files as the CLI -------------------------------------------------------

ACCEPTED_BY_THE_CLI = {
    "flow.yaml": '{checklist: kickoff-readiness, answers: {exec-sponsor: yes, single-threaded-owner: "no"},'
                 ' actions: {exec-sponsor: {owner: Priya, due: 2026-12-01}}}\n',
    "multiline.yaml": "checklist: kickoff-readiness\nanswers:\n  exec-sponsor: partly\nnotes:\n  exec-sponsor: |\n"
                      "    Asked twice.\n    Still no reply: chase on Monday.\n",
    "odd-ids.yaml": 'checklist: kickoff-readiness\nanswers:\n  constructor: "yes"\n  toString: "no"\n'
                    '  __proto__: "yes"\n  exec-sponsor: "yes"\n',
}


@pytest.mark.parametrize("name", ACCEPTED_BY_THE_CLI)
def test_import_accepts_what_the_cli_accepts(site, tmp_path, name):
    url, chromium = site
    checklist = CHECKLISTS["kickoff-readiness"]
    path = tmp_path / name
    path.write_text(ACCEPTED_BY_THE_CLI[name], encoding="utf-8")
    loaded = load_answers(path)
    known = {k: v for k, v in loaded.answers.items() if checklist.item(k)}
    context, page = new_page(chromium, url, "/checklists/kickoff-readiness/")
    page.set_input_files("[data-action=import]", str(path))
    page.wait_for_function("document.querySelector('[data-role=status]').textContent.includes('Imported')")
    assert_page_matches(read(page), checklist, known)
    state = page.evaluate("window.playbookForm.state()")
    assert state["notes"] == {k: v for k, v in loaded.notes.items() if checklist.item(k)}
    status = page.inner_text("[data-role=status]")
    for unknown in sorted(set(loaded.answers) - set(known)):  # warned about by id, as the CLI warns
        assert f"answer for unknown item '{unknown}' in checklist 'kickoff-readiness' is ignored" in status
    assert page.evaluate("Object.getPrototypeOf(window.playbookForm.state().answers) === Object.prototype")
    assert page.errors == []
    context.close()


def test_import_refuses_utf16_as_the_cli_does(site, tmp_path):
    url, chromium = site
    path = tmp_path / "utf16.yaml"
    path.write_bytes("checklist: kickoff-readiness\nanswers:\n  exec-sponsor: yes\n".encode("utf-16"))
    with pytest.raises(PlaybookError) as refused:
        load_answers(path)
    context, page = new_page(chromium, url, "/checklists/kickoff-readiness/")
    page.set_input_files("[data-action=import]", str(path))
    page.wait_for_selector(".playbook-form__status--error")
    status = page.inner_text("[data-role=status]")
    first = refused.value.first
    assert f"utf16.yaml:{first.line}:{first.column}: {first.message} ({first.hint})" in status
    context.close()


def test_a_file_with_many_problems_lists_ten_then_how_many_more(site, tmp_path):
    url, chromium = site
    path = tmp_path / "many.yaml"
    path.write_text("checklist: kickoff-readiness\n" + "".join(f"junk{n}: 1\n" for n in range(40)), encoding="utf-8")
    with pytest.raises(PlaybookError) as refused:
        load_answers(path)
    assert len(refused.value.problems) == 40
    context, page = new_page(chromium, url, "/checklists/kickoff-readiness/")
    page.set_input_files("[data-action=import]", str(path))
    page.wait_for_selector(".playbook-form__status--error")
    bullets = page.locator("[data-role=status] li").all_inner_texts()
    assert len(bullets) == 11
    assert bullets[0].startswith("many.yaml:2:1: unknown key 'junk0' in answers file")
    assert bullets[-1] == "and 30 more"
    context.close()


# -- the same form on a page ProperDocs built ---------------------------------------------

@pytest.fixture(scope="module")
def properdocs_site(tmp_path_factory):
    from tests.browser import missing

    reason = engine_missing("properdocs")
    if reason:
        missing(reason)
    out, result = built_copy("properdocs", tmp_path_factory.mktemp("properdocs"))
    assert result.returncode == 0, result.stderr[-5000:]
    return out


def test_form_on_a_properdocs_page_scores_and_exports_as_the_cli(site, properdocs_site, tmp_path):
    _, chromium = site
    checklist = CHECKLISTS["team-health"]
    answers = answer_sets(checklist)[-2]
    with serve(properdocs_site) as url:
        context, page = new_page(chromium, url, f"/checklists/{checklist.id}/")
        shown = page.evaluate(f"({APPLY_AND_READ})", answers)
        assert_page_matches(shown, checklist, answers, "properdocs")
        with page.expect_download() as download_info:
            page.click("[data-action=export]")
        path = tmp_path / download_info.value.suggested_filename
        download_info.value.save_as(path)
        assert score_file(path)["score"] == shown["score"]
        assert page.errors == []
        context.close()
