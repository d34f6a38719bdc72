/*
 * The team session's rules, DOM-free: which imported files count (one file, one vote, one
 * checklist, as playbook_cli/team.py decides for `playbook score a.yaml b.yaml`), the team result
 * (PlaybookCore.score, the same as scoring.py), what an anonymous checklist may show, the answers
 * the team agreed (DESIGN.md, "Team sessions on the site"), and the link or code a respondent sends
 * instead of a file (the answers in a URL fragment: never sent anywhere).
 *
 * Works as a browser script (window.PlaybookTeam, after playbook-core.js and playbook-answers.js)
 * and from Node (require), where tests/js/team.test.js runs tests/cases/team.json against it and
 * tests/test_team_cases.py runs the same cases against playbook_cli/team.py.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) {
    module.exports = factory(require("./playbook-core.js"), require("./playbook-answers.js"));
  } else {
    root.PlaybookTeam = factory(root.PlaybookCore, root.PlaybookAnswers);
  }
})(typeof self !== "undefined" ? self : this, function (core, answersFile) {
  "use strict";

  var AGREED_RESPONDENT = "TEAM (agreed)";
  var LINK_KEY = "answers="; // in a URL fragment: #answers=CODE
  var CODE_PREFIX = "pb1."; // a code's version: a later format gets another prefix

  function sameBytes(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  /**
   * Which files count, as team.load_team and one_vote_per_file decide it. files: [{name, bytes}] in
   * the order given; a file of another team or date than the first kept is refused, as `score` refuses it. Returns {accepted: [{name, bytes, answers}], rejected: [{name, problem}],
   * duplicates: [{name, of, problem}], warnings: [problem]}: a file the CLI would refuse (unreadable,
   * invalid, another checklist) is rejected with the CLI's reason and the rest are kept; a byte-for-byte
   * copy of a kept file counts once. With `anonymous`, a warning names "respondent N", not the file.
   */
  function collect(rules, checklist, files, anonymous) {
    var accepted = [];
    var rejected = [];
    var duplicates = [];
    var warnings = [];
    files.forEach(function (file) {
      var read = answersFile.readAnswers(file.bytes, file.name, rules);
      if (!read.ok) {
        rejected.push({ name: file.name, problem: read.problems[0], problems: read.problems });
        return;
      }
      if (read.answers.checklist !== checklist.id) {
        // team.load_team refuses files for different checklists; here the others are still scored.
        rejected.push({ name: file.name, problem: {
          path: file.name, line: null, column: null,
          message: "answers files are for different checklists: " + file.name + " is for '" + read.answers.checklist +
            "', this page is '" + checklist.id + "'",
          hint: "score one checklist at a time"
        } });
        return;
      }
      // team.one_team_and_date: one checkpoint, a team's files of one date (team names trimmed, any case).
      var checkpoint = accepted.length ? accepted[0].answers : null;
      var differs = checkpoint === null ? null
        : answersFile.teamKey(read.answers.team) !== answersFile.teamKey(checkpoint.team) ? ["team", checkpoint.team, read.answers.team]
        : read.answers.date !== checkpoint.date ? ["date", checkpoint.date, read.answers.date] : null;
      if (differs) {
        rejected.push({ name: file.name, problem: {
          path: file.name, line: null, column: null,
          message: "answers files are for different " + differs[0] + "s: " + shown(differs[1]) + " in " + accepted[0].name +
            ", " + shown(differs[2]) + " here",
          hint: "score one checkpoint (a team's files of one date) at a time, or see every team with `playbook overview`"
        } });
        return;
      }
      var first = -1;
      accepted.forEach(function (kept, index) { if (first === -1 && sameBytes(kept.bytes, file.bytes)) first = index; });
      if (first !== -1) {
        var where = anonymous ? "respondent " + (first + 1) : file.name;
        var same = accepted[first].name;
        duplicates.push({ name: file.name, of: same, problem: {
          path: where, line: null, column: null, message: "the same file was given twice; counted once",
          hint: anonymous || same === file.name ? null : file.name + " is a copy of " + same
        } });
        return;
      }
      accepted.push({ name: file.name, bytes: file.bytes, answers: read.answers });
    });
    accepted.forEach(function (kept, index) {
      answersFile.checkAnswers(kept.answers, checklist).forEach(function (p) {
        if (anonymous) p = Object.assign({}, p, { path: "respondent " + (index + 1), line: null, column: null });
        warnings.push(p);
      });
    });
    return { accepted: accepted, rejected: rejected, duplicates: duplicates, warnings: warnings };
  }

  /** A team or date as team._show quotes it: none, or 'text'. */
  function shown(value) {
    return value === null || value === undefined || value === "" ? "none" : "'" + value + "'";
  }

  /** Answers.name: the respondent, else the file name without its extension. */
  function nameOf(answers) {
    if (answers.respondent && core.strip(answers.respondent)) return answers.respondent;
    var base = String(answers.path || "").split("/").pop();
    var dot = base.lastIndexOf(".");
    return (dot > 0 ? base.slice(0, dot) : base) || "respondent";
  }

  function sameNameKey(name) {
    var spaced = name.split(/\s+/).filter(Boolean).join(" ");
    // eslint-disable-next-line no-control-regex
    if (/^[\x00-\x7f]*$/.test(name)) return spaced.toLowerCase();
    return spaced.normalize("NFKC").toUpperCase().toLowerCase().replace(/\p{Cf}/gu, "");
  }

  /** model.respondent_labels: one label per file, all different ("Dana", then "Dana (2)"). */
  function respondentLabels(names) {
    if (names.length < 2) return names.slice();
    var taken = new Set(names.map(sameNameKey));
    var seen = new Set();
    return names.map(function (name) {
      var label = name;
      var key = sameNameKey(name);
      var n = 1;
      while (seen.has(key) || (n > 1 && taken.has(key))) {
        n += 1;
        label = (name.split(/\s+/).filter(Boolean).join(" ") || name) + " (" + n + ")";
        key = sameNameKey(label);
      }
      seen.add(key);
      return label;
    });
  }

  /** How many chose each answer: [[word, count]] in the rules' order, then "unanswered"; zeros left out. */
  function distribution(rules, given) {
    var words = rules.answerWords.concat(["unanswered"]);
    return words.map(function (word) {
      return [word, given.filter(function (answer) { return (answer === null ? "unanswered" : answer) === word; }).length];
    }).filter(function (entry) { return entry[1] > 0; });
  }

  /**
   * The team result, as `playbook score` gives it for the accepted files, with what the team view
   * shows: respondents (labels, or "Respondent N" when anonymous), and each misaligned item's spread
   * (0..1), answers and counts. Anonymous: no names with answers; counts only from 3 respondents.
   * `discussion` lists the misaligned items biggest spread first (file order on a tie). Notes are
   * stripped, blank ones dropped; `notes` [{item, note}] are those on items that are not gaps, in the
   * checklist's order (anonymous: unsigned and sorted). Below 3 anonymous respondents (`withheld`):
   * unknown and notes are null, spreads and gap values (halves, count, value) are null, no gap has a
   * note, and gaps and the discussion keep the file's order.
   */
  function teamResult(rules, checklist, accepted, anonymous) {
    var labels = respondentLabels(accepted.map(function (kept) { return nameOf(kept.answers); }));
    var shown = labels.map(function (label, index) { return anonymous ? "Respondent " + (index + 1) : label; });
    var sets = accepted.map(function (kept, index) {
      return { name: labels[index], answers: kept.answers.answers, notes: kept.answers.notes, actions: kept.answers.actions };
    });
    var result = core.score(rules, checklist, sets);
    // Fewer respondents than rules.anonymousMinRespondents on an anonymous checklist: no counts, no notes.
    var countsShown = !anonymous || accepted.length >= rules.anonymousMinRespondents;
    result.respondents = shown;
    result.anonymous = Boolean(anonymous);
    result.countsShown = countsShown;
    result.misaligned = result.misaligned.map(function (entry) {
      var given = sets.map(function (set) { var a = set.answers.get(entry.item.id); return a === undefined ? null : a; });
      return {
        item: entry.item, spreadHalves: entry.spreadHalves, spread: entry.spreadHalves / 2,
        answers: anonymous ? null : entry.answers.map(function (pair, index) { return [shown[index], pair[1]]; }),
        counts: countsShown ? distribution(rules, given) : null,
        notes: itemNotes(sets, entry.item.id, anonymous ? null : shown, countsShown)
      };
    });
    if (anonymous) {
      // Unsigned and sorted, so that their order does not say whose file each came from (scoring._note).
      var unsigned = function (itemId) {
        var notes = itemNotes(sets, itemId, null, countsShown).map(function (note) { return note[1]; });
        return notes.length ? notes.join(" / ") : null;
      };
      result.gaps.forEach(function (gap) { gap.note = unsigned(gap.item.id); });
      result.notes = result.notes.map(function (entry) { return { item: entry.item, note: unsigned(entry.item.id) }; });
    }
    result.withheld = !countsShown;
    if (result.withheld) {
      // Nothing that gives answers away item by item (scoring.score, details_withheld): no unknowns, no
      // spreads, no team values, no notes; gaps and the discussion in file order, not ranked by the hidden values.
      result.unknown = null;
      result.notes = null;
      var order = new Map();
      checklist.items.forEach(function (item, index) { order.set(item.id, index); });
      result.gaps.sort(function (a, b) { return order.get(a.item.id) - order.get(b.item.id); });
      result.gaps.forEach(function (gap) { gap.halves = null; gap.count = null; gap.value = null; });
      result.misaligned.forEach(function (entry) { entry.spreadHalves = null; entry.spread = null; });
      result.discussion = result.misaligned.slice();
      return result;
    }
    result.discussion = result.misaligned.slice().sort(function (a, b) { return b.spreadHalves - a.spreadHalves; });
    return result;
  }

  /** The notes on an item: [who or null, text]; unsigned and sorted when anonymous, none under 3 respondents. */
  function itemNotes(sets, itemId, names, shownAtAll) {
    if (!shownAtAll) return [];
    var notes = [];
    sets.forEach(function (set, index) {
      var note = set.notes && set.notes.get(itemId);
      if (typeof note === "string" && (note = core.strip(note))) notes.push([names ? names[index] : null, note]);
    });
    if (!names) notes.sort(function (a, b) { return byCodePoint(a[1], b[1]); });
    return notes;
  }

  /** Python's order of strings (by code point; JavaScript's < compares UTF-16 units, which differs above U+FFFF). */
  function byCodePoint(a, b) {
    var i = 0;
    var j = 0;
    while (i < a.length && j < b.length) {
      var x = a.codePointAt(i);
      var y = b.codePointAt(j);
      if (x !== y) return x < y ? -1 : 1;
      i += x > 0xffff ? 2 : 1;
      j += y > 0xffff ? 2 : 1;
    }
    return (a.length - i) - (b.length - j) < 0 ? -1 : (a.length - i) - (b.length - j) > 0 ? 1 : 0;
  }

  // A tie between the most given answers goes to the lower value; among equal values, unknown
  // (not knowing is itself a gap) before no, and n/a (which takes the item out of the score) last.
  var TIE_ORDER = ["unknown", "no", "partly", "yes", "n/a"];

  /** The answer most respondents gave (unanswered is no answer), a tie to the lower value; null if none. */
  function mostGiven(given) {
    var counts = new Map();
    given.forEach(function (answer) { if (answer !== null && answer !== undefined) counts.set(answer, (counts.get(answer) || 0) + 1); });
    var best = null;
    counts.forEach(function (count, answer) {
      var rank = TIE_ORDER.indexOf(answer);
      if (best === null || count > best[1] || (count === best[1] && rank < best[2])) best = [answer, count, rank];
    });
    return best === null ? null : best[0];
  }

  /**
   * The agreed answers file's state (for PlaybookAnswers.dumpAnswers): respondent "TEAM (agreed)", a
   * discussed item takes the agreed answer, any other item the answer most respondents gave; the
   * agreed notes and actions, and each other open action recorded in a file (the first, in file order).
   * agreed: Map(item id -> {answer, note, owner, due}).
   */
  function agreedState(rules, checklist, accepted, agreed) {
    agreed = agreed || new Map();
    var answers = new Map();
    var notes = new Map();
    var actions = new Map();
    checklist.items.forEach(function (item) {
      var record = agreed.get(item.id) || {};
      var given = accepted.map(function (kept) { var a = kept.answers.answers.get(item.id); return a === undefined ? null : a; });
      var answer = record.answer || mostGiven(given);
      if (answer) answers.set(item.id, answer);
      if (record.note && record.note.trim()) notes.set(item.id, record.note);
      if (record.owner && core.strip(record.owner)) {
        actions.set(item.id, { owner: record.owner, due: record.due || null, status: rules.answersFile.actionStatuses[0] });
        return;
      }
      for (var i = 0; i < accepted.length; i++) {
        var action = accepted[i].answers.actions.get(item.id);
        if (action && core.isOpen(rules, action)) {
          actions.set(item.id, { owner: action.owner, due: action.due || null, status: action.status });
          break;
        }
      }
    });
    var teams = accepted.map(function (kept) { return kept.answers.team; }).filter(function (t) { return t && core.strip(t); });
    var dates = accepted.map(function (kept) { return kept.answers.date; }).filter(Boolean).sort();
    return {
      answers: answers, notes: notes, actions: actions, team: teams.length ? core.strip(teams[0]) : null,
      respondent: AGREED_RESPONDENT, date: dates.length ? dates[dates.length - 1] : null
    };
  }

  /** The agreed answers file's text, which `playbook score` and `playbook trend` read. */
  function agreedFile(rules, checklist, accepted, agreed, date) {
    var state = agreedState(rules, checklist, accepted, agreed);
    return answersFile.dumpAnswers(checklist, state, date || state.date);
  }

  // -- answers as a link or a short code -------------------------------------------------------------

  // One letter per answer, in the checklist's item order; "-" for unanswered.
  var LETTERS = { yes: "y", partly: "p", no: "n", unknown: "u", "n/a": "a" };

  function base64url(bytes) {
    var text = "";
    for (var i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function fromBase64url(text) {
    var plain = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    var bytes = new Uint8Array(plain.length);
    for (var i = 0; i < plain.length; i++) bytes[i] = plain.charCodeAt(i);
    return bytes;
  }

  function squeeze(bytes, stream) {
    return new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer()
      .then(function (buffer) { return new Uint8Array(buffer); });
  }

  /**
   * A short code for one person's answers (a Promise): "pb1." and the base64url of the deflated
   * JSON [checklist id, version, answer letters in item order, team, respondent, date, notes by item
   * index]. Nothing but the code itself holds them.
   */
  function encodeAnswers(checklist, state) {
    var letters = checklist.items.map(function (item) {
      var answer = state.answers.get(item.id);
      return answer && LETTERS[answer] ? LETTERS[answer] : "-";
    }).join("");
    var notes = [];
    checklist.items.forEach(function (item, index) {
      var note = state.notes && state.notes.get(item.id);
      if (typeof note === "string" && note.trim()) notes.push([index, note]);
    });
    // The day it was made, as an export is dated the day it is exported: one checkpoint is one date.
    var payload = [checklist.id, checklist.version, letters, state.team || "", state.respondent || "",
      answersFile.isoDate(state.date || "") || answersFile.today()];
    if (notes.length) payload.push(notes);
    return squeeze(new TextEncoder().encode(JSON.stringify(payload)), new CompressionStream("deflate-raw"))
      .then(function (bytes) { return CODE_PREFIX + base64url(bytes); });
  }

  /** The link a respondent sends: the page's address with the code in its fragment. */
  function answersLink(pageUrl, code) {
    return String(pageUrl).split("#")[0] + "#" + LINK_KEY + code;
  }

  /** The code in a pasted link or code, or null. */
  function codeIn(text) {
    var trimmed = String(text).trim();
    var at = trimmed.indexOf("#" + LINK_KEY);
    var code = at === -1 ? trimmed : trimmed.slice(at + 1 + LINK_KEY.length);
    return code.indexOf(CODE_PREFIX) === 0 && /^[A-Za-z0-9_-]+$/.test(code.slice(CODE_PREFIX.length)) ? code : null;
  }

  /**
   * A pasted link or code as the answers file it stands for (a Promise of {ok, name, bytes} or
   * {ok: false, message}): the file then goes through collect() like any other, with the same checks.
   */
  function decodeAnswers(checklist, text) {
    var code = codeIn(text);
    if (code === null) {
      return Promise.resolve({ ok: false, message: "this is not an answers link or code (they start with " + CODE_PREFIX + ")" });
    }
    var bytes;
    try {
      bytes = fromBase64url(code.slice(CODE_PREFIX.length));
    } catch (e) {
      return Promise.resolve({ ok: false, message: "this code is damaged: copy it again, whole" });
    }
    if (typeof DecompressionStream !== "function") {
      return Promise.resolve({ ok: false, message: "this browser cannot read answers links: ask for the answers file" });
    }
    return squeeze(bytes, new DecompressionStream("deflate-raw")).then(function (plain) {
      var payload = JSON.parse(new TextDecoder().decode(plain));
      return fromPayload(checklist, payload, code);
    }).catch(function () {
      return { ok: false, message: "this code is damaged: copy it again, whole" };
    });
  }

  function fromPayload(checklist, payload, code) {
    if (!Array.isArray(payload) || typeof payload[0] !== "string" || typeof payload[2] !== "string") {
      return { ok: false, message: "this code is damaged: copy it again, whole" };
    }
    var name = "link " + (payload[4] ? "from " + payload[4] : code.slice(CODE_PREFIX.length, CODE_PREFIX.length + 8));
    if (payload[0] !== checklist.id) {
      return { ok: false, name: name, message: "it answers the checklist '" + payload[0] + "', not '" + checklist.id + "'" };
    }
    if (payload[1] !== checklist.version || payload[2].length !== checklist.items.length) {
      return { ok: false, name: name, message: "it was made for version " + payload[1] + " of this checklist; this page is version " +
        checklist.version + ": ask for the answers file, or to answer again" };
    }
    var words = {};
    Object.keys(LETTERS).forEach(function (word) { words[LETTERS[word]] = word; });
    var state = { answers: new Map(), notes: new Map(), actions: new Map(), team: payload[3] || null,
      respondent: payload[4] || null, date: payload[5] || null };
    checklist.items.forEach(function (item, index) {
      var word = words[payload[2][index]];
      if (word) state.answers.set(item.id, word);
    });
    (Array.isArray(payload[6]) ? payload[6] : []).forEach(function (entry) {
      var item = checklist.items[entry[0]];
      if (item && typeof entry[1] === "string") state.notes.set(item.id, entry[1]);
    });
    var text = answersFile.dumpAnswers(checklist, state, state.date || answersFile.today());
    return { ok: true, name: name, bytes: new TextEncoder().encode(text) };
  }

  return {
    collect: collect, teamResult: teamResult, respondentLabels: respondentLabels, distribution: distribution,
    mostGiven: mostGiven, agreedState: agreedState, agreedFile: agreedFile, encodeAnswers: encodeAnswers,
    decodeAnswers: decodeAnswers, answersLink: answersLink, codeIn: codeIn,
    AGREED_RESPONDENT: AGREED_RESPONDENT, LINK_KEY: LINK_KEY
  };
});
