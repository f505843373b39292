"""The wheel is complete: built, installed into a fresh venv, it runs every bundled model.

Run from a folder outside the checkout, so nothing can come from the source tree.
The fresh venv borrows this environment's dependencies through a path file
(numpy, sympy and nashpy are large to download again), but tradegame itself
comes only from the wheel: the test checks where it was imported from.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not (ROOT / "pyproject.toml").is_file():
        pytest.fail(f"no pyproject.toml in {ROOT}: the tests run from a checkout")
    # Built from a copy: setuptools writes build/ and egg-info into the tree it builds.
    source = tmp_path_factory.mktemp("source") / "tradegame"
    shutil.copytree(
        ROOT, source, ignore=shutil.ignore_patterns(".git", "build", "*.egg-info", "__pycache__")
    )
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(out), str(source)],
        check=True,
        cwd=out,
    )
    (built,) = out.glob("tradegame-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    env = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=False).create(env)
    python = env / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # Installed before the dependencies are borrowed: pip would otherwise see this
    # environment's tradegame and call the requirement satisfied.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
    )
    # Appended after the venv's own site-packages, and not a site dir, so an
    # editable install's finder in this environment is never activated.
    (site / "borrowed_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return env


def test_wheel_holds_the_package_models_and_exercises(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    models = sorted(p.name for p in (ROOT / "models").glob("*.toml"))
    exercises = sorted(p.name for p in (ROOT / "docs" / "exercises").glob("*.toml"))
    assert models and exercises
    bundled = sorted(Path(n).name for n in names if n.startswith("tradegame/_bundled/"))
    assert [n for n in bundled if n.endswith(".toml")] == models
    shipped = sorted(
        Path(n).name for n in names if n.startswith("tradegame/_exercises/") and n.count("/") == 2
    )
    assert [n for n in shipped if n.endswith(".toml")] == exercises
    assert "tradegame/cli/__init__.py" in names and "tradegame/py.typed" in names


def test_installed_wheel_runs_every_bundled_model_outside_the_checkout(
    installed: Path, tmp_path: Path
) -> None:
    python, tradegame = installed / "bin" / "python", installed / "bin" / "tradegame"
    where = subprocess.run(
        [str(python), "-c", "import tradegame; print(tradegame.__file__)"],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    ).stdout.strip()
    assert Path(where).is_relative_to(installed), f"tradegame imported from {where}"

    listed = subprocess.run(
        [str(tradegame), "list"], check=True, capture_output=True, text=True, cwd=tmp_path
    ).stdout
    models = [line.split()[0] for line in listed.splitlines() if line.strip()]
    assert sorted(models) == sorted(p.stem for p in (ROOT / "models").glob("*.toml"))
    for model in models:
        run = subprocess.run(
            [str(tradegame), "run", model], capture_output=True, text=True, cwd=tmp_path
        )
        assert run.returncode == 0, f"{model}: {run.stderr}"
        assert "Nash equilibria" in run.stdout, model
