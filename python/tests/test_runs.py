"""Whole runs from Python, and run directories shared with the `pond` command both ways."""

import json
import subprocess

import numpy as np
import pytest

import pond

SMALL_SPHERE = {"task": "sphere", "dim": 10, "evals": 10_800, "batch": 108, "emitters": 3, "resolution": [20, 20], "seed": 4}


def test_run_writes_a_run_directory_the_cli_reads(tmp_path, cli):
    result = pond.run(SMALL_SPHERE, tmp_path / "r", plots=False)
    assert result.path == tmp_path / "r"
    s = result.summary
    assert s["evaluations"] == 10_800 and s["termination"] == "evaluation budget reached"
    assert s["metrics"]["cells"] == 400 and 0 < s["metrics"]["elites"] <= 400
    run = pond.load_run(result.path)
    assert run.config["task"] == "sphere" and run.config["dim"] == 10
    assert run.metrics["evaluations"][-1] == 10_800
    assert len(run.archive) == s["metrics"]["elites"] and run.result_archive is None and run.solution is None
    info = json.loads(subprocess.run([cli, "info", str(result.path), "--json"], check=True, capture_output=True, text=True).stdout)
    assert info["evaluations_reported"] == 10_800 and info["finished"]
    assert info["archive"]["elites"] == s["metrics"]["elites"]
    # The archive written by the run round-trips through Python byte for byte.
    run.archive.save(str(tmp_path / "copy.bin"))
    assert (tmp_path / "copy.bin").read_bytes() == (result.path / "archive.bin").read_bytes()


def test_python_equals_cli_and_resume_equals_one_run(tmp_path, cli):
    config = dict(SMALL_SPHERE, algo="line-map-elites")
    subprocess.run([cli, "run", "sphere", "--dim", "10", "--evals", "10800", "--batch", "108", "--emitters", "3",
                    "--resolution", "20,20", "--seed", "4", "--algo", "line-map-elites", "--no-plots", "-q",
                    "--out", str(tmp_path / "cli")], check=True, capture_output=True)
    pond.run(config, tmp_path / "py", plots=False)
    assert (tmp_path / "cli" / "archive.bin").read_bytes() == (tmp_path / "py" / "archive.bin").read_bytes()
    # Half the budget, then resumed to the full budget from Python: the same archive again.
    pond.run(dict(config, evals=5_400), tmp_path / "half", plots=False)
    resumed = pond.resume(tmp_path / "half", evals=10_800)
    assert resumed.summary["resumed_from"] == 5_400 and resumed.summary["evaluations"] == 10_800
    assert (tmp_path / "half" / "archive.bin").read_bytes() == (tmp_path / "py" / "archive.bin").read_bytes()
    # And the CLI extends what Python wrote.
    subprocess.run([cli, "resume", str(tmp_path / "half"), "--evals", "16200", "-q", "--no-plots"], check=True, capture_output=True)
    assert pond.load_run(tmp_path / "half").metrics["evaluations"][-1] == 16_200


def test_bad_config_is_reported_before_anything_is_written(tmp_path):
    with pytest.raises(pond.Error, match="config: field 'evals' must be a positive integer"):
        pond.run({"task": "sphere", "evals": -5}, tmp_path / "bad")
    with pytest.raises(pond.Error, match="unknown field 'sigmaa'"):
        pond.run({"task": "sphere", "sigmaa": 1}, tmp_path / "bad")
    with pytest.raises(ValueError, match="must name a task"):
        pond.run({"evals": 10}, tmp_path / "bad")
    with pytest.raises(pond.Error, match="unknown task 'spher'"):
        pond.run({"task": "spher"}, tmp_path / "bad")
    assert not (tmp_path / "bad").exists()
    pond.run(SMALL_SPHERE, tmp_path / "taken", plots=False)
    before = (tmp_path / "taken" / "archive.bin").read_bytes()
    with pytest.raises(pond.Error, match="taken"):
        pond.run(SMALL_SPHERE, tmp_path / "taken")
    assert (tmp_path / "taken" / "archive.bin").read_bytes() == before
    with pytest.raises(pond.Error, match="run.json"):
        pond.load_run(tmp_path)


def descriptor_of(x):
    return np.tanh(x[:, :2])


def bowl(x):
    return -np.sum(x ** 2, axis=1), descriptor_of(x)


def test_python_task_run_and_resume(tmp_path, cli):
    task = pond.tasks.PythonTask(bowl, solution_dim=6, ranges=[(-1, 1), (-1, 1)])
    config = {"evals": 4_000, "batch": 100, "emitters": 2, "sigma": 0.2, "seed": 3}
    full = pond.run(config, tmp_path / "full", task=task, plots=False)
    assert full.summary["task"] == "user" and full.summary["evaluations"] == 4_000
    run = pond.load_run(full.path)
    assert run.config["dim"] == 6 and run.config["resolution"] == [100, 100]
    np.testing.assert_allclose(run.archive.data()["descriptor"], descriptor_of(run.archive.data()["solution"]))
    # The CLI cannot resume it without the function, and says so.
    pond.run(dict(config, evals=2_000), tmp_path / "part", task=task, plots=False)
    failed = subprocess.run([cli, "resume", str(tmp_path / "part"), "--evals", "4000"], capture_output=True, text=True)
    assert failed.returncode != 0 and "Python function given to pond.run" in failed.stderr
    with pytest.raises(pond.Error, match="Python function"):
        pond.resume(tmp_path / "part", evals=4_000)
    pond.resume(tmp_path / "part", task=task, evals=4_000)
    assert (tmp_path / "part" / "archive.bin").read_bytes() == (tmp_path / "full" / "archive.bin").read_bytes()


def test_python_task_run_errors(tmp_path):
    task = pond.tasks.PythonTask(bowl, solution_dim=6, ranges=[(-1, 1), (-1, 1)])
    with pytest.raises(ValueError, match="names the task \"sphere\""):
        pond.run({"task": "sphere"}, tmp_path / "x", task=task)
    with pytest.raises(ValueError, match="dim 5 differs from the task's solution_dim 6"):
        pond.run({"dim": 5}, tmp_path / "x", task=task)
    with pytest.raises(ValueError, match="built-in tasks are named in the config"):
        pond.run({}, tmp_path / "x", task=pond.tasks.Sphere(10))
    with pytest.raises(pond.Error, match="'resolution' has 3 entries but the task's descriptor has 2"):
        pond.run({"resolution": [5, 5, 5]}, tmp_path / "x", task=task)

    def broken(x):
        raise KeyError("missing piece")

    with pytest.raises(KeyError, match="missing piece"):
        pond.run({"evals": 1_000}, tmp_path / "broken", task=pond.tasks.PythonTask(broken, solution_dim=3, ranges=[(0, 1)]))
    # The run directory keeps a checkpoint of the state before the failing iteration: resumable.
    assert (tmp_path / "broken" / "checkpoint.bin").exists()
    line = pond.tasks.PythonTask(lambda x: (-np.sum(x ** 2, axis=1), np.tanh(x[:, :1])), solution_dim=3, ranges=[(-1, 1)])
    fixed = pond.resume(tmp_path / "broken", task=line)
    assert fixed.summary["resumed_from"] == 0 and fixed.summary["evaluations"] == 1_000


def xor_fitness(networks):
    objectives, descriptors = [], []
    for net in networks:
        outs = [net.activate([a, b, 1.0])[0] for a, b in ((0, 0), (0, 1), (1, 0), (1, 1))]
        error = outs[0] + (1 - outs[1]) + (1 - outs[2]) + outs[3]
        objectives.append((4 - error) ** 2)
        descriptors.append([outs[1], outs[2]])
    return np.array(objectives), np.array(descriptors)


def xor_solved(objective, descriptor):
    return objective > 15.0  # total error below 0.13: every output is on the right side of 0.5


def test_python_neat_task_runs_like_the_builtin(tmp_path):
    task = pond.tasks.PythonNeatTask(xor_fitness, inputs=3, outputs=1, ranges=[(0, 1), (0, 1)])
    neat = {"add_node_prob": 0.05, "add_connection_prob": 0.2, "weight_perturb": 4.0, "weight_init": 3.0, "target_species": 10}
    result = pond.run({"algo": "fitness", "seed": 2, "evals": 60_000, "neat": neat}, tmp_path / "xor", task=task, plots=False)
    s = result.summary
    assert s["task"] == "user-neat" and s["evaluations"] <= 60_000 and s["first_solution"] == 0  # no goal given
    run = pond.load_run(result.path)
    assert isinstance(run.archive, pond.GenomeArchive)
    best = run.archive.data()
    genome = best["solution"][int(np.argmax(best["objective"]))]
    assert isinstance(genome, pond.Genome)
    # The best genome's fitness, recomputed by Python, is what the archive holds.
    assert xor_fitness([pond.FeedForwardNetwork(genome)])[0][0] == pytest.approx(best["objective"].max())
    # XOR needs a hidden node: NEAT found structure beyond the start.
    assert s["best_objective"] > 9.0 and genome.hidden_nodes >= 1
    # With a goal test the run stops at the first solution and saves it, as the built-in tasks do.
    goal = pond.tasks.PythonNeatTask(xor_fitness, inputs=3, outputs=1, ranges=[(0, 1), (0, 1)], solved=xor_solved)
    solved = pond.run({"algo": "fitness", "seed": 2, "evals": 60_000, "neat": neat}, tmp_path / "goal", task=goal, plots=False)
    assert solved.summary["termination"] == "solved" and 0 < solved.summary["first_solution"] <= solved.summary["evaluations"]
    solution = pond.load_run(solved.path).solution
    assert xor_fitness([pond.FeedForwardNetwork(solution)])[0][0] > 15.0
    with pytest.raises(ValueError, match="recurrent=True"):
        pond.run({"neat": {"allow_recurrent": True}}, tmp_path / "rec", task=task)


def test_builtin_neat_run_and_solution(tmp_path):
    result = pond.run({"task": "xor", "seed": 1}, tmp_path / "xor", plots=False)
    s = result.summary
    assert s["first_solution"] > 0 and s["termination"] == "solved"
    run = pond.load_run(result.path)
    assert isinstance(run.solution, pond.Genome)
    objectives, descriptors = pond.tasks.Xor()([run.solution])
    assert pond.tasks.Xor().solved(objectives, descriptors).all()
