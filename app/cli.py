"""`rapport`: the administrator's command line for hosted mode (advisors, cohorts, invite codes, users)."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence

from sqlmodel import col, select

from app.db import session_scope
from app.domain.vocabulary import Role
from app.migrate import upgrade
from app.models import Cohort, Membership, User
from app.services import accounts
from app.services.errors import ValidationFailed
from app.settings import SettingsError, get_settings


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password for the new account: ")
    if getpass.getpass("Same password again: ") != first:
        raise ValidationFailed({"password": "The two passwords differ."})
    return first


def create_advisor(args: argparse.Namespace) -> str:
    password = _read_password(args.password_stdin)
    with session_scope() as session:
        user_id = accounts.create_user(
            session, email=args.email, password=password, role=Role.ADVISOR, display_name=args.name or ""
        )
    return f"Advisor {args.email} created (user {user_id})."


def create_cohort(args: argparse.Namespace) -> str:
    with session_scope() as session:
        cohort_id, code = accounts.create_cohort(session, advisor_email=args.advisor, name=args.name)
    return f"Cohort {cohort_id} '{args.name}' created. Invite code: {code}"


def rotate_code(args: argparse.Namespace) -> str:
    with session_scope() as session:
        code = accounts.rotate_invite_code(session, cohort_id=args.cohort_id)
    return f"New invite code for cohort {args.cohort_id}: {code} (the old one no longer works)"


def deactivate(args: argparse.Namespace) -> str:
    with session_scope() as session:
        accounts.deactivate_user(session, email=args.email)
    return f"{args.email} is deactivated and signed out everywhere."


def migrate_database(_args: argparse.Namespace) -> str:
    upgrade()
    return "Database is up to date."


def list_cohorts(_args: argparse.Namespace) -> str:
    lines = []
    with session_scope() as session:
        for cohort, advisor in session.exec(
            select(Cohort, User).join(User, col(User.id) == col(Cohort.owner_id))
        ).all():
            members = len(session.exec(select(Membership.id).where(Membership.cohort_id == cohort.id)).all())
            lines.append(
                f"{cohort.id}\t{cohort.name}\t{advisor.email}\t{members} students\t{cohort.invite_code}"
            )
    return "\n".join(lines) or "No cohorts yet. Create one with: rapport create-cohort --advisor EMAIL NAME"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rapport", description="Administer a hosted Rapport.")
    commands = parser.add_subparsers(dest="command", required=True)

    advisor = commands.add_parser("create-advisor", help="create an advisor account")
    advisor.add_argument("email")
    advisor.add_argument("--name", default="")
    advisor.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    advisor.set_defaults(run=create_advisor)

    cohort = commands.add_parser("create-cohort", help="create a cohort and print its invite code")
    cohort.add_argument("--advisor", required=True, help="the advisor's email")
    cohort.add_argument("name")
    cohort.set_defaults(run=create_cohort)

    rotate = commands.add_parser("rotate-code", help="replace a cohort's invite code")
    rotate.add_argument("cohort_id", type=int)
    rotate.set_defaults(run=rotate_code)

    off = commands.add_parser("deactivate", help="deactivate a user and end their sessions")
    off.add_argument("email")
    off.set_defaults(run=deactivate)

    listing = commands.add_parser("list-cohorts", help="list cohorts with their advisors and codes")
    listing.set_defaults(run=list_cohorts)

    migrate = commands.add_parser("migrate", help="apply database migrations")
    migrate.set_defaults(run=migrate_database)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        get_settings()
        if args.command != "migrate":
            upgrade()
        print(args.run(args))
    except (ValidationFailed, SettingsError) as error:
        print(f"rapport: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
