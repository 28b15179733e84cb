"""Runs each example in python/examples with its small budget and checks its output.

The examples are found through POND_SOURCE_DIR (the repository root: its python/examples) or, without
it, next to this file (../examples). Each runs in a fresh subprocess from an empty working folder, with
the caller's environment (so PYTHONPATH still finds the built package).
"""

import os
import pathlib
import subprocess
import sys

import pytest

import pond


def examples_dir() -> pathlib.Path:
    source = os.environ.get("POND_SOURCE_DIR")
    if source:
        return pathlib.Path(source) / "python" / "examples"
    return pathlib.Path(__file__).resolve().parent.parent / "examples"


# (script, a line fragment its output must contain)
EXAMPLES = [
    ("ask_tell_sphere.py", "final archive:"),
    ("custom_task.py", "loaded back (user task"),
    ("neat_xor.py", "built-in task (novelty):"),
    ("maze_novelty.py", "medium maze, novelty search, seed 1:"),
]


def example_env() -> dict:
    """The environment for an example: it must import the pond this test imported (the build tree's),
    not another copy (an installed one, or none when PYTHONPATH was relative to another folder)."""
    package_parent = str(pathlib.Path(pond.__file__).resolve().parent.parent)
    path = os.environ.get("PYTHONPATH")
    return dict(os.environ, PYTHONPATH=package_parent + (os.pathsep + path if path else ""))


@pytest.mark.parametrize("script, expected", EXAMPLES, ids=[name for name, _ in EXAMPLES])
def test_example_runs(script, expected, tmp_path):
    path = examples_dir() / script
    assert path.is_file(), f"{path} not found (set POND_SOURCE_DIR to the repository root)"
    env = dict(example_env(), POND_EXAMPLE_SMALL="1")
    done = subprocess.run([sys.executable, str(path), "--small"], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, f"{script} failed:\n{done.stdout}\n{done.stderr}"
    assert expected in done.stdout, f"{script} printed no {expected!r}:\n{done.stdout}"
    # Examples use temporary folders (or --out) for their runs, never the working folder.
    assert not any(tmp_path.iterdir()), f"{script} left files in its working folder"


def test_custom_task_out(tmp_path):
    """--out keeps the run where it says, and pond.load_run reads it."""
    out = tmp_path / "runs"
    done = subprocess.run([sys.executable, str(examples_dir() / "custom_task.py"), "--small", "--out", str(out)],
                          cwd=tmp_path, env=example_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert (out / "custom_task" / "run.json").is_file()
