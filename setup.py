"""Packs ontology/ into wheels as kg/_ontology (see kg/paths.py); everything else is in pyproject.toml.

ontology/ stays at the repository root (the layout users and other tools expect), but package
data must live inside the package, so the build copies it there. Editable installs and checkouts
read the repository's ontology/ directly.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithOntology(build_py):
    def run(self) -> None:
        super().run()
        src = Path(__file__).resolve().parent / "ontology"
        if src.is_dir() and not self.editable_mode:
            shutil.copytree(src, Path(self.build_lib) / "kg" / "_ontology", dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildPyWithOntology})
