"""Reviewing action plans (`dutydesk review`): the decided referrals of a range, one by
one, each plan scored against the partnership's rubric (lists.toml `plan_rubric`): yes,
partly or no, and a comment, per question. Keyboard only; each save is one attributed
record, once (the form's token)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, Select, Static

from dutydesk.domain import vocab
from dutydesk.domain.clock import day_label, when
from dutydesk.domain.records import ReferralDetail
from dutydesk.domain.reviews import SCORES, PlanReview, to_review
from dutydesk.widgets.base import duty
from dutydesk.widgets.form import FormScreen, pair
from dutydesk.widgets.literal import block
from dutydesk.widgets.work import load


class PlanReviewsScreen(Screen[None]):
    """The walk: how many plans are waiting, then each in turn (Enter carries on)."""

    PALETTE_NAME = "plan reviews"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "next", "Review next", id="reviews-next", tooltip="the next plan"),
        Binding("escape", "leave", "Leave", id="reviews-leave", tooltip="stop reviewing"),
    ]

    def __init__(self, first: date, last: date, sample: int | None = None) -> None:
        super().__init__()
        self.first, self.last, self.sample = first, last, sample
        self.waiting: list[ReferralDetail] | None = None  # read in a thread
        self.reviewed = 0

    def compose(self) -> ComposeResult:
        yield Static(
            Content.styled(
                f"Action plans decided {day_label(self.first)} to {day_label(self.last)}",
                "bold",
            )
        )
        yield Static(Content("Reading the plans…"), id="reviews-status")
        yield Footer()

    def on_mount(self) -> None:
        store = duty(self).store

        def read() -> list[ReferralDetail]:
            details = store.period_records(self.first, self.last).referrals
            done = {r.referral_id for r in store.plan_reviews(self.first, self.last)}
            return to_review(details, done, self.first, self.last, self.sample)

        def failed(error: Exception) -> None:
            self.query_one("#reviews-status", Static).update(Content(str(error)))

        def show(waiting: list[ReferralDetail]) -> None:
            self.waiting = waiting
            self.show_status()
            self.action_next()

        load(self, read, show, failed=failed)

    def show_status(self) -> None:
        left = len(self.waiting or [])
        sample = f" (a sample of {self.sample})" if self.sample else ""
        text = (
            f"{self.reviewed} reviewed now; {left} plan(s) still to review{sample}. "
            "Enter: review the next. Escape: stop (the rest wait for the next time)."
            if left
            else f"{self.reviewed} reviewed now; no plan left to review{sample}. Escape: leave."
        )
        self.query_one("#reviews-status", Static).update(Content(text))

    def action_next(self) -> None:
        if not self.waiting:
            return
        detail = self.waiting[0]
        total = len(self.waiting) + self.reviewed

        def done(result: PlanReview | None) -> None:
            assert self.waiting is not None
            if result is not None:
                self.reviewed += 1
            if result is not None or form.skipped:
                self.waiting.remove(detail)
                if form.skipped:
                    self.waiting.append(detail)  # to the end: it comes round again
                self.show_status()
                self.action_next()
            else:
                self.show_status()

        form = PlanReviewFormScreen(detail, self.reviewed + 1, total)
        self.app.push_screen(form, done)

    def action_leave(self) -> None:
        if len(self.app.screen_stack) <= 2:  # opened by `dutydesk review`: its only screen
            self.app.exit()
        else:
            self.dismiss(None)


class PlanReviewFormScreen(FormScreen[PlanReview]):
    PALETTE_NAME = "plan review"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "skip", "Skip", id="review-skip", tooltip="review this plan later"),
    ]
    HELP = (
        "Score the plan against each question: yes, partly or no (Enter opens the list), "
        "and say why in the comment. Ctrl+S saves and opens the next plan; Ctrl+N skips "
        "this one for now; Escape stops the walk."
    )
    skipped = False

    def __init__(self, detail: ReferralDetail, number: int, total: int) -> None:
        super().__init__()
        self.detail, self.number, self.total = detail, number, total
        self.rubric: tuple[vocab.Choice, ...] = ()  # the app's lists', at compose

    def compose(self) -> ComposeResult:
        lists = duty(self).lists
        self.rubric = lists.plan_rubric
        d = self.detail
        decision = d.decision
        assert decision is not None
        needs = ", ".join(vocab.label(lists.needs, n) for n in d.call.needs) or "none ticked"
        plan = [
            f"\n  • {a.what} — {a.owner_shown(lists)}"
            + (f" ({a.owner_name})" if a.owner_name else "")
            + (f", by {when(a.due_at)}" if a.due_at else ", no date")
            + (f"; need: {vocab.label(lists.needs, a.need)}" if a.need else "; no need linked")
            for a in d.actions
        ]
        with Vertical(id="dialog", classes="form"):
            yield Static(
                Content.styled(f"Action plan {self.number} of {self.total}: {d.ref}", "bold"),
                classes="heading",
            )
            with VerticalScroll():
                yield Static(
                    block(
                        ("Decided: ", "bold"),
                        f"{decision.outcome_label} ({day_label(d.session_day)})\n",
                        ("Needs: ", "bold"),
                        f"{needs}\n",
                        ("Reasons: ", "bold"),
                        decision.reasons,
                        ("\nThe plan:", "bold"),
                        "".join(plan) or " no action recorded",
                    )
                )
                for q in self.rubric:
                    yield pair(
                        q.label,
                        Select(
                            [(s, s) for s in SCORES],
                            prompt="choose",
                            id=f"score-{q.code}",
                            compact=True,
                            tooltip=q.hint or None,
                        ),
                    )
                    yield Input(placeholder="why", id=f"why-{q.code}", compact=True)
            yield Static("", id="form-error")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        if self.rubric:
            self.query_one(f"#score-{self.rubric[0].code}", Select).focus()

    def action_skip(self) -> None:
        self.skipped = True
        self.close_with(None)

    def submit(self) -> Callable[[], PlanReview]:
        from dutydesk.domain.text import FieldError

        scores = []
        for q in self.rubric:
            score = self.query_one(f"#score-{q.code}", Select).value
            if score not in SCORES:
                raise FieldError(f"{q.label}: choose yes, partly or no")
            why = self.query_one(f"#why-{q.code}", Input).value
            scores.append((q.code, q.label, str(score), why))
        app = duty(self)
        return partial(
            app.store.add_plan_review, self.detail.referral_id, scores, app.actor, token=self.token
        )
