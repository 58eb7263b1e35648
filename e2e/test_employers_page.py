"""The LAMP list in a real browser: rate three organisations, watch the order change and the top five get
marked, find Today suggesting someone at one of them; axe-clean and usable by keyboard, wide and narrow."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Locator, Page, expect
from sqlmodel import col, select

from app.db import make_engine, session_scope
from app.domain.contact_rules import ContactInput
from app.domain.vocabulary import Source
from app.migrate import ensure_local_user
from app.models import Organisation
from app.services.contacts import create_contact
from e2e.conftest import ARTIFACTS, RunningApp, wait_for_app
from e2e.test_accessibility import violations


@pytest.fixture
def three_employers(app_server: RunningApp) -> Iterator[dict[str, str]]:
    """Three organisations, each with one contact not yet written to (the dream one's is an alum); their
    ratings are put back afterwards, so no other test finds a top five it did not make."""
    tag = uuid.uuid4().hex[:5]
    names = {"plain": f"Plainfield {tag}", "keen": f"Keenbridge {tag}", "dream": f"Dreamworks {tag}"}
    people = {"plain": f"Pat Plain {tag}", "keen": f"Kai Keen {tag}", "dream": f"Dana Dream {tag}"}
    engine = make_engine(app_server.database_url)
    try:
        owner_id = ensure_local_user(engine)
        with session_scope(engine) as session:
            for key, organisation in names.items():
                source = Source.ALUMNI.value if key == "dream" else Source.EVENT.value
                create_contact(
                    session,
                    owner_id=owner_id,
                    data=ContactInput(name=people[key], organisation=organisation, source=source),
                )
        yield {**names, **{f"{key}_person": person for key, person in people.items()}, "tag": tag}
        with session_scope(engine) as session:
            for organisation in session.exec(
                select(Organisation).where(col(Organisation.name).contains(tag))
            ).all():
                organisation.motivation = 0
                organisation.has_postings = False
                session.add(organisation)
    finally:
        engine.dispose()


def _ours(page: Page, tag: str) -> list[str]:
    rows = page.locator("tr.lamp-row").filter(has_text=tag)
    return [name for name in rows.evaluate_all("rows => rows.map(r => r.dataset.organisation)")]


def _row(page: Page, name: str) -> Locator:
    return page.locator(f'tr.lamp-row[data-organisation="{name}"]')


def _open(page: Page, base_url: str) -> None:
    page.goto(base_url + "/employers")
    wait_for_app(page)


def test_rating_three_organisations_reorders_the_list_marks_the_top_five_and_today_follows(
    page: Page, base_url: str, three_employers: dict[str, str]
) -> None:
    names, tag = three_employers, three_employers["tag"]
    _open(page, base_url)
    expect(page.get_by_role("link", name="Employers", exact=True)).to_have_attribute("aria-current", "page")
    expect(_row(page, names["dream"])).to_contain_text("1 contact, 1 alum")
    # Unrated, they sort by Advocacy (the alum first), then by name; none is a target yet.
    assert _ours(page, tag) == [names["dream"], names["keen"], names["plain"]]
    expect(page.locator("tr.lamp-row").filter(has_text=tag).filter(has_text="Top 5 this week")).to_have_count(
        0
    )

    page.get_by_label("Motivation for " + names["plain"]).select_option("3")
    expect(_row(page, names["plain"])).to_contain_text("Top 5 this week")
    page.get_by_label("Motivation for " + names["keen"]).select_option("2")
    expect(_row(page, names["keen"])).to_contain_text("Top 5 this week")
    page.get_by_label("Motivation for " + names["dream"]).select_option("1")
    expect(_row(page, names["dream"])).to_contain_text("Top 5 this week")
    expect(page.locator("tr.lamp-row").first).to_have_attribute("data-organisation", names["plain"])
    assert _ours(page, tag) == [names["plain"], names["keen"], names["dream"]]
    expect(page.get_by_role("status").filter(has_text="Top 5 this week:")).to_contain_text(names["plain"])

    # Postings outrank Advocacy, set by keyboard: Tab from the Motivation select to its row's checkbox.
    page.get_by_label("Motivation for " + names["dream"]).focus()
    page.keyboard.press("Tab")
    postings = page.get_by_role("checkbox", name="Postings at " + names["dream"])
    expect(postings).to_be_focused()
    page.keyboard.press("Space")
    expect(postings).to_be_checked()
    expect(_row(page, names["dream"])).to_contain_text("Yes")

    # Today: the top employer's contact, not yet written to, is suggested and says why.
    page.get_by_role("link", name="Today", exact=True).click()
    wait_for_app(page)
    suggestion = page.locator("li.next-up").filter(has_text=names["plain_person"])
    expect(suggestion).to_contain_text("at one of your top 5 employers (" + names["plain"] + ")")
    expect(suggestion.get_by_role("link", name="Write outreach to " + names["plain_person"])).to_be_visible()
    first = page.locator("li.next-up").first
    expect(first).to_have_attribute("data-contact", names["plain_person"])
    page.screenshot(path=str(ARTIFACTS / "today-top-five.png"), full_page=True)
    assert violations(page) == []


def test_an_organisation_is_added_without_a_contact_and_a_duplicate_is_refused(
    page: Page, base_url: str
) -> None:
    name = f"Northwind {uuid.uuid4().hex[:5]}"
    _open(page, base_url)
    page.get_by_label("Organisation name").fill(f"  {name}  ")
    page.get_by_label("Organisation name").press("Enter")
    expect(_row(page, name)).to_contain_text("No one yet")
    expect(page.get_by_label("Organisation name")).to_have_value("")

    page.get_by_label("Organisation name").fill(name.upper())
    page.get_by_role("button", name="Add organisation").click()
    expect(page.locator("#new-organisation-error")).to_have_text(f"{name} is already on your list.")
    expect(page.get_by_label("Organisation name")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("tr.lamp-row").filter(has_text=name)).to_have_count(1)


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_list_is_accessible_wide_and_narrow(
    page: Page, base_url: str, three_employers: dict[str, str], width: int, height: int, scheme: str
) -> None:
    page.set_viewport_size({"width": width, "height": height})
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    _open(page, base_url)
    page.get_by_label("Motivation for " + three_employers["keen"]).select_option("3")
    expect(_row(page, three_employers["keen"])).to_contain_text("Top 5 this week")
    region = page.get_by_role("region", name="Target employers")
    expect(region).to_have_attribute("tabindex", "0")
    page.screenshot(path=str(ARTIFACTS / f"employers-{width}-{scheme}.png"), full_page=True)
    assert violations(page) == []
    if width < 500:
        # The page itself never scrolls sideways; only the table's region does.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
