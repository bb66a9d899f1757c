"""`python -m dutydesk` works where the scripts folder is not on PATH."""

from dutydesk.start import main

main()
