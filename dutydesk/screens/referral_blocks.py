"""What the referral screen shows of a referral, as blocks of text: the call, the
agencies' views, the decision and what the referrer was told."""

from __future__ import annotations

from datetime import date, datetime

from textual.content import Content

from dutydesk.domain import vocab
from dutydesk.domain.clock import duration, when
from dutydesk.domain.period import Feedback
from dutydesk.domain.records import CALL_FIELDS, ReferralDetail
from dutydesk.domain.vocab import Lists
from dutydesk.screens.earlier import contact_lines
from dutydesk.widgets.literal import block


def call_block(detail: ReferralDetail, today: date, now: datetime, lists: Lists) -> Content:
    call = detail.call
    urgency = call.urgency_shown(lists)
    waiting = detail.decision is None and not call.is_advice
    waited = duration(now - detail.received_at) if waiting else ""
    parts: list[tuple[str, str] | str] = [
        (f"{detail.ref}  ", "bold"),
        (f" {urgency} ", "reverse bold"),
        f"  received {when(detail.received_at, detail.session_day)}",
        f" on {detail.session_day:%a %d %b}" if detail.session_day != today else "",
        f"  waiting {waited}" if waited else "",
        f"  · {detail.status}",
        f"  · call v{detail.call_version}" if detail.call_version > 1 else "",
        "\n",
        *contact_lines(detail),
    ]
    for index, child in enumerate(call.children, start=1):
        dob = f", born {child.dob:%d/%m/%Y}" if child.dob else ""
        parts += [
            (f"Child {index}: ", "bold"),
            f"{child.name} ({child.age_on(detail.received_day)}{dob})",
        ]
        parts += [f", {child.school}" if child.school else "", "\n"]
    referrer = ", ".join(
        x for x in (call.referrer_name, call.referrer_role, call.referrer_org) if x
    )
    parts += [("Referrer: ", "bold"), referrer or "-"]
    parts += [f" ({call.referrer_relationship})" if call.referrer_relationship else ""]
    parts += [f"  {call.referrer_contact}" if call.referrer_contact else "", "\n"]
    for chosen in CALL_FIELDS:
        if chosen.label:  # each chosen field of the call (records.CALL_FIELDS)
            shown = vocab.label(lists.of(chosen.choices), chosen.of(call)) or "not recorded"
            parts += [(f"{chosen.label}: ", "bold"), shown, "\n"]
    for label, text in (
        ("Saw: ", call.worry_seen),
        ("Was told: ", call.worry_told),
        ("Referrer thinks the child needs: ", call.referrer_view),
    ):
        if text:
            parts += [(label, "bold"), text, "\n"]
    needs = ", ".join(call.needs_shown(lists)) or "none chosen yet"
    parts += [("Needs: ", "bold"), needs, "\n"]
    parts += [("Family knows: ", "bold"), vocab.label(vocab.KNOWS, call.family_knows)]
    parts += [("   Consents: ", "bold"), vocab.label(vocab.KNOWS, call.consent)]
    return block(*parts)


def views_block(detail: ReferralDetail, today: date, lists: Lists) -> Content:
    parts: list[tuple[str, str] | str] = [
        (f"Agency views ({len(detail.views)})", "bold underline"),
        "\n",
    ]
    if not detail.views:
        parts.append("None yet: press V (or 1-7) to add what your agency knows.\n")
    for view in detail.views:
        who = ", ".join(x for x in (view.author_name, view.author_role) if x)
        parts += [(view.agency_shown(lists), "bold"), f"  {who}" if who else ""]
        parts += [f"  {when(view.created_at, today)}", "\n"]
        if view.knows:
            parts += ["  Knows: ", view.knows, "\n"]
        if view.needed:
            parts += ["  Thinks is needed: ", view.needed, "\n"]
        parts += ["  Information sharing: ", view.sharing]
        shared = [f"shared {view.shared_what}" if view.shared_what else ""]
        shared += [f"with {view.shared_with}" if view.shared_with else ""]
        parts += ["; " + " ".join(x for x in shared if x) if any(shared) else "", "\n"]
    return block(*parts)


def decision_block(
    detail: ReferralDetail, today: date, told: list[Feedback], lists: Lists
) -> Content:
    parts: list[tuple[str, str] | str] = [("Decision", "bold underline"), "\n"]
    decision = detail.decision
    if decision is None:
        parts.append("Not decided yet: press D when the team has agreed.\n")
        return block(*parts)
    agreed = ", ".join(vocab.label(lists.agencies, a) for a in decision.agreed_by) or "-"
    parts += [
        (decision.outcome_label, "bold reverse"),
        f"  agreed {when(decision.created_at, today)}",
    ]
    parts += [
        f" by {agreed}; recorded by {decision.recorded_by}",
        "\n",
        ("Reasons: ", "bold"),
        decision.reasons,
        "\n",
        ("Referrer's view: ", "bold"),
        decision.response_shown,
        "\n",
    ]
    took = duration(decision.created_at - detail.received_at)
    parts += [f"Call to decision: {took}", "\n"]
    if detail.passed_at is not None:
        parts += [
            ("Passed to the Assessment Team at ", "bold"),
            when(detail.passed_at, today),
            "\n",
        ]
    for earlier in reversed(detail.decisions[:-1]):
        parts += [("  earlier: ", "dim"), (f"v{earlier.version} {earlier.outcome_label}", "dim")]
        parts += [
            (f" ({when(earlier.created_at, today)}): ", "dim"),
            (earlier.reasons, "dim"),
            "\n",
        ]
    for amended in detail.decisions[1:]:
        parts += [(f"  v{amended.version} changed because: ", "italic"), amended.amend_reason, "\n"]
    for item in told:
        rating = f", satisfaction {item.satisfaction}/5" if item.satisfaction else ""
        by = item.told_by or item.recorded_by
        parts += [("Referrer told ", "bold"), f"{when(item.told_at, today)} by {item.how}"]
        parts += [f" ({by}){rating}", "\n"]
        if item.text:
            parts += ["  What they were told: ", item.text, "\n"]
        if item.comment:
            parts += ["  They said: ", item.comment, "\n"]
    if detail.decision is not None and not told:
        parts.append("Referrer not told yet: press F when they have been.\n")
    return block(*parts)
