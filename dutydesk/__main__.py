"""`python -m dutydesk` works where the scripts folder is not on PATH."""

from dutydesk.cli import main

main()
