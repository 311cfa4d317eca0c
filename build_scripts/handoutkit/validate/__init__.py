"""Validate: a handout's positioned tree in, the typed, frozen ``model.Handout`` out.

``handout`` reads the top level and the sections, ``blocks`` the text values and each block
kind, ``csl`` and ``csl_values`` the references (CSL-JSON as Zotero and pandoc write it). Every
problem is collected with its line and column, so one run reports them all.

May import: the foundation modules, load, language and style.
"""
