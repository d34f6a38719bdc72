// The browser's team core against tests/cases/team.json, the hand-computed cases that
// tests/test_team_cases.py runs against playbook_cli/team.py and scoring.py.
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { test } = require("node:test");
const { REPO, answersFile, python, rules } = require("./helpers.js");

const team = require(path.join(REPO, "docs/javascripts/playbook-team.js"));
const DATA = JSON.parse(fs.readFileSync(path.join(REPO, "tests/cases/team.json"), "utf-8"));
const MINI = path.join(REPO, "tests/cases", DATA.checklist);

/** The case's files as the page gets them ({name, bytes}), and written to a folder for the CLI's reader. */
function caseFiles(testCase) {
  const texts = new Map();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "team-case-"));
  const files = testCase.files.map((file) => {
    const text = file.copy_of ? texts.get(file.copy_of) : file.text;
    texts.set(file.name, text);
    fs.writeFileSync(path.join(dir, file.name), text);
    return { name: file.name, bytes: new TextEncoder().encode(text), path: path.join(dir, file.name) };
  });
  return files;
}

for (const testCase of DATA.cases) {
  test(testCase.name, () => {
    const files = caseFiles(testCase);
    const cli = python("verdicts", MINI, ...files.map((f) => f.path));
    const checklist = cli.checklist;
    const collected = team.collect(rules(), checklist, files, testCase.anonymous);
    const want = testCase.expect;
    assert.deepEqual(collected.rejected.map((r) => r.name), want.rejected);
    // A file the CLI cannot read is refused with the CLI's own reason.
    collected.rejected.forEach((rejected) => {
      const verdict = cli.verdicts[files.findIndex((f) => f.name === rejected.name)];
      if (!verdict.ok) assert.equal(rejected.problem.message, verdict.problems[0].message);
      else assert.match(rejected.problem.message, /different (checklists|teams|dates)/);
    });
    assert.deepEqual(collected.duplicates.map((d) => [d.name, d.problem.path]), want.duplicates);
    collected.duplicates.forEach((d) => assert.equal(d.problem.message, "the same file was given twice; counted once"));

    const result = team.teamResult(rules(), checklist, collected.accepted, testCase.anonymous);
    assert.deepEqual(result.respondents, want.respondents);
    assert.equal(result.score, want.score);
    assert.equal(result.band.id, want.band);
    assert.equal(result.alignment, want.alignment);
    assert.deepEqual(result.blockers.map((i) => i.id), want.blockers);
    assert.deepEqual(result.unknown === null ? null : result.unknown.map((i) => i.id), want.unknown);
    assert.deepEqual(result.sections.map((s) => [s.id, s.score]), want.sections);
    assert.deepEqual(result.gaps.map((g) => [g.item.id, g.item.play]), want.gaps);
    assert.deepEqual(result.misaligned.map((m) => [m.item.id, m.spread]), want.misaligned);
    assert.deepEqual(result.discussion.map((m) => m.item.id), want.discussion);
    const byId = new Map(result.misaligned.map((m) => [m.item.id, m]));
    Object.entries(want.answers || {}).forEach(([id, answers]) => assert.deepEqual(byId.get(id).answers, answers));
    Object.entries(want.counts || {}).forEach(([id, counts]) => assert.deepEqual(byId.get(id).counts, counts));
    Object.entries(want.notes || {}).forEach(([id, notes]) => assert.deepEqual(byId.get(id).notes, notes));
    // Notes as `score --format json` gives them: each gap's note, and the notes on items that are not gaps.
    const gapNotes = new Map(result.gaps.map((g) => [g.item.id, g.note]));
    Object.entries(want.gap_notes || {}).forEach(([id, note]) => assert.equal(gapNotes.get(id), note, id));
    if (want.unknown === null) {  // withheld: nothing on a gap tells its team value (halves over count)
      result.gaps.forEach((g) => assert.deepEqual([g.halves, g.count, g.value], [null, null, null]));
    }
    if ("other_notes" in want) {
      assert.deepEqual(result.notes === null ? null : result.notes.map((n) => [n.item.id, n.note]), want.other_notes);
    }

    // The agreed answers file: read back by the same reader the CLI's answers are held to.
    const agreed = new Map(Object.entries(testCase.agreed));
    const text = team.agreedFile(rules(), checklist, collected.accepted, agreed);
    const read = answersFile.readAnswersText(text, "agreed.yaml", rules());
    assert.ok(read.ok, JSON.stringify(read.problems));
    const back = read.answers;
    assert.equal(back.respondent, "TEAM (agreed)");
    assert.equal(back.date, "2026-11-23");
    assert.deepEqual(Object.fromEntries(back.answers), testCase.expect_agreed.answers);
    assert.deepEqual(Object.fromEntries(back.notes), testCase.expect_agreed.notes);
    assert.deepEqual(Object.fromEntries([...back.actions].map(([id, a]) => [id, a.owner])), testCase.expect_agreed.owners);
    const agreedResult = team.teamResult(rules(), checklist, [{ name: "agreed.yaml", answers: back }], false);
    assert.equal(agreedResult.score, testCase.expect_agreed.score);
    assert.equal(agreedResult.band.id, testCase.expect_agreed.band);
  });
}

test("a tie goes to the lower value; unknown is an answer of its own, before no; n/a loses a tie", () => {
  assert.equal(team.mostGiven(["yes", "no"]), "no");
  assert.equal(team.mostGiven(["no", "unknown"]), "unknown");
  assert.equal(team.mostGiven(["unknown", "no", "no"]), "no");
  assert.equal(team.mostGiven(["n/a", "yes"]), "yes");
  assert.equal(team.mostGiven(["n/a", "n/a", "yes"]), "n/a");
  assert.equal(team.mostGiven([null, null, "partly"]), "partly");
  assert.equal(team.mostGiven([null, null]), null);
});

test("respondents of the same name are told apart, as the CLI labels them", () => {
  assert.deepEqual(team.respondentLabels(["Dana", "dana", "Lee"]), ["Dana", "dana (2)", "Lee"]);
  assert.deepEqual(team.respondentLabels(["Dana", "Dana", "Dana (2)"]), ["Dana", "Dana (3)", "Dana (2)"]);
});

test("answers survive a link or a code, and the link holds nothing but the fragment", async () => {
  const checklist = python("verdicts", MINI).checklist;
  const state = {
    answers: new Map([["owner", "yes"], ["metric", "n/a"], ["roles", "unknown"]]),
    notes: new Map([["roles", "Nobody wrote them down: \u00e9t\u00e9 \u{1F600}"]]), actions: new Map(),
    team: "Payments", respondent: "Dana", date: "2026-11-23",
  };
  const code = await team.encodeAnswers(checklist, state);
  assert.match(code, /^pb1\.[A-Za-z0-9_-]+$/);
  const link = team.answersLink("https://example.org/checklists/mini/?x=1#your-result", code);
  assert.equal(link, "https://example.org/checklists/mini/?x=1#answers=" + code);
  for (const pasted of [code, link, "  " + link + "\n"]) {
    const decoded = await team.decodeAnswers(checklist, pasted);
    assert.ok(decoded.ok, decoded.message);
    const read = answersFile.readAnswers(decoded.bytes, decoded.name, rules());
    assert.ok(read.ok);
    assert.deepEqual([...read.answers.answers], [["owner", "yes"], ["metric", "n/a"], ["roles", "unknown"]]);
    assert.deepEqual([...read.answers.notes], [...state.notes]);
    assert.equal(read.answers.respondent, "Dana");
    assert.equal(read.answers.team, "Payments");
    assert.equal(read.answers.date, "2026-11-23");
  }
  assert.equal((await team.decodeAnswers(checklist, "hello")).ok, false);
  assert.equal((await team.decodeAnswers(checklist, code.slice(0, -6))).ok, false);
  const other = await team.decodeAnswers({ ...checklist, id: "other" }, code);
  assert.match(other.message, /checklist 'mini', not 'other'/);
  const older = await team.decodeAnswers({ ...checklist, version: 3 }, code);
  assert.match(older.message, /version 2/);
});
