"""Reports and checklist pages show whatever a file holds as text, never as markup.

A checklist and a team's answers files carry hostile text in every free-text
field: script tags, javascript: links, attr_list attributes, table pipes,
snippet includes. Every report format and `show` must keep it inert and
visible. HTML output is parsed with html.parser; Markdown output is first
rendered with Python-Markdown (attr_list and tables, and again with the
site's own extensions), as a wiki, a pull request or the site would.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser

import markdown
import pytest
from click.testing import CliRunner

from playbook_cli.cli import main

PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "js-link-tail": "](javascript:alert(1))",
    "js-link": "[click](javascript:alert(1))",
    "attr-list": "{: onclick=x }",
    "pipes": "| pipes |",
    "img-onerror": '<img src=x onerror="alert(1)">',
    "entity": "&lt;script&gt; &amp;",
    "emphasis": "**bold** _it_ `code` ~~del~~",
    "snippet": '--8<-- "/etc/hostname"',
    "comment": "<!-- hidden",
    "autolink": "<javascript:alert(1)>",
}

# Every free-text field gets its own label, so a failure says which one leaked.
FIELDS = ["Title", "Summary", "Band", "Section", "Question", "Why", "Play", "Team", "Respondent", "Note", "Owner"]

# Which fields each output shows (the others must simply not inject anything).
SHOWN = {
    ("score", "text"): ["Title", "Section", "Question", "Band", "Team", "Respondent", "Note", "Owner"],
    ("score", "markdown"): ["Title", "Section", "Question", "Band", "Play", "Team", "Respondent", "Owner"],
    ("score", "html"): ["Title", "Section", "Question", "Band", "Team", "Respondent", "Owner"],
    ("score", "json"): ["Section", "Team", "Respondent", "Owner"],
    ("trend", "markdown"): ["Title", "Section", "Band", "Team"],
    ("trend", "html"): ["Title", "Band", "Team"],
    ("show", "markdown"): ["Summary", "Section", "Question", "Why", "Band", "Play"],
    ("show", "html"): ["Title", "Summary", "Section", "Question", "Why"],
}

SITE_EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc",
                   "pymdownx.details", "pymdownx.superfences", "pymdownx.tabbed", "pymdownx.tasklist",
                   "pymdownx.snippets", "pymdownx.highlight", "pymdownx.inlinehilite"]


def texts(payload: str) -> dict[str, str]:
    return {field: f"{field} {payload}" for field in FIELDS}


@pytest.fixture(params=list(PAYLOADS), ids=list(PAYLOADS))
def hostile(request, tmp_path, monkeypatch):
    """A project whose checklist, play page and answers files all carry the payload."""
    payload = PAYLOADS[request.param]
    t = texts(payload)
    root = tmp_path / "project"
    (root / "checklists").mkdir(parents=True)
    (root / "docs" / "plays").mkdir(parents=True)
    (root / "docs" / "plays" / "fix.md").write_text(f"---\ntitle: {json.dumps(t['Play'])}\n---\n# x\n",
                                                     encoding="utf-8")
    item = {"question": t["Question"], "why": t["Why"], "weight": 2, "play": "plays/fix.md"}
    checklist = {
        "id": "hostile", "title": t["Title"], "version": 1, "summary": t["Summary"],
        "bands": [{"id": "top", "label": "Top", "min": 90}, {"id": "low", "label": t["Band"], "min": 0}],
        "sections": [{"id": "one", "title": t["Section"], "items": [
            dict(item, id="a", critical=True), dict(item, id="b"), dict(item, id="c")]}],
    }
    # JSON is YAML, and json.dumps quotes any text safely.
    (root / "checklists" / "hostile.yaml").write_text(json.dumps(checklist), encoding="utf-8")
    files = []
    for n, (date, said) in enumerate([("2026-11-01", ["no", "unknown", "yes"]), ("2026-11-01", ["yes", "no", "partly"]),
                                      ("2026-11-15", ["partly", "yes", "no"])]):
        answers = {
            "checklist": "hostile", "team": t["Team"], "respondent": f"{t['Respondent']} {n}", "date": date,
            "answers": dict(zip("abc", said)),
            "notes": {"a": t["Note"], "b": t["Note"], "c": t["Note"]},
            "actions": {"a": {"owner": t["Owner"]}, "b": {"owner": t["Owner"]}, "c": {"owner": t["Owner"]}},
        }
        path = root / f"answers-{n}.yaml"
        path.write_text(json.dumps(answers), encoding="utf-8")
        files.append(str(path))
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return {"payload": payload, "texts": t, "checklists": str(root / "checklists"), "files": files}


def output(hostile, command: str, fmt: str) -> str:
    args = {
        "score": ["score", *hostile["files"][:2]],
        "trend": ["trend", *hostile["files"]],
        "show": ["show", "hostile"],
    }[command]
    result = CliRunner().invoke(main, [args[0], "--checklists", hostile["checklists"], *args[1:], "--format", fmt],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


class Page(HTMLParser):
    """Every element with its attributes, and all the text a reader sees."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.chunks: list[str] = []
        self.tables: list[list[int]] = []  # per table, the number of cells in each row
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append(0)
        elif tag in ("td", "th") and self.tables and self.tables[-1]:
            self.tables[-1][-1] += 1

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.chunks.append(data)

    def handle_comment(self, data):
        self.elements.append(("!--", {"text": data}))

    @property
    def text(self) -> str:
        return " ".join("".join(self.chunks).split())


def assert_inert(page: Page) -> None:
    """No script, no event handler, no javascript: URL, no comment swallowing text."""
    tags = [tag for tag, _ in page.elements]
    assert "script" not in tags
    assert "!--" not in tags, "a comment hides text"
    assert "img" not in tags and "iframe" not in tags
    for tag, attrs in page.elements:
        for name, value in attrs.items():
            assert not name.lower().startswith("on"), f"<{tag} {name}=...>"
            assert "javascript:" not in (value or "").lower().replace(" ", ""), f"<{tag} {name}={value!r}>"


def assert_visible(text: str, hostile, shown: list[str]) -> None:
    for field in shown:
        expected = " ".join(hostile["texts"][field].split())
        assert expected in text, f"{field} is not shown literally: {expected!r}"


@pytest.mark.parametrize("command,fmt", [key for key in SHOWN if key[1] == "html"], ids=["score", "trend", "show"])
def test_html_output_shows_hostile_text_as_text(hostile, command, fmt):
    html = output(hostile, command, fmt)
    page = Page(html)
    assert_inert(page)
    assert [tag for tag, _ in page.elements].count("style") == 1  # the report's own stylesheet, nothing added
    assert_visible(page.text, hostile, SHOWN[command, fmt])


@pytest.mark.parametrize("extensions", [["attr_list", "tables"], SITE_EXTENSIONS], ids=["basic", "site"])
@pytest.mark.parametrize("command,fmt", [key for key in SHOWN if key[1] == "markdown"], ids=["score", "trend", "show"])
def test_markdown_output_renders_hostile_text_as_text(hostile, command, fmt, extensions):
    source = output(hostile, command, fmt)
    html = markdown.markdown(source, extensions=extensions,
                             extension_configs={"pymdownx.snippets": {"check_paths": True, "base_path": ["."]}})
    page = Page(html)
    assert_inert(page)
    assert_visible(page.text, hostile, SHOWN[command, fmt])
    # A pipe stays inside its cell: every row of a table has as many cells as its header.
    for table in page.tables:
        assert len(set(table)) == 1, f"rows with different numbers of cells: {table}"


def test_text_report_shows_hostile_text_literally(hostile):
    out = output(hostile, "score", "text")
    assert_visible(" ".join(out.split()), hostile, SHOWN["score", "text"])


def test_json_report_keeps_hostile_text_exactly(hostile):
    data = json.loads(output(hostile, "score", "json"))
    t = hostile["texts"]
    assert data["team"] == t["Team"]
    assert data["respondents"] == [f"{t['Respondent']} 0", f"{t['Respondent']} 1"]
    assert data["sections"][0]["title"] == t["Section"]
    assert {gap["owner"] for gap in data["gaps"]} == {t["Owner"]}
