"""`python -m reportgen` is the `reportgen` command."""

import sys

from .cli import main

sys.exit(main())
