"""MkDocs hook: checklist pages (with their fill-in form), play backlinks and the published schemas.

A thin adapter over playbook_cli: checklists are loaded and validated by the
same loader as `playbook validate`, and rendered by the same renderer as
`playbook show --format markdown`. Any invalid checklist fails the build with
the loader's own `file:line:col: message`.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from playbook_cli.catalog import yaml_files
from playbook_cli.docs_pages import play_titles
from playbook_cli.errors import PlaybookError
from playbook_cli.loader import load_checklist
from playbook_cli.render.site_form import FormError, add_form
from playbook_cli.render.site_pages import BACKLINKS_MARKER, checklist_page, checklists_index, play_backlinks
from playbook_cli.site_nav import sync_checklist_pages

CHECKLIST_DIR = "checklists"  # beside mkdocs.yml; pages go to docs/checklists/
SCHEMAS = ("checklist.schema.json", "answers.schema.json")

_checklists: list = []
_play_titles: dict[str, dict[str, str]] = {}  # checklist id -> play path -> title


def on_config(config):
    """Keep the nav's checklist pages in step with checklists/*.yaml.

    A checklist added with `playbook new` gets its page listed beside
    checklists/index.md and a deleted one's entry is dropped, so a fork never
    edits the nav for generated pages (strict mode fails on a page missing
    from the nav, and MkDocs checks that before any later event).
    """
    if config.nav:  # with no explicit nav, MkDocs lists every page itself
        root = Path(config.config_file_path).parent
        pages = [f"checklists/{p.stem}.md" for p in yaml_files(root / CHECKLIST_DIR)]
        sync_checklist_pages(config.nav, pages)
    return config


def on_files(files, config):
    """Load every checklist and add its generated page (plus the index and schemas)."""
    root = Path(config.config_file_path).parent
    docs_dir = Path(config.docs_dir)
    _checklists.clear()
    _play_titles.clear()
    problems = []
    for path in yaml_files(root / CHECKLIST_DIR):
        try:
            _checklists.append(load_checklist(path, docs_dir=docs_dir))
        except PlaybookError as exc:
            problems.extend(exc.problems)
    if problems:
        raise PluginError("invalid checklist(s):\n" + "\n".join(f"  {p}" for p in problems))

    for checklist in _checklists:
        titles = play_titles(docs_dir, {i.play for i in checklist.items if i.play})
        _play_titles[checklist.id] = titles
        files.append(File.generated(config, f"checklists/{checklist.id}.md", content=checklist_page(checklist, titles)))
    files.append(File.generated(config, "checklists/index.md", content=checklists_index(_checklists)))
    schemas = resources.files("playbook_cli").joinpath("schemas")
    for name in SCHEMAS:
        files.append(File.generated(config, f"schemas/{name}", content=schemas.joinpath(name).read_bytes()))
    return files


def on_page_markdown(markdown, page, config, files):
    """Replace the backlinks marker on play pages with the questions that use the play."""
    src = page.file.src_uri
    if not src.startswith("plays/") or src == "plays/index.md":
        return markdown
    if BACKLINKS_MARKER not in markdown:
        raise PluginError(f"{src}: play page is missing the '{BACKLINKS_MARKER}' marker "
                          "under 'Checklists that use it'")
    return markdown.replace(BACKLINKS_MARKER, play_backlinks(_checklists, src))


def on_page_content(html, page, config, files):
    """Turn a checklist page's questions into a form that scores in the browser."""
    checklist = next((c for c in _checklists if page.file.src_uri == f"checklists/{c.id}.md"), None)
    if checklist is None:
        return html
    play_urls = {}
    for play in {i.play for i in checklist.items if i.play}:
        target = files.get_file_from_path(play)
        if target is None:
            raise PluginError(f"{checklist.path}: play '{play}' is not a page of the site")
        play_urls[play] = target.url_relative_to(page.file)
    try:
        return add_form(html, checklist, play_urls, _play_titles.get(checklist.id))
    except FormError as exc:
        raise PluginError(str(exc)) from None
