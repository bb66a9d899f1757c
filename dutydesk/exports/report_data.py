"""What `dutydesk report` shows (`report.read_report` reads it once): the range's
recorded days, its test days, the measures day by day, what referrers and agencies said,
the needs and organisations. The page (`report_page.py`) and the workbook
(`report_book.py`) are both made from it."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime

from dutydesk.domain.measures import Measures
from dutydesk.domain.pathways import NeedRow, OrganisationRow
from dutydesk.domain.reviews import ReviewCounts
from dutydesk.domain.series import Series
from dutydesk.domain.vocab import Lists
from dutydesk.domain.voices import Voices

NO_REVIEWS = ReviewCounts(0, 0, ())


@dataclass(frozen=True)
class Report:
    first: date
    last: date
    now: datetime
    days: tuple[date, ...]  # the recorded days in the range
    tests: frozenset[date]
    imported: tuple[date, ...]  # baseline days from the case system (in the range)
    series: tuple[Series, ...]
    measures: Measures
    said: Voices
    needs: tuple[NeedRow, ...]
    organisations: tuple[OrganisationRow, ...]
    lists: Lists  # what the codes are called
    identifiable: bool = False
    title: str = "Front door test"
    # The team's retrospectives in the range (`trials.retrospective_rows`), pseudonymised
    # unless identifiable.
    retrospectives: tuple[dict[str, str], ...] = ()
    reviews: ReviewCounts = NO_REVIEWS  # reviewers' scores of action plans

    @property
    def baseline(self) -> list[date]:
        """The recorded days that are not test days."""
        return [d for d in self.days if d not in self.tests]

    @property
    def every_day(self) -> list[date]:
        """Each chart's days: recorded and imported, in order."""
        return sorted((*self.days, *self.imported))

    @property
    def stem(self) -> str:
        return f"dutydesk-report-{self.first.isoformat()}-to-{self.last.isoformat()}"


def median(values: list[float | None]) -> float | None:
    """The median of the days that have a value; None if none has."""
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None
