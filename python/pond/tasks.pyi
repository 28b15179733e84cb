"""pond's built-in tasks, and Python functions as tasks."""

from collections.abc import Callable, Iterable, Sequence
from typing import TypeAlias

import numpy as np
import numpy.typing as npt
from numpy.typing import ArrayLike

from ._pond import FeedForwardNetwork, Genome, RecurrentNetwork

_Ranges: TypeAlias = ArrayLike
"""A box as (low, high) pairs, one per dimension: [(low, high), ...] or an (n, 2) array."""

_Results: TypeAlias = tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]
"""(objectives (n,), descriptors (n, descriptor_dim))."""

_VectorFunction: TypeAlias = Callable[[npt.NDArray[np.float64]], tuple[ArrayLike, ArrayLike]]
"""A Python task function on a (n, solution_dim) batch: returns (objectives, descriptors)."""

_NetworkFunction: TypeAlias = (
    Callable[[list[FeedForwardNetwork]], tuple[ArrayLike, ArrayLike]]
    | Callable[[list[RecurrentNetwork]], tuple[ArrayLike, ArrayLike]]
)
"""A Python task function on a list of networks: returns (objectives, descriptors)."""

_Goal: TypeAlias = Callable[[float, npt.NDArray[np.float64]], bool | np.bool_]
"""A goal test solved(objective, descriptor) -> bool."""

# Tasks on real vectors

class VectorTask:
    """A task on real vectors, callable on a (n, solution_dim) batch."""

    def evaluate(self, solutions: ArrayLike, threads: int = 1) -> _Results:
        """Evaluates a batch: (n, solution_dim) -> (objectives (n,), descriptors (n, descriptor_dim))."""
    def __call__(self, solutions: ArrayLike, threads: int = 1) -> _Results:
        """Same as evaluate."""
    @property
    def solution_dim(self) -> int:
        """Coordinates of a solution."""
    @property
    def descriptor_dim(self) -> int:
        """Length of a descriptor."""
    @property
    def ranges(self) -> list[tuple[float, float]]:
        """The descriptor box as [(low, high), ...] (use as an archive's ranges)."""
    @property
    def name(self) -> str:
        """The task's name."""

class Sphere(VectorTask):
    """Linear-projection sphere (CMA-ME, Fontaine et al. 2020)."""

    def __init__(self, dim: int = 100, shift: float = 2.048) -> None:
        """A sphere on `dim` coordinates with its optimum at `shift`."""

class Rastrigin(VectorTask):
    """Linear-projection Rastrigin (CMA-ME): as Sphere with the Rastrigin function."""

    def __init__(self, dim: int = 100, shift: float = 2.048) -> None:
        """A Rastrigin function on `dim` coordinates with its optimum at `shift`."""

class Arm(VectorTask):
    """Planar arm: joint angles -> objective 100 (1 - Var(theta)), descriptor = end-effector (x, y)."""

    def __init__(self, joints: int = 100, link_lengths: Sequence[float] | None = None) -> None:
        """An arm of `joints` links (None: every link has length 1)."""

class PythonTask(VectorTask):
    """A Python function as a task on real vectors, for schedulers and pond.run."""

    def __init__(
        self,
        function: _VectorFunction,
        *,
        solution_dim: int,
        ranges: _Ranges,
        solution_bound: float = 1.0,
        solved: _Goal | None = None,
    ) -> None:
        """Wraps function(solutions) -> (objectives, descriptors), with an optional goal test `solved`."""
    @property
    def function(self) -> _VectorFunction:
        """The Python function."""

# Tasks on NEAT genomes

class GenomeTask:
    """A task on NEAT genomes, callable on a list of pond.Genome."""

    def evaluate(self, genomes: Iterable[Genome], threads: int = 1) -> _Results:
        """Evaluates a list of genomes -> (objectives (n,), descriptors (n, descriptor_dim))."""
    def __call__(self, genomes: Iterable[Genome], threads: int = 1) -> _Results:
        """Same as evaluate."""
    def solved(self, objectives: ArrayLike, descriptors: ArrayLike) -> npt.NDArray[np.bool_]:
        """Whether the task judges each result solved."""
    @property
    def inputs(self) -> int:
        """Network inputs (a bias counts as one)."""
    @property
    def outputs(self) -> int:
        """Network outputs."""
    @property
    def descriptor_dim(self) -> int:
        """Length of a descriptor."""
    @property
    def ranges(self) -> list[tuple[float, float]]:
        """The descriptor box as [(low, high), ...]."""
    @property
    def name(self) -> str:
        """The task's name."""

class Maze(GenomeTask):
    """The deceptive maze of Lehman and Stanley (2011), driven by a recurrent network."""

    def __init__(self, map: str = "hard") -> None:
        """The maze 'medium', 'hard' or the one in the maze file at path `map`."""
    def trajectory(self, genome: Genome) -> npt.NDArray[np.float64]:
        """The robot's path under `genome`: (steps + 1, 2) positions from the start."""
    @property
    def goal(self) -> tuple[float, float]:
        """The goal (x, y)."""
    @property
    def start(self) -> tuple[float, float]:
        """The start (x, y)."""

class Xor(GenomeTask):
    """XOR (NEAT 2002): 3 inputs (a, b, bias), 1 output."""

    def __init__(self) -> None:
        """The XOR task."""

class Pole(GenomeTask):
    """Double pole balancing (NEAT 2002), with or without velocities."""

    def __init__(self, velocities: bool = True) -> None:
        """With velocity inputs, or without them (damping fitness)."""

class PythonNeatTask(GenomeTask):
    """A Python function as a task on NEAT networks, for pond.run with NEAT."""

    def __init__(
        self,
        function: _NetworkFunction,
        *,
        inputs: int,
        outputs: int,
        ranges: _Ranges,
        recurrent: bool = False,
        solved: _Goal | None = None,
    ) -> None:
        """Wraps function(networks) -> (objectives, descriptors), with an optional goal test `solved`."""
    @property
    def recurrent(self) -> bool:
        """Whether the function receives RecurrentNetwork (else FeedForwardNetwork)."""
    @property
    def function(self) -> _NetworkFunction:
        """The Python function."""
