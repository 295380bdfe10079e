"""The demo camp: a small hospital with one person per role and a course to look at.

Idempotent: running it twice leaves one copy of everything. Each capability
adds its own part below, so the demo grows with the product.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import Department, User
from accounts.roles import Role
from courses import demo as courses_demo
from courses import reminder_demo
from courses.models import Course, Session
from notifications import demo as notifications_demo
from practice import demo as practice_demo
from reports import demo as reports_demo

DEMO_PASSWORD = "tweetcamp-demo"  # noqa: S105 - printed for the demo on purpose


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str


DEPARTMENTS = [
    # code, name, parent code
    ("hospital", "Example Health", None),
    ("nursing", "Nursing", "hospital"),
    ("nursing-ld", "Labour & Delivery", "nursing"),
    ("nursing-icu", "Intensive Care", "nursing"),
    ("comms", "Communications", "hospital"),
    ("pharmacy", "Pharmacy", "hospital"),
]

# More staff, so rosters, waitlists and dashboards have people in them.
# Two colleagues a line: a table of twelve reads better than twenty-four lines.
COLLEAGUES = [
    ("Noah Nurse", "noah_rn", "nursing-icu"), ("Priya Pharmacist", "priya_rx", "pharmacy"),
    ("Sam Scrub", "sam_scrubs", "nursing-ld"), ("Lena Lab", "lena_lab", "hospital"),
    ("Omar Ortho", "omar_md", "hospital"), ("Grace Greeter", "grace_g", "comms"),
    ("Ivy ICU", "ivy_icu", "nursing-icu"), ("Ben Billing", "ben_b", "hospital"),
    ("Ruth Radiology", "ruth_xr", "hospital"), ("Kai Kitchen", "kai_k", "hospital"),
    ("Zoe Zenith", "zoe_z", "pharmacy"), ("Finn Flow", "finn_f", "nursing"),
]  # fmt: skip

PEOPLE = [
    # role, email, name, handle, department, time zone
    (Role.EMPLOYEE, "employee@example.org", "Erin Employee", "erin_rn", "nursing-ld", "America/Chicago"),
    (Role.TRAINER, "trainer@example.org", "Theo Trainer", "theo_trains", "comms", "America/Chicago"),
    (Role.MANAGER, "manager@example.org", "Maya Manager", "maya_mgr", "nursing", "America/Chicago"),
    (Role.ADMIN, "admin@example.org", "Ada Admin", "ada_admin", "comms", "Europe/London"),
]


def load_departments() -> dict[str, Department]:
    by_code: dict[str, Department] = {}
    for code, name, parent in DEPARTMENTS:
        dept, _ = Department.objects.update_or_create(
            code=code, defaults={"name": name, "parent": by_code.get(parent) if parent else None}
        )
        by_code[code] = dept
    return by_code


@cache
def _demo_password_hash() -> str:
    return make_password(DEMO_PASSWORD)


def ensure_person(
    *, email: str, name: str, handle: str, department: Department | None, time_zone: str, roles: list[str]
) -> User:
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=None,
            display_name=name,
            handle=handle,
            department=department,
            time_zone=time_zone,
        )
        # One hash for every demo person: hashing is slow on purpose, once is enough here.
        user.password = _demo_password_hash()
        user.save(update_fields=["password"])
    user.groups.set(Group.objects.filter(name__in={Role.EMPLOYEE, *roles}))
    if Role.ADMIN in roles and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    # Demo people have verified addresses, so they can sign in straight away.
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


@transaction.atomic
def load() -> list[DemoLogin]:
    departments = load_departments()
    logins = []
    people = {}
    for role, email, name, handle, dept, tz in PEOPLE:
        people[role] = ensure_person(
            email=email, name=name, handle=handle, department=departments[dept], time_zone=tz, roles=[role]
        )
        logins.append(DemoLogin(role=role, email=email, password=DEMO_PASSWORD))
    others = [
        ensure_person(
            email=f"{handle}@example.org",
            name=name,
            handle=handle,
            department=departments[dept],
            time_zone="America/Chicago",
            roles=[],
        )
        for name, handle, dept in COLLEAGUES
    ]
    learner, trainer = people[Role.EMPLOYEE], people[Role.TRAINER]
    made = courses_demo.load(learner=learner, trainer=trainer, admin=people[Role.ADMIN], others=others)
    session, camp = made["main_session"], made["camp"]
    assert isinstance(session, Session) and isinstance(camp, Course)
    practice_demo.load(cohort_feed=session.feed, trainer=trainer, learners=[learner, *others[:6]])
    courses_demo.load_drills(camp=camp, session=session, learner=learner, trainer=trainer)
    reminder_demo.load(learner=learner, trainer=trainer, admin=people[Role.ADMIN], others=others)
    notifications_demo.load(learner=learner)
    reports_demo.load(admin=people[Role.ADMIN], trainer=trainer)
    return logins
