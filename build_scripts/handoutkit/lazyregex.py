"""Import a module without compiling the regular expressions it compiles at import but a build never uses.

Python compiles a pattern with ``re.IGNORECASE`` over a wide range of characters by case-folding
every character in the range, and three modules we import do that at import time for patterns a
build does not touch:

- ReportLab's ``platypus.paragraph`` compiles a URL pattern (after Django's validator) that only
  hyphenation and ``uriWasteReduce`` use, neither of which we turn on: about 40 ms, a seventh of a
  one-handout build;
- ReportLab's ``lib.textsplit`` compiles one that only its ``cjkwrap`` uses: about 5 ms;
- PyYAML's pure-Python reader compiles its non-printable characters: about 6 ms, though the C
  loader (which we use when it is there) never calls it.

Inside ``deferred_compiles({module: beginnings})``, ``re.compile`` called by the top-level code (or
a class body) of ``module`` for a pattern that begins with one of ``beginnings`` returns a
``DeferredPattern``, which compiles the pattern the first time one of its attributes is used:
``pattern.match(text)`` behaves as before, and costs nothing until it runs. Bazaar did the same for
its own start-up (``bzrlib.lazy_regex``). Every other call compiles at once, as always: other
patterns of those modules, their functions, other modules, other threads' imports. A pattern the
module changes in a later version is simply no longer deferred.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

_compile = re.compile
_OPTIMIZED = 0x1  # inspect.CO_OPTIMIZED: set for a function's code, unset for a module's or a class body's
_lock = threading.Lock()
_active: list[Mapping[str, tuple[str, ...]]] = []  # what each block running just now defers


class DeferredPattern:
    """A compiled pattern that is compiled when first used; any public attribute compiles it.

    It copies, deep-copies and pickles as the compiled pattern would; it is not an ``re.Pattern``,
    so it cannot be given to ``re.match`` and the like in place of one (the modules whose patterns
    are deferred only call their methods).
    """

    __slots__ = ("_arguments", "_compiled")

    def __init__(self, pattern: str, flags: int) -> None:
        self._arguments = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> bool:
        return self._compiled is not None

    def _pattern(self) -> re.Pattern[str]:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = _compile(*self._arguments)
        return compiled

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # its own slots before they are set, and special methods
            raise AttributeError(name)
        return getattr(self._pattern(), name)

    def __reduce__(self) -> tuple[Any, tuple[str, int]]:
        return re.compile, self._arguments

    def __copy__(self) -> re.Pattern[str]:
        return self._pattern()

    def __deepcopy__(self, memo: dict[int, Any]) -> re.Pattern[str]:
        return self._pattern()

    def __repr__(self) -> str:
        pattern, flags = self._arguments
        return f"DeferredPattern({pattern!r}, {flags!r})"


def _compile_or_defer(pattern: Any, flags: int | re.RegexFlag = 0) -> Any:
    """``re.compile``, deferred for the patterns a running block names, from their module's top level."""
    if _active and isinstance(pattern, str):
        caller = sys._getframe(1)
        if not caller.f_code.co_flags & _OPTIMIZED:
            module = str(caller.f_globals.get("__name__"))
            if any(pattern.startswith(spec.get(module, ())) for spec in tuple(_active)):
                return DeferredPattern(pattern, int(flags))
    return _compile(pattern, flags)


@contextmanager
def deferred_compiles(patterns: Mapping[str, tuple[str, ...]]) -> Iterator[None]:
    """Within the block, defer the patterns, by module and by how they begin, that are compiled at import.

    Blocks may run at once in several threads: ``re.compile`` is replaced when the first starts and
    put back when the last ends (unless someone else replaced it meanwhile). A reference to it taken
    inside a block compiles normally after.
    """
    spec = dict(patterns)
    with _lock:
        if not _active:
            re.compile = _compile_or_defer
        _active.append(spec)
    try:
        yield
    finally:
        with _lock:
            _active.remove(spec)
            if not _active and re.compile is _compile_or_defer:
                re.compile = _compile
