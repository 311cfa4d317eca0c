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

Inside ``deferred_compiles(modules)``, ``re.compile`` called by the top-level code (or a class body)
of one of ``modules`` returns a ``DeferredPattern``, which compiles the pattern the first time any
of its attributes is used: ``pattern.match(text)`` behaves as before, and costs nothing until it
runs. Bazaar did the same for its own start-up (``bzrlib.lazy_regex``). Calls from any other module
compile at once, as always, and after the block ``re.compile`` is the standard one again.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_compile = re.compile
_OPTIMIZED = 0x1  # inspect.CO_OPTIMIZED: set for a function's code, unset for a module's or a class body's
_deferring: frozenset[str] = frozenset()  # modules whose compiles are deferred just now


class DeferredPattern:
    """A compiled pattern that is compiled when first used; any attribute compiles it."""

    __slots__ = ("_arguments", "_compiled")

    def __init__(self, pattern: str | bytes, flags: int) -> None:
        self._arguments = (pattern, flags)
        self._compiled: re.Pattern[Any] | None = None

    @property
    def compiled(self) -> bool:
        return self._compiled is not None

    def __getattr__(self, name: str) -> Any:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = _compile(*self._arguments)
        return getattr(compiled, name)

    def __repr__(self) -> str:
        pattern, flags = self._arguments
        return f"DeferredPattern({pattern!r}, {flags!r})"


def _compile_or_defer(pattern: Any, flags: int | re.RegexFlag = 0) -> Any:
    """``re.compile``, deferred when the caller is the top-level code of a module being imported."""
    if _deferring and isinstance(pattern, (str, bytes)):
        caller = sys._getframe(1)
        if caller.f_globals.get("__name__") in _deferring and not caller.f_code.co_flags & _OPTIMIZED:
            return DeferredPattern(pattern, int(flags))
    return _compile(pattern, flags)


@contextmanager
def deferred_compiles(*modules: str) -> Iterator[None]:
    """Within the block, defer the patterns ``modules`` compile at import (see the module's notes).

    Only code running directly in those modules is affected, not their functions (which may need
    a real pattern at once); after the block every call compiles normally, even through a
    reference to ``re.compile`` taken inside it.
    """
    global _deferring
    before, previous = _deferring, re.compile
    _deferring = before | frozenset(modules)
    re.compile = _compile_or_defer
    try:
        yield
    finally:
        _deferring, re.compile = before, previous
