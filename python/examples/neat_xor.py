"""NEAT on XOR, twice: with the task written in Python, and with pond's built-in task.

The Python task receives each generation as a list of pond.FeedForwardNetwork objects and scores
them with the 2002 NEAT paper's fitness, (4 - sum of |output - target|)^2 (16 is perfect). Its
descriptor (the outputs on (0, 1) and (1, 1)) only feeds the archive the run keeps.

    PYTHONPATH=build/python python3 python/examples/neat_xor.py [--small]

--small (or POND_EXAMPLE_SMALL=1) gives the Python run 200 generations instead of 1,000.
"""

import argparse
import os
import pathlib
import tempfile

import numpy as np

import pond

# Inputs (a, b, bias); the bias is an ordinary input that is always 1.
PATTERNS = np.array([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]], dtype=float)
TARGETS = np.array([0, 1, 1, 0], dtype=float)


def xor_fitness(networks):
    objectives = np.empty(len(networks))
    descriptors = np.empty((len(networks), 2))
    for i, net in enumerate(networks):
        outputs = np.array([net.activate(p)[0] for p in PATTERNS])
        objectives[i] = (4.0 - np.abs(outputs - TARGETS).sum()) ** 2
        descriptors[i] = outputs[1], outputs[3]
    return objectives, descriptors


def solves_xor(genome) -> bool:
    """Every output on the right side of 0.5 (what the built-in task calls solved)."""
    net = pond.FeedForwardNetwork(genome)
    return all((net.activate(p)[0] >= 0.5) == (t == 1.0) for p, t in zip(PATTERNS, TARGETS))


def solved(objective, descriptor) -> bool:
    """The goal test pond calls on each result: total error below 0.13, so every output is on the
    right side of 0.5. With it the run stops at the first solution and saves it (solution.json)."""
    return objective > (4.0 - 0.13) ** 2


def python_task(out: pathlib.Path, seed: int, generations: int) -> None:
    task = pond.tasks.PythonNeatTask(xor_fitness, inputs=3, outputs=1, ranges=[(0, 1), (0, 1)], solved=solved)
    config = {
        "algo": "fitness",  # plain NEAT: the population follows the objective
        "population": 150,
        "seed": seed,
        "evals": 150 * generations,
        # A Python task gets the canonical 2002 NEAT rates; these are the rates pond uses for its own
        # 'xor' task (more structural mutation, larger weight steps, about 10 species), which solve
        # XOR more reliably.
        "neat": {"add_node_prob": 0.05, "add_connection_prob": 0.2, "weight_perturb": 4.0,
                 "weight_init": 3.0, "target_species": 10},
    }
    result = pond.run(config, out, task=task, plots=False)
    run = pond.load_run(result.path)
    print(f"Python task: {result.summary['evaluations']} evaluations, termination: {result.summary['termination']}, "
          f"solved: {run.solution is not None}")
    if run.solution is None:
        # Not solved within the budget: show the best the archive holds.
        data = run.archive.data()
        genome = data["solution"][int(np.argmax(data["objective"]))]
    else:
        print(f"  first solution after {result.summary['first_solution']} evaluations (check: {solves_xor(run.solution)})")
        genome = run.solution
    print(f"  genome: {genome!r}")
    net = pond.FeedForwardNetwork(genome)
    print("  outputs on (0,0) (0,1) (1,0) (1,1):", " ".join(f"{net.activate(p)[0]:.3f}" for p in PATTERNS))


def builtin_task(out: pathlib.Path, seed: int) -> None:
    # The built-in task's defaults: novelty search, pond's XOR rates, stop at the first solution.
    result = pond.run({"task": "xor", "seed": seed}, out, plots=False)
    run = pond.load_run(result.path)
    print(f"built-in task ({run.config['algo']}): {result.summary['evaluations']} evaluations, "
          f"termination: {result.summary['termination']}, solved: {run.solution is not None}")
    if run.solution is not None:
        print(f"  solution: {run.solution!r} (check: {solves_xor(run.solution)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a short budget (also POND_EXAMPLE_SMALL=1)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    small = args.small or os.environ.get("POND_EXAMPLE_SMALL") == "1"

    with tempfile.TemporaryDirectory() as tmp:
        python_task(pathlib.Path(tmp) / "python", args.seed, 200 if small else 1_000)
        builtin_task(pathlib.Path(tmp) / "builtin", args.seed)


if __name__ == "__main__":
    main()
