"""`python -m bench`: each benchmark in turn, a table for each, figures as JSON in bench/results/.

python -m bench                # the brief's scale: 1,000,000 milestones (a few minutes)
python -m bench --scale 0.01   # a quick try on 10,000 milestones
python -m bench --postgres postgresql://root@127.0.0.1:5432/test   # the command table on PostgreSQL too
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench import dataset, latency, report
from bench.scenario import PEAK_RSS_TARGET_MB, READY_TARGET_S, ScenarioResult, run_scenario

# The reminder scheduler's benchmarks, each in its own process: module, arguments, time limit in seconds.
# The lone reminder's lateness only: the flood of 10,000 replaces the lateness module's 1,000 at once.
SCHEDULER_BENCHMARKS = (
    ("bench.reminder_lateness", ("--at-once", "0"), 300),
    ("bench.scheduler_flood", (), 600),  # 10,000 DMs at 46/s: about 4 minutes
    ("bench.idle_cost", (), 300),
)
GROWTH_STEPS = (0.01, 0.1, 1.0)  # of the chosen scale: 10,000, 100,000 and 1,000,000 milestones at scale 1


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 1,000,000 milestones (default)")
    parser.add_argument("--calls", type=int, default=2000, help="calls of each command under load")
    parser.add_argument("--in-flight", type=int, default=100, help="calls at once under load")
    parser.add_argument("--one-at-a-time", type=int, default=200, help="calls of each command alone")
    parser.add_argument("--paced", type=int, default=200, help="calls of each command at a steady rate")
    parser.add_argument("--per-second", type=float, default=20.0, help="the steady rate, calls per second")
    parser.add_argument("--no-growth", action="store_true", help="skip the smaller datasets")
    parser.add_argument("--no-scheduler", action="store_true", help="skip the reminder scheduler benchmark")
    parser.add_argument(
        "--postgres",
        metavar="SERVER_URL",
        help="also run the command table with the bot on PostgreSQL (a fresh database on this server)",
    )
    parser.add_argument(
        "--locale",
        default="en-US",
        help="the Discord locale the benchmark's users write in (pt-BR: every reply translated, amounts by babel)",
    )
    args = parser.parse_args()
    results = report.RESULTS_DIR
    results.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()

    data = dataset.cached(results, args.scale)
    _print_data(data)
    report.write_json("data", data.figures())

    def scenario(at: dataset.BuiltDataset, postgres: str | None = None) -> ScenarioResult:
        return asyncio.run(
            run_scenario(
                at,
                results,
                calls=args.calls,
                in_flight=args.in_flight,
                one_at_a_time=args.one_at_a_time,
                paced=args.paced,
                per_second=args.per_second,
                postgres=postgres,
                locale=args.locale,
            )
        )

    full = scenario(data)
    _print_scenario(full)
    report.write_json("commands_and_memory", full.figures())
    if args.postgres:
        on_postgres = scenario(data, args.postgres)
        _print_scenario(on_postgres)
        _print_side_by_side(full, on_postgres)
        report.write_json("commands_postgresql", on_postgres.figures())

    if not args.no_growth:
        steps = []
        for step in GROWTH_STEPS[:-1]:
            smaller = dataset.cached(results, args.scale * step)
            _print_data(smaller)
            steps.append(scenario(smaller))
        steps.append(full)
        _print_growth(steps)
        report.write_json("growth", {"steps": [s.figures() for s in steps]})

    if not args.no_scheduler:
        report.write_json(
            "scheduler",
            {
                module: _run_scheduler_benchmark(module, arguments, timeout)
                for module, arguments, timeout in SCHEDULER_BENCHMARKS
            },
        )

    print(f"\nall benchmarks took {time.perf_counter() - began:.0f} s; figures in {results}/")


def _print_data(data: dataset.BuiltDataset) -> None:
    counts = data.counts
    how = "reused from the cache, built earlier in" if data.cached else "built in"
    print(
        report.table(
            f"\nData: {data.path.name} ({how} {data.build_seconds:.1f} s, {data.size_bytes / 1e6:.0f} MB)",
            ["users", "contracts", "milestones", "reminders", "pending reminders"],
            [[counts.users, counts.contracts, counts.milestones, counts.reminders, counts.pending_reminders]],
        )
    )


def _print_scenario(result: ScenarioResult) -> None:
    copied = "" if result.copy_seconds is None else f" (db copy into it: {result.copy_seconds:.1f} s)"
    print(
        report.table(
            f"\nCommand latency on {result.backend}{copied} at {result.milestones:,} milestones (sent to answer received);"
            f" load average {result.load_average[0]} before, {result.load_average[1]} after",
            latency.HEADER,
            [item.row() for item in result.latencies],
        )
    )
    ready, after = result.memory_when_ready, result.memory_after_commands
    print(
        report.table(
            "\nStart-up and memory of the bot process",
            ["figure", "value", "target", "met"],
            [
                [
                    "start to ready",
                    f"{result.ready_seconds:.2f} s",
                    f"<= {READY_TARGET_S} s",
                    _met(result.ready_seconds <= READY_TARGET_S),
                ],
                ["RSS when ready", f"{ready.rss_mb} MB", "", ""],
                [
                    "peak RSS after commands",
                    f"{after.peak_rss_mb} MB",
                    f"<= {PEAK_RSS_TARGET_MB:.0f} MB",
                    _met(after.peak_rss_mb <= PEAK_RSS_TARGET_MB),
                ],
            ],
        )
    )


def _print_side_by_side(sqlite: ScenarioResult, postgres: ScenarioResult) -> None:
    rows = [
        [
            ours.command,
            f"{ours.per_second:.0f}/s" if ours.per_second else f"{ours.in_flight} in flight",
            f"{ours.p50_ms:.1f}/{ours.p99_ms:.1f}",
            f"{theirs.p50_ms:.1f}/{theirs.p99_ms:.1f}",
            f"{ours.calls_per_second:.0f}",
            f"{theirs.calls_per_second:.0f}",
        ]
        for ours, theirs in zip(sqlite.latencies, postgres.latencies, strict=True)
    ]
    header = [
        "command",
        "load",
        "SQLite p50/p99 ms",
        "PostgreSQL p50/p99 ms",
        "SQLite calls/s",
        "PostgreSQL calls/s",
    ]
    print(
        report.table(f"\nSQLite beside PostgreSQL, same run, {sqlite.milestones:,} milestones", header, rows)
    )


def _print_growth(steps: list[ScenarioResult]) -> None:
    names = [item.command for item in steps[0].latencies if item.in_flight == 1]
    header = ["milestones", "ready s", "peak RSS MB", *(f"{name} p50/p99 ms" for name in names)]
    rows = []
    for step in steps:
        alone = [item for item in step.latencies if item.in_flight == 1]
        rows.append(
            [
                f"{step.milestones:,}",
                f"{step.ready_seconds:.2f}",
                step.memory_after_commands.peak_rss_mb,
                *(f"{item.p50_ms:.1f}/{item.p99_ms:.1f}" for item in alone),
            ]
        )
    print(report.table("\nGrowth (commands one at a time)", header, rows))


def _met(ok: bool) -> str:
    return "yes" if ok else "NO"


def _run_scheduler_benchmark(module: str, arguments: tuple[str, ...], timeout: int) -> dict[str, Any]:
    """One of the scheduler's benchmarks, run as its own process; its table is printed as it comes."""
    command = ["-m", module, *arguments]
    print(f"\nScheduler: running python {' '.join(command)}")
    began = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, *command],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            cwd=Path(__file__).parent.parent,
        )
    except subprocess.TimeoutExpired:
        print(f"  gave up after {timeout} s")
        return {"timed_out": True}
    print(done.stdout)
    if done.returncode:
        print(done.stderr[-2000:])
    return {
        "exit_code": done.returncode,
        "seconds": round(time.perf_counter() - began, 1),
        "output": done.stdout,
    }


if __name__ == "__main__":
    main()
