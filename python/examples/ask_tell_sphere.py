"""MAP-Elites on the 100-D linear-projection sphere, written as an explicit ask/tell loop.

This is the loop of the CMA-ME paper's baseline (and of pyribs' tutorials): 15 Gaussian emitters of
36 candidates each (sigma 0.5, starting at the origin) feed a 100 x 100 grid over the task's
descriptor box. Each iteration asks the scheduler for a batch of 540 solutions, evaluates them with
pond's sphere (C++, no Python per candidate) and tells the results back.

    PYTHONPATH=build/python python3 python/examples/ask_tell_sphere.py [--small]

--small (or POND_EXAMPLE_SMALL=1) runs 200 iterations instead of 10,000.
"""

import argparse
import os

import numpy as np

import pond


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="a short budget (also POND_EXAMPLE_SMALL=1)")
    parser.add_argument("--iterations", type=int, help="ask/tell iterations (default 10,000; 200 with --small)")
    parser.add_argument("--every", type=int, help="print metrics every N iterations")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    small = args.small or os.environ.get("POND_EXAMPLE_SMALL") == "1"
    iterations = args.iterations or (200 if small else 10_000)
    every = args.every or max(1, iterations // 10)

    dim = 100
    sphere = pond.tasks.Sphere(dim)
    # The task knows the published descriptor box ([-256, 256]^2 for 100 dimensions).
    archive = pond.GridArchive(solution_dim=dim, dims=[100, 100], ranges=sphere.ranges)
    emitters = [pond.GaussianEmitter(x0=np.zeros(dim), sigma=0.5, batch_size=36) for _ in range(15)]
    scheduler = pond.Scheduler(archive, emitters, seed=args.seed)

    print(f"{'iteration':>9} {'evaluations':>11} {'coverage':>8} {'norm QD':>8} {'best':>8}")
    for itr in range(1, iterations + 1):
        solutions = scheduler.ask()  # (540, 100) float64
        objectives, descriptors = sphere(solutions)  # (540,), (540, 2)
        scheduler.tell(objectives, descriptors)
        if itr % every == 0 or itr == iterations:
            m = scheduler.metrics()
            print(f"{itr:>9} {scheduler.evaluations:>11} {m['coverage']:>8.4f} {m['norm_qd_score']:>8.3f} "
                  f"{m['best_objective']:>8.3f}")

    m = archive.metrics()
    print(f"final archive: {m['elites']} elites of {m['cells']} cells, coverage {m['coverage']:.4f}, "
          f"normalised QD score {m['norm_qd_score']:.3f}")
    try:
        import pandas  # noqa: F401  (pond.as_pandas imports it; it is optional)
    except ImportError:
        print("(pandas is not installed: skipping the DataFrame summary)")
        return
    df = pond.as_pandas(archive)
    print(df[["objective", "descriptor_0", "descriptor_1"]].describe().to_string(float_format="%.3f"))
    print("best elites:")
    best = df.nlargest(5, "objective")[["id", "objective", "descriptor_0", "descriptor_1"]]
    print(best.to_string(index=False, float_format="%.3f"))


if __name__ == "__main__":
    main()
