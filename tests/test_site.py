"""The built site: generated checklist pages, backlinks, schemas, nothing external."""

from __future__ import annotations

import html
import re

import pytest

from playbook_cli.loader import load_checklist
from tests.conftest import REPO

CHECKLISTS = sorted((REPO / "checklists").glob("*.yaml"))


@pytest.mark.parametrize("path", CHECKLISTS, ids=lambda p: p.stem)
def test_every_checklist_has_a_page_with_every_question(built_site, path):
    checklist = load_checklist(path)
    page = (built_site / "checklists" / checklist.id / "index.html").read_text(encoding="utf-8")
    for item in checklist.items:
        assert html.escape(item.question, quote=False) in page, item.id
        assert f'id="{item.id}"' in page
    assert page.count("<strong>Critical</strong>") == sum(i.critical for i in checklist.items)


def test_checklist_index_lists_all(built_site):
    page = (built_site / "checklists" / "index.html").read_text(encoding="utf-8")
    for path in CHECKLISTS:
        assert f'href="{path.stem}/"' in page


def test_play_backlinks_point_at_checklist_questions(built_site):
    page = (built_site / "plays" / "single-threaded-owner" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../checklists/kickoff-readiness/#single-threaded-owner"' in page
    assert "<!-- playbook:backlinks -->" not in page


def test_checklist_page_links_to_its_plays_by_title(built_site):
    page = (built_site / "checklists" / "kickoff-readiness" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="../../plays/single-threaded-owner/">[^<]+</a>', page)


def test_schemas_are_published(built_site):
    for name in ("checklist.schema.json", "answers.schema.json"):
        assert (built_site / "schemas" / name).is_file()


def test_play_template_is_not_published(built_site):
    assert not (built_site / "plays" / "_template").exists()
    assert (built_site / "templates" / "ownership-map" / "index.html").is_file()


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


def test_task_list_checkboxes_have_names(built_site):
    page = (built_site / "guides" / "kickoff-session" / "index.html").read_text(encoding="utf-8")
    boxes = re.findall(r'<input type="checkbox"[^>]*>', page)
    assert boxes, "the kickoff guide should show a task list"
    assert all('aria-label="' in box for box in boxes), boxes
