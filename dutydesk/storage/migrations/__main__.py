"""`python -m dutydesk.storage.migrations "what changed"`: write the next revision from the
difference between tables.py and the migrations (then check it by hand)."""

import sys

from dutydesk.storage.migrate import new_revision

new_revision(" ".join(sys.argv[1:]) or "schema change")
