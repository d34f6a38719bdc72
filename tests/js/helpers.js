// Shared by the Node tests: the browser's modules, and what Python says (rules, the CLI's verdicts).
"use strict";

const { execFileSync } = require("node:child_process");
const path = require("node:path");

const REPO = path.resolve(__dirname, "..", "..");
const PYTHON = process.env.PLAYBOOK_PYTHON || "python3";

function python(...args) {
  const out = execFileSync(PYTHON, [path.join(__dirname, "python_side.py"), ...args], {
    cwd: REPO, encoding: "utf-8", maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out);
}

let rules = null;

module.exports = {
  REPO,
  core: require(path.join(REPO, "docs/javascripts/playbook-core.js")),
  answersFile: require(path.join(REPO, "docs/javascripts/playbook-answers.js")),
  jsyaml: require(path.join(REPO, "docs/javascripts/vendor/js-yaml.umd.min.js")),
  python,
  rules() {
    if (rules === null) rules = python("rules");
    return rules;
  },
};
