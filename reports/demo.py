"""Demo staff for the dashboards: 150 people across a dozen departments, with assignments, completions
over the last year (some expired), past sessions with attendance, drill scores and a little feed talk.

Idempotent: keyed on the staff e-mails, department codes and session hashtags; a second run adds
nothing. Fast: people, enrolments and results are bulk-inserted (only the few posts go through the
practice services, so mentions and hashtags are extracted as in real use).
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.models import Group
from django.db.models import Count
from django.utils import timezone

from accounts.models import Department, User
from accounts.roles import Role
from courses.models import Assignment, Completion, Course, Drill, Enrolment, Grade, Session, Submission
from courses.services import assignments as assignment_services
from courses.services.sessions import SessionDetails, create_session
from practice import services as practice
from practice.models import Feed, Persona, Post
from practice.rubric import KINDS
from practice.services.posting import publish_as_persona

STAFF = 150
EMAIL = "staff{:03d}@example.org"
# Packed lists of first and last names: one a line would add forty lines that say nothing.
FIRST = ["Alex", "Bea", "Chris", "Dana", "Eli", "Fran", "Gus", "Hana", "Ira", "Jo", "Kim", "Lou", "Mo", "Nia",
         "Oli", "Pia", "Quinn", "Rae", "Sol", "Tess", "Uma", "Vic", "Wen", "Xan", "Yara", "Zed"]  # fmt: skip
LAST = ["Adams", "Baker", "Chen", "Diaz", "Evans", "Fox", "Garcia", "Hughes", "Ito", "Jones", "Khan", "Lopez",
        "Meyer", "Nguyen", "Okafor", "Patel", "Quist", "Rossi", "Silva", "Tran"]  # fmt: skip

# More of the organisation under the demo camp's tree: (code, name, parent code).
DEPARTMENTS = [
    ("emergency", "Emergency", "hospital"),
    ("emergency-triage", "Triage", "emergency"),
    ("radiology", "Radiology", "hospital"),
    ("surgery", "Surgery", "hospital"),
    ("surgery-theatres", "Theatres", "surgery"),
    ("admin-services", "Administration", "hospital"),
]
# Where the staff work, with weights: a bigger nursing tree, as in a real hospital.
SPREAD = [
    ("nursing", 2),
    ("nursing-ld", 3),
    ("nursing-icu", 3),
    ("emergency", 2),
    ("emergency-triage", 2),
    ("radiology", 2),
    ("surgery", 1),
    ("surgery-theatres", 2),
    ("pharmacy", 2),
    ("comms", 1),
    ("admin-services", 2),
]


def _departments() -> dict[str, Department]:
    by_code = {d.code: d for d in Department.objects.all()}
    for code, name, parent in DEPARTMENTS:
        by_code[code], _ = Department.objects.update_or_create(
            code=code, defaults={"name": name, "parent": by_code.get(parent)}
        )
    return by_code


def _staff(rng: random.Random, departments: dict[str, Department]) -> list[User]:
    emails = [EMAIL.format(i) for i in range(1, STAFF + 1)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    codes = [code for code, weight in SPREAD for _ in range(weight)]
    now = timezone.now()
    new = []
    for i, email in enumerate(emails, start=1):
        name = f"{FIRST[i % len(FIRST)]} {LAST[(i * 7) % len(LAST)]}"
        joined = now - timedelta(days=rng.randint(5, 720))
        code = codes[rng.randrange(len(codes))]
        if email not in existing:
            new.append(
                User(
                    email=email,
                    display_name=name,
                    handle=f"staff{i:03d}",
                    password="!",  # noqa: S106 - an unusable password: demo staff do not sign in
                    department=departments.get(code),
                    date_joined=joined,
                    time_zone="America/Chicago",
                )
            )
    User.objects.bulk_create(new)
    employee = Group.objects.get(name=Role.EMPLOYEE)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=u.pk, group_id=employee.pk) for u in User.objects.filter(email__in=emails)],
        ignore_conflicts=True,
    )
    return list(User.objects.filter(email__in=emails).order_by("email"))


def _assignment(course: Course, note: str, *, actor: User, **details: Any) -> Assignment:
    existing = Assignment.objects.filter(course=course, note=note).first()
    if existing is not None:
        return existing
    return assignment_services.create_assignment(
        details=assignment_services.AssignmentDetails(course=course, note=note, **details), actor=actor
    )


def _past_session(course: Course, *, title: str, hashtag: str, days_ago: int, trainer: User) -> Session:
    existing: Session | None = Session.objects.filter(hashtag__iexact=hashtag).first()
    if existing is not None:
        return existing
    starts = (timezone.now() + timedelta(days=30)).replace(minute=0, second=0, microsecond=0)
    details = SessionDetails(
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        time_zone="America/Chicago",
        location="Education Centre, Room 3",
        online_url="",
        capacity=24,
        hashtag=hashtag,
        enrolment_closes_at=starts - timedelta(hours=12),
    )
    session = create_session(course=course, details=details, trainers=[trainer], actor=trainer)
    # Scheduling refuses the past; a demo session that already happened is moved there afterwards.
    past = starts - timedelta(days=30 + days_ago)
    Session.objects.filter(pk=session.pk).update(
        starts_at=past, ends_at=past + timedelta(hours=2), enrolment_closes_at=past - timedelta(hours=12)
    )
    Feed.objects.filter(pk=session.feed_id).update(starts_at=past)
    session.refresh_from_db()
    return session


def _attendance(rng: random.Random, session: Session, people: list[User]) -> list[User]:
    """Seats for the people (attended or no-show); returns who attended."""
    if session.enrolments.exists():
        return list(User.objects.filter(enrolments__session=session, enrolments__status=Enrolment.Status.ATTENDED))
    rows = []
    for person in people[: session.capacity]:
        status = Enrolment.Status.ATTENDED if rng.random() < 0.85 else Enrolment.Status.NO_SHOW
        rows.append(
            Enrolment(
                session=session,
                course=session.course,
                user=person,
                status=status,
                created_at=session.starts_at - timedelta(days=10),
                status_changed_at=session.ends_at,
            )
        )
    Enrolment.objects.bulk_create(rows)
    Session.objects.filter(pk=session.pk).update(seats_taken=len(rows))
    return [r.user for r in rows if r.status == Enrolment.Status.ATTENDED]


def _results(rng: random.Random, session: Session, attended: list[User], drills: list[Drill]) -> None:
    if Submission.objects.filter(session=session).exists():
        return
    submissions: list[Submission] = []
    grades: list[tuple[Submission, list[dict[str, Any]], int, bool, datetime]] = []
    for person in attended:
        for drill in drills:
            rules: list[dict[str, Any]] = []
            for spec in drill.rubric:
                # Hashtags and links are the rules people forget most.
                odds = 0.55 if spec["kind"] in ("uses_hashtag", "includes_link", "policy_discloses_employer") else 0.85
                rules.append(
                    {
                        "kind": spec["kind"],
                        "label": KINDS[spec["kind"]].label if spec["kind"] in KINDS else spec["kind"],
                        "passed": rng.random() < odds,
                        "weight": spec.get("weight", 1),
                        "feedback": "",
                        "detail": "",
                    }
                )
            total = sum(r["weight"] for r in rules) or 1
            score = round(100 * sum(r["weight"] for r in rules if r["passed"]) / total)
            at = session.starts_at + timedelta(minutes=rng.randint(10, 110))
            passed = score >= drill.pass_mark
            submission = Submission(
                drill=drill,
                user=person,
                session=session,
                attempt=1,
                status="graded",
                created_at=at,
                graded_at=at,
                score=score,
                passed=passed,
            )
            submissions.append(submission)
            grades.append((submission, rules, score, passed, at))
    Submission.objects.bulk_create(submissions)
    Grade.objects.bulk_create(
        Grade(
            submission=s,
            rubric_version=s.drill.rubric_version,
            score=score,
            passed=passed,
            results=rules,
            created_at=at,
        )
        for s, rules, score, passed, at in grades
    )


def _completions(rng: random.Random, people: list[User], course: Course, share: float, max_days: int) -> None:
    now = timezone.now()
    rows = [
        Completion(user=p, course=course, completed_at=now - timedelta(days=rng.randint(1, max_days)))
        for p in people
        if rng.random() < share
    ]
    Completion.objects.bulk_create(rows, ignore_conflicts=True)


def _feed_talk(rng: random.Random, session: Session, attended: list[User]) -> None:
    """A few posts in a past cohort feed, so the cohort report and the after-action report have content.
    Written through the practice services, then moved into the session's two hours."""
    if Post.objects.filter(feed=session.feed).exists() or not attended:
        return
    persona = Persona.objects.filter(handle__iexact="NewsDeskDaily").first()
    for person in attended[:8]:
        practice.add_member(feed=session.feed, user=person)
    made = []
    greeting = None
    if persona is not None:
        text = f"Welcome to {session.hashtag}! Who is on shift today?"
        greeting = publish_as_persona(persona=persona, feed=session.feed, text=text)
        made.append(greeting)
    first, *rest = attended[:8]
    opener = practice.create_post(user=first, feed=session.feed, text=f"Hello everyone {session.hashtag} 👋")
    made.append(opener)
    for i, person in enumerate(rest):
        if greeting is not None and i % 2 == 0:
            made.append(practice.reply(user=person, post=greeting, text=f"On nights this week! {session.hashtag}"))
        elif i % 3 == 1:
            text = f"@{first.handle} good to see you. Flu facts: https://www.cdc.gov/flu/"
            made.append(practice.create_post(user=person, feed=session.feed, text=text))
        else:
            made.append(practice.quote(user=person, post=opener, text="Great start, thanks for organising this"))
    text = "Busy night, the patient in bed 4B was discharged today"
    made.append(practice.create_post(user=rest[0] if rest else first, feed=session.feed, text=text))
    at = session.starts_at + timedelta(minutes=5)
    for post in made:
        Post.objects.filter(pk=post.pk).update(created_at=at)
        at += timedelta(minutes=rng.randint(2, 9), seconds=rng.randint(0, 59))


def load(*, admin: User, trainer: User) -> dict[str, int]:
    """Add the demo staff and their records (call after the demo camp's courses exist)."""
    rng = random.Random(7)  # noqa: S311 - the same demo every time, nothing secret
    departments = _departments()
    staff = _staff(rng, departments)
    basics = Course.objects.get(slug="social-media-basics")
    camp = Course.objects.get(slug="tweet-camp")
    hospital = departments["hospital"]
    _assignment(
        basics,
        "Everyone, every year",
        actor=admin,
        departments=[hospital],
        due_rule=Assignment.DueRule.FIXED,
        due_on=date.today() - timedelta(days=14),
        recertify_months=12,
    )
    _assignment(
        camp,
        "Clinical staff and communications",
        actor=admin,
        departments=[departments["nursing"], departments["emergency"], departments["comms"]],
        due_rule=Assignment.DueRule.AFTER_JOINED,
        due_days=90,
    )
    _assignment(
        camp,
        "Managers",
        actor=admin,
        roles=[Group.objects.get(name=Role.MANAGER)],
        due_rule=Assignment.DueRule.AFTER_ASSIGNED,
        due_days=60,
    )
    if not Completion.objects.filter(user__in=staff).exists():
        # Some of the basics completions are over a year old: expired, so those people are due again.
        _completions(rng, staff, basics, share=0.7, max_days=420)
        _completions(rng, staff, camp, share=0.35, max_days=300)
    drills = list(Drill.objects.filter(lesson__course=camp).order_by("position")[:5])
    shuffled = staff[:]
    rng.shuffle(shuffled)
    for n, (title, hashtag, days_ago) in enumerate(
        [
            ("September cohort", "#TweetCampSep", 75),
            ("October cohort", "#TweetCampOct", 40),
            ("November cohort", "#TweetCampNov", 12),
        ]
    ):
        session = _past_session(camp, title=title, hashtag=hashtag, days_ago=days_ago, trainer=trainer)
        attended = _attendance(rng, session, shuffled[n * 24 : (n + 1) * 24])
        _results(rng, session, attended, drills)
        _feed_talk(rng, session, attended)
    return {
        "staff": len(staff),
        "departments": Department.objects.count(),
        "completions": Completion.objects.count(),
        "submissions": Submission.objects.count(),
        "sessions": Session.objects.annotate(n=Count("enrolments")).filter(n__gt=0).count(),
    }
