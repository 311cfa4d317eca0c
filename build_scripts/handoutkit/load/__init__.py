"""Load: the first stage. A YAML file in, a positioned tree out.

In: the path of a handout, style sheet, word catalog, glossary or fields file. Out: a
``tree.Node`` (mapping, sequence or scalar) in which every key and value knows its line and
column, or diagnostics that say where the file is broken and how to mend it (``advice``).
``reads`` holds the typed reads of such a tree (a mapping, a text, a choice, a date, the allowed
and required keys) that every later reader uses, so each error names what was expected, what
was found and the fix. ``yamlfile`` is the only module in the package that imports PyYAML.

May import: the foundation modules (diagnostics, lazyregex).
"""
