"""The demo's reminder session: it starts about 65 minutes after ``make demo`` loads it, so the
1-hour reminder reaches its people (console e-mail and the in-app list) within about five minutes.

Idempotent: running the demo again moves the session back to 65 minutes ahead, and the
reminders go again (a new start is a new reminder slot).
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from courses.models import Course, Enrolment, PublishStatus, Session
from courses.services import enrolment as enrolment_services
from courses.services.sessions import SessionDetails, create_session

HASHTAG = "#TweetCampSoon"
STARTS_IN = timedelta(minutes=65)


def load(*, learner: User, trainer: User, admin: User, others: list[User]) -> Session:
    course, _ = Course.objects.update_or_create(
        slug="posting-in-a-crisis",
        defaults={
            "title": "Posting in a crisis",
            "summary": "A live hour on what to post (and what not to) when news breaks at the hospital.",
            "cover_text": "A short live session. **Bring a question.**",
            "status": PublishStatus.PUBLISHED,
            "estimated_minutes": 60,
            "created_by": admin,
            "require_drills": False,
            "require_lessons": False,
        },
    )
    starts = (timezone.now() + STARTS_IN).replace(second=0, microsecond=0)
    times = {
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=1),
        "enrolment_closes_at": starts - timedelta(minutes=10),
    }
    session = Session.objects.filter(hashtag__iexact=HASHTAG).first()
    if session is None:
        details = SessionDetails(
            title="Live Q&A",
            time_zone="America/Chicago",
            location="",
            online_url="https://meet.example.org/crisis",
            capacity=20,
            hashtag=HASHTAG,
            **times,
        )
        session = create_session(course=course, details=details, trainers=[trainer], actor=trainer)
    else:
        Session.objects.filter(pk=session.pk).update(status=Session.Status.SCHEDULED, **times)
        session.refresh_from_db()
    for person in [learner, *others[:3]]:
        if not Enrolment.objects.filter(user=person, course=course, status__in=Enrolment.ACTIVE).exists():
            enrolment_services.enrol(person=person, session=session)
    return session
