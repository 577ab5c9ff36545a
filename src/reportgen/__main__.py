"""`python -m reportgen` is the `reportgen` command."""

from .cli import run

run()
