"""Everything the site needs, for any engine (MkDocs, ProperDocs, Zensical).

`generate.generate()` writes the pages, page data and schemas that are not
hand-written; `python -m playbook_cli.site generate` runs it from a shell
(Zensical runs no hooks, so it runs this before `zensical build`), and
docs/hooks/checklists.py runs it for MkDocs and ProperDocs. Nothing here
edits an engine's rendered HTML: the browser builds the form from the data
the page carries (docs/javascripts/).

This package imports nothing at import time, so the command line can use
`site.docs_pages` without loading the generator.
"""
