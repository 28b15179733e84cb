"""pond: open-ended search (novelty search, quality diversity, NEAT) with a C++ engine.

The ask/tell API follows pyribs' names where the concepts match::

    import numpy as np, pond
    archive = pond.GridArchive(solution_dim=100, dims=[100, 100], ranges=[(-256, 256)] * 2)
    emitters = [pond.GaussianEmitter(x0=np.zeros(100), sigma=0.5, batch_size=36) for _ in range(15)]
    scheduler = pond.Scheduler(archive, emitters, seed=1)
    sphere = pond.tasks.Sphere(dim=100)
    for _ in range(1000):
        solutions = scheduler.ask()
        objectives, descriptors = sphere(solutions)
        scheduler.tell(objectives, descriptors)
    print(archive.metrics())

Whole runs, as the `pond` command makes them: ``pond.run({"task": "maze", "seed": 1})``; read any run
directory (from Python or the CLI) with ``pond.load_run(path)``.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import pathlib
import sys
from typing import Any, Optional, Union

import numpy as np

from . import _pond
from ._pond import (
    Archive,
    CvtArchive,
    Emitter,
    Error,
    FeedForwardNetwork,
    FormatError,
    GaussianEmitter,
    Genome,
    GenomeArchive,
    GridArchive,
    IsoLineEmitter,
    NoveltyArchive,
    RandomEmitter,
    RecurrentNetwork,
    RunResult,
    Scheduler,
    __version__,
    load_archive,
    resume,
    run,
    tasks,
)

# `import pond.tasks` and `from pond.tasks import Sphere` work like a real subpackage.
sys.modules[__name__ + ".tasks"] = tasks

__all__ = [
    "Archive", "CvtArchive", "Emitter", "Error", "FeedForwardNetwork", "FormatError", "GaussianEmitter", "Genome",
    "GenomeArchive", "GridArchive", "IsoLineEmitter", "NoveltyArchive", "RandomEmitter", "RecurrentNetwork", "Run",
    "RunResult", "Scheduler", "__version__", "as_pandas", "load_archive", "load_run", "resume", "run", "tasks",
]


def as_pandas(archive: Union[Archive, GenomeArchive]) -> "pandas.DataFrame":  # noqa: F821
    """The archive's elites as a pandas DataFrame, one row per elite.

    Columns: solution_0 .. solution_{n-1} (or one ``solution`` column of Genome objects for a genome
    archive), objective, descriptor_0 .., id, parent_0, parent_1 (-1: none), birth, cell. The columns
    are views of the arrays of ``archive.data()``; pandas builds its blocks from them in one go.
    """
    import pandas  # imported here: pandas is optional

    data = archive.data()
    columns: dict[str, Any] = {}
    solutions = data["solution"]
    if isinstance(solutions, np.ndarray):
        for j in range(solutions.shape[1]):
            columns[f"solution_{j}"] = solutions[:, j]
    else:
        columns["solution"] = solutions
    columns["objective"] = data["objective"]
    for j in range(data["descriptor"].shape[1]):
        columns[f"descriptor_{j}"] = data["descriptor"][:, j]
    columns["id"] = data["id"]
    columns["parent_0"] = data["parents"][:, 0]
    columns["parent_1"] = data["parents"][:, 1]
    columns["birth"] = data["birth"]
    columns["cell"] = data["cell"]
    return pandas.DataFrame(columns)


Archive.as_pandas = as_pandas  # type: ignore[attr-defined]
GenomeArchive.as_pandas = as_pandas  # type: ignore[attr-defined]


@dataclasses.dataclass
class Run:
    """A run directory as written by ``pond run`` or ``pond.run`` (see ``load_run``)."""

    path: pathlib.Path
    """The run directory."""
    config: dict
    """The resolved configuration (run.json's "config")."""
    metrics: dict
    """metrics.csv as a dict of column name -> numpy array (one entry per reporting interval)."""
    archive: Optional[Union[Archive, GenomeArchive]]
    """The final archive (archive.bin), or None before the run finished."""
    result_archive: Optional[Union[Archive, GenomeArchive]]
    """Novelty search's measuring grid (result_archive.bin), or None."""
    solution: Optional[Genome]
    """NEAT tasks: the first solution (solution.json), or None."""


def _read_metrics(path: pathlib.Path) -> dict:
    if not path.exists():
        return {}
    with path.open(newline="") as f:
        rows = list(csv.reader(f))
    if not rows:
        return {}
    header, body = rows[0], rows[1:]
    try:
        values = np.array(body, dtype=np.float64).reshape(len(body), len(header))
    except ValueError as e:
        raise FormatError(f"{path}: a row is not {len(header)} numbers ({e})") from None
    out = {}
    for j, name in enumerate(header):
        column = values[:, j]
        out[name] = column.astype(np.int64) if name in ("evaluations", "iterations", "elites", "archive_size") else column
    return out


def load_run(path: Union[str, "os.PathLike[str]"]) -> Run:  # noqa: F821
    """Reads a run directory: its config, metrics, final archives and (NEAT) solution.

    Raises pond.Error when the folder holds no run, pond.FormatError when a file is corrupt.
    """
    path = pathlib.Path(path)
    run_json = path / "run.json"
    if not run_json.exists():
        raise Error(f"{path}: not a run directory (no run.json)")
    try:
        document = json.loads(run_json.read_text())
    except json.JSONDecodeError as e:
        raise FormatError(f"{run_json}: not valid JSON ({e})") from None
    config = document.get("config", document)

    def optional_archive(name: str):
        file = path / name
        return load_archive(str(file)) if file.exists() else None

    solution_file = path / "solution.json"
    return Run(
        path=path,
        config=config,
        metrics=_read_metrics(path / "metrics.csv"),
        archive=optional_archive("archive.bin"),
        result_archive=optional_archive("result_archive.bin"),
        solution=Genome.load(str(solution_file)) if solution_file.exists() else None,
    )
