/*
 * The team view's HTML report, DOM-free: one self-contained page (inline style, no script, no
 * external request) that reads like `playbook score a.yaml b.yaml --format html`
 * (playbook_cli/templates/report/score.html), from the result playbook-team.js computes and what the
 * team agreed in the discussion. Every name, note and question is someone's input: all of it is
 * escaped, and what the result withholds (an anonymous checklist below its minimum) is not there to
 * show.
 *
 * Works as a browser script (window.PlaybookTeamReport) and from Node (require), where
 * tests/js/team-report.test.js renders tests/cases/team.json's cases.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.PlaybookTeamReport = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var LABELS = { yes: "Yes", partly: "Partly", no: "No", unknown: "Unknown", "n/a": "n/a", unanswered: "No answer" };
  var APART = { 0.5: "half an answer", 1: "a whole answer" };

  // The CLI's report style (playbook_cli/templates/report/report.css), the parts this page uses.
  var CSS = [
    ":root { color-scheme: light dark; --ink: #1b1b1f; --muted: #4a4a55; --line: #c9c9d1; --paper: #ffffff;",
    "  --track: #e4e4ea; --accent: #2f4fa8; --good: #1a6b34; --warn: #8a5300; --bad: #a1161b; }",
    "@media (prefers-color-scheme: dark) {",
    "  :root { --ink: #ececf1; --muted: #b9b9c6; --line: #4b4b58; --paper: #16161b; --track: #34343f;",
    "    --accent: #8fa8ff; --good: #6fd08f; --warn: #f2b45c; --bad: #ff8a8f; }",
    "}",
    "* { box-sizing: border-box; }",
    "html { background: var(--paper); color: var(--ink); }",
    "body { font: 16px/1.5 system-ui, -apple-system, \"Segoe UI\", Roboto, sans-serif; max-width: 60rem;",
    "  margin: 2rem auto; padding: 0 1rem; overflow-wrap: break-word; }",
    "h1 { font-size: 1.6rem; line-height: 1.25; margin: 0 0 .25rem; }",
    "h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; padding-bottom: .2rem; border-bottom: 1px solid var(--line); }",
    "a { color: var(--accent); }",
    ".facts { color: var(--muted); margin: 0 0 1rem; }",
    ".verdict { font-size: 1.4rem; font-weight: 700; margin: .5rem 0; }",
    ".band-top { color: var(--good); } .band-mid { color: var(--warn); } .band-low { color: var(--bad); }",
    ".unowned { color: var(--bad); font-weight: 700; }",
    ".id { color: var(--muted); font-size: .85em; overflow-wrap: anywhere; }",
    ".note { margin: .25rem 0 0; padding-left: .6rem; border-left: 3px solid var(--line); color: var(--muted);",
    "  font-weight: 400; white-space: pre-line; }",
    "table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }",
    "th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }",
    "th { font-weight: 600; }",
    "td.num, th.num { text-align: right; white-space: nowrap; }",
    "td.date { white-space: nowrap; }",
    "svg { display: block; max-width: 100%; }",
    ".bar { width: 100%; min-width: 6rem; height: .8rem; margin-top: .35rem; }",
    ".bar .track { fill: var(--track); } .bar .fill { fill: var(--accent); }",
    ".spread { list-style: none; padding: 0; margin: .5rem 0 1rem; }",
    ".spread > li { padding: .6rem 0; border-bottom: 1px solid var(--line); }",
    ".spread .question { font-weight: 600; margin: 0; }",
    ".said { margin: 0; }",
    "@media (min-width: 40rem), print { table.actions td.lead { width: 45%; } }",
    "@media (max-width: 40rem) {",
    "  body { margin: 1rem auto; }",
    "  h1 { font-size: 1.35rem; }",
    "  ul { padding-left: 1.25rem; }",
    "  table.stack, table.stack tbody, table.stack tr, table.stack td { display: block; width: 100%; }",
    "  table.stack thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }",
    "  table.stack tr { padding: .5rem 0; border-bottom: 1px solid var(--line); }",
    "  table.stack td { border: 0; padding: .1rem 0; text-align: left; white-space: normal; }",
    "  table.stack td[data-label]::before { content: attr(data-label) \": \"; font-weight: 600; color: var(--muted); }",
    "  table.stack td.lead::before { content: none; }",
    "  table.stack td.lead { font-weight: 600; }",
    "}",
    "@page { margin: 16mm 14mm; }",
    "@media print {",
    "  :root { --ink: #000; --muted: #333; --line: #999; --paper: #fff; --track: #ddd; --accent: #1f3c88;",
    "    --good: #1a6b34; --warn: #6b4000; --bad: #8f1116; }",
    "  html, body { background: #fff; }",
    "  body { margin: 0; max-width: none; font-size: 11pt; }",
    "  a { color: inherit; text-decoration: none; }",
    "  h2 { break-after: avoid; }",
    "  tr, li, svg, .note { break-inside: avoid; }",
    "  thead { display: table-header-group; }",
    "}"
  ].join("\n");

  /** Text as HTML text or attribute value; control characters shown as escapes (\x1b), as the CLI's report does. */
  function esc(value) {
    return String(value === null || value === undefined ? "" : value)
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, function (c) {
        return "\\x" + ("0" + c.charCodeAt(0).toString(16)).slice(-2);
      })
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }

  function label(word) { return Object.prototype.hasOwnProperty.call(LABELS, word) ? LABELS[word] : word; }
  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }
  function own(object, key) { return Boolean(object) && Object.prototype.hasOwnProperty.call(object, key); }
  function agreedGet(agreed, id) {
    if (!agreed) return null;
    if (typeof agreed.get === "function") return agreed.get(id) || null;
    return own(agreed, id) ? agreed[id] : null;
  }
  function filled(text) { return typeof text === "string" && text.trim() !== ""; }

  function question(item) { return esc(item.question) + " <span class=\"id\">(" + esc(item.id) + ")</span>"; }

  function bandClass(result, checklist) {
    var bands = checklist.bands || [];
    if (bands.length && result.band.id === bands[0].id) return "band-top";
    if (bands.length && result.band.id === bands[bands.length - 1].id) return "band-low";
    return "band-mid";
  }

  /** A play as the page links it: its title, and its address if it is a web one. */
  function playCell(item, playUrl) {
    if (!item.play) return "";
    var title = esc(item.playTitle || item.play);
    var url = playUrl ? playUrl(item) : null;
    if (url && /^https?:\/\//i.test(url)) return "<a href=\"" + esc(url) + "\">" + title + "</a>";
    return title;
  }

  function spreadWords(spread) {
    return own(APART, spread) ? APART[spread] : Math.round(spread * 100) + "%";
  }

  function said(entry) {
    if (entry.answers) return entry.answers.map(function (a) { return esc(a[0]) + ": " + esc(label(a[1])); }).join(", ") + ".";
    if (entry.counts) {
      return "How many chose each answer: " + entry.counts.map(function (c) { return esc(label(c[0])) + " " + c[1]; }).join(", ") + ".";
    }
    return "";
  }

  function list(items, render) {
    return "<ul>\n" + items.map(function (item) { return "<li>" + render(item) + "</li>\n"; }).join("") + "</ul>\n";
  }

  /**
   * The report's HTML. result: PlaybookTeam.teamResult; checklist: the page's checklist data; session:
   * {team, date, agreed (item id -> {answer, note, owner, due}, an object or a Map), playUrl(item) -> an
   * absolute address or null, minRespondents (an anonymous checklist's minimum)}.
   */
  function teamReportHtml(result, checklist, session) {
    session = session || {};
    var out = [];
    var count = result.respondents.length;
    var facts = ["Checklist " + checklist.id + ", version " + checklist.version];
    if (filled(session.team)) facts.push("Team " + session.team.trim());
    facts.push(result.anonymous ? "Respondents: " + count + " (anonymous)" : "Respondents: " + result.respondents.join(", "));
    if (session.date) facts.push(String(session.date));
    var title = checklist.title + ": team score " + result.score + "/100" +
      (filled(session.team) ? ", " + session.team.trim() : "") + (session.date ? ", " + session.date : "") +
      ", " + plural(count, "respondent", "respondents");

    out.push("<h1>" + esc(checklist.title) + "</h1>");
    out.push("<p class=\"facts\">" + facts.map(esc).join(" · ") + "</p>");
    if (result.withheld) {
      out.push("<p class=\"withheld\">Answers are anonymous and fewer than " + esc(session.minRespondents || 3) +
        " people answered, so no item's team value, spread, unknowns, answer counts or notes are shown, " +
        "only the score, the sections, the blockers and which items to act on or talk about.</p>");
    }
    out.push("<p class=\"verdict\">Team score <span data-score=\"" + result.score + "\">" + result.score + "</span>/100: " +
      "<span class=\"" + bandClass(result, checklist) + "\" data-band=\"" + esc(result.band.id) + "\">" + esc(result.band.label) +
      "</span></p>");
    if (result.blockers.length) {
      out.push("<p>Held in the lowest band by " + plural(result.blockers.length, "blocker", "blockers") + ".</p>");
    }
    if (result.alignment !== null && result.alignment !== undefined) {
      out.push("<p>Alignment " + result.alignment + "/100" + (result.misaligned.length
        ? ": " + plural(result.misaligned.length, "item", "items") + " answered far apart" : "") + ".</p>");
    }

    if (result.blockers.length) {
      out.push("<h2>Blockers</h2>");
      out.push("<p>Critical items answered no, unknown or not at all. While any remain, the result stays in the lowest band.</p>");
      out.push(list(result.blockers, question));
    }
    if (result.unknown && result.unknown.length) {
      out.push("<h2>Unknown</h2>");
      out.push("<p>Not knowing is a gap in shared understanding.</p>");
      out.push(list(result.unknown, question));
    }

    var talk = result.discussion || result.misaligned;
    if (talk.length) {
      out.push("<h2>Worth a conversation</h2>");
      out.push("<p>" + (result.withheld ? "People answered these far apart: talk them through, in the checklist's order."
        : "People answered these far apart: talk them through, biggest spread first.") + "</p>");
      out.push("<ul class=\"spread\">");
      talk.forEach(function (entry) {
        var words = said(entry);
        var apart = entry.spread === null || entry.spread === undefined ? "" : "Apart by " + spreadWords(entry.spread) + ". ";
        out.push("<li data-misaligned=\"" + esc(entry.item.id) + "\"><p class=\"question\">" + question(entry.item) + "</p>" +
          (apart || words ? "<p class=\"said\">" + apart + words + "</p>" : "") + "</li>");
      });
      out.push("</ul>");
    }

    out.push("<h2>Sections</h2>");
    out.push("<table class=\"stack sections\">");
    out.push("<thead><tr><th scope=\"col\">Section</th><th scope=\"col\" class=\"num\">Score</th><th scope=\"col\">Out of 100</th></tr></thead>");
    out.push("<tbody>");
    result.sections.forEach(function (s) {
      var width = Math.max(0, Math.min(100, Number(s.score) || 0));
      out.push("<tr><td class=\"lead\">" + esc(s.title) + "</td><td class=\"num\" data-label=\"Score\">" + s.score + "</td>" +
        "<td><svg class=\"bar\" viewBox=\"0 0 100 8\" preserveAspectRatio=\"none\" aria-hidden=\"true\" focusable=\"false\">" +
        "<rect class=\"track\" width=\"100\" height=\"8\"/><rect class=\"fill\" width=\"" + width + "\" height=\"8\"/></svg></td></tr>");
    });
    out.push("</tbody>\n</table>");

    out.push("<h2>Action plan</h2>");
    if (!result.gaps.length) {
      out.push("<p>No gaps: every applicable item is a yes.</p>");
    } else {
      var valued = !result.withheld;
      out.push(result.withheld ? "<p>The gaps, in the checklist's order.</p>" : "<p>The gaps, biggest first: weight times what is missing.</p>");
      out.push("<table class=\"stack actions\">");
      out.push("<thead><tr><th scope=\"col\" class=\"num\">#</th><th scope=\"col\">Gap</th>" +
        (valued ? "<th scope=\"col\">Team value</th>" : "") +
        "<th scope=\"col\" class=\"num\">Weight</th><th scope=\"col\">Owner</th><th scope=\"col\">Play</th></tr></thead>");
      out.push("<tbody>");
      var unowned = 0;
      result.gaps.forEach(function (gap, index) {
        var agreed = agreedGet(session.agreed, gap.item.id);
        var owner = agreed && filled(agreed.owner) ? agreed.owner.trim() : gap.owner;
        var due = agreed && filled(agreed.owner) ? agreed.due : gap.due;
        if (!owner) unowned++;
        var value = gap.halves === null || gap.halves === undefined ? null : Math.round(100 * gap.halves / (2 * gap.count));
        var play = playCell(gap.item, session.playUrl);
        out.push("<tr data-gap=\"" + esc(gap.item.id) + "\"><td class=\"num\" data-label=\"Gap\">" + (index + 1) + "</td>" +
          "<td class=\"lead\">" + question(gap.item) + (gap.note ? "<p class=\"note\">Note: " + esc(gap.note) + "</p>" : "") + "</td>" +
          (valued ? "<td data-label=\"Team value\">" + (value === null ? "" : value + "%") + "</td>" : "") +
          "<td class=\"num\" data-label=\"Weight\">" + esc(gap.item.weight) + "</td>" +
          "<td data-label=\"Owner\">" + (owner ? esc(owner) : "<span class=\"unowned\">unowned</span>") +
          (due ? " (due " + esc(due) + ")" : "") + "</td>" +
          "<td" + (play ? " data-label=\"Play\"" : "") + ">" + play + "</td></tr>");
      });
      out.push("</tbody>\n</table>");
      if (unowned) {
        out.push("<p>" + unowned + " of " + plural(result.gaps.length, "gap", "gaps") + " " + (unowned === 1 ? "has" : "have") +
          " no owner: a gap everyone owns is owned by no one.</p>");
      }
    }

    var notes = result.notes || [];
    if (notes.length) {
      out.push("<h2>Other notes</h2>");
      out.push("<p>Notes on items that are not gaps.</p>");
      out.push(list(notes, function (n) { return question(n.item) + "<p class=\"note\">Note: " + esc(n.note) + "</p>"; }));
    }

    var decisions = checklist.items.map(function (item) { return [item, agreedGet(session.agreed, item.id)]; })
      .filter(function (pair) {
        var r = pair[1];
        return r && (r.answer || filled(r.note) || filled(r.owner));
      });
    out.push("<h2>Agreed in the discussion</h2>");
    if (!decisions.length) {
      out.push("<p>Nothing recorded in the discussion yet.</p>");
    } else {
      out.push("<table class=\"stack agreed\">");
      out.push("<thead><tr><th scope=\"col\">Question</th><th scope=\"col\">Agreed answer</th><th scope=\"col\">Note</th>" +
        "<th scope=\"col\">Owner</th><th scope=\"col\">Due</th></tr></thead>");
      out.push("<tbody>");
      decisions.forEach(function (pair) {
        var r = pair[1];
        out.push("<tr data-agreed=\"" + esc(pair[0].id) + "\"><td class=\"lead\">" + question(pair[0]) + "</td>" +
          "<td data-label=\"Agreed answer\">" + (r.answer ? esc(label(r.answer)) : "") + "</td>" +
          "<td data-label=\"Note\">" + (filled(r.note) ? esc(r.note) : "") + "</td>" +
          "<td data-label=\"Owner\">" + (filled(r.owner) ? esc(r.owner.trim()) : "") + "</td>" +
          "<td class=\"date\" data-label=\"Due\">" + (filled(r.owner) && r.due ? esc(r.due) : "") + "</td></tr>");
      });
      out.push("</tbody>\n</table>");
    }

    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" +
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
      "<meta name=\"color-scheme\" content=\"light dark\">\n" +
      "<title>" + esc(title) + "</title>\n<style>\n" + CSS + "\n</style>\n</head>\n<body>\n<main>\n" +
      out.join("\n") + "\n</main>\n</body>\n</html>\n";
  }

  return { teamReportHtml: teamReportHtml, escapeHtml: esc };
});
