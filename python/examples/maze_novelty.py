"""Novelty search on the deceptive hard maze (Lehman and Stanley 2011), then a look at the solution.

NEAT evolves recurrent controllers for a robot; novelty search rewards ending somewhere new rather than
ending near the goal, which is what gets it around the maze's dead ends. The run stops at the first
robot that reaches the goal (or at the 250,000-evaluation budget).

    PYTHONPATH=build/python python3 python/examples/maze_novelty.py [--small] [--out DIR]

--small (or POND_EXAMPLE_SMALL=1) runs the medium map with a 20,000-evaluation budget instead.
--out keeps the run (with its pictures) in DIR; otherwise it goes to a temporary folder.
"""

import argparse
import math
import os
import pathlib
import tempfile

import numpy as np

import pond


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a short budget (also POND_EXAMPLE_SMALL=1)")
    parser.add_argument("--out", type=pathlib.Path, help="the run directory (new or empty)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    small = args.small or os.environ.get("POND_EXAMPLE_SMALL") == "1"

    config = {"task": "maze", "map": "hard", "algo": "novelty", "seed": args.seed}
    if small:
        config.update(map="medium", evals=20_000)

    with tempfile.TemporaryDirectory() as tmp:
        out = args.out if args.out is not None else pathlib.Path(tmp) / "maze"
        result = pond.run(config, out, plots=args.out is not None)
        s = result.summary
        print(f"{config['map']} maze, novelty search, seed {args.seed}: {s['evaluations']} evaluations in "
              f"{s['seconds']:.1f} s, termination: {s['termination']}")

        run = pond.load_run(out)
        # The novelty archive holds the behaviours novelty search kept; the result archive is a grid
        # over the maze that measures how much of it the run's robots reached.
        covered = run.result_archive.metrics()["coverage"]
        print(f"novelty archive: {len(run.archive)} genomes; robots ended in {covered:.1%} of the maze's cells")

        if run.solution is None:
            print(f"not solved: the best robot ended {300 - s['best_objective']:.1f} units from the goal")
            return
        maze = pond.tasks.Maze(config["map"])
        path = maze.trajectory(run.solution)  # (steps + 1, 2) positions, from the start
        length = float(np.sum(np.linalg.norm(np.diff(path, axis=0), axis=1)))
        end = path[-1]
        print(f"solved at evaluation {s['first_solution']} by {run.solution!r}")
        print(f"trajectory: {len(path) - 1} steps, {length:.1f} units long, from {tuple(path[0])} "
              f"to ({end[0]:.1f}, {end[1]:.1f}), {math.dist(end, maze.goal):.2f} from the goal {maze.goal}")


if __name__ == "__main__":
    main()
