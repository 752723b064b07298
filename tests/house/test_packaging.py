"""The wheel: pyproject.toml ships every folder, and an installed wheel builds the seeds anywhere.

``pip install .`` (not ``-e``) once left the ontology and the shapes out, and ``kg build`` from an
installed wheel failed. Here the wheel is built from a copy of the project, installed into a
fresh venv and run from another folder; the venv reuses this test venv's dependencies (a ``.pth``
line, no download) and installs only the wheel (``--no-deps``), so the whole check takes seconds.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.conftest import SEEDS

ROOT = Path(__file__).parents[2]
SOURCES = ("pyproject.toml", "README.md", "kg", "web", "ontology", "shapes")  # what the build reads
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def shipped_files() -> dict[str, Path]:
    """Every file that belongs in the wheel, by its path inside it: all of kg/ and web/ (no
    bytecode), and each folder pyproject maps into the package (ontology/ → kg/ontology/)."""
    folders = {"kg": ROOT / "kg", "web": ROOT / "web"}
    folders |= {package.replace(".", "/"): ROOT / folder
                for package, folder in SETUPTOOLS["package-dir"].items() if package}
    return {f"{inside}/{path.relative_to(folder)}": path
            for inside, folder in folders.items() for path in folder.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"}


def test_pyproject_lists_every_folder_that_ships():
    """The explicit ``packages`` list names each folder holding a file, and no other."""
    folders = {inside.rpartition("/")[0].replace("/", ".") for inside in shipped_files()}
    listed = set(SETUPTOOLS["packages"])
    assert (sorted(folders - listed), sorted(listed - folders)) == ([], [])


def test_package_data_matches_every_file_that_is_not_python():
    data = SETUPTOOLS["package-data"]
    unmatched = [inside for inside in shipped_files() if not inside.endswith(".py") and not any(
        fnmatch.fnmatch(inside.rpartition("/")[2], pattern)
        for pattern in data.get(inside.rpartition("/")[0].replace("/", "."), []))]
    assert unmatched == []


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built from a copy of the project (a build in place would write into build/)."""
    source, out = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("dist")
    for name in SOURCES:
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy2
        copy(ROOT / name, source / name, **({"ignore": shutil.ignore_patterns("__pycache__")}
                                             if (ROOT / name).is_dir() else {}))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-v", "--no-deps",
                            "--no-build-isolation", "--no-index", "-w", str(out), str(source)],
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    assert "Deprecat" not in built.stdout + built.stderr  # e.g. the old license = { text = … }
    return next(out.glob("*.whl"))


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh venv with only the wheel installed, borrowing this venv's dependencies."""
    root = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root)], check=True)
    python = root / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    # A plain path line: the dependencies become importable, the editable kg of this venv does not
    # (its finder is started by a .pth file, and .pth files are read only in site directories).
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    Path(site, "borrowed-dependencies.pth").write_text("\n".join(sorted(deps)) + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                    "--no-deps", "--no-index", str(wheel)], check=True)
    return root


def test_the_wheel_holds_every_file_that_ships(wheel):
    with zipfile.ZipFile(wheel) as archive:
        inside = {name for name in archive.namelist() if ".dist-info/" not in name}
        metadata = archive.read(next(n for n in archive.namelist() if n.endswith("/METADATA")))
    assert (sorted(set(shipped_files()) - inside), sorted(inside - set(shipped_files()))) == ([], [])
    assert b"\nLicense-Expression: MIT\n" in metadata


def test_an_installed_wheel_builds_the_seeds_from_any_folder(venv, built, tmp_path):
    seeds = shutil.copytree(SEEDS, tmp_path / "my-seeds")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    where = subprocess.run([str(venv / "bin" / "python"), "-c", "import kg, web; print(kg.__file__, "
                            "web.__file__)"], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert all(Path(f).is_relative_to(venv) for f in where.stdout.split()), where.stdout + where.stderr
    done = subprocess.run(
        ["sh", "-c", f'umask 022 && exec "{venv}/bin/kg" build --seeds "{seeds}" --out out'],
        cwd=elsewhere, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    output = elsewhere / "out" / "kg.trig"
    assert output.read_bytes() == built.path.read_bytes()  # the same dataset as from the checkout
    assert oct(output.stat().st_mode & 0o777) == "0o644"
