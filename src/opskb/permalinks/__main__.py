"""``python -m opskb.permalinks``: see :mod:`opskb.permalinks.cli`."""

import sys

from opskb.permalinks.cli import main

sys.exit(main())
