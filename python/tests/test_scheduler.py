"""The ask/tell loop from Python: shapes, errors, determinism, and agreement with the C++ loop."""

import numpy as np
import pytest

import pond
from conftest import run_loop, sphere_scheduler


def test_ask_shape_and_tell_statuses():
    archive, scheduler, task = sphere_scheduler(emitters=3, batch=36, dim=20)
    assert scheduler.batch_size == 108
    solutions = scheduler.ask()
    assert solutions.shape == (108, 20) and solutions.dtype == np.float64 and solutions.flags.c_contiguous
    objectives, descriptors = task(solutions)
    status = scheduler.tell(objectives, descriptors)
    assert status.shape == (108,) and status.dtype == np.uint8
    assert set(status.tolist()) <= {0, 1, 2} and (status == 2).sum() == len(archive)
    assert scheduler.evaluations == 108 and scheduler.iterations == 1
    assert scheduler.best_objective == objectives.max()
    m = scheduler.metrics()
    assert m["elites"] == len(archive) and m["cells"] == 400


def test_parents_come_from_the_archive():
    archive, scheduler, task = sphere_scheduler()
    run_loop(scheduler, task, 3)
    scheduler.ask()
    parents = scheduler.batch_parents
    assert parents.shape == (108, 2)
    held = set(archive.data()["id"].tolist())
    assert set(parents[:, 0].tolist()) <= held and (parents[:, 1] == -1).all()


def test_errors_leave_the_scheduler_usable():
    archive, scheduler, task = sphere_scheduler()
    with pytest.raises(RuntimeError, match="call ask"):
        scheduler.tell(np.zeros(108), np.zeros((108, 2)))
    solutions = scheduler.ask()
    with pytest.raises(RuntimeError, match="ask\\(\\) called twice"):
        scheduler.ask()
    objectives, descriptors = task(solutions)
    with pytest.raises(ValueError, match=r"tell: objectives must have shape \(108,\), got \(107,\)"):
        scheduler.tell(objectives[:-1], descriptors)
    with pytest.raises(ValueError, match=r"tell: descriptors must have shape \(108, 2\), got \(2, 108\)"):
        scheduler.tell(objectives, descriptors.T)
    with pytest.raises(ValueError, match="must be an array of numbers"):
        scheduler.tell(objectives.astype(object).astype(str), descriptors)
    bad = objectives.copy()
    bad[5] = np.nan
    with pytest.raises(ValueError, match="objective of candidate 5 is nan"):
        scheduler.tell(bad, descriptors)
    bad_descriptors = descriptors.copy()
    bad_descriptors[7, 1] = np.inf
    with pytest.raises(ValueError, match="descriptor 1 of candidate 7 is not finite"):
        scheduler.tell(objectives, bad_descriptors)
    assert len(archive) == 0 and scheduler.evaluations == 0
    scheduler.tell(objectives, descriptors)  # the batch can still be told
    assert scheduler.evaluations == 108


def test_emitter_options_are_checked():
    with pytest.raises(ValueError, match="batch_size must be positive"):
        pond.GaussianEmitter(x0=np.zeros(3), batch_size=0)
    with pytest.raises(ValueError, match="bounds has 2 \\(low, high\\) pairs but x0 has 3"):
        pond.GaussianEmitter(x0=np.zeros(3), bounds=[(-1, 1), (-1, 1)])
    with pytest.raises(pond.Error, match="clip"):
        pond.GaussianEmitter(x0=np.zeros(1), bounds=[(-1, 1)], bounds_policy="wrap")
    with pytest.raises(ValueError, match="sigma"):
        pond.GaussianEmitter(x0=np.zeros(3), sigma=-1.0)
    archive = pond.GridArchive(solution_dim=4, dims=[5, 5], ranges=[(-1, 1)] * 2)
    with pytest.raises(ValueError, match="emitter 0: solutions have 3 coordinates but the archive holds solutions of 4"):
        pond.Scheduler(archive, [pond.GaussianEmitter(x0=np.zeros(3))])
    with pytest.raises(ValueError, match="at least one emitter"):
        pond.Scheduler(archive, [])


def test_bounds_are_applied():
    archive = pond.GridArchive(solution_dim=2, dims=[5, 5], ranges=[(-1, 1)] * 2)
    emitter = pond.GaussianEmitter(x0=np.zeros(2), sigma=10.0, batch_size=200, bounds=[(-0.5, 0.5), (0, 1)])
    scheduler = pond.Scheduler(archive, [emitter], seed=2)
    x = scheduler.ask()
    assert (x[:, 0] >= -0.5).all() and (x[:, 0] <= 0.5).all() and (x[:, 1] >= 0).all() and (x[:, 1] <= 1).all()
    assert emitter.bounds == [(-0.5, 0.5), (0.0, 1.0)] and emitter.sigma == 10.0
    assert emitter.config()["sigma"] == 10.0


@pytest.mark.parametrize("make", [
    lambda d: pond.IsoLineEmitter(x0=np.zeros(d), iso_sigma=0.1, line_sigma=0.2, batch_size=36),
    lambda d: pond.RandomEmitter(bounds=[(-5.12, 5.12)] * d, batch_size=36),
])
def test_other_emitters_run(make):
    task = pond.tasks.Sphere(dim=10)
    archive = pond.GridArchive(solution_dim=10, dims=[20, 20], ranges=task.ranges)
    scheduler = pond.Scheduler(archive, [make(10), make(10)], seed=4)
    run_loop(scheduler, task, 5)
    assert scheduler.evaluations == 360 and len(archive) > 0


def archive_after(seed, threads, iterations=20):
    archive, scheduler, task = sphere_scheduler(seed=seed, threads=threads)
    run_loop(scheduler, task, iterations)
    return archive.data()


def test_same_seed_same_archive_whatever_the_threads():
    one = archive_after(seed=7, threads=1)
    for other in (archive_after(seed=7, threads=1), archive_after(seed=7, threads=2)):
        for key in one:
            np.testing.assert_array_equal(one[key], other[key])
    different = archive_after(seed=8, threads=1)
    assert not np.array_equal(one["objective"], different["objective"])


def test_python_loop_equals_the_cpp_loop():
    # The same seed gives the same archive whether Python drives ask/tell or C++ runs the loop.
    archive, scheduler, task = sphere_scheduler(seed=3)
    run_loop(scheduler, task, 15)
    cpp_archive, cpp_scheduler, _ = sphere_scheduler(seed=3)
    summary = cpp_scheduler.run(task, iterations=15)
    assert summary["evaluations"] == 15 * 108 and summary["termination"] == "iteration limit reached"
    for key, value in archive.data().items():
        np.testing.assert_array_equal(cpp_archive.data()[key], value)


def test_result_archive_reports_metrics():
    task = pond.tasks.Arm(joints=10)
    novelty = pond.NoveltyArchive(solution_dim=10, descriptor_dim=2, k=15, threshold=0.2, window_evaluations=100)
    grid = pond.GridArchive(solution_dim=10, dims=[32, 32], ranges=task.ranges)
    emitters = [pond.GaussianEmitter(x0=np.zeros(10), sigma=0.1, batch_size=100)]
    scheduler = pond.Scheduler(novelty, emitters, seed=1, result_archive=grid)
    run_loop(scheduler, task, 10)
    assert scheduler.metrics()["cells"] == 32 * 32
    assert scheduler.metrics()["elites"] == len(grid) > 0
    assert scheduler.metrics()["novelty_threshold"] == novelty.threshold
    assert 0 < len(novelty) < 1000


def test_run_with_a_python_task_and_its_errors():
    calls = []

    def objective(x):
        calls.append(x.shape)
        return -np.sum(x ** 2, axis=1), x[:, :2]

    task = pond.tasks.PythonTask(objective, solution_dim=20, ranges=[(-1, 1)] * 2)
    archive, scheduler, _ = sphere_scheduler(archive=pond.GridArchive(solution_dim=20, dims=[10, 10], ranges=[(-1, 1)] * 2))
    summary = scheduler.run(task, evaluations=300)
    assert summary["evaluations"] == 300 and calls == [(108, 20), (108, 20), (84, 20)]

    def broken(x):
        raise ZeroDivisionError("inside the task")

    with pytest.raises(ZeroDivisionError, match="inside the task"):
        # Limits count from the start of the scheduler, as in C++.
        scheduler.run(pond.tasks.PythonTask(broken, solution_dim=20, ranges=[(-1, 1)] * 2), iterations=scheduler.iterations + 1)
    # The failed iteration left the scheduler as before it: it goes on.
    assert scheduler.run(task, iterations=scheduler.iterations + 1)["evaluations"] == 408
    wrong = pond.tasks.PythonTask(lambda x: (np.zeros(len(x)), np.zeros((len(x), 3))), solution_dim=20, ranges=[(-1, 1)] * 2)
    with pytest.raises(ValueError, match=r"task function: descriptors must have shape \(108, 2\), got \(108, 3\)"):
        wrong(np.zeros((108, 20)))
    nan = pond.tasks.PythonTask(lambda x: (np.full(len(x), np.nan), np.zeros((len(x), 2))), solution_dim=20, ranges=[(-1, 1)] * 2)
    with pytest.raises(ValueError, match="objective of candidate 0 of the batch is nan"):
        nan(np.zeros((4, 20)))
    not_tuple = pond.tasks.PythonTask(lambda x: np.zeros(len(x)), solution_dim=20, ranges=[(-1, 1)] * 2)
    with pytest.raises(ValueError, match="must return a tuple"):
        not_tuple(np.zeros((4, 20)))


def test_an_archive_in_use_by_a_running_scheduler_says_so():
    # While a scheduler works on its archive without the GIL, other Python code (another thread, or
    # here the task itself) must not read or change it: that raises instead of racing.
    archive, scheduler, _ = sphere_scheduler(archive=pond.GridArchive(solution_dim=20, dims=[10, 10], ranges=[(-1, 1)] * 2))
    seen = []

    def peek(x):
        for call in (archive.data, archive.metrics, archive.clear, lambda: archive.add(x, np.zeros(len(x)), np.zeros((len(x), 2)))):
            try:
                call()
            except RuntimeError as e:
                seen.append(str(e))
        return -np.sum(x ** 2, axis=1), np.tanh(x[:, :2])

    scheduler.run(pond.tasks.PythonTask(peek, solution_dim=20, ranges=[(-1, 1)] * 2), iterations=1)
    assert len(seen) == 4 and all("in use by a scheduler running in another thread" in m for m in seen)
    assert len(archive.data()["id"]) == len(archive) > 0  # usable again once run returned
