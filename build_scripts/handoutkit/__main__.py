"""Run the command line as ``python -m handoutkit``."""

from .console import main

main()
