"""The pyribs-style MAP-Elites loop driven from Python: how fast is pond's ask/tell API?

Experiment: linear-projection sphere, n = 100; 100 x 100 GridArchive over [-256, 256]^2; 15
GaussianEmitter x 36 (sigma 0.5, x0 = 0); 10,000 iterations (5,400,000 evaluations). Variants:

  a  ask/tell loop in Python, objective from pond.tasks.Sphere(100) (C++)
  b  ask/tell loop in Python, objective in numpy (this file's numpy_sphere)
  c  scheduler.run(pond.tasks.Sphere(100), iterations=N): the whole loop in C++, for reference

Everything runs on one thread. Prints a markdown table of wall and CPU seconds, throughput, the final
normalised QD score and coverage, and throughput relative to pyribs' reference figure.

    PYTHONPATH=build/python /usr/bin/python3 bench/python_qd_loop.py [--iterations N] [--seed S]
        [--variants a,b,c] [--repeat R]
"""

import argparse
import sys
import time

import numpy as np

import pond

DIM = 100
SHIFT = 2.048
CLIP = 5.12
# W: the raw sphere value at x_i = -5.12 for every i (objective 0 there).
WORST = DIM * (-CLIP - SHIFT) ** 2
PYRIBS_EVALS_PER_CPU_S = 380_000
PYRIBS_NORM_QD = 41.4


def numpy_sphere(x: np.ndarray):
    """The linear-projection sphere of include/pond/tasks/projection.hpp, in numpy: (n, 100) -> ((n,), (n, 2))."""
    z = x - SHIFT
    objectives = 100.0 * (WORST - np.einsum("ij,ij->i", z, z)) / WORST
    # clip(v) = v if |v| <= 5.12 else 5.12 / v; only the out-of-range entries are divided.
    clipped = x.copy()
    outside = np.abs(x) > CLIP
    clipped[outside] = CLIP / x[outside]
    half = DIM // 2
    descriptors = np.stack([clipped[:, :half].sum(axis=1), clipped[:, half:].sum(axis=1)], axis=1)
    return objectives, descriptors


def make_scheduler(seed: int):
    archive = pond.GridArchive(solution_dim=DIM, dims=[100, 100], ranges=[(-256, 256)] * 2)
    emitters = [pond.GaussianEmitter(x0=np.zeros(DIM), sigma=0.5, batch_size=36) for _ in range(15)]
    return archive, pond.Scheduler(archive, emitters, seed=seed)


def check_numpy_against_pond(seed: int) -> float:
    """Max |difference| of objectives and descriptors on the first batch (the same batch variant b sees)."""
    _, scheduler = make_scheduler(seed)
    solutions = scheduler.ask()
    f_pond, d_pond = pond.tasks.Sphere(DIM)(solutions)
    f_np, d_np = numpy_sphere(solutions)
    return max(float(np.max(np.abs(f_pond - f_np))), float(np.max(np.abs(d_pond - d_np))))


def run_variant(variant: str, iterations: int, seed: int) -> dict:
    archive, scheduler = make_scheduler(seed)
    sphere = pond.tasks.Sphere(DIM)
    evaluate = sphere if variant == "a" else numpy_sphere
    # Only the loop is timed: building the archive and emitters is the same for every variant.
    wall0, cpu0 = time.perf_counter(), time.process_time()
    if variant == "c":
        scheduler.run(sphere, iterations=iterations)
    else:
        for _ in range(iterations):
            solutions = scheduler.ask()
            objectives, descriptors = evaluate(solutions)
            scheduler.tell(objectives, descriptors)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    m = archive.metrics()
    return {"variant": variant, "iterations": scheduler.iterations, "evaluations": scheduler.evaluations,
            "wall": wall, "cpu": cpu, "norm_qd": m["norm_qd_score"], "coverage": m["coverage"]}


LABELS = {
    "a": "(a) Python loop, pond sphere",
    "b": "(b) Python loop, numpy sphere",
    "c": "(c) scheduler.run (C++ loop)",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--variants", default="a,b,c", help="comma-separated subset of a,b,c")
    parser.add_argument("--repeat", type=int, default=1, help="keep the fastest CPU time of N repetitions")
    args = parser.parse_args()
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    unknown = [v for v in variants if v not in LABELS]
    if unknown or args.iterations < 1 or args.repeat < 1:
        parser.error(f"--variants takes a, b, c (got {unknown}); --iterations and --repeat must be positive")

    print(f"pond {pond.__version__}, numpy {np.__version__}, Python {sys.version.split()[0]}; "
          f"seed {args.seed}, {args.iterations} iterations x 540 candidates, best CPU time of {args.repeat}")
    mismatch = False
    if "b" in variants:
        diff = check_numpy_against_pond(args.seed)
        mismatch = diff > 1e-9
        print(f"numpy vs pond sphere on the first batch: max |difference| {diff:.3e} "
              f"({'MISMATCH, above 1e-9' if mismatch else 'within 1e-9'})")
    print()

    rows = []
    for v in variants:
        runs = [run_variant(v, args.iterations, args.seed) for _ in range(args.repeat)]
        rows.append(min(runs, key=lambda r: r["cpu"]))

    print("| variant | iterations | evaluations | wall s | CPU s | evaluations/s (wall) | evaluations/CPU-s "
          "| norm. QD score | coverage | vs pyribs (CPU) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        per_wall = r["evaluations"] / r["wall"]
        per_cpu = r["evaluations"] / r["cpu"] if r["cpu"] > 0 else float("inf")
        print(f"| {LABELS[r['variant']]} | {r['iterations']:,} | {r['evaluations']:,} | {r['wall']:.3f} | "
              f"{r['cpu']:.3f} | {per_wall:,.0f} | {per_cpu:,.0f} | {r['norm_qd']:.2f} | {r['coverage']:.4f} | "
              f"{per_cpu / PYRIBS_EVALS_PER_CPU_S:.1f}x |")
    print()
    print(f"vs pyribs (CPU): evaluations per CPU-second / {PYRIBS_EVALS_PER_CPU_S:,}, the reference figure for "
          "pyribs on this loop on this kind of machine, taken from the project's issue (not measured here).")
    print(f"pyribs' published normalised QD score for this experiment (10,000 iterations): {PYRIBS_NORM_QD}; "
          "compare at the default --iterations.")
    return 1 if mismatch else 0


if __name__ == "__main__":
    sys.exit(main())
