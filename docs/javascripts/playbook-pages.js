/*
 * The one script mkdocs.yml lists for every page. It loads the page code a page needs, by the data
 * the page carries, so that no page loads what it does not use: a checklist page (it carries
 * #playbook-checklist) gets the form, its YAML parser, the scoring and team cores, the shared DOM
 * helpers, the team view and its report; the plays index (it carries .playbook-plays cards) gets the
 * DOM helpers and the filter. Each engine publishes this file the same way, and the scripts it loads
 * sit beside it, whatever the page's URL.
 * Without JavaScript, every page still reads whole.
 *
 * It also mends two things the theme's own script builds in the browser, where no template override
 * or stylesheet reaches (axe, best practices and WCAG 2.1.1):
 * - each code block's copy button sits in a <nav> with no name, one more navigation landmark per
 *   block that a screen reader cannot tell apart from the others: a button is not navigation;
 * - a table too wide for a phone scrolls sideways in a box that the keyboard could not reach.
 */
(function () {
  "use strict";

  var PAGE_CODE = [
    { when: "#playbook-checklist",
      scripts: ["vendor/js-yaml.umd.min.js", "playbook-core.js", "playbook-answers.js", "playbook-dom.js",
        "checklist-form.js", "playbook-team.js", "team-report.js", "team-view.js"] },
    { when: ".playbook-plays", scripts: ["playbook-dom.js", "play-filter.js"] }
  ];
  var here = document.currentScript && document.currentScript.src;

  function mend() {
    document.querySelectorAll("nav.md-code__nav:not([role])").forEach(function (nav) {
      nav.setAttribute("role", "none");
    });
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "group");
        wrap.setAttribute("aria-label", "Table, scrolls sideways");
      } else if (!scrolls && wrap.getAttribute("tabindex") === "0") {
        ["tabindex", "role", "aria-label"].forEach(function (name) { wrap.removeAttribute(name); });
      }
    });
  }
  var pending = false;
  function mendSoon() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; mend(); });
  }
  new MutationObserver(mendSoon).observe(document.body, { childList: true, subtree: true });
  window.addEventListener("resize", mendSoon);
  mendSoon();

  PAGE_CODE.forEach(function (code) {
    if (!here || !document.querySelector(code.when)) return;
    code.scripts.forEach(function (name) {
      var script = document.createElement("script");
      script.src = new URL(name, here).href;
      script.async = false; // run in the order listed: the form needs the core first
      document.body.appendChild(script);
    });
  });
})();
