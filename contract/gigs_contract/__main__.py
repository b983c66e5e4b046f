"""`python -m gigs_contract`: the `gigs-contract` command (gigs_contract/cli.py)."""

import sys

from .cli import main

sys.exit(main())
