"""What the referral screen shows about a contact beyond the call: earlier contacts about
the same child, and an advice call's advice (kept in the widget-free parts here)."""

from __future__ import annotations

from datetime import date

from textual.content import Content

from dutydesk.domain import vocab
from dutydesk.domain.clock import when
from dutydesk.domain.matching import LIKELY, EarlierContact
from dutydesk.domain.records import ReferralDetail
from dutydesk.widgets.literal import block


def contact_lines(detail: ReferralDetail) -> list[tuple[str, str] | str]:
    """The kind of contact, where it came from and the advice given, for the call block."""
    call = detail.call
    parts: list[tuple[str, str] | str] = []
    if call.is_advice:
        parts += [(" ADVICE CALL ", "reverse bold"), "  no referral: advice given"]
        parts += ["  (R makes it a referral)", "\n"]
    if detail.repeat_of:
        parts += [("» Repeat contact: ", "bold"), "this child had contact in the 12 months "]
        parts += [f"before ({', '.join(detail.repeat_of)})", "\n"]
    if detail.source != vocab.PHONE:
        parts += [("Came in through: ", "bold"), detail.source, "\n"]
    if call.advice:
        parts += [("Advice given: ", "bold"), call.advice, "\n"]
    if call.earlier_ref:
        parts += [("Earlier ref quoted: ", "bold"), call.earlier_ref, "\n"]
    return parts


def earlier_block(found: list[EarlierContact], today: date, lists: vocab.Lists) -> Content:
    parts: list[tuple[str, str] | str] = [
        (f"Earlier contacts about this child ({len(found)})", "bold underline"),
        "\n",
    ]
    if not found:
        parts.append("None found (same name and date of birth, or a quoted ref).\n")
        return block(*parts)
    for item in found:
        mark = "LIKELY" if item.strength == LIKELY else "possible"
        parts += [(f"[{mark}] ", "bold"), (item.ref, "bold"), f"  {when(item.received_at, today)}"]
        parts += [f"  {item.child}  ({item.why})"]
        if item.confirmed_at is not None:
            parts += [("  ✓ confirmed", "bold"), f" by {item.confirmed_by}"]
            parts += [f" {when(item.confirmed_at, today)}"]
        else:
            parts += ["  not confirmed: M confirms"]
        parts.append("\n")
        if item.kind == vocab.ADVICE and not item.outcome:
            parts += ["  Advice given: ", item.advice, "\n"]
        elif item.outcome:
            parts += ["  Decision: ", item.outcome, f" ({when(item.decided_at, today)})", "\n"]
        else:
            parts.append("  Not decided\n")
        for action in item.open_actions:
            owner = vocab.label(lists.action_owners, action.owner_agency)
            due = f", due {when(action.due_at, today)}" if action.due_at else ""
            parts += ["  Open action: ", action.what, f" ({owner}{due})", "\n"]
    return block(*parts)


def confirm_question(item: EarlierContact) -> str:
    return (
        f"Is {item.ref} ({item.child}, {when(item.received_at)}; {item.strength}: "
        f"{item.why}) about the same child? Both records stay as they are."
    )
