"""``python -m opskb.execute``: see :mod:`opskb.execute.runner`."""

import sys

from opskb.execute.runner import main

sys.exit(main())
