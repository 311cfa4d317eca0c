"""Languages: what a handout prints in its own language besides its text.

In: a language tag (``es``, ``vi``). Out: ``words.Words``, the fixed words a handout prints
(headings such as "References", "Page N of M", the reviewed line), which ``catalog`` reads from
the built-in catalogs in ``catalogs/`` and a project's own ``catalogs/``; and ``dates``, dates
written the language's way from CLDR (Babel), remembered on disk between runs.

May import: the foundation modules and load.
"""
