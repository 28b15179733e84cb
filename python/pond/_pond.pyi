"""pond's engine: archives, emitters, the ask/tell scheduler, NEAT networks, built-in tasks and runs."""

import os
import pathlib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeAlias, TypedDict

import numpy as np
import numpy.typing as npt
from numpy.typing import ArrayLike

from . import tasks as tasks

if TYPE_CHECKING:
    import pandas

__version__: str
"""pond's version, e.g. '0.1.0'."""

_Ranges: TypeAlias = ArrayLike
"""A box as (low, high) pairs, one per dimension: [(low, high), ...] or an (n, 2) array."""

class _Metrics(TypedDict):
    """An archive's metrics (NaN where a value does not apply)."""

    elites: int
    cells: int
    coverage: float
    qd_score: float
    norm_qd_score: float
    best_objective: float
    novelty_threshold: float

class _ArchiveData(TypedDict):
    """Archive.data(): the elites as numpy arrays, one row per elite."""

    solution: npt.NDArray[np.float64]
    objective: npt.NDArray[np.float64]
    descriptor: npt.NDArray[np.float64]
    id: npt.NDArray[np.uint64]
    parents: npt.NDArray[np.int64]
    birth: npt.NDArray[np.uint64]
    cell: npt.NDArray[np.int64]

class _GenomeArchiveData(TypedDict):
    """GenomeArchive.data(): the genomes as a list, the rest as numpy arrays."""

    solution: list[Genome]
    objective: npt.NDArray[np.float64]
    descriptor: npt.NDArray[np.float64]
    id: npt.NDArray[np.uint64]
    parents: npt.NDArray[np.int64]
    birth: npt.NDArray[np.uint64]
    cell: npt.NDArray[np.int64]

class _SchedulerSummary(TypedDict):
    """What Scheduler.run returns."""

    evaluations: int
    iterations: int
    seconds: float
    metrics: _Metrics
    best_objective: float
    best_id: int | None
    first_solution: int
    termination: str

class _RunSummary(TypedDict):
    """RunResult.summary."""

    task: str
    algo: str
    seed: int
    evaluations: int
    iterations: int
    seconds: float
    resumed_from: int
    metrics: _Metrics
    archive_size: int
    best_objective: float
    first_solution: int
    termination: str
    files: list[str]

class Error(RuntimeError):
    """Bad input to pond (a config field, a file, a value out of range)."""

class FormatError(Error):
    """A file pond wrote that is truncated, corrupt or of an unknown version."""

# Archives

class Archive:
    """Base class of the archives of real-vector solutions (GridArchive, CvtArchive, NoveltyArchive)."""

    def __len__(self) -> int:
        """Number of elites."""
    @property
    def kind(self) -> Literal["grid", "cvt", "novelty"]:
        """'grid', 'cvt' or 'novelty'."""
    @property
    def cells(self) -> int:
        """Number of cells (0 for a novelty archive)."""
    @property
    def descriptor_dim(self) -> int:
        """Length of a descriptor."""
    @property
    def qd_offset(self) -> float:
        """Subtracted from each objective in the QD score."""
    @property
    def solution_dim(self) -> int:
        """Length of a solution (0 while unknown)."""
    def metrics(self) -> _Metrics:
        """The archive's metrics as a dict."""
    def config(self) -> dict[str, Any]:
        """The options the archive was made with, as a dict (with 'kind')."""
    def to_json(self) -> dict[str, Any]:
        """A readable snapshot as a dict: config, metrics and every elite with its lineage."""
    def save(self, path: str) -> None:
        """Writes the archive in pond's binary format (atomically)."""
    def clear(self) -> None:
        """Removes every elite and resets adaptive state."""
    def data(self) -> _ArchiveData:
        """The elites as a dict of numpy arrays, one row per elite."""
    def add(self, solutions: ArrayLike, objectives: ArrayLike, descriptors: ArrayLike) -> npt.NDArray[np.uint8]:
        """Offers evaluated solutions directly; returns each one's add status (0, 1 or 2)."""
    def as_pandas(self) -> pandas.DataFrame:
        """The elites as a pandas DataFrame, one row per elite (added by the pond package)."""

class GridArchive(Archive):
    """MAP-Elites grid: each cell of a regular grid over the descriptor box keeps its best solution."""

    def __init__(
        self, *, solution_dim: int | None = None, dims: Sequence[int], ranges: _Ranges, qd_offset: float = 0.0
    ) -> None:
        """A grid of dims[i] cells over ranges[i] in each descriptor dimension."""
    def index_of(self, descriptors: ArrayLike) -> npt.NDArray[np.int64]:
        """The cell of each descriptor: (n, descriptor_dim) -> (n,) int64."""

class CvtArchive(Archive):
    """CVT-MAP-Elites archive: the cells are the Voronoi cells of k-means centroids."""

    def __init__(
        self,
        *,
        solution_dim: int | None = None,
        cells: int,
        ranges: _Ranges,
        samples: int = 100000,
        seed: int = 0,
        custom_centroids: ArrayLike | None = None,
        qd_offset: float = 0.0,
    ) -> None:
        """`cells` centroids placed by k-means over `samples` uniform samples (or custom_centroids)."""
    @property
    def centroids(self) -> npt.NDArray[np.float64]:
        """The centroids, (cells, descriptor_dim)."""
    def index_of(self, descriptors: ArrayLike) -> npt.NDArray[np.int64]:
        """The cell of each descriptor: (n, descriptor_dim) -> (n,) int64."""

class NoveltyArchive(Archive):
    """Novelty search's archive with an adaptive novelty threshold."""

    def __init__(
        self,
        *,
        solution_dim: int | None = None,
        descriptor_dim: int = 2,
        k: int = 15,
        threshold: float = 6.0,
        metric: Literal["euclidean", "manhattan", "chebyshev"] = "euclidean",
        min_threshold: float = 0.0,
        stall_evaluations: int = 2500,
        lower_factor: float = 0.95,
        window_evaluations: int = 250,
        raise_after: int = 4,
        raise_factor: float = 1.2,
        qd_offset: float = 0.0,
    ) -> None:
        """An empty novelty archive with the given neighbourhood size, threshold and its adaptation."""
    @property
    def threshold(self) -> float:
        """The current novelty threshold."""
    def novelty(self, descriptors: ArrayLike) -> npt.NDArray[np.float64]:
        """Novelty of each descriptor against the archive alone: (n, descriptor_dim) -> (n,)."""

class GenomeArchive:
    """An archive of NEAT genomes, as NEAT runs write them (see load_archive)."""

    def __len__(self) -> int:
        """Number of elites."""
    @property
    def kind(self) -> Literal["grid", "cvt", "novelty"]:
        """'grid', 'cvt' or 'novelty'."""
    @property
    def cells(self) -> int:
        """Number of cells (0 for a novelty archive)."""
    @property
    def descriptor_dim(self) -> int:
        """Length of a descriptor."""
    @property
    def qd_offset(self) -> float:
        """Subtracted from each objective in the QD score."""
    def metrics(self) -> _Metrics:
        """The archive's metrics as a dict."""
    def config(self) -> dict[str, Any]:
        """The options the archive was made with, as a dict (with 'kind')."""
    def to_json(self) -> dict[str, Any]:
        """A readable snapshot as a dict: config, metrics and every elite with its lineage."""
    def save(self, path: str) -> None:
        """Writes the archive in pond's binary format (atomically)."""
    def clear(self) -> None:
        """Removes every elite and resets adaptive state."""
    def data(self) -> _GenomeArchiveData:
        """The elites as a dict: 'solution' (list of Genome) and the numpy arrays of Archive.data()."""
    def as_pandas(self) -> pandas.DataFrame:
        """The elites as a pandas DataFrame, one row per elite (added by the pond package)."""

def load_archive(path: str) -> Archive | GenomeArchive:
    """Reads an archive file written by pond; raises FormatError when it is not one."""

# Emitters

class Emitter:
    """Base class of the emitters: each makes batch_size candidate solutions per ask."""

    @property
    def batch_size(self) -> int:
        """Candidates per ask."""
    @property
    def name(self) -> Literal["gaussian", "iso_line", "random"]:
        """'gaussian', 'iso_line' or 'random'."""
    @property
    def solution_dim(self) -> int:
        """Length of the solutions it makes."""
    def config(self) -> dict[str, Any]:
        """The emitter's options as a dict."""

class GaussianEmitter(Emitter):
    """MAP-Elites' Gaussian mutation of parents drawn uniformly from the archive."""

    def __init__(
        self,
        *,
        x0: ArrayLike,
        sigma: float = 0.1,
        batch_size: int = 36,
        bounds: _Ranges | None = None,
        bounds_policy: Literal["clip", "reflect"] = "clip",
    ) -> None:
        """Mutates with sigma * N(0, I), starting from x0 while the archive is empty."""
    @property
    def sigma(self) -> float:
        """The mutation's standard deviation."""
    @property
    def x0(self) -> npt.NDArray[np.float64]:
        """Where sampling starts while the archive is empty."""
    @property
    def bounds(self) -> list[tuple[float, float]] | None:
        """The (low, high) pair per coordinate, or None."""

class IsoLineEmitter(Emitter):
    """Iso+line variation (Vassiliades and Mouret 2018) of two parents from the archive."""

    def __init__(
        self,
        *,
        x0: ArrayLike,
        iso_sigma: float = 0.01,
        line_sigma: float = 0.2,
        batch_size: int = 36,
        bounds: _Ranges | None = None,
        bounds_policy: Literal["clip", "reflect"] = "clip",
    ) -> None:
        """Steps iso_sigma * N(0, I) + line_sigma * N(0, 1) * (p2 - p1) from p1."""
    @property
    def iso_sigma(self) -> float:
        """The isotropic step."""
    @property
    def line_sigma(self) -> float:
        """The step along the line."""
    @property
    def x0(self) -> npt.NDArray[np.float64]:
        """Where sampling starts while the archive is empty."""
    @property
    def bounds(self) -> list[tuple[float, float]] | None:
        """The (low, high) pair per coordinate, or None."""

class RandomEmitter(Emitter):
    """Uniform random sampling in a box, ignoring the archive (the random-search baseline)."""

    def __init__(self, *, bounds: _Ranges, batch_size: int = 36) -> None:
        """Samples uniformly in the box `bounds`."""

# The scheduler

class Scheduler:
    """Joins one archive and any number of emitters in a batch ask/tell loop."""

    def __init__(
        self,
        archive: Archive,
        emitters: Sequence[Emitter],
        seed: int = 0,
        result_archive: Archive | None = None,
        threads: int = 1,
    ) -> None:
        """A scheduler over `archive` and `emitters`; same seed, same candidates whatever `threads`."""
    def ask(self) -> npt.NDArray[np.float64]:
        """Asks every emitter for candidates: a (batch_size, solution_dim) float64 array."""
    def tell(self, objectives: ArrayLike, descriptors: ArrayLike) -> npt.NDArray[np.uint8]:
        """Tells the results of the last ask; returns each candidate's add status (0, 1 or 2)."""
    def run(
        self, task: tasks.VectorTask, *, evaluations: int = 0, iterations: int = 0, stop_when_solved: bool = False
    ) -> _SchedulerSummary:
        """Runs ask -> evaluate -> tell in C++ on `task` until a limit; returns a summary dict."""
    def metrics(self) -> _Metrics:
        """Metrics of the reporting archive (the result archive if set)."""
    @property
    def evaluations(self) -> int:
        """Evaluations told so far."""
    @property
    def iterations(self) -> int:
        """Iterations (tells) so far."""
    @property
    def seed(self) -> int:
        """The seed."""
    @property
    def threads(self) -> int:
        """Threads that make candidates."""
    @property
    def batch_size(self) -> int:
        """Candidates per ask (the emitters' batch sizes summed)."""
    @property
    def best_objective(self) -> float:
        """The best objective told so far (NaN before any tell)."""
    @property
    def emitters(self) -> list[Emitter]:
        """The emitters."""
    @property
    def batch_parents(self) -> npt.NDArray[np.int64]:
        """The parent ids of the last batch, (batch, 2) int64 (-1: none)."""

# NEAT

class Genome:
    """A NEAT genome: node genes and connection genes; pickles through its JSON document."""

    @staticmethod
    def from_json(document: str | Mapping[str, Any]) -> Genome:
        """A genome from its JSON document (a dict, or the text)."""
    def to_json(self) -> dict[str, Any]:
        """The genome's JSON document as a dict."""
    @staticmethod
    def load(path: str) -> Genome:
        """Reads a genome file (such as a NEAT run's solution.json)."""
    def save(self, path: str) -> None:
        """Writes the genome's JSON document (atomically)."""
    @staticmethod
    def fully_connected(inputs: int, outputs: int, weight_range: float = 1.0, seed: int = 0) -> Genome:
        """A genome in which every input feeds every output, weights uniform in +-weight_range."""
    @property
    def inputs(self) -> int:
        """Number of input nodes (a bias counts as one)."""
    @property
    def outputs(self) -> int:
        """Number of output nodes."""
    @property
    def hidden_nodes(self) -> int:
        """Number of hidden nodes."""
    @property
    def enabled_connections(self) -> int:
        """Number of enabled connection genes."""
    @property
    def nodes(self) -> list[tuple[int, Literal["input", "output", "hidden"], str]]:
        """The node genes as (id, kind, activation) tuples."""
    @property
    def connections(self) -> list[tuple[int, int, int, float, bool]]:
        """The connection genes as (innovation, from, to, weight, enabled) tuples."""
    def __eq__(self, other: object, /) -> bool:
        """Whether the two genomes have the same genes."""
    __hash__: ClassVar[None]  # type: ignore[assignment]
    """Genomes are not hashable (they compare by value)."""
    def __getstate__(self) -> str:
        """Pickling: the genome's JSON document as text."""
    def __setstate__(self, state: str, /) -> None:
        """Unpickling: from the JSON document text."""

class FeedForwardNetwork:
    """A genome decoded to a layered feed-forward network."""

    def __init__(self, genome: Genome) -> None:
        """Decodes `genome`; raises Error when its enabled connections form a cycle."""
    def activate(self, inputs: ArrayLike) -> npt.NDArray[np.float64]:
        """Sets the inputs and returns the outputs (one full pass)."""
    @property
    def inputs(self) -> int:
        """Number of inputs."""
    @property
    def outputs(self) -> int:
        """Number of outputs."""

class RecurrentNetwork:
    """A genome decoded to a recurrent network that updates every node synchronously."""

    def __init__(self, genome: Genome) -> None:
        """Decodes `genome` (any topology); every node value starts at 0."""
    def activate(self, inputs: ArrayLike) -> npt.NDArray[np.float64]:
        """One synchronous activation: sets the inputs and returns the outputs."""
    def reset(self) -> None:
        """Sets every node value back to 0."""
    @property
    def inputs(self) -> int:
        """Number of inputs."""
    @property
    def outputs(self) -> int:
        """Number of outputs."""

# Runs

class RunResult:
    """What run and resume return: the run directory and a summary dict."""

    @property
    def path(self) -> pathlib.Path:
        """The run directory."""
    @property
    def summary(self) -> _RunSummary:
        """evaluations, iterations, seconds, metrics, archive_size, best_objective, ..."""

def run(
    config: dict[str, Any],
    out: str | os.PathLike[str] | None = None,
    *,
    task: tasks.PythonTask | tasks.PythonNeatTask | None = None,
    progress: bool | None = None,
    plots: bool = True,
) -> RunResult:
    """Does what `pond run` does: resolves `config`, creates the run directory `out` and runs."""

def resume(
    path: str | os.PathLike[str],
    *,
    task: tasks.PythonTask | tasks.PythonNeatTask | None = None,
    evals: int | None = None,
    threads: int | None = None,
    progress: bool | None = None,
    plots: bool = True,
) -> RunResult:
    """Does what `pond resume` does: continues (or extends to `evals`) the run in `path`."""
