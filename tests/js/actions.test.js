// Actions in the browser against the command line: the page writes them byte for byte as dump_answers
// does, and carries a checkpoint's actions into the next as actions.carry, record_carried and
// check_previous do (tests/js/python_side.py runs the Python side on the same cases).
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { test } = require("node:test");
const { REPO, answersFile, core, python, rules } = require("./helpers.js");

const MINI = path.join(REPO, "tests/cases/mini.yaml");
const EVERY_STATUS = path.join(REPO, "tests/cases/answers/actions-every-status.yaml");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "playbook-js-actions-"));

function pythonOn(command, cases, ...args) {
  const file = path.join(work, `${command}.json`);
  fs.writeFileSync(file, JSON.stringify(cases));
  return python(command, ...args, file);
}

/** The page's state for a file as the reader gives it. */
function stateOf(read) {
  return {
    answers: read.answers, notes: read.notes, actions: read.actions, team: read.team, respondent: read.respondent,
    date: read.date, updated: read.updated,
  };
}

/** A state as python_side.py takes it: tables as [[id, value], ...]. */
function forPython(state) {
  return {
    team: state.team, respondent: state.respondent, date: state.date, updated: state.updated,
    answers: [...state.answers], notes: [...state.notes], actions: [...state.actions],
  };
}

// A small seeded generator, so that a failure can be run again.
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['"', "'", "\\", ":", ": ", " #", "#", "{", "}", "[", ",", "-", "? ", "&a", "*a", "!x", "%", "@",
  "\n", "\r\n", "\t", " ", "\x1b", "\x7f", "\x85", "\u00a0", "\u2028", "ü", "😀", "<script>", "yes", "no", "null",
  "~", "1.5", "2026-12-01", "Priya", "O'Neil", "true", "done", "dropped"];

function text(rand, max = 6) {
  let out = "";
  const n = 1 + Math.floor(rand() * max);
  for (let i = 0; i < n; i++) out += PIECES[Math.floor(rand() * PIECES.length)];
  return out;
}

function day(rand, from, span) {
  const d = new Date(Date.UTC(2026, 0, 1) + (from + Math.floor(rand() * span)) * 86400000);
  return d.toISOString().slice(0, 10);
}

/** A random state the CLI could have written: valid dates, owners trimmed, done only when done. */
function randomState(rand, checklist) {
  const date = day(rand, 300, 60);
  const updated = rand() < 0.4 ? day(rand, 360, 60) : null;
  const state = { answers: new Map(), notes: new Map(), actions: new Map(), date, updated,
    team: rand() < 0.5 ? text(rand) : null, respondent: rand() < 0.5 ? text(rand) : null };
  const words = rules().answerWords;
  for (const item of checklist.items) {
    if (rand() < 0.7) state.answers.set(item.id, words[Math.floor(rand() * words.length)]);
    if (rand() < 0.3) {
      const note = text(rand);
      if (note.trim()) state.notes.set(item.id, note);
    }
    const owner = core.strip(text(rand, 3));
    if (owner && rand() < 0.7) {
      const status = rules().answersFile.actionStatuses[Math.floor(rand() * 3)];
      state.actions.set(item.id, {
        owner, due: rand() < 0.6 ? day(rand, 200, 400) : null, status,
        done: status === "done" && rand() < 0.8 ? day(rand, 200, 60) : null, // before any date drawn above
        note: rand() < 0.4 ? text(rand) : rand() < 0.1 ? "" : null,
      });
    }
  }
  return state;
}

test("the writer's default status is the rules' first", () => {
  assert.equal(rules().answersFile.actionStatuses[0], answersFile.OPEN);
});

test("a file the CLI wrote with actions of every status comes back byte for byte", () => {
  const bytes = fs.readFileSync(EVERY_STATUS);
  const read = answersFile.readAnswers(new Uint8Array(bytes), "actions-every-status.yaml", rules());
  assert.ok(read.ok, JSON.stringify(read.problems));
  const statuses = new Set([...read.answers.actions.values()].map((a) => a.status));
  assert.deepEqual([...statuses].sort(), ["done", "dropped", "open"]);
  assert.ok(read.answers.updated, "the file has an 'updated'");
  const checklist = python("verdicts", MINI).checklist;
  assert.equal(answersFile.dumpAnswers(checklist, stateOf(read.answers)), bytes.toString("utf-8"));
});

test("the page writes actions byte for byte as dump_answers does", () => {
  const checklist = python("verdicts", MINI).checklist;
  const rand = random(15);
  const states = Array.from({ length: 300 }, () => randomState(rand, checklist));
  const written = pythonOn("dump", states.map(forPython), MINI);
  states.forEach((state, index) => {
    assert.equal(answersFile.dumpAnswers(checklist, state), written[index], JSON.stringify(forPython(state)));
  });
  // ... and reads it back as it was.
  states.forEach((state, index) => {
    const back = answersFile.readAnswersText(written[index], "x.yaml", rules());
    assert.ok(back.ok, JSON.stringify(back.problems));
    assert.deepEqual([...back.answers.actions], [...state.actions]);
  });
});

test("what the CLI would refuse is never written: a done date moves 'updated', as record_carried does", () => {
  const checklist = python("verdicts", MINI).checklist;
  const state = {
    answers: new Map([["metric", "partly"]]), notes: new Map(), team: null, respondent: null,
    date: "2026-11-23", updated: null,
    actions: new Map([
      ["metric", { owner: "Priya", due: "", status: "done", done: "2026-12-02", note: null }],
      ["roles", { owner: "Kim", due: "", status: "open", done: "2026-11-01", note: null }], // switched back to open
    ]),
  };
  const text = answersFile.dumpAnswers(checklist, state);
  assert.match(text, /^date: 2026-11-23\nupdated: 2026-12-02\n/m);
  assert.match(text, /^ {2}roles: \{owner: "Kim"\}$/m);
  assert.ok(answersFile.readAnswersText(text, "x.yaml", rules()).ok);
  // The date moved past an old 'updated': it is left out rather than written earlier than the date.
  const later = answersFile.dumpAnswers(checklist, { ...state, actions: new Map(), updated: "2026-11-30" }, "2026-12-05");
  assert.doesNotMatch(later, /updated:/);
  assert.ok(answersFile.readAnswersText(later, "x.yaml", rules()).ok);
});

test("carrying an action into the next checkpoint follows actions.carry and record_carried", () => {
  const actions = [
    { owner: "Priya", due: "2026-12-01", status: "open", done: null, note: null },
    { owner: "Priya", due: null, status: "open", done: null, note: "asked twice" },
    { owner: "Omar", due: "2026-11-15", status: "done", done: "2026-11-10", note: "signed" },
    { owner: "Kim", due: null, status: "dropped", done: null, note: "hiring freeze" },
  ];
  const answers = [
    {}, { status: "open" }, { status: "open", due: "2027-01-15" }, { status: "done" }, { status: "done", note: "at last" },
    { status: "dropped" }, { status: "dropped", note: "no budget" },
  ];
  const cases = [];
  for (const action of actions) {
    for (const answer of answers) {
      for (const updated of [null, "2027-02-01"]) {
        cases.push({ action, on: "2027-01-10", updated, status: answer.status || null, due: answer.due || null,
          note: answer.note || null });
      }
    }
  }
  const want = pythonOn("carry", cases);
  cases.forEach((c, index) => {
    const carried = answersFile.carryAction(c.action, c.on, c.status, c.due, c.note);
    assert.deepEqual(carried, want[index].action, JSON.stringify(c));
    const updated = answersFile.settledUpdated(c.on, c.updated, new Map([["item", carried]]));
    assert.equal(updated, want[index].updated, JSON.stringify(c));
  });
});

test("a previous checkpoint is accepted or refused as check_previous decides", () => {
  const teams = [null, "", "Payments", "  payments ", "PAYMENTS", "Growth", "Straße", "STRASSE",
    "\u00c9mile", "E\u0301mile", "\u00e9MILE"];  // an accent typed either way is one name
  const cases = [];
  for (const checklist of ["mini", "other"]) {
    for (const date of [null, "2026-09-01", "2026-11-23", "2026-12-01"]) {
      for (const before of teams) {
        for (const now of teams) {
          cases.push({ previous: { checklist, date, team: before }, current: { checklist: "mini", date: "2026-11-23", team: now } });
        }
      }
    }
  }
  const want = pythonOn("previous", cases);
  const got = cases.map((c) => answersFile.previousProblem(c.previous, c.current) === null);
  cases.forEach((c, index) => assert.equal(got[index], want[index], JSON.stringify(c)));
  assert.ok(got.some((ok) => ok) && got.some((ok) => !ok));
});
