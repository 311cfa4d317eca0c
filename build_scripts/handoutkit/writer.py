"""Write output files atomically: a complete new file, or the old one left untouched.

A file is first written whole to a hidden temporary file beside its target, ``.NAME.XXXXXXXX.part``,
and then renamed over the target. A library build splits the two steps: worker processes write the
temporary files, and only the process that holds the output folder's lock renames them into place
(see ``outfolder``), so a worker left running by a killed build can never replace a file.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Annotated

from msgspec import Meta, Struct

PART_SUFFIX = ".part"  # what every temporary file's name ends with; a later run removes leftovers
MAX_OUTPUT_BYTES = 1 << 32  # no PDF or preview of ours comes near 4 GB
SHA256 = "^[0-9a-f]{64}$"  # a SHA-256 as its hex digest


class Stamp(Struct, frozen=True, forbid_unknown_fields=True):
    """What a file held when this tool wrote it: the SHA-256 of its bytes, and how many there were."""

    sha256: Annotated[str, Meta(pattern=SHA256)]
    size: Annotated[int, Meta(ge=0, le=MAX_OUTPUT_BYTES)]

    @classmethod
    def of(cls, data: bytes) -> Stamp:
        return cls(hashlib.sha256(data).hexdigest(), len(data))

    def matches(self, path: Path) -> bool:
        """Whether ``path`` holds exactly these bytes now (whoever wrote it since)."""
        try:
            if path.stat().st_size != self.size:
                return False
            with path.open("rb") as stream:
                return Stamp.of(stream.read(self.size + 1)) == self
        except (OSError, ValueError):
            return False


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
