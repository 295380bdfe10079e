"""Seed a realistic organisation with COPY, in minutes.

At scale 1: 100,000 people in a department tree, 1,000,000 practice posts (replies, retweets, quotes,
persona posts, mentions, hashtags, about 1.6 likes each), follows with a median of 100 (some follow
5,000), 2,000 sessions with 200,000 enrolments, 50,000 graded drill submissions. ``scale`` shrinks
every count. The data is deterministic for a given scale and random seed.

The database must be freshly migrated and empty. Secondary indexes and foreign keys of the big
tables are dropped for the COPY and rebuilt after it, which is several times faster than
maintaining them row by row. What was chosen for the measurements (the logged-in people, the
pages' objects) is written to a small ``bench_meta`` table that the measuring code reads.
"""

from bench.seed.seeder import Seeder, load_meta, seed
from bench.seed.sizes import Meta, Sizes

__all__ = ["Meta", "Seeder", "Sizes", "load_meta", "seed"]
