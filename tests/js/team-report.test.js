// The team view's HTML report (docs/javascripts/team-report.js) on tests/cases/team.json's cases:
// everything the result holds is on the page, escaped, and nothing the result withholds is.
"use strict";

const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { test } = require("node:test");
const { REPO, answersFile, python, rules } = require("./helpers.js");

const team = require(path.join(REPO, "docs/javascripts/playbook-team.js"));
const { teamReportHtml } = require(path.join(REPO, "docs/javascripts/team-report.js"));
const DATA = JSON.parse(fs.readFileSync(path.join(REPO, "tests/cases/team.json"), "utf-8"));
const MINI = path.join(REPO, "tests/cases", DATA.checklist);
const HOSTILE = "<script>alert(\"x\")</script> & \"quoted\"";

let checklist = null;
function theChecklist() {
  if (checklist === null) checklist = python("verdicts", MINI).checklist;
  return checklist;
}

/** The case's accepted files, each as the page reads it. */
function accepted(testCase) {
  const texts = new Map();
  const files = testCase.files.map((file) => {
    const text = file.copy_of ? texts.get(file.copy_of) : file.text;
    texts.set(file.name, text);
    return { name: file.name, bytes: new TextEncoder().encode(text) };
  });
  return team.collect(rules(), theChecklist(), files, testCase.anonymous).accepted;
}

/** The page's text, tags dropped and entities read back: what a person sees. */
function visible(html) {
  return html.replace(/<style>[\s\S]*?<\/style>/, "").replace(/<[^>]*>/g, " ")
    .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, "\"").replace(/&#39;/g, "'").replace(/&amp;/g, "&");
}

for (const testCase of DATA.cases) {
  test("report: " + testCase.name, () => {
    const list = theChecklist();
    const kept = accepted(testCase);
    const result = team.teamResult(rules(), list, kept, testCase.anonymous);
    const agreed = new Map(Object.entries(testCase.agreed));
    const html = teamReportHtml(result, list, {
      team: "Team " + HOSTILE, date: "2026-11-23", agreed, minRespondents: rules().anonymousMinRespondents,
      playUrl: (item) => "https://example.org/plays/" + item.play + "/",
    });
    const text = visible(html);
    assert.match(html, /^<!DOCTYPE html>/);
    assert.doesNotMatch(html, /<script|<link|src=|@import|url\(/i, "no script, no external request");
    assert.ok(html.includes(`data-score="${result.score}"`));
    assert.ok(text.includes(`Team score ${result.score} /100`) || text.includes(`${result.score}/100`), "the score");
    assert.ok(text.includes(result.band.label), "the band");
    assert.ok(text.includes(list.title));
    assert.ok(text.includes(`${result.respondents.length} respondent`), "the respondent count, in the title");
    // Every question the result names is on the page, once per place it is named.
    const named = [...result.blockers, ...(result.unknown || []), ...result.misaligned.map((m) => m.item),
      ...result.gaps.map((g) => g.item), ...(result.notes || []).map((n) => n.item)];
    named.forEach((item) => assert.ok(text.includes(item.question), item.id));
    result.sections.forEach((s) => assert.ok(text.includes(s.title), s.id));
    result.gaps.forEach((g) => {
      if (g.item.play) assert.ok(html.includes(`href="https://example.org/plays/${g.item.play}/"`), g.item.id);
      if (!result.withheld) assert.ok(text.includes(Math.round(100 * g.halves / (2 * g.count)) + "%"), g.item.id);
    });
    [...agreed].forEach(([id, record]) => {
      if (!(record.answer || record.note || record.owner)) return;
      assert.ok(html.includes(`data-agreed="${id}"`), id);
      if (record.owner && record.owner.trim()) assert.ok(text.includes(record.owner.trim()), id);
    });
    // The hostile team name: shown as text, never as markup.
    assert.ok(text.includes(HOSTILE));
    assert.ok(html.includes("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quoted&quot;"));
    if (testCase.anonymous) {
      // No respondent's name anywhere: not in the facts, not with an answer.
      kept.forEach((k) => {
        const who = k.answers.respondent;
        if (who && who.trim()) assert.ok(!text.includes(who.trim()), `${who} is named`);
      });
    }
    if (result.withheld) {
      assert.ok(!text.includes("Team value"), "no team values");
      assert.ok(!text.includes("Apart by"), "no spreads");
      assert.ok(!text.includes("How many chose"), "no counts");
      assert.ok(!/\d+%/.test(text), "no percentages");
    }
  });
}

test("report: hostile questions, notes, owners and names are escaped", () => {
  const list = theChecklist();
  const item = list.items[0];
  const evil = JSON.parse(JSON.stringify(list));
  evil.title = HOSTILE;
  evil.items[0].question = HOSTILE;
  evil.sections[0].title = HOSTILE;
  const text = (respondent, note) => answersFile.dumpAnswers(evil, {
    answers: new Map(evil.items.map((i, n) => [i.id, n % 2 ? "no" : "yes"]).concat([[item.id, respondent === "A" ? "yes" : "no"]])),
    notes: new Map([[item.id, note]]), actions: new Map(), team: "T", respondent: respondent, date: "2026-11-23",
  }, "2026-11-23");
  const files = [{ name: "a.yaml", bytes: new TextEncoder().encode(text("A", HOSTILE)) },
    { name: "b.yaml", bytes: new TextEncoder().encode(text(HOSTILE, "fine")) }];
  const kept = team.collect(rules(), evil, files, false).accepted;
  assert.equal(kept.length, 2);
  const result = team.teamResult(rules(), evil, kept, false);
  const agreed = { [item.id]: { answer: "no", note: HOSTILE, owner: HOSTILE, due: "2026-12-01" } };
  const html = teamReportHtml(result, evil, { team: "T", date: "2026-11-23", agreed, playUrl: () => "javascript:alert(1)" });
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /href="javascript:/i);
  assert.ok(!/"quoted"/.test(html.replace(/<style>[\s\S]*?<\/style>/, "")), "a raw quote");
  assert.ok(!/ & /.test(html), "a raw ampersand");
  assert.ok(visible(html).split(HOSTILE).length - 1 >= 5, "the text itself is still shown");
});
