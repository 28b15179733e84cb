"""Shared fixtures: the pond command (POND_CLI, set by CTest) and small archives."""

import os
import pathlib
import shutil

import numpy as np
import pytest

import pond


@pytest.fixture
def cli() -> str:
    """Path of the `pond` executable of the same build."""
    path = os.environ.get("POND_CLI") or shutil.which("pond")
    if not path:
        pytest.skip("POND_CLI is not set and pond is not on PATH")
    return path


@pytest.fixture
def source_dir() -> pathlib.Path:
    return pathlib.Path(os.environ.get("POND_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))


def sphere_scheduler(seed=1, threads=1, emitters=3, batch=36, dim=20, archive=None):
    """A small MAP-Elites on the linear-projection sphere: archive, scheduler, task."""
    task = pond.tasks.Sphere(dim=dim)
    archive = archive or pond.GridArchive(solution_dim=dim, dims=[20, 20], ranges=task.ranges)
    emitter_list = [pond.GaussianEmitter(x0=np.zeros(dim), sigma=0.5, batch_size=batch) for _ in range(emitters)]
    return archive, pond.Scheduler(archive, emitter_list, seed=seed, threads=threads), task


def run_loop(scheduler, task, iterations):
    for _ in range(iterations):
        solutions = scheduler.ask()
        objectives, descriptors = task(solutions)
        scheduler.tell(objectives, descriptors)
