/*
 * Filter the cards on the plays index by phase and by tag. The cards and their data-phase and
 * data-tags come from the plays' front matter (playbook_cli/site/pages.py), so a fork's own plays
 * are filtered too. Without this script every card shows. The choice is kept in the address
 * (?phase=Kickoff&tag=ownership), so a filtered list can be shared.
 */
(function () {
  "use strict";

  var el = window.PlaybookDom.el;
  var ANY_PHASE = "Any"; // a play for any phase fits whichever phase is chosen
  var grid = document.querySelector(".playbook-plays");
  if (!grid) return;
  var cards = Array.prototype.slice.call(grid.querySelectorAll(".playbook-play"));

  function tagsOf(card) { return (card.getAttribute("data-tags") || "").split(/\s+/).filter(Boolean); }

  var phases = [];
  var tags = [];
  cards.forEach(function (card) {
    var phase = card.getAttribute("data-phase");
    if (phase && phase !== ANY_PHASE && phases.indexOf(phase) === -1) phases.push(phase);
    tagsOf(card).forEach(function (tag) { if (tags.indexOf(tag) === -1) tags.push(tag); });
  });
  tags.sort();

  function choice(id, label, all, values) {
    var select = el("select", { id: id }, [el("option", { value: "" }, [all])].concat(values.map(function (value) {
      return el("option", { value: value }, [value]);
    })));
    return { select: select, field: el("div", { "class": "playbook-filter__field" }, [el("label", { "for": id }, [label]), select]) };
  }

  var phase = choice("playbook-filter-phase", "Phase", "All phases", phases);
  var tag = choice("playbook-filter-tag", "Tag", "All tags", tags);
  var status = el("p", { "class": "playbook-filter__status", role: "status", "aria-live": "polite" });
  var controls = el("div", { "class": "playbook-filter", role: "group", "aria-label": "Filter the plays" },
    [phase.field, tag.field]);
  grid.parentNode.insertBefore(controls, grid);
  grid.parentNode.insertBefore(status, grid);

  function apply() {
    var wantPhase = phase.select.value;
    var wantTag = tag.select.value;
    var shown = 0;
    cards.forEach(function (card) {
      var cardPhase = card.getAttribute("data-phase");
      var fits = (!wantPhase || cardPhase === wantPhase || cardPhase === ANY_PHASE) &&
        (!wantTag || tagsOf(card).indexOf(wantTag) !== -1);
      card.hidden = !fits;
      if (fits) shown += 1;
    });
    var what = [];
    if (wantPhase) what.push("for " + wantPhase + " (or any phase)");
    if (wantTag) what.push("tagged " + wantTag);
    status.textContent = what.length
      ? "Showing " + shown + " of " + cards.length + " plays: " + what.join(", ") + "."
      : "Showing all " + cards.length + " plays.";
    var query = new URLSearchParams(location.search);
    [["phase", wantPhase], ["tag", wantTag]].forEach(function (pair) {
      if (pair[1]) query.set(pair[0], pair[1]); else query.delete(pair[0]);
    });
    var search = query.toString();
    history.replaceState(history.state, "", location.pathname + (search ? "?" + search : "") + location.hash);
  }

  var asked = new URLSearchParams(location.search);
  if (phases.indexOf(asked.get("phase")) !== -1) phase.select.value = asked.get("phase");
  if (tags.indexOf(asked.get("tag")) !== -1) tag.select.value = asked.get("tag");
  phase.select.addEventListener("change", apply);
  tag.select.addEventListener("change", apply);
  apply();
})();
