"""Benchmark `playbook` and the site build against a floor measured in the same run.

    python benchmarks/run.py            # measure and print the table (exit 0)
    python benchmarks/run.py --check    # exit 1 if any ratio misses its target
    python benchmarks/run.py --only startup,score --runs 31

What is compared with what:

1. start-up: `playbook --version` against `python -c "import click, yaml"`,
   the least any Click + PyYAML tool can do (target <= 1.3x).
2. score: `playbook score` of one answers file for kickoff-readiness with
   every item answered, against the same floor (target <= 1.6x).
3. trend: `playbook trend` over 2,000 answers files (200 teams x 10
   checkpoints, generated into a temporary directory) against a script that
   only parses the same 2,000 files with yaml.load(..., Loader=yaml.CSafeLoader)
   (target <= 1.5x).
4. overview: `playbook overview` of the same 2,000 files, given as their directory
   (200 teams, each team's latest checkpoint scored with the one before it and
   its actions counted), against the same CSafeLoader parse (target <= 1.5x).
5. validate: `playbook validate` of a generated checklist of 5,000 items in one
   section (about 790 KB, under the 1 MiB limit), against the same CSafeLoader
   parse of that file (target <= 3x): loading must be linear in the size of a
   section (it was quadratic: 4,000 items took 6 s, 10,000 took 109 s).
6. site: `mkdocs build --strict` of a copy of the repository's site with its
   hooks, against a copy without hooks whose generated pages (checklist pages,
   the checklists index, schemas, play backlinks) were written out once as
   static files by those same hooks, so both builds publish the same pages
   (target <= 1.5x).

Method, the same for every pair: each side is a fresh subprocess, timed by
wall clock from spawn to exit, so interpreter start-up and imports count on
both sides. One untimed warm-up run of each side fills the OS file cache and
the bytecode cache (kept in the temporary directory, PYTHONPYCACHEPREFIX), then
the two sides alternate (A, B, A, B, ...) so that a burst of load on the
machine hits both, and the medians are compared (PASS/OVER). The ratio of the
fastest runs is printed beside it as "(best)": load only ever adds time, so on
a busy machine it is the steadier estimate of the real cost. So is "(cpu)", the
ratio of the median CPU time (user + system) of the two sides: time spent
waiting for a core, which a loaded machine adds, is not in it. The verdict
stays on wall time, which is what a user waits for. The command run as
`playbook` is the console script installed beside this Python (what a user
runs), or `python -m playbook_cli` if there is none.

The figures depend on the machine and on what else it is doing; the load
average is printed before and after so a noisy run can be recognised.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

REPO = Path(__file__).resolve().parent.parent
WORDS = ["yes", "partly", "no", "unknown", "n/a"]
FLOOR = [sys.executable, "-c", "import click, yaml"]
CASES = ["startup", "score", "trend", "overview", "validate", "site"]
YAML_FLOOR = ("import sys, yaml\n"
              "for name in sys.argv[1:]:\n"
              "    with open(name, encoding='utf-8') as fh:\n"
              "        yaml.load(fh.read(), Loader=yaml.CSafeLoader)\n")
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")
ENV.pop("PLAYBOOK_CHECKLISTS", None)
# Imports run from cached bytecode on both sides, as after `pip install`: a CI
# image with PYTHONDONTWRITEBYTECODE would otherwise recompile playbook_cli from
# source on every run, but not click or yaml, whose .pyc files came with them.
# The cache goes to the temporary directory, so nothing is written into the repository.
ENV.pop("PYTHONDONTWRITEBYTECODE", None)


def playbook_command() -> list[str]:
    script = Path(sys.executable).parent / "playbook"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "playbook_cli"]


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"CPU: {model}; {os.cpu_count()} cores; Python {platform.python_version()} "
            f"({platform.python_implementation()}); {platform.system()} {platform.release()}")


def load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def once(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system, the command and its children) of one run."""
    before = children_cpu()
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=ENV, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"benchmark command failed ({result.returncode}): {' '.join(cmd[:6])} ...\n{result.stderr}")
    return elapsed, children_cpu() - before


def children_cpu() -> float:
    try:
        import resource
    except ImportError:  # not on Windows: CPU time is then reported as 0
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def pair(a: list[str], b: list[str], runs: int, cwd_a: Path, cwd_b: Path | None = None) -> tuple[list, list]:
    """(wall, cpu) times of a and b, run alternately after one warm-up each."""
    cwd_b = cwd_b or cwd_a
    once(a, cwd_a), once(b, cwd_b)
    times_a, times_b = [], []
    for _ in range(runs):
        times_a.append(once(a, cwd_a))
        times_b.append(once(b, cwd_b))
    return times_a, times_b


# -- fixtures ---------------------------------------------------------------------------

def kickoff_items() -> list[str]:
    sys.path.insert(0, str(REPO))
    from playbook_cli.loader import load_checklist

    return [item.id for item in load_checklist(REPO / "checklists" / "kickoff-readiness.yaml").items]


def answers_text(items: list[str], rng: random.Random, team: str, date: dt.date, respondent: str) -> str:
    lines = ["checklist: kickoff-readiness", "checklist_version: 1", f'team: "{team}"',
             f'respondent: "{respondent}"', f"date: {date.isoformat()}", "answers:"]
    lines += [f'  {item}: "{rng.choices(WORDS, weights=[5, 3, 2, 1, 1])[0]}"' for item in items]
    lines += ["actions:", f'  {items[1]}: {{owner: "Priya", due: 2026-12-01}}']
    return "\n".join(lines) + "\n"


def write_history(directory: Path, items: list[str], teams: int = 200, checkpoints: int = 10) -> list[str]:
    rng = random.Random(2026)
    names = []
    for team in range(teams):
        for point in range(checkpoints):
            name = f"t{team:03}-{point:02}.yaml"
            date = dt.date(2026, 1, 5) + dt.timedelta(weeks=2 * point)
            (directory / name).write_text(answers_text(items, rng, f"Team {team:03}", date, f"Lead {team}"),
                                          encoding="utf-8")
            names.append(name)
    return names


def wide_checklist(items: int = 5_000) -> str:
    """One section of `items` items, every key used, some critical: valid, and under 1 MiB."""
    lines = ["id: wide", "title: A wide checklist", "version: 1", "summary: Generated for the benchmark.",
             "sections:", "  - id: all", "    title: Everything", "    items:"]
    for number in range(items):
        lines += [f"      - id: item-{number}", f"        question: Is item {number} in place and agreed by everyone?",
                  f"        why: Without item {number} the project drifts.", f"        weight: {number % 5 + 1}"]
        if number % 7 == 0:
            lines.append("        critical: true")
    return "\n".join(lines) + "\n"


def site_copies(base: Path) -> tuple[Path, Path]:
    """Two copies of the site: one with its hooks, one with their output written out statically."""
    with_hooks, static = base / "with-hooks", base / "static"
    for target in (with_hooks, static):
        target.mkdir()
        for name in ("docs", "overrides", "checklists"):
            if (REPO / name).exists():
                shutil.copytree(REPO / name, target / name)
        shutil.copy2(REPO / "mkdocs.yml", target / "mkdocs.yml")
    write_hook_output(static)
    text = (static / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    out, skipping = [], False
    for line in text:
        if line.startswith("hooks:"):
            skipping = True
            continue
        if skipping and (line.startswith("  - ") or not line.strip()):
            continue
        skipping = False
        out.append(line)
    (static / "mkdocs.yml").write_text("\n".join(out) + "\n", encoding="utf-8")
    shutil.rmtree(static / "docs" / "hooks", ignore_errors=True)
    return with_hooks, static


def write_hook_output(root: Path) -> None:
    """Run the site's hooks once, outside MkDocs, and write what they generate into docs/."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.utils.meta import get_data

    config = load_config(config_file=str(root / "mkdocs.yml"))
    config.plugins._current_plugin = None  # File.generated() reads it; MkDocs sets it while running events
    hooks = []
    for index, hook in enumerate(config["hooks"]):
        spec = importlib.util.spec_from_file_location(f"_bench_hook_{index}", root / hook)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        hooks.append(module)
    for module in hooks:
        if hasattr(module, "on_config"):
            config = module.on_config(config) or config
    files = get_files(config)
    before = {f.src_uri for f in files}
    for module in hooks:
        if hasattr(module, "on_files"):
            files = module.on_files(files, config) or files
    docs = Path(config["docs_dir"])
    for file in files:
        if file.src_uri not in before:
            target = docs / file.src_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(file.content_bytes)
    for file in files.documentation_pages():
        text = (docs / file.src_uri).read_text(encoding="utf-8")
        body, meta = get_data(text)
        page = SimpleNamespace(file=file, meta=meta, title=meta.get("title"), url=file.url)
        new = body
        for module in hooks:
            if hasattr(module, "on_page_markdown"):
                new = module.on_page_markdown(new, page=page, config=config, files=files) or new
        if new != body:
            assert text.endswith(body)
            (docs / file.src_uri).write_text(text[: len(text) - len(body)] + new, encoding="utf-8")


# -- the benchmarks ----------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if any target is missed")
    parser.add_argument("--runs", type=int, default=21, help="timed runs per side for start-up and score (>= 15)")
    parser.add_argument("--heavy-runs", type=int, default=5,
                        help="timed runs per side for trend, overview, validate and the site build")
    parser.add_argument("--only", default=",".join(CASES),
                        help=f"comma-separated subset to run, of: {', '.join(CASES)}")
    args = parser.parse_args()
    if args.runs < 15 or args.heavy_runs < 3:
        parser.error("use at least 15 runs (and 3 heavy runs) per side: a median of fewer is noise")
    only = set(args.only.split(","))
    if only - set(CASES):
        parser.error(f"unknown benchmark(s): {', '.join(sorted(only - set(CASES)))}; choose from {', '.join(CASES)}")
    playbook = playbook_command()

    print(machine())
    print(f"playbook command: {' '.join(playbook)}")
    print(f"load average before: {load()}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="playbook-bench-") as tmp:
        work = Path(tmp)
        ENV["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        items = kickoff_items()
        checklists = ["--checklists", str(REPO / "checklists")]
        if "startup" in only:
            a, b = pair(playbook + ["--version"], FLOOR, args.runs, work)
            rows.append(("start-up: playbook --version", "python -c 'import click, yaml'", a, b, 1.3))
        if "score" in only:
            (work / "answers.yaml").write_text(
                answers_text(items, random.Random(1), "Payments", dt.date(2026, 11, 23), "Dana"), encoding="utf-8")
            a, b = pair(playbook + ["score", *checklists, "answers.yaml"], FLOOR, args.runs, work)
            rows.append((f"score: 1 file, {len(items)} answers", "python -c 'import click, yaml'", a, b, 1.6))
        history = work / "history"
        names: list[str] = []
        if {"trend", "overview"} & only:
            history.mkdir()
            names = write_history(history, items)
        if "trend" in only:
            a, b = pair(playbook + ["trend", *checklists, *names], [sys.executable, "-c", YAML_FLOOR, *names],
                        args.heavy_runs, history)
            rows.append((f"trend: {len(names):,} files", "CSafeLoader parse of the same", a, b, 1.5))
        if "overview" in only:
            a, b = pair(playbook + ["overview", *checklists, "--as-of", "2026-12-01", "."],
                        [sys.executable, "-c", YAML_FLOOR, *names], args.heavy_runs, history)
            rows.append((f"overview: {len(names):,} files", "CSafeLoader parse of the same", a, b, 1.5))
        if "validate" in only:
            wide = work / "wide"
            wide.mkdir()
            (wide / "wide.yaml").write_text(wide_checklist(), encoding="utf-8")
            a, b = pair(playbook + ["validate", "wide.yaml"], [sys.executable, "-c", YAML_FLOOR, "wide.yaml"],
                        args.heavy_runs, wide)
            rows.append(("validate: 5,000 items", "CSafeLoader parse of the same", a, b, 3.0))
        if "site" in only:
            with_hooks, static = site_copies(work)
            build = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir"]
            a, b = pair(build + [str(work / "out-a")], build + [str(work / "out-b")], args.heavy_runs,
                        with_hooks, static)
            pages_a = sorted(p.relative_to(work / "out-a").as_posix() for p in (work / "out-a").rglob("*.html"))
            pages_b = sorted(p.relative_to(work / "out-b").as_posix() for p in (work / "out-b").rglob("*.html"))
            if pages_a != pages_b:
                raise SystemExit(f"the two site builds publish different pages: {set(pages_a) ^ set(pages_b)}")
            rows.append((f"site: mkdocs build, {len(pages_a)} pages", "same pages, no hooks", a, b, 1.5))

    print(f"load average after:  {load()}")
    print()
    header = (f"{'benchmark':<32} {'playbook':>9} {'floor':>9}  {'floor is':<31} {'ratio':>6} {'target':>7}  result"
              f"  {'(best)':>7}  {'(cpu)':>7}")
    print(header)
    print("-" * len(header))
    missed = 0
    for name, floor_name, runs_a, runs_b, target in rows:
        times_a, times_b = [wall for wall, _ in runs_a], [wall for wall, _ in runs_b]
        a, b = statistics.median(times_a), statistics.median(times_b)
        cpu_b = statistics.median(cpu for _, cpu in runs_b)
        cpu = f"{statistics.median(cpu for _, cpu in runs_a) / cpu_b:>6.2f}x" if cpu_b else f"{'n/a':>7}"
        ratio = a / b
        ok = ratio <= target
        missed += not ok
        print(f"{name:<32} {a * 1000:>7.0f}ms {b * 1000:>7.0f}ms  {floor_name:<31} {ratio:>5.2f}x {target:>6.1f}x  "
              f"{'PASS' if ok else 'OVER'}  {min(times_a) / min(times_b):>6.2f}x  {cpu}")
    print(f"\nmedians of {args.runs} runs per side (start-up, score) and {args.heavy_runs} "
          "(trend, overview, validate, site); the verdict is on the ratio of medians.\n(best) is the ratio of "
          "the fastest runs and (cpu) that of the median "
          "CPU times: on a busy machine they are\nthe steadier figures, since load only ever adds time, and "
          "mostly time spent waiting for a core.")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
