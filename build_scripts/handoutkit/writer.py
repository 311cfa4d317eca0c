"""Write output files atomically: a complete new file, or the old one left untouched.

A file is first written whole to a hidden temporary file beside its target, ``.NAME.XXXXXXXX.part``,
and then renamed over the target. A library build splits the two steps: worker processes write the
temporary files, and only the process that holds the output folder's lock renames them into place
(see ``outfolder``), so a worker left running by a killed build can never replace a file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

PART_SUFFIX = ".part"  # what every temporary file's name ends with; a later run removes leftovers


def write_temporary(path: Path, data: bytes, *, durable: bool = True) -> Path:
    """Write ``data`` to a new hidden temporary file beside ``path`` and return its name.

    With ``durable`` the bytes are flushed to disk first, so a power cut never leaves a renamed
    file half written; our own bookkeeping files, which are checked when read, skip that.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=PART_SUFFIX)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def publish(temporary: Path, path: Path) -> None:
    """Rename a finished temporary file over ``path``; the temporary file is gone either way."""
    try:
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``."""
    publish(write_temporary(path, data, durable=durable), path)
