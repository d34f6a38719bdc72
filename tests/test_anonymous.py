"""Anonymous checklists (DESIGN.md, "Anonymous checklists"): team results never show who answered what.

On the test's own checklists, never on upstream content. `pulse` is anonymous:
three questions, total weight 4, bands healthy 75 / watch 55 / struggling 0.
The people have names no report would print by chance.

Team of three (Ximena, Yusuf, Zora), by hand:
  disagree (weight 2): yes, no, yes     -> 2/3, spread 1    (counts yes 2, no 1)
  mistakes (weight 1): partly, partly, yes -> 2/3, spread 1/2 (counts yes 1, partly 2)
  clear-goals (weight 1): yes x3        -> 1,   spread 0
  score = 100 x (2 x 2/3 + 2/3 + 1) / 4 = 75 -> healthy (min 75)
  sections: safety (4/3 + 2/3) / 3 = 66.7 -> 67; goals 100
  alignment = 100 x (1 - (1 + 1/2 + 0) / 3) = 50; worth a conversation: disagree, mistakes
  gaps: disagree 2 x 1/3, then mistakes 1 x 1/3
Team of two (Ximena, Yusuf):
  disagree 1/2 (spread 1), mistakes 1/2 (spread 0), clear-goals 1
  score = 100 x (2 x 1/2 + 1/2 + 1) / 4 = 62.5 -> 63, watch; alignment 100 x (1 - 1/3) = 66.7 -> 67
"""

from __future__ import annotations

import json
import re

import pytest

from playbook_cli.catalog import Catalog
from tests.common import schema_accepts
from tests.conftest import error_line

PULSE = """\
id: pulse
title: Team pulse
version: 1
anonymous: true
bands:
  - {id: healthy, label: Healthy, min: 75}
  - {id: watch, label: Watch, min: 55}
  - {id: struggling, label: Struggling, min: 0}
sections:
  - id: safety
    title: Safety
    items:
      - {id: disagree, question: "Can people disagree with the lead?", why: Silence hides risk., weight: 2}
      - {id: mistakes, question: "Can people admit a mistake?", why: Hidden mistakes grow.}
  - id: goals
    title: Goals
    items:
      - {id: clear-goals, question: "Are the goals clear?", why: Nobody can aim at a fog.}
"""

PEOPLE = {
    "ximena": ("Ximena Quillfeather", {"disagree": '"yes"', "mistakes": "partly", "clear-goals": '"yes"'},
               {"mistakes": "Blame follows errors"}),
    "yusuf": ("Yusuf Brightwater", {"disagree": '"no"', "mistakes": "partly", "clear-goals": '"yes"'}, {}),
    "zora": ("Zora Thistlewood", {"disagree": '"yes"', "mistakes": '"yes"', "clear-goals": '"yes"'},
             {"mistakes": "After the outage it got better"}),
}
NAMES = [name for name, _, _ in PEOPLE.values()]
FORMATS = ["text", "markdown", "json", "html"]
WITHHELD = re.compile(r"fewer than 3 people answered", re.IGNORECASE)


def answers_text(checklist: str, name: str, answers: dict, notes: dict, actions: str = "") -> str:
    lines = [f"checklist: {checklist}", "checklist_version: 1", "team: Harbour", f"respondent: {name}",
             "date: 2026-11-02", "answers:"] + [f"  {item}: {value}" for item, value in answers.items()]
    if notes:
        lines += ["notes:"] + [f"  {item}: {json.dumps(note)}" for item, note in notes.items()]
    return "\n".join(lines) + "\n" + actions


@pytest.fixture
def pulse(project):
    (project / "checklists" / "pulse.yaml").write_text(PULSE, encoding="utf-8")
    return project / "checklists" / "pulse.yaml"


def team_files(workdir, who=("ximena", "yusuf", "zora"), checklist="pulse") -> list[str]:
    paths = []
    for stem in who:
        name, answers, notes = PEOPLE[stem]
        # Yusuf records an action: its owner is named on purpose.
        actions = "actions:\n  disagree: {owner: Priya Okonkwo}\n" if stem == "yusuf" else ""
        (workdir / f"{stem}.yaml").write_text(answers_text(checklist, name, answers, notes, actions), encoding="utf-8")
        paths.append(str(workdir / f"{stem}.yaml"))
    return paths


def score(cli, files, fmt="text", *extra):
    result = cli("score", *files, "--format", fmt, *extra)
    assert result.exit_code == 0, result.stderr
    return result


def no_name_in(text: str) -> None:
    lowered = text.lower()
    for name in NAMES:
        for part in name.lower().split():  # first name, surname, and the file names made of them
            assert part not in lowered, f"{part!r} shown"
    assert "respondent 1" not in lowered  # no per-file label either: it would link answers across items


# -- the team result, by hand ---------------------------------------------------------


def test_json_of_three_is_counts_never_names(cli, pulse, workdir):
    result = score(cli, team_files(workdir), "json")
    no_name_in(result.stdout)
    data = json.loads(result.stdout)
    assert data["respondents"] == 3
    assert (data["score"], data["band"], data["alignment"]) == (75, "healthy", 50)
    assert [[s["id"], s["score"]] for s in data["sections"]] == [["safety", 67], ["goals", 100]]
    assert [(g["item"], g["owner"]) for g in data["gaps"]] == [("disagree", "Priya Okonkwo"), ("mistakes", None)]
    assert data["misaligned"] == [
        {"item": "disagree", "spread": 1, "counts": {"yes": 2, "no": 1}},
        {"item": "mistakes", "spread": 0.5, "counts": {"yes": 1, "partly": 2}},
    ]


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_human_formats_of_three_show_counts_never_names(cli, pulse, workdir, fmt):
    out = score(cli, team_files(workdir), fmt).stdout
    no_name_in(out)
    assert "yes 2, no 1" in out and "yes 1, partly 2" in out
    assert "Worth a conversation" in out and "isaligned" not in out  # one vocabulary, fit for a health check
    assert re.search(r"Respondents:(\*\*)? 3 \(anonymous\)", out)
    assert not WITHHELD.search(out)
    assert "Priya Okonkwo" in out  # an action's owner is named on purpose


def test_notes_are_unsigned_and_sorted(cli, pulse, workdir):
    # Ximena's file comes first; sorted, her note comes second: the order says nothing of whose it is.
    out = score(cli, team_files(workdir), "text").stdout
    assert "Note: After the outage it got better / Blame follows errors" in out
    named = score(cli, team_files(workdir), "text", "--names").stdout
    assert "Note: Blame follows errors / After the outage it got better" in named


@pytest.mark.parametrize("fmt", FORMATS)
def test_below_three_neither_counts_nor_notes(cli, pulse, workdir, fmt):
    out = score(cli, team_files(workdir, ("ximena", "yusuf")), fmt).stdout
    no_name_in(out)
    assert "Blame follows errors" not in out  # Ximena's note
    if fmt == "json":
        data = json.loads(out)
        assert data["respondents"] == 2
        assert (data["score"], data["band"], data["alignment"]) == (63, "watch", 67)
        assert data["misaligned"] == [{"item": "disagree", "spread": None, "counts": None}]
    else:
        assert "yes 1, no 1" not in out and "no 1" not in out
        assert len(WITHHELD.findall(out)) == 1  # said once, in one plain sentence
        assert "Worth a conversation" in out


# Two people whose answers an item's team value, spread or unknown would give away to each other:
#   disagree (weight 2): yes, partly -> 3/4, spread 1/2 (misaligned); priority 2 x 1/4 = 1/2
#   mistakes (weight 1): unknown, no -> 0, spread 0, unknown;      priority 1 x 1 = 1
#   clear-goals (weight 1): yes, no -> 1/2, spread 1 (misaligned);  priority 1 x 1/2 = 1/2
#   score = 100 x (2 x 3/4 + 0 + 1/2) / 4 = 50 -> struggling; safety 100 x 1.5 / 3 = 50, goals 50
# Biggest first would be mistakes, disagree, clear-goals: an order that ranks the hidden values.
PAIR = {
    "ximena": ("Ximena Quillfeather", {"disagree": '"yes"', "mistakes": "unknown", "clear-goals": '"yes"'}),
    "yusuf": ("Yusuf Brightwater", {"disagree": "partly", "mistakes": '"no"', "clear-goals": '"no"'}),
}


def pair_files(workdir) -> list[str]:
    paths = []
    for stem, (name, answers) in PAIR.items():
        (workdir / f"{stem}.yaml").write_text(answers_text("pulse", name, answers, {}), encoding="utf-8")
        paths.append(str(workdir / f"{stem}.yaml"))
    return paths


def test_below_three_json_keeps_its_shape_with_no_per_item_value(cli, pulse, workdir):
    data = json.loads(score(cli, pair_files(workdir), "json").stdout)
    assert (data["score"], data["band"], data["blockers"]) == (50, "struggling", [])
    assert [[s["id"], s["score"]] for s in data["sections"]] == [["safety", 50], ["goals", 50]]
    assert [(g["item"], g["value"], g["weight"], g["note"]) for g in data["gaps"]] == [
        ("disagree", None, 2, None), ("mistakes", None, 1, None), ("clear-goals", None, 1, None)]
    assert data["misaligned"] == [{"item": "disagree", "spread": None, "counts": None},
                                  {"item": "clear-goals", "spread": None, "counts": None}]
    assert data["unknown"] is None and data["notes"] is None


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_below_three_human_formats_show_no_per_item_value(cli, pulse, workdir, fmt):
    out = score(cli, pair_files(workdir), fmt).stdout
    shown = re.sub(r"<[^>]+>", " ", re.sub(r"<style.*?</style>", "", out, flags=re.DOTALL))
    assert len(WITHHELD.findall(out)) == 1
    shown = re.sub(r"[^.]*fewer than 3 people answered[^.]*\.", "", " ".join(shown.split()))  # what it names
    assert not re.search(r"\d%", shown)  # neither a team value (75%) nor a spread (50%)
    assert "spread" not in shown.lower() and "apart by" not in shown.lower() and "scale" not in shown
    assert not re.search(r"(^|[#>] ?)Unknown\b", out, re.MULTILINE)  # no unknowns heading
    # What the team still needs: score, band, each gap's question, in the checklist's order.
    assert "50/100" in out and "Struggling" in out
    ids = ["disagree", "mistakes", "clear-goals"] if fmt == "text" else [
        "Can people disagree with the lead?", "Can people admit a mistake?", "Are the goals clear?"]
    plan = shown.split("Action plan", 1)[1]
    assert sorted(ids, key=plan.index) == ids


def test_below_three_the_follow_up_shows_no_value_then_or_now(cli, pulse, workdir):
    # The previous checkpoint: the same two, a month before; Ximena's file records an action on disagree.
    earlier = []
    for stem, (name, answers) in PAIR.items():
        actions = "actions:\n  disagree: {owner: Priya Okonkwo}\n" if stem == "ximena" else ""
        text = answers_text("pulse", name, {**answers, "disagree": '"no"'}, {}, actions)
        (workdir / f"{stem}-october.yaml").write_text(text.replace("2026-11-02", "2026-10-05"), encoding="utf-8")
        earlier += ["--since", str(workdir / f"{stem}-october.yaml")]
    data = json.loads(score(cli, pair_files(workdir), "json", *earlier).stdout)
    assert [(f["item"], f["owner"], f["before"], f["after"]) for f in data["follow_up"]] == [
        ("disagree", "Priya Okonkwo", None, None)]
    for fmt in ("text", "markdown", "html"):
        out = score(cli, pair_files(workdir), fmt, *earlier).stdout
        follow_up = out.split("Follow-up", 1)[1]
        assert "Priya Okonkwo" in follow_up and not re.search(r"\d%", follow_up)  # then 0%, now 75%, no more
    # trend shows the same follow-up, by the same rule.
    for fmt in FORMATS:
        out = cli("trend", *pair_files(workdir), *earlier[1::2], "--format", fmt).stdout
        out = re.sub(r"<style.*?</style>", "", out, flags=re.DOTALL)
        assert "Priya Okonkwo" in out and not re.search(r"\d%|\d -> |\"(before|after)\": \d", out)


def test_three_still_show_values_spreads_and_unknowns(cli, pulse, workdir):
    out = score(cli, team_files(workdir), "text").stdout
    assert "~ disagree (spread 100%)" in out and "1. disagree  67%, weight 2" in out


def test_one_file_of_an_anonymous_checklist_names_nobody(cli, pulse, workdir):
    out = score(cli, team_files(workdir, ("ximena",)), "json").stdout
    no_name_in(out)
    assert json.loads(out)["respondents"] == 1


# -- --names, --anonymous ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_names_for_a_team_that_agreed_to_be_named(cli, pulse, workdir, fmt):
    out = score(cli, team_files(workdir), fmt, "--names").stdout
    assert all(name in out for name in NAMES)
    if fmt == "json":
        data = json.loads(out)
        assert data["respondents"] == NAMES
        assert data["misaligned"][0]["answers"] == [
            {"respondent": NAMES[0], "answer": "yes"}, {"respondent": NAMES[1], "answer": "no"},
            {"respondent": NAMES[2], "answer": "yes"}]
        assert data["misaligned"][0]["counts"] == {"yes": 2, "no": 1}


def test_names_shows_notes_below_three(cli, pulse, workdir):
    out = score(cli, team_files(workdir, ("ximena", "yusuf")), "text", "--names").stdout
    assert "Blame follows errors" in out and not WITHHELD.search(out)


def test_anonymous_makes_any_checklist_anonymous(cli, pulse, workdir):
    (pulse.parent / "open-pulse.yaml").write_text(
        PULSE.replace("id: pulse", "id: open-pulse").replace("anonymous: true\n", ""), encoding="utf-8")
    files = team_files(workdir, checklist="open-pulse")
    named = json.loads(score(cli, files, "json").stdout)
    assert named["respondents"] == NAMES
    for fmt in FORMATS:
        out = score(cli, files, fmt, "--anonymous").stdout
        no_name_in(out)
    assert json.loads(score(cli, files, "json", "--anonymous").stdout)["misaligned"][0]["counts"] == {
        "yes": 2, "no": 1}


def test_names_and_anonymous_together_are_refused(cli, pulse, workdir):
    result = cli("score", *team_files(workdir), "--names", "--anonymous")
    assert result.exit_code == 2
    assert error_line(result).startswith("Error: --names: ")
    assert result.stdout == ""


def test_warnings_name_respondent_numbers_on_an_anonymous_checklist(cli, pulse, workdir):
    files = team_files(workdir)
    text = (workdir / "yusuf.yaml").read_text(encoding="utf-8").replace("answers:\n", "answers:\n  disagre: \"no\"\n")
    (workdir / "yusuf.yaml").write_text(text, encoding="utf-8")
    hidden = score(cli, files, "json")
    assert "yusuf" not in hidden.stderr.lower() and "Warning: respondent 2:" in hidden.stderr
    named = score(cli, files, "json", "--names")
    assert "yusuf.yaml" in named.stderr


# -- trend -----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_trend_of_an_anonymous_checklist_names_nobody(cli, pulse, workdir, fmt):
    result = cli("trend", *team_files(workdir), "--format", fmt)
    assert result.exit_code == 0, result.stderr
    no_name_in(result.stdout)
    if fmt == "json":
        assert json.loads(result.stdout)[0]["checkpoints"][0]["respondents"] == 3


# -- the checklist format: overlays, schema, a wrong type ---------------------------------


def overlay(path, base: str, anonymous: str | None) -> None:
    line = f"anonymous: {anonymous}\n" if anonymous is not None else ""
    path.write_text(f"id: {path.stem}\nextends: {base}\nversion: 1\n{line}", encoding="utf-8")


@pytest.mark.parametrize("base_flag, overlay_flag, expected", [
    (True, None, True),       # inherited
    (True, "false", False),   # the overlay's own
    (False, None, False),
    (False, "true", True),
])
def test_an_overlay_inherits_anonymous_unless_it_sets_it(pulse, base_flag, overlay_flag, expected):
    if not base_flag:
        pulse.write_text(PULSE.replace("anonymous: true\n", ""), encoding="utf-8")
    overlay(pulse.parent / "acme-pulse.yaml", "pulse", overlay_flag)
    catalog = Catalog.discover(pulse.parent)
    assert catalog.get("pulse").anonymous is base_flag
    assert catalog.get("acme-pulse").anonymous is expected


def test_an_overlay_of_an_anonymous_checklist_names_nobody(cli, pulse, workdir):
    overlay(pulse.parent / "acme-pulse.yaml", "pulse", None)
    out = score(cli, team_files(workdir, checklist="acme-pulse"), "json").stdout
    no_name_in(out)
    assert json.loads(out)["respondents"] == 3


@pytest.mark.parametrize("value, accepted", [(True, True), (False, True), ("yes", False), (1, False), (None, False)])
def test_the_schema_takes_anonymous_as_a_boolean(value, accepted):
    plain = {"id": "pulse", "title": "Pulse", "version": 1, "anonymous": value, "sections": [
        {"id": "s", "title": "S", "items": [{"id": "a", "question": "A?", "why": "Why."}]}]}
    assert schema_accepts("checklist.schema.json", plain) is accepted
    over = {"id": "acme-pulse", "extends": "pulse", "version": 1, "anonymous": value}
    assert schema_accepts("checklist.schema.json", over) is accepted


@pytest.mark.parametrize("text, column", [("anonymous: maybe\n", 12), ("anonymous: 1\n", 12),
                                          ("anonymous:\n", 11)])
def test_a_wrong_type_is_one_error_line_at_its_place(cli, pulse, text, column):
    pulse.write_text(PULSE.replace("anonymous: true\n", text), encoding="utf-8")
    result = cli("show", "pulse")
    assert result.exit_code == 2
    first = error_line(result)
    assert re.match(rf"Error: \S*pulse\.yaml:4:{column}: checklist 'anonymous' must be true or false", first), first
    assert sum(line.startswith("Error:") for line in result.stderr.splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_an_overlay_with_a_wrong_type_is_one_error_line(cli, pulse):
    overlay(pulse.parent / "acme-pulse.yaml", "pulse", '"no"')
    result = cli("show", "acme-pulse")
    assert result.exit_code == 2
    assert re.match(r"Error: \S*acme-pulse\.yaml:4:12: checklist 'anonymous' must be true or false",
                    error_line(result)), result.stderr
