"""Versions of the installed distributions, without importing them or ``importlib.metadata``."""

from __future__ import annotations

import os
import re
import sys
from functools import cache

_FOLDER = re.compile(r"([^-]+)-([^-]+)(?:\.dist-info|(?:-py\d+(?:\.\d+)*)?\.egg-info)")


@cache
def installed_versions() -> dict[str, str]:
    """Installed distributions' versions, read off their ``NAME-VERSION.dist-info`` folder names
    (or ``NAME-VERSION[-pyX.Y].egg-info``, as distributions' own packages install them).

    Those formats fix the names (the name normalised with underscores, no dash in it), so listing
    the import path is enough; ``importlib.metadata`` would cost ~30 ms a process to import and
    parse every METADATA file. The first entry on the path wins, as for imports.
    """
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            parts = _FOLDER.fullmatch(name)
            if parts is not None:
                found.setdefault(re.sub(r"[-_.]+", "_", parts.group(1)).lower(), parts.group(2))
    return found
