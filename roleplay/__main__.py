"""`python -m roleplay` is the same as the `roleplay` command."""

import sys

from roleplay.cli import main

sys.exit(main())
