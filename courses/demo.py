"""The demo camp's training content: a policy, courses, lessons, sessions with a waitlist,
and a learner who has completed one course. Idempotent: keyed on slugs and hashtags."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from accounts.models import User
from courses.models import (
    Completion,
    Course,
    Drill,
    Enrolment,
    Lesson,
    PolicyVersion,
    PublishStatus,
    Session,
    Submission,
)
from courses.services import drills, progress
from courses.services import enrolment as enrolment_services
from courses.services.sessions import SessionDetails, create_session
from practice import services as practice
from practice.models import Persona, Post

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
        defaults={
            "title": title,
            "summary": summary,
            "cover_text": cover,
            "status": PublishStatus.PUBLISHED,
            "estimated_minutes": 90,
            "created_by": actor,
        },
    )
    for position, (lesson_title, body) in enumerate(lessons, start=1):
        Lesson.objects.update_or_create(
            course=course,
            position=position,
            defaults={"title": lesson_title, "body": body, "status": PublishStatus.PUBLISHED},
        )
    return course


def _session(
    course: Course, *, title: str, hashtag: str, days: float, capacity: int, trainer: User, **extra: str
) -> Session:
    existing = Session.objects.filter(hashtag__iexact=hashtag).first()
    if existing:
        return existing
    starts = (timezone.now() + timedelta(days=days)).replace(minute=0, second=0, microsecond=0)
    details = SessionDetails(
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        time_zone="America/Chicago",
        location=extra.get("location", "Education Centre, Room 2"),
        online_url=extra.get("online_url", ""),
        capacity=capacity,
        hashtag=hashtag,
        enrolment_closes_at=starts - timedelta(hours=12),
    )
    return create_session(course=course, details=details, trainers=[trainer], actor=trainer)


def _enrol(person: User, session: Session) -> Enrolment:
    current = Enrolment.objects.filter(user=person, course=session.course, status__in=Enrolment.ACTIVE).first()
    return current or enrolment_services.enrol(person=person, session=session)


def load(*, learner: User, trainer: User, admin: User, others: list[User]) -> dict[str, object]:
    policy = PolicyVersion.objects.first() or progress.publish_policy(title="Social-media policy", body=POLICY)
    basics = _course(
        "social-media-basics",
        "Social media basics",
        "What a post is, who sees it, and what never to share.",
        "A short course on the building blocks. **Start here.**",
        BASICS_LESSONS,
        admin,
    )
    camp = _course(
        "tweet-camp",
        "Tweet Camp",
        "Practise posting, replying, retweeting and quoting in a safe sandbox.",
        "Tweet Camp is hands-on: read a lesson, then try it in your cohort's practice feed. "
        "Your session's hashtag is **{session.hashtag}**.",
        CAMP_LESSONS,
        admin,
    )

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
    main = _session(
        camp,
        title="December cohort",
        hashtag="#TweetCamp3",
        days=6,
        capacity=12,
        trainer=trainer,
        online_url="https://meet.example.org/tweetcamp3",
    )
    small = _session(camp, title="Night-shift cohort", hashtag="#TweetCampNights", days=9, capacity=3, trainer=trainer)
    _enrol(learner, main)
    first_lesson = camp.lessons.first()
    if first_lesson is not None:
        progress.mark_lesson_read(person=learner, lesson=first_lesson)
    for person in others[:6]:
        _enrol(person, main)
    for person in others[6:11]:  # three seats, then a waitlist of two
        _enrol(person, small)
    return {
        "camp": camp,
        "policy": policy,
        "courses": [basics, camp],
        "main_session": main,
        "full_session": small,
        "certificate": Completion.objects.filter(user=learner, course=basics).first(),
    }


# --- Drills -------------------------------------------------------------------------------
# (lesson position, title, action, target persona, target phrase, instructions, rubric)
# Kept as written (fmt: skip below): one drill per row reads as a table; formatted, each row becomes 20 lines.
DRILLS: list[tuple[int, str, str, str, str, str, list[dict[str, Any]]]] = [
    (1, "Say hello with the session hashtag", "post", "", "",
     "Introduce yourself to your cohort in one post. Use **{session.hashtag}** so the cohort finds it.",
     [{"kind": "uses_hashtag", "params": {"hashtag": "session"}, "weight": 2, "message": "Tag the session."},
      {"kind": "length_between", "params": {"min": 20, "max": 280}, "message": "Say a little more than hi."},
      {"kind": "not_shouting", "params": {}, "message": "No need to shout."}]),
    (2, "Mention your trainer", "post", "", "",
     "Thank your trainer with an **@mention** and the session hashtag.",
     [{"kind": "mentions_handle", "params": {"handle": "trainer"}, "weight": 2, "message": "Mention your trainer."},
      {"kind": "uses_hashtag", "params": {"hashtag": "session"}, "message": "Tag the session."}]),
    (2, "Reply to a worried parent", "reply", "WorriedParent", "read this",
     "@WorriedParent asks whether anyone from the hospital reads their posts. **Reply** with empathy, say you "
     "work here, and give no patient details.",
     [{"kind": "is_reply_to", "params": {"post_id": "target"}, "weight": 2, "message": "Reply to the parent's post."},
      {"kind": "policy_no_phi", "params": {}, "weight": 2, "message": "Never share patient details."},
      {"kind": "policy_discloses_employer", "params": {}, "message": "Say that you work here."},
      {"kind": "not_contains", "params": {"phrases": ["calm down", "not my problem"]}, "message": "Stay kind."}]),
    (2, "A shout-out without patient details", "post", "", "",
     "Celebrate your unit's week in one post, with the session hashtag, and **no** detail that could identify a "
     "patient (no names, rooms, dates or rare events).",
     [{"kind": "policy_no_phi", "params": {}, "weight": 3, "message": "No protected health information."},
      {"kind": "uses_hashtag", "params": {"hashtag": "session"}, "message": "Tag the session."}]),
    (3, "Retweet the safety notice", "retweet", "NewsDeskDaily", "SAFETY NOTICE",
     "Find @NewsDeskDaily's **safety notice** in your cohort feed and retweet it as it is.",
     [{"kind": "is_retweet_of", "params": {"post_id": "target"}, "message": "Retweet the safety notice."}]),
    (3, "Quote the flu post with your own words", "quote", "NewsDeskDaily", "Flu season",
     "Quote @NewsDeskDaily's flu-season post and add **your own words**: why should people get their shot?",
     [{"kind": "is_quote_of", "params": {"post_id": "target", "min_words": 5}, "weight": 2,
       "message": "Quote it and add at least five words of your own."},
      {"kind": "max_hashtags", "params": {"count": 2}, "message": "Two hashtags at most."}]),
    (4, "Share a trustworthy link", "post", "", "",
     "Share a link to the CDC (cdc.gov) about flu vaccines, with the session hashtag.",
     [{"kind": "includes_link", "params": {"domain": "cdc.gov"}, "weight": 2, "message": "Link to cdc.gov."},
      {"kind": "uses_hashtag", "params": {"hashtag": "session"}, "message": "Tag the session."}]),
    (5, "A transparent profile", "profile", "", "",
     "Edit your practice profile: say who runs the account, add a disclaimer such as *following doesn't mean "
     "endorsement*, and link to a web page.",
     [{"kind": "profile_maintainer", "params": {}, "message": "Say who maintains the account."},
      {"kind": "profile_disclaimer", "params": {}, "message": "Add a disclaimer."},
      {"kind": "profile_link", "params": {}, "message": "Link to a web page."}]),
    (2, "Answer the people who mention you", "activity", "", "",
     "Over the session, reply to **two different people** who mention you.",
     [{"kind": "replies_to_mentioners", "params": {"count": 2}, "message": "Reply to two people who mention you."}]),
]  # fmt: skip

TARGET_POSTS = [
    ("WorriedParent", "Been in the ER waiting room 3 hours with my son. Does anyone from the hospital read this?"),
    ("NewsDeskDaily", "SAFETY NOTICE: the city lifted the boil-water advisory for the north campus. Please share."),
    ("NewsDeskDaily", "Flu season is starting early this year. Should you get your shot now? #FluSeason"),
]

# The demo learner's attempts: drill title, text (None for retweet/profile), graded.
ATTEMPTS = [
    (
        "Say hello with the session hashtag",
        "Hi all, Erin from Labour & Delivery here. Looking forward to it! #TweetCamp3",
    ),
    ("Mention your trainer", "Thanks for the session so far! #TweetCamp3"),
    ("Mention your trainer", "Thanks @theo_trains for a great first lesson! #TweetCamp3"),
    ("A shout-out without patient details", "Congrats to the triplets' mom in L&D today! Proud of my team #TweetCamp3"),
    ("Retweet the safety notice", None),
    ("Quote the flu post with your own words", "#FluSeason"),
]


def load_drills(*, camp: Course, session: Session, learner: User, trainer: User) -> list[Drill]:
    for handle, text in TARGET_POSTS:
        persona = Persona.objects.filter(handle__iexact=handle).first()
        if persona and not Post.objects.filter(feed=session.feed, persona=persona, text=text).exists():
            practice.post_as_persona(user=trainer, persona=persona, feed=session.feed, text=text)
    lessons = {lesson.position: lesson for lesson in camp.lessons.all()}
    made = []
    for order, (position, title, action, handle, phrase, instructions, rules) in enumerate(DRILLS):
        drill, _ = Drill.objects.update_or_create(
            lesson=lessons[position],
            title=title,
            defaults={
                "action": action,
                "target_persona_handle": handle,
                "target_text_contains": phrase,
                "instructions": instructions,
                "rubric": drills.validate_rubric(rules),
                "position": order,
            },
        )
        made.append(drill)
    if not Submission.objects.filter(user=learner).exists():
        by_title = {d.title: d for d in made}
        for drill_title, attempt_text in ATTEMPTS:
            submission = drills.attempt(person=learner, drill=by_title[drill_title], text=attempt_text or "")
            drills.grade_submission(submission.pk)
    return made
