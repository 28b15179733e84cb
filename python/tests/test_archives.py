"""Archives from Python: construction errors, direct adds, the data arrays, pandas, save/load."""

import numpy as np
import pytest

import pond

RANGES = [(-1.0, 1.0), (-1.0, 1.0)]


def test_grid_add_statuses_and_data():
    archive = pond.GridArchive(solution_dim=3, dims=[10, 10], ranges=RANGES)
    solutions = np.arange(12, dtype=float).reshape(4, 3)
    descriptors = np.array([[0.05, 0.05], [0.05, 0.06], [0.05, 0.07], [0.9, -0.9]])
    status = archive.add(solutions, [1.0, 2.0, 0.5, 3.0], descriptors)
    # Candidates 0-2 share a cell: new, improved, rejected; the last is alone.
    assert status.dtype == np.uint8
    assert status.tolist() == [2, 1, 0, 2]
    assert len(archive) == 2
    data = archive.data()
    assert data["solution"].shape == (2, 3) and data["solution"].dtype == np.float64
    assert data["objective"].tolist() == [2.0, 3.0]
    assert data["descriptor"].shape == (2, 2)
    assert data["id"].dtype == np.uint64 and data["id"].tolist() == [1, 3]
    assert data["parents"].tolist() == [[-1, -1], [-1, -1]]
    assert data["birth"].tolist() == [2, 4]
    assert data["cell"].tolist() == archive.index_of(data["descriptor"]).tolist()
    np.testing.assert_array_equal(data["solution"][0], solutions[1])
    # Ids of later direct adds continue after the largest held.
    archive.add(np.zeros((1, 3)), [9.0], [[-0.9, 0.9]])
    assert archive.data()["id"].max() == 4


def test_metrics_dict():
    archive = pond.GridArchive(dims=[2, 2], ranges=RANGES)
    archive.add(np.zeros((2, 1)), [1.0, 3.0], [[-0.5, -0.5], [0.5, 0.5]])
    m = archive.metrics()
    assert m["elites"] == 2 and m["cells"] == 4
    assert m["coverage"] == 0.5 and m["qd_score"] == 4.0 and m["norm_qd_score"] == 1.0
    assert m["best_objective"] == 3.0 and np.isnan(m["novelty_threshold"])


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(dims=[10], ranges=RANGES), "dims has 1 entries but ranges has 2"),
        (dict(dims=[10, 0], ranges=RANGES), "dims must be positive"),
        (dict(dims=[10, 10], ranges=[(1, -1), (0, 1)]), r"ranges\[0\] must be \(low, high\)"),
        (dict(dims=[10, 10], ranges=[(0, float("inf")), (0, 1)]), r"ranges\[0\]"),
        (dict(dims=[10, 10], ranges=[(0, 1, 2)]), r"ranges must have shape \(n, 2\)"),
        (dict(dims=[10, 10], ranges=RANGES, solution_dim=0), "solution_dim must be positive"),
    ],
)
def test_grid_bad_options(kwargs, message):
    with pytest.raises(ValueError, match=message):
        pond.GridArchive(**kwargs)


def test_add_checks_shapes_dtypes_and_values():
    archive = pond.GridArchive(solution_dim=3, dims=[10, 10], ranges=RANGES)
    good = dict(solutions=np.zeros((2, 3)), objectives=[1.0, 2.0], descriptors=np.zeros((2, 2)))
    cases = [
        (dict(solutions=np.zeros((2, 4))), "solutions have 4 coordinates but the archive holds solutions of 3"),
        (dict(objectives=[1.0]), r"objectives must have shape \(2,\), got \(1,\)"),
        (dict(descriptors=np.zeros((2, 3))), r"descriptors must have shape \(2, 2\), got \(2, 3\)"),
        (dict(objectives=["a", "b"]), "objectives must be an array of numbers, got dtype <U1"),
        (dict(objectives=[1.0, np.nan]), "objective 1 is not finite"),
        (dict(descriptors=[[0, 0], [np.inf, 0]]), "descriptor of solution 1 is not finite"),
        (dict(solutions=np.zeros(3)), r"solutions must have shape \(n, m\), got \(3,\)"),
    ]
    for change, message in cases:
        with pytest.raises(ValueError, match=message):
            archive.add(**{**good, **change})
    assert len(archive) == 0  # nothing was added by a rejected batch
    # Integer arrays are numbers too.
    assert archive.add(np.zeros((2, 3), dtype=np.int32), np.array([1, 2]), np.zeros((2, 2), dtype=np.int64)).tolist() == [2, 1]


def test_cvt_archive():
    archive = pond.CvtArchive(solution_dim=2, cells=50, ranges=RANGES, samples=2000, seed=3)
    assert archive.centroids.shape == (50, 2)
    again = pond.CvtArchive(cells=50, ranges=RANGES, samples=2000, seed=3)
    np.testing.assert_array_equal(archive.centroids, again.centroids)
    cells = archive.index_of(archive.centroids)
    assert cells.tolist() == list(range(50))
    given = pond.CvtArchive(cells=3, ranges=RANGES, custom_centroids=[[0, 0], [0.5, 0.5], [-0.5, 0.5]])
    assert given.index_of([[0.45, 0.4], [-0.4, 0.6]]).tolist() == [1, 2]
    with pytest.raises(ValueError, match=r"custom_centroids must have shape \(3, 2\)"):
        pond.CvtArchive(cells=3, ranges=RANGES, custom_centroids=[[0, 0]])


def test_novelty_archive():
    archive = pond.NoveltyArchive(descriptor_dim=2, k=1, threshold=0.5)
    assert np.isinf(archive.novelty([[0.0, 0.0]])).all()
    status = archive.add(np.zeros((3, 1)), [0.0, 0.0, 0.0], [[0, 0], [0.1, 0], [5, 5]])
    # Batch novelty (k = 1): 0.1, 0.1 and about 7; only the far one is above 0.5.
    assert status.tolist() == [0, 0, 2]
    assert archive.novelty([[5.0, 6.0]]).tolist() == [1.0]
    assert archive.threshold == 0.5 and archive.kind == "novelty" and archive.cells == 0
    with pytest.raises(pond.Error, match="metric"):
        pond.NoveltyArchive(metric="cosine")


def test_as_pandas_has_every_elite_and_column():
    pandas = pytest.importorskip("pandas")
    archive = pond.GridArchive(solution_dim=2, dims=[4, 4], ranges=RANGES)
    archive.add(np.array([[1.0, 2.0], [3.0, 4.0]]), [1.0, 2.0], [[-0.9, -0.9], [0.9, 0.9]])
    frame = archive.as_pandas()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == ["solution_0", "solution_1", "objective", "descriptor_0", "descriptor_1", "id",
                                   "parent_0", "parent_1", "birth", "cell"]
    assert frame["solution_1"].tolist() == [2.0, 4.0]
    assert frame["parent_0"].tolist() == [-1, -1]


@pytest.mark.parametrize("kind", ["grid", "cvt", "novelty"])
def test_save_load_round_trip(tmp_path, kind):
    rng = np.random.default_rng(0)
    if kind == "grid":
        archive = pond.GridArchive(solution_dim=3, dims=[8, 8], ranges=RANGES)
    elif kind == "cvt":
        archive = pond.CvtArchive(solution_dim=3, cells=20, ranges=RANGES, samples=500, seed=1)
    else:
        archive = pond.NoveltyArchive(solution_dim=3, descriptor_dim=2, k=3, threshold=0.2)
    archive.add(rng.normal(size=(50, 3)), rng.normal(size=50), rng.uniform(-1, 1, size=(50, 2)))
    path = tmp_path / "archive.bin"
    archive.save(str(path))
    loaded = pond.load_archive(str(path))
    assert type(loaded) is type(archive)
    for key, value in archive.data().items():
        np.testing.assert_array_equal(loaded.data()[key], value)
    assert loaded.to_json() == archive.to_json()
    # Saving what was loaded gives the same bytes.
    loaded.save(str(tmp_path / "again.bin"))
    assert (tmp_path / "again.bin").read_bytes() == path.read_bytes()


def test_load_archive_errors(tmp_path):
    with pytest.raises(pond.Error, match="nope.bin"):
        pond.load_archive(str(tmp_path / "nope.bin"))
    archive = pond.GridArchive(solution_dim=1, dims=[2, 2], ranges=RANGES)
    archive.add(np.zeros((1, 1)), [1.0], [[0.0, 0.0]])
    path = tmp_path / "a.bin"
    archive.save(str(path))
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    (tmp_path / "corrupt.bin").write_bytes(bytes(data))
    with pytest.raises(pond.FormatError, match="corrupt.bin"):
        pond.load_archive(str(tmp_path / "corrupt.bin"))
    (tmp_path / "short.bin").write_bytes(path.read_bytes()[:20])
    with pytest.raises(pond.FormatError, match="short.bin"):
        pond.load_archive(str(tmp_path / "short.bin"))
    assert issubclass(pond.FormatError, pond.Error) and issubclass(pond.Error, RuntimeError)
