"""`playbook trend`: checkpoints per team, worked out by hand on the mini checklist.

Weights: owner 3 (critical), sponsor 1 | metric 2, roles 2. Total 8.
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import write_answers

YES = '"yes"'


@pytest.fixture
def history(workdir):
    files = [
        # Payments, 2026-01-10: 3 + 1 + 1 + 0 = 5 of 8 -> 62.5 -> 63; own 100, align 1/4 = 25.
        write_answers(workdir / "p1.yaml", {"owner": YES, "sponsor": YES, "metric": "partly", "roles": '"no"'},
                      team="Payments", respondent="Dana", date="2026-01-10"),
        # Payments, 2026-02-10, two respondents: owner 1, sponsor 1 (Lee n/a), metric 1, roles (1 + 0.5)/2.
        # 3 + 1 + 2 + 1.5 = 7.5 of 8 -> 93.75 -> 94; own 100; align 3.5/4 = 87.5 -> 88.
        # spreads owner 0, metric 0, roles 0.5 -> alignment 100 * (1 - 1/6) = 83.3 -> 83.
        write_answers(workdir / "p2-dana.yaml", {"owner": YES, "sponsor": YES, "metric": YES, "roles": YES},
                      team="Payments", respondent="Dana", date="2026-02-10"),
        write_answers(workdir / "p2-lee.yaml", {"owner": YES, "sponsor": "n/a", "metric": YES, "roles": "partly"},
                      team="Payments", respondent="Lee", date="2026-02-10"),
        # Payments, 2026-03-10: owner no -> 0 + 1 + 2 + 2 = 5 of 8 -> 63, a blocker: not-ready.
        write_answers(workdir / "p3.yaml", {"owner": '"no"', "sponsor": YES, "metric": YES, "roles": YES},
                      team="Payments", respondent="Dana", date="2026-03-10"),
        # Growth, one checkpoint: all yes -> 100.
        write_answers(workdir / "g1.yaml", {"owner": YES, "sponsor": YES, "metric": YES, "roles": YES},
                      team="Growth", respondent="Ana", date="2026-01-10"),
    ]
    # Files in shuffled order: the trend orders by date itself.
    return [files[3], files[0], files[4], files[2], files[1]]


def test_trend_json_by_hand(cli, history):
    result = cli("trend", *map(str, history), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [t["team"] for t in data] == ["Growth", "Payments"]
    growth, payments = data
    assert [(p["date"], p["score"], p["band"], p["change"]) for p in growth["checkpoints"]] == [
        ("2026-01-10", 100, "ready", "first")]
    points = payments["checkpoints"]
    assert [(p["date"], p["score"], p["band"], p["alignment"], p["change"], p["score_delta"]) for p in points] == [
        ("2026-01-10", 63, "at-risk", None, "first", None),
        ("2026-02-10", 94, "ready", 83, "better", 31),
        ("2026-03-10", 63, "not-ready", None, "worse", -31),
    ]
    assert points[1]["respondents"] == ["Lee", "Dana"]  # argument order, as in team scoring
    assert [(s["id"], s["score"], s["delta"]) for s in points[1]["sections"]] == [("own", 100, 0), ("align", 88, 63)]
    assert [(s["id"], s["score"], s["delta"]) for s in points[2]["sections"]] == [("own", 25, -75), ("align", 100, 12)]
    assert points[2]["blockers"] == ["owner"]


def test_trend_text_shows_arrows(cli, history):
    result = cli("trend", *map(str, history))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    payments = lines.index(next(line for line in lines if line.startswith("Payments:")))
    rows = [line for line in lines[payments:] if line.strip()[:4] == "2026"][:3]
    assert "94 ↑ +31" in rows[1] and "63 ↓ -31" in rows[2]
    assert "Not ready" in rows[2] and "At risk" in rows[0]
    # Each checkpoint is followed by its sections, by name, with their movement.
    assert lines[lines.index(rows[2]) + 1].split() == ["Own", "25", "(-75),", "Align", "100", "(+12)"]


def test_trend_same_score_is_an_arrow_right(cli, workdir):
    a = write_answers(workdir / "a.yaml", {"owner": YES}, team="T", date="2026-01-01")
    b = write_answers(workdir / "b.yaml", {"owner": YES}, team="T", date="2026-02-01")
    data = json.loads(cli("trend", str(a), str(b), "--format", "json").stdout)
    assert data[0]["checkpoints"][1]["change"] == "same"
    assert data[0]["checkpoints"][1]["score_delta"] == 0


def test_trend_needs_dates(cli, workdir):
    a = write_answers(workdir / "a.yaml", {"owner": YES}, team="T")
    result = cli("trend", str(a))
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: a.yaml: has no 'date'; a trend needs one per file")


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_trend_reports(cli, history, fmt):
    result = cli("trend", *map(str, history), "--format", fmt)
    assert result.exit_code == 0
    assert "Payments" in result.stdout and "94" in result.stdout
    if fmt == "html":
        assert result.stdout.count("<svg") == 1  # a chart for the team with more than one checkpoint
