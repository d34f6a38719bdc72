/*
 * Loads the page code a page needs, by the data the page carries, so that no page loads what it
 * does not use: a checklist page (it carries #playbook-checklist) gets the form, its YAML parser and
 * the scoring core; the plays index (it carries .playbook-plays cards) gets the filter. This is the
 * one script mkdocs.yml lists for every page: each engine publishes it the same way, and the scripts
 * it loads sit beside it, whatever the page's URL. Without JavaScript, every page still reads whole.
 */
(function () {
  "use strict";

  var PAGE_CODE = [
    { when: "#playbook-checklist",
      scripts: ["vendor/js-yaml.umd.min.js", "playbook-core.js", "playbook-answers.js", "checklist-form.js"] },
    { when: ".playbook-plays", scripts: ["play-filter.js"] }
  ];
  var here = document.currentScript && document.currentScript.src;
  if (!here) return;

  PAGE_CODE.forEach(function (code) {
    if (!document.querySelector(code.when)) return;
    code.scripts.forEach(function (name) {
      var script = document.createElement("script");
      script.src = new URL(name, here).href;
      script.async = false; // run in the order listed: the form needs the core first
      document.body.appendChild(script);
    });
  });
})();
