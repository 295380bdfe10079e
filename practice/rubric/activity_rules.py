"""Rules that grade the learner's activity in a drill window: replies, retweets and quotes."""

from __future__ import annotations

from practice.rubric.model import Context, Params
from practice.rubric.params import _int
from practice.rubric.text import _handle, _own_words


def check_replies_to_mentioners(params: Params, ctx: Context) -> tuple[bool, str]:
    n = _int(params, "count", 2, minimum=1)
    people = {
        _handle(ctx.mentions_of_learner[p.reply_to_id])
        for p in ctx.activity
        if p.reply_to_id is not None and p.reply_to_id in ctx.mentions_of_learner
    }
    return len(people) >= n, f"Replied to {len(people)} of the people who mentioned you; {n} needed."


def check_retweets_persona(params: Params, ctx: Context) -> tuple[bool, str]:
    n = _int(params, "count", 1, minimum=1)
    done = {p.retweet_of_id for p in ctx.activity if p.retweet_of_id and p.target_is_persona}
    return len(done) >= n, f"Retweeted {len(done)} scenario post(s); {n} needed."


def check_quotes_persona(params: Params, ctx: Context) -> tuple[bool, str]:
    n = _int(params, "count", 1, minimum=1)
    min_words = _int(params, "min_words", 3, minimum=1)
    done = {
        p.quote_of_id for p in ctx.activity if p.quote_of_id and p.target_is_persona and len(_own_words(p)) >= min_words
    }
    return len(done) >= n, f"Quoted {len(done)} scenario post(s) with your own words; {n} needed."
