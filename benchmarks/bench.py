"""Measure prolo against two floors: T, `python -c "import typer"` (the true
floor of any Typer program), and the older floor.py, a trivial Typer + rich
program.

    python benchmarks/bench.py [--runs N] [--check]

Every case runs alternately with its baseline, N times each, in fresh
subprocesses with stdout to a pipe and a private cache directory; the table
shows medians and the ratio case/baseline against its bound. Ratios rather
than seconds, so that the figures mean the same on a slow laptop and a fast
workstation. The `prolo` measured is the installed command next to this
Python.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gen_catalogue import generate  # noqa: E402

PROLO = str(Path(sys.executable).parent / "prolo")
FLOOR = [sys.executable, str(HERE / "floor.py")]
TYPER = [sys.executable, "-c", "import typer"]
BIG_ID = "synthetic-001"


@dataclass
class Cmd:
    label: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)


@dataclass
class Case:
    name: str
    cmd: Cmd
    baseline: Cmd
    bound: float
    aim: float | None = None


def _env(cache: Path, extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PROLO_", "_PROLO_", "_FLOOR_"))}
    for name in ("COMP_WORDS", "COMP_CWORD", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    env["XDG_CACHE_HOME"] = str(cache / "xdg")
    # Byte-code as an installed prolo has it, kept out of the source tree.
    env["PYTHONPYCACHEPREFIX"] = str(cache / "pycache")
    env.update(extra)
    return env


def run(cmd: Cmd, cache: Path) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(cmd.argv, env=_env(cache, cmd.env), stdin=subprocess.DEVNULL, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{cmd.label} failed ({done.returncode}):\n{done.stderr}")
    return elapsed, done.stdout


def completion(argv: list[str], prog: str, words: str) -> Cmd:
    var = f"_{prog.replace('-', '_').upper()}_COMPLETE"
    env = {var: "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - 1)}
    return Cmd(f"{words}<TAB>", argv, env)


def check_completions(cases: list[Case], cache: Path) -> None:
    """A completion that prints nothing is fast and useless: make sure both answer."""
    for cmd in (cases[1].cmd,):
        _, out = run(cmd, cache)
        candidates = out.splitlines()
        if "prp" not in candidates:  # an explicit check: asserts vanish under python -O
            raise SystemExit(f"{cmd.label}: no candidates in {out!r}")
        print(f"  {cmd.label:<22} -> {' | '.join(candidates)}")


def main() -> int:
    parser = argparse.ArgumentParser(description="Time prolo against a Typer + rich floor.")
    parser.add_argument("--runs", type=int, default=15, help="runs of each case and of its baseline")
    parser.add_argument("--check", action="store_true", help="exit 1 when a ratio is over its bound")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="prolo-bench-") as tmp:
        root = Path(tmp)
        big = generate(root / "big.toml")
        cache = root / "cache"

        show = Cmd("prolo show prp", [PROLO, "show", "prp"])
        floor = Cmd("floor show prp", [*FLOOR, "show", "prp"])
        t_floor = Cmd("T: import typer", TYPER)
        cases = [
            Case("show (bundled, warm)", show, t_floor, 1.6, 1.2),
            Case(
                "completion show p<TAB>",
                completion([PROLO], "prolo", "prolo show p"),
                t_floor,
                1.5,
                1.1,
            ),
            Case(
                "compare (bundled, warm)", Cmd("prolo compare", [PROLO, "compare", "prolotherapy", "msc"]), t_floor, 1.8
            ),
            Case("list --json (warm)", Cmd("prolo list --json", [PROLO, "list", "--json"]), t_floor, 1.8),
            Case("show vs floor.py", show, floor, 1.0),
            Case(
                "show, rendered afresh",
                Cmd("prolo show prp (no output cache)", [PROLO, "show", "prp"], {"PROLO_OUTPUT_CACHE": "0"}),
                t_floor,
                2.5,
            ),
            Case(
                "big: show (warm)",
                Cmd(f"prolo --catalog big show {BIG_ID}", [PROLO, "--catalog", str(big), "show", BIG_ID]),
                show,
                1.3,
            ),
            Case(
                "big: list (warm)",
                Cmd("prolo --catalog big list", [PROLO, "--catalog", str(big), "list"]),
                show,
                2.5,
            ),
        ]

        size = big.stat().st_size / 1e6
        print(f"prolo: {PROLO}\nbig catalogue: 250 therapies, 5,000 references, {size:.1f} MB")
        # Byte-code and the bundled catalogue's cache first, so that the cold
        # run below pays only for validating the big catalogue.
        for cmd in (show, floor, show):
            run(cmd, cache)
        cold, _ = run(cases[2].cmd, cache)
        for case in cases:
            run(case.cmd, cache)
            run(case.baseline, cache)
        print("completion candidates:")
        check_completions(cases, cache)

        times: dict[str, list[float]] = {}
        for i in range(args.runs):
            for case in cases:
                # Alternate the order too, so that drift favours neither side.
                pair = (case.cmd, case.baseline) if i % 2 == 0 else (case.baseline, case.cmd)
                for cmd in pair:
                    times.setdefault(f"{case.name}|{cmd.label}", []).append(run(cmd, cache)[0])

    print(f"\nmedians of {args.runs} runs, ms\n")
    header = f"{'case':<24} {'prolo':>7} {'baseline':>22} {'ratio':>7} {'bound':>6}  result"
    print(header)
    print("-" * len(header))
    over = False
    for case in cases:
        mine = statistics.median(times[f"{case.name}|{case.cmd.label}"]) * 1000
        base = statistics.median(times[f"{case.name}|{case.baseline.label}"]) * 1000
        ratio = mine / base
        verdict = "PASS" if ratio <= case.bound else "OVER"
        over |= verdict == "OVER"
        aim = f" (aim {case.aim:.2f}x)" if case.aim else ""
        base_label = f"{case.baseline.label.split(' ')[0]} {base:.0f}"
        print(f"{case.name:<24} {mine:>7.0f} {base_label:>22} {ratio:>6.3f}x {case.bound:>5.2f}x  {verdict}{aim}")
    print(f"\nbig catalogue, first run (cold cache, validates 2 MB): {cold * 1000:.0f} ms")
    return 1 if over and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
