"""`python -m playbook_cli.site generate`: write the site's generated files before any engine builds.

Zensical runs no hooks, so its build is `python -m playbook_cli.site generate
&& zensical build --strict`; MkDocs and ProperDocs run the same step from
docs/hooks/checklists.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from playbook_cli.errors import PlaybookError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """The site's generated pages, page data and schemas, for any engine."""


@main.command()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".", show_default=True,
              help="The project: checklists/ and docs/ are here.")
@click.option("--docs-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The engine's docs directory (default: ROOT/docs).")
def generate(root: Path, docs_dir: Path | None) -> None:
    """Write the checklist pages, their form data, the schemas and the play backlinks.

    Writes docs/checklists/, docs/schemas/ and generated/backlinks/ (all
    ignored by git), changing only files whose content changed. Run it
    before `zensical build`; MkDocs and ProperDocs run it through their hook.

    \b
    Examples:
      python -m playbook_cli.site generate
      python -m playbook_cli.site generate && zensical build --strict
    """
    from playbook_cli.site.generate import generate as generate_site

    try:
        result = generate_site(root, docs_dir)
    except PlaybookError as exc:
        first, *rest = exc.problems
        click.echo(f"Error: {first}", err=True)
        if first.hint:
            click.echo(f"  Hint: {first.hint}", err=True)
        for problem in rest:
            click.echo(f"  {problem}" + (f" (hint: {problem.hint})" if problem.hint else ""), err=True)
        sys.exit(2)
    for problem in result.warnings:  # a warning, not a failure: the build goes on
        click.echo(f"Warning: {problem}", err=True)
    click.echo(f"{len(result.checklists)} checklist pages, {len(result.changed)} files written, "
               f"{len(result.removed)} removed.", err=True)


if __name__ == "__main__":
    main()
