"""Editors find the checklist schema wherever the tool is installed, and a fork publishes its own `$id`.

`playbook new` used to write a `$schema` path relative to the repository's
checklists/, which resolves nowhere once the tool is pip-installed.
"""

from __future__ import annotations

import json
from pathlib import Path

from playbook_cli.site.generate import published_schema
from tests.conftest import REPO

SCHEMA_LINE = "# yaml-language-server: $schema="
PACKAGED = REPO / "playbook_cli" / "schemas"
MKDOCS = """\
site_name: Acme playbook
site_url: https://playbook.acme.test/handbook/   # where the fork publishes
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
"""


def schema_target(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(SCHEMA_LINE)
    return first[len(SCHEMA_LINE):]


def test_new_under_a_site_points_at_the_published_schema(cli, workdir, monkeypatch):
    # mkdocs.yml in a parent directory, with a tag yaml.safe_load would refuse.
    (workdir / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    (workdir / "team").mkdir()
    monkeypatch.chdir(workdir / "team")
    result = cli("new", "launch")
    assert result.exit_code == 0, result.stderr
    target = schema_target(workdir / "team" / "checklists" / "launch.yaml")
    assert target == "https://playbook.acme.test/handbook/schemas/checklist.schema.json"
    assert cli("validate", "checklists/launch.yaml", checklists=False).exit_code == 0


def test_new_without_a_site_points_at_the_installed_schema(cli, workdir):
    (workdir / "mkdocs.yml").write_text("site_name: no address yet\n", encoding="utf-8")
    assert cli("new", "launch").exit_code == 0
    target = schema_target(workdir / "checklists" / "launch.yaml")
    assert target.startswith("file:///")
    schema = Path(target[len("file://"):])
    assert schema.is_file() and schema.is_absolute()
    assert json.loads(schema.read_text(encoding="utf-8"))["title"]  # a schema, not just a file


def test_the_packaged_schemas_name_no_site():
    for name in ("checklist.schema.json", "answers.schema.json"):
        assert "$id" not in json.loads((PACKAGED / name).read_text(encoding="utf-8"))


def test_generation_stamps_the_schema_id_from_site_url(tmp_path):
    # The project's generation step, on the repository's files copied with a fork's site_url.
    from playbook_cli.site.generate import generate
    from tests.site_build import copy_project

    fork = copy_project(tmp_path / "fork")
    config = fork / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    lines = [("site_url: https://playbook.acme.test/" if line.startswith("site_url:") else line)
             for line in text.splitlines()]
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    generate(fork)
    for name in ("checklist.schema.json", "answers.schema.json"):
        raw = (fork / "docs" / "schemas" / name).read_text(encoding="utf-8")
        published = json.loads(raw)
        assert published["$id"] == f"https://playbook.acme.test/schemas/{name}"
        assert "example.org" not in raw
        packaged = json.loads((PACKAGED / name).read_text(encoding="utf-8"))
        assert {k: v for k, v in published.items() if k != "$id"} == packaged


def test_without_site_url_the_schema_is_published_as_packaged():
    packaged = (PACKAGED / "answers.schema.json").read_bytes()
    assert published_schema(packaged, "answers.schema.json", None) == packaged
