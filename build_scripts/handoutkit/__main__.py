"""Run the command line as ``python -m handoutkit``."""

from .cli import main_exit

main_exit()
