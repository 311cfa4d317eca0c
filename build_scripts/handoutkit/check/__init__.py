"""Checks: a handout's source tree and model in, findings with their place out.

``handout`` measures plain language (``prose`` finds the sentences, ``readability`` and
``syllables`` the reading level, ``glossary`` the words to explain) and the style's legibility
(``legibility``: type size, contrast, line length); ``coverage`` checks that the fonts have
every printed character; ``report`` prints the results as a table or JSON.

May import: the foundation modules, load, language, style, validate, copies and transforms.
"""
