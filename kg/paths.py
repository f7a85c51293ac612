"""Where kg finds `ontology/` (the OWL ontology, SHACL shapes and competency queries).

In a source checkout or an editable install it is the repository's `ontology/`, next to the
package; a wheel (`pip install .`) carries a copy inside the package as `kg/_ontology`, made by
setup.py at build time, because package data cannot live outside the package directory.
"""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def ontology_dir() -> Path:
    """The packed copy if this kg was installed from a wheel, else the repository's ontology/."""
    packed = _PACKAGE / "_ontology"
    if (packed / "zhengwu.ttl").is_file():
        return packed
    return _PACKAGE.parent / "ontology"
