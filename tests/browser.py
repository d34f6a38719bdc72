"""Real headless Chromium for site and report tests, via Playwright.

Uses Debian's /usr/bin/chromium (never `playwright install`, which cannot
download here). Tests that need it skip with a clear reason when it is absent
on a developer's machine, and fail when the CI variable is set: a CI run that
skipped every browser test would look green while testing nothing.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("PLAYBOOK_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
# Flags that keep Chromium quiet on a machine with no network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def missing(reason: str) -> None:
    """Skip locally; fail in CI, where the tool must be there."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this fails instead of skipping)", pytrace=False)
    pytest.skip(reason)


def require_chromium():
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        missing(f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package (.ci/run does)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing("Python Playwright is not installed: pip install -e '.[test]'")


def axe_source() -> str:
    try:
        import axe_playwright_python
    except ImportError:
        missing("axe-playwright-python (which ships axe-core) is not installed")
    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ALL_LEVELS = WCAG_TAGS + ["best-practice"]


def axe_violations(page, tags: list[str] = ALL_LEVELS) -> list[dict]:
    """Run axe-core on the page as it is now; every violation of the given rule tags, at every impact
    (minor and moderate too), with the first elements each one names and why."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_source())
    # Judge the page at rest: a colour caught mid-transition (Material fades "Back to top" in as the
    # page scrolls) is a blend no reader sees for long, and made this check flaky.
    page.evaluate("Promise.all(document.getAnimations()"
                  ".filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity)"
                  ".map(a => a.finished.catch(() => null)))")
    results = page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", tags)
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [(n["target"], n.get("failureSummary", "").replace("\n", " ")[:200]) for n in v["nodes"]][:5]}
        for v in results["violations"]
    ]


def all_level_violations(page) -> list[dict]:
    """Every axe violation at any impact: WCAG 2.0 and 2.1 A and AA, and axe's best practices."""
    return axe_violations(page, ALL_LEVELS)


def serious_violations(page) -> list[dict]:
    """Run axe-core on the page; return serious or critical WCAG 2 A/AA violations."""
    return [v for v in axe_violations(page, WCAG_TAGS) if v["impact"] in ("serious", "critical")]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(directory: Path):
    """Serve a directory on 127.0.0.1 at a free port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def browser():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def engine_site(engine: str, scratch: Path) -> Path:
    """The site `engine` built from a copy of the project (skipping, or failing in CI, without the engine)."""
    from tests.site_build import built_copy, engine_missing, install_zensical, use_python

    if engine == "zensical" and engine_missing("zensical"):
        python = install_zensical(scratch)
        if python is None:
            pytest.skip("zensical cannot be installed here (pip install zensical failed)")
        use_python("zensical", python)
    elif engine_missing(engine):
        missing(engine_missing(engine))
    site, result = built_copy(engine, scratch)
    assert result.returncode == 0, result.stderr[-3000:]
    return site
