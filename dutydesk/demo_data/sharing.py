"""The demo's words for information sharing and for a decision that differs from the
referrer's view (all fictional, like the rest of demo_data)."""

from __future__ import annotations

WITHOUT_CONSENT = (
    "Asking first could put the child at risk of significant harm; shared under the "
    "partnership's information sharing agreement"
)
DIFFERENT = (
    "The team sees needs the referrer could not: what the agencies know together changes "
    "the picture, so the support offered is not the one the referrer asked for"
)
WHAT: dict[str, str] = {
    "health": "health visiting and GP contacts for the child and parents",
    "police": "police call-outs to the address in the last two years",
    "education": "attendance, exclusions and the school's safeguarding notes",
    "probation": "whether an adult in the household is known to probation",
    "social_work": "earlier social care involvement with the family",
    "early_help": "early help work with the family and how it ended",
    "mash": "what the referrer said on the call",
}
