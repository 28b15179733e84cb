"""Built-in tasks on batches, genomes and networks."""

import json
import pickle

import numpy as np
import pytest

import pond


def test_sphere_values_and_threads():
    sphere = pond.tasks.Sphere(dim=10)
    assert sphere.solution_dim == 10 and sphere.descriptor_dim == 2
    assert sphere.ranges == [(-25.6, 25.6), (-25.6, 25.6)]
    x = np.stack([np.full(10, 2.048), np.full(10, -5.12), np.full(10, 10.24)])
    objectives, descriptors = sphere.evaluate(x)
    assert objectives[0] == 100.0 and objectives[1] == 0.0
    # clip(10.24) = 5.12 / 10.24 = 0.5 per coordinate, five per half.
    np.testing.assert_allclose(descriptors[2], [2.5, 2.5])
    np.testing.assert_allclose(descriptors[0], [5 * 2.048, 5 * 2.048])
    big = np.random.default_rng(1).normal(size=(1000, 10))
    one = sphere(big, threads=1)
    two = sphere(big, threads=2)
    np.testing.assert_array_equal(one[0], two[0])
    np.testing.assert_array_equal(one[1], two[1])
    # A batch evaluates like its rows one at a time.
    np.testing.assert_array_equal(sphere(big[3:4])[0], one[0][3:4])


def test_rastrigin_and_arm():
    rastrigin = pond.tasks.Rastrigin(dim=4)
    assert rastrigin(np.full((1, 4), 2.048))[0][0] == 100.0
    arm = pond.tasks.Arm(joints=5)
    objectives, descriptors = arm(np.zeros((1, 5)))
    assert objectives[0] == 100.0
    np.testing.assert_allclose(descriptors[0], [5.0, 0.0])
    bent = arm(np.array([[np.pi / 2, 0, 0, 0, 0]]))[1][0]
    np.testing.assert_allclose(bent, [0.0, 5.0], atol=1e-12)
    longer = pond.tasks.Arm(joints=2, link_lengths=[2.0, 3.0])
    np.testing.assert_allclose(longer(np.zeros((1, 2)))[1][0], [5.0, 0.0])


def test_task_input_errors():
    sphere = pond.tasks.Sphere(dim=10)
    with pytest.raises(ValueError, match=r"evaluate: solutions must have shape \(n, 10\), got \(4, 9\)"):
        sphere(np.zeros((4, 9)))
    with pytest.raises(ValueError, match="dim must be positive"):
        pond.tasks.Sphere(dim=0)
    with pytest.raises(ValueError, match="dim"):
        pond.tasks.Sphere(dim=1)  # the projection needs two halves
    with pytest.raises(pond.Error, match="no-such-map"):
        pond.tasks.Maze(map="no-such-map")


def test_genome_json_pickle_and_files(tmp_path):
    genome = pond.Genome.fully_connected(3, 1, weight_range=2.0, seed=5)
    assert (genome.inputs, genome.outputs, genome.hidden_nodes, genome.enabled_connections) == (3, 1, 0, 3)
    assert len(genome.nodes) == 4 and genome.nodes[3][1] == "output"
    assert all(abs(c[3]) <= 2.0 for c in genome.connections)
    document = genome.to_json()
    assert pond.Genome.from_json(document) == genome
    assert pond.Genome.from_json(json.dumps(document)) == genome
    assert pickle.loads(pickle.dumps(genome)) == genome
    genome.save(str(tmp_path / "g.json"))
    assert pond.Genome.load(str(tmp_path / "g.json")) == genome
    broken = dict(document)
    broken["connections"] = [{**document["connections"][0], "to": 99}]
    with pytest.raises(pond.Error, match="99"):
        pond.Genome.from_json(broken)
    with pytest.raises(ValueError, match="not valid JSON"):
        pond.Genome.from_json("{nope")


def test_networks_activate():
    genome = pond.Genome.fully_connected(3, 2, seed=1)
    forward = pond.FeedForwardNetwork(genome)
    out = forward.activate([0.5, -1.0, 1.0])
    assert out.shape == (2,) and ((out > 0) & (out < 1)).all()  # sigmoid outputs
    recurrent = pond.RecurrentNetwork(genome)
    # One hop per activation: with no hidden nodes, the first activation already reaches the outputs.
    np.testing.assert_array_equal(recurrent.activate([0.5, -1.0, 1.0]), out)
    recurrent.reset()
    with pytest.raises(ValueError, match=r"activate: inputs must have shape \(3,\), got \(2,\)"):
        forward.activate([1.0, 2.0])
    # A cycle cannot be decoded feed-forward.
    document = genome.to_json()
    document["connections"].append({"innovation": 100, "from": 3, "to": 4, "weight": 1.0, "enabled": True})
    document["connections"].append({"innovation": 101, "from": 4, "to": 3, "weight": 1.0, "enabled": True})
    cyclic = pond.Genome.from_json(document)
    with pytest.raises(pond.Error, match="cycle"):
        pond.FeedForwardNetwork(cyclic)
    pond.RecurrentNetwork(cyclic).activate([1.0, 1.0, 1.0])


def test_genome_tasks_on_lists():
    xor = pond.tasks.Xor()
    genomes = [pond.Genome.fully_connected(3, 1, seed=s) for s in range(20)]
    objectives, descriptors = xor.evaluate(genomes, threads=2)
    assert objectives.shape == (20,) and descriptors.shape == (20, 4)
    np.testing.assert_array_equal(objectives, xor(genomes, threads=1)[0])
    # Without hidden nodes XOR cannot be solved.
    assert not xor.solved(objectives, descriptors).any()
    with pytest.raises(ValueError, match="a list of genomes, not one genome"):
        xor(genomes[0])
    with pytest.raises(ValueError, match="sequence of pond.Genome"):
        xor([genomes[0], "genome"])
    maze = pond.tasks.Maze("medium")
    assert (maze.inputs, maze.outputs, maze.descriptor_dim) == (11, 2, 2)
    with pytest.raises(ValueError, match="inputs"):
        maze([genomes[0]])  # 3 inputs, the maze needs 11
    robot = pond.Genome.fully_connected(11, 2, seed=3)
    objectives, descriptors = maze([robot])
    path = maze.trajectory(robot)
    assert path.shape[1] == 2 and len(path) > 1
    np.testing.assert_allclose(path[0], maze.start)
    np.testing.assert_allclose(path[-1], descriptors[0])
    goal = np.array(maze.goal)
    assert objectives[0] == pytest.approx(300 - np.linalg.norm(path[-1] - goal))
    pole = pond.tasks.Pole(velocities=False)
    assert pole.inputs == 4 and pond.tasks.Pole().inputs == 7
