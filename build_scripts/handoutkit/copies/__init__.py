"""Personal copies: the values that fill a handout's ``{fields}``, one copy per patient.

In: ``--set NAME=VALUE`` options, or a fields file (CSV or YAML, ``fieldfiles``) read with each
cell's place. Out: ``fields.Copy`` records, checked against the fields the handout uses, each
error placed in the file it came from. Filling the fields is a transform
(``transforms.apply.fill_fields``).

May import: the foundation modules, load, language, style and validate.
"""
