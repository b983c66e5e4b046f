"""`python -m gigs_devices_mock`: the `gigs-devices-mock` command."""

import sys

from .cli import main

sys.exit(main())
