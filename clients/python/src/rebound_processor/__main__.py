"""``python -m rebound_processor`` — see :mod:`rebound_processor._cli`."""

import sys

from ._cli import main

sys.exit(main())
