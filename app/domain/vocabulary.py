"""The words every layer shares: pipeline stages, kinds of touch, contact sources, TIARA letters."""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    """Where a contact stands in the pipeline, in the order a student moves through it."""

    TO_CONTACT = "to_contact"
    REACHED_OUT = "reached_out"
    FOLLOW_UP_DUE = "follow_up_due"
    REPLIED = "replied"
    MEETING_SCHEDULED = "meeting_scheduled"
    MET = "met"
    THANKED = "thanked"
    KEEPING_IN_TOUCH = "keeping_in_touch"
    NO_REPLY = "no_reply"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        return STAGE_LABELS[self]


STAGE_LABELS: dict[Stage, str] = {
    Stage.TO_CONTACT: "To contact",
    Stage.REACHED_OUT: "Reached out",
    Stage.FOLLOW_UP_DUE: "Follow-up due",
    Stage.REPLIED: "Replied",
    Stage.MEETING_SCHEDULED: "Meeting scheduled",
    Stage.MET: "Met",
    Stage.THANKED: "Thanked",
    Stage.KEEPING_IN_TOUCH: "Keeping in touch",
    Stage.NO_REPLY: "No reply",
    Stage.DECLINED: "Declined",
}

CLOSED_STAGES: frozenset[Stage] = frozenset({Stage.NO_REPLY, Stage.DECLINED})


class TouchKind(StrEnum):
    """A dated interaction with a contact, as recorded on its timeline."""

    OUTREACH_SENT = "outreach_sent"
    FOLLOW_UP_SENT = "follow_up_sent"
    REPLY_RECEIVED = "reply_received"
    DECLINED = "declined"
    MEETING_SCHEDULED = "meeting_scheduled"
    MEETING_HELD = "meeting_held"
    THANK_YOU_SENT = "thank_you_sent"
    REPORT_BACK_SENT = "report_back_sent"
    KEEP_IN_TOUCH_SENT = "keep_in_touch_sent"
    NOTE = "note"
    # Someone this contact suggested was met: a report-back to this contact is now due.
    REFERRAL_MET = "referral_met"
    # A manual move on the board: the touch's `stage` field says where to.
    STAGE_SET = "stage_set"

    @property
    def label(self) -> str:
        return TOUCH_LABELS[self]


TOUCH_LABELS: dict[TouchKind, str] = {
    TouchKind.OUTREACH_SENT: "Outreach sent",
    TouchKind.FOLLOW_UP_SENT: "Follow-up sent",
    TouchKind.REPLY_RECEIVED: "Reply received",
    TouchKind.DECLINED: "Declined",
    TouchKind.MEETING_SCHEDULED: "Meeting scheduled",
    TouchKind.MEETING_HELD: "Meeting held",
    TouchKind.THANK_YOU_SENT: "Thank-you sent",
    TouchKind.REPORT_BACK_SENT: "Report-back sent",
    TouchKind.KEEP_IN_TOUCH_SENT: "Keep-in-touch sent",
    TouchKind.NOTE: "Note",
    TouchKind.REFERRAL_MET: "Met someone they suggested",
    TouchKind.STAGE_SET: "Stage changed",
}


class Source(StrEnum):
    """How the student knows of a contact."""

    ALUMNI = "alumni"
    LINKEDIN_GROUP = "linkedin_group"
    LOCAL = "local"
    EVENT = "event"
    REFERRED = "referred"
    OTHER = "other"

    @property
    def label(self) -> str:
        return SOURCE_LABELS[self]


SOURCE_LABELS: dict[Source, str] = {
    Source.ALUMNI: "Alumni",
    Source.LINKEDIN_GROUP: "LinkedIn group",
    Source.LOCAL: "Local",
    Source.EVENT: "Event",
    Source.REFERRED: "Referred by a contact",
    Source.OTHER: "Other",
}


class Tiara(StrEnum):
    """The letters of TIARA, the method's families of good questions."""

    TRENDS = "T"
    INSIGHTS = "I"
    ADVICE = "A"
    RESOURCES = "R"
    ASSIGNMENTS = "As"

    @property
    def label(self) -> str:
        return TIARA_LABELS[self]


TIARA_LABELS: dict[Tiara, str] = {
    Tiara.TRENDS: "Trends",
    Tiara.INSIGHTS: "Insights",
    Tiara.ADVICE: "Advice",
    Tiara.RESOURCES: "Resources",
    Tiara.ASSIGNMENTS: "Assignments",
}


class DraftKind(StrEnum):
    """The kinds of email the composer drafts."""

    OUTREACH = "outreach"
    FOLLOW_UP = "follow_up"
    THANK_YOU = "thank_you"
    REPORT_BACK = "report_back"
    KEEP_IN_TOUCH = "keep_in_touch"


class Role(StrEnum):
    """What an account may do in hosted mode; local mode's implicit user is a student."""

    STUDENT = "student"
    ADVISOR = "advisor"
    ADMIN = "admin"


# Who may run a cohort and read its students' shared work.
ADVISING_ROLES: frozenset[Role] = frozenset({Role.ADVISOR, Role.ADMIN})


class MeetingStatus(StrEnum):
    """Where a meeting stands: planned, or it happened."""

    SCHEDULED = "scheduled"
    HELD = "held"
    CANCELLED = "cancelled"


class DraftStatus(StrEnum):
    """A draft is being written, or the student marked it sent (then it is kept exactly as it went)."""

    DRAFT = "draft"
    SENT = "sent"


class DueKind(StrEnum):
    """What a due item on Today asks of the student, derived from touches and dates."""

    SECOND_CONTACT = "second_contact"
    FOLLOW_UP = "follow_up"
    THANK_YOU = "thank_you"
    KEEP_IN_TOUCH = "keep_in_touch"
    REPORT_BACK = "report_back"
