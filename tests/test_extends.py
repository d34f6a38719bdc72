"""Overlays (`extends:`): a fork tailors an upstream checklist without editing it.

The hand calculations below use the `mini` checklist of conftest.py:
own = [owner w3 critical, sponsor w1], align = [metric w2, roles w2].
"""

from __future__ import annotations

import html
import json
import re
import shutil

import pytest
import yaml
from click.testing import CliRunner

from playbook_cli.cli import main
from playbook_cli.loader import load_checklist
from tests.common import a_question_with_a_play, checklist_files, copy_repo, schema_accepts
from tests.conftest import REPO, write_answers
from tests.site_build import build_site

# Block style throughout: a "?," inside a flow mapping is read differently by
# libyaml and by pure-Python PyYAML.
ACME = """\
# yaml-language-server: $schema=../playbook_cli/schemas/checklist.schema.json
id: mini-acme
extends: mini
version: 1
title: Acme mini readiness
bands:
  - {id: go, label: Go, min: 90}
  - {id: no-go, label: No go, min: 0}
overrides:
  sponsor:
    question: Has the sponsor signed the one-page brief?
    weight: 4
    critical: true
  metric: {weight: 1}
remove: [roles]
sections:
  - id: own
    items:
      - id: raci
        question: Is the RACI filed with the programme office?
        why: Audit asks for it at the first gate.
        weight: 2
  - id: security
    title: Security
    items:
      - id: threat-model
        question: Is there a threat model for the new data flows?
        why: A breach costs more than a review.
        weight: 3
        play: plays/b.md
"""
# Resolved: own = [owner 3 crit, sponsor 4 crit, raci 2], align = [metric 1],
# security = [threat-model 3]; total weight 13.


@pytest.fixture
def acme(project):
    (project / "checklists" / "mini-acme.yaml").write_text(ACME, encoding="utf-8")
    return project


def overlay(project, name: str, text: str):
    path = project / "checklists" / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def as_json(result) -> dict:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


# -- resolution ------------------------------------------------------------------

def test_overlay_resolves_items_sections_and_order(acme, cli):
    shown = as_json(cli("show", "mini-acme", "--format", "json"))
    assert shown["id"] == "mini-acme" and shown["title"] == "Acme mini readiness" and shown["version"] == 1
    assert [(s["id"], s["title"], [i["id"] for i in s["items"]]) for s in shown["sections"]] == [
        ("own", "Own", ["owner", "sponsor", "raci"]),       # appended at the end of its section
        ("align", "Align", ["metric"]),                     # 'roles' removed
        ("security", "Security", ["threat-model"]),         # a new section goes last
    ]
    items = {i["id"]: i for s in shown["sections"] for i in s["items"]}
    assert (items["sponsor"]["weight"], items["sponsor"]["critical"]) == (4, True)
    assert items["sponsor"]["question"] == "Has the sponsor signed the one-page brief?"
    assert items["sponsor"]["why"] == "Someone must unblock."      # not overridden: inherited
    assert items["metric"]["weight"] == 1 and items["metric"]["play"] == "plays/b.md"
    assert items["owner"] == {**items["owner"], "weight": 3, "critical": True, "play": "plays/a.md"}
    assert [b["id"] for b in shown["bands"]] == ["go", "no-go"]
    assert shown["summary"] == "A tiny checklist for tests."    # inherited


def test_list_counts_the_resolved_items(acme, cli):
    counts = {row["id"]: row["items"] for row in as_json(cli("list", "--format", "json"))}
    assert counts["mini"] == 4 and counts["mini-acme"] == 5


def test_show_text_shows_the_resolved_checklist(acme, cli):
    result = cli("show", "mini-acme")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("Acme mini readiness  (mini-acme, version 1, 5 questions)")
    assert "Has the sponsor signed the one-page brief?" in out and "Is there a sponsor?" not in out
    assert "Are roles clear?" not in out
    assert out.index("Is the RACI filed") < out.index("Is the metric agreed?") < out.index("Is there a threat model")
    assert "Go (go) >= 90, No go (no-go) >= 0" in out


def test_overrides_change_score_and_blockers_by_hand(acme, cli, tmp_path):
    answers = {"owner": '"yes"', "sponsor": '"no"', "raci": '"yes"', "metric": "partly", "threat-model": '"yes"'}
    path = write_answers(tmp_path / "a.yaml", answers, checklist="mini-acme", checklist_version=1)
    result = as_json(cli("score", str(path), "--format", "json"))
    # (3*1 + 4*0 + 2*1 + 1*0.5 + 3*1) / 13 = 8.5 / 13 = 65.38 -> 65
    assert result["score"] == 65
    assert result["blockers"] == ["sponsor"]             # critical only in the overlay
    assert result["band"] == "no-go"                     # the overlay's bands
    assert [(s["id"], s["score"]) for s in result["sections"]] == [("own", 56), ("align", 50), ("security", 100)]
    assert [(g["item"], g["weight"], g["value"]) for g in result["gaps"]] == [("sponsor", 4, 0), ("metric", 1, 0.5)]

    # The same answers against the base: sponsor weighs 1 and is not critical.
    base = {k: v for k, v in answers.items() if k in {"owner", "sponsor", "metric"}}
    path = write_answers(tmp_path / "b.yaml", base, checklist="mini", checklist_version=2)
    result = as_json(cli("score", str(path), "--format", "json"))
    assert (result["score"], result["blockers"]) == (50, [])   # (3 + 0 + 1 + 0) / 8, roles unanswered


def test_replaced_bands_decide_the_verdict(acme, cli, tmp_path):
    answers = {"owner": '"yes"', "sponsor": '"yes"', "raci": '"no"', "metric": '"yes"', "threat-model": '"yes"'}
    path = write_answers(tmp_path / "a.yaml", answers, checklist="mini-acme", checklist_version=1)
    result = as_json(cli("score", str(path), "--format", "json"))
    assert result["score"] == 85                          # 11 / 13 = 84.6; 'ready' under the base bands
    assert result["band"] == "no-go" and result["blockers"] == []
    gate = cli("score", str(path), "--fail-under", "80")
    assert gate.exit_code == 0


def test_an_overlay_can_extend_an_overlay(acme, cli):
    overlay(acme, "mini-acme-emea", "id: mini-acme-emea\nextends: mini-acme\nversion: 1\nremove: [security]\n")
    shown = as_json(cli("show", "mini-acme-emea", "--format", "json"))
    assert [s["id"] for s in shown["sections"]] == ["own", "align"]
    assert shown["title"] == "Acme mini readiness"


def a_packaged_base():
    """The first shipped checklist (not an overlay) with two sections or more: whatever the repository holds."""
    for path in checklist_files(REPO):
        if "\nextends:" not in path.read_text(encoding="utf-8"):
            checklist = load_checklist(path)
            if len(checklist.sections) >= 2:
                return checklist
    pytest.skip("no shipped checklist with two sections")


def test_overlay_in_dot_checklists_extends_a_packaged_checklist(workdir):
    packaged = a_packaged_base()
    dropped, kept = packaged.sections[-1].id, packaged.sections[0].items[0].id
    (workdir / "checklists").mkdir()
    (workdir / "checklists" / "acme-kickoff.yaml").write_text(
        f"id: acme-kickoff\nextends: {packaged.id}\nversion: 1\ntitle: Acme kickoff\n"
        f"remove: [{dropped}]\noverrides:\n  {kept}: {{weight: 3, critical: true}}\n", encoding="utf-8")
    runner = CliRunner()
    shown = runner.invoke(main, ["show", "acme-kickoff", "--format", "json"], catch_exceptions=False)
    data = as_json(shown)
    base = as_json(runner.invoke(main, ["show", packaged.id, "--format", "json"], catch_exceptions=False))
    base_count = sum(len(s["items"]) for s in base["sections"])
    continuity = next(len(s["items"]) for s in base["sections"] if s["id"] == dropped)
    assert sum(len(s["items"]) for s in data["sections"]) == base_count - continuity
    assert dropped not in [s["id"] for s in data["sections"]]
    validate = runner.invoke(main, ["validate", "checklists/acme-kickoff.yaml"], catch_exceptions=False)
    assert validate.exit_code == 0, validate.stdout
    assert "acme-kickoff" in runner.invoke(main, ["list"], catch_exceptions=False).stdout


# -- validation --------------------------------------------------------------------

BAD = """\
id: mini-bad
extends: mini
version: 1
overrides:
  sponsr: {weight: 2}
remove: [owner, nobody]
sections:
  - id: align
    items:
      - id: metric
        question: Is the metric agreed again?
        why: Twice is once too many.
"""


def validate(cli, path):
    result = cli("validate", str(path))
    return result.exit_code, [line for line in result.stdout.splitlines() if line]


def test_validate_lists_every_overlay_problem_with_line_and_column(project, cli):
    path = overlay(project, "mini-bad", BAD)
    status, lines = validate(cli, path)
    assert status == 1
    shown = str(path)
    assert any(line.startswith(f"{shown}:6:17: 'remove' names 'nobody', which is not an item or section")
               for line in lines)
    assert any(line.startswith(f"{shown}:5:3: override for 'sponsr', which is not an item") for line in lines)
    assert any(line.startswith(f"{shown}:10:13: duplicate item id 'metric' (already in the checklist it extends)")
               for line in lines)
    assert len(lines) == 3


def test_override_of_an_item_the_overlay_removed(project, cli):
    path = overlay(project, "mini-gone", "id: mini-gone\nextends: mini\nversion: 1\nremove: [own]\n"
                                         "overrides:\n  owner: {weight: 5}\n")
    status, lines = validate(cli, path)
    assert status == 1 and lines == [
        f"{path}:6:3: override for 'owner', which this overlay also removes "
        "(hint: drop the override, or take the item out of 'remove' to keep it)"]


@pytest.mark.parametrize("extends, message", [
    ("nowhere", "2:10: cannot extend 'nowhere': nowhere: no such checklist"),
    ("Kickoff_Readiness", "2:10: 'extends' must name a checklist id, like kickoff-readiness"),
    ("[mini]", "2:10: 'extends' must name a checklist id, like kickoff-readiness"),
])
def test_bad_extends(project, cli, extends, message):
    path = overlay(project, "mini-x", f"id: mini-x\nextends: {extends}\nversion: 1\n")
    status, lines = validate(cli, path)
    assert status == 1 and lines[0].startswith(f"{path}:{message}")
    shown = cli("show", "mini-x")
    assert shown.exit_code == 2 and shown.stderr.startswith("Error: ")


def test_extends_loop_is_reported_not_recursed(project, cli):
    a = overlay(project, "loop-a", "id: loop-a\nextends: loop-b\nversion: 1\n")
    overlay(project, "loop-b", "id: loop-b\nextends: loop-a\nversion: 1\n")
    status, lines = validate(cli, a)
    assert status == 1 and len(lines) == 1
    assert "'extends' makes a loop: loop-a -> loop-b -> loop-a" in lines[0]
    assert lines[0].startswith(f"{a}:2:10: cannot extend 'loop-b'")
    shown = cli("show", "loop-b")
    assert shown.exit_code == 2 and "makes a loop" in shown.stderr


def test_self_loop(project, cli):
    path = overlay(project, "selfish", "id: selfish\nextends: selfish\nversion: 1\n")
    status, lines = validate(cli, path)
    assert status == 1 and "'extends' makes a loop: selfish -> selfish" in lines[0]


def test_overlay_needs_its_own_version_and_matching_id(project, cli):
    path = overlay(project, "mini-v", "id: mini-w\nextends: mini\n")
    status, lines = validate(cli, path)
    assert status == 1
    assert any("checklist id 'mini-w' does not match the file name 'mini-v.yaml'" in line for line in lines)
    assert any("is missing required key 'version'" in line for line in lines)


def test_new_section_needs_a_title(project, cli):
    path = overlay(project, "mini-t", "id: mini-t\nextends: mini\nversion: 1\nsections:\n  - id: legal\n"
                                      "    items:\n      - {id: dpa-signed, question: Is the DPA signed, why: Law.}\n")
    status, lines = validate(cli, path)
    assert status == 1 and lines[0].startswith(f"{path}:5:5: new section 'legal' needs a title")


def test_inherited_play_links_must_exist_in_this_projects_docs(project, cli):
    # The base is packaged; this project's docs/ has only plays/a.md and plays/b.md.
    base, _ = a_question_with_a_play(REPO)
    path = overlay(project, "kickoff-lite", f"id: kickoff-lite\nextends: {base.stem}\nversion: 1\n")
    status, lines = validate(cli, path)
    assert status == 1
    first = next(i for i in load_checklist(base).items if i.play)
    assert lines[0].startswith(f"{path}:2:10: inherited item '{first.id}' links to play "
                               f"'{first.play}', which does not exist in")
    assert "(hint: override its play, remove the item, or add the page)" in lines[0]


def test_overriding_inherited_plays_fixes_them(project, cli):
    base_id = a_question_with_a_play(REPO)[0].stem
    base = as_json(CliRunner().invoke(main, ["show", base_id, "--format", "json"], catch_exceptions=False))
    lines = ["id: kickoff-lite", f"extends: {base_id}", "version: 1", "overrides:"]
    lines += [f"  {i['id']}: {{play: plays/a.md}}" for s in base["sections"] for i in s["items"] if i.get("play")]
    path = overlay(project, "kickoff-lite", "\n".join(lines) + "\n")
    status, problems = validate(cli, path)
    assert (status, problems) == (0, [])


# -- two bugs found while writing these tests (fixed in loader.py) ---------------------

def test_removing_a_section_frees_its_item_ids(project, cli):
    """Removing an item by id lets the overlay reuse the id; removing its section must too."""
    path = overlay(project, "mini-r", "id: mini-r\nextends: mini\nversion: 1\nremove: [align]\nsections:\n"
                                      "  - id: success\n    title: Success\n    items:\n"
                                      "      - {id: metric, question: Is the revenue target signed off, why: Money.}\n")
    status, lines = validate(cli, path)
    assert (status, lines) == (0, [])
    shown = as_json(cli("show", "mini-r", "--format", "json"))
    assert [s["id"] for s in shown["sections"]] == ["own", "success"]


def test_a_missing_play_on_an_added_or_overridden_item_is_reported_once(project, cli):
    path = overlay(project, "mini-p", "id: mini-p\nextends: mini\nversion: 1\n"
                                      "overrides:\n  sponsor: {play: plays/gone.md}\n"
                                      "sections:\n  - id: own\n    items:\n"
                                      "      - id: raci\n        question: Is the RACI filed\n        why: Audit.\n"
                                      "        play: plays/missing.md\n")
    status, lines = validate(cli, path)
    assert status == 1
    assert [line.split(" (hint")[0] for line in lines] == [
        f"{path}:5:19: play 'plays/gone.md' does not exist in {project / 'docs'}/",
        f"{path}:12:15: play 'plays/missing.md' does not exist in {project / 'docs'}/",
    ]


# -- the JSON Schema accepts overlays, and agrees with the loader ----------------------

def _yaml(text: str):
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


GOOD_OVERLAYS = {
    "acme": ACME,
    "minimal": "id: mini-min\nextends: mini\nversion: 1\n",
    "retitle a section": "id: mini-s\nextends: mini\nversion: 1\nsections:\n  - id: own\n    title: Who owns it\n",
}


def _docs_yaml_blocks(page: str) -> list[str]:
    path = REPO / "docs" / "guides" / page
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    return [b for b in re.findall(r"```yaml\n(.*?)```", text, flags=re.S) if "\nextends:" in b]


DOC_OVERLAYS = {f"{page}#{n}": block for page in ("checklist-format.md", "tailor.md")
                for n, block in enumerate(_docs_yaml_blocks(page))}


def test_the_guides_show_overlays():
    assert any(k.startswith("checklist-format.md") for k in DOC_OVERLAYS)
    assert any(k.startswith("tailor.md") for k in DOC_OVERLAYS)


@pytest.mark.parametrize("name", list(GOOD_OVERLAYS) + list(DOC_OVERLAYS))
def test_schema_and_loader_accept_good_overlays(name, tmp_path):
    text = GOOD_OVERLAYS.get(name) or DOC_OVERLAYS[name]
    data = _yaml(text)
    assert schema_accepts("checklist.schema.json", data)
    # Beside a copy of the base (and the real docs/), so that every link resolves.
    root = tmp_path / "repo"
    (root / "checklists").mkdir(parents=True)
    shutil.copytree(REPO / "docs", root / "docs")
    from tests.conftest import MINI

    first, second = sorted(p.relative_to(REPO / "docs").as_posix() for p in (REPO / "docs" / "plays").glob("*.md")
                           if not p.name.startswith(("_", "index")))[:2]
    (root / "checklists" / "mini.yaml").write_text(MINI.replace("plays/a.md", first)
                                                   .replace("plays/b.md", second), encoding="utf-8")
    path = root / "checklists" / f"{data['id']}.yaml"
    path.write_text(text.replace("plays/b.md", second), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--checklists", str(root / "checklists"), str(path)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stdout


def _mutate(change):
    data = _yaml(ACME)
    change(data)
    return data


OVERLAY_SCHEMA_EXPRESSIBLE = {
    "unknown top key": lambda d: d.update(owner="Dana"),
    "items at the top": lambda d: d.update(items=[]),
    "unknown override key": lambda d: d["overrides"]["metric"].update(weigth=2),
    "override weight 9": lambda d: d["overrides"]["metric"].update(weight=9),
    "override critical text": lambda d: d["overrides"]["metric"].update(critical="maybe"),
    "override not a mapping": lambda d: d["overrides"].update(metric=3),
    "override play not markdown": lambda d: d["overrides"]["metric"].update(play="plays/b.html"),
    "remove not a list": lambda d: d.update(remove="roles"),
    "extends not kebab": lambda d: d.update(extends="Mini"),
    "missing version": lambda d: d.pop("version"),
    "version 0": lambda d: d.update(version=0),
    "added item without why": lambda d: d["sections"][1]["items"][0].pop("why"),
    "unknown section key": lambda d: d["sections"][0].update(weight=2),
    "empty sections": lambda d: d.update(sections=[]),
    "band min 120": lambda d: d["bands"][0].update(min=120),
    "overrides in a plain checklist": lambda d: d.pop("extends"),
}


@pytest.mark.parametrize("name", OVERLAY_SCHEMA_EXPRESSIBLE)
def test_schema_and_loader_both_reject_bad_overlays(name, project):
    data = _mutate(OVERLAY_SCHEMA_EXPRESSIBLE[name])
    assert not schema_accepts("checklist.schema.json", data)
    path = project / "checklists" / "mini-acme.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--checklists", str(project / "checklists"), str(path)],
                                catch_exceptions=False)
    assert result.exit_code == 1, f"loader accepted what the schema rejects: {name}"


@pytest.mark.parametrize("path", sorted((REPO / "checklists").glob("*.yaml")), ids=lambda p: p.stem)
def test_schema_still_accepts_every_shipped_checklist(path):
    assert schema_accepts("checklist.schema.json", _yaml(path.read_text(encoding="utf-8")))


def test_schema_is_a_valid_draft_2020_12_schema():
    import jsonschema

    schema = json.loads((REPO / "playbook_cli" / "schemas" / "checklist.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)


# -- the site page of an overlay ---------------------------------------------------------

def untagged(page: str) -> str:
    return re.sub(r"<[^>]+>", "", page)


def site_overlay(base) -> str:
    """An overlay of `base` (any checklist with two sections): reword, remove an item and a section, add two."""
    sections = base.sections
    reworded, removed = sections[0].items[0], sections[0].items[-1]
    play = next(item.play for item in base.items if item.play)
    return f"""\
id: acme-kickoff
extends: {base.id}
version: 1
title: Acme kickoff readiness
overrides:
  {reworded.id}:
    question: Has a named VP signed the kickoff brief and agreed to clear blockers?
    weight: 3
    critical: true
remove: [{removed.id}, {sections[-1].id}]
sections:
  - id: {sections[0].id}
    items:
      - id: acme-raci
        question: Is the RACI filed with the programme office?
        why: Acme's delivery gate asks for it.
        weight: 1
  - id: security
    title: Security
    items:
      - id: threat-model
        question: Has security reviewed a threat model for the new data flows?
        why: A breach found after launch costs more than a review before it.
        weight: 2
        critical: true
        play: {play}
"""


def add_to_nav(mkdocs_yml, *pages: str) -> None:
    """Insert checklist pages after the last `- checklists/...` nav line, as the tailor guide says."""
    lines = mkdocs_yml.read_text(encoding="utf-8").splitlines()
    last = max(n for n, line in enumerate(lines) if line.strip().startswith("- checklists/"))
    indent = lines[last][: len(lines[last]) - len(lines[last].lstrip())]
    lines[last + 1:last + 1] = [f"{indent}- {page}" for page in pages]
    mkdocs_yml.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_site_page_of_an_overlay_shows_the_resolved_questions(tmp_path):
    root = copy_repo(tmp_path / "fork")
    upstream = a_packaged_base()
    if len(upstream.sections) < 3 or len(upstream.sections[0].items) < 2:
        pytest.skip("the overlay needs a base with three sections, the first with two items")
    (root / "checklists" / "acme-kickoff.yaml").write_text(site_overlay(upstream), encoding="utf-8")
    add_to_nav(root / "mkdocs.yml", "checklists/acme-kickoff.md")
    result = build_site(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    sponsor = html.escape(upstream.sections[0].items[0].question, quote=False)
    funding = html.escape(upstream.sections[0].items[-1].question, quote=False)
    continuity = html.escape(upstream.sections[-1].title, quote=False)
    second = html.escape(upstream.sections[1].title, quote=False)
    play = next(item.play for item in upstream.items if item.play)

    page = (tmp_path / "site" / "checklists" / "acme-kickoff" / "index.html").read_text(encoding="utf-8")
    article = untagged(page.split("<article", 1)[1])
    assert "Acme kickoff readiness" in article
    assert "Has a named VP signed the kickoff brief" in article and sponsor not in article
    assert funding not in article                                     # removed item
    assert continuity not in article                                  # removed section
    assert article.index("Is the RACI filed") < article.index(second) < article.index("Security")
    # The base page is untouched, and the play page lists the overlay's question too.
    base = (tmp_path / "site" / "checklists" / upstream.id / "index.html").read_text(encoding="utf-8")
    # A glossary term in a question is wrapped in <abbr>.
    base = untagged(base.split("<article", 1)[1].split("</article>", 1)[0])
    assert sponsor in base and funding in base and "Acme" not in base
    play = (tmp_path / "site" / play.removesuffix(".md") / "index.html").read_text(encoding="utf-8")
    assert "Has security reviewed a threat model" in play
