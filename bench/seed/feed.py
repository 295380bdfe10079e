"""Seeding the practice feed: personas, posts with their replies, retweets and quotes, likes, mentions,
hashtags and follows."""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import timedelta

import psycopg

from bench.seed.copying import Row, bare_tables, cols, copy_rows, iso
from bench.seed.state import SeederState
from bench.seed.vocabulary import PHRASES, TAGS


class FeedSeeding(SeederState):
    """The structure of the posts first (so the denormalised counters are known), then one COPY per table."""

    def _practice(self, cur: psycopg.Cursor) -> None:
        z, rng = self.z, self.rng
        users = z.users
        perm = list(range(1, users + 1))
        rng.shuffle(perm)  # popularity rank -> person

        def popular() -> int:
            return perm[int(users * rng.random() ** 2)]

        personas = [
            (
                p,
                f"Bench News {p}",
                f"BenchNews{p}",
                "News for the sandbox.",
                "BN",
                iso(self.now - timedelta(days=300)),
                self.trainer_ids[0],
                None,
            )
            for p in range(1, z.personas + 1)
        ]
        # migrate made the organisation's account (practice.services.organisation); the bench's own
        # personas take the ids from 1.
        cur.execute("DELETE FROM practice_persona")
        copy_rows(
            cur,
            "practice_persona",
            cols("id name handle bio avatar_initials created_at created_by_id feed_id"),
            personas,
        )

        # Posts: structure first (so the denormalised counters are known), then one COPY.
        P = z.posts
        span = timedelta(days=120).total_seconds()
        start = self.now - timedelta(days=120)
        learners_of_feed: dict[int, list[int]] = {}
        for f, u, role in self.members:
            if role == "learner":
                learners_of_feed.setdefault(f, []).append(u)
        cohort_feeds = [f for f in learners_of_feed if f != 1]
        author = [0] * (P + 1)
        persona = [0] * (P + 1)
        feed = [1] * (P + 1)
        kind = [""] * (P + 1)  # "" original, r reply, t retweet, q quote
        target = [0] * (P + 1)
        replies = [0] * (P + 1)
        retweets = [0] * (P + 1)
        quotes = [0] * (P + 1)
        originals: dict[int, list[int]] = {}
        seen_retweets: set[tuple[int, int]] = set()
        for pid in range(1, P + 1):
            r = rng.random()
            if r < 0.25 and cohort_feeds:
                f = cohort_feeds[rng.randrange(len(cohort_feeds))]
                pool = learners_of_feed[f]
                a = pool[rng.randrange(len(pool))]
            else:
                f = 1
                a = popular()
            feed[pid] = f
            earlier = originals.get(f)
            r = rng.random()
            if r < 0.05 and f == 1:
                persona[pid] = rng.randrange(1, z.personas + 1)
                a = 0
            elif r < 0.32 and earlier:
                t = earlier[-1 - int(len(earlier) * rng.random() ** 3)]
                if r < 0.17:
                    kind[pid], target[pid] = "r", t
                    replies[t] += 1
                elif r < 0.27 and (a, t) not in seen_retweets and a != author[t]:
                    seen_retweets.add((a, t))
                    kind[pid], target[pid] = "t", t
                    retweets[t] += 1
                else:
                    kind[pid], target[pid] = "q", t
                    quotes[t] += 1
            author[pid] = a
            if kind[pid] in ("", "q"):
                originals.setdefault(f, []).append(pid)
        self._lap("post structure")

        # Likes: about 1.6 per original post, skewed; no one likes a post twice.
        likes_of = [0] * (P + 1)
        like_rows: list[tuple[int, int]] = []
        for pid in range(1, P + 1):
            if kind[pid] == "t":
                continue
            k = int(10 * rng.random() ** 4)
            if not k:
                continue
            cohort = learners_of_feed.get(feed[pid]) if feed[pid] != 1 else None
            likers = set()
            for _ in range(k):
                likers.add(cohort[rng.randrange(len(cohort))] if cohort else rng.randrange(1, users + 1))
            likes_of[pid] = len(likers)
            like_rows.extend((u, pid) for u in likers)

        n_tags = max(50, P // 500)
        tags = TAGS + [f"topic{k}" for k in range(n_tags - len(TAGS))]
        mention_rows: list[tuple[int, str, int]] = []
        tag_rows: list[tuple[int, str, str]] = []
        stamps = [iso(start + timedelta(seconds=span * pid / P)) for pid in range(0, P + 1, max(1, P // 100_000))]
        stride = max(1, P // 100_000)
        session_of_feed = {f: s for s, f in self.feed_of_session.items()}

        def posts() -> Iterator[Row]:
            for pid in range(1, P + 1):
                k = kind[pid]
                text = ""
                if k != "t":
                    words = [PHRASES[pid % len(PHRASES)]]
                    if rng.random() < 0.3:
                        m = popular()
                        words.append(f"@u{m}")
                        mention_rows.append((pid, f"u{m}", m))
                    chosen = set()
                    if feed[pid] != 1 and rng.random() < 0.5:
                        tag = f"BenchS{session_of_feed[feed[pid]]}"
                        chosen.add(tag.lower())
                        words.append("#" + tag)
                    for _ in range((rng.random() < 0.4) + (rng.random() < 0.1)):
                        tag = tags[int(len(tags) * rng.random() ** 3)]
                        if tag not in chosen:
                            chosen.add(tag)
                            words.append("#" + tag)
                    tag_rows.extend((pid, t, stamps[pid // stride]) for t in chosen)
                    text = " ".join(words)
                t = target[pid]
                yield (
                    pid,
                    text,
                    stamps[pid // stride],
                    None,
                    None,
                    "",
                    replies[pid],
                    retweets[pid],
                    quotes[pid],
                    likes_of[pid],
                    author[pid] or None,
                    feed[pid],
                    None,
                    None,
                    persona[pid] or None,
                    None,
                    t if k == "q" else None,
                    t if k == "r" else None,
                    t if k == "t" else None,
                )

        big = ["practice_post", "practice_like", "practice_mention", "practice_hashtag", "practice_follow"]
        with bare_tables(cur, big):
            copy_rows(
                cur,
                "practice_post",
                cols(
                    "id text created_at deleted_at hidden_at hidden_reason reply_count retweet_count quote_count "
                    "like_count author_id feed_id hidden_by_id only_for_id persona_id posted_by_id quote_of_id "
                    "reply_to_id retweet_of_id"
                ),
                posts(),
            )
            self._lap("posts")
            like_at = iso(self.now - timedelta(days=1))
            copy_rows(
                cur, "practice_like", ["user_id", "post_id", "created_at"], ((u, p, like_at) for u, p in like_rows)
            )
            copy_rows(cur, "practice_mention", ["post_id", "handle", "user_id"], mention_rows)
            copy_rows(cur, "practice_hashtag", ["post_id", "tag", "created_at"], tag_rows)
            self._lap("likes, mentions, hashtags")
            follows = self._follows(cur, perm)
            self._lap("follows")
        self._lap("practice indexes")
        self.meta.counts.update(
            posts=P,
            likes=len(like_rows),
            mentions=len(mention_rows),
            hashtags=len(tag_rows),
            follows=follows,
            retweets=sum(1 for k in kind if k == "t"),
            replies=sum(1 for k in kind if k == "r"),
            personas=z.personas,
        )
        self.meta.profile_handle = f"u{perm[0]}"

    def _follows(self, cur: psycopg.Cursor, perm: list[int]) -> int:
        z, rng = self.z, self.rng
        users = z.users
        sigma = 0.6
        followed_at = iso(self.now - timedelta(days=60))
        counts: dict[int, int] = {}
        heavy = set(rng.sample(range(2, users + 1), max(1, users // 500)))

        def rows() -> Iterator[Row]:
            for follower in range(1, users + 1):
                if follower == self.viewer_id:
                    n = z.follow_median
                elif follower in heavy:
                    n = z.follow_max
                else:
                    n = min(z.follow_max, max(1, int(math.exp(rng.gauss(math.log(z.follow_median), sigma)))))
                chosen: set[int] = set()
                tries = 0
                while len(chosen) < n and tries < 3 * n:
                    tries += 1
                    who = perm[int(users * rng.random() ** 2)]
                    if who != follower:
                        chosen.add(who)
                while len(chosen) < n:
                    who = rng.randrange(1, users + 1)
                    if who != follower:
                        chosen.add(who)
                counts[follower] = n
                for who in chosen:
                    yield (follower, who, None, followed_at)
                for p in rng.sample(range(1, z.personas + 1), 2):
                    yield (follower, None, p, followed_at)

        total = copy_rows(cur, "practice_follow", ["follower_id", "user_id", "persona_id", "created_at"], rows())
        self.meta.viewer_follows = counts[self.viewer_id]
        self.meta.heavy_viewer_id = min(heavy)
        return total
