"""`playbook score` reports as a person reads them: notes in every format, play titles linked to the
published site, values in words or percent, questions in the chart, a fork's own templates, and
Jinja2 loaded only for html. (The browser checks of the HTML report are in test_browser_report.py.)"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from tests.conftest import REPO, error_line, write_answers

NOTE = "Finance and product still disagree on the target"
SITE = "https://playbook.acme.example/handbook/"


class Text(HTMLParser):
    """The text a reader sees in an HTML page, and its links."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._style = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self._style = tag in ("style", "title")
        if tag == "a":
            self._href = dict(attrs).get("href")
            self.links.append((self._href or "", ""))

    def handle_endtag(self, tag):
        self._style = False
        if tag == "a":
            self._href = None
        self.chunks.append(" ")  # cells, paragraphs and items read apart, as on screen

    def handle_data(self, data):
        if self._style:
            return
        self.chunks.append(data)
        if self._href is not None:
            href, text = self.links[-1]
            self.links[-1] = (href, text + data)

    @property
    def text(self) -> str:
        return " ".join("".join(self.chunks).split())


def with_notes(path, answers, notes, **header):
    write_answers(path, answers, **header)
    with path.open("a", encoding="utf-8") as f:
        f.write("notes:\n" + "".join(f"  {item}: {json.dumps(text)}\n" for item, text in notes.items()))
    return path


@pytest.fixture
def dana(workdir):
    return with_notes(workdir / "dana.yaml", {"owner": '"yes"', "sponsor": "partly", "metric": "partly",
                                              "roles": '"no"'},
                      {"metric": NOTE}, team="Payments", respondent="Dana", date="2026-11-23")


@pytest.fixture
def team(workdir, dana):
    lee = with_notes(workdir / "lee.yaml", {"owner": '"no"', "sponsor": '"yes"', "metric": '"no"', "roles": '"no"'},
                     {"metric": "No target yet"}, team="Payments", respondent="Lee", date="2026-11-23")
    sam = write_answers(workdir / "sam.yaml", {"owner": "unknown", "sponsor": '"yes"', "metric": '"yes"',
                                               "roles": "partly"},
                        team="Payments", respondent="Sam", date="2026-11-23")
    return [dana, lee, sam]


def shown(fmt: str, out: str) -> str:
    """What a person reads in the output: the page text for html, the output itself otherwise."""
    return Text(out).text if fmt == "html" else " ".join(out.split())


# -- notes -----------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "html"])
def test_every_format_carries_a_respondents_note(cli, dana, fmt):
    result = cli("score", str(dana), "--format", fmt)
    assert result.exit_code == 0, result.stderr
    if fmt == "json":
        gaps = {g["item"]: g["note"] for g in json.loads(result.stdout)["gaps"]}
        assert gaps == {"roles": None, "metric": NOTE, "sponsor": None}
    else:
        assert NOTE in shown(fmt, result.stdout)


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "html"])
def test_every_format_carries_each_team_members_note(cli, team, fmt):
    out = cli("score", *map(str, team), "--format", fmt).stdout
    if fmt == "json":
        out = next(g["note"] for g in json.loads(out)["gaps"] if g["item"] == "metric")
    assert NOTE in shown(fmt, out) and "No target yet" in shown(fmt, out)


def test_markdown_notes_are_listed_under_the_action_plan(cli, dana):
    out = cli("score", str(dana), "--format", "markdown").stdout
    plan = out.split("### Action plan", 1)[1]
    assert f"- **Is the metric agreed?** {NOTE}" in plan


def three_on_metric(workdir, notes):
    """Three files of one team, each with its note (if any) on `metric`; `owner` a yes for everyone."""
    files = []
    for name, note in zip(("ann", "ben", "cy"), notes):
        path = workdir / f"{name}.yaml"
        answers = {"owner": '"yes"', "sponsor": '"yes"', "metric": "partly", "roles": '"yes"'}
        if note is None:
            write_answers(path, answers, team="Payments", respondent=name.title(), date="2026-11-23")
        else:
            with_notes(path, answers, {"metric": note}, team="Payments", respondent=name.title(), date="2026-11-23")
        files.append(str(path))
    return files


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "html"])
def test_a_blank_note_is_dropped(cli, workdir, fmt):
    files = three_on_metric(workdir, ["  ", "aa from b", "zz from a"])
    out = cli("score", *files, "--format", fmt).stdout
    if fmt == "json":
        assert [g["note"] for g in json.loads(out)["gaps"]] == ["aa from b / zz from a"]
    else:
        assert re.search(r"(Note: |\*\* )aa from b / zz from a", shown(fmt, out))
        assert not re.search(r"/\s*/|(Note:|\*\*)\s*/", shown(fmt, out))


def test_only_blank_notes_leave_no_note(cli, workdir):
    files = three_on_metric(workdir, ["  ", "\t", None])
    assert [g["note"] for g in json.loads(cli("score", *files, "--format", "json").stdout)["gaps"]] == [None]
    assert "Note:" not in cli("score", *files).stdout


ON_A_YES = "Owner named in the charter"


@pytest.fixture
def noted_yes(workdir):
    """Dana's file with a note on `owner`, answered yes: not a gap."""
    return with_notes(workdir / "dana.yaml", {"owner": '"yes"', "sponsor": "partly", "metric": "partly",
                                              "roles": '"no"'},
                      {"owner": ON_A_YES, "metric": NOTE}, team="Payments", respondent="Dana", date="2026-11-23")


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "html"])
def test_every_format_carries_a_note_on_an_item_that_is_not_a_gap(cli, noted_yes, fmt):
    out = cli("score", str(noted_yes), "--format", fmt).stdout
    if fmt == "json":
        data = json.loads(out)
        assert data["notes"] == [{"item": "owner", "note": ON_A_YES}]
        assert [g["note"] for g in data["gaps"] if g["item"] == "metric"] == [NOTE]  # a gap keeps its own
    else:
        text = shown(fmt, out)
        assert ON_A_YES in text and text.count(NOTE) == 1
        assert text.index("Is there one owner?", text.index("Action plan")) < text.index(ON_A_YES)  # its question


def test_notes_on_items_that_are_not_gaps_follow_the_anonymous_rules(cli, workdir):
    files = [str(with_notes(workdir / f"{name}.yaml", {"owner": '"yes"', "sponsor": '"yes"', "metric": '"yes"',
                                                        "roles": '"yes"'}, {"owner": f"zz note of {name}"},
                            team="Payments", respondent=name, date="2026-11-23")) for name in ("Ann", "Ben", "Cy")]
    data = json.loads(cli("score", *files, "--format", "json", "--anonymous").stdout)
    assert data["notes"] == [{"item": "owner", "note": "zz note of Ann / zz note of Ben / zz note of Cy"}]
    two = cli("score", *files[:2], "--format", "json", "--anonymous").stdout
    assert json.loads(two)["notes"] is None and "zz note" not in two
    for fmt in ("text", "markdown", "html"):
        assert "zz note" not in cli("score", *files[:2], "--format", fmt, "--anonymous").stdout
    assert json.loads(cli("score", *files[:2], "--format", "json").stdout)["notes"] == [
        {"item": "owner", "note": "zz note of Ann / zz note of Ben"}]


# -- play titles and links ------------------------------------------------------------

def test_html_and_markdown_show_play_titles_not_paths_without_a_site(cli, dana):
    html = cli("score", str(dana), "--format", "html").stdout
    page = Text(html)
    assert "Play B" in page.text and "plays/b.md" not in html
    assert page.links == []  # no site_url: a plain title, never a link to a file in the repository
    md = cli("score", str(dana), "--format", "markdown").stdout
    assert "| Play B |" in md and "plays/b.md" not in md


def test_play_titles_link_to_the_forks_published_site(cli, project, dana):
    (project / "mkdocs.yml").write_text(f"site_name: Acme playbook\nsite_url: {SITE}\n", encoding="utf-8")
    page = Text(cli("score", str(dana), "--format", "html").stdout)
    assert page.links == [(f"{SITE}plays/b/", "Play B")]
    md = cli("score", str(dana), "--format", "markdown").stdout
    assert f"[Play B](<{SITE}plays/b/>)" in md
    # show --format html links the same way; show --format markdown stays the site page's body.
    shown_page = Text(cli("show", "mini", "--format", "html").stdout)
    assert sorted(shown_page.links) == [(f"{SITE}plays/a/", "Play A"), (f"{SITE}plays/b/", "Play B")]


# -- values a person reads ------------------------------------------------------------

def test_one_respondents_values_are_words(cli, dana):
    page = Text(cli("score", str(dana), "--format", "html").stdout).text
    # The action plan: # Gap Answer Weight Owner Play, biggest gap first.
    assert re.search(r"1 Are roles clear\? \(roles\) no 2 unowned", page)
    assert re.search(r"2 Is the metric agreed\? \(metric\) Note: .* partly 2 unowned Play B", page)
    md = cli("score", str(dana), "--format", "markdown").stdout
    assert "| # | Gap | Answer | Weight | Owner | Play |" in md
    assert "   1. roles  no, weight 2  owner: UNOWNED" in cli("score", str(dana)).stdout.splitlines()
    assert "| 1 | Are roles clear? | no | 2 | **unowned** |  |" in md


def test_a_value_of_nought_with_questions_left_blank_says_so(cli, workdir):
    lone = write_answers(workdir / "a.yaml", {"owner": '"yes"', "sponsor": '"yes"', "metric": '"no"'})
    page = Text(cli("score", str(lone), "--format", "html").stdout).text
    assert "(metric) no or unanswered" in page and "(roles) no or unanswered" in page


def test_team_values_are_percentages_never_fractions(cli, team):
    # metric: partly, no, yes = (0.5 + 0 + 1) / 3 = 50%; owner: yes, no, unknown = 1/3 = 33%.
    for fmt in ("html", "markdown"):
        out = cli("score", *map(str, team), "--format", fmt).stdout
        assert "0.3333" not in out and "0.6667" not in out
        text = shown(fmt, out)
        assert re.search(r"Is there one owner\?.{0,40}? 33%", text), text
        assert re.search(r"Is the metric agreed\?.{0,200}? 50%", text)
    text = cli("score", *map(str, team)).stdout
    assert "   1. owner  33%, weight 3  owner: UNOWNED" in text.splitlines() and "0.3333" not in text
    # Spreads too: owner was answered yes and no, the whole scale.
    assert "| Is there one owner? | 100% | Dana: yes, Lee: no, Sam: unknown |" in out


# -- the misalignment chart -----------------------------------------------------------

def test_misalignment_chart_is_labelled_with_the_questions(cli, team):
    html = cli("score", *map(str, team), "--format", "html").stdout
    titles = re.findall(r"<title id=\"spread-\d+\">(.*?)</title>", html)
    questions = ("Is there one owner?", "Is there a sponsor?", "Is the metric agreed?", "Are roles clear?")
    assert titles and all(t.startswith(questions) for t in titles)  # a question, not an item id
    assert "Is there one owner? Answers: Dana: yes, Lee: no, Sam: unknown" in titles
    page = Text(html).text
    assert "Is there one owner? (owner)" in page  # the id stays, as a hint


# -- templates ------------------------------------------------------------------------

def fork_templates(project, files: dict[str, str]):
    (project / "playbook.toml").write_text('[reports]\ntemplates = "report-templates"\n', encoding="utf-8")
    folder = project / "report-templates"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def test_a_fork_brands_its_reports_from_the_folder_playbook_toml_names(cli, project, dana):
    # brand.html is on every page, so it uses what every page has: `title`.
    fork_templates(project, {"brand.html": '<header class="acme">Acme Corp · {{ title }}</header>\n',
                             "brand.css": ":root { --accent: #7a1f5c; }\n"})
    html = cli("score", str(dana), "--format", "html").stdout
    assert '<header class="acme">Acme Corp · Mini readiness: 56/100</header>' in html
    assert ":root { --accent: #7a1f5c; }" in html and html.count("<style>") == 1
    assert '<header class="acme">Acme Corp · Trend</header>' in cli("trend", str(dana), "--format", "html").stdout
    assert '<header class="acme">Acme Corp · Mini readiness</header>' in cli("show", "mini", "--format", "html").stdout
    assert '<header class="acme">Acme Corp · Checklists</header>' in cli("list", "--format", "html").stdout
    # Text and markdown never read the templates.
    assert "Acme" not in cli("score", str(dana), "--format", "markdown").stdout


def test_a_forks_template_extends_the_packaged_one_and_stays_escaped(cli, project, workdir):
    fork_templates(project, {"score.html": '{% extends "playbook/score.html" %}'
                                           '{% block footer %}<footer>Team {{ result.team }}</footer>{% endblock %}'})
    answers = write_answers(workdir / "x.yaml", {"owner": '"yes"'}, team="<script>alert(1)</script>")
    html = cli("score", str(answers), "--format", "html").stdout
    assert "<footer>Team &lt;script&gt;alert(1)&lt;/script&gt;</footer>" in html
    assert "<script" not in html
    assert '<p class="verdict">Score' in html  # the packaged report is still there


@pytest.mark.parametrize("files, where", [
    ({"brand.html": "{% if %}\n"}, "report-templates/brand.html:1"),
    ({"brand.html": "{{ no_such_name }}\n"}, "score.html"),
])
def test_a_broken_template_is_one_error_line(cli, project, dana, files, where):
    fork_templates(project, files)
    result = cli("score", str(dana), "--format", "html")
    assert result.exit_code == 2
    assert error_line(result).startswith("Error: ") and where in error_line(result)
    assert "report template" in error_line(result)
    assert "Traceback" not in result.stderr


def test_a_templates_folder_that_is_not_there_is_an_error_in_playbook_toml(cli, project, dana):
    (project / "playbook.toml").write_text('[reports]\ntemplates = "nowhere"\n', encoding="utf-8")
    result = cli("score", str(dana), "--format", "html")
    assert result.exit_code == 2
    assert error_line(result).startswith(f"Error: {project / 'playbook.toml'}") and "nowhere" in error_line(result)


# -- Jinja2 only for html ---------------------------------------------------------------

LOADED = """
import sys
from click.testing import CliRunner
import playbook_cli.cli
print("after import:", "jinja2" in sys.modules)
for fmt in sys.argv[4:]:
    result = CliRunner().invoke(playbook_cli.cli.main, [sys.argv[3], "--checklists", sys.argv[2], sys.argv[1],
                                                        "--format", fmt])
    assert result.exit_code == 0, result.output
    print(fmt + ":", "jinja2" in sys.modules)
"""


@pytest.mark.parametrize("command", ["score", "overview"])
def test_jinja2_is_imported_only_when_html_is_asked_for(project, dana, command):
    run = subprocess.run([sys.executable, "-c", LOADED, str(dana), str(project / "checklists"), command,
                          "text", "markdown", "json", "html"],
                         cwd=REPO, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split("\n")[:5] == ["after import: False", "text: False", "markdown: False", "json: False",
                                          "html: True"]
