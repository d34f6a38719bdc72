"""Property tests: whatever a file holds, loading it gives a model or a located error.

Hypothesis writes random YAML documents (any nesting of mappings, lists and
scalars, documents shaped like checklists and answers files with random keys
and values, and the same text mangled), random text and random bytes to a
file, and loads it as a checklist and as an answers file. The result is
always a valid model or a PlaybookError whose every problem has a path, a
one-line message and, whenever the file parsed as YAML, a line (>= 1). Any
other exception is a bug.

Then: answers files round-trip through dump_answers/load_answers, and
scoring keeps the promises DESIGN.md makes, checked against an independent
hand calculation.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from playbook_cli.answers import dump_answers, load_answers
from playbook_cli.errors import PlaybookError, YamlSourceError
from playbook_cli.loader import ID_PATTERN, load_checklist
from playbook_cli.model import ANSWER_WORDS, Action, Answers, Band, Checklist, Item, Section
from playbook_cli.scoring import score
from playbook_cli.yamlsource import load_yaml

# 1,000 examples per property, ~9,000 in all: about 40 s of CPU, under a minute on 2 cores.
# The tmp_path fixture is shared by a property's examples on purpose: each one overwrites the file.
MANY = settings(max_examples=1000, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])

CHECKLIST_ID = "prop"  # the file is checklists/prop.yaml, so this id is the valid one


# -- strategies: random documents ------------------------------------------------

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-10, max_value=10),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["yes", "no", "Yes", "NO", "on", "off", "y", "n", "~", "null", "n/a", "na", "partly",
                     "unknown", "", " ", "0755", "1:30", "0x1F", "0b101", "1_000", ".inf", ".nan", "=",
                     "<<", "2026-11-23", "2026-02-30", "0000-01-01", "2026-11-23T10:00:00", "-", "?", "#"]),
    st.dates(),
)
keys = st.one_of(st.text(max_size=12), st.sampled_from(["id", "title", "checklist", "answers"]),
                 st.integers(), st.booleans(), st.none(), st.dates())
documents = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=5),
                               st.dictionaries(keys, children, max_size=5)),
    max_leaves=25,
)
# Kebab-case ids, built from parts (st.from_regex is far slower).
kebab = st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=6),
                 min_size=1, max_size=3).map("-".join)


def maybe(value_strategy, *, junk=documents):
    """Mostly a plausible value, sometimes anything at all."""
    return st.one_of(value_strategy, value_strategy, value_strategy, junk)


@st.composite
def shaped(draw, required: dict, optional: dict):
    """A mapping with the required keys (sometimes dropped), some optional ones and stray keys."""
    out = {}
    for key, strategy in required.items():
        if draw(st.integers(0, 9)):  # one time in ten, leave it out
            out[key] = draw(strategy)
    for key, strategy in optional.items():
        if draw(st.booleans()):
            out[key] = draw(strategy)
    if not draw(st.integers(0, 5)):
        out[draw(keys)] = draw(documents)
    return out


items = shaped(
    {"id": maybe(kebab), "question": maybe(st.text(min_size=1, max_size=40)),
     "why": maybe(st.text(min_size=1, max_size=40))},
    {"weight": maybe(st.integers(-1, 7)), "critical": maybe(st.booleans()),
     "play": maybe(st.sampled_from(["plays/a.md", "plays/missing.md", "../etc/passwd.md", "plays/a"]))},
)
sections = shaped(
    {"id": maybe(kebab), "title": maybe(st.text(min_size=1, max_size=20)),
     "items": maybe(st.lists(maybe(items), min_size=1, max_size=4))},
    {},
)
bands = shaped(
    {"id": maybe(kebab), "label": maybe(st.text(min_size=1, max_size=20)), "min": maybe(st.integers(-5, 120))},
    {},
)
noisy_checklists = shaped(
    {"id": maybe(st.just(CHECKLIST_ID) | kebab), "title": maybe(st.text(min_size=1, max_size=30)),
     "version": maybe(st.integers(-1, 5)), "sections": maybe(st.lists(maybe(sections), min_size=1, max_size=3))},
    {"summary": maybe(st.text(max_size=60)),
     "bands": maybe(st.lists(maybe(bands), min_size=1, max_size=4) | st.just(
         [{"id": "ready", "label": "Ready", "min": 80}, {"id": "not-ready", "label": "Not ready", "min": 0}]))},
)
answer_values = st.one_of(st.sampled_from(ANSWER_WORDS + ("na", "Yes", " no ", "maybe", "")), st.booleans(),
                          st.none(), st.integers(0, 2), documents)
actions = st.one_of(
    shaped({"owner": maybe(st.text(max_size=20))}, {"due": maybe(st.dates() | st.text(max_size=12))}),
    st.text(max_size=20),
)
noisy_answers = shaped(
    {"checklist": maybe(kebab), "answers": maybe(st.dictionaries(maybe(kebab, junk=keys), answer_values, max_size=6))},
    {"checklist_version": maybe(st.integers(-1, 5)), "team": maybe(st.text(max_size=20)),
     "respondent": maybe(st.text(max_size=20)), "date": maybe(st.dates() | st.text(max_size=12)),
     "notes": maybe(st.dictionaries(maybe(kebab, junk=keys), maybe(st.text(max_size=20)), max_size=4)),
     "actions": maybe(st.dictionaries(maybe(kebab, junk=keys), actions, max_size=4))},
)


words = st.text(min_size=1, max_size=30).filter(str.strip)
CLEAN_ANSWERS = st.sampled_from(ANSWER_WORDS + (True, False, "na"))
ID_PREFIXES = st.sampled_from(["i", "a-", "item-x"])


@st.composite
def clean_checklists(draw):
    """A valid checklist document: perturbed() then breaks it in one place."""
    ids = (f"{prefix}{n}" for n in range(12) for prefix in [draw(ID_PREFIXES)])
    doc = {"id": CHECKLIST_ID, "title": draw(words), "version": 1}
    if draw(st.booleans()):
        doc["bands"] = [{"id": "ready", "label": "Ready", "min": 80},
                        {"id": "not-ready", "label": "Not ready", "min": 0}]
    doc["sections"] = [
        {"id": next(ids), "title": draw(words),
         "items": [{"id": next(ids), "question": draw(words), "why": draw(words),
                    "weight": draw(st.integers(1, 5)), "critical": draw(st.booleans()),
                    **({"play": "plays/a.md"} if draw(st.booleans()) else {})}
                   for _ in range(draw(st.integers(1, 3)))]}
        for _ in range(draw(st.integers(1, 3)))
    ]
    return doc


@st.composite
def clean_answers(draw):
    """A valid answers document."""
    ids = draw(st.lists(kebab, max_size=6, unique=True))
    doc = {"checklist": draw(kebab), "team": draw(st.text(max_size=20)), "date": draw(st.dates()),
           "answers": {i: draw(CLEAN_ANSWERS) for i in ids}}
    if ids and draw(st.booleans()):
        doc["notes"] = {ids[0]: draw(st.text(max_size=20))}
        doc["actions"] = {ids[-1]: {"owner": draw(words),
                                    "due": draw(st.dates())}}
    return doc


@st.composite
def perturbed(draw, docs):
    """A document with one node somewhere inside replaced by anything, or removed."""
    doc = draw(docs)
    node, path = doc, []
    while isinstance(node, (dict, list)) and node and draw(st.integers(0, 3)):
        key = draw(st.sampled_from(list(node) if isinstance(node, dict) else range(len(node))))
        path.append((node, key))
        node = node[key]
    if path:
        parent, key = path[-1]
        if draw(st.booleans()):
            parent[key] = draw(documents)
        else:
            del parent[key]
    return doc


checklist_docs = st.one_of(noisy_checklists, clean_checklists(), perturbed(clean_checklists()))
answers_docs = st.one_of(noisy_answers, clean_answers(), perturbed(clean_answers()))

DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
FLOW_STYLES = st.sampled_from([False, None, True])


@st.composite
def dumped(draw, docs):
    """A document as YAML text, in block or flow style."""
    doc = draw(docs)
    try:
        return yaml.dump(doc, Dumper=DUMPER, sort_keys=False, allow_unicode=draw(st.booleans()),
                         default_flow_style=draw(FLOW_STYLES))
    except yaml.YAMLError:
        assume(False)


# YAML's awkward corners, spliced into text: tags, anchors, aliases, merge keys, tabs, flow markers.
FRAGMENTS = ["!!python/object/apply:os.system ['true']", "!!binary aGk=", "!local x", "&a", "*a", "<<: *a",
             "? ", ": ", "- ", "\t", "\n", "\n  ", "{", "}", "[", "]", ",", "'", '"', "|\n  x", ">-\n  x",
             "---\n", "...\n", "%YAML 1.1\n", "#", "\\", "\x85", "\u2028", "\ufeff", "\x7f", "\x01", "é", "𝄞"]


@st.composite
def mangled(draw, docs):
    """Valid YAML text with random cuts, duplications and YAML fragments spliced in."""
    text = draw(dumped(docs))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "truncate", "duplicate"]))
        if action == "insert":
            text = text[:at] + draw(st.sampled_from(FRAGMENTS) | st.text(max_size=3)) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 5)):]
        elif action == "truncate":
            text = text[:at]
        else:
            line = text[:at].rsplit("\n", 1)[-1]
            text = text[:at] + "\n" + line + text[at:]
    return text


yaml_tokens = st.lists(st.sampled_from(FRAGMENTS + ["id", "checklist", "answers", "a", "yes", "1", " "]),
                       max_size=30).map("".join)


def contents(docs):
    """File contents: dumped YAML, mangled YAML, token soup, random text or random bytes."""
    return st.one_of(
        dumped(docs).map(str.encode),
        mangled(docs).map(lambda t: t.encode("utf-8", "surrogatepass")),
        yaml_tokens.map(str.encode),
        st.text().map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.binary(max_size=200),
        st.binary(max_size=20).map(lambda b: b"checklist: prop\nanswers:\n  a: " + b),
    )


# -- the contract -----------------------------------------------------------------

@pytest.fixture
def arena(tmp_path):
    """checklists/prop.yaml beside a docs/ holding one play, so play links are checked."""
    (tmp_path / "checklists").mkdir()
    (tmp_path / "docs" / "plays").mkdir(parents=True)
    (tmp_path / "docs" / "plays" / "a.md").write_text("# A\n", encoding="utf-8")
    return tmp_path / "checklists" / f"{CHECKLIST_ID}.yaml"


def parses(path: Path) -> bool:
    try:
        load_yaml(path)
    except YamlSourceError:
        return False
    return True


def assert_located(exc: PlaybookError, path: Path, parsed: bool) -> None:
    """Every problem names the file, says one line of what is wrong, and where when it can."""
    assert exc.problems
    for problem in exc.problems:
        assert isinstance(problem.path, str) and problem.path.endswith(path.name), problem
        assert isinstance(problem.message, str) and problem.message.strip(), problem
        assert "\n" not in problem.message, f"message is not one line: {problem.message!r}"
        if parsed:
            assert isinstance(problem.line, int) and problem.line >= 1, f"no line for {problem}"
        else:
            assert problem.line is None or (isinstance(problem.line, int) and problem.line >= 1), problem
        assert problem.column is None or (isinstance(problem.column, int) and problem.column >= 1), problem
        if problem.column is not None:
            assert problem.line is not None, problem


def check_checklist_file(path: Path) -> None:
    parsed = parses(path)
    try:
        checklist = load_checklist(path)
    except PlaybookError as exc:
        assert_located(exc, path, parsed)
        return
    assert parsed
    assert isinstance(checklist, Checklist) and checklist.id == CHECKLIST_ID
    ids = [item.id for item in checklist.items]
    assert ids and len(ids) == len(set(ids)) and all(ID_PATTERN.match(i) for i in ids)
    assert all(1 <= item.weight <= 5 and isinstance(item.critical, bool) for item in checklist.items)
    assert all(item.play in (None, "plays/a.md") for item in checklist.items)
    mins = [band.min for band in checklist.bands]
    assert mins[-1] == 0 and all(a > b for a, b in zip(mins, mins[1:]))
    assert checklist.title and all(section.title and section.items for section in checklist.sections)


def check_answers_file(path: Path) -> None:
    parsed = parses(path)
    try:
        answers = load_answers(path)
    except PlaybookError as exc:
        assert_located(exc, path, parsed)
        return
    assert parsed
    assert isinstance(answers, Answers) and isinstance(answers.checklist, str) and answers.checklist
    assert all(isinstance(k, str) and v in ANSWER_WORDS for k, v in answers.answers.items())
    assert all(isinstance(v, str) for v in answers.notes.values())
    assert all(isinstance(a, Action) and a.owner and (a.due is None or isinstance(a.due, dt.date))
               for a in answers.actions.values())
    assert answers.date is None or isinstance(answers.date, dt.date)


@MANY
@given(data=contents(checklist_docs))
def test_any_checklist_file_loads_or_fails_with_located_problems(arena, data):
    arena.write_bytes(data)
    check_checklist_file(arena)


@MANY
@given(data=contents(answers_docs))
def test_any_answers_file_loads_or_fails_with_located_problems(arena, data):
    arena.write_bytes(data)
    check_answers_file(arena)


@MANY
@given(data=contents(documents))
def test_any_yaml_document_is_a_model_or_a_located_error_for_both_loaders(arena, data):
    arena.write_bytes(data)
    check_checklist_file(arena)
    check_answers_file(arena)


def test_the_strategies_reach_valid_files(arena):
    """The generators are not only noise: they make some valid checklists and answers files."""
    found = {"checklist": 0, "answers": 0}

    @settings(MANY, max_examples=100, database=None)
    @given(doc=dumped(checklist_docs), other=dumped(answers_docs))
    def probe(doc, other):
        arena.write_text(doc, encoding="utf-8")
        try:
            load_checklist(arena)
            found["checklist"] += 1
        except PlaybookError:
            pass
        arena.write_text(other, encoding="utf-8")
        try:
            load_answers(arena)
            found["answers"] += 1
        except PlaybookError:
            pass

    probe()
    assert found["checklist"] >= 5 and found["answers"] >= 5, found


# -- answers files round-trip --------------------------------------------------------

# Text a person might type, or paste: quotes, colons, '#', newlines, leading spaces, any script.
awkward = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.sampled_from(list(" \t\n\r'\":#-?&*!|>%@`{}[],\\") + list("aé日🙂")), max_size=20),
    st.sampled_from(["yes", "no", "null", "~", "123", "1:30", "2026-11-23", " leading", "trailing ", "# note",
                     "a: b", "- x", "'single'", '"double"', "O'Brien", "line\nbreak", "\u2028", "\x85", "\x7f",
                     "\ufeff", "tab\there"]),
)
item_ids = st.one_of(kebab, kebab, st.text(min_size=1, max_size=12), st.sampled_from(["yes", "no", "1", "null", "a b"]))
owners = awkward.map(str.strip).filter(bool)


@st.composite
def answers_models(draw):
    ids = draw(st.lists(item_ids, unique=True, max_size=8))
    return Answers(
        checklist=draw(st.one_of(kebab, st.text(min_size=1, max_size=15).filter(str.strip))),
        checklist_version=draw(st.none() | st.integers(1, 10**6)),
        team=draw(st.none() | awkward),
        respondent=draw(st.none() | awkward),
        date=draw(st.none() | st.dates()),
        answers={i: draw(st.sampled_from(ANSWER_WORDS)) for i in ids if draw(st.booleans())},
        notes={i: draw(awkward) for i in ids if draw(st.booleans())},
        actions={i: Action(draw(owners), draw(st.none() | st.dates())) for i in ids if draw(st.booleans())},
    )


def comparable(answers: Answers) -> tuple:
    return (answers.checklist, answers.checklist_version, answers.team, answers.respondent, answers.date,
            answers.answers, answers.notes, answers.actions)


@MANY
@given(model=answers_models())
def test_dumped_answers_load_back_unchanged(tmp_path, model):
    path = tmp_path / "answers.yaml"
    path.write_text(dump_answers(model), encoding="utf-8")
    loaded = load_answers(path)
    assert comparable(loaded) == comparable(model)
    # And the order of answers is kept: a diff of two saves shows only what changed.
    assert list(loaded.answers) == list(model.answers)


# -- scoring ---------------------------------------------------------------------------

@st.composite
def checklists(draw):
    n_sections = draw(st.integers(1, 4))
    sections, number = [], 0
    for s in range(n_sections):
        section_items = []
        for _ in range(draw(st.integers(1, 5))):
            number += 1
            section_items.append(Item(f"i{number}", f"Q{number}?", "Why.", draw(st.integers(1, 5)),
                                      draw(st.booleans()), None, f"s{s}"))
        sections.append(Section(f"s{s}", f"Section {s}", tuple(section_items)))
    mins = sorted(draw(st.sets(st.integers(1, 100), max_size=3)), reverse=True) + [0]
    bands = tuple(Band(f"b{i}", f"Band {i}", m) for i, m in enumerate(mins))
    return Checklist("c", "C", 1, "", bands, tuple(sections))


ANSWER_OR_NOT = st.sampled_from(ANSWER_WORDS + (None,))


ONE = st.just(1)


@st.composite
def scored(draw, respondents=ONE):
    checklist = draw(checklists())
    sets = []
    for n in range(draw(respondents)):
        said = {item.id: draw(ANSWER_OR_NOT) for item in checklist.items}
        sets.append(Answers("c", answers={k: v for k, v in said.items() if v is not None}, respondent=f"r{n}"))
    return checklist, sets


HALVES = {"yes": 2, "partly": 1, "no": 0, "unknown": 0, None: 0}


def hand_score(items, answers: dict) -> int:
    """DESIGN.md's formula in whole numbers (values in halves), for one respondent."""
    applicable = [i for i in items if answers.get(i.id) != "n/a"]
    weight = sum(i.weight for i in applicable)
    if not weight:
        return 0
    halves = sum(i.weight * HALVES[answers.get(i.id)] for i in applicable)
    # round(100 * halves / (2 * weight)), half up, without floating point
    return (100 * halves + weight) // (2 * weight)


@MANY
@given(case=scored(respondents=st.integers(1, 4)))
def test_scores_are_0_to_100_and_blockers_force_the_last_band(case):
    checklist, sets = case
    result = score(checklist, sets)
    assert 0 <= result.score <= 100
    assert all(0 <= s.score <= 100 for s in result.sections)
    if result.blockers:
        assert result.band == checklist.bands[-1]
    else:
        assert result.band == next(b for b in checklist.bands if b.min <= result.score)
    assert result.alignment is None or 0 <= result.alignment <= 100


@MANY
@given(checklist=checklists(), respondents=st.integers(1, 3), sprinkle_na=st.booleans(), data=st.data())
def test_all_yes_scores_100_in_every_section(checklist, respondents, sprinkle_na, data):
    sets = []
    for _ in range(respondents):
        answers = {i.id: "yes" for i in checklist.items}
        if sprinkle_na:  # n/a leaves an item out, so it cannot pull a score down
            for item in checklist.items:
                if data.draw(st.booleans()):
                    answers[item.id] = "n/a"
        sets.append(Answers("c", answers=answers))
    result = score(checklist, sets)
    all_na = all(result.values[i.id] is None for i in checklist.items)
    assert result.score == (0 if all_na else 100)
    assert not result.blockers and not result.gaps and not result.unknown
    for section, section_score in zip(checklist.sections, result.sections):
        if any(result.values[i.id] is not None for i in section.items):
            assert section_score.score == 100
    if not all_na:
        assert result.band == checklist.bands[0]


@MANY
@given(case=scored(respondents=st.integers(1, 3)), data=st.data())
def test_an_na_answer_never_moves_another_sections_score(case, data):
    checklist, sets = case
    item = data.draw(st.sampled_from(checklist.items))
    before = score(checklist, sets)
    for answers in sets:
        answers.answers[item.id] = "n/a"
    after = score(checklist, sets)
    for section, old, new in zip(checklist.sections, before.sections, after.sections):
        if section.id != item.section_id:
            assert new.score == old.score, f"{section.id} moved when {item.id} became n/a"
    assert item.id not in {i.id for i in after.blockers}
    assert item.id not in {g.item.id for g in after.gaps}


@MANY
@given(case=scored(), copies=st.integers(2, 4))
def test_a_team_of_one_is_the_single_respondent_result(case, copies):
    checklist, (answers,) = case
    single = score(checklist, [answers])
    # The exact hand calculation.
    assert single.score == hand_score(checklist.items, answers.answers)
    assert [s.score for s in single.sections] == [hand_score(s.items, answers.answers) for s in checklist.sections]
    expected_blockers = [i.id for i in checklist.items
                         if i.critical and answers.answers.get(i.id) in ("no", "unknown", None)]
    assert [i.id for i in single.blockers] == expected_blockers
    assert single.alignment is None and single.misaligned == []
    assert not single.is_team
    # The same answers given by several people score exactly the same, and they agree.
    team = score(checklist, [answers] * copies)
    assert (team.score, team.band, team.blockers, team.sections, team.values, team.unknown) == \
           (single.score, single.band, single.blockers, single.sections, single.values, single.unknown)
    assert [(g.item.id, g.value) for g in team.gaps] == [(g.item.id, g.value) for g in single.gaps]
    assert team.misaligned == []
    given_any = any(answers.answers.get(i.id) not in (None, "n/a") for i in checklist.items)
    assert team.alignment == (100 if given_any else None)
