"""The "Tailor this playbook" guide, performed on a fresh copy of the files a fork owns.

Each step does what docs/guides/tailor.md tells a new organisation to do, with
the commands it names, run as a user would: `python -m playbook_cli` and
`mkdocs build --strict` in the fork's directory.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.common import copy_repo
from tests.conftest import REPO
from tests.site_build import build_site, engine_missing

GUIDE = REPO / "docs" / "guides" / "tailor.md"
SITE_NAME = "Acme Delivery Playbook"
LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><circle cx="12" cy="12" r="10"/></svg>\n'


def playbook(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """`playbook ARGS` in the fork's directory, as a user types it."""
    env = {k: v for k, v in os.environ.items() if k != "PLAYBOOK_CHECKLISTS"}
    return subprocess.run([sys.executable, "-m", "playbook_cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def set_key(mkdocs_yml: Path, key: str, value: str) -> None:
    """Replace a top-level `key: ...` line, keeping every comment in the file."""
    text = mkdocs_yml.read_text(encoding="utf-8")
    text, count = re.subn(rf"^{re.escape(key)}:.*$", f"{key}: {value}", text, count=1, flags=re.M)
    assert count == 1, f"no top-level {key} in mkdocs.yml"
    mkdocs_yml.write_text(text, encoding="utf-8")


def nav_files(nav) -> list[str]:
    out = []
    for entry in nav:
        if isinstance(entry, str):
            out.append(entry)
        else:
            for value in entry.values():
                out += nav_files(value) if isinstance(value, list) else [value]
    return out


def guide_step(number: int) -> str:
    """The text of step `number` of the guide."""
    return GUIDE.read_text(encoding="utf-8").split(f"\n## {number}. ", 1)[1].split("\n## ", 1)[0]


def guide_overlay() -> str:
    """The overlay of step 6 of the guide, exactly as printed there."""
    return re.search(r"```yaml\n(.*?)```", guide_step(6), flags=re.S).group(1)


def guide_toml(number: int) -> str:
    """The playbook.toml lines of a step of the guide, as printed there."""
    return re.search(r"```toml\n(.*?)```", guide_step(number), flags=re.S).group(1)


def rename_and_brand(root: Path) -> None:
    """Steps 2 and 3: name, links to the fork, colours, logo, a stylesheet of its own. No upstream file edited."""
    config = root / "mkdocs.yml"
    set_key(config, "site_name", SITE_NAME)
    set_key(config, "site_description", "How Acme's teams kick off and run projects without handoffs.")
    set_key(config, "copyright", "© Acme Ltd. Adapted from the Handoff-Free Playbook (MIT).")
    set_key(config, "repo_url", "https://github.com/acme/playbook")
    set_key(config, "repo_name", "acme/playbook")
    set_key(config, "site_url", "https://acme.github.io/playbook/")
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"^(\s+)(primary|accent): indigo$", r"\1\2: teal", text, flags=re.M)
    text = text.replace("  name: material\n",
                        "  name: material\n  logo: assets/logo.svg\n  favicon: assets/logo.svg\n", 1)
    text = text.replace("  - stylesheets/extra.css\n", "  - stylesheets/extra.css\n  - stylesheets/acme.css\n", 1)
    config.write_text(text, encoding="utf-8")
    (root / "docs" / "assets").mkdir(exist_ok=True)
    (root / "docs" / "assets" / "logo.svg").write_text(LOGO, encoding="utf-8")
    css = re.search(r"```css\n(.*?)```", guide_step(3), flags=re.S).group(1)
    (root / "docs" / "stylesheets" / "acme.css").write_text(css, encoding="utf-8")


HIDDEN_PLAY, HIDDEN_CHECKLIST = "plays/team-health.md", "team-health"   # the guide's example (step 4)
NEW_PLAY = "plays/acme-launch-review.md"
UPSTREAM: dict[str, bytes] = {}  # the fork's files as upstream gave them, filled by the fixture


def add_a_play(root: Path) -> None:
    """Step 8, with an upstream play standing in for the one Acme writes: no owner or review date of its own."""
    source = next(p for p in sorted((root / "docs" / "plays").glob("*.md"))
                  if not p.name.startswith(("_", "index")) and p.name != Path(HIDDEN_PLAY).name)
    text = source.read_text(encoding="utf-8").replace(source.name, Path(NEW_PLAY).name)
    text = re.sub(r"^(owner|last_reviewed):.*\n", "", text, flags=re.M)
    text = re.sub(r"^title: .*$", 'title: "Run a launch review with support in the room"', text, count=1, flags=re.M)
    (root / "docs" / NEW_PLAY).write_text(text, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "      - All plays: plays/index.md\n", f"      - All plays: plays/index.md\n      - {NEW_PLAY}\n", 1),
        encoding="utf-8")


@pytest.fixture(scope="module")
def fork(tmp_path_factory):
    """A fork after steps 2 to 8 of the guide, and its strictly built site."""
    root = copy_repo(tmp_path_factory.mktemp("acme") / "acme-playbook")
    shutil.copy(REPO / "playbook.toml", root / "playbook.toml")
    UPSTREAM.update({p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()})
    rename_and_brand(root)
    settings = root / "playbook.toml"                                                            # steps 4 and 5
    settings.write_text(settings.read_text(encoding="utf-8") + "\n" + guide_toml(4) + "\n" + guide_toml(5),
                        encoding="utf-8")

    overlay = root / "checklists" / "acme-kickoff.yaml"                                          # step 6
    overlay.write_text(guide_overlay(), encoding="utf-8")
    note = playbook(root, "validate", "checklists/acme-kickoff.yaml")
    assert note.returncode == 0, note.stdout
    line = re.search(r"^Note: checklists/acme-kickoff\.yaml:\d+:\d+: .* add (base_version: \d+) ", note.stderr, re.M)
    assert line, note.stderr
    overlay.write_text(guide_overlay().replace("extends: kickoff-readiness\n",
                                               f"extends: kickoff-readiness\n{line.group(1)}\n"), encoding="utf-8")

    created = playbook(root, "new", "acme-launch", "--title", "Acme launch readiness")          # step 7
    assert created.returncode == 0, created.stderr
    assert created.stderr.startswith("Created checklists/acme-launch.yaml")
    add_a_play(root)                                                                           # step 8

    site = root.parent / "site"
    built = build_site(root, site)
    assert built.returncode == 0, built.stderr
    return root, site


def test_renamed_config_is_still_valid_yaml(fork):
    root, _ = fork
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == SITE_NAME
    assert [p["primary"] for p in config["theme"]["palette"]] == ["teal", "teal"]
    assert config["theme"]["logo"] == "assets/logo.svg"
    assert config["extra_css"].index("stylesheets/acme.css") > config["extra_css"].index("stylesheets/extra.css")
    assert "# -- Project" in (root / "mkdocs.yml").read_text(encoding="utf-8")  # comments kept


def test_no_upstream_file_was_edited_but_the_config(fork):
    root, _ = fork
    tracked = set(subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True)
                  .stdout.decode("utf-8").split("\0"))
    changed = [name for name, before in UPSTREAM.items()
               if name in tracked and (root / name).read_bytes() != before]   # the copy as it was, before step 2
    assert sorted(changed) == ["mkdocs.yml", "playbook.toml"]


def test_validate_passes_in_the_fork_with_no_warning_or_note(fork):
    root, _ = fork
    result = playbook(root, "validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr.strip().endswith("all valid.")
    assert "Warning" not in result.stderr and "Note" not in result.stderr


def test_site_has_the_new_name_colours_logo_and_edit_links(fork):
    _, site = fork
    home = (site / "index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", home).group(1)
    assert SITE_NAME in title and "Handoff-Free" not in title
    assert SITE_NAME in home.split("md-header__topic", 1)[1][:300]          # the header
    assert 'data-md-color-primary="teal"' in home
    assert 'src="assets/logo.svg"' in home and (site / "assets" / "logo.svg").read_text() == LOGO
    assert 'href="stylesheets/acme.css"' in home
    assert "https://github.com/acme/playbook/edit/main/docs/index.md" in home
    assert "© Acme Ltd." in home


def test_site_has_the_overlay_the_new_checklist_and_the_new_play(fork):
    root, site = fork
    overlay = (site / "checklists" / "acme-kickoff" / "index.html").read_text(encoding="utf-8")
    article = overlay.split("<article", 1)[1]
    assert "Acme kickoff readiness" in article
    assert "Has a VP agreed, in writing, to sponsor this project?" in article
    assert "Is the RACI filed with the programme office?" in article
    assert "Has security reviewed a threat model for the new data flows?" in article
    from playbook_cli.catalog import Catalog

    base = Catalog.discover(root / "checklists").get("kickoff-readiness")
    assert base.item("funding-beyond-launch").question not in article
    assert base.item("exec-sponsor").question not in article

    scaffolded = (site / "checklists" / "acme-launch" / "index.html").read_text(encoding="utf-8")
    assert "Acme launch readiness" in scaffolded
    index = (site / "checklists" / "index.html").read_text(encoding="utf-8")
    assert "acme-kickoff/" in index and "acme-launch/" in index
    # The hook put both pages in the Checklists section of the navigation.
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="checklists/acme-launch/"' in home and 'href="checklists/acme-kickoff/"' in home
    # The new play: in the nav and the plays index, its card with the fork's default owner and review date.
    assert 'href="plays/acme-launch-review/"' in home
    assert 'href="acme-launch-review/"' in (site / "plays" / "index.html").read_text(encoding="utf-8")
    card = (site / "plays" / "acme-launch-review" / "index.html").read_text(encoding="utf-8")
    assert "<dd>Acme delivery guild</dd>" in card and '<time datetime="2026-10-01">' in card


def test_hidden_play_and_checklist_are_built_but_listed_nowhere(fork):
    root, site = fork
    play_url, checklist_url = "plays/team-health/", f"checklists/{HIDDEN_CHECKLIST}/"
    assert (site / play_url / "index.html").is_file() and (site / checklist_url / "index.html").is_file()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'href="{play_url}"' not in home and f'href="{checklist_url}"' not in home  # nav, lists, tables
    assert 'href="team-health/"' not in (site / "plays" / "index.html").read_text(encoding="utf-8")
    assert f'href="{HIDDEN_CHECKLIST}/"' not in (site / "checklists" / "index.html").read_text(encoding="utf-8")
    searched = {doc["location"].split("#")[0]
                for doc in json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]}
    assert play_url not in searched and checklist_url not in searched and "plays/ownership-map/" in searched
    listed = playbook(root, "list")
    assert listed.returncode == 0 and not re.search(rf"^{HIDDEN_CHECKLIST} ", listed.stdout, re.M)
    refused = playbook(root, "run", HIDDEN_CHECKLIST, "-o", str(root.parent / "x.yaml"))
    assert refused.returncode == 2 and refused.stderr.startswith("Error: playbook.toml:")


def test_show_and_score_use_the_overlay(fork, tmp_path):
    root, _ = fork
    shown = playbook(root, "show", "acme-kickoff")
    assert shown.returncode == 0 and shown.stdout.startswith("Acme kickoff readiness  (acme-kickoff, version 1,")
    assert "Has a VP agreed, in writing, to sponsor this project?" in shown.stdout
    answers = tmp_path / "answers.yaml"
    answers.write_text('checklist: acme-kickoff\nanswers:\n  exec-sponsor: "no"\n', encoding="utf-8")
    scored = playbook(root, "score", str(answers), "--format", "json")
    assert scored.returncode == 0 and scored.stderr == ""                       # no drift: base_version is current
    gaps = {gap["item"]: gap for gap in json.loads(scored.stdout)["gaps"]}
    assert gaps["exec-sponsor"]["weight"] == 3 and "funding-beyond-launch" not in gaps


def test_hiding_a_linked_play_needs_no_edit_to_the_checklists_that_link_it(tmp_path):
    """Step 4: validate notes each question that links to the hidden play; nothing fails, every page builds."""
    root = copy_repo(tmp_path / "acme-playbook")
    (root / "playbook.toml").write_text(f'[hide]\nplays = ["{HIDDEN_PLAY}"]\n', encoding="utf-8")
    result = playbook(root, "validate")
    assert result.returncode == 0, result.stdout
    notes = [line for line in result.stderr.splitlines() if line.startswith("Note: ")]
    assert notes and all(re.match(rf"Note: checklists/[a-z-]+\.yaml:\d+:\d+: play '{HIDDEN_PLAY}' is hidden by "
                                  r"playbook\.toml", line) for line in notes), notes
    build = build_site(root, tmp_path / "site")
    assert build.returncode == 0, build.stderr             # every page that links to the play still builds
    assert (tmp_path / "site" / Path(HIDDEN_PLAY).with_suffix("") / "index.html").is_file()  # the link works


def test_guide_is_in_the_nav_and_linked_from_the_guides_index():
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    nav = nav_files(config["nav"])
    assert nav.index("guides/tailor.md") == nav.index("guides/checklist-format.md") + 1
    assert "(tailor.md)" in (REPO / "docs" / "guides" / "index.md").read_text(encoding="utf-8")
    text = GUIDE.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Tailor this playbook\ndescription: ")
    for command in ("playbook validate", "mkdocs build --strict", "playbook new", "git remote add upstream",
                    "git merge upstream/main", "playbook.toml", "base_version", "python -m pytest -q tests/",
                    "playbook score answers/*.yaml --fail-under 80"):
        assert command in text, command


# -- pre-commit hook and CI workflows ------------------------------------------------------

def test_pre_commit_hook_runs_validate_on_checklists(tmp_path):
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "playbook-validate")
    assert hook["language"] == "python" and hook["pass_filenames"] is True
    files = re.compile(hook["files"])
    assert files.search("checklists/kickoff-readiness.yaml") and files.search("checklists/x.yml")
    assert not files.search("docs/index.md") and not files.search("answers/dana.yaml")

    root = copy_repo(tmp_path / "repo")
    bad = root / "checklists" / "broken.yaml"
    bad.write_text((root / "checklists" / "kickoff-readiness.yaml").read_text(encoding="utf-8")
                   .replace("id: kickoff-readiness", "id: broken").replace("weight: 2", "weight: 9", 1),
                   encoding="utf-8")
    # pre-commit runs the entry with the changed file names appended, from the repository root.
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""))
    env.pop("PLAYBOOK_CHECKLISTS", None)

    def run(*names):
        return subprocess.run(shlex.split(hook["entry"]) + list(names), cwd=root, env=env,
                              capture_output=True, text=True, timeout=120)

    good = run("checklists/kickoff-readiness.yaml", "checklists/team-health.yaml")
    assert good.returncode == 0, good.stdout + good.stderr
    failed = run("checklists/kickoff-readiness.yaml", "checklists/broken.yaml")
    assert failed.returncode == 1
    assert re.match(r"checklists/broken\.yaml:\d+:\d+: item 'weight' must be 1\.\.5 \(got 9\)", failed.stdout)


def workflow(name: str) -> dict:
    data = yaml.safe_load((REPO / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))     # YAML 1.1 reads a bare `on` as true
    return data


def readme_test_command() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)```", readme, flags=re.S)
    return next(b.strip() for b in blocks if "pytest" in b)


def test_test_workflow_runs_the_readme_test_command():
    data = workflow("tests.yml")
    assert {"push", "pull_request"} <= set(data["on"])
    job = data["jobs"]["test"]
    assert job["runs-on"] == "ubuntu-latest"
    assert job["timeout-minutes"] <= 60
    # Every supported Python, with the newest and with the oldest allowed releases.
    matrix = job["strategy"]["matrix"]
    assert {str(v) for v in matrix["python"]} == {"3.11", "3.12", "3.13"}
    assert set(matrix["deps"]) == {"newest", "oldest"}
    steps = job["steps"]
    setup = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["python-version"] == "${{ matrix.python }}"
    pin = next(s for s in steps if "constraints/oldest.txt" in s.get("run", ""))
    assert pin["if"] == "matrix.deps == 'oldest'"
    runs = [s.get("run", "").strip() for s in steps]
    # The runner's preinstalled Chrome drives the browser tests, so they run rather than skip.
    assert job["env"]["PLAYBOOK_CHROMIUM"] == "/usr/bin/google-chrome"
    assert readme_test_command() in runs
    assert runs.index(readme_test_command()) == len(runs) - 1


def test_oldest_constraints_pin_every_floor_in_pyproject():
    """A floor we claim is a floor we test: constraints/oldest.txt pins each `>=` exactly."""
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        wanted += [d for d in extra if not d.startswith(project["name"])]
    floors = {}
    for dep in wanted:
        match = re.match(r"([A-Za-z0-9_.-]+)(?:\[.*\])?>=([0-9][^,;\s]*)", dep)
        assert match, f"{dep}: every dependency needs a floor (>=)"
        floors[match[1].lower()] = match[2]
    pins = {}
    for line in (REPO / "constraints" / "oldest.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pins[name.strip().lower()] = version.strip()
    from packaging.version import Version

    assert set(pins) == set(floors)
    assert {k: Version(v) for k, v in pins.items()} == {k: Version(v) for k, v in floors.items()}


def test_site_workflow_builds_strictly_and_deploys_to_pages():
    data = workflow("site.yml")
    assert data["on"]["push"]["branches"] == ["main"]
    assert data["permissions"]["pages"] == "write" and data["permissions"]["id-token"] == "write"
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    runs = [s.get("run", "") for s in build["steps"]]
    assert 'pip install ".[docs]"' in runs
    assert "NO_MKDOCS_2_WARNING=1 mkdocs build --strict" in runs
    uses = [s.get("uses", "").split("@")[0] for s in build["steps"]]
    assert "actions/upload-pages-artifact" in uses
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_kickoff_gate_snippet_in_the_guide_is_a_valid_workflow():
    step = guide_step(14)
    data = yaml.safe_load(re.search(r"```yaml\n(.*?)```", step, flags=re.S).group(1))
    gates = [s for s in data["jobs"]["readiness"]["steps"] if "/playbook@" in s.get("uses", "")]
    assert [(s["with"]["mode"], s["with"]["answers"], s["with"]["fail-under"]) for s in gates] == [
        ("gate", "answers/*.yaml", 80)]  # the repository's action.yml (tests/test_action.py)


@pytest.mark.parametrize("engine", ["properdocs", "zensical"])
def test_other_engines_list_no_hidden_play_or_checklist_on_the_home_page(engine, tmp_path):
    """Generation and the Markdown extension hide without the hook; only MkDocs and ProperDocs run the hook."""
    if engine_missing(engine):
        pytest.skip(engine_missing(engine))
    root = copy_repo(tmp_path / "acme-playbook")
    (root / "playbook.toml").write_text(guide_toml(4), encoding="utf-8")
    built = build_site(root, tmp_path / "site", engine)
    assert built.returncode == 0, built.stderr[-2000:]
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    article = home.split("<article", 1)[1].split("</article>", 1)[0]
    assert "plays/team-health/" not in article and f"checklists/{HIDDEN_CHECKLIST}/" not in article
    assert "plays/ownership-map/" in article
    index = (tmp_path / "site" / "checklists" / "index.html").read_text(encoding="utf-8")
    assert f'href="{HIDDEN_CHECKLIST}/"' not in index.split("<article", 1)[1]
    if engine == "properdocs":                                    # the hook: out of the navigation too
        assert 'href="plays/team-health/"' not in home
    # Built, so links hold, but out of the search on either engine (Zensical's index is search.json).
    assert (tmp_path / "site" / "plays" / "team-health" / "index.html").is_file()
    index_file = tmp_path / "site" / ("search.json" if engine == "zensical" else "search/search_index.json")
    entries = json.loads(index_file.read_text(encoding="utf-8"))
    searched = {entry["location"].split("#")[0] for entry in entries.get("items", entries.get("docs", []))}
    assert "plays/team-health/" not in searched and f"checklists/{HIDDEN_CHECKLIST}/" not in searched
    assert "plays/ownership-map/" in searched
