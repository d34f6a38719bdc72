"""The site on any engine: the generation step, then what MkDocs, ProperDocs and Zensical publish.

Generation (`python -m playbook_cli.site generate`, or the MkDocs/ProperDocs
hook that runs it) writes the checklist pages with the data their form is built
from, the index, the schemas and the play backlinks; every engine must then
publish the same pages, with nothing external.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys

import pytest

from playbook_cli.site.generate import GENERATED_MARK
from playbook_cli.site.page_data import checklist_data, rules_data
from tests.browser import missing
from tests.common import a_question_with_a_play, checklist_files
from tests.common import load_checklist_file as load_checklist
from tests.conftest import REPO
from tests.site_build import (
    built_copy,
    copy_project,
    engine_missing,
    install_zensical,
    use_python,
)

CHECKLISTS = checklist_files(REPO)
# A question that links to a play, from whatever the repository holds (a fork's content too).
SAMPLE_FILE, SAMPLE_ITEM = a_question_with_a_play(REPO)
SAMPLE_PLAY = SAMPLE_ITEM.play.split("#", 1)[0].removesuffix(".md")  # plays/x
PLAYS = sorted(p for p in (REPO / "docs" / "plays").glob("*.md") if p.name != "index.md")


def generate(root, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "playbook_cli.site", "generate", "--root", str(root), *args],
                          capture_output=True, text=True, timeout=300)


def page_data(page: str, element_id: str):
    block = re.search(rf'<script type="application/json" id="{element_id}">(.*?)</script>', page, re.S)
    assert block, f"no #{element_id} data in the page"
    return json.loads(block.group(1))


# -- the generation step, without any engine ---------------------------------------

@pytest.fixture
def fork(tmp_path):
    return copy_project(tmp_path / "fork")


def test_generate_writes_pages_data_schemas_and_backlinks(fork):
    result = generate(fork)
    assert result.returncode == 0, result.stderr
    for path in CHECKLISTS:
        checklist = load_checklist(path)
        page = (fork / "docs" / "checklists" / f"{checklist.id}.md").read_text(encoding="utf-8")
        assert page.startswith("---\n" + GENERATED_MARK)
        # The form's data, as the browser reads it: the checklist and the rules from Python.
        items = page_data(page, "playbook-checklist")["items"]
        assert [{**i, "playTitle": None} for i in items] == [
            {**i, "playTitle": None} for i in checklist_data(checklist)["items"]]
        assert all(i["playTitle"] and not i["playTitle"].endswith(".md") for i in items if i["play"])  # titled
        assert page_data(page, "playbook-rules") == json.loads(json.dumps(rules_data()))
    assert (fork / "docs" / "checklists" / "index.md").is_file()
    for name in ("checklist.schema.json", "answers.schema.json"):
        packaged = json.loads((REPO / "playbook_cli" / "schemas" / name).read_text(encoding="utf-8"))
        published = json.loads((fork / "docs" / "schemas" / name).read_text(encoding="utf-8"))
        assert published.pop("$id").endswith(f"/schemas/{name}")  # stamped from site_url: test_editor_schema.py
        assert published == packaged
    snippet = (fork / "generated" / "backlinks" / f"{SAMPLE_PLAY}.md").read_text(encoding="utf-8")
    assert f"](../checklists/{SAMPLE_FILE.stem}.md#{SAMPLE_ITEM.id})" in snippet


def test_generate_again_writes_nothing_and_drops_what_a_deleted_checklist_left(fork):
    assert generate(fork).returncode == 0
    page = fork / "docs" / "checklists" / f"{CHECKLISTS[0].stem}.md"
    mtime = page.stat().st_mtime_ns
    hand_written = fork / "docs" / "checklists" / "notes.md"
    hand_written.write_text("# Mine\n", encoding="utf-8")
    (fork / "checklists" / CHECKLISTS[-1].name).unlink()
    result = generate(fork)
    assert result.returncode == 0, result.stderr
    assert page.stat().st_mtime_ns == mtime  # unchanged content is not rewritten: `mkdocs serve` settles
    assert not (fork / "docs" / "checklists" / f"{CHECKLISTS[-1].stem}.md").exists()
    assert hand_written.read_text(encoding="utf-8") == "# Mine\n"  # only generated pages are removed


def test_invalid_checklist_fails_generation_with_the_validate_message_and_writes_nothing(fork):
    path = fork / "checklists" / SAMPLE_FILE.name
    path.write_text(re.sub(r"^(\s+weight: )\d", r"\g<1>9", path.read_text(encoding="utf-8"), count=1, flags=re.M),
                    encoding="utf-8")
    result = generate(fork)
    assert result.returncode == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith("Error: ") and f"{SAMPLE_FILE.name}:" in first
    assert "item 'weight' must be 1..5 (got 9)" in first
    assert "Traceback" not in result.stderr
    assert not (fork / "docs" / "checklists").exists()


def test_a_play_page_without_its_backlinks_line_fails_generation(fork):
    play = fork / "docs" / f"{SAMPLE_PLAY}.md"
    line = f'--8<-- "generated/backlinks/{SAMPLE_PLAY}.md"'
    text = play.read_text(encoding="utf-8")
    assert line in text.splitlines()
    play.write_text(text.replace(line, ""), encoding="utf-8")
    result = generate(fork)
    assert result.returncode == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith("Error: ") and first.endswith(f"{SAMPLE_PLAY}.md: play page does not include its backlinks")
    assert f"  Hint: put the line {line} under 'Checklists that use it'" in result.stderr


def test_a_play_page_without_its_card_line_fails_generation(fork):
    play = fork / "docs" / "plays" / "ownership-map.md"
    line = '--8<-- "generated/cards/plays/ownership-map.md"'
    text = play.read_text(encoding="utf-8")
    assert line in text.splitlines()
    play.write_text(text.replace(line, ""), encoding="utf-8")
    result = generate(fork)
    assert result.returncode == 2
    first = result.stderr.splitlines()[0]
    assert first.startswith("Error: ") and first.endswith("plays/ownership-map.md: play page does not include its card")
    assert f"  Hint: put the line {line} right after the page's title" in result.stderr
    assert not (fork / "generated").exists()


A_PLAY = """\
---
title: Hold a <b>retro</b> on the seams
description: A fork's own play, to check that its card and its place on the plays index come from its front matter.
time: 45 minutes & no more
people: 3–6 (the leads of both teams)
phase: Delivery
owner: Team <Seams>
last_reviewed: 2026-01-05
tags:
  - collaboration
---

# Hold a retro on the seams

--8<-- "generated/cards/plays/seam-retro.md"

## Checklists that use it

--8<-- "generated/backlinks/plays/seam-retro.md"
"""


def test_generate_writes_a_card_from_each_plays_front_matter(fork):
    (fork / "docs" / "plays" / "seam-retro.md").write_text(A_PLAY, encoding="utf-8")
    result = generate(fork)
    assert result.returncode == 0, result.stderr
    card = (fork / "generated" / "cards" / "plays" / "seam-retro.md").read_text(encoding="utf-8")
    facts = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", card)
    assert facts == [  # escaped; no difficulty or materials, which are optional
        ("Time", "45 minutes &amp; no more"),
        ("People", "3–6 (the leads of both teams)"),
        ("Phase", "Delivery"),
        ("Owner", "Team &lt;Seams&gt;"),
        ("Last reviewed", '<time datetime="2026-01-05">5 January 2026</time>'),
    ]
    for path in sorted((fork / "docs" / "plays").glob("*.md")):  # a shipped play that sets a difficulty, if any
        difficulty = re.search(r"^difficulty: *(\w+)$", path.read_text(encoding="utf-8"), re.M)
        if difficulty:
            shipped = (fork / "generated" / "cards" / "plays" / path.name).read_text(encoding="utf-8")
            assert f"<dt>Difficulty</dt><dd>{difficulty.group(1)}</dd>" in shipped
            break
    # The plays index lists the fork's play with the shipped ones, from front matter alone.
    index = (fork / "generated" / "plays-index.md").read_text(encoding="utf-8")
    cards = re.findall(r'<div class="playbook-play" data-phase="([^"]*)" data-tags="([^"]*)" '
                       r'data-search-exclude="" markdown>\n\n## \[(.*?)\]\((.*?)\)', index)
    assert ("Delivery", "collaboration", "Hold a &lt;b&gt;retro&lt;/b&gt; on the seams", "seam-retro.md") in cards
    assert sorted(c[3] for c in cards) == sorted(
        [p.name for p in PLAYS if not p.name.startswith("_")] + ["seam-retro.md"])
    phases = ["Discovery", "Kickoff", "Delivery", "Launch", "Run", "Any"]
    assert [c[0] for c in cards] == sorted((c[0] for c in cards), key=phases.index)


def test_generate_renders_each_template_and_publishes_its_markdown_for_download(fork):
    assert generate(fork).returncode == 0
    download = (fork / "docs" / "downloads" / "templates" / "decision-record.md.txt").read_text(encoding="utf-8")
    page = (fork / "docs" / "templates" / "decision-record.md").read_text(encoding="utf-8")
    block = page.split("## Template", 1)[1].split("```markdown\n", 1)[1].split("\n```\n", 1)[0]
    assert download == block + "\n"  # exactly the Markdown the page shows
    assert download.startswith("# [Short title: the decision, not the topic]\n\nStatus: ")
    preview = (fork / "generated" / "previews" / "templates" / "decision-record.md").read_text(encoding="utf-8")
    assert preview.startswith("[Download decision-record.md](../downloads/templates/decision-record.md.txt)"
                              '{ .md-button download="decision-record.md" }')
    assert 'role="heading" aria-level="3"' in preview and "\n# " not in preview  # no heading of its own in the TOC


def test_a_template_page_whose_preview_has_no_template_fails_generation(fork):
    path = fork / "docs" / "templates" / "seam-agreement.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("```markdown", "```text", 1), encoding="utf-8")
    result = generate(fork)
    assert result.returncode == 2
    assert result.stderr.splitlines()[0].endswith(
        "templates/seam-agreement.md: template page has no ```markdown block under '## Template'")


@pytest.mark.parametrize("play", PLAYS, ids=lambda p: p.stem)
def test_every_play_page_includes_its_own_backlinks(play):
    line = f'--8<-- "generated/backlinks/plays/{play.name}"'
    assert line in play.read_text(encoding="utf-8").splitlines()


def test_generated_files_are_ignored_by_git_and_the_site_package_is_not():
    paths = ["docs/checklists/kickoff-readiness.md", "docs/schemas/answers.schema.json",
             "docs/downloads/templates/seam-agreement.md.txt", "generated/backlinks/plays/team-health.md",
             "generated/cards/plays/team-health.md", "site/index.html", ".cache/x"]
    ignored = subprocess.run(["git", "check-ignore", *paths], cwd=REPO, capture_output=True, text=True)
    assert ignored.stdout.split() == paths
    kept = subprocess.run(["git", "check-ignore", "playbook_cli/site/generate.py", "docs/javascripts/playbook-core.js"],
                          cwd=REPO, capture_output=True, text=True)
    assert kept.stdout == ""


def test_help_documents_the_generate_command():
    result = subprocess.run([sys.executable, "-m", "playbook_cli.site", "generate", "--help"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "zensical build" in result.stdout


# -- what each engine publishes -------------------------------------------------------

@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    return tmp_path_factory.mktemp("engines")


def built(engine: str, scratch):
    """The site one engine built from a copy of the project (failing, or skipping, with the reason)."""
    if engine == "zensical" and engine_missing("zensical"):
        python = install_zensical(scratch)
        if python is None:
            pytest.skip("zensical cannot be installed here (pip install zensical failed): "
                        "the Zensical build is not checked")
        use_python("zensical", python)
    elif engine_missing(engine):
        missing(engine_missing(engine))
    site, result = built_copy(engine, scratch)
    assert result.returncode == 0, f"{engine} build --strict failed:\n{result.stdout[-3000:]}\n{result.stderr[-5000:]}"
    return site


ENGINES = ["mkdocs", "properdocs", "zensical"]


@pytest.mark.parametrize("engine", ENGINES)
def test_engine_publishes_the_checklist_pages_with_their_form_data(engine, scratch):
    site = built(engine, scratch)
    index = (site / "checklists" / "index.html").read_text(encoding="utf-8")
    for path in CHECKLISTS:
        checklist = load_checklist(path)
        page = (site / "checklists" / checklist.id / "index.html").read_text(encoding="utf-8")
        for item in checklist.items:
            assert html.escape(item.question, quote=False) in page, item.id
            assert re.search(rf'<p class="playbook-question" id="{item.id}">', page), item.id
        assert page.count("<strong>Critical</strong>") == sum(i.critical for i in checklist.items)
        assert page_data(page, "playbook-checklist")["id"] == checklist.id
        assert page_data(page, "playbook-rules")["answerWords"] == ["yes", "partly", "no", "unknown", "n/a"]
        # One small loader on every page; it loads the form's scripts, published beside it (tests/test_browser_site.py).
        assert 'src="../../javascripts/playbook-pages.js"' in page
    for script in ("vendor/js-yaml.umd.min.js", "playbook-core.js", "playbook-answers.js", "playbook-dom.js",
                   "checklist-form.js", "play-filter.js"):
        assert (site / "javascripts" / script).is_file(), script
        assert not re.search(rf'<script[^>]+src="[^"]*{re.escape(script)}"', index), script
    for path in CHECKLISTS:
        assert f'href="{path.stem}/"' in index
    assert (site / "javascripts" / "vendor" / "js-yaml.LICENSE").is_file()


@pytest.mark.parametrize("engine", ENGINES)
def test_engine_publishes_play_backlinks_and_schemas(engine, scratch):
    site = built(engine, scratch)
    page = (site / SAMPLE_PLAY / "index.html").read_text(encoding="utf-8")
    assert f'href="../../checklists/{SAMPLE_FILE.stem}/#{SAMPLE_ITEM.id}"' in page
    assert "--8&lt;--" not in page and "generated/backlinks" not in page
    for name in ("checklist.schema.json", "answers.schema.json"):
        published = json.loads((site / "schemas" / name).read_text(encoding="utf-8"))
        assert published.pop("$id").endswith(f"/schemas/{name}")
        assert published == json.loads((REPO / "playbook_cli" / "schemas" / name).read_text(encoding="utf-8"))
    assert not (site / "plays" / "_template").exists()
    assert not (site / "hooks").exists()


@pytest.mark.parametrize("engine", ENGINES)
def test_engine_publishes_play_cards_the_plays_index_and_rendered_templates(engine, scratch):
    from playbook_cli.site.docs_pages import front_matter

    site = built(engine, scratch)
    plays = [p for p in PLAYS if not p.name.startswith("_")]
    for play in plays:
        meta = front_matter(play)
        page = (site / "plays" / play.stem / "index.html").read_text(encoding="utf-8")
        card = re.search(r'<dl class="playbook-card"[^>]*>(.*?)</dl>', page, re.S)
        assert card, f"{play.name}: no card"
        facts = dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", card.group(1)))
        assert facts["Time"] == html.escape(meta["time"]) and facts["Phase"] == meta["phase"], play.name
        assert facts["Owner"] == html.escape(meta["owner"]), play.name
        assert f'datetime="{meta["last_reviewed"]}"' in facts["Last reviewed"], play.name
        # The card comes first: right after the title, before any paragraph of the page's own.
        assert page.index("</h1>") < page.index('<dl class="playbook-card"') < page.index("<p>", page.index("</h1>"))
    index = (site / "plays" / "index.html").read_text(encoding="utf-8")
    for play in plays:
        assert re.search(rf'<div class="playbook-play"[^>]* data-phase="[^"]+"[^>]*>\s*'
                         rf'<h2[^>]*><a href="{play.stem}/">', index), play.name
    template = (site / "templates" / "decision-record" / "index.html").read_text(encoding="utf-8")
    link = re.search(r'<a class="md-button" download="decision-record.md" href="([^"]+)">', template)
    assert link, "no download link"
    download = (site / "templates" / "decision-record" / link.group(1)).resolve()
    source = (REPO / "docs" / "templates" / "decision-record.md").read_text(encoding="utf-8")
    assert download.read_text(encoding="utf-8") == source.split("```markdown\n", 1)[1].split("\n```\n", 1)[0] + "\n"
    assert re.search(r'<div class="playbook-template"[^>]*>', template) and 'role="heading"' in template


@pytest.mark.parametrize("engine", ENGINES)
def test_engine_names_task_list_checkboxes_by_their_text(engine, scratch):
    site = built(engine, scratch)
    page = (site / "guides" / "kickoff-session" / "index.html").read_text(encoding="utf-8")
    boxes = re.findall(r'<label class="task-list-control"><input[^>]*type="checkbox"[^>]*>', page)
    assert boxes, "the kickoff guide should show a task list"
    for box in boxes:
        label_id = re.search(r'aria-labelledby="([^"]+)"', box)
        assert label_id, box
        label = re.search(rf'<span class="task-list-label" id="{label_id.group(1)}">(.*?)</span>', page, re.S)
        assert label and re.sub(r"<[^>]+>", "", label.group(1)).strip(), box


def test_zensical_without_the_generation_step_fails_instead_of_publishing_a_broken_site(scratch, tmp_path):
    built("zensical", scratch)  # the engine is there (or this skips)
    from tests.site_build import _env, engine_python

    root = copy_project(tmp_path / "fork")
    result = subprocess.run([engine_python("zensical"), "-m", "zensical", "build", "--strict"], cwd=root, env=_env(),
                            capture_output=True, text=True, timeout=600)
    assert result.returncode != 0
    assert re.search(r"Snippet at path .generated/(backlinks|cards|previews)/", result.stdout + result.stderr)


def test_no_external_assets(built_site):
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, page
        # Scripts, stylesheets, fonts and images must be local; rel="canonical" is only a link.
        loads = re.findall(r'<script[^>]+src="(https?://[^"]+)"', text)
        loads += re.findall(r'<img[^>]+src="(https?://[^"]+)"', text)
        loads += [href for tag in re.findall(r"<link[^>]+>", text) if 'rel="canonical"' not in tag
                  for href in re.findall(r'href="(https?://[^"]+)"', tag)]
        assert loads == [], f"{page.relative_to(built_site)} loads external {loads}"
    vendored = (built_site / "javascripts" / "vendor" / "js-yaml.umd.min.js").read_text(encoding="utf-8")
    assert "sourceMappingURL" not in vendored  # no request for a source map that is not there


def test_checklist_page_links_to_its_plays_by_title(built_site):
    page = (built_site / "checklists" / SAMPLE_FILE.stem / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'<a href="../../{re.escape(SAMPLE_PLAY)}/">[^<]+</a>', page)


def test_play_template_is_not_published(built_site):
    assert not (built_site / "plays" / "_template").exists()
    assert (built_site / "templates" / "ownership-map" / "index.html").is_file()


def test_nothing_is_left_in_the_checkout_but_ignored_files(built_site):
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all", "docs/checklists",
                             "docs/schemas", "generated", "site"],
                            cwd=REPO, capture_output=True, text=True)
    assert [line for line in status.stdout.splitlines() if line.startswith("??")] == []


def test_mkdocs_serve_reloads_on_checklist_edits(fork):
    """`mkdocs serve` regenerates a checklist's page when its YAML changes (watch: checklists in mkdocs.yml)."""
    import socket
    import time
    import urllib.request

    from tests.site_build import _env

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=fork, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def page_when(condition, seconds=120):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/checklists/{SAMPLE_FILE.stem}/", timeout=5) as r:
                    text = r.read().decode("utf-8")
                if condition(text):
                    return text
            except OSError:
                pass
            time.sleep(0.5)
        raise AssertionError("the served page did not change in time")

    try:
        original = SAMPLE_ITEM.question
        page_when(lambda text: original in text)
        path = fork / "checklists" / SAMPLE_FILE.name
        new = "Has a named executive sponsor promised, in writing, to clear blockers within two days?"
        path.write_text(path.read_text(encoding="utf-8").replace(original, new), encoding="utf-8")
        page_when(lambda text: new in text and original not in text)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_readme_gives_one_line_per_engine_that_installs_it_and_builds_the_site():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Build the site", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.S).group(1)
    lines = [line.split("#", 1)[0].strip() for line in block.splitlines() if line.strip()]
    assert lines == [
        'pip install -e ".[docs]" && NO_MKDOCS_2_WARNING=1 mkdocs build --strict',
        'pip install -e ".[docs]" && properdocs build --strict -f mkdocs.yml',
        "pip install -e . zensical && python -m playbook_cli.site generate && zensical build --strict",
    ]  # the builds tests/site_build.py runs, engine by engine


def test_search_index_leaves_out_what_only_repeats_other_pages(built_site):
    """The play cards, the plays index's cards and the template previews are not indexed: a search
    for a play finds the play, and its snippet starts with the page's own words, not its card."""
    docs = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert not [d["location"] for d in docs if "Last reviewed" in d["text"] or "What to prepare" in d["text"]]
    assert [d["location"] for d in docs if d["location"].startswith("plays/#")] == ["plays/#where-to-go-next"]
    template = next(d for d in docs if d["location"] == "templates/decision-record/#template")
    assert template["text"].count("Short title: the decision, not the topic") == 1  # the Markdown, once
