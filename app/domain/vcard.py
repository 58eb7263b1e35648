"""vCard files in and out: the cards phones and mail clients export (RFC 2426 3.0, RFC 6350 4.0,
and the 2.1 that older phones still write), read into the same preview as a CSV, and contacts
written back as vCard 3.0, the version most phones and mail clients read.

Reading keeps to what a contact in Rapport holds: the name (FN, or N when FN is missing), the first
email and phone (a preferred one first), the organisation (ORG's first part), the position (TITLE,
else ROLE), a LinkedIn profile (URL or X-SOCIALPROFILE) and the note. Other web addresses go into
the notes so nothing the student had is dropped without a word; photos are left out, and the
preview says how many.
"""

from __future__ import annotations

import quopri
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from app.domain.contact_rules import ContactCreate, normalise_linkedin_url
from app.domain.csv_import import (
    DEFAULT_MAX_ROWS,
    CsvImportError,
    ImportPreview,
    PreviewBuilder,
    refuse_if_too_big,
)

VCARD_MEDIA_TYPE = "text/vcard"
_BEGIN = re.compile(rb"^\s*BEGIN\s*:\s*VCARD\s*$", re.IGNORECASE | re.MULTILINE)
# How far into a file to look for its first card (a BOM, blank lines, a stray header line).
_SNIFF_BYTES = 4096
# RFC 6350 3.2: lines are folded at 75 octets, not counting the line break.
_FOLD_OCTETS = 75


def is_vcard(data: bytes) -> bool:
    """Whether the file is a vCard file: its first non-blank line is BEGIN:VCARD."""
    head = bytes(data[:_SNIFF_BYTES])
    for bom in (b"\xef\xbb\xbf",):
        head = head.removeprefix(bom)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="ignore").encode()
    first = next((line for line in head.splitlines() if line.strip()), b"")
    return bool(_BEGIN.match(first))


# --- reading ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Property:
    """One content line: NAME;PARAM=VALUE:value (group prefix dropped, name and params upper-cased)."""

    name: str
    params: dict[str, list[str]]
    value: str
    line: int

    def has_type(self, *wanted: str) -> bool:
        types = {t.upper() for value in self.params.get("TYPE", []) for t in value.split(",")}
        # vCard 2.1 writes bare parameters: TEL;CELL;PREF:...
        types |= {key for key, values in self.params.items() if not values}
        return any(w in types for w in wanted)


@dataclass
class Card:
    """The properties of one BEGIN:VCARD ... END:VCARD block, and the line it began on."""

    line: int
    properties: list[Property] = field(default_factory=list)

    def all(self, name: str) -> list[Property]:
        return [p for p in self.properties if p.name == name]

    def first(self, name: str) -> Property | None:
        found = self.all(name)
        return found[0] if found else None


def _decode(data: bytes) -> str:
    data = bytes(data)
    refuse_if_too_big(data, "Export fewer contacts at a time and import each file.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # vCard 2.1 and 3.0 may be in the phone's own character set; cp1252 reads Western ones.
        return data.decode("cp1252", errors="replace")


def _split_params(head: str) -> tuple[str, dict[str, list[str]]]:
    """'item1.EMAIL;TYPE=work,pref;X-A="a;b"' -> ('EMAIL', {'TYPE': ['work,pref'], 'X-A': ['a;b']})."""
    parts: list[str] = []
    current: list[str] = []
    quoted = False
    for char in head:
        if char == '"':
            quoted = not quoted
            continue
        if char == ";" and not quoted:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    name = parts[0].rsplit(".", 1)[-1].strip().upper()
    params: dict[str, list[str]] = {}
    for part in parts[1:]:
        key, equals, value = part.partition("=")
        key = key.strip().upper()
        if not key:
            continue
        params.setdefault(key, [])
        if equals:
            params[key].append(value.strip())
    return name, params


def _value_start(line: str) -> int:
    """Where the value begins: after the first colon outside a quoted parameter value."""
    quoted = False
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            return index
    return -1


def _is_quoted_printable(params: dict[str, list[str]]) -> bool:
    encodings = {value.upper() for value in params.get("ENCODING", [])}
    return "QUOTED-PRINTABLE" in encodings or "QUOTED-PRINTABLE" in params


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    """Unfolded content lines with the physical line each started on.

    A line starting with a space or tab continues the one before (RFC 6350 3.2); a quoted-printable
    value (vCard 2.1) ending in '=' continues on the next line (a soft line break).
    """
    physical = text.splitlines()
    index = 0
    while index < len(physical):
        start = index + 1
        line = physical[index]
        index += 1
        while index < len(physical):
            following = physical[index]
            colon = _value_start(line)
            if colon >= 0 and line.endswith("=") and _is_quoted_printable(_split_params(line[:colon])[1]):
                # A soft line break: what follows (indented or not) is the value going on.
                line = line + "\n" + following  # quopri reads '=\n' as nothing
                index += 1
                continue
            if following[:1] in (" ", "\t"):
                line += following[1:]
                index += 1
                continue
            break
        if line.strip():
            yield start, line


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def _components(text: str) -> list[str]:
    """A structured value (N, ORG) split on unescaped semicolons, each part unescaped."""
    return [_unescape(part) for part in re.split(r"(?<!\\);", text)]


def _property_value(params: dict[str, list[str]], raw: str) -> str:
    if not _is_quoted_printable(params):
        return raw
    charset = (params.get("CHARSET") or ["utf-8"])[0] or "utf-8"
    decoded = quopri.decodestring(raw.encode("utf-8", errors="replace"))
    try:
        return decoded.decode(charset, errors="replace")
    except LookupError:
        return decoded.decode("utf-8", errors="replace")


def read_cards(data: bytes) -> list[Card]:
    """Every card in the file, in order. Lines outside a card are ignored; a card missing its END
    (the file cut short) ends at the next BEGIN or at the end of the file."""
    cards: list[Card] = []
    current: Card | None = None
    for line_number, line in _logical_lines(_decode(data)):
        colon = _value_start(line)
        if colon < 0:
            continue
        name, params = _split_params(line[:colon])
        value = line[colon + 1 :]
        if name == "BEGIN" and value.strip().upper() == "VCARD":
            current = Card(line_number)
            cards.append(current)
            continue
        if name == "END" and value.strip().upper() == "VCARD":
            current = None
            continue
        if current is not None:
            current.properties.append(Property(name, params, _property_value(params, value), line_number))
    return cards


def _preferred(props: list[Property], kind: str) -> Property | None:
    """The property marked preferred, else the first of `kind` (CELL, INTERNET), else the first."""
    for prop in props:
        if prop.has_type("PREF") or "1" in prop.params.get("PREF", []):
            return prop
    for prop in props:
        if prop.has_type(kind):
            return prop
    return props[0] if props else None


def _name(card: Card) -> str:
    full = card.first("FN")
    if full is not None and _unescape(full.value).strip():
        return " ".join(_unescape(full.value).split())
    structured = card.first("N")
    if structured is None:
        return ""
    parts = _components(structured.value) + [""] * 5
    family, given, additional, prefix, suffix = (p.strip() for p in parts[:5])
    return " ".join(p for p in (prefix, given, additional, family, suffix) if p)


def _linkedin_and_other_urls(card: Card) -> tuple[str, list[str]]:
    linkedin = ""
    others: list[str] = []
    for prop in card.all("URL") + card.all("X-SOCIALPROFILE"):
        url = _unescape(prop.value).strip()
        if not url:
            continue
        if not linkedin and normalise_linkedin_url(url) is not None:
            linkedin = url
        elif prop.name == "URL" and normalise_linkedin_url(url) is None:
            others.append(url)
    return linkedin, others


def _phone(value: str) -> str:
    """'tel:+1-418-656-9254;ext=102' (vCard 4.0's URI form) -> '+1-418-656-9254 ext. 102'."""
    value = value.strip()
    if value.casefold().startswith("tel:"):
        number, _, params = value[4:].partition(";")
        extension = next((p[4:] for p in params.split(";") if p.casefold().startswith("ext=")), "")
        return f"{number} ext. {extension}" if extension else number
    return value


def card_contact(card: Card) -> ContactCreate:
    """The contact a card describes, not yet checked (an empty name is the importer's to report)."""
    email = _preferred(card.all("EMAIL"), "INTERNET")
    phone = _preferred(card.all("TEL"), "CELL")
    organisation = card.first("ORG")
    role = card.first("TITLE") or card.first("ROLE")
    note = card.first("NOTE")
    linkedin, other_urls = _linkedin_and_other_urls(card)
    notes = _unescape(note.value).strip() if note else ""
    if other_urls:
        websites = "Website: " + ", ".join(other_urls)
        notes = f"{notes}\n{websites}" if notes else websites
    return ContactCreate(
        name=_name(card),
        email=_unescape(email.value).strip() if email else "",
        linkedin_url=linkedin,
        organisation=" ".join(_components(organisation.value)[0].split()) if organisation else "",
        role=" ".join(_unescape(role.value).split()) if role else "",
        phone=_phone(_unescape(phone.value)) if phone else "",
        notes=notes,
    )


def parse_vcards(data: bytes, *, max_rows: int = DEFAULT_MAX_ROWS) -> ImportPreview:
    """Every card of a vCard file as a contact ready to save, and what was left out, as a preview
    just like a CSV's (a card's line is the line of its BEGIN:VCARD)."""
    cards = read_cards(data)
    if not cards:
        raise CsvImportError("This vCard file holds no cards (no BEGIN:VCARD ... END:VCARD).")
    if len(cards) > max_rows:
        raise CsvImportError(
            f"This file has {len(cards):,} cards; Rapport imports up to {max_rows:,} at a time. "
            "Export fewer contacts at a time and import each file."
        )
    builder = PreviewBuilder(total_rows=len(cards))
    photos = 0
    for card in cards:
        photos += 1 if card.all("PHOTO") else 0
        builder.add(card.line, card_contact(card))
    preview = builder.preview
    if photos:
        preview.notices.append(
            f"{photos} {'card has a photo' if photos == 1 else 'cards have photos'}: Rapport keeps no "
            "pictures, so the photos are left out."
        )
    return preview


# --- writing ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VCardContact:
    """What a written card holds: one contact as the tracker shows it."""

    name: str
    email: str = ""
    phone: str = ""
    organisation: str = ""
    role: str = ""
    linkedin_url: str = ""
    notes: str = ""
    uid: str = ""


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
        .replace(",", "\\,")
        .replace(";", "\\;")
    )


def fold(line: str) -> str:
    """A content line folded at 75 octets (a continuation starts with a space), never inside a
    UTF-8 character, ended by CRLF."""
    pieces: list[str] = []
    current = ""
    size = 0
    limit = _FOLD_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size, limit = "", 0, _FOLD_OCTETS - 1  # the leading space counts
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces) + "\r\n"


def _split_name(name: str) -> tuple[str, str]:
    """'Maya Chen' -> ('Chen', 'Maya'); one word is the given name."""
    words = name.split()
    if len(words) < 2:
        return "", name.strip()
    return words[-1], " ".join(words[:-1])


def write_vcard(contacts: Iterable[VCardContact]) -> str:
    """Contacts as vCard 3.0 (RFC 2426): one card each, CRLF line ends, lines folded at 75 octets."""
    out: list[str] = []
    for contact in contacts:
        family, given = _split_name(contact.name)
        lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{_escape(contact.name)}"]
        lines.append(f"N:{_escape(family)};{_escape(given)};;;")
        if contact.organisation:
            lines.append(f"ORG:{_escape(contact.organisation)}")
        if contact.role:
            lines.append(f"TITLE:{_escape(contact.role)}")
        if contact.email:
            lines.append(f"EMAIL;TYPE=INTERNET:{_escape(contact.email)}")
        if contact.phone:
            lines.append(f"TEL;TYPE=CELL:{_escape(contact.phone)}")
        if contact.linkedin_url:
            lines.append(f"URL:{_escape(contact.linkedin_url)}")
            lines.append(f"X-SOCIALPROFILE;TYPE=linkedin:{_escape(contact.linkedin_url)}")
        if contact.notes:
            lines.append(f"NOTE:{_escape(contact.notes)}")
        if contact.uid:
            lines.append(f"UID:{_escape(contact.uid)}")
        lines.append("END:VCARD")
        out.extend(fold(line) for line in lines)
    return "".join(out)
