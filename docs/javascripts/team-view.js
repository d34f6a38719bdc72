/*
 * The team view of a checklist page (#team-view): a facilitator imports everyone's answers files,
 * links or codes, sees the team result `playbook score a.yaml b.yaml` gives, talks the misaligned
 * items through one at a time, and exports what the team agreed as an answers file. On the form, a
 * respondent can copy their answers as a link or a short code instead of a file.
 *
 * A mode of the checklist page, built in the browser from the data the page carries (the checklist,
 * with `anonymous`, and the rules), so every engine serves it the same way. Rules are
 * PlaybookTeam's and PlaybookCore's, tested in Node (tests/js/team.test.js); this file holds page
 * code only. Nothing leaves the browser: the session is kept in localStorage, and a link carries
 * the answers in its fragment, which a browser never sends. Text from files only ever reaches the
 * page through textContent, a field's value or setAttribute.
 */
(function () {
  "use strict";

  var core = window.PlaybookCore;
  var answersFile = window.PlaybookAnswers;
  var team = window.PlaybookTeam;
  var el = window.PlaybookDom.el;
  var fillList = window.PlaybookDom.fillList;
  var readData = window.PlaybookDom.readData;
  var MODE_HASH = "#team-view";
  var ANSWER_LABELS = { yes: "Yes", partly: "Partly", no: "No", unknown: "Unknown", "n/a": "n/a", unanswered: "No answer" };
  var DEFAULT_MINUTES = 3;
  var GAPS_NOTE = "Biggest first: weight times what is missing from the team's answers. Each links to the play that closes it.";

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }
  function label(word) { return Object.prototype.hasOwnProperty.call(ANSWER_LABELS, word) ? ANSWER_LABELS[word] : word; }

  /** Keep typing keys in a field: Material reads letters as site shortcuts (n = next page, s = search). */
  function keepKeys(input) {
    input.addEventListener("keydown", function (event) {
      if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) event.stopPropagation();
    });
  }

  function toBase64(bytes) {
    var text = "";
    for (var i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(text);
  }

  function fromBase64(text) {
    var plain = atob(text);
    var bytes = new Uint8Array(plain.length);
    for (var i = 0; i < plain.length; i++) bytes[i] = plain.charCodeAt(i);
    return bytes;
  }

  function download(name, text, type) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var link = el("a", { href: url, download: name, hidden: "" });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  // -- kept in this browser --------------------------------------------------------------------------

  function storageKey(checklist) { return "playbook:team:" + checklist.id + ":v" + checklist.version; }

  function emptySession() {
    return { files: [], rejected: [], agreed: {}, previous: null, minutes: DEFAULT_MINUTES, large: false };
  }

  function loadSession(checklist) {
    try {
      var data = JSON.parse(window.localStorage.getItem(storageKey(checklist)) || "null");
      if (!data || typeof data !== "object" || !Array.isArray(data.files)) return emptySession();
      var session = emptySession();
      session.files = data.files.filter(function (f) { return f && typeof f.name === "string" && typeof f.data === "string"; })
        .map(function (f) { return { name: f.name, bytes: fromBase64(f.data) }; });
      session.rejected = Array.isArray(data.rejected) ? data.rejected : [];
      session.agreed = data.agreed && typeof data.agreed === "object" ? data.agreed : {};
      session.previous = data.previous && typeof data.previous.data === "string"
        ? { name: String(data.previous.name), bytes: fromBase64(data.previous.data) } : null;
      session.minutes = Number(data.minutes) > 0 ? Number(data.minutes) : DEFAULT_MINUTES;
      session.large = Boolean(data.large);
      return session;
    } catch (e) {
      return emptySession(); // storage blocked or corrupt: start empty
    }
  }

  function saveSession(checklist, session) {
    try {
      window.localStorage.setItem(storageKey(checklist), JSON.stringify({
        files: session.files.map(function (f) { return { name: f.name, data: toBase64(f.bytes) }; }),
        rejected: session.rejected, agreed: session.agreed, minutes: session.minutes, large: session.large,
        previous: session.previous && { name: session.previous.name, data: toBase64(session.previous.bytes) }
      }));
      return true;
    } catch (e) {
      return false;
    }
  }

  // -- the page ----------------------------------------------------------------------------------------

  function init() {
    var checklist = readData("playbook-checklist");
    var rules = readData("playbook-rules");
    if (!checklist || !rules || !core || !answersFile || !team) return;
    var anonymous = Boolean(checklist.anonymous);
    var byId = new Map();
    checklist.items.forEach(function (item) { byId.set(item.id, item); });
    var heading = document.querySelector(".md-content h1") || document.querySelector("h1");
    if (!heading) return;
    var session = loadSession(checklist);
    var discussing = -1; // index into the discussion order, -1 when not discussing
    var revealed = false;

    /** The play's address, as the page rendered it under the question (the engine knows its URLs). */
    function playHref(item) {
      if (!item.play) return null;
      var block = document.getElementById(item.id);
      var links = block ? block.querySelectorAll("a[href]") : [];
      for (var i = links.length - 1; i >= 0; i--) {
        var href = links[i].getAttribute("href");
        if (href && href.charAt(0) !== "#") return href;
      }
      return null;
    }

    function playLink(item) {
      var href = playHref(item);
      if (!href) return null;
      return el("a", { href: href, "class": "playbook-team__play" }, ["Play: " + (item.playTitle || item.play)]);
    }

    // -- the way in: a link on the page, and "copy my answers as a link" on the form ------------------

    var entry = el("p", { "class": "playbook-team-entry", "data-search-exclude": "" }, [
      "Running this with a team? ",
      el("a", { href: MODE_HASH, "data-action": "team-view" }, ["Open the team view"]),
      ": import everyone's answers, see where you agree and where you do not, and talk it through."
    ]);
    heading.parentNode.insertBefore(entry, heading.nextSibling);
    addShareToForm();

    // -- the team view ---------------------------------------------------------------------------------

    var fileInputId = "playbook-team-files";
    var view = el("section", {
      "class": "playbook-team", id: "team-view", "aria-labelledby": "playbook-team-title", "data-search-exclude": "",
      hidden: ""
    }, [
      el("p", { "class": "playbook-team__back" }, [el("a", { href: "#fill-it-in", "data-action": "leave-team" }, ["Back to the checklist"])]),
      el("h2", { id: "playbook-team-title", tabindex: "-1" }, ["Team view"]),
      el("p", {}, [
        "Collect everyone's answers: their exported answers files, or the links and codes they copied from this page. " +
        "You see the same team result as ", el("code", {}, ["playbook score"]), " with all the files. " +
        "Everything stays in this browser: nothing is uploaded."
        + (anonymous ? " This checklist is anonymous: no one's name is shown next to an answer." : "")
      ]),
      el("div", { "class": "playbook-team__import", "data-role": "drop" }, [
        el("div", { "class": "playbook-form__actions" }, [
          el("input", {
            type: "file", id: fileInputId, "class": "playbook-form__file", "data-action": "import-team", multiple: "",
            accept: ".yaml,.yml,text/yaml,application/x-yaml"
          }),
          el("label", { "for": fileInputId, "class": "md-button md-button--primary" }, ["Choose answers files"]),
          el("span", { "class": "playbook-team__drop-hint" }, ["or drop them here (several at once)"])
        ]),
        el("label", { "for": "playbook-team-paste" }, ["Or paste answers links or codes, one a line"]),
        el("textarea", { id: "playbook-team-paste", rows: "2", "data-field-input": "team-links", "class": "playbook-team__paste" }),
        el("div", { "class": "playbook-form__actions" }, [
          el("button", { type: "button", "class": "md-button", "data-action": "add-team-links" }, ["Add pasted answers"])
        ])
      ]),
      el("div", { "class": "playbook-form__status", "data-role": "team-status", role: "status", "aria-live": "polite" }),
      el("div", { "class": "playbook-team__files", "data-role": "files" }, [
        el("h3", { id: "playbook-team-files-title", "data-field": "files-summary" }, ["Files"]),
        el("ul", { "data-list": "team-files", "aria-labelledby": "playbook-team-files-title" })
      ]),
      el("div", { "data-role": "rejected", hidden: "" }, [
        el("h3", { id: "playbook-team-rejected" }, ["Not counted"]),
        el("p", {}, ["The command line would refuse these too. Ask for them again, or remove them from this list."]),
        el("ul", { "data-list": "rejected", "aria-labelledby": "playbook-team-rejected" })
      ]),
      el("div", { "class": "playbook-team__empty", "data-role": "empty" }, [
        el("p", {}, ["No answers yet: the team result shows here once you add the first file."])
      ]),
      el("div", { "class": "playbook-team__result", "data-role": "result", hidden: "" }, [
        el("p", { "class": "playbook-team__summary", "data-role": "summary" }),
        el("div", { "class": "playbook-form__actions" }, [
          el("button", { type: "button", "class": "md-button md-button--primary", "data-action": "discuss" }, ["Start the discussion"]),
          el("button", { type: "button", "class": "md-button", "data-action": "export-team" }, ["Export agreed answers"]),
          el("button", { type: "button", "class": "md-button", "data-action": "download-team-report" }, ["Download the team report"]),
          el("button", { type: "button", "class": "md-button", "data-action": "print-team" }, ["Print the team view"]),
          el("button", { type: "button", "class": "md-button", "data-action": "large-type", "aria-pressed": "false" }, ["Large type"])
        ]),
        el("section", { "class": "playbook-discussion", "data-role": "discussion", "aria-labelledby": "playbook-discussion-title", hidden: "" }),
        el("h3", { id: "playbook-team-talk" }, ["Worth a conversation"]),
        el("p", { "data-field": "talk-note" }, ["People answered these far apart (a spread of a half or more): talk them through, biggest spread first."]),
        el("ul", { "class": "playbook-result__list", "data-list": "misaligned", "aria-labelledby": "playbook-team-talk" }),
        el("h3", { id: "playbook-team-blockers" }, ["Blockers"]),
        el("p", {}, ["Critical questions the team, on average, answered below partly: while any remain, the result stays in the lowest band."]),
        el("ul", { "class": "playbook-result__list", "data-list": "team-blockers", "aria-labelledby": "playbook-team-blockers" }),
        el("h3", { id: "playbook-team-unknown" }, ["Unknown"]),
        el("p", {}, ["Questions someone answered unknown: not knowing is a gap in shared understanding."]),
        el("ul", { "class": "playbook-result__list", "data-list": "team-unknown", "aria-labelledby": "playbook-team-unknown" }),
        el("h3", {}, ["Sections"]),
        el("table", { "class": "playbook-team__sections" }, [
          el("thead", {}, [el("tr", {}, [el("th", { scope: "col" }, ["Section"]), el("th", { scope: "col" }, ["Score"])])]),
          el("tbody", { "data-list": "team-sections" })
        ]),
        el("h3", { id: "playbook-team-gaps" }, ["Gaps"]),
        el("p", { "data-field": "gaps-note" }, [GAPS_NOTE]),
        el("ol", { "class": "playbook-result__list", "data-list": "team-gaps", "aria-labelledby": "playbook-team-gaps" }),
        el("div", { "data-role": "other-notes", hidden: "" }, [
          el("h3", { id: "playbook-team-other-notes" }, ["Other notes"]),
          el("p", {}, ["Notes on items that are not gaps."]),
          el("ul", { "class": "playbook-result__list", "data-list": "team-other-notes", "aria-labelledby": "playbook-team-other-notes" })
        ])
      ]),
      el("h3", { id: "playbook-team-previous-title" }, ["The previous checkpoint's open actions"]),
      el("p", {}, ["Import one answers file of the last checkpoint (the agreed one, if you exported it) to see what was left open."]),
      el("div", { "class": "playbook-form__actions" }, [
        el("input", {
          type: "file", id: "playbook-team-previous", "class": "playbook-form__file", "data-action": "import-team-previous",
          accept: ".yaml,.yml,text/yaml,application/x-yaml"
        }),
        el("label", { "for": "playbook-team-previous", "class": "md-button" }, ["Import previous checkpoint"])
      ]),
      el("ul", { "class": "playbook-result__list", "data-list": "team-previous", "aria-labelledby": "playbook-team-previous-title" })
    ]);
    entry.parentNode.insertBefore(view, entry.nextSibling);

    var status = view.querySelector("[data-role=team-status]");
    var discussion = view.querySelector("[data-role=discussion]");
    var fileInput = view.querySelector("[data-action=import-team]");
    var paste = view.querySelector("[data-field-input=team-links]");
    keepKeys(paste);

    function setStatus(message, kind, details) {
      status.textContent = "";
      status.className = "playbook-form__status" + (kind ? " playbook-form__status--" + kind : "");
      if (!message) return;
      status.appendChild(el("p", {}, [message]));
      if (details && details.length) status.appendChild(el("ul", {}, details.map(function (d) { return el("li", {}, [d]); })));
    }

    function describe(problem) {
      return answersFile.describe(problem) + (problem.hint ? " (" + problem.hint + ")" : "");
    }

    function collected() { return team.collect(rules, checklist, session.files, anonymous); }

    function save() {
      if (!saveSession(checklist, session)) {
        setStatus("This browser does not let the page keep the session: export the agreed answers before you leave.", "warning");
      }
    }

    /** Add files ({name, bytes}) to the session: those the CLI would refuse are listed, not kept. */
    function addFiles(files) {
      var before = collected();
      var candidate = team.collect(rules, checklist, session.files.concat(files), anonymous);
      var refused = candidate.rejected.filter(function (r) { return before.rejected.every(function (b) { return b.name !== r.name; }); });
      files.forEach(function (file) {
        var reason = refused.filter(function (r) { return r.name === file.name; })[0];
        if (reason) session.rejected.push({ name: file.name, reason: describe(reason.problem) });
        else session.files.push(file);
      });
      var after = collected();
      var added = after.accepted.length - before.accepted.length;
      var copies = after.duplicates.length - before.duplicates.length;
      var details = after.duplicates.slice(before.duplicates.length).map(function (d) { return describe(d.problem); })
        .concat(refused.map(function (r) { return r.name + " was not counted: " + describe(r.problem); }));
      setStatus("Added " + plural(added, "respondent", "respondents") + (copies ? ", " + plural(copies, "copy", "copies") + " counted once" : "") +
        (refused.length ? ", " + plural(refused.length, "file", "files") + " not counted" : "") + ".",
        refused.length || copies ? "warning" : "ok", details);
      save();
      render();
    }

    function readFiles(list) {
      var files = Array.prototype.slice.call(list || []);
      if (!files.length) return;
      Promise.all(files.map(function (file) {
        if (file.size > rules.answersFile.maxBytes) {
          // Not read at all: the same refusal the reader gives, without loading a large file.
          return Promise.resolve({ name: file.name, bytes: new Uint8Array(rules.answersFile.maxBytes + 1) });
        }
        return file.arrayBuffer().then(function (buffer) { return { name: file.name, bytes: new Uint8Array(buffer) }; },
          function () { return { name: file.name, bytes: null }; });
      })).then(function (read) {
        var unreadable = read.filter(function (f) { return f.bytes === null; });
        unreadable.forEach(function (f) { session.rejected.push({ name: f.name, reason: f.name + ": cannot read the file" }); });
        addFiles(read.filter(function (f) { return f.bytes !== null; }));
      });
    }

    fileInput.addEventListener("change", function () {
      readFiles(fileInput.files);
      fileInput.value = ""; // choosing the same files again still imports them
    });
    var drop = view.querySelector("[data-role=drop]");
    ["dragenter", "dragover"].forEach(function (type) {
      drop.addEventListener(type, function (event) {
        event.preventDefault();
        drop.classList.add("playbook-team__import--over");
      });
    });
    ["dragleave", "drop"].forEach(function (type) {
      drop.addEventListener(type, function () { drop.classList.remove("playbook-team__import--over"); });
    });
    drop.addEventListener("drop", function (event) {
      event.preventDefault();
      readFiles(event.dataTransfer && event.dataTransfer.files);
    });

    view.querySelector("[data-action=add-team-links]").addEventListener("click", function () {
      var lines = paste.value.split(/\s+/).filter(Boolean);
      if (!lines.length) {
        setStatus("Paste a link or a code first: a respondent copies theirs from the form on this page.", "warning");
        return;
      }
      Promise.all(lines.map(function (line) { return team.decodeAnswers(checklist, line); })).then(function (decoded) {
        var files = [];
        decoded.forEach(function (d, index) {
          if (d.ok) files.push({ name: d.name, bytes: d.bytes });
          else session.rejected.push({ name: d.name || "pasted " + lines[index].slice(0, 24), reason: d.message });
        });
        paste.value = "";
        addFiles(files);
      });
    });

    // -- showing the result ------------------------------------------------------------------------------

    function spreadText(entry) {
      if (entry.spread === null) return "";
      var words = entry.counts ? entry.counts.map(function (c) { return c[0]; })
        : entry.answers ? entry.answers.map(function (a) { return a[1]; }) : null;
      var apart = entry.spread === 1 ? "a whole answer apart" : "half an answer apart";
      return "Spread " + entry.spread + ": " + apart + (words && words.length ? " (" + words.map(label).join(", ") + ")" : "");
    }

    function whoSaid(entry, result) {
      if (entry.answers) return entry.answers.map(function (a) { return a[0] + ": " + label(a[1]); }).join("; ");
      if (entry.counts) return entry.counts.map(function (c) { return label(c[0]) + " " + c[1]; }).join(", ");
      return withheldText(result);
    }

    function withheldText(result) {
      return "Anonymous, and fewer than " + rules.anonymousMinRespondents + " people answered (" + result.respondents.length +
        "): each item's team value, how many chose each answer, how far apart, the unknowns and the notes stay hidden.";
    }

    var lastResult = null;

    function render() {
      var got = collected();
      view.querySelector("[data-field=files-summary]").textContent =
        "Files: " + plural(got.accepted.length, "respondent", "respondents") +
        (got.duplicates.length ? ", " + plural(got.duplicates.length, "copy", "copies") + " counted once" : "");
      var fileList = view.querySelector("[data-list=team-files]");
      fileList.textContent = "";
      session.files.forEach(function (file, index) {
        var which = got.accepted.indexOf(got.accepted.filter(function (a) { return a.name === file.name && a.bytes === file.bytes; })[0]);
        var note = which !== -1 ? (anonymous ? "respondent " + (which + 1) : (file.name === nameOf(got.accepted[which]) ? "" : nameOf(got.accepted[which])))
          : "a copy: counted once";
        fileList.appendChild(el("li", { "data-file": file.name }, [
          el("span", {}, [file.name + (note ? " (" + note + ")" : "")]), " ",
          el("button", { type: "button", "class": "md-button playbook-team__remove", "data-action": "remove-file", "data-index": String(index) },
            ["Remove", el("span", { "class": "playbook-unseen" }, [" " + file.name])])
        ]));
      });
      var rejectedBox = view.querySelector("[data-role=rejected]");
      rejectedBox.hidden = !session.rejected.length;
      var rejectedList = view.querySelector("[data-list=rejected]");
      rejectedList.textContent = "";
      session.rejected.forEach(function (rejected, index) {
        // The reason names the file first, as the command line does: the name is shown once, in bold.
        var reason = String(rejected.reason);
        var named = reason.indexOf(rejected.name + ":") === 0;
        rejectedList.appendChild(el("li", { "data-rejected": rejected.name }, [
          el("strong", {}, [rejected.name]), named ? reason.slice(rejected.name.length) : ": " + reason, " ",
          el("button", { type: "button", "class": "md-button playbook-team__remove", "data-action": "dismiss-rejected", "data-index": String(index) },
            ["Remove", el("span", { "class": "playbook-unseen" }, [" " + rejected.name + " from this list"])])
        ]));
      });
      var resultBox = view.querySelector("[data-role=result]");
      var empty = !got.accepted.length;
      view.querySelector("[data-role=empty]").hidden = !empty;
      resultBox.hidden = empty;
      if (empty) {
        lastResult = null;
        stopDiscussion();
        return;
      }
      var result = team.teamResult(rules, checklist, got.accepted, anonymous);
      lastResult = result;
      var bands = checklist.bands;
      var rank = result.band.id === bands[0].id ? "top" : result.band.id === bands[bands.length - 1].id ? "low" : "mid";
      var summary = view.querySelector("[data-role=summary]");
      summary.textContent = "";
      summary.append(
        el("span", { "class": "playbook-team__figure" }, ["Team score ", el("strong", { "data-score": String(result.score) }, [String(result.score)]), "/100"]), " ",
        el("span", { "class": "playbook-band", "data-band": result.band.id, "data-rank": rank }, [result.band.label]), " ",
        el("span", { "class": "playbook-team__figure" }, ["Alignment ",
          el("strong", { "data-alignment": result.alignment === null ? "" : String(result.alignment) },
            [result.alignment === null ? "none yet" : String(result.alignment) + "/100"])]), " ",
        el("span", { "class": "playbook-team__figure", "data-field": "respondents" }, [
          plural(result.respondents.length, "respondent", "respondents") + (anonymous ? " (anonymous)" : ": " + result.respondents.join(", "))])
      );
      view.querySelector("[data-field=talk-note]").textContent = result.withheld
        ? "People answered these far apart: talk them through, in the checklist's order (which is furthest apart stays hidden)."
        : "People answered these far apart (a spread of a half or more): talk them through, biggest spread first.";
      fillList(view.querySelector("[data-list=misaligned]"), result.misaligned, function (entry) {
        var li = el("li", { "data-misaligned": entry.item.id }, [
          el("a", { href: "#" + entry.item.id }, [entry.item.question]), " ",
          el("span", { "class": "playbook-team__spread" }, [spreadText(entry)]),
          el("br"), el("span", { "class": "playbook-team__said" }, [whoSaid(entry, result)])
        ]);
        var agreed = session.agreed[entry.item.id];
        if (agreed && agreed.answer) li.appendChild(el("span", { "class": "playbook-team__agreed" }, [" Agreed: " + label(agreed.answer)]));
        return li;
      }, result.respondents.length < 2 ? "Add a second respondent to see where people differ." : "None: everyone answered within half an answer.");
      var itemLi = function (item) { return el("li", { "data-item": item.id }, [el("a", { href: "#" + item.id }, [item.question])]); };
      fillList(view.querySelector("[data-list=team-blockers]"), result.blockers, itemLi, "None.");
      if (result.unknown === null) {
        fillList(view.querySelector("[data-list=team-unknown]"), [], itemLi, withheldText(result));
      } else {
        fillList(view.querySelector("[data-list=team-unknown]"), result.unknown, itemLi, "None.");
      }
      var rows = view.querySelector("[data-list=team-sections]");
      rows.textContent = "";
      result.sections.forEach(function (section) {
        rows.appendChild(el("tr", { "data-section": section.id }, [
          el("td", {}, [section.title]), el("td", { "class": "playbook-result__number" }, [String(section.score)])
        ]));
      });
      fillList(view.querySelector("[data-list=team-gaps]"), result.gaps, function (gap) {
        var value = gap.halves === null ? null : Math.round(100 * gap.halves / (2 * gap.count));
        return el("li", { "data-gap": gap.item.id }, [
          el("a", { href: "#" + gap.item.id }, [gap.item.question]),
          value === null ? " (weight " + gap.item.weight + ")" : " (team value " + value + "%, weight " + gap.item.weight + ")",
          gap.owner ? " Owner: " + gap.owner + (gap.due ? ", due " + gap.due : "") + "." : null,
          playLink(gap.item) ? " " : null, playLink(gap.item),
          gap.note ? el("br") : null, gap.note ? el("span", { "class": "playbook-team__note" }, ["Notes: " + gap.note]) : null
        ]);
      }, "None: the team answered yes to everything that applies.");
      view.querySelector("[data-field=gaps-note]").textContent = result.withheld
        ? "In the checklist's order (which is biggest stays hidden). Each links to the play that closes it." : GAPS_NOTE;
      // Notes on items that are not gaps (the CLI's "Other notes"): none when withheld or when there are none.
      var otherNotes = result.notes || [];
      view.querySelector("[data-role=other-notes]").hidden = !otherNotes.length;
      fillList(view.querySelector("[data-list=team-other-notes]"), otherNotes, function (entry) {
        return el("li", { "data-note-item": entry.item.id }, [
          el("a", { href: "#" + entry.item.id }, [entry.item.question]),
          el("br"), el("span", { "class": "playbook-team__note" }, [entry.note])
        ]);
      }, "None.");
      view.querySelector("[data-action=discuss]").disabled = !result.discussion.length;
      renderPrevious();
      if (discussing !== -1) showItem(discussing, false);
    }

    function nameOf(kept) {
      var who = kept.answers.respondent;
      return who && core.strip(who) ? who : kept.name;
    }

    view.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-action]");
      if (!button) return;
      var action = button.getAttribute("data-action");
      if (action === "remove-file") {
        var removed = session.files.splice(Number(button.getAttribute("data-index")), 1)[0];
        setStatus(removed ? "Removed " + removed.name + "." : "", "ok");
      } else if (action === "dismiss-rejected") {
        session.rejected.splice(Number(button.getAttribute("data-index")), 1);
        setStatus("");
      } else {
        return;
      }
      save();
      render();
      var title = view.querySelector("#playbook-team-title");
      if (title) title.focus(); // the button is gone: keep the keyboard in the view
    });

    // -- the previous checkpoint's open actions ---------------------------------------------------------

    var previousInput = view.querySelector("[data-action=import-team-previous]");
    previousInput.addEventListener("change", function () {
      var file = previousInput.files && previousInput.files[0];
      previousInput.value = "";
      if (!file) return;
      file.arrayBuffer().then(function (buffer) {
        session.previous = { name: file.name, bytes: new Uint8Array(buffer) };
        save();
        renderPrevious(true);
      });
    });

    function renderPrevious(announce) {
      var list = view.querySelector("[data-list=team-previous]");
      list.textContent = "";
      if (!session.previous) return;
      var read = answersFile.readAnswers(session.previous.bytes, session.previous.name, rules);
      var problem = null;
      if (!read.ok) {
        problem = describe(read.problems[0]);
      } else {
        var current = collected().accepted[0];
        var why = answersFile.previousProblem(read.answers,
          current ? { checklist: checklist.id, date: current.answers.date, team: current.answers.team } : { checklist: checklist.id });
        if (why) problem = session.previous.name + ": " + why.message + " (" + why.hint + ")";
      }
      if (problem) {
        list.appendChild(el("li", {}, ["Not shown: " + problem]));
        if (announce) setStatus("The previous checkpoint cannot be shown.", "error", [problem]);
        return;
      }
      var today = answersFile.today();
      var open = [];
      read.answers.actions.forEach(function (action, id) {
        if (core.isOpen(rules, action) && byId.has(id)) open.push([id, action]);
      });
      fillList(list, open, function (pair) {
        var item = byId.get(pair[0]);
        var action = pair[1];
        var overdue = action.due && action.due < today;
        return el("li", { "data-previous": item.id }, [
          el("a", { href: "#" + item.id }, [item.question]), ": " + action.owner +
          (action.due ? ", due " + action.due : "") + (overdue ? " (overdue)" : "")
        ]);
      }, "None: every action of " + session.previous.name + " is done or dropped.");
      if (announce) setStatus("Showing the open actions of " + session.previous.name + " (" + (read.answers.date || "no date") + ").", "ok");
    }

    // -- the discussion -----------------------------------------------------------------------------------

    var timer = { left: session.minutes * 60, running: false, handle: null };

    function clock(seconds) {
      var m = Math.floor(seconds / 60);
      var s = seconds % 60;
      return m + ":" + (s < 10 ? "0" : "") + s;
    }

    function announce(text) {
      var live = discussion.querySelector("[data-role=timer-announce]");
      if (live) live.textContent = text;
    }

    function tick() {
      timer.left = Math.max(0, timer.left - 1);
      var shown = discussion.querySelector("[data-role=timer]");
      if (shown) shown.textContent = clock(timer.left);
      // Announced politely, and only now and then: at each whole minute, at 30 seconds and at the end.
      if (timer.left === 0) {
        pauseTimer();
        announce("Time is up. Record what the team agreed, or take another minute.");
      } else if (timer.left % 60 === 0) {
        announce(plural(timer.left / 60, "minute", "minutes") + " left.");
      } else if (timer.left === 30) {
        announce("30 seconds left.");
      }
    }

    function pauseTimer() {
      timer.running = false;
      if (timer.handle !== null) clearInterval(timer.handle);
      timer.handle = null;
      var button = discussion.querySelector("[data-action=timer-toggle]");
      if (button) button.textContent = timer.left ? "Start the timer" : "Time is up";
    }

    function resetTimer() {
      pauseTimer();
      timer.left = session.minutes * 60;
      var shown = discussion.querySelector("[data-role=timer]");
      if (shown) shown.textContent = clock(timer.left);
      var button = discussion.querySelector("[data-action=timer-toggle]");
      if (button) button.textContent = "Start the timer";
    }

    function toggleTimer() {
      if (timer.running) {
        pauseTimer();
        announce("Timer paused at " + clock(timer.left) + ".");
        return;
      }
      if (!timer.left) timer.left = session.minutes * 60;
      timer.running = true;
      timer.handle = setInterval(tick, 1000);
      discussion.querySelector("[data-action=timer-toggle]").textContent = "Pause the timer";
      announce("Timer started: " + clock(timer.left) + ".");
    }

    function agreedOf(id) {
      if (!Object.prototype.hasOwnProperty.call(session.agreed, id)) {
        Object.defineProperty(session.agreed, id, { value: { answer: null, note: "", owner: "", due: "" }, enumerable: true, writable: true, configurable: true });
      }
      return session.agreed[id];
    }

    function showItem(index, moveFocus) {
      var order = lastResult ? lastResult.discussion : [];
      if (!order.length) { stopDiscussion(); return; }
      index = Math.max(0, Math.min(index, order.length - 1));
      if (index !== discussing) { revealed = false; resetTimer(); }
      discussing = index;
      var entry = order[index];
      var item = entry.item;
      var record = agreedOf(item.id);
      discussion.textContent = "";
      discussion.hidden = false;
      discussion.setAttribute("data-item", item.id);
      var answersBox = el("div", { "class": "playbook-discussion__answers", "data-role": "distribution", id: "playbook-discussion-answers" });
      if (revealed) answersBox.appendChild(distributionOf(entry));
      else answersBox.hidden = true;
      var choices = rules.answerWords.map(function (word) {
        var input = el("input", { type: "radio", name: "playbook-agreed", value: word, "data-agreed-answer": word });
        if (record.answer === word) input.checked = true;
        return el("label", { "class": "playbook-answer" }, [input, el("span", {}, [label(word)])]);
      });
      var note = el("textarea", { id: "playbook-agreed-note", rows: "2", "data-agreed": "note" });
      note.value = record.note || "";
      var owner = el("input", { type: "text", id: "playbook-agreed-owner", "data-agreed": "owner", autocomplete: "off" });
      owner.value = record.owner || "";
      var due = el("input", { type: "date", id: "playbook-agreed-due", "data-agreed": "due" });
      due.value = record.due || "";
      [note, owner].forEach(keepKeys);
      var minutes = el("input", { type: "number", id: "playbook-timer-minutes", min: "1", max: "60", step: "1", value: String(session.minutes), "data-field-input": "minutes" });
      discussion.append(
        el("p", { "class": "playbook-discussion__count" }, ["Conversation " + (index + 1) + " of " + order.length +
          (entry.spread === null ? "" : " · " + spreadText(entry))]),
        el("h3", { id: "playbook-discussion-title", tabindex: "-1" }, [item.question]),
        el("div", { "class": "playbook-discussion__prompt" }, [
          item.why ? el("p", {}, [el("strong", {}, ["Why it matters: "]), item.why]) : null,
          el("p", {}, [anonymous
            ? "Ask what someone who answered differently might have seen. Never ask who it was."
            : "Ask each person what they saw that made them answer as they did, before anyone argues for an answer."]),
          playLink(item) ? el("p", {}, [playLink(item), " has steps to close this gap."]) : null
        ]),
        el("div", { "class": "playbook-form__actions" }, [
          el("button", { type: "button", "class": "md-button md-button--primary", "data-action": "reveal",
            "aria-expanded": revealed ? "true" : "false", "aria-controls": "playbook-discussion-answers" },
            [revealed ? "Answers revealed" : "Reveal the answers together"])
        ]),
        answersBox,
        el("div", { "class": "playbook-discussion__timer", role: "group", "aria-label": "Timer" }, [
          el("span", { "class": "playbook-discussion__clock", "data-role": "timer", "aria-hidden": "true" }, [clock(timer.left)]),
          el("button", { type: "button", "class": "md-button", "data-action": "timer-toggle" }, [timer.running ? "Pause the timer" : "Start the timer"]),
          el("button", { type: "button", "class": "md-button", "data-action": "timer-reset" }, ["Reset"]),
          el("span", { "class": "playbook-discussion__minutes" }, [el("label", { "for": "playbook-timer-minutes" }, ["Minutes"]), " ", minutes]),
          el("span", { "class": "playbook-unseen", "data-role": "timer-announce", role: "status", "aria-live": "polite" })
        ]),
        el("fieldset", { "class": "playbook-discussion__record" }, [
          el("legend", {}, ["What the team agreed"]),
          el("div", { "class": "playbook-answers", role: "radiogroup", "aria-label": "Agreed answer" }, choices),
          el("label", { "for": "playbook-agreed-note" }, ["Note"]), note,
          el("div", { "class": "playbook-discussion__action" }, [
            el("div", {}, [el("label", { "for": "playbook-agreed-owner" }, ["Owner"]), owner]),
            el("div", {}, [el("label", { "for": "playbook-agreed-due" }, ["Due"]), due])
          ])
        ]),
        el("div", { "class": "playbook-form__actions" }, [
          el("button", { type: "button", "class": "md-button", "data-action": "previous-item", disabled: index === 0 ? "" : null }, ["Previous"]),
          el("button", { type: "button", "class": "md-button md-button--primary", "data-action": "next-item" },
            [index === order.length - 1 ? "Finish" : "Next"]),
          el("button", { type: "button", "class": "md-button", "data-action": "end-discussion" }, ["End the discussion"])
        ])
      );
      if (index === 0) discussion.querySelector("[data-action=previous-item]").disabled = true;
      discussion.querySelectorAll("input[type=radio]").forEach(function (input) {
        input.addEventListener("change", function () { record.answer = input.value; save(); });
      });
      [[note, "note"], [owner, "owner"], [due, "due"]].forEach(function (pair) {
        ["input", "change"].forEach(function (type) {
          pair[0].addEventListener(type, function () { record[pair[1]] = pair[0].value; save(); });
        });
      });
      ["input", "change"].forEach(function (type) {
        minutes.addEventListener(type, function () {
          var value = Math.round(Number(minutes.value));
          if (value >= 1 && value <= 60) {
            session.minutes = value;
            save();
            if (!timer.running) {
              timer.left = value * 60;
              discussion.querySelector("[data-role=timer]").textContent = clock(timer.left);
            }
          }
        });
      });
      if (moveFocus) discussion.querySelector("#playbook-discussion-title").focus();
    }

    function distributionOf(entry) {
      if (!entry.counts && !entry.answers) return el("p", {}, [withheldText(lastResult)]);
      var total = lastResult.respondents.length;
      var rows = (entry.counts || team.distribution(rules, entry.answers.map(function (a) { return a[1] === "unanswered" ? null : a[1]; })))
        .map(function (c) {
          var names = entry.answers ? entry.answers.filter(function (a) { return a[1] === c[0]; }).map(function (a) { return a[0]; }) : [];
          return el("li", { "data-answer": c[0] }, [
            el("span", { "class": "playbook-discussion__word" }, [label(c[0])]),
            el("span", { "class": "playbook-discussion__bar", style: "--share:" + (c[1] / total), "aria-hidden": "true" }),
            el("span", {}, [plural(c[1], "person", "people") + (names.length ? ": " + names.join(", ") : "")])
          ]);
        });
      var notes = entry.notes.map(function (n) { return el("li", {}, [(n[0] ? n[0] + ": " : "") + n[1]]); });
      return el("div", {}, [
        el("ul", { "class": "playbook-discussion__distribution", "aria-label": "How people answered" }, rows),
        notes.length ? el("p", {}, [el("strong", {}, ["Notes"])]) : null,
        notes.length ? el("ul", {}, notes) : null
      ]);
    }

    function stopDiscussion() {
      pauseTimer();
      discussing = -1;
      discussion.hidden = true;
      discussion.textContent = "";
    }

    discussion.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-action]");
      if (!button) return;
      var action = button.getAttribute("data-action");
      if (action === "reveal") {
        revealed = true;
        showItem(discussing, false);
        discussion.querySelector("[data-action=reveal]").focus();
      } else if (action === "timer-toggle") {
        toggleTimer();
      } else if (action === "timer-reset") {
        resetTimer();
        announce("Timer reset to " + clock(timer.left) + ".");
      } else if (action === "previous-item") {
        showItem(discussing - 1, true);
      } else if (action === "next-item") {
        if (discussing >= lastResult.discussion.length - 1) endDiscussion();
        else showItem(discussing + 1, true);
      } else if (action === "end-discussion") {
        endDiscussion();
      }
    });

    function endDiscussion() {
      stopDiscussion();
      render();
      var agreedCount = Object.keys(session.agreed).filter(function (id) { return session.agreed[id].answer; }).length;
      setStatus("Discussion ended: " + plural(agreedCount, "agreed answer", "agreed answers") +
        " recorded. Export the agreed answers to keep them.", "ok");
      view.querySelector("[data-action=export-team]").focus();
    }

    view.querySelector("[data-action=discuss]").addEventListener("click", function () { showItem(0, true); });
    view.querySelector("[data-action=print-team]").addEventListener("click", function () { window.print(); });
    var largeButton = view.querySelector("[data-action=large-type]");
    function applyLarge() {
      view.classList.toggle("playbook-team--large", session.large);
      largeButton.setAttribute("aria-pressed", session.large ? "true" : "false");
    }
    largeButton.addEventListener("click", function () { session.large = !session.large; applyLarge(); save(); });

    // -- the agreed answers file ----------------------------------------------------------------------------

    function agreedMap() {
      var map = new Map();
      Object.keys(session.agreed).forEach(function (id) {
        var record = session.agreed[id];
        if (byId.has(id) && (record.answer || record.note || record.owner)) map.set(id, record);
      });
      return map;
    }

    view.querySelector("[data-action=export-team]").addEventListener("click", function () {
      var got = collected();
      if (!got.accepted.length) return;
      var text = team.agreedFile(rules, checklist, got.accepted, agreedMap());
      var name = checklist.id + "-team-agreed.yaml";
      download(name, text, "text/yaml;charset=utf-8");
      setStatus("Exported " + name + ": the answers the team agreed, and for every other question the answer most people gave. " +
        "Score it with: playbook score " + name + ", and follow it over time with playbook trend.", "ok");
    });

    // The team report (team-report.js): the result and what was agreed, as one HTML file to keep or send.
    view.querySelector("[data-action=download-team-report]").addEventListener("click", function () {
      var got = collected();
      if (!got.accepted.length || !window.PlaybookTeamReport) return;
      var state = team.agreedState(rules, checklist, got.accepted, agreedMap());
      var name = checklist.id + "-team-report.html";
      download(name, window.PlaybookTeamReport.teamReportHtml(team.teamResult(rules, checklist, got.accepted, anonymous), checklist, {
        team: state.team, date: state.date, agreed: agreedMap(), minRespondents: rules.anonymousMinRespondents,
        playUrl: function (item) { var href = playHref(item); return href ? new URL(href, location.href).href : null; }
      }), "text/html;charset=utf-8");
      setStatus("Downloaded " + name + ": the team result and what the team agreed, one page to keep, send or print.", "ok");
    });

    // -- the mode ----------------------------------------------------------------------------------------------

    function enterMode(focus) {
      document.documentElement.classList.add("playbook-team-mode");
      view.hidden = false;
      entry.hidden = true;
      if (focus) view.querySelector("#playbook-team-title").focus();
    }

    function leaveMode() {
      document.documentElement.classList.remove("playbook-team-mode");
      view.hidden = true;
      entry.hidden = false;
      stopDiscussion();
    }

    function arrived(focus) {
      var hash = location.hash;
      if (hash.indexOf("#" + team.LINK_KEY) === 0) {
        // A respondent's link, opened here: add it to this browser's session, and forget it in the address.
        var pasted = location.href;
        history.replaceState(null, "", MODE_HASH);
        enterMode(false);
        team.decodeAnswers(checklist, pasted).then(function (d) {
          if (d.ok) addFiles([{ name: d.name, bytes: d.bytes }]);
          else {
            session.rejected.push({ name: d.name || "the link", reason: d.message });
            save();
            render();
          }
        });
      } else if (hash === MODE_HASH) {
        enterMode(focus);
      } else if (document.documentElement.classList.contains("playbook-team-mode")) {
        leaveMode();
      }
    }
    window.addEventListener("hashchange", function () { arrived(true); });

    applyLarge();
    render();
    arrived(false);
    if (session.files.length && location.hash === MODE_HASH) {
      setStatus("Session restored: " + plural(collected().accepted.length, "respondent", "respondents") + ".", "ok");
    }

    // -- on the form: copy my answers as a link or a code -------------------------------------------------------

    function addShareToForm() {
      // With the result's own Export button, after the questions: not one more Tab stop before them.
      var actions = document.querySelector("#playbook-result .playbook-result__actions");
      if (!actions || !window.playbookForm) return;
      var button = el("button", { type: "button", "class": "md-button", "data-action": "copy-answers-link" }, ["Copy my answers as a link"]);
      actions.appendChild(button);
      var box = el("div", { "class": "playbook-share", "data-role": "share", hidden: "" }, [
        el("p", {}, ["Send this link, or the short code under it, to whoever runs the team session: they paste it into the team view. " +
          "The answers are in the link itself, after the #, which a browser never sends to a server."]),
        el("label", { "for": "playbook-share-link" }, ["Link"]),
        el("input", { type: "text", id: "playbook-share-link", readonly: "", "data-field": "share-link" }),
        el("label", { "for": "playbook-share-code" }, ["Code"]),
        el("input", { type: "text", id: "playbook-share-code", readonly: "", "data-field": "share-code" }),
        el("p", { "data-role": "share-status", role: "status", "aria-live": "polite" })
      ]);
      actions.parentNode.insertBefore(box, actions.nextSibling);
      button.addEventListener("click", function () {
        var state = window.playbookForm.state();
        var map = function (object) { return new Map(Object.keys(object || {}).map(function (k) { return [k, object[k]]; })); };
        team.encodeAnswers(checklist, {
          answers: map(state.answers), notes: map(state.notes), team: state.team, respondent: state.respondent, date: state.date
        }).then(function (code) {
          var link = team.answersLink(location.href, code);
          box.hidden = false;
          box.querySelector("[data-field=share-link]").value = link;
          box.querySelector("[data-field=share-code]").value = code;
          var said = box.querySelector("[data-role=share-status]");
          var done = function (copied) {
            said.textContent = copied ? "Link copied: paste it into a message to your facilitator."
              : "Select the link or the code and copy it.";
          };
          if (navigator.clipboard && navigator.clipboard.writeText) {
            navigator.clipboard.writeText(link).then(function () { done(true); }, function () { done(false); });
          } else {
            done(false);
          }
        }).catch(function () {
          box.hidden = false;
          box.querySelector("[data-role=share-status]").textContent =
            "This browser cannot make an answers link: use Export answers file instead.";
        });
      });
    }

    // For tests and the curious.
    window.playbookTeamView = {
      session: function () { return session; },
      addText: function (name, text) { addFiles([{ name: name, bytes: new TextEncoder().encode(text) }]); }
    };
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
