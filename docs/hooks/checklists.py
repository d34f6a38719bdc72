"""MkDocs hook: checklist pages (with their fill-in form), play backlinks and the published schemas.

A thin adapter over playbook_cli: checklists are loaded and validated by the
same loader as `playbook validate`, and rendered by the same renderer as
`playbook show --format markdown`. Any invalid checklist fails the build with
the loader's own `file:line:col: message`.
"""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from playbook_cli.docs_pages import play_titles
from playbook_cli.errors import PlaybookError
from playbook_cli.loader import load_checklist
from playbook_cli.render import render_checklist
from playbook_cli.render.markdown import escape
from playbook_cli.render.site_form import FormError, add_form

log = logging.getLogger("mkdocs.hooks.checklists")

BACKLINKS_MARKER = "<!-- playbook:backlinks -->"
CHECKLIST_DIR = "checklists"  # beside mkdocs.yml; pages go to docs/checklists/
SCHEMAS = ("checklist.schema.json", "answers.schema.json")

_checklists: list = []
_play_titles: dict[str, dict[str, str]] = {}  # checklist id -> play path -> title


def on_config(config):
    """Keep the nav's checklist pages in step with checklists/*.yaml.

    A checklist added with `playbook new` gets its page listed beside
    checklists/index.md, and a deleted checklist's entry is dropped, so a
    fork never edits the nav for generated pages (strict mode would fail on
    a page missing from the nav, and MkDocs checks that before later hooks).
    """
    if not config.nav:
        return config  # no explicit nav: MkDocs lists every page itself
    root = Path(config.config_file_path).parent
    pages = [f"checklists/{p.stem}.md" for p in sorted((root / CHECKLIST_DIR).glob("*.yaml"))]
    section = _nav_list_holding(config.nav, "checklists/index.md")
    if section is None:
        section = []
        config.nav.append({"Checklists": section})
    listed = set(_nav_pages(config.nav))
    section[:] = [e for e in section if not _stale(e, pages)]
    section.extend(page for page in pages if page not in listed)
    return config


def _nav_pages(nav) -> list[str]:
    out = []
    for entry in nav:
        values = entry.values() if isinstance(entry, dict) else [entry]
        for value in values:
            out += _nav_pages(value) if isinstance(value, list) else [value]
    return out


def _nav_list_holding(nav: list, page: str):
    """The nav list (at any depth) that has `page` as one of its own entries."""
    for entry in nav:
        if entry == page or (isinstance(entry, dict) and page in entry.values()):
            return nav
    for entry in nav:
        for value in entry.values() if isinstance(entry, dict) else []:
            if isinstance(value, list) and (found := _nav_list_holding(value, page)) is not None:
                return found
    return None


def _stale(entry, pages: list[str]) -> bool:
    """A generated checklist page whose YAML file is gone."""
    page = entry if isinstance(entry, str) else next(iter(entry.values()), None) if isinstance(entry, dict) else None
    return (isinstance(page, str) and page.startswith("checklists/") and page != "checklists/index.md"
            and page not in pages)


def on_files(files, config):
    """Load every checklist and add its generated page (plus the index and schemas)."""
    root = Path(config.config_file_path).parent
    docs_dir = Path(config.docs_dir)
    _checklists.clear()
    _play_titles.clear()
    problems = []
    for path in sorted((root / CHECKLIST_DIR).glob("*.yaml")):
        try:
            _checklists.append(load_checklist(path, docs_dir=docs_dir))
        except PlaybookError as exc:
            problems.extend(exc.problems)
    if problems:
        raise PluginError("invalid checklist(s):\n" + "\n".join(f"  {p}" for p in problems))

    for checklist in _checklists:
        titles = play_titles(docs_dir, {i.play for i in checklist.items if i.play})
        _play_titles[checklist.id] = titles
        body = render_checklist(checklist, "markdown", play_titles=titles, link_base="../")
        page = (f"---\ntitle: {_yaml_text(checklist.title)}\ndescription: {_yaml_text(checklist.summary[:160])}\n---\n\n"
                f"# {escape(checklist.title)}\n\n{body}")
        files.append(File.generated(config, f"checklists/{checklist.id}.md", content=page))
    files.append(File.generated(config, "checklists/index.md", content=_index_page()))
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
    return markdown.replace(BACKLINKS_MARKER, _backlinks(src))


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


def _backlinks(play: str) -> str:
    lines = []
    for checklist in _checklists:
        using = [item for item in checklist.items if item.play == play]
        if not using:
            continue
        lines.append(f"- [{escape(checklist.title)}](../checklists/{checklist.id}.md):")
        lines += [f"    - [{escape(item.question)}](../checklists/{checklist.id}.md#{item.id})" for item in using]
    if not lines:
        return "No checklist points at this play yet."
    return "These checklist questions point here when a team answers them *no* or *partly*:\n\n" + "\n".join(lines)


def _index_page() -> str:
    rows = "\n".join(
        f"| [{escape(c.title)}]({c.id}.md) | {len(c.items)} | {sum(i.critical for i in c.items)} | {escape(c.summary)} |"
        for c in _checklists
    )
    return (
        "---\ntitle: Checklists\ndescription: Every checklist in the playbook, with its questions and the plays behind them.\n---\n\n"
        "# Checklists\n\n"
        "Each checklist is one YAML file in `checklists/`: the same file drives these pages and the "
        "`playbook` command. Run one in a terminal with `playbook run ID -o answers.yaml`, "
        "or fill it in on its page here and export the answers file.\n\n"
        "| Checklist | Questions | Critical | When to use it |\n|---|---:|---:|---|\n" + rows + "\n"
    )


def _yaml_text(text: str) -> str:
    import json

    return json.dumps(" ".join(text.split()), ensure_ascii=False)
