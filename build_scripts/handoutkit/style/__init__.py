"""Styles: style sheets and the fonts and images they name.

In: a style name or file (``styles/*.yaml``, with ``extends:``). Out: a frozen, fully resolved
``sheet.Stylesheet`` (page, fonts, sizes in points, colours, page furniture, check targets),
or diagnostics at their place. ``files`` finds and reads style files, ``values`` and ``fonts``
read their values, ``geometry`` checks that the page leaves room for text, ``fontfiles`` finds
font files (the built-in families come from pip packages) and ``images`` judges an image
before anything decodes it.

May import: the foundation modules, load and language.
"""
