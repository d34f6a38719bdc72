/*
 * Fill in a checklist on its page: a live result, answers, notes and gap owners kept in this
 * browser, export to and import from an answers file (notes and actions included, so that a file
 * the CLI wrote comes back whole).
 *
 * The page carries two JSON blocks that playbook_cli/site writes into its Markdown: the checklist
 * (#playbook-checklist) and the rules of scoring and of answers files (#playbook-rules). From them
 * this script builds the form in the page: each question the engine rendered becomes a fieldset
 * with five answers and a note, with a toolbar before the first section and the result after the
 * last. Scoring is PlaybookCore's, reading and writing answers files PlaybookAnswers': both
 * DOM-free, tested in Node against the same cases as Python (tests/js/). This file holds page
 * code only, no rule.
 *
 * No build step, no external assets. Text from the checklist or an imported file only ever
 * reaches the page through textContent, a field's value or setAttribute: never as markup.
 */
(function () {
  "use strict";

  var core = window.PlaybookCore;
  var answersFile = window.PlaybookAnswers;
  var el = window.PlaybookDom.el;
  var fillList = window.PlaybookDom.fillList;
  var readData = window.PlaybookDom.readData;
  var hasOwn = Object.prototype.hasOwnProperty;
  var ANSWER_LABELS = { yes: "Yes", partly: "Partly", no: "No", unknown: "Unknown", "n/a": "n/a" };
  // The page's own headings for the form and the result (playbook_cli/site/pages.py writes them, so
  // that the table of contents lists them): each section is built around its heading.
  var FORM_HEADING_ID = "fill-it-in";
  var RESULT_HEADING_ID = "your-result";

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  /** A Map from an object's own entries (JSON from storage or a test): "__proto__" stays an id. */
  function toMap(object) {
    var map = new Map();
    if (object && typeof object === "object") {
      Object.keys(object).forEach(function (key) { map.set(key, object[key]); });
    }
    return map;
  }

  /** A plain object from a Map, for JSON: Object.fromEntries defines "__proto__" as an own key. */
  function toObject(map) { return Object.fromEntries(map); }

  /** Keep typing keys in a field: Material reads letters as site shortcuts (n = next page, s = search). */
  function keepKeys(input) {
    input.addEventListener("keydown", function (event) {
      if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) event.stopPropagation();
    });
  }

  // -- building the form from the page's data ----------------------------------------------------

  // The form's own words stay out of the site search (data-search-exclude; the search index is built
  // from the page before this script runs anyway).

  function toolbar(checklist) {
    var code = function (text) { return el("code", {}, [text]); };
    return el("section", {
      "class": "playbook-form", id: "playbook-form", "aria-labelledby": "playbook-fill-in", "data-search-exclude": "", hidden: ""
    }, [
      el("h2", { id: "playbook-fill-in" }, ["Fill it in on this page"]),
      el("p", {}, [
        "Choose an answer for each question, and add a note where it helps: the result at the bottom of the page " +
        "updates as you go, and there you name an owner, a due date and a status for each gap. Your answers, notes " +
        "and actions are kept in this browser only, for this version of the checklist. ",
        el("strong", {}, ["Export"]), " saves them as an answers file that ", code("playbook score"), " reads; ",
        el("strong", {}, ["Import"]), " loads one, for example from ", code("playbook run " + checklist.id), ". ",
        el("strong", {}, ["Import previous checkpoint"]), " carries the actions of your last checkpoint into these " +
        "answers, as ", code("playbook run " + checklist.id + " --since"), " does, and asks whether each open one is done."
      ]),
      el("div", { "class": "playbook-form__fields" }, [
        el("div", { "class": "playbook-form__field" }, [
          el("label", { "for": "playbook-team" }, ["Team (optional)"]),
          el("input", { type: "text", id: "playbook-team", "data-field-input": "team", autocomplete: "organization" })
        ]),
        el("div", { "class": "playbook-form__field" }, [
          el("label", { "for": "playbook-respondent" }, ["Your name (optional)"]),
          el("input", { type: "text", id: "playbook-respondent", "data-field-input": "respondent", autocomplete: "name" })
        ]),
        el("div", { "class": "playbook-form__field" }, [
          el("label", { "for": "playbook-date" }, ["Checkpoint date (empty: the day you export)"]),
          el("input", { type: "date", id: "playbook-date", "data-field-input": "date" })
        ])
      ]),
      el("div", { "class": "playbook-form__actions" }, [
        el("button", { type: "button", "class": "md-button md-button--primary", "data-action": "export" }, ["Export answers file"]),
        el("button", { type: "button", "class": "md-button", "data-action": "print" }, ["Print"]),
        el("input", {
          type: "file", id: "playbook-import", "class": "playbook-form__file", "data-action": "import",
          accept: ".yaml,.yml,text/yaml,application/x-yaml"
        }),
        el("label", { "for": "playbook-import", "class": "md-button" }, ["Import answers file"]),
        el("input", {
          type: "file", id: "playbook-import-previous", "class": "playbook-form__file", "data-action": "import-previous",
          accept: ".yaml,.yml,text/yaml,application/x-yaml"
        }),
        el("label", { "for": "playbook-import-previous", "class": "md-button" }, ["Import previous checkpoint"]),
        el("button", { type: "button", "class": "md-button", "data-action": "reset" }, ["Clear all answers"])
      ]),
      el("div", { "class": "playbook-form__status", "data-role": "status", role: "status", "aria-live": "polite" }),
      el("div", { "class": "playbook-previous", "data-role": "previous", hidden: "" }, [
        el("h3", { id: "playbook-previous-title", "data-field": "previous-title" }, ["Open actions from the previous checkpoint"]),
        el("p", {}, ["Each is carried into these answers. Mark it done, still open (with a new due date if it moved) " +
          "or dropped, with a note saying why. Actions that were already done or dropped are carried as they are."]),
        el("ol", { "class": "playbook-result__list", "data-list": "previous", "aria-labelledby": "playbook-previous-title" })
      ])
    ]);
  }

  /** The score line; before any answer it says so, rather than "0/100, Not ready, 3 blockers". */
  function summary(empty) {
    return [
      el("span", { "class": "playbook-result__empty", "data-field": "empty", hidden: "" }, [empty]),
      el("span", { "class": "playbook-result__figures", "data-field": "figures" }, [
        el("span", { "class": "playbook-result__score" }, ["Score ", el("strong", { "data-field": "score" }, ["0"]), "/100"]), " ",
        el("span", { "class": "playbook-band", "data-field": "band" }), " ",
        el("span", { "class": "playbook-result__progress", "data-field": "progress" })
      ])
    ];
  }

  function scorebar() {
    return el("div", { "class": "playbook-scorebar", "data-role": "scorebar", "data-search-exclude": "", hidden: "" }, [
      el("p", {}, summary("No answers yet.").concat([" ", el("a", { href: "#playbook-result" }, ["See the result"])]))
    ]);
  }

  function resultPanel(rules) {
    return el("section", {
      "class": "playbook-result", id: "playbook-result", "aria-labelledby": "playbook-result-title",
      "aria-live": "polite", "data-search-exclude": "", hidden: ""
    }, [
      el("h2", { id: "playbook-result-title" }, ["Your result"]),
      el("p", { "class": "playbook-result__summary", "aria-atomic": "true" }, summary(
        "No answers yet. Answer any question above and your score, band, blockers and top gaps show here.")),
      el("div", { "class": "playbook-form__actions playbook-result__actions" }, [
        el("button", { type: "button", "class": "md-button", "data-action": "print" }, ["Print"]),
        el("button", { type: "button", "class": "md-button", "data-action": "export" }, ["Export answers file"])
      ]),
      // Only the summary above is announced; the lists below change too much to read out on every click.
      el("div", { "class": "playbook-result__details", "aria-live": "off", "data-role": "details" }, [
        el("h3", {}, ["Blockers"]),
        el("p", {}, ["Critical questions answered no, unknown or not at all. While any remain, the result stays in the lowest band."]),
        el("ul", { "class": "playbook-result__list", "data-list": "blockers" }),
        el("h3", {}, ["Unknown"]),
        el("p", {}, ["Not knowing is a gap in shared understanding."]),
        el("ul", { "class": "playbook-result__list", "data-list": "unknown" }),
        el("h3", {}, ["Sections"]),
        el("table", { "data-role": "sections" }, [
          el("thead", {}, [el("tr", {}, [el("th", { scope: "col" }, ["Section"]), el("th", { scope: "col" }, ["Score"])])]),
          el("tbody", { "data-list": "sections" })
        ]),
        el("h3", {}, ["Top gaps"]),
        el("p", {}, ["The " + rules.topGaps + " biggest: weight times what is missing. Each links to the play that closes it. " +
          "Name an owner for each, and a date if you can: a gap that everyone owns is owned by no one."]),
        el("ol", { "class": "playbook-result__list", "data-list": "gaps" }),
        el("div", { "data-role": "more-gaps", hidden: "" }, [
          el("h3", {}, ["Other gaps"]),
          el("p", {}, ["The rest, biggest first. Each can have an owner too."]),
          el("ol", { "class": "playbook-result__list", "data-list": "more-gaps", start: String(rules.topGaps + 1) })
        ]),
        el("div", { "data-role": "other-actions", hidden: "" }, [
          el("h3", {}, ["Other actions"]),
          el("p", {}, ["Actions recorded for questions that are no longer gaps. Mark each done, or dropped, when it is."]),
          el("ul", { "class": "playbook-result__list", "data-list": "other-actions" })
        ])
      ])
    ]);
  }

  /** Text for assistive technology only: it tells apart controls that look the same on every question. */
  function unseen(text) { return el("span", { "class": "playbook-unseen" }, [text]); }

  /** One question's answers, as radio buttons named by the item id, and a button that takes the answer back. */
  function answerChoices(rules, item) {
    var choices = rules.answerWords.map(function (word) {
      return el("label", { "class": "playbook-answer playbook-answer--" + word.replace("/", "") }, [
        el("input", { type: "radio", name: item.id, value: word, autocomplete: "off" }),
        el("span", {}, [hasOwn.call(ANSWER_LABELS, word) ? ANSWER_LABELS[word] : word])
      ]);
    });
    choices.push(el("button", { type: "button", "class": "playbook-answer-clear", "data-clear": item.id, hidden: "" },
      ["Clear answer", unseen(" to: " + item.question)]));
    return el("div", { "class": "playbook-answers", "data-search-exclude": "" }, choices);
  }

  function noteField(item) {
    return el("details", { "class": "playbook-note", "data-search-exclude": "", hidden: "" }, [
      el("summary", {}, ["Note", unseen(" on: " + item.question)]),
      el("textarea", {
        id: "playbook-note-" + item.id, "class": "playbook-note__input", "data-note": item.id, rows: "3",
        "aria-label": "Note on: " + item.question
      })
    ]);
  }

  function isSectionHeading(node) { return node.nodeType === 1 && node.tagName === "H2"; }

  /**
   * Each question the engine rendered (a paragraph with the item's id, then its why and weight lines)
   * becomes a fieldset: the question is its legend, the rest stays as it is, with the answers and a
   * note after it. Returns {fieldsets, plays} (the play link each question's block carries), or null
   * if the page does not have the shape its data describes.
   */
  function buildQuestions(rules, checklist) {
    var fieldsets = [];
    var plays = new Map();
    var questions = checklist.items.map(function (item) {
      var question = document.getElementById(item.id);
      return question && question.classList.contains("playbook-question") ? question : null;
    });
    if (questions.indexOf(null) !== -1) return null;
    var isQuestion = new Set(questions);
    checklist.items.forEach(function (item, index) {
      var question = questions[index];
      var fieldset = el("fieldset", { "class": "playbook-item", "data-item": item.id });
      var legend = el("legend", { "class": "playbook-question" });
      question.parentNode.insertBefore(fieldset, question);
      while (question.firstChild) legend.appendChild(question.firstChild);
      // The group's name says what the weight line says further down: a no here is a blocker.
      if (item.critical) legend.append(" ", el("span", { "class": "playbook-critical" }, ["Critical"]));
      var next = question.nextSibling;
      question.remove();
      fieldset.id = item.id;
      fieldset.appendChild(legend);
      // The question's block: up to the next question or section heading.
      while (next && !isQuestion.has(next) && !isSectionHeading(next) && !(next.nodeType === 1 && next.tagName === "SCRIPT")) {
        var moving = next;
        next = next.nextSibling;
        fieldset.appendChild(moving);
      }
      while (fieldset.lastChild && fieldset.lastChild.nodeType === 3 && !fieldset.lastChild.data.trim()) {
        fieldset.parentNode.insertBefore(fieldset.lastChild, fieldset.nextSibling);
      }
      var links = fieldset.querySelectorAll("a[href]");
      if (item.play && links.length) plays.set(item.id, links[links.length - 1].getAttribute("href"));
      fieldset.appendChild(answerChoices(rules, item));
      fieldset.appendChild(noteField(item));
      fieldsets.push(fieldset);
    });
    var heading = fieldsets[0].previousElementSibling;
    while (heading && !isSectionHeading(heading)) heading = heading.previousElementSibling;
    return { fieldsets: fieldsets, plays: plays, firstHeading: heading };
  }

  // -- kept in this browser -------------------------------------------------------------------------

  function storageKey(checklist) {
    return "playbook:answers:" + checklist.id + ":v" + checklist.version;
  }

  function loadStored(checklist) {
    try {
      var raw = window.localStorage.getItem(storageKey(checklist));
      var data = raw ? JSON.parse(raw) : null;
      return data && typeof data === "object" ? data : null;
    } catch (e) {
      return null; // storage blocked or corrupt: start empty
    }
  }

  function isEmpty(state) {
    return !state.team && !state.respondent && !state.answers.size && !state.notes.size && !state.actions.size &&
      !state.date && !state.updated && !state.previous;
  }

  /** What is kept: plain JSON (objects made with Object.fromEntries, so any id is safe as a key). */
  function stored(state) {
    return {
      answers: toObject(state.answers), team: state.team, respondent: state.respondent,
      notes: toObject(state.notes), actions: toObject(state.actions), date: state.date, updated: state.updated,
      previous: state.previous && { date: state.previous.date, name: state.previous.name, open: toObject(state.previous.open) }
    };
  }

  function store(checklist, state) {
    try {
      if (isEmpty(state)) window.localStorage.removeItem(storageKey(checklist));
      else window.localStorage.setItem(storageKey(checklist), JSON.stringify(stored(state)));
      return true;
    } catch (e) {
      return false;
    }
  }

  /** A date as the page keeps it: YYYY-MM-DD, or "" for none. */
  function dateOf(value) {
    return typeof value === "string" && answersFile.isoDate(value) ? value : "";
  }

  /**
   * An action in the shape the page keeps: {owner, due, status, done, note}, dates "" for none, a
   * note null for none, a done date only with status done. null for an action with nothing in it.
   */
  function cleanAction(rules, action) {
    if (!action || typeof action !== "object") return null;
    var statuses = rules.answersFile.actionStatuses;
    var status = statuses.indexOf(action.status) !== -1 ? action.status : statuses[0];
    var clean = {
      owner: typeof action.owner === "string" ? action.owner : "", due: dateOf(action.due), status: status,
      done: status === "done" ? dateOf(action.done) : "", note: typeof action.note === "string" ? action.note : null
    };
    return clean.owner || clean.due || clean.status !== statuses[0] || clean.note !== null ? clean : null;
  }

  /** The previous checkpoint a reader imported: {date, name, open: Map(id -> its open action then)}, or null. */
  function cleanPrevious(rules, checklist, data) {
    if (!data || typeof data !== "object" || !dateOf(data.date)) return null;
    var open = toMap(data.open);
    var clean = { date: data.date, name: typeof data.name === "string" ? data.name : "", open: new Map() };
    checklist.items.forEach(function (item) {
      var action = cleanAction(rules, open.get(item.id));
      if (action && action.owner) clean.open.set(item.id, action);
    });
    return clean;
  }

  /** Answers, notes and actions for known items only, each in the shape the page uses (Maps). */
  function cleanState(rules, checklist, data) {
    var answers = toMap(data && data.answers);
    var notes = toMap(data && data.notes);
    var actions = toMap(data && data.actions);
    var clean = { answers: new Map(), notes: new Map(), actions: new Map() };
    checklist.items.forEach(function (item) {
      var word = answers.get(item.id);
      if (typeof word === "string" && rules.answerWords.indexOf(word) !== -1) clean.answers.set(item.id, word);
      var note = notes.get(item.id);
      if (typeof note === "string" && note !== "") clean.notes.set(item.id, note);
      var action = cleanAction(rules, actions.get(item.id));
      if (action) clean.actions.set(item.id, action);
    });
    return clean;
  }

  /**
   * Build a section around the page's own heading (so the table of contents links to it): the
   * section takes the heading's place, the heading replaces the section's own, and the text for
   * readers without JavaScript under it goes. False if the page has no such heading.
   */
  function aroundHeading(section, headingId) {
    var heading = document.getElementById(headingId);
    if (!heading || heading.tagName !== "H2") return false;
    var next = heading.nextElementSibling;
    if (next && next.classList.contains("playbook-nojs")) next.remove();
    heading.parentNode.insertBefore(section, heading);
    section.replaceChild(heading, section.querySelector("h2"));
    section.setAttribute("aria-labelledby", headingId);
    return true;
  }

  // -- the page ---------------------------------------------------------------------------------------

  function init() {
    var checklist = readData("playbook-checklist");
    var rules = readData("playbook-rules");
    if (!checklist || !rules) return;
    if (!core || !answersFile) {
      console.error("playbook: the scoring scripts did not load; the form is not available");
      return;
    }
    var built = buildQuestions(rules, checklist);
    if (!built) {
      console.error("playbook: this page does not show every question of '" + checklist.id + "'; the form is not available");
      return;
    }
    var dataElement = document.getElementById("playbook-checklist");
    var form = toolbar(checklist);
    if (!aroundHeading(form, FORM_HEADING_ID)) {
      if (built.firstHeading) built.firstHeading.parentNode.insertBefore(form, built.firstHeading);
      else built.fieldsets[0].parentNode.insertBefore(form, built.fieldsets[0]);
    }
    var bar = scorebar();
    var panel = resultPanel(rules);
    if (!aroundHeading(panel, RESULT_HEADING_ID)) dataElement.parentNode.insertBefore(panel, dataElement);
    panel.parentNode.insertBefore(bar, panel);

    var status = form.querySelector("[data-role=status]");
    var teamInput = form.querySelector("[data-field-input=team]");
    var respondentInput = form.querySelector("[data-field-input=respondent]");
    var dateInput = form.querySelector("[data-field-input=date]");
    var importInput = form.querySelector("[data-action=import]");
    var previousInput = form.querySelector("[data-action=import-previous]");
    var previousPanel = form.querySelector("[data-role=previous]");
    var gapList = panel.querySelector("[data-list=gaps]");
    var moreGapList = panel.querySelector("[data-list=more-gaps]");
    var otherActionList = panel.querySelector("[data-list=other-actions]");
    var byId = new Map();
    checklist.items.forEach(function (item) { byId.set(item.id, item); });
    // Notes and owners are kept here, not read back from their fields: a field may show only part of
    // what an imported file holds (a text box drops line breaks), and the file must come back whole.
    var notes = new Map();   // item id -> text
    var actions = new Map(); // item id -> {owner, due, status, done, note}: see cleanAction
    var updated = "";        // the imported file's `updated`: the day it last changed after its date
    var previous = null;     // the previous checkpoint imported: see cleanPrevious
    var noteFields = new Map(); // item id -> {details, textarea, printed, printedText}
    var gapRows = new Map();    // item id -> its action row (in a gap list or other actions), kept across updates
    var previousRows = new Map(); // item id -> its row in the previous checkpoint's open actions
    var clearButtons = new Map(); // item id -> its "Clear answer" button, shown once it has an answer
    var undo = null;

    function radios(itemId) {
      return document.querySelectorAll('input[type=radio][name="' + CSS.escape(itemId) + '"]');
    }

    function copyActions(table) {
      var out = new Map();
      table.forEach(function (action, id) { out.set(id, Object.assign({}, action)); });
      return out;
    }

    function copyPrevious(from) {
      return from && { date: from.date, name: from.name, open: copyActions(from.open) };
    }

    function readState() {
      var answers = new Map();
      checklist.items.forEach(function (item) {
        Array.prototype.forEach.call(radios(item.id), function (input) {
          if (input.checked) answers.set(item.id, input.value);
        });
      });
      return {
        answers: answers, team: teamInput.value.trim(), respondent: respondentInput.value.trim(),
        notes: new Map(notes), actions: copyActions(actions), date: dateOf(dateInput.value), updated: updated,
        previous: copyPrevious(previous)
      };
    }

    /** Show a state: {answers, notes, actions} as Maps or as the plain objects kept in storage. */
    function applyState(state) {
      var clean = cleanState(rules, checklist, state && {
        answers: state.answers instanceof Map ? toObject(state.answers) : state.answers,
        notes: state.notes instanceof Map ? toObject(state.notes) : state.notes,
        actions: state.actions instanceof Map ? toObject(state.actions) : state.actions
      });
      checklist.items.forEach(function (item) {
        Array.prototype.forEach.call(radios(item.id), function (input) {
          input.checked = clean.answers.get(item.id) === input.value;
        });
      });
      teamInput.value = (state && typeof state.team === "string") ? state.team : "";
      respondentInput.value = (state && typeof state.respondent === "string") ? state.respondent : "";
      dateInput.value = dateOf(state && state.date);
      updated = dateOf(state && state.updated);
      var before = state && state.previous;
      previous = cleanPrevious(rules, checklist, before && {
        date: before.date, name: before.name, open: before.open instanceof Map ? toObject(before.open) : before.open
      });
      notes = clean.notes;
      actions = clean.actions;
      showPrevious();
      noteFields.forEach(function (field, id) {
        field.textarea.value = notes.get(id) || "";
        if (notes.get(id)) field.details.open = true;
        showNote(id);
      });
    }

    // -- notes: one per question, in a <details> under its answers ---------------

    function showNote(id) {
      var field = noteFields.get(id);
      var text = notes.get(id) || "";
      field.printed.hidden = !text.trim();
      if (field.printedText.textContent !== text) field.printedText.textContent = text;
    }

    built.fieldsets.forEach(function (fieldset) {
      var details = fieldset.querySelector("details.playbook-note");
      var textarea = details.querySelector("textarea[data-note]");
      var id = textarea.getAttribute("data-note");
      var printedText = el("span", { "class": "playbook-note__text" });
      var printed = el("p", { "class": "playbook-note__print", hidden: "" }, [el("strong", {}, ["Note: "]), printedText]);
      details.parentNode.insertBefore(printed, details.nextSibling);
      noteFields.set(id, { details: details, textarea: textarea, printed: printed, printedText: printedText });
      keepKeys(textarea);
      textarea.addEventListener("input", function () {
        if (textarea.value) notes.set(id, textarea.value);
        else notes.delete(id);
        showNote(id);
        save();
      });
      details.hidden = false;
    });

    // -- the result ---------------------------------------------------------------

    function setStatus(message, kind, details) {
      status.textContent = "";
      status.className = "playbook-form__status" + (kind ? " playbook-form__status--" + kind : "");
      if (!message) return;
      status.appendChild(el("p", {}, [message]));
      if (details && details.length) {
        status.appendChild(el("ul", {}, details.map(function (d) { return el("li", {}, [d]); })));
      }
    }

    function itemLink(item) {
      return el("a", { href: "#" + item.id }, [item.question]);
    }

    var STATUS_LABELS = { open: "Open", done: "Done", dropped: "Dropped" };
    var CARRY_LABELS = { open: "Still open", done: "Done", dropped: "Dropped" };

    function blankAction() {
      return { owner: "", due: "", status: rules.answersFile.actionStatuses[0], done: "", note: null };
    }

    /**
     * The owner line of an action, as the CLI's reports write it: "Priya (due 2026-12-01)" or "unowned";
     * a closed one says how it ended: "Priya, done 2026-11-30", "Kim, dropped: hiring freeze".
     */
    function ownerLine(id) {
      var action = actions.get(id);
      var owner = answersFile.ownerOf(action);
      if (!owner) return "unowned";
      var line = owner + (action.due ? " (due " + action.due + ")" : "");
      if (action.status === "done") line += ", done" + (action.done ? " " + action.done : "");
      else if (action.status !== rules.answersFile.actionStatuses[0]) line += ", " + action.status;
      return line + (action.note ? ": " + action.note : "");
    }

    /** A field's value, unless it is being typed in (a text box shows a note or owner on one line). */
    function showValue(field, value) {
      if (document.activeElement !== field && field.value !== value.replace(/[\r\n]/g, "")) field.value = value;
    }

    /** Show an action in every row it has: its fields, "unowned", and the printed line. */
    function showAction(id) {
      var action = actions.get(id) || blankAction();
      var line = ownerLine(id);
      [gapRows.get(id), previousRows.get(id)].forEach(function (row) {
        if (!row) return;
        if (row.owner) showValue(row.owner, action.owner);
        showValue(row.due, action.due);
        if (row.status.value !== action.status) row.status.value = action.status;
        if (row.done) {
          showValue(row.done, action.done);
          row.doneField.hidden = action.status !== "done";
        }
        showValue(row.note, action.note || "");
        if (row.unowned) row.unowned.hidden = answersFile.ownerOf(action) !== "";
        if (row.printedOwner.textContent !== line) row.printedOwner.textContent = line;
      });
    }

    /** Keep what a field says about an action; an action with nothing left in it goes. */
    function changeAction(id, change) {
      var action = actions.get(id) || blankAction();
      change(action);
      if (cleanAction(rules, action)) actions.set(id, action);
      else actions.delete(id);
      showAction(id);
      save();
    }

    function setAction(id, field, value) {
      changeAction(id, function (action) { action[field] = value; });
    }

    /**
     * A new status from a row. In a gap's row a done action is done today, as `playbook actions FILE
     * --done` closes it; in the previous checkpoint's list the status is the answer to carry it
     * with (actions.carry): done on this checkpoint's date, dropped, or still open.
     */
    function setActionStatus(id, status, carrying) {
      changeAction(id, function (action) {
        if (carrying) {
          var reopened = Object.assign({}, action, { status: rules.answersFile.actionStatuses[0], done: "" });
          var carried = answersFile.carryAction(reopened, checkpointDate(), status, null, null);
          Object.assign(action, carried, { due: carried.due || "", done: carried.done || "" });
        } else {
          action.status = status;
          action.done = status === "done" ? action.done || answersFile.today() : "";
        }
      });
    }

    /** The day this checkpoint is dated: its date field, else today (as the export writes it). */
    function checkpointDate() {
      return dateOf(dateInput.value) || answersFile.today();
    }

    function statusSelect(attribute, item, labels, label) {
      var select = el("select", { "class": "playbook-gap__input", "aria-label": label + item.question });
      select.setAttribute(attribute, item.id);
      rules.answersFile.actionStatuses.forEach(function (status) {
        select.appendChild(el("option", { value: status }, [hasOwn.call(labels, status) ? labels[status] : status]));
      });
      return select;
    }

    function field(label, input) {
      return el("label", { "class": "playbook-gap__field" }, [el("span", {}, [label]), input]);
    }

    /**
     * A gap's row (or an action's whose question is no longer a gap): the question, what was said, the
     * play, and fields for its owner, due date, status, done date and a note.
     */
    function gapRow(item) {
      if (gapRows.has(item.id)) return gapRows.get(item.id);
      var said = document.createTextNode("");
      var text = [itemLink(item), said];
      if (built.plays.has(item.id)) text.push(". Play: ", el("a", { href: built.plays.get(item.id) }, [item.playTitle || item.play]));
      var owner = el("input", {
        type: "text", "class": "playbook-gap__input", "data-owner": item.id, autocomplete: "off",
        "aria-label": "Owner for: " + item.question
      });
      var due = el("input", {
        type: "date", "class": "playbook-gap__input", "data-due": item.id,
        "aria-label": "Due date for: " + item.question
      });
      var status = statusSelect("data-status", item, STATUS_LABELS, "Status of the action for: ");
      var done = el("input", {
        type: "date", "class": "playbook-gap__input", "data-done": item.id,
        "aria-label": "Done date for: " + item.question
      });
      var doneField = field("Done on", done);
      var note = el("input", {
        type: "text", "class": "playbook-gap__input", "data-action-note": item.id, autocomplete: "off",
        "aria-label": "Note on the action for: " + item.question
      });
      var unowned = el("span", { "class": "playbook-gap__unowned" }, ["unowned"]);
      var printedOwner = el("span", {});
      var li = el("li", { "class": "playbook-gap", "data-item": item.id }, [
        el("span", { "class": "playbook-gap__text" }, text),
        el("span", { "class": "playbook-gap__fields" }, [
          field("Owner", owner), field("Due", due), field("Status", status), doneField, field("Note", note), unowned
        ]),
        el("span", { "class": "playbook-gap__print" }, ["Owner: ", printedOwner])
      ]);
      [owner, due, done, note].forEach(keepKeys);
      owner.addEventListener("input", function () { setAction(item.id, "owner", owner.value); });
      [due, done].forEach(function (input) {
        var key = input === due ? "due" : "done";
        ["input", "change"].forEach(function (type) {
          input.addEventListener(type, function () { setAction(item.id, key, dateOf(input.value)); });
        });
      });
      status.addEventListener("change", function () { setActionStatus(item.id, status.value, false); });
      note.addEventListener("input", function () { setAction(item.id, "note", note.value || null); });
      var row = {
        li: li, said: said, owner: owner, due: due, status: status, done: done, doneField: doneField, note: note,
        unowned: unowned, printedOwner: printedOwner
      };
      gapRows.set(item.id, row);
      showAction(item.id);
      return row;
    }

    // -- the previous checkpoint: its open actions, carried and asked about -----------------

    /** A row of the previous checkpoint's open actions: who had it and by when, and what became of it. */
    function previousRow(item, then) {
      var status = statusSelect("data-carry", item, CARRY_LABELS, "What became of the action for: ");
      var due = el("input", {
        type: "date", "class": "playbook-gap__input", "data-carry-due": item.id,
        "aria-label": "Due date now for: " + item.question
      });
      var note = el("input", {
        type: "text", "class": "playbook-gap__input", "data-carry-note": item.id, autocomplete: "off",
        "aria-label": "Note on the action for: " + item.question
      });
      var printedOwner = el("span", {});
      var li = el("li", { "class": "playbook-gap", "data-item": item.id }, [
        el("span", { "class": "playbook-gap__text" }, [
          itemLink(item), ": " + then.owner + (then.due ? ", due " + then.due : "")
        ]),
        el("span", { "class": "playbook-gap__fields" }, [field("Now", status), field("Due", due), field("Note", note)]),
        el("span", { "class": "playbook-gap__print" }, ["Now: ", printedOwner])
      ]);
      [due, note].forEach(keepKeys);
      status.addEventListener("change", function () { setActionStatus(item.id, status.value, true); });
      ["input", "change"].forEach(function (type) {
        due.addEventListener(type, function () { setAction(item.id, "due", dateOf(due.value)); });
      });
      note.addEventListener("input", function () { setAction(item.id, "note", note.value || null); });
      return { li: li, status: status, due: due, note: note, printedOwner: printedOwner };
    }

    /** Show the previous checkpoint's open actions, if one was imported. */
    function showPrevious() {
      previousRows.forEach(function (row) { row.li.remove(); });
      previousRows.clear();
      previousPanel.hidden = !previous || !previous.open.size;
      if (!previous) return;
      previousPanel.querySelector("[data-field=previous-title]").textContent =
        "Open actions from the previous checkpoint (" + previous.date + ")";
      var list = previousPanel.querySelector("[data-list=previous]");
      previous.open.forEach(function (then, id) {
        var row = previousRow(byId.get(id), then);
        previousRows.set(id, row);
        list.appendChild(row.li);
        showAction(id);
      });
    }

    /**
     * Put each list's rows in order ([[list, nodes], ...]), moving only those out of place. Rows are
     * kept per item id, so an owner being typed keeps its field; should the focused row itself move
     * (within a list, or from one list to another), focus goes back.
     */
    function placeRows(placements) {
      var active = document.activeElement;
      var start = null, end = null;
      try { start = active.selectionStart; end = active.selectionEnd; } catch (e) { /* no selection here */ }
      // Rows that leave go first, so that rows staying in order need not move at all.
      placements.forEach(function (placement) {
        Array.prototype.slice.call(placement[0].children).forEach(function (child) {
          if (placement[1].indexOf(child) === -1) placement[0].removeChild(child);
        });
      });
      placements.forEach(function (placement) {
        var list = placement[0];
        placement[1].forEach(function (node, index) {
          if (list.children[index] !== node) list.insertBefore(node, list.children[index] || null);
        });
      });
      if (active && active !== document.activeElement && panel.contains(active)) {
        active.focus({ preventScroll: true });
        try { if (start !== null) active.setSelectionRange(start, end); } catch (e) { /* not a text field */ }
      }
    }

    function score(answers) {
      return core.score(rules, checklist, [{ name: "you", answers: answers, notes: notes, actions: actions }]);
    }

    function render() {
      var state = readState();
      var result = score(state.answers);
      var bands = checklist.bands;
      var rank = result.band.id === bands[0].id ? "top" : result.band.id === bands[bands.length - 1].id ? "low" : "mid";
      var progress = result.answered + " of " + result.total + " answered, " +
        plural(result.blockers.length, "blocker", "blockers") + ", " + result.unknown.length + " unknown";
      panel.setAttribute("data-score", String(result.score));
      panel.setAttribute("data-band", result.band.id);
      var empty = state.answers.size === 0;
      [panel, bar].forEach(function (scope) {
        scope.querySelectorAll("[data-field=empty]").forEach(function (node) { node.hidden = !empty; });
        scope.querySelectorAll("[data-field=figures]").forEach(function (node) { node.hidden = empty; });
      });
      panel.querySelector("[data-role=details]").hidden = empty;
      clearButtons.forEach(function (button, id) { button.hidden = !state.answers.has(id); });
      [panel, bar].forEach(function (scope) {
        scope.querySelectorAll("[data-field=score]").forEach(function (node) {
          if (node.textContent !== String(result.score)) node.textContent = String(result.score);
        });
        scope.querySelectorAll("[data-field=band]").forEach(function (node) {
          if (node.textContent !== result.band.label) node.textContent = result.band.label;
          node.setAttribute("data-rank", rank);
        });
        scope.querySelectorAll("[data-field=progress]").forEach(function (node) {
          if (node.textContent !== progress) node.textContent = progress;
        });
      });
      fillList(panel.querySelector("[data-list=blockers]"), result.blockers, function (item) {
        return el("li", { "data-item": item.id }, [itemLink(item)]);
      }, "None.");
      fillList(panel.querySelector("[data-list=unknown]"), result.unknown, function (item) {
        return el("li", { "data-item": item.id }, [itemLink(item)]);
      }, "None.");
      var rows = panel.querySelector("[data-list=sections]");
      rows.textContent = "";
      result.sections.forEach(function (section) {
        rows.appendChild(el("tr", { "data-section": section.id }, [
          el("td", {}, [section.title]), el("td", { "class": "playbook-result__number" }, [String(section.score)])
        ]));
      });
      // Gaps are updated in place, row by row, so that typing an owner is never interrupted: the top
      // ones, then every other gap, then actions whose question is no longer a gap (each has fields).
      function rowOf(item) {
        var row = gapRow(item);
        var said = " (" + (state.answers.get(item.id) || "unanswered") + ", weight " + item.weight + ")";
        if (row.said.data !== said) row.said.data = said;
        showAction(item.id);
        return row.li;
      }
      var gapItems = result.gaps.map(function (gap) { return gap.item; });
      var nodes = gapItems.slice(0, rules.topGaps).map(rowOf);
      if (!nodes.length) {
        nodes.push(el("li", { "class": "playbook-result__none" }, ["No gaps: every applicable question is a yes."]));
      }
      var more = gapItems.slice(rules.topGaps).map(rowOf);
      var others = checklist.items.filter(function (item) {
        return actions.has(item.id) && gapItems.indexOf(item) === -1;
      }).map(rowOf);
      placeRows([[gapList, nodes], [moreGapList, more], [otherActionList, others]]);
      moreGapList.parentNode.hidden = !more.length;
      otherActionList.parentNode.hidden = !others.length;
      return state;
    }

    /** Keep the state in this browser; say so if the browser will not. */
    function save() {
      var state = readState();
      undo = null;
      if (!store(checklist, state)) {
        setStatus("This browser does not let the page keep your answers: export them before you leave.", "warning");
      } else if (status.querySelector("button")) {
        setStatus("");
      }
      return state;
    }

    function changed() {
      render();
      save();
    }

    function exportFile() {
      var state = readState();
      var text = answersFile.dumpAnswers(checklist, state);
      var who = (state.respondent || "answers").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
      var name = checklist.id + "-" + (who || "answers") + ".yaml";
      var url = URL.createObjectURL(new Blob([text], { type: "text/yaml;charset=utf-8" }));
      var link = el("a", { href: url, download: name, hidden: "" });
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
      var owners = 0;
      var warnings = [];
      state.actions.forEach(function (action, id) {
        if (answersFile.ownerOf(action)) owners += 1;
        else warnings.push("The action for '" + byId.get(id).question + "' is not in the file: it has no owner.");
      });
      var notesKept = 0;
      state.notes.forEach(function (note) { if (note.trim()) notesKept += 1; });
      setStatus("Exported " + name + " with " + plural(state.answers.size, "answer", "answers") +
        (notesKept ? ", " + plural(notesKept, "note", "notes") : "") +
        (owners ? ", " + plural(owners, "owner", "owners") : "") +
        ". Score it in a terminal with: playbook score " + name, warnings.length ? "warning" : "ok", warnings);
    }

    /** Read an answers file as `playbook score` would; show its problems (at most ten) or load it. */
    function importBytes(bytes, fileName) {
      var read = answersFile.readAnswers(bytes, fileName, rules);
      var problems = read.ok ? [] : read.problems;
      if (read.ok && read.answers.checklist !== checklist.id) {
        problems = [{ path: fileName, line: null, column: null, hint: null,
          message: "it answers the checklist '" + read.answers.checklist + "', and this page is '" + checklist.id + "'" }];
      }
      if (problems.length) {
        setStatus("Could not import " + fileName + ": nothing was changed.", "error", answersFile.shownProblems(problems));
        return false;
      }
      var parsed = read.answers;
      var warnings = answersFile.shownProblems(answersFile.checkAnswers(parsed, checklist));
      var kept = { answers: new Map(), notes: new Map(), actions: new Map() };
      ["answers", "notes", "actions"].forEach(function (table) {
        parsed[table].forEach(function (value, id) {
          if (!byId.has(id)) return; // a warning above says so
          kept[table].set(id, table === "actions" ? cleanAction(rules, value) : value);
        });
      });
      applyState({
        answers: kept.answers, team: parsed.team || "", respondent: parsed.respondent || "",
        notes: kept.notes, actions: kept.actions, date: parsed.date || "", updated: parsed.updated || ""
      });
      changed();
      var counts = [plural(kept.answers.size, "answer", "answers")];
      if (kept.notes.size) counts.push(plural(kept.notes.size, "note", "notes"));
      if (kept.actions.size) counts.push(plural(kept.actions.size, "owner", "owners"));
      var last = counts.pop();
      setStatus("Imported " + (counts.length ? counts.join(", ") + " and " : "") + last + " from " + fileName + ".",
        warnings.length ? "warning" : "ok", warnings);
      return true;
    }

    /**
     * Import the previous checkpoint's file: carry its actions into these answers and list its open
     * ones to be marked, as `playbook run --since` does (actions.check_previous, actions.carry).
     */
    function importPrevious(bytes, fileName) {
      var read = answersFile.readAnswers(bytes, fileName, rules);
      var problems = read.ok ? [] : read.problems;
      var on = checkpointDate();
      if (read.ok) {
        var why = answersFile.previousProblem(read.answers, { checklist: checklist.id, date: on, team: teamInput.value });
        if (why) problems = [{ path: fileName, line: null, column: null, message: why.message, hint: why.hint }];
      }
      if (problems.length) {
        setStatus("Could not import " + fileName + " as the previous checkpoint: nothing was changed.", "error",
          answersFile.shownProblems(problems));
        return false;
      }
      var parsed = read.answers;
      var warnings = answersFile.shownProblems(answersFile.checkAnswers(parsed, checklist));
      if (!teamInput.value.trim() && parsed.team) teamInput.value = parsed.team; // the same team as last time
      var open = new Map();
      var carried = 0;
      checklist.items.forEach(function (item) {
        var then = parsed.actions.get(item.id);
        if (!then || actions.has(item.id)) return; // one recorded here already is not carried again
        actions.set(item.id, cleanAction(rules, answersFile.carryAction(then, on)));
        carried += 1;
        if (answersFile.statusOf(then) === rules.answersFile.actionStatuses[0]) open.set(item.id, cleanAction(rules, then));
      });
      previous = { date: parsed.date, name: fileName, open: open };
      showPrevious();
      changed();
      setStatus("Carried " + plural(carried, "action", "actions") + " from " + fileName + " (" + parsed.date + "), " +
        open.size + " of them open: mark each done, still open or dropped.", warnings.length ? "warning" : "ok", warnings);
      return true;
    }

    function reset() {
      var previous = readState();
      applyState(null);
      render();
      store(checklist, readState());
      setStatus("Cleared all answers, notes and owners.", "ok");
      undo = previous;
      var button = el("button", { type: "button", "class": "md-button", "data-action": "undo" }, ["Undo"]);
      button.addEventListener("click", function () {
        if (!undo) return;
        applyState(undo);
        changed();
        setStatus("Answers restored.", "ok");
        // The Undo button is gone with the old message: keep the keyboard where it was, not on the page.
        form.querySelector("[data-action=reset]").focus();
      });
      status.firstChild.appendChild(document.createTextNode(" "));
      status.firstChild.appendChild(button);
    }

    // Wire up.
    document.querySelectorAll(".playbook-item input[type=radio]").forEach(function (input) {
      input.addEventListener("change", changed);
      keepKeys(input);
    });
    [teamInput, respondentInput].forEach(function (input) { input.addEventListener("input", changed); });
    ["input", "change"].forEach(function (type) { dateInput.addEventListener(type, changed); });
    keepKeys(dateInput);
    document.querySelectorAll("#playbook-form [data-action=export], #playbook-result [data-action=export]").forEach(
      function (button) { button.addEventListener("click", exportFile); });
    document.querySelectorAll("#playbook-form [data-action=print], #playbook-result [data-action=print]").forEach(
      function (button) { button.addEventListener("click", function () { window.print(); }); });
    built.fieldsets.forEach(function (fieldset) {
      var button = fieldset.querySelector("[data-clear]");
      var id = button.getAttribute("data-clear");
      clearButtons.set(id, button);
      button.addEventListener("click", function () {
        Array.prototype.forEach.call(radios(id), function (input) { input.checked = false; });
        changed();
        radios(id)[0].focus(); // the button hides once there is no answer to clear
      });
    });
    form.querySelector("[data-action=reset]").addEventListener("click", reset);
    /** Read the file chosen in `input` and give its bytes to `importer` (importBytes, importPrevious). */
    function importChosen(input, importer) {
      var file = input.files && input.files[0];
      if (!file) return;
      if (file.size > rules.answersFile.maxBytes) {
        // Not read at all: the same refusal the reader gives, without loading a large file.
        importer(new Uint8Array(rules.answersFile.maxBytes + 1), file.name);
        input.value = "";
        return;
      }
      var reader = new FileReader();
      reader.onload = function () {
        try {
          importer(new Uint8Array(reader.result), file.name);
        } catch (e) {
          setStatus("Could not import " + file.name + ": " + e.message, "error");
        }
        input.value = ""; // choosing the same file again still imports it
      };
      reader.onerror = function () {
        setStatus("Could not read " + file.name + ".", "error");
        input.value = "";
      };
      reader.readAsArrayBuffer(file);
    }
    importInput.addEventListener("change", function () { importChosen(importInput, importBytes); });
    previousInput.addEventListener("change", function () { importChosen(previousInput, importPrevious); });

    applyState(loadStored(checklist));
    render();
    form.hidden = false;
    panel.hidden = false;
    bar.hidden = false;
    document.documentElement.classList.add("playbook-form-ready");
    // A link to one question (#item-id) arrived before the form was built: show that question again.
    if (location.hash) {
      var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (target) target.scrollIntoView();
    }

    function stateObjects(state) {
      var actionsOut = {};
      state.actions.forEach(function (action, id) {
        var value = {
          owner: action.owner, due: action.due || "", status: action.status || rules.answersFile.actionStatuses[0],
          done: action.done || "", note: typeof action.note === "string" ? action.note : null
        };
        Object.defineProperty(actionsOut, id, { value: value, enumerable: true });
      });
      return {
        answers: toObject(state.answers), team: state.team, respondent: state.respondent,
        notes: toObject(state.notes), actions: actionsOut, date: state.date || "", updated: state.updated || ""
      };
    }

    // For tests and the curious: the page's own functions, over plain objects.
    window.playbookForm = {
      checklist: checklist,
      rules: rules,
      score: function (someChecklist, answers) {
        return core.score(rules, someChecklist, [{ name: "you", answers: toMap(answers) }]);
      },
      dump: function (someChecklist, state, date) {
        var actionsIn = new Map();
        toMap(state.actions).forEach(function (action, id) { actionsIn.set(id, action); });
        return answersFile.dumpAnswers(someChecklist, {
          answers: toMap(state.answers), team: state.team, respondent: state.respondent,
          notes: toMap(state.notes), actions: actionsIn, date: state.date, updated: state.updated
        }, date);
      },
      parse: function (text) {
        var read = answersFile.readAnswersText(text, "answers.yaml", rules);
        if (!read.ok) return { errors: answersFile.shownProblems(read.problems, Infinity), answers: {}, notes: {}, actions: {} };
        var objects = stateObjects(read.answers);
        return { errors: [], checklist: read.answers.checklist, answers: objects.answers, notes: objects.notes, actions: objects.actions };
      },
      importText: function (text, fileName) { return importBytes(new TextEncoder().encode(text), fileName); },
      importPreviousText: function (text, fileName) { return importPrevious(new TextEncoder().encode(text), fileName); },
      state: function () { return stateObjects(readState()); }
    };
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
