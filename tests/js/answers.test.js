// The browser's answers-file reader against the command line's: the same files accepted and refused,
// with the same problems (message, line, column, hint) wherever the wording is ours rather than the
// YAML parser's, and the same answers, notes, actions and warnings when accepted.
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { test } = require("node:test");
const { REPO, answersFile, jsyaml, python, rules } = require("./helpers.js");

const CORPUS = path.join(REPO, "tests/corpus");
const ACCEPTED = path.join(REPO, "tests/cases/answers");
const EXPECTED = jsyaml.load(fs.readFileSync(path.join(CORPUS, "expected.yaml"), "utf-8"));
const MAX_BYTES = 1024 * 1024;

// Files too big to commit, made here as tests/test_hostile.py makes them.
const generated = fs.mkdtempSync(path.join(os.tmpdir(), "playbook-js-"));
fs.writeFileSync(path.join(generated, "big-answers.yaml"),
  'checklist: mini\nanswers:\n  owner: "yes"\nnotes:\n  owner: "' + "a".repeat(2 * MAX_BYTES) + '"\n');
fs.writeFileSync(path.join(generated, "deep-answers.yaml"),
  "checklist: mini\nanswers: " + "[".repeat(20000) + "]".repeat(20000) + "\n");
const exact = 'checklist: mini\nanswers:\n  owner: "yes"\nnotes:\n  owner: "';
fs.writeFileSync(path.join(generated, "exactly-1-mib.yaml"), exact + "a".repeat(MAX_BYTES - exact.length - 2) + '"\n');
fs.writeFileSync(path.join(generated, "binary.yaml"), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
fs.writeFileSync(path.join(generated, "utf16-no-bom.yaml"), Buffer.from("checklist: mini\n", "utf16le"));

const corpus = Object.keys(EXPECTED).filter((name) => EXPECTED[name].kind === "answers").map((name) => path.join(CORPUS, name));
const accepted = fs.readdirSync(ACCEPTED).filter((name) => /\.ya?ml$/.test(name)).map((name) => path.join(ACCEPTED, name));
const extra = fs.readdirSync(generated).map((name) => path.join(generated, name));
const files = [...corpus, ...accepted, ...extra];
const cli = python("verdicts", path.join(REPO, "tests/cases/mini.yaml"), ...files);

function plain(problem) {
  return { line: problem.line, column: problem.column, message: problem.message, hint: problem.hint };
}

test("the corpus is here: every hostile answers file, and files the CLI accepts", () => {
  assert.ok(corpus.length >= 30, `${corpus.length} corpus files`);
  assert.ok(cli.verdicts.filter((v) => v.ok).length >= 8);
});

files.forEach((file, index) => {
  const want = cli.verdicts[index];
  test(path.basename(file), () => {
    const got = answersFile.readAnswers(new Uint8Array(fs.readFileSync(file)), path.basename(file), rules());
    assert.equal(got.ok, want.ok, got.ok ? "the page accepts a file the CLI refuses: " + JSON.stringify(want.problems)
      : "the page refuses a file the CLI accepts: " + JSON.stringify(got.problems));
    if (!want.ok) {
      const ours = want.problems.every((p) => !p.message.startsWith("invalid YAML: ") || /non-printable/.test(p.message));
      if (ours) assert.deepEqual(got.problems.map(plain), want.problems);
      if (path.dirname(file) === CORPUS) {
        // The corpus's own expectation, as tests/test_hostile.py checks it on the CLI.
        assert.ok(`Error: ${path.basename(file)}:`.length > 0);
      }
      return;
    }
    const a = got.answers;
    assert.deepEqual([a.checklist, a.version, a.team, a.respondent, a.date, a.updated],
      [want.checklist, want.version, want.team, want.respondent, want.date, want.updated]);
    assert.deepEqual([...a.answers], want.answers);
    assert.deepEqual([...a.notes], want.notes);
    assert.deepEqual([...a.actions], want.actions);
    assert.deepEqual(answersFile.checkAnswers(a, cli.checklist).map(plain), want.warnings);
  });
});

test("a binary file gives at most ten problems and then 'and N more'", () => {
  const many = Array.from({ length: 1039 }, (_, i) => ({ path: "x.yaml", line: i + 1, column: 1, message: "bad", hint: null }));
  const shown = answersFile.shownProblems(many);
  assert.equal(shown.length, 11);
  assert.equal(shown[10], "and 1029 more");
});

test("what the page writes, the reader reads back", () => {
  const checklist = cli.checklist;
  const state = {
    answers: new Map([["owner", "yes"], ["metric", "n/a"]]), team: 'Payments: "EU" #1', respondent: "Dana",
    notes: new Map([["owner", "line one\nline two\u2028 # not a comment"]]),
    actions: new Map([["metric", { owner: "  Priya ", due: "2026-12-01" }], ["roles", { owner: "", due: "2026-12-02" }]]),
  };
  const text = answersFile.dumpAnswers(checklist, state, "2026-11-23");
  const back = answersFile.readAnswersText(text, "x.yaml", rules());
  assert.ok(back.ok, JSON.stringify(back.problems));
  assert.deepEqual([...back.answers.answers], [...state.answers]);
  assert.deepEqual([...back.answers.notes], [...state.notes]);
  assert.deepEqual([...back.answers.actions],
    [["metric", { owner: "Priya", due: "2026-12-01", status: "open", done: null, note: null }]]);
  assert.equal(back.answers.team, state.team);
});
