"""The contacts tracker in a real browser: add, validate, de-duplicate, edit, delete and undo, sort,
filter, page, move on the board, and user text shown as text.

The database is shared by the whole browser-test session, so every test works with its own
uniquely named contacts and narrows the list to them with a search.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Dialog, Page, expect
from sqlalchemy.engine import Engine

from app.db import make_engine, session_scope
from app.domain.contact_rules import ContactInput
from app.migrate import ensure_local_user
from app.services.contacts import contact_input, create_contact
from app.services.touches import move_to_stage
from app.settings import today
from e2e.conftest import RunningApp, wait_for_app
from e2e.test_accessibility import violations


@pytest.fixture(scope="module")
def engine(app_server: RunningApp) -> Iterator[Engine]:
    engine = make_engine(app_server.database_url)
    yield engine
    engine.dispose()


def tag() -> str:
    """A word no other test's contacts contain, to search by."""
    return "zq" + uuid.uuid4().hex[:8]


def seed(engine: Engine, *contacts: ContactInput, stages: dict[str, str] | None = None) -> list[int]:
    owner_id = ensure_local_user(engine)
    ids = []
    with session_scope(engine) as session:
        for data in contacts:
            contact_id = create_contact(session, owner_id=owner_id, data=data)
            ids.append(contact_id)
            if stages and data.name in stages:
                move_to_stage(
                    session, owner_id=owner_id, contact_id=contact_id, stage=stages[data.name], today=today()
                )
    return ids


def open_contacts(page: Page, base_url: str, query: str = "", view: str = "") -> None:
    params = "&".join(p for p in (f"q={query}" if query else "", f"view={view}" if view else "") if p)
    page.goto(base_url + "/contacts" + ("?" + params if params else ""))
    wait_for_app(page)


def table_names(page: Page) -> list[str]:
    return page.get_by_role("table", name="Your contacts").get_by_role("rowheader").all_inner_texts()


def search(page: Page, text: str) -> None:
    box = page.get_by_label("Search")
    box.fill("")
    box.press_sequentially(text, delay=15)


def test_add_a_contact_through_the_dialog_and_find_it_by_typing(
    page: Page, base_url: str, engine: Engine
) -> None:
    word = tag()
    seed(engine, ContactInput(name="Someone Else " + word[:-1] + "x"))
    open_contacts(page, base_url)
    page.get_by_role("button", name="Add contact").first.click()
    dialog = page.get_by_role("dialog", name="Add a contact")
    dialog.get_by_label("Name").fill(f"Ada Lovelace {word}")
    dialog.get_by_label("Organisation").fill("Analytical Engines Ltd")
    dialog.get_by_label("Role").fill("Mathematician")
    dialog.get_by_label("How you know them").click()
    page.get_by_role("option", name="Alumni").click()
    dialog.get_by_role("button", name="Save contact").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("status").filter(has_text=f"Added Ada Lovelace {word}.")).to_be_visible()

    # Typed key by key: the list must end on the last key's results, never an earlier one's.
    search(page, word)
    expect(page.get_by_role("table", name="Your contacts").get_by_role("rowheader")).to_have_text(
        [f"Ada Lovelace {word}"]
    )
    row = page.get_by_role("row").filter(has_text=word)
    expect(row).to_contain_text("Analytical Engines Ltd")
    expect(row).to_contain_text("Alumni")
    expect(page.get_by_text("1–1 of 1", exact=True)).to_be_visible()
    link = page.get_by_role("link", name=f"Ada Lovelace {word}")
    expect(link).to_have_attribute("href", re.compile(r"^/contacts/\d+$"))
    expect(page).to_have_url(re.compile(rf"q={word}"))

    # Away and back by the menu: the page starts afresh, with an empty search box to match.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Today").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Contacts").click()
    expect(page.get_by_label("Search")).to_have_value("")
    expect(page.get_by_role("table", name="Your contacts").get_by_role("rowheader")).not_to_have_count(1)


def test_the_address_names_the_view_so_a_reload_or_a_link_returns_to_it(
    page: Page, base_url: str, engine: Engine
) -> None:
    word = tag()  # hex digits after "zq": "olga" and "rosa" cannot appear inside it
    elsewhere = f"Tomas {tag()}"
    seed(
        engine,
        ContactInput(name=f"Olga {word}"),
        ContactInput(name=f"Rosa {word}"),
        ContactInput(name=elsewhere),
    )
    open_contacts(page, base_url)
    search(page, word)
    names = page.get_by_role("table", name="Your contacts").get_by_role("rowheader")
    expect(names).to_have_text([f"Olga {word}", f"Rosa {word}"])
    expect(page).to_have_url(re.compile(rf"/contacts/?\?q={word}$"))
    page.get_by_role("columnheader", name="Name").get_by_role("button").click()  # now Z to A
    expect(names).to_have_text([f"Rosa {word}", f"Olga {word}"])
    expect(page).to_have_url(re.compile(rf"\?q={word}&sort=-name$"))

    page.reload()
    wait_for_app(page)
    expect(page.get_by_label("Search")).to_have_value(word)
    expect(names).to_have_text([f"Rosa {word}", f"Olga {word}"])
    expect(page.get_by_role("columnheader", name="Name")).to_have_attribute("aria-sort", "descending")

    # Away and back by the menu: the address is the plain page's, not the last view's.
    main_menu = page.get_by_role("navigation", name="Main")
    main_menu.get_by_role("link", name="Today").click()
    main_menu.get_by_role("link", name="Contacts").click()
    expect(page.get_by_label("Search")).to_have_value("")
    pager = page.get_by_role("status").filter(has_text=re.compile(r"^1–\d+ of [\d,]+$"))
    expect(pager).to_be_visible()
    expect(pager).not_to_have_text("1–2 of 2")  # every contact again, "elsewhere" too
    expect(page).to_have_url(re.compile(r"/contacts/?$"))

    # A shared link opens on its own view.
    page.goto(f"{base_url}/contacts?q=Olga+{word}")
    wait_for_app(page)
    expect(names).to_have_text([f"Olga {word}"])
    expect(page).to_have_url(re.compile(rf"\?q=Olga\+{word}$"))


def test_a_blank_name_is_explained_beside_the_field_and_typed_values_stay(page: Page, base_url: str) -> None:
    open_contacts(page, base_url)
    page.get_by_role("button", name="Add contact").first.click()
    dialog = page.get_by_role("dialog", name="Add a contact")
    dialog.get_by_label("Organisation").fill("Kept Org")
    dialog.get_by_label("Email").fill("not-an-email")
    dialog.get_by_label("Notes").fill("Met at the careers fair 🎉")
    dialog.get_by_role("button", name="Save contact").click()

    name = dialog.get_by_label("Name")
    expect(dialog.get_by_text("Please add a name.")).to_be_visible()
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(name).to_have_attribute("aria-describedby", "contact-name-error")
    expect(name).to_be_focused()
    expect(dialog.get_by_text("That email doesn't look right")).to_be_visible()
    expect(dialog.get_by_label("Organisation")).to_have_value("Kept Org")
    expect(dialog.get_by_label("Email")).to_have_value("not-an-email")
    expect(dialog.get_by_label("Notes")).to_have_value("Met at the careers fair 🎉")

    # Ten thousand characters: a calm limit beside the field, and nothing typed is lost.
    long_name = "ل" * 5_000 + "😀" * 5_000
    name.fill(long_name)
    dialog.get_by_role("button", name="Save contact").click()
    expect(dialog.get_by_text("Keep the name under 200 characters.")).to_be_visible()
    expect(name).to_have_value(long_name)
    expect(dialog.get_by_label("Organisation")).to_have_value("Kept Org")


def test_a_likely_duplicate_warns_and_can_be_saved_anyway(page: Page, base_url: str, engine: Engine) -> None:
    word = tag()
    seed(engine, ContactInput(name=f"Grace Hopper {word}", organisation="Navy"))
    open_contacts(page, base_url)
    page.get_by_role("button", name="Add contact").first.click()
    dialog = page.get_by_role("dialog", name="Add a contact")
    dialog.get_by_label("Name").fill(f"grace hopper {word}")
    dialog.get_by_label("Organisation").fill("Navy")
    dialog.get_by_role("button", name="Save contact").click()
    expect(dialog.get_by_role("alert")).to_contain_text(f"You already have Grace Hopper {word} at Navy.")
    dialog.get_by_role("button", name="Save anyway").click()
    expect(dialog).to_be_hidden()
    search(page, word)
    expect(page.get_by_text("1–2 of 2", exact=True)).to_be_visible()


def test_edit_a_contact_from_its_row(page: Page, base_url: str, engine: Engine) -> None:
    word = tag()
    seed(
        engine,
        ContactInput(
            name=f"Alan Turing {word}", organisation="Bletchley", role="Cryptanalyst", is_local=True
        ),
    )
    open_contacts(page, base_url, query=word)
    page.get_by_role("button", name=f"Edit Alan Turing {word}").click()
    dialog = page.get_by_role("dialog", name="Edit contact")
    expect(dialog.get_by_label("Name")).to_have_value(f"Alan Turing {word}")
    expect(dialog.get_by_label("Organisation")).to_have_value("Bletchley")
    local = dialog.get_by_role("checkbox", name="They live or work near me")
    expect(local).to_be_checked()
    local.click()
    dialog.get_by_label("Role").fill("Professor of logic")
    dialog.get_by_role("button", name="Save contact").click()
    expect(dialog).to_be_hidden()
    row = page.get_by_role("row").filter(has_text=word)
    expect(row).to_contain_text("Professor of logic")
    expect(row).not_to_contain_text("Cryptanalyst")
    # By keyboard: the row's Edit button opens the form, and Escape gives the keyboard back to it.
    edit = page.get_by_role("button", name=f"Edit Alan Turing {word}")
    edit.focus()
    page.keyboard.press("Enter")
    expect(dialog.get_by_label("Role")).to_have_value("Professor of logic")
    expect(dialog.get_by_role("checkbox", name="They live or work near me")).not_to_be_checked()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(edit).to_be_focused()


def test_editing_one_field_keeps_every_other_field_the_contact_has(
    page: Page, base_url: str, engine: Engine
) -> None:
    """The bug that opened issue 10: an edit once erased the phone number it never showed."""
    word = tag()
    (contact_id,) = seed(
        engine,
        ContactInput(
            name=f"Katherine Johnson {word}",
            organisation="NASA",
            phone="+1 757 555 0100",
            email="katherine@example.org",
            notes="Orbital mechanics",
        ),
    )
    open_contacts(page, base_url, query=word)
    page.get_by_role("button", name=f"Edit Katherine Johnson {word}").click()
    dialog = page.get_by_role("dialog", name="Edit contact")
    expect(dialog.get_by_label("Phone")).to_have_value("+1 757 555 0100")
    dialog.get_by_label("Role").fill("Mathematician")
    dialog.get_by_role("button", name="Save contact").click()
    expect(dialog).to_be_hidden()
    with session_scope(engine) as session:
        saved = contact_input(session, owner_id=ensure_local_user(engine), contact_id=contact_id)
    assert (saved.role, saved.phone, saved.email, saved.notes, saved.organisation) == (
        "Mathematician", "+1 757 555 0100", "katherine@example.org", "Orbital mechanics", "NASA",
    )  # fmt: skip


def test_delete_asks_first_and_undo_brings_the_contact_back(
    page: Page, base_url: str, engine: Engine
) -> None:
    word = tag()
    seed(engine, ContactInput(name=f"Hedy Lamarr {word}"), ContactInput(name=f"Radia Perlman {word}"))
    open_contacts(page, base_url, query=word)
    expect(page.get_by_text("1–2 of 2", exact=True)).to_be_visible()
    delete = page.get_by_role("button", name=f"Delete Hedy Lamarr {word}")
    delete.click()
    confirm = page.get_by_role("alertdialog", name=f"Delete Hedy Lamarr {word}?")
    confirm.get_by_role("button", name="Keep").click()  # second thoughts: nothing happens
    expect(confirm).to_be_hidden()
    expect(delete).to_be_focused()
    expect(page.get_by_role("link", name=f"Hedy Lamarr {word}")).to_be_visible()
    page.keyboard.press("Enter")
    confirm.get_by_role("button", name="Delete").click()
    expect(confirm).to_be_hidden()
    expect(page.get_by_role("status").filter(has_text=f"Deleted Hedy Lamarr {word}.")).to_be_visible()
    expect(page.get_by_role("link", name=f"Hedy Lamarr {word}")).to_have_count(0)
    expect(page.get_by_text("1–1 of 1", exact=True)).to_be_visible()

    # Keyboard users land on Undo, as the row they were on has gone.
    expect(page.get_by_role("button", name="Undo")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name=f"Hedy Lamarr {word}")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text=f"Hedy Lamarr {word} is back.")).to_be_visible()
    assert violations(page) == []
    expect(page.get_by_text("1–2 of 2", exact=True)).to_be_visible()


def test_sorting_by_a_column_changes_the_order(page: Page, base_url: str, engine: Engine) -> None:
    word = tag()
    seed(
        engine,
        ContactInput(name=f"Aaron {word}", organisation="Zebra Co"),
        ContactInput(name=f"Bea {word}", organisation="Apple Co"),
        ContactInput(name=f"Cal {word}", organisation="Mango Co"),
    )
    open_contacts(page, base_url, query=word)
    expect(page.get_by_role("table", name="Your contacts").get_by_role("rowheader")).to_have_text(
        [f"Aaron {word}", f"Bea {word}", f"Cal {word}"]
    )
    header = page.get_by_role("columnheader", name="Organisation")
    expect(header).to_have_attribute("aria-sort", "none")
    header.get_by_role("button").click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    expect(page.get_by_role("table", name="Your contacts").get_by_role("rowheader")).to_have_text(
        [f"Bea {word}", f"Cal {word}", f"Aaron {word}"]
    )
    # Keyboard: the header button answers Enter, and a second press reverses the order.
    header.get_by_role("button").focus()
    page.keyboard.press("Enter")
    expect(header).to_have_attribute("aria-sort", "descending")
    expect(page.get_by_role("table", name="Your contacts").get_by_role("rowheader")).to_have_text(
        [f"Aaron {word}", f"Cal {word}", f"Bea {word}"]
    )


def test_filtering_by_stage_shows_only_that_stage(page: Page, base_url: str, engine: Engine) -> None:
    word = tag()
    seed(
        engine,
        ContactInput(name=f"Replied Person {word}"),
        ContactInput(name=f"Waiting Person {word}"),
        stages={f"Replied Person {word}": "replied"},
    )
    open_contacts(page, base_url, query=word)
    expect(page.get_by_text("1–2 of 2", exact=True)).to_be_visible()
    page.get_by_label("Stage").click()
    page.get_by_role("option", name="Replied", exact=True).click()
    expect(page.get_by_role("table", name="Your contacts").get_by_role("rowheader")).to_have_text(
        [f"Replied Person {word}"]
    )
    expect(page.get_by_text("1–1 of 1", exact=True)).to_be_visible()


def test_paging_shows_the_total_and_moves_through_pages(page: Page, base_url: str, engine: Engine) -> None:
    word = tag()
    seed(engine, *[ContactInput(name=f"Person {i:03d} {word}") for i in range(120)])
    open_contacts(page, base_url, query=word)
    expect(page.get_by_text("1–50 of 120", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Previous", exact=True)).to_be_disabled()
    page.get_by_role("button", name="Next", exact=True).click()
    expect(page.get_by_text("51–100 of 120", exact=True)).to_be_visible()
    expect(page.get_by_role("rowheader").first).to_have_text(f"Person 050 {word}")
    page.get_by_role("button", name="Next", exact=True).click()
    expect(page.get_by_text("101–120 of 120", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Next", exact=True)).to_be_disabled()
    expect(page.get_by_role("table", name="Your contacts").get_by_role("rowheader")).to_have_count(20)


def test_the_board_moves_a_card_from_the_keyboard_menu(page: Page, base_url: str, engine: Engine) -> None:
    word = tag()
    seed(engine, ContactInput(name=f"Katherine Johnson {word}", organisation="NASA"))
    open_contacts(page, base_url, query=word, view="board")
    to_contact = page.get_by_role("region", name="To contact", exact=True)
    replied = page.get_by_role("region", name="Replied", exact=True)
    expect(to_contact.get_by_role("link", name=f"Katherine Johnson {word}")).to_be_visible()
    expect(replied.get_by_role("link", name=f"Katherine Johnson {word}")).to_have_count(0)

    to_contact.get_by_role("button", name=f"Move to… Katherine Johnson {word}").focus()
    page.keyboard.press("Enter")
    menu = page.get_by_role("menu")
    expect(menu).to_be_visible()
    # Opened from the keyboard, the menu focuses its first enabled item ("To contact" is the
    # card's own stage, so disabled); two steps down is Replied.
    expect(page.get_by_role("menuitem", name="Reached out", exact=True)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("menuitem", name="Follow-up due", exact=True)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("menuitem", name="Replied", exact=True)).to_be_focused()
    page.keyboard.press("Enter")

    expect(replied.get_by_role("link", name=f"Katherine Johnson {word}")).to_be_visible()
    expect(to_contact.get_by_role("link", name=f"Katherine Johnson {word}")).to_have_count(0)
    expect(
        page.get_by_role("status").filter(has_text=f"Moved Katherine Johnson {word} to Replied.")
    ).to_be_visible()
    expect(replied.get_by_role("heading", name="Replied")).to_be_visible()
    # Focus followed the card, so the next move is one key away.
    expect(replied.get_by_role("button", name=f"Move to… Katherine Johnson {word}")).to_be_focused()


def test_a_search_with_no_matches_says_so_and_clears(page: Page, base_url: str, engine: Engine) -> None:
    word = tag()
    seed(engine, ContactInput(name=f"Findable {word}"))
    open_contacts(page, base_url, query="nobody-" + word)
    expect(page.get_by_text("No contacts match this search.")).to_be_visible()
    page.get_by_role("button", name="Clear search and filters").click()
    expect(page.get_by_label("Search")).to_have_value("")
    expect(page.get_by_role("table", name="Your contacts")).to_be_visible()
    search(page, word)
    expect(page.get_by_role("link", name=f"Findable {word}")).to_be_visible()


def test_html_in_a_name_is_shown_as_text(page: Page, base_url: str, engine: Engine) -> None:
    word = tag()
    name = f"<script>alert(1)</script> <b>bold</b> 😀 مرحبا {word}"
    seed(engine, ContactInput(name=name, role="r" * 200, notes="n" * 10_000))
    dialogs: list[Dialog] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog), dialog.dismiss()))
    open_contacts(page, base_url, query=word)
    expect(page.get_by_role("link", name=name)).to_be_visible()
    expect(page.locator("main b")).to_have_count(0)
    open_contacts(page, base_url, query=word, view="board")
    expect(page.get_by_role("link", name=name)).to_be_visible()
    assert dialogs == []


def test_the_page_with_contacts_has_no_accessibility_violations(
    page: Page, base_url: str, engine: Engine
) -> None:
    word = tag()
    seed(
        engine,
        ContactInput(name=f"Barbara Liskov {word}", organisation="MIT", role="Professor", source="alumni"),
        ContactInput(name=f"Tim Berners-Lee {word}", organisation="W3C", source="event"),
        stages={f"Tim Berners-Lee {word}": "met"},
    )
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
        open_contacts(page, base_url)
        expect(page.get_by_role("table", name="Your contacts")).to_be_visible()
        assert violations(page) == [], scheme
        open_contacts(page, base_url, query=word, view="board")
        expect(page.get_by_role("link", name=f"Barbara Liskov {word}")).to_be_visible()
        assert violations(page) == [], scheme
