"""Run the command line as ``python -m handoutkit``."""

from .cli.console import main

main()
