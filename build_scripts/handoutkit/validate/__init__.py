"""Validate: a handout's positioned tree in, the typed, frozen ``model.Handout`` out.

``shapes`` says every mapping's keys and what each value is; ``handout`` reads the top level and
the sections, ``blocks`` the text values and each block kind, ``csl`` and ``csl_values`` the
references (CSL-JSON as Zotero and pandoc write it). Every problem is collected with its line and
column, so one run reports them all. ``editorschema`` turns the shapes into the JSON Schemas that
editors read (``schemas/``).

May import: the foundation modules, load, language and style.
"""
