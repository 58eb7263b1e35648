"""The merge page's state: possible duplicates (a page at a time), finding the second contact, the
two side by side with a choice per field, and the merge itself (app/services/merging.py)."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx
from reflex.event import EventSpec

from app import routes
from app.domain.contact_rules import ContactCreate
from app.domain.vocabulary import Source
from app.domain.words import counted
from app.services import contacts as contact_service
from app.services import merging
from app.services.errors import NotFound, ValidationFailed
from app.state.base import PageState, as_id, as_text

PAIRS_PER_PAGE = 20
PICK_RESULTS = 8
FIELD_LABELS = {
    "name": "Name",
    "organisation": "Organisation",
    "role": "Role",
    "email": "Email",
    "linkedin_url": "LinkedIn URL",
    "phone": "Phone",
    "source": "How you know them",
    "is_local": "Local",
    "notes": "Notes",
}


@dataclass(frozen=True)
class PairRow:
    first_name: str
    second_name: str
    reason: str
    compare_href: str


@dataclass(frozen=True)
class PickRow:
    name: str
    detail: str
    href: str  # the comparison with the contact being merged


@dataclass(frozen=True)
class FieldRow:
    """One field of the comparison: both values as shown, and which the merge takes."""

    field: str
    label: str
    kept: str
    other: str
    choice: str  # kept | other | both
    differs: bool
    can_join: bool  # notes: both can be kept


def _shown(field_name: str, data: ContactCreate) -> str:
    value = getattr(data, field_name)
    if field_name == "is_local":
        return "Yes" if value else "No"
    if field_name == "source":
        try:
            return Source(value).label
        except ValueError:
            return str(value)
    return str(value)


def _counts(side: merging.MergeSide) -> str:
    return ", ".join(
        (
            counted(side.touches, "timeline entry", "timeline entries"),
            counted(side.meetings, "meeting", "meetings"),
            counted(side.drafts, "draft", "drafts"),
        )
    )


class MergeState(PageState):
    # list | pick | compare
    mode: str = "list"
    pairs: rx.Field[list[PairRow]] = rx.field(default_factory=list)
    pair_page: int = 1
    has_more_pairs: bool = False

    kept_id: int = 0
    other_id: int = 0
    kept_name: str = ""
    other_name: str = ""
    kept_counts: str = ""
    other_counts: str = ""
    rows: rx.Field[list[FieldRow]] = rx.field(default_factory=list)
    message: str = ""

    pick_query: str = ""
    pick_results: rx.Field[list[PickRow]] = rx.field(default_factory=list)

    @rx.var
    def merge_button_text(self) -> str:
        return f"Merge into {self.kept_name}" if self.kept_name else "Merge"

    @rx.var
    def kept_href(self) -> str:
        return routes.contact_url(self.kept_id) if self.kept_id else routes.CONTACTS

    def _clear(self) -> None:
        self.kept_id = self.other_id = 0
        self.kept_name = self.other_name = self.kept_counts = self.other_counts = ""
        self.rows = []
        self.message = ""
        self.pick_query = ""
        self.pick_results = []

    @rx.event
    def on_load(self) -> None:
        self._clear()
        keep, other = as_id(self._query_param("keep")), as_id(self._query_param("other"))
        if keep and other:
            self._compare(keep, other)
        elif keep:
            self._start_pick(keep)
        else:
            self._show_pairs(1)

    def _show_pairs(self, page: int) -> None:
        self.mode = "list"
        with self._session() as session:
            found = merging.possible_duplicates(
                session,
                owner_id=self._owner_id(),
                limit=PAIRS_PER_PAGE + 1,
                offset=(page - 1) * PAIRS_PER_PAGE,
            )
        self.pair_page = page
        self.has_more_pairs = len(found) > PAIRS_PER_PAGE
        self.pairs = [
            PairRow(
                first_name=pair.first_name,
                second_name=pair.second_name,
                reason=pair.reason[:1].upper() + pair.reason[1:],
                compare_href=routes.merge_url(pair.first_id, pair.second_id),
            )
            for pair in found[:PAIRS_PER_PAGE]
        ]

    @rx.event
    def next_pairs(self) -> None:
        if self.mode == "list" and self.has_more_pairs:
            self._show_pairs(self.pair_page + 1)

    @rx.event
    def previous_pairs(self) -> None:
        if self.mode == "list" and self.pair_page > 1:
            self._show_pairs(self.pair_page - 1)

    def _start_pick(self, keep: int) -> None:
        try:
            with self._session() as session:
                contact = contact_service.owned_contact(session, owner_id=self._owner_id(), contact_id=keep)
        except NotFound:
            self._show_pairs(1)
            self.message = "That contact is not in your list any more."
            return
        self.mode = "pick"
        self.kept_id = keep
        self.kept_name = contact.name

    @rx.event
    def search_other(self, query: str) -> None:
        if self.mode != "pick":
            return
        self.pick_query = as_text(query, 200)
        if not self.pick_query.strip():
            self.pick_results = []
            return
        with self._session() as session:
            found = contact_service.list_contacts(
                session,
                owner_id=self._owner_id(),
                today=self._today(),
                query=self.pick_query,
                per_page=PICK_RESULTS + 1,
            )
        self.pick_results = [
            PickRow(
                row.name,
                " · ".join(part for part in (row.organisation, row.role) if part),
                routes.merge_url(self.kept_id, row.id),
            )
            for row in found.rows
            if row.id != self.kept_id
        ][:PICK_RESULTS]

    def _compare(self, keep: int, other: int) -> None:
        try:
            with self._session() as session:
                kept, theirs = merging.compare(
                    session, owner_id=self._owner_id(), kept_id=keep, other_id=other
                )
        except NotFound:
            self._show_pairs(1)
            self.message = "One of those contacts is not in your list any more."
            return
        except ValidationFailed as refused:
            self._show_pairs(1)
            self.message = next(iter(refused.errors.values()))
            return
        self.mode = "compare"
        self.kept_id, self.other_id = kept.contact_id, theirs.contact_id
        self.kept_name, self.other_name = kept.data.name, theirs.data.name
        self.kept_counts, self.other_counts = _counts(kept), _counts(theirs)
        rows = []
        for field_name in merging.MERGE_FIELDS:
            mine, their = _shown(field_name, kept.data), _shown(field_name, theirs.data)
            # By default: what the kept contact has, else what the other has; both notes.
            if field_name == "notes" and mine.strip() and their.strip() and mine != their:
                choice = merging.BOTH
            else:
                choice = merging.OTHER if not mine.strip() and their.strip() else merging.KEPT
            rows.append(
                FieldRow(
                    field=field_name,
                    label=FIELD_LABELS[field_name],
                    kept=mine,
                    other=their,
                    choice=choice,
                    differs=mine != their,
                    can_join=field_name == "notes",
                )
            )
        self.rows = rows

    @rx.event
    def choose(self, field: str, choice: str) -> None:
        allowed = {merging.KEPT, merging.OTHER} | ({merging.BOTH} if field == "notes" else set())
        if self.mode != "compare" or choice not in allowed:
            return
        self.rows = [
            FieldRow(r.field, r.label, r.kept, r.other, choice, r.differs, r.can_join)
            if r.field == field
            else r
            for r in self.rows
        ]

    @rx.event
    def swap(self) -> EventSpec | None:
        if self.mode != "compare":
            return None
        return rx.redirect(routes.merge_url(self.other_id, self.kept_id))

    @rx.event
    def merge(self) -> list[EventSpec] | EventSpec | None:
        if self.mode != "compare":
            return None
        choices = {row.field: row.choice for row in self.rows}
        try:
            with self._session() as session:
                merging.merge_contacts(
                    session,
                    owner_id=self._owner_id(),
                    kept_id=self.kept_id,
                    other_id=self.other_id,
                    choices=choices,
                )
        except NotFound:
            self.message = "One of those contacts is not in your list any more: nothing was merged."
            return None
        except ValidationFailed as refused:
            self.message = " ".join(refused.errors.values())
            return None
        kept_id, other_name = self.kept_id, self.other_name
        self._clear()
        return [
            rx.redirect(routes.contact_url(kept_id)),
            rx.toast.success(
                f"Merged: {other_name}'s timeline, meetings and drafts are here now. "
                f"You can undo this on this page for {merging.UNDO_DAYS} days."
            ),
        ]
