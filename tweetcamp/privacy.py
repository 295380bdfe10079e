"""Data rights: a person's own data as JSON, and anonymising someone who has left.

This lives at the top (tweetcamp/) because it reads every app; accounts, which owns
the person, may import none of them. The export reads each app's rows for one
person; anonymising keeps every row that reports count (enrolments, submissions,
grades, completions, posts) and replaces only what says who the person was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from courses.models import CalendarFeed, Completion, Enrolment, LessonProgress, PolicyAcknowledgement, Submission
from notifications import selectors as notification_selectors
from notifications.models import Delivery, Notification, Preference, QuietHours
from practice.models import Follow, Like, Post
from tweetcamp.errors import TweetcampError

FORMER_NAME = "Former staff member"
ANONYMISED_DOMAIN = "anonymised.invalid"  # .invalid can never receive mail (RFC 2606)
EXPORT_VERSION = 1


class CannotAnonymise(TweetcampError):
    """The person cannot be anonymised (yourself, or already done)."""

    code = "tweetcamp.cannot_anonymise"


def _when(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _followed_handle(follow: Follow) -> str:
    """A follow is of a person or of a persona (a scripted account)."""
    followed = follow.user or follow.persona
    return followed.handle if followed is not None else ""


def _profile(person: User) -> dict[str, Any]:
    return {
        "email": person.email,
        "display_name": person.display_name,
        "handle": person.handle,
        "department": person.department.name if person.department else None,
        "roles": sorted(person.role_names),
        "time_zone": person.time_zone,
        "language": person.language,
        "bio": person.bio,
        "location": person.location,
        "website": person.website,
        "date_joined": _when(person.date_joined),
        "last_login": _when(person.last_login),
    }


def _courses(person: User) -> dict[str, Any]:
    enrolments = (
        Enrolment.objects.filter(user=person)
        .select_related("session", "course")
        .prefetch_related("events")
        .order_by("created_at", "pk")
    )
    submissions = (
        Submission.objects.filter(user=person)
        .select_related("drill", "drill__lesson__course")
        .prefetch_related("grades")
        .order_by("created_at", "pk")
    )
    return {
        "enrolments": [
            {
                "course": e.course.title,
                "session": e.session.title,
                "starts_at": _when(e.session.starts_at),
                "status": e.status,
                "enrolled_at": _when(e.created_at),
                "history": [{"action": ev.action, "to": ev.to_status, "at": _when(ev.at)} for ev in e.events.all()],
            }
            for e in enrolments
        ],
        "lessons_read": [
            {"course": p.lesson.course.title, "lesson": p.lesson.title, "read_at": _when(p.read_at)}
            for p in LessonProgress.objects.filter(user=person).select_related("lesson__course").order_by("read_at")
        ],
        "policy_acknowledgements": [
            {"policy_version": a.policy.version, "acknowledged_at": _when(a.acknowledged_at)}
            for a in PolicyAcknowledgement.objects.filter(user=person).select_related("policy")
        ],
        "drill_attempts": [
            {
                "course": s.drill.lesson.course.title,
                "drill": s.drill.title,
                "attempt": s.attempt,
                "status": s.status,
                "score": s.score,
                "passed": s.passed,
                "post_id": s.post_id,
                "submitted_at": _when(s.created_at),
                "graded_at": _when(s.graded_at),
                "grades": [
                    {
                        "kind": g.kind,
                        "score": g.score,
                        "passed": g.passed,
                        "results": g.results,
                        "comment": g.comment,
                        "at": _when(g.created_at),
                    }
                    for g in s.grades.all()
                ],
            }
            for s in submissions
        ],
        "completions": [
            {
                "course": c.course.title,
                "completed_at": _when(c.completed_at),
                "certificate_code": c.certificate_code,
            }
            for c in Completion.objects.filter(user=person).select_related("course")
        ],
    }


def _practice(person: User) -> dict[str, Any]:
    posts = Post.objects.filter(author=person, persona__isnull=True).select_related("feed").order_by("created_at", "pk")
    return {
        "posts": [
            {
                "id": p.pk,
                "feed": p.feed.name,
                "text": p.text,
                "created_at": _when(p.created_at),
                "reply_to": p.reply_to_id,
                "quote_of": p.quote_of_id,
                "retweet_of": p.retweet_of_id,
                "deleted_at": _when(p.deleted_at),
                "hidden_at": _when(p.hidden_at),
            }
            for p in posts
        ],
        "likes": [
            {"post": like.post_id, "at": _when(like.created_at)}
            for like in Like.objects.filter(user=person).order_by("created_at")
        ],
        "follows": [
            {"handle": _followed_handle(f), "at": _when(f.created_at)}
            for f in Follow.objects.filter(follower=person).select_related("user", "persona").order_by("created_at")
        ],
    }


def _notifications(person: User) -> dict[str, Any]:
    return {
        "inbox": [
            {"kind": n.kind, "title": n.title, "body": n.body, "at": _when(n.created_at), "read_at": _when(n.read_at)}
            for n in notification_selectors.inbox(person)
        ],
        "deliveries": [
            {
                "kind": d.kind,
                "channel": d.channel,
                "status": d.status,
                "subject": d.subject,
                "sent_at": _when(d.sent_at),
            }
            for d in Delivery.objects.filter(recipient=person).order_by("created_at", "pk")
        ],
    }


def export_personal_data(*, person: User) -> dict[str, Any]:
    """Everything Tweet Camp holds about one person, as plain JSON-ready data."""
    return {
        "format": "tweetcamp-personal-data",
        "version": EXPORT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "profile": _profile(person),
        **_courses(person),
        **_practice(person),
        "notifications": _notifications(person),
    }


@dataclass(frozen=True)
class Anonymised:
    person_id: int
    handle: str
    email: str


def is_anonymised(person: User) -> bool:
    return person.email.endswith("@" + ANONYMISED_DOMAIN)


def pseudonyms(person: User) -> tuple[str, str]:
    """Stable per person: the same id always gives the same handle and address."""
    return f"former_{person.pk}"[:15], f"former-{person.pk}@{ANONYMISED_DOMAIN}"


@transaction.atomic
def anonymise(*, person: User, actor: User) -> Anonymised:
    """Replace who a departed person was with stable pseudonyms and disable their login.

    Kept: enrolments, attendance, submissions, grades, completions and posts (their author
    is now shown as "Former staff member"), so reports still add up. Removed: their e-mail
    addresses and single sign-on links, inbox, preferences, calendar feed and the bodies
    of e-mails sent to them.
    """
    person = User.objects.select_for_update().get(pk=person.pk)
    if person.pk == actor.pk:
        raise CannotAnonymise("You cannot anonymise yourself.")
    if is_anonymised(person):
        raise CannotAnonymise("This person is already anonymised.")
    handle, email = pseudonyms(person)
    person.display_name = FORMER_NAME
    person.handle = handle
    person.email = email
    person.bio = person.location = person.website = ""
    person.is_active = person.is_staff = person.is_superuser = False
    person.set_unusable_password()  # also ends every session: its hash no longer matches
    person.save()
    EmailAddress.objects.filter(user=person).delete()
    SocialAccount.objects.filter(user=person).delete()
    CalendarFeed.objects.filter(user=person).delete()
    Notification.objects.filter(recipient=person).delete()
    Preference.objects.filter(person=person).delete()
    QuietHours.objects.filter(person=person).delete()
    # The ledger rows stay (they keep "sent once" true); what was written to the person goes.
    Delivery.objects.filter(recipient=person).update(subject="", body_text="", body_html="", attachments=[])
    return Anonymised(person_id=person.pk, handle=handle, email=email)
