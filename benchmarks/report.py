"""The benchmark's report: a plain-text table and a PNG plot of a results dict."""

from pathlib import Path
from typing import Any

SOLVER_LABELS = {"runlift": "runlift CP-SAT", "mip": "MIP (HiGHS)", "template": "template app"}
COLORS = {"runlift": "#1b7837", "mip": "#2166ac", "template": "#b2182b"}

COLUMNS = (
    ("solver", "{}"),
    ("answered", "{}"),
    ("median ms", "{:.0f}"),
    ("p95 ms", "{:.0f}"),
    ("x runlift", "{:.2f}"),
    ("violations", "{}"),
    ("plans w/ viol.", "{}"),
    ("load viol.", "{}"),
    ("volume gap min", "{}"),
    ("obj. median", "{}"),
    ("gap median", "{}"),
    ("gap total", "{}"),
    ("runlift better/equal/worse", "{}"),
    ("runlift 3x faster, no worse", "{}"),
    ("changed days", "{}"),
)


def _cells(solver: str, s: dict[str, Any]) -> list[str]:
    def fmt(spec: str, value: Any) -> str:
        return "-" if value is None else spec.format(value)

    values = [
        SOLVER_LABELS.get(solver, solver),
        f"{s['answered']}/{s['scenarios']}",
        s["median_ms"],
        s["p95_ms"],
        s["time_ratio"],
        s["violations"],
        s["plans_with_violations"],
        s.get("load_violations"),
        s.get("volume_gap_median"),
        s["objective_median"],
        s["gap_median"],
        s["gap_total"] if s["scored"] else None,
        f"{s['runlift_better']}/{s['equal']}/{s['runlift_worse']}",
        None if solver == "runlift" else s["runlift_3x_faster_no_worse"],
        s["changed_days_median"],
    ]
    return [fmt(spec, value) for (_, spec), value in zip(COLUMNS, values, strict=True)]


def table(results: dict[str, Any]) -> str:
    """One block per suite, one line per solver; gaps are the solver's objective minus runlift's (lower is better)."""
    lines = []
    for suite, by_solver in results["summary"].items():
        header = [name for name, _ in COLUMNS]
        body = [_cells(solver, s) for solver, s in by_solver.items()]
        widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
        lines.append(f"{suite}s ({next(iter(by_solver.values()))['scenarios']} scenarios)")
        for row in [header, *body]:
            lines.append(
                "  ".join(
                    cell.rjust(w) if i else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))
                )
            )
        lines.append("")
    machine = results.get("machine", {})
    lines.append(
        f"{results.get('mode', '')} run, {results.get('total_seconds', '?')} s, "
        f"MIP time limit {results.get('mip_seconds')} s per scenario; "
        f"{machine.get('cpu', '?')} ({machine.get('cores', '?')} cores), Python {machine.get('python', '?')}, "
        f"ortools {machine.get('ortools', '?')}, highspy {machine.get('highspy', '?')}"
    )
    lines.append(
        "objective: runlift's weighted soft-rule penalty (lower is better); a plan that breaks a hard rule has none;"
        " load viol.: violations of the training-load rules; volume gap: median minutes a plan's weeks lie from"
        " runlift's target curve (P-VOLUME), all weeks summed"
    )
    return "\n".join(lines)


def plot(results: dict[str, Any], path: Path) -> None:
    """Left: wall time per plan by solver (log scale). Right: objective gap to runlift per scenario."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = results["rows"]
    suites = [s for s in ("plan", "replan") if any(r["suite"] == s for r in rows)]
    solvers = list(SOLVER_LABELS)
    fig, (ax_time, ax_gap) = plt.subplots(1, 2, figsize=(12, 4.8))

    positions, data, colors, labels = [], [], [], []
    for si, suite in enumerate(suites):
        for pi, solver in enumerate(solvers):
            times = [r["wall_time_ms"] for r in rows if r["suite"] == suite and r["solver"] == solver]
            if times:
                positions.append(si * (len(solvers) + 1) + pi)
                data.append(times)
                colors.append(COLORS[solver])
                labels.append(f"{suite}\n{solver}")
    boxes = ax_time.boxplot(data, positions=positions, widths=0.7, patch_artist=True, showfliers=True)
    for patch, color in zip(boxes["boxes"], colors, strict=True):
        patch.set_facecolor(color)
        patch.set_alpha(0.6)
    ax_time.set_xticks(positions, labels, fontsize=8)
    ax_time.set_yscale("log")
    ax_time.set_ylabel("wall time per plan (ms, log)")
    ax_time.set_title("Time per plan")

    gap_labels, gap_data, gap_colors = [], [], []
    for suite in suites:
        reference = {r["scenario"]: r["objective"] for r in rows if r["suite"] == suite and r["solver"] == "runlift"}
        for solver in solvers[1:]:
            gaps = [
                r["objective"] - reference[r["scenario"]]
                for r in rows
                if r["suite"] == suite
                and r["solver"] == solver
                and r["objective"] is not None
                and reference.get(r["scenario"]) is not None
            ]
            gap_labels.append(f"{suite}\n{solver}\n(n={len(gaps)})")
            gap_data.append(gaps or [0])
            gap_colors.append(COLORS[solver])
    for i, (gaps, color) in enumerate(zip(gap_data, gap_colors, strict=True)):
        # A strip of points: every scenario is visible, ties included.
        jitter = [i + 0.25 * ((k * 0.618) % 1 - 0.5) for k in range(len(gaps))]
        ax_gap.scatter(jitter, gaps, s=12, color=color, alpha=0.7)
    ax_gap.axhline(0, color="black", linewidth=0.8)
    ax_gap.set_xticks(range(len(gap_labels)), gap_labels, fontsize=8)
    ax_gap.set_ylabel("objective minus runlift's (lower is better)")
    ax_gap.set_title("Objective gap to runlift (scored plans)")
    fig.suptitle(f"runlift benchmark ({results.get('mode', '')} run)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
