"""One step of the action plan: what, who owns it, by when, which need it meets, and the
service from the directory it links to (type to search by name or need, Down then Enter)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from dutydesk.domain.due import DueError, read_due
from dutydesk.domain.records import Action, ReferralDetail, Service
from dutydesk.services import matches
from dutydesk.storage.drafts import DraftFields, DraftValue
from dutydesk.widgets.base import duty
from dutydesk.widgets.form import FormScreen, pair
from dutydesk.widgets.work import load


class ActionFormScreen(FormScreen[Action]):
    PALETTE_NAME = "action"
    DRAFT_FORM = "action"
    ENTER_SAVES = True
    HELP = (
        "Due: 'today 16:00', 'tomorrow', 'fri 10am', '+2d' or '2026-12-01'; the line below "
        "says which day it is. A day that is not a working day (a weekend or a bank "
        "holiday) is said so: add nwd (e.g. 'tomorrow nwd') for the next working day, "
        "or keep it. A weekday typed on that day once its time has passed is next week's. "
        "Service: type a name or a need (e.g. carer, housing); Down moves into the matches "
        "and Enter picks one; Enter in the field picks the first match, and Enter in an "
        "empty field removes the link. The directory: dutydesk services import FILE."
    )

    def __init__(self, detail: ReferralDetail) -> None:
        super().__init__()
        self.detail = detail
        self.service: Service | None = None
        self.directory: list[Service] = []

    def compose(self) -> ComposeResult:
        call = self.detail.call
        # The call's needs as saved first (a need renamed since keeps its saved label).
        options = list(zip(call.needs_shown(duty(self).lists), call.needs, strict=True)) + [
            (c.label, c.code) for c in duty(self).lists.needs if c.code not in call.needs
        ]
        with Vertical(id="dialog", classes="form"):
            yield Static(Content.styled(f"Action for {self.detail.ref}", "bold"), classes="heading")
            with VerticalScroll():
                yield pair(
                    "What *",
                    Input(id="what", placeholder="e.g. Early help worker to visit", compact=True),
                )
                yield pair(
                    "Owner agency *",
                    Select(
                        [(c.label, c.code) for c in duty(self).lists.action_owners],
                        prompt="choose",
                        id="owner",
                        compact=True,
                    ),
                )
                yield pair(
                    "Owner's name",
                    Input(id="owner_name", placeholder="who will do it", compact=True),
                )
                yield pair(
                    "Due",
                    Input(
                        id="due",
                        placeholder="today 16:00 / tomorrow / fri / 2026-12-01",
                        compact=True,
                    ),
                )
                yield Static("", id="due-preview", classes="hint")
                yield pair(
                    "Need it meets",
                    Select(
                        options,
                        prompt="choose",
                        id="need",
                        compact=True,
                    ),
                )
                yield pair(
                    "Service",
                    Input(
                        id="service_search",
                        placeholder="type a name or a need, Down to choose",
                        compact=True,
                    ),
                )
                yield OptionList(id="services", classes="services", compact=True)
                yield Static(Content("No service linked"), id="service-chosen", classes="hint")
            yield Static("", id="form-error")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#what", Input).focus()
        store = duty(self).store
        load(self, store.services, self.use_directory, failed=lambda _error: self.use_directory([]))

    def use_directory(self, directory: list[Service]) -> None:
        """The services directory, read in a thread as the form opened."""
        self.directory = directory
        if not directory:
            search = self.query_one("#service_search", Input)
            search.placeholder = "the directory is empty (dutydesk services import)"
        self.show_matches(self.query_one("#service_search", Input).value)

    # -- the services directory ---------------------------------------------------------

    def matching(self, query: str) -> list[Service]:
        lists = duty(self).lists
        return [s for s in self.directory if matches(query, s.name, s.needs, lists)]

    def show_matches(self, query: str) -> None:
        found = self.matching(query)
        listing = self.query_one("#services", OptionList)
        listing.clear_options()
        listing.add_options(
            Option(Content(f"{s.name} · {s.needs_shown(duty(self).lists)}"), id=str(s.id))
            for s in found
        )
        listing.display = bool(found) and bool(query.strip())
        if found:
            listing.highlighted = 0

    @on(Input.Changed, "#service_search")
    def search(self, event: Input.Changed) -> None:
        self.show_matches(event.value)

    def on_key(self, event: events.Key) -> None:
        listing = self.query_one("#services", OptionList)
        search = self.query_one("#service_search", Input)
        if event.key == "down" and search.has_focus and listing.display:
            listing.focus()
            event.stop()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "service_search":
            # Enter here chooses a service; it does not save the form (prevent_default:
            # Textual would call FormScreen's handler, which saves, after this one).
            event.stop()
            event.prevent_default()
            listing = self.query_one("#services", OptionList)
            if not event.value.strip():
                self.link(None)
            elif listing.display and listing.highlighted is not None:
                self.pick(listing.get_option_at_index(listing.highlighted).id)
            else:
                self.notify("No service matches: try another word, or a need.")
            return
        super().on_input_submitted(event)  # saves once: it stops Textual calling it again

    @on(OptionList.OptionSelected, "#services")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.pick(event.option.id)

    def pick(self, service_id: str | None) -> None:
        service = next((s for s in self.directory if str(s.id) == service_id), None)
        self.link(service)
        search = self.query_one("#service_search", Input)
        with search.prevent(Input.Changed):
            search.value = service.name if service else ""
        self.query_one("#services", OptionList).display = False
        search.focus()

    def link(self, service: Service | None) -> None:
        """Link the action to `service`; fill the owner and need if they are still empty."""
        self.service = service
        chosen = self.query_one("#service-chosen", Static)
        if service is None:
            chosen.update(Content("No service linked"))
            return
        details = ", ".join(x for x in (service.how_to_refer, service.contact) if x)
        chosen.update(Content(f"Links to: {service.name}" + (f" ({details})" if details else "")))
        owner = self.query_one("#owner", Select)
        if owner.value == Select.NULL:
            owner.value = "other"
        need = self.query_one("#need", Select)
        wanted = [n for n in self.detail.call.needs if n in service.needs] or list(service.needs)
        if need.value == Select.NULL and wanted:
            need.value = wanted[0]

    def draft_values(self) -> DraftFields:
        return super().draft_values() | {"service": str(self.service.id) if self.service else None}

    async def restore_values(self, values: dict[str, DraftValue]) -> None:
        await super().restore_values(values)
        wanted = values.get("service")
        self.link(next((s for s in self.directory if str(s.id) == wanted), None))

    def draft_referral_id(self) -> int | None:
        return self.detail.referral_id

    @on(Input.Changed, "#due")
    def preview_due(self, event: Input.Changed) -> None:
        preview = self.query_one("#due-preview", Static)
        now = duty(self).store.now()
        try:
            due = read_due(event.value, now)
        except DueError as error:
            preview.update(Content(str(error)))
            return
        preview.update(Content(due.preview(now) if due else "No due date"))

    def submit(self) -> Callable[[], Action]:
        app = duty(self)
        owner = self.query_one("#owner", Select).value
        need = self.query_one("#need", Select).value
        due = read_due(self.query_one("#due", Input).value, app.store.now())
        return partial(
            app.store.add_action,
            self.detail.referral_id,
            app.require_session().id,
            self.query_one("#what", Input).value,
            owner if isinstance(owner, str) else "",
            self.query_one("#owner_name", Input).value,
            due.at if due else None,
            need if isinstance(need, str) else "",
            app.actor,
            self.service,
            token=self.token,
        )
