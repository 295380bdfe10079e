"""The demo camp's training content: a policy, courses, lessons, sessions with a waitlist,
and a learner who has completed one course. Idempotent: keyed on slugs and hashtags."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from courses.models import Completion, Course, Enrolment, Lesson, PolicyVersion, PublishStatus, Session
from courses.services import enrolment as enrolment_services
from courses.services import progress
from courses.services.sessions import SessionDetails, create_session

POLICY = """## Our social-media policy, in short

1. **Never share patient information.** No names, photos, room numbers, dates, or stories
   that could identify someone, even without a name.
2. **Say who you are.** When you post about {org.handle} or health care, say that you work here.
3. **Your views are your own.** Add "views are my own" to your profile when you post about work.
4. **Be kind and be accurate.** Link to sources; correct mistakes openly.
5. **When in doubt, don't post.** Ask the Communications team.
"""

BASICS_LESSONS = [
    (
        "Why post at all?",
        "Social media lets clinicians share **accurate** health information where people look for it.\n\n"
        "> The best antidote to misinformation is a trusted voice.\n\nIn this course you practise in a private feed.",
    ),
    (
        "Anatomy of a post",
        "A post has at most **280 characters**. Links always count 23.\n\n"
        "* `@mentions` reach people\n* `#hashtags` join a conversation\n* links send people to sources",
    ),
    (
        "Privacy first",
        "Patient privacy comes before everything. Read the [HHS guidance](https://www.hhs.gov/hipaa/).\n\n"
        "Never post a room number, a date tied to a patient, or a story that identifies someone.",
    ),
]

CAMP_LESSONS = [
    (
        "Welcome to {session.hashtag}",
        "Your session starts {session.starts}. Use **{session.hashtag}** on every practice post "
        "so your cohort sees it, and follow {org.handle}.",
    ),
    (
        "Replying and mentioning",
        "Reply to people who mention you. A reply starts a conversation; a mention invites one.",
    ),
    ("Retweets and quotes", "A retweet shares as-is. A quote adds *your own words* on top: say why it matters."),
    (
        "Links and sources",
        "Link to the source, e.g. `https://www.cdc.gov/`. The link counts 23 characters whatever its length.",
    ),
    (
        "Your profile",
        "Say who maintains the account, add a disclaimer such as *following doesn't mean endorsement*, "
        "and link to a web page about you.",
    ),
]


def _course(slug: str, title: str, summary: str, cover: str, lessons: list[tuple[str, str]], actor: User) -> Course:
    course, _ = Course.objects.update_or_create(
        slug=slug,
        defaults={"title": title, "summary": summary, "cover_text": cover, "status": PublishStatus.PUBLISHED,
                  "estimated_minutes": 90, "created_by": actor},
    )  # fmt: skip
    for position, (lesson_title, body) in enumerate(lessons, start=1):
        Lesson.objects.update_or_create(
            course=course, position=position,
            defaults={"title": lesson_title, "body": body, "status": PublishStatus.PUBLISHED},
        )  # fmt: skip
    return course


def _session(
    course: Course, *, title: str, hashtag: str, days: float, capacity: int, trainer: User, **extra
) -> Session:
    existing = Session.objects.filter(hashtag__iexact=hashtag).first()
    if existing:
        return existing
    starts = (timezone.now() + timedelta(days=days)).replace(minute=0, second=0, microsecond=0)
    details = SessionDetails(
        title=title, starts_at=starts, ends_at=starts + timedelta(hours=2), time_zone="America/Chicago",
        location=extra.get("location", "Education Centre, Room 2"), online_url=extra.get("online_url", ""),
        capacity=capacity, hashtag=hashtag, enrolment_closes_at=starts - timedelta(hours=12),
    )  # fmt: skip
    return create_session(course=course, details=details, trainers=[trainer], actor=trainer)


def _enrol(person: User, session: Session) -> Enrolment:
    current = Enrolment.objects.filter(user=person, course=session.course, status__in=Enrolment.ACTIVE).first()
    return current or enrolment_services.enrol(person=person, session=session)


def load(*, learner: User, trainer: User, admin: User, others: list[User]) -> dict[str, object]:
    policy = PolicyVersion.objects.first() or progress.publish_policy(title="Social-media policy", body=POLICY)
    basics = _course(
        "social-media-basics", "Social media basics", "What a post is, who sees it, and what never to share.",
        "A short course on the building blocks. **Start here.**", BASICS_LESSONS, admin,
    )  # fmt: skip
    camp = _course(
        "tweet-camp", "Tweet Camp", "Practise posting, replying, retweeting and quoting in a safe sandbox.",
        "Tweet Camp is hands-on: read a lesson, then try it in your cohort's practice feed. "
        "Your session's hashtag is **{session.hashtag}**.", CAMP_LESSONS, admin,
    )  # fmt: skip

    # A past session of the basics course the learner attended and completed.
    past = _session(basics, title="October cohort", hashtag="#BasicsOct", days=3, capacity=20, trainer=trainer)
    enrolment = _enrol(learner, past)
    if past.starts_at > timezone.now():
        starts = (timezone.now() - timedelta(days=20)).replace(minute=0, second=0, microsecond=0)
        Session.objects.filter(pk=past.pk).update(
            starts_at=starts, ends_at=starts + timedelta(hours=2), enrolment_closes_at=starts - timedelta(hours=12)
        )
        enrolment.refresh_from_db()
    if enrolment.status == Enrolment.Status.ENROLLED:
        enrolment_services.mark_attendance(enrolment=enrolment, attended=True, actor=trainer)
    progress.acknowledge_policy(person=learner, policy=policy)
    for lesson in basics.lessons.all():
        progress.mark_lesson_read(person=learner, lesson=lesson)

    # Two upcoming Tweet Camp sessions: one with seats, one full with a waitlist.
    main = _session(camp, title="December cohort", hashtag="#TweetCamp3", days=6, capacity=12, trainer=trainer,
                    online_url="https://meet.example.org/tweetcamp3")  # fmt: skip
    small = _session(camp, title="Night-shift cohort", hashtag="#TweetCampNights", days=9, capacity=3, trainer=trainer)
    _enrol(learner, main)
    progress.mark_lesson_read(person=learner, lesson=camp.lessons.first())
    for person in others[:6]:
        _enrol(person, main)
    for person in others[6:11]:  # three seats, then a waitlist of two
        _enrol(person, small)
    return {
        "policy": policy,
        "courses": [basics, camp],
        "main_session": main,
        "full_session": small,
        "certificate": Completion.objects.filter(user=learner, course=basics).first(),
    }
