"""The import page's state: upload, column mapping, preview, a batched import with progress, and export."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import reflex as rx
from reflex.event import EventSpec

from app.domain.contact_changes import FieldChange
from app.domain.csv_import import MAPPABLE_FIELDS, CsvImportError, CsvSniff, ImportRow
from app.domain.vcard import VCARD_MEDIA_TYPE
from app.domain.words import counted
from app.services import exporting, importing, reimport, uploads
from app.services.disk import disk_full_message, is_disk_full
from app.state.base import PageState

UPLOAD_ID = "csv_upload"
FILE_GONE_MESSAGE = (
    "The file you uploaded is gone: your data was deleted, or the file waited more than a day "
    "without being imported. Nothing was imported from it; upload it again to import it."
)
PREVIEW_ROWS = 20
SHOWN_ERRORS = 100
# Changes to saved contacts listed with a tick each; any beyond follow their default (ticked unless
# they would empty a field).
SHOWN_CHANGES = 50
# The value a mapping select holds for "this field is not in the file" (Radix items need a value).
NOT_IN_FILE = "__not_in_file__"

FIELD_LABELS: dict[str, str] = {
    "name": "Full name",
    "first_name": "First name",
    "last_name": "Last name",
    "email": "Email",
    "linkedin_url": "LinkedIn URL",
    "organisation": "Organisation",
    "role": "Role",
    "phone": "Phone",
    "connected_on": "Connected on",
    "source": "How you know them",
    "is_local": "Local",
    "notes": "Notes",
}


@dataclass(frozen=True)
class ChangeItem:
    """One change to a saved contact the import offers: its tick and its words."""

    key: str
    text: str
    ticked: bool


@dataclass(frozen=True)
class PreviewRow:
    """One row the import would create, as the preview table shows it."""

    line: int
    name: str
    organisation: str
    role: str
    email: str
    connected_on: str


def _change_summary(plan: importing.ImportPlan) -> str:
    """'3 changed: Maya Chen now Senior PM at Acme' (the first change named)."""
    if not plan.changes:
        return ""
    return f"{len(plan.changes):,} changed: {plan.changes[0].summary}"


def _recognised_as(sniff: CsvSniff | None) -> str:
    if sniff is None:
        return "a vCard file"
    if sniff.is_linkedin:
        return "LinkedIn's Connections.csv"
    if sniff.address_book:
        return (
            f"an {sniff.address_book} export"
            if sniff.address_book[0] in "AEIOU"
            else (f"a {sniff.address_book} export")
        )
    if sniff.is_rapport_export:
        return "Rapport's own export"
    return ""


class ImportState(PageState):
    """One import at a time: the file stays staged server-side (services.uploads), the browser sees counts."""

    # upload | mapping | preview | importing | done
    step: str = "upload"
    file_name: str = ""
    message: str = ""
    is_linkedin: bool = False
    # What the preview says it recognised ("LinkedIn's Connections.csv", "an Outlook export", "a vCard file").
    recognised_as: str = ""
    notices: rx.Field[list[str]] = rx.field(default_factory=list)

    headers: rx.Field[list[str]] = rx.field(default_factory=list)
    mapping: rx.Field[dict[str, str]] = rx.field(default_factory=dict)
    mapping_error: str = ""

    total_rows: int = 0
    to_import: int = 0
    duplicates_in_file: int = 0
    duplicates_saved: int = 0
    problem_count: int = 0
    preview_rows: rx.Field[list[PreviewRow]] = rx.field(default_factory=list)
    changed_count: int = 0  # saved contacts the file changes
    change_summary: str = ""
    change_items: rx.Field[list[ChangeItem]] = rx.field(default_factory=list)
    more_changes: int = 0  # changes beyond the listed ones (applied as ticked by default)
    error_lines: rx.Field[list[str]] = rx.field(default_factory=list)

    progress_done: int = 0
    progress_total: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0

    # Backend only: the staged file's key, and who uploaded it (an import is theirs alone).
    _upload_key: str = ""
    _uploaded_by: int = 0
    _mapping_used: dict[str, str] | None = None

    # --- what the page shows -------------------------------------------------------------------

    @rx.var
    def import_button_text(self) -> str:
        ticked = len({item.key.split(":")[0] for item in self.change_items if item.ticked})
        if self.to_import and ticked:
            return f"Import {counted(self.to_import, 'contact', 'contacts')} and update {ticked:,}"
        if ticked:
            return f"Update {counted(ticked, 'contact', 'contacts')}"
        return f"Import {counted(self.to_import, 'contact', 'contacts')}"

    @rx.var
    def can_import(self) -> bool:
        return self.to_import > 0 or any(item.ticked for item in self.change_items) or self.more_changes > 0

    @rx.var
    def changed_text(self) -> str:
        return f"{self.changed_count:,}"

    @rx.var
    def to_import_text(self) -> str:
        return f"{self.to_import:,}"

    @rx.var
    def duplicates_text(self) -> str:
        return f"{self.duplicates_in_file + self.duplicates_saved:,}"

    @rx.var
    def duplicates_detail(self) -> str:
        return (
            f"{self.duplicates_in_file:,} repeated in the file, {self.duplicates_saved:,} already in Rapport"
        )

    @rx.var
    def problems_text(self) -> str:
        return f"{self.problem_count:,}"

    @rx.var
    def more_errors_text(self) -> str:
        more = self.problem_count - len(self.error_lines)
        return f"…and {counted(more, 'more row', 'more rows')} with problems." if more > 0 else ""

    @rx.var
    def preview_caption(self) -> str:
        shown = min(self.to_import, PREVIEW_ROWS)
        if shown < self.to_import:
            return f"The first {shown} of {self.to_import:,} contacts to import"
        return "The contacts to import"

    @rx.var
    def progress_text(self) -> str:
        return f"{self.progress_done:,} of {self.progress_total:,}"

    @rx.var
    def progress_percent(self) -> int:
        return round(100 * self.progress_done / self.progress_total) if self.progress_total else 0

    @rx.var
    def summary_text(self) -> str:
        imported = f"Imported {counted(self.created, 'contact', 'contacts')}"
        return f"{imported}; updated {self.updated:,}." if self.updated else f"{imported}."

    @rx.var
    def summary_detail(self) -> str:
        parts = []
        if self.skipped:
            parts.append(f"{counted(self.skipped, 'duplicate was', 'duplicates were')} skipped")
        if self.failed:
            parts.append(f"{counted(self.failed, 'row', 'rows')} with problems left out")
        return ("; ".join(parts) + ".").capitalize() if parts else ""

    @rx.var
    def header_options(self) -> list[str]:
        # Radix select items need a non-empty value; a column without a header cannot be chosen.
        return [header for header in self.headers if header]

    # --- helpers ---------------------------------------------------------------------------------

    def _reset(self, message: str = "") -> None:
        uploads.forget(self._upload_key, owner_id=self._uploaded_by)
        self._upload_key = ""
        self._uploaded_by = 0
        self._mapping_used = None
        self.step = "upload"
        self.file_name = ""
        self.message = message
        self.is_linkedin = False
        self.recognised_as = ""
        self.notices = []
        self.headers = []
        self.mapping = {}
        self.mapping_error = ""
        self.total_rows = self.to_import = self.duplicates_in_file = self.duplicates_saved = 0
        self.problem_count = 0
        self.preview_rows = []
        self.changed_count = self.more_changes = 0
        self.change_summary = ""
        self.change_items = []
        self.error_lines = []
        self.progress_done = self.progress_total = 0
        self.created = self.updated = self.skipped = self.failed = 0

    def _chosen_mapping(self) -> dict[str, str]:
        return {f: h for f, h in self.mapping.items() if f in MAPPABLE_FIELDS and h and h != NOT_IN_FILE}

    def _show_plan(self, plan: importing.ImportPlan) -> None:
        self.step = "preview"
        self.message = ""
        self.mapping_error = ""
        self.total_rows = plan.total_rows
        self.to_import = len(plan.rows)
        self.duplicates_in_file = plan.duplicates_in_file
        self.duplicates_saved = plan.duplicates_saved
        self.problem_count = len(plan.errors)
        self.preview_rows = [
            PreviewRow(
                line=row.line,
                name=row.contact.name,
                organisation=row.contact.organisation,
                role=row.contact.role,
                email=row.contact.email,
                connected_on=row.connected_on.isoformat() if row.connected_on else "",
            )
            for row in plan.rows[:PREVIEW_ROWS]
        ]
        self.error_lines = [error.message for error in plan.errors[:SHOWN_ERRORS]]
        self.notices = list(plan.notices)
        self.changed_count = len(plan.changes)
        self.change_summary = _change_summary(plan)
        offered = [(change.name, field) for change in plan.changes for field in change.fields]
        self.change_items = [
            ChangeItem(key=field.key, text=field.describe(name), ticked=field.ticked_by_default)
            for name, field in offered[:SHOWN_CHANGES]
        ]
        self.more_changes = max(0, len(offered) - SHOWN_CHANGES)

    def _accepted(self, plan: importing.ImportPlan) -> list[FieldChange]:
        """The changes to apply: as ticked on the page, or by default for those not listed."""
        ticks = {item.key: item.ticked for item in self.change_items}
        return [
            field
            for change in plan.changes
            for field in change.fields
            if ticks.get(field.key, field.ticked_by_default)
        ]

    # --- events ----------------------------------------------------------------------------------

    @rx.event
    def on_load(self) -> None:
        # A finished or refused import starts afresh; a preview survives a reload until cancelled,
        # unless its file is gone (all data deleted in another tab, or a day passed).
        if self.step in ("done", "upload"):
            self._reset()
        elif self.step in ("mapping", "preview") and not uploads.exists(
            self._upload_key, owner_id=self._uploaded_by
        ):
            self._reset(FILE_GONE_MESSAGE)

    @rx.event
    async def handle_upload(self, files: list[rx.UploadFile]) -> None:
        if not isinstance(files, list) or not files:
            # A drop the browser refused still arrives here, empty: upload_rejected says why.
            return
        self._reset()
        if len(files) != 1:
            self.message = "Choose one file at a time."
            return
        file = files[0]
        if not isinstance(file, rx.UploadFile):
            return
        name = str(getattr(file, "filename", "") or "your file")[:200]
        data = await uploads.read_limited(file)
        if data is None:
            self.message = uploads.too_large_message(getattr(file, "size", None) or 0)
            return
        try:
            sniff = await asyncio.to_thread(importing.sniff_file, data)
        except CsvImportError as error:
            self.message = error.message
            return
        self._uploaded_by = self._owner_id()
        try:
            self._upload_key = await asyncio.to_thread(uploads.keep, data, owner_id=self._uploaded_by)
        except OSError as error:
            if not is_disk_full(error):
                raise
            self._reset(disk_full_message("your file"))
            return
        self.file_name = name
        self.recognised_as = _recognised_as(sniff)
        if sniff is None or not sniff.needs_mapping:
            self.is_linkedin = sniff is not None and sniff.is_linkedin
            await self._preview(None)
            return
        self.headers = sniff.headers
        header_set = set(sniff.headers)
        self.mapping = {
            field: sniff.suggested_mapping.get(field, NOT_IN_FILE)
            if sniff.suggested_mapping.get(field, NOT_IN_FILE) in header_set
            else NOT_IN_FILE
            for field in MAPPABLE_FIELDS
        }
        self.step = "mapping"

    async def _preview(self, mapping: dict[str, str] | None) -> None:
        try:
            plan = await asyncio.to_thread(self._plan, self._upload_key, self._uploaded_by, mapping)
        except OSError:
            self._reset(FILE_GONE_MESSAGE)
            return
        except CsvImportError as error:
            if self.step == "mapping":
                self.mapping_error = error.message
            else:
                name = self.file_name
                self._reset(error.message)
                self.file_name = name
            return
        self._mapping_used = mapping
        self._show_plan(plan)

    @rx.event
    def upload_rejected(self, codes: str, sizes: list[int]) -> None:
        """The browser refused the file before sending it (too big, not a CSV, several files)."""
        self._reset()
        found = set(codes.split(",")) if isinstance(codes, str) else set()
        size = 0
        with contextlib.suppress(TypeError, ValueError):
            size = max((int(value) for value in sizes[:10]), default=0)
        if "too-many-files" in found:
            self.message = "Choose one file at a time."
        elif "file-too-large" in found:
            self.message = uploads.too_large_message(size)
        else:
            self.message = (
                "That file isn't a CSV or vCard file. Choose the Connections.csv you exported from "
                "LinkedIn, a vCard (.vcf) file, or save your spreadsheet as CSV (UTF-8) first."
            )

    @rx.event
    def set_mapping_field(self, field: str, header: str) -> None:
        if self.step != "mapping" or field not in MAPPABLE_FIELDS or not isinstance(header, str):
            return
        if header != NOT_IN_FILE and header not in self.headers:
            return
        self.mapping = {**self.mapping, field: header}
        self.mapping_error = ""

    @rx.event
    async def confirm_mapping(self) -> None:
        if self.step != "mapping" or not self._upload_key:
            return
        mapping = self._chosen_mapping()
        if not any(mapping.get(field) for field in ("name", "first_name", "last_name")):
            self.mapping_error = "Choose which column holds the name (or the first and last names)."
            return
        await self._preview(mapping)

    @rx.event
    def toggle_change(self, key: str, ticked: bool) -> None:
        if self.step != "preview" or not isinstance(key, str) or not isinstance(ticked, bool):
            return
        self.change_items = [
            ChangeItem(item.key, item.text, ticked) if item.key == key else item for item in self.change_items
        ]

    @rx.event
    def cancel(self) -> None:
        self._reset()

    @rx.event
    def start_over(self) -> None:
        self._reset()

    @rx.event(background=True)
    async def start_import(self) -> None:
        async with self:
            if self.step != "preview" or not self._upload_key:
                return
            if self._owner_id() != self._uploaded_by:
                self._reset("Please upload the file again.")
                return
            self.step = "importing"
            self.progress_done = 0
            self.progress_total = self.to_import
            key, owner_id, mapping = self._upload_key, self._uploaded_by, self._mapping_used
            day = self._today()

        result = importing.ImportResult()
        try:
            plan = await asyncio.to_thread(self._plan, key, owner_id, mapping)
            async with self:
                self.progress_total = len(plan.rows)
            for batch in importing.batches(plan.rows):
                result = result + await asyncio.to_thread(self._write_batch, owner_id, batch)
                async with self:
                    self.progress_done += len(batch)
            async with self:
                accepted = self._accepted(plan)
            updated = await asyncio.to_thread(self._apply_changes, owner_id, accepted, day)
        except CsvImportError as error:
            async with self:
                self._fail(result, error.message)
            return
        except OSError:
            async with self:
                if result.created:
                    self._fail(result, "The uploaded file is no longer available.")
                else:
                    self._reset(FILE_GONE_MESSAGE)
            return
        except Exception:
            async with self:
                self._fail(result, "Something went wrong while saving.")
            raise
        async with self:
            uploads.forget(self._upload_key, owner_id=owner_id)
            self._upload_key = ""
            self.created = result.created
            self.updated = updated
            self.skipped = plan.duplicates + result.duplicates
            self.failed = len(plan.errors) + result.invalid
            self.step = "done"

    def _plan(self, key: str, owner_id: int, mapping: dict[str, str] | None) -> importing.ImportPlan:
        data = uploads.read(key, owner_id=owner_id)
        with self._session() as session:
            return importing.preview_import(session, owner_id=owner_id, data=data, mapping=mapping)

    def _write_batch(self, owner_id: int, batch: Sequence[ImportRow]) -> importing.ImportResult:
        # One transaction per batch: a failure keeps the batches already saved, and a re-import skips them.
        with self._session() as session:
            return importing.import_batch(session, owner_id=owner_id, rows=batch)

    def _apply_changes(self, owner_id: int, accepted: Sequence[FieldChange], day: date) -> int:
        with self._session() as session:
            return reimport.apply_changes(session, owner_id=owner_id, accepted=accepted, today=day)

    def _fail(self, result: importing.ImportResult, why: str) -> None:
        if result.created:
            self._reset(
                f"{why} Rapport saved {counted(result.created, 'contact', 'contacts')} before stopping; "
                "importing the same file again skips those and adds the rest."
            )
        else:
            self._reset(f"{why} Nothing was saved; please try again.")


class ExportState(PageState):
    """Downloads of the owner's contacts and timeline; nothing is kept in state."""

    @rx.event
    def download_contacts(self) -> EventSpec:
        clock = self._clock()
        day = clock.today
        self._catch_up(clock)
        with self._session() as session:
            text = exporting.contacts_csv(session, owner_id=self._owner_id(), today=day)
        return rx.download(
            data=exporting.as_download(text),
            filename=exporting.export_filename("contacts", day),
            mime_type="text/csv",
        )

    @rx.event
    def download_vcard(self) -> EventSpec:
        day = self._today()
        with self._session() as session:
            text = exporting.contacts_vcard(session, owner_id=self._owner_id())
        return rx.download(
            data=text.encode("utf-8"),
            filename=exporting.vcard_filename("contacts", day),
            mime_type=VCARD_MEDIA_TYPE,
        )

    @rx.event
    def download_timeline(self) -> EventSpec:
        day = self._today()
        with self._session() as session:
            text = exporting.touches_csv(session, owner_id=self._owner_id())
        return rx.download(
            data=exporting.as_download(text),
            filename=exporting.export_filename("timeline", day),
            mime_type="text/csv",
        )
