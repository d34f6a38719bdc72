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

from pathlib import Path

from mkdocs.exceptions import PluginError

from playbook_cli.catalog import yaml_files
from playbook_cli.errors import PlaybookError
from playbook_cli.site.generate import CHECKLISTS_DIR, generate
from playbook_cli.site.nav import sync_checklist_pages


def on_config(config):
    """Keep the nav's checklist pages in step with checklists/*.yaml.

    A checklist added with `playbook new` gets its page listed beside
    checklists/index.md and a deleted one's entry is dropped, so a fork never
    edits the nav for generated pages (strict mode fails on a page missing
    from the nav, and MkDocs checks that before any later event).
    """
    if config.nav:  # with no explicit nav, the engine lists every page itself
        root = Path(config.config_file_path).parent
        pages = [f"checklists/{p.stem}.md" for p in yaml_files(root / CHECKLISTS_DIR)]
        sync_checklist_pages(config.nav, pages)
    return config


def on_pre_build(config):
    """Write the generated files into docs/ before the engine collects its pages."""
    try:
        generate(Path(config.config_file_path).parent, config.docs_dir)
    except PlaybookError as exc:
        raise PluginError("the site cannot be generated:\n" + "\n".join(
            f"  {p}" + (f" (hint: {p.hint})" if p.hint else "") for p in exc.problems)) from None
