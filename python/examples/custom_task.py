"""A task written in numpy, run two ways: an ask/tell loop by hand, and a whole run with pond.run.

The task is a Rastrigin-like function on 10 coordinates with a 2-D descriptor:

- objective: 100 * (W - r(x)) / W, with r(x) = sum_i [x_i^2 + 10 (1 - cos(2 pi x_i))] and W = r at
  x_i = 5.12 for every i, so 100 at the origin, 0 in the corners of [-5.12, 5.12]^10;
- descriptor: the mean of the first five coordinates and the mean of the last five, clipped to
  [-5.12, 5.12].

    PYTHONPATH=build/python python3 python/examples/custom_task.py [--small] [--out DIR]

--small (or POND_EXAMPLE_SMALL=1) shrinks the budget; --out keeps the run in DIR/custom_task
(otherwise it goes to a temporary folder that is deleted at the end).
"""

import argparse
import os
import pathlib
import tempfile

import numpy as np

import pond

DIM = 10
BOUND = 5.12
RANGES = [(-BOUND, BOUND)] * 2


def raw(x: np.ndarray) -> np.ndarray:
    """r(x) for each row of x."""
    return np.sum(x * x + 10.0 * (1.0 - np.cos(2.0 * np.pi * x)), axis=1)


WORST = float(raw(np.full((1, DIM), BOUND))[0])


def rastrigin_like(solutions: np.ndarray):
    """The task: (n, DIM) float64 -> (objectives (n,), descriptors (n, 2)), the contract of PythonTask."""
    objectives = 100.0 * (WORST - raw(solutions)) / WORST
    half = DIM // 2
    descriptors = np.stack([solutions[:, :half].mean(axis=1), solutions[:, half:].mean(axis=1)], axis=1)
    return objectives, np.clip(descriptors, -BOUND, BOUND)


def report(label: str, metrics: dict) -> None:
    print(f"{label}: coverage {metrics['coverage']:.4f}, normalised QD score {metrics['norm_qd_score']:.3f}, "
          f"best objective {metrics['best_objective']:.3f}")


def by_hand(iterations: int, seed: int) -> None:
    archive = pond.GridArchive(solution_dim=DIM, dims=[50, 50], ranges=RANGES)
    # Bounds keep the candidates inside the box the objective is normalised for.
    emitters = [
        pond.GaussianEmitter(x0=np.zeros(DIM), sigma=0.5, batch_size=36, bounds=[(-BOUND, BOUND)] * DIM)
        for _ in range(4)
    ]
    scheduler = pond.Scheduler(archive, emitters, seed=seed)
    for _ in range(iterations):
        solutions = scheduler.ask()
        scheduler.tell(*rastrigin_like(solutions))
    report(f"by hand, {scheduler.evaluations} evaluations", archive.metrics())


def whole_run(iterations: int, seed: int, out: pathlib.Path) -> None:
    # solution_bound: the box the 'random' algorithm would sample; the task's ranges size the grid.
    task = pond.tasks.PythonTask(rastrigin_like, solution_dim=DIM, ranges=RANGES, solution_bound=BOUND)
    emitters, batch = 4, 4 * 36
    config = {
        "algo": "map-elites",  # "task" is left out: a Python task makes it "user"
        "seed": seed,
        "emitters": emitters,
        "batch": batch,
        "sigma": 0.5,
        "resolution": [50, 50],
        "evals": iterations * batch,
    }
    result = pond.run(config, out, task=task, plots=False)
    print(f"pond.run wrote {result.path.name}/: {result.summary['evaluations']} evaluations, "
          f"{result.summary['seconds']:.2f} s, termination: {result.summary['termination']}")

    # Read the run back as any later script (or the pond CLI) would.
    run = pond.load_run(out)
    report(f"loaded back ({run.config['task']} task, {len(run.metrics['evaluations'])} metric rows)",
           run.archive.metrics())
    data = run.archive.data()
    best = int(np.argmax(data["objective"]))
    # The archive stores the solution itself, so the function gives its objective again.
    again, _ = rastrigin_like(data["solution"][best:best + 1])
    print(f"best elite: id {data['id'][best]}, objective {data['objective'][best]:.4f} "
          f"(re-evaluated: {again[0]:.4f}), descriptor {np.round(data['descriptor'][best], 3).tolist()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a short budget (also POND_EXAMPLE_SMALL=1)")
    parser.add_argument("--out", type=pathlib.Path, help="keep the run in OUT/custom_task (must not hold one yet)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    small = args.small or os.environ.get("POND_EXAMPLE_SMALL") == "1"
    iterations = 100 if small else 2_000

    by_hand(iterations, args.seed)
    if args.out is not None:
        whole_run(iterations, args.seed, args.out / "custom_task")
    else:
        with tempfile.TemporaryDirectory() as tmp:
            whole_run(iterations, args.seed, pathlib.Path(tmp) / "custom_task")


if __name__ == "__main__":
    main()
