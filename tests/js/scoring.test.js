// The browser's scoring core against the hand-computed cases that pytest runs against score().
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { test } = require("node:test");
const { REPO, core, rules } = require("./helpers.js");

const DATA = JSON.parse(fs.readFileSync(path.join(REPO, "tests/cases/scoring.json"), "utf-8"));

/** The page's checklist data from the compact form of the case file. */
function pageChecklist(id, compact) {
  const items = [];
  const sections = compact.sections.map((section) => {
    section.items.forEach((item) => items.push({
      id: item.id, question: `Question ${item.id}?`, section: section.id, weight: item.weight,
      critical: Boolean(item.critical), play: null, playTitle: null,
    }));
    return { id: section.id, title: section.title, items: section.items.map((item) => item.id) };
  });
  return { id, version: compact.version, title: id, bands: compact.bands, sections, items };
}

for (const testCase of DATA.cases) {
  test(testCase.name, () => {
    const checklist = pageChecklist(testCase.checklist, DATA.checklists[testCase.checklist]);
    const sets = testCase.answers.map((answers, index) => ({
      name: `R${index + 1}`, answers: new Map(Object.entries(answers)), notes: new Map(),
      actions: new Map(Object.entries((testCase.actions || [])[index] || {})),
    }));
    const result = core.score(rules(), checklist, sets);
    const want = testCase.expect;
    assert.equal(result.score, want.score);
    assert.equal(result.band.id, want.band);
    assert.deepEqual(result.blockers.map((i) => i.id), want.blockers);
    assert.deepEqual(result.unknown.map((i) => i.id), want.unknown);
    assert.deepEqual(result.sections.map((s) => [s.id, s.score]), want.sections);
    assert.deepEqual(result.gaps.map((g) => g.item.id), want.gaps);
    if ("owners" in want) assert.deepEqual(result.gaps.map((g) => g.owner), want.owners);
    assert.equal(result.answered, want.answered);
    assert.equal(result.alignment, want.alignment);
    assert.deepEqual(result.misaligned.map((m) => m.item.id), want.misaligned);
  });
}

test("an id like __proto__ in an answers Map answers nothing it should not", () => {
  const checklist = pageChecklist("odd-ids", DATA.checklists["odd-ids"]);
  const answers = new Map([["__proto__", "yes"], ["constructor", "yes"], ["hasOwnProperty", "no"]]);
  const result = core.score(rules(), checklist, [{ name: "R", answers, notes: new Map(), actions: new Map() }]);
  assert.equal(result.answered, 1);
  assert.deepEqual(result.blockers, []);
});

test("percentHalfUp rounds exact halves up", () => {
  assert.equal(core.percentHalfUp(17n, 40n), 43); // 42.5
  assert.equal(core.percentHalfUp(3n, 8n), 38); // 37.5
  assert.equal(core.percentHalfUp(1n, 3n), 33);
});

test("answer words and aliases come from the rules", () => {
  const r = rules();
  assert.equal(core.answerWord(r, " Partly "), "partly");
  assert.equal(core.answerWord(r, "NA"), "n/a");
  assert.equal(core.answerWord(r, true), "yes");
  assert.equal(core.answerWord(r, false), "no");
  assert.equal(core.answerWord(r, "maybe"), null);
  assert.equal(core.answerWordsText(r), "yes, partly, no, unknown or n/a");
});
