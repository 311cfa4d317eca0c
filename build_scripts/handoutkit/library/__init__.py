"""Library builds: many handouts, styles and copies in, an output folder of PDFs out.

``builder`` plans a build (which copies each handout gets, by ``copyplan``: templates skipped,
fields files fitted; which handouts changed, by the fingerprints in ``manifest``; a style per
handout from ``stylechoice``) and runs the jobs in ``workers``; ``outfolder`` and
``outputs`` lock the folder, check planned names and move each finished file into place;
``stopping`` turns signals into a clean stop; ``report`` and ``progress`` print what happened;
``preview`` draws page 1 as PNG and ``catalog`` writes the HTML catalog page.

May import: everything before it (the foundation modules, every stage package and build).
"""
