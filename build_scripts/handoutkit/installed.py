"""Versions of the installed distributions, without importing them or ``importlib.metadata``."""

from __future__ import annotations

import os
import re
import sys
from functools import cache


@cache
def installed_versions() -> dict[str, str]:
    """Installed distributions' versions, read off their ``NAME-VERSION.dist-info`` folder names.

    The wheel format fixes those names (the name normalised with underscores, no dash in either
    part), so listing the import path is enough; ``importlib.metadata`` would cost ~30 ms a process
    to import and parse every METADATA file. The first entry on the path wins, as for imports.
    """
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            stem = name.removesuffix(".dist-info")
            if stem != name and stem.count("-") == 1:
                project, version = stem.split("-")
                found.setdefault(re.sub(r"[-_.]+", "_", project).lower(), version)
    return found
