"""MkDocs/ProperDocs hook: run the site's generation step before every build, and keep the nav in step.

A thin adapter over playbook_cli.site: `generate()` writes the checklist
pages (with the data their form is built from), the checklists index, the
schemas and the play backlinks, exactly as `python -m playbook_cli.site
generate` does before a Zensical build. Any invalid checklist, or a play page
without its backlinks line, fails the build with the loader's own
`file:line:col: message`. ProperDocs runs this file unchanged (it maps
`mkdocs.*` imports to its own modules).
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

from playbook_cli.catalog import yaml_files
from playbook_cli.errors import PlaybookError
from playbook_cli.site.generate import CHECKLISTS_DIR, generate, hidden_pages
from playbook_cli.site.nav import drop_pages, sync_checklist_pages


def on_config(config):
    """Keep the nav's checklist pages in step with checklists/*.yaml.

    A checklist added with `playbook new` gets its page listed beside
    checklists/index.md and a deleted one's entry is dropped, so a fork never
    edits the nav for generated pages (strict mode fails on a page missing
    from the nav, and MkDocs checks that before any later event).
    """
    if config.nav:  # with no explicit nav, the engine lists every page itself
        root = Path(config.config_file_path).parent
        hidden = _hidden(config)
        pages = [f"checklists/{p.stem}.md" for p in yaml_files(root / CHECKLISTS_DIR)]
        sync_checklist_pages(config.nav, [page for page in pages if page not in hidden])
        drop_pages(config.nav, hidden)
    return config


def _hidden(config) -> set[str]:
    """The pages playbook.toml hides (see playbook_cli.site.generate.hidden_pages)."""
    try:
        return hidden_pages(Path(config.config_file_path).parent)
    except PlaybookError as exc:
        raise PluginError(f"the site cannot be generated: {exc.first}") from None


def on_files(files, config):
    """Hidden pages are built (links to them hold) but belong to no nav: not an omitted page in strict mode."""
    from mkdocs.structure.files import InclusionLevel

    hidden = _hidden(config)
    for file in files:
        if file.src_uri in hidden:
            file.inclusion = InclusionLevel.NOT_IN_NAV
    return files


def on_page_markdown(markdown, page, config, files):
    """Hidden pages stay out of the site search."""
    if page.file.src_uri in _hidden(config):
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    return markdown


def on_pre_build(config):
    """Write the generated files into docs/ before the engine collects its pages."""
    try:
        result = generate(Path(config.config_file_path).parent, config.docs_dir)
    except PlaybookError as exc:
        raise PluginError("the site cannot be generated:\n" + "\n".join(
            f"  {p}" + (f" (hint: {p.hint})" if p.hint else "") for p in exc.problems)) from None
    for problem in result.warnings:  # a warning, not a failure, even in strict mode: see docs/guides/tailor.md
        print(f"Warning: {problem}", file=sys.stderr)
