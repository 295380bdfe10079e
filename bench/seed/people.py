"""Seeding the people: the department tree, every person, and their groups."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import psycopg

from bench.seed.copying import Row, cols, copy_rows, iso
from bench.seed.state import SeederState
from bench.seed.vocabulary import FIRST, LAST


class PeopleSeeding(SeederState):
    """The department tree, then regular people, the admin, trainers, the storm crowd, the graders."""

    def _people(self, cur: psycopg.Cursor) -> None:
        z = self.z
        # Department tree: the organisation, 10 divisions, departments (~1,000 people), teams (~100).
        departments: list[tuple[int, str, str, int | None]] = [(1, "Example Health", "org", None)]
        divisions = list(range(2, 12))
        departments += [(d, f"Division {d - 1}", f"div-{d - 1}", 1) for d in divisions]
        n_depts = max(2, z.users // 1000)
        depts = list(range(12, 12 + n_depts))
        departments += [(d, f"Department {d}", f"dept-{d}", divisions[i % 10]) for i, d in enumerate(depts)]
        n_teams = max(4, z.users // 100)
        teams = list(range(12 + n_depts, 12 + n_depts + n_teams))
        departments += [(t, f"Team {t}", f"team-{t}", depts[i % n_depts]) for i, t in enumerate(teams)]
        copy_rows(cur, "accounts_department", ["id", "name", "code", "parent_id"], departments)
        self.teams = teams

        # Regular people are ids 1..users; then the admin, trainers, the storm crowd, the graders.
        self.n_trainers = max(2, z.sessions // 20)
        self.admin_id = z.users + 1
        self.trainer_ids = list(range(z.users + 2, z.users + 2 + self.n_trainers))
        first_storm = self.trainer_ids[-1] + 1
        self.storm_ids = list(range(first_storm, first_storm + z.storm_people))
        first_grader = first_storm + z.storm_people
        self.grader_ids = list(range(first_grader, first_grader + z.grading_people))
        self.max_user = self.grader_ids[-1]
        firsts, lasts = FIRST.split(), LAST.split()
        joined = iso(self.now - timedelta(days=400))

        def users() -> Iterator[Row]:
            for pk in range(1, self.max_user + 1):
                name = f"{firsts[pk % len(firsts)]} {lasts[(pk // len(firsts)) % len(lasts)]}"
                handle = f"u{pk}" if pk <= z.users else ("admin1" if pk == self.admin_id else f"s{pk}")
                yield (
                    pk,
                    self.password_hash,
                    pk == self.admin_id,
                    f"{handle}@bench.example.org",
                    name,
                    handle,
                    "Europe/London" if pk % 3 else "UTC",
                    "en",
                    "Practising in the sandbox.",
                    "",
                    "",
                    True,
                    pk == self.admin_id,
                    joined,
                    teams[pk % len(teams)],
                )

        copy_rows(
            cur,
            "accounts_user",
            cols(
                "id password is_superuser email display_name handle time_zone language bio location website "
                "is_active is_staff date_joined department_id"
            ),
            users(),
        )
        employee, trainer, manager, admin = (self.groups[n] for n in ("Employee", "Trainer", "Manager", "Admin"))

        def memberships() -> Iterator[Row]:
            for pk in range(1, self.max_user + 1):
                yield (pk, employee)
            for pk in self.trainer_ids:
                yield (pk, trainer)
            for pk in range(1, min(z.users, 10 * 50) + 1, 50):  # a manager in many teams
                yield (pk, manager)
            yield (self.admin_id, admin)

        copy_rows(cur, "accounts_user_groups", ["user_id", "group_id"], memberships())
        self.meta.admin_id = self.admin_id
        self.meta.counts["users"] = self.max_user
        self.meta.counts["departments"] = len(departments)
        self._lap("people")
