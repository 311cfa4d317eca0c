"""The command line: arguments in, the work done and an exit status out.

``console`` is the ``handoutkit`` command itself (the process set up for a short run);
``main`` parses the arguments and runs build, check, catalog and the other commands;
``starter`` writes the starter handout of ``new``, and ``watch`` rebuilds on every save.

May import: everything.
"""
