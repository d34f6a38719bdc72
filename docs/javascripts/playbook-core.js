/*
 * The browser's scoring core: DOM-free, the same rules as playbook_cli/scoring.py.
 *
 * It holds no rule of its own: answer words, half-point values and the
 * thresholds come from the page as data written by Python
 * (playbook_cli/site/page_data.py, `rules`). Arithmetic is exact: every value
 * is a whole number of half-points, team values are halves over respondents,
 * and sums are kept over a common denominator in BigInt, so a score of exactly
 * 42.5 rounds half up to 43 and no float error can move a rounding or a gap.
 *
 * Works as a browser script (window.PlaybookCore) and from Node
 * (require("docs/javascripts/playbook-core.js")); tests/js/ runs the
 * hand-computed cases of tests/cases/scoring.json against it, and pytest runs
 * the same cases against score().
 *
 * Answers are Maps (item id -> answer word), never plain objects keyed by id:
 * an id like "constructor" or "__proto__" is an id like any other.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.PlaybookCore = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var hasOwn = Object.prototype.hasOwnProperty;

  function gcd(a, b) {
    while (b) { var t = a % b; a = b; b = t; }
    return a;
  }

  function lcm(a, b) { return a / gcd(a, b) * b; }

  /** 100 x numerator / denominator, rounded half up (42.5 -> 43), in exact integers (BigInt in, Number out). */
  function percentHalfUp(numerator, denominator) {
    return Number((200n * numerator + denominator) / (2n * denominator));
  }

  /** An answer's value in half-points (unanswered and anything unknown to the rules: 0). */
  function halvesOf(rules, answer) {
    return typeof answer === "string" && hasOwn.call(rules.halves, answer) ? rules.halves[answer] : 0;
  }

  /** [sum of half-points, respondents who gave a value or skipped]; count 0 if all said n/a. */
  function teamHalves(rules, answers) {
    var halves = 0;
    var count = 0;
    answers.forEach(function (answer) {
      if (answer === rules.notApplicable) return;
      halves += halvesOf(rules, answer);
      count += 1;
    });
    return [halves, count];
  }

  /**
   * 100 x sum(weight x value) / sum(weight) over applicable items (0 if none), an item's value
   * being half-points / (2 x respondents): summed over a common denominator, as scoring.py does.
   */
  function halvesScore(items, parts) {
    var numerator = 0n;
    var denominator = 0n;
    var common = 1n;
    items.forEach(function (item) {
      var part = parts.get(item.id);
      var halves = BigInt(part[0]);
      var count = BigInt(part[1]);
      if (count === 0n) return;
      if (common % count !== 0n) {
        var scale = lcm(common, count) / common;
        numerator *= scale;
        denominator *= scale;
        common *= scale;
      }
      var weight = BigInt(item.weight);
      numerator += weight * halves * (common / count);
      denominator += weight * 2n * common;
    });
    return denominator ? percentHalfUp(numerator, denominator) : 0;
  }

  function answerOf(set, itemId) {
    var word = set.answers.get(itemId);
    return word === undefined ? null : word;
  }

  /**
   * Score one answers file, or several (one per respondent) as a team.
   *
   * checklist: the page's checklist data ({id, version, bands, sections, items}).
   * answerSets: [{answers: Map, notes?: Map, actions?: Map(id -> {owner, due, status?}), name?: string}].
   * Returns {score, band, blockers, unknown, sections, gaps, values, answered, total, alignment,
   * misaligned, notes}; a gap is {item, halves, count, value, owner, due, note}, a value {halves, count}
   * (its value is halves / (2 x count)) or null for n/a; notes [{item, note}] are those on items that
   * are not gaps. Notes are stripped, blank ones dropped, and joined with " / " in file order.
   */
  function score(rules, checklist, answerSets) {
    if (!answerSets || !answerSets.length) throw new Error("score() needs at least one answers file");
    var items = checklist.items;
    var byId = new Map();
    items.forEach(function (item) { byId.set(item.id, item); });
    var perItem = new Map();
    var parts = new Map();
    var values = new Map();
    items.forEach(function (item) {
      var given = answerSets.map(function (set) { return answerOf(set, item.id); });
      perItem.set(item.id, given);
      var part = teamHalves(rules, given);
      parts.set(item.id, part);
      values.set(item.id, part[1] ? { halves: part[0], count: part[1] } : null);
    });

    var total = halvesScore(items, parts);
    var sections = checklist.sections.map(function (section) {
      var sectionItems = section.items.map(function (id) { return byId.get(id); });
      return { id: section.id, title: section.title, score: halvesScore(sectionItems, parts) };
    });
    // value < threshold / 2  <=>  halves / (2 x count) < threshold / 2  <=>  halves < threshold x count
    var blockers = items.filter(function (item) {
      var part = parts.get(item.id);
      return item.critical && part[1] > 0 && part[0] < rules.blockerBelowHalves * part[1];
    });
    var bands = checklist.bands;
    var band = blockers.length ? bands[bands.length - 1] : bands.filter(function (b) { return b.min <= total; })[0];
    var unknown = items.filter(function (item) { return perItem.get(item.id).indexOf("unknown") !== -1; });

    var gaps = items
      .filter(function (item) {
        var part = parts.get(item.id);
        return part[1] > 0 && part[0] < 2 * part[1]; // value < 1
      })
      .map(function (item) { return gap(rules, item, parts.get(item.id), answerSets); });
    // Priority weight x (1 - value) = weight x (2 x count - halves) / (2 x count), compared exactly by
    // cross-multiplying. Array.prototype.sort is stable: equal priorities keep their order in the file.
    gaps.sort(function (a, b) {
      var left = BigInt(a.item.weight * (2 * a.count - a.halves)) * BigInt(2 * b.count);
      var right = BigInt(b.item.weight * (2 * b.count - b.halves)) * BigInt(2 * a.count);
      return left > right ? -1 : left < right ? 1 : 0;
    });

    // Notes on items that are not gaps, in the checklist's order (scoring.score: Result.notes).
    var inGaps = new Set(gaps.map(function (g) { return g.item.id; }));
    var notes = [];
    items.forEach(function (item) {
      var text = inGaps.has(item.id) ? null : note(item.id, answerSets);
      if (text !== null) notes.push({ item: item, note: text });
    });

    var aligned = answerSets.length > 1 ? alignment(rules, items, perItem, answerSets) : { alignment: null, misaligned: [] };
    // In a team, an item counts as answered only when everyone answered it.
    var answered = items.filter(function (item) {
      return perItem.get(item.id).every(function (answer) { return answer !== null; });
    }).length;
    return {
      score: total, band: band, blockers: blockers, unknown: unknown, sections: sections, gaps: gaps,
      values: values, answered: answered, total: items.length,
      alignment: aligned.alignment, misaligned: aligned.misaligned, notes: notes
    };
  }

  function gap(rules, item, part, answerSets) {
    // The first open action's owner, in argument order, is kept: a done or dropped one owns the gap no
    // more (scoring._gap).
    var action = null;
    answerSets.forEach(function (set) {
      if (action === null && set.actions && set.actions.has(item.id) && isOpen(rules, set.actions.get(item.id))) {
        action = set.actions.get(item.id);
      }
    });
    return {
      item: item, halves: part[0], count: part[1], value: part[0] / (2 * part[1]),
      owner: action ? action.owner : null, due: action && action.due ? action.due : null, note: note(item.id, answerSets)
    };
  }

  /** The notes on an item, each stripped, blank ones dropped, joined with " / " in file order; null if none (scoring._note). */
  function note(itemId, answerSets) {
    var notes = [];
    answerSets.forEach(function (set) {
      var text = set.notes && set.notes.has(itemId) ? set.notes.get(itemId) : null;
      if (typeof text === "string" && (text = strip(text))) notes.push(text);
    });
    return notes.length ? notes.join(" / ") : null;
  }

  /** Whether an action is open: its status is the default one (rules.answersFile.actionStatuses[0]), or none. */
  function isOpen(rules, action) {
    return action.status === undefined || action.status === null || action.status === rules.answersFile.actionStatuses[0];
  }

  /** Alignment over items that enough respondents gave a value; the items answered far apart. */
  function alignment(rules, items, perItem, answerSets) {
    var spreads = 0; // in half-points
    var counted = 0;
    var misaligned = [];
    items.forEach(function (item) {
      var given = perItem.get(item.id)
        .filter(function (answer) { return typeof answer === "string" && hasOwn.call(rules.halves, answer); })
        .map(function (answer) { return rules.halves[answer]; });
      if (given.length < rules.alignmentMinRespondents) return;
      var spread = Math.max.apply(null, given) - Math.min.apply(null, given);
      spreads += spread;
      counted += 1;
      if (spread >= rules.misalignedSpreadHalves) {
        misaligned.push({
          item: item, spreadHalves: spread,
          answers: answerSets.map(function (set, index) {
            return [set.name || "respondent " + (index + 1), answerOf(set, item.id) || "unanswered"];
          })
        });
      }
    });
    if (!counted) return { alignment: null, misaligned: [] };
    // 100 x (1 - mean spread), the mean spread being spreads / (2 x counted).
    return { alignment: percentHalfUp(BigInt(2 * counted - spreads), BigInt(2 * counted)), misaligned: misaligned };
  }

  // Python's whitespace (str.isspace): JavaScript's \s without U+FEFF, with U+001C..U+001F and U+0085.
  var SPACE = "\\t\\n\\v\\f\\r \\u001c-\\u001f\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  var STRIP = new RegExp("^[" + SPACE + "]+|[" + SPACE + "]+$", "g");

  /** Python's str.strip(), which answers.py applies to answers and owners. */
  function strip(text) { return text.replace(STRIP, ""); }

  /** The answer word for what someone typed or stored, as answers.normalise_answer reads it; null if none. */
  function answerWord(rules, value) {
    if (typeof value === "boolean") return value ? "yes" : "no";
    if (typeof value !== "string") return null;
    var exact = wordFor(rules, value);
    return exact !== null ? exact : wordFor(rules, strip(value).toLowerCase());
  }

  function wordFor(rules, text) {
    if (rules.answerWords.indexOf(text) !== -1) return text;
    return hasOwn.call(rules.aliases, text) ? rules.aliases[text] : null;
  }

  /** "yes, partly, no, unknown or n/a": the answer words as a sentence. */
  function answerWordsText(rules) {
    var words = rules.answerWords;
    return words.slice(0, -1).join(", ") + " or " + words[words.length - 1];
  }

  return {
    score: score, percentHalfUp: percentHalfUp, answerWord: answerWord, answerWordsText: answerWordsText, strip: strip,
    isOpen: isOpen
  };
});
