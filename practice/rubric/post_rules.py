"""Rules that grade one post: mentions, hashtags, replies, retweets, quotes, links, length, wording."""

from __future__ import annotations

from practice import tweettext
from practice.rubric.model import Context, Params, RubricError
from practice.rubric.params import _int, _needs_post, _phrases, _target_id
from practice.rubric.text import _domain_matches, _handle, _own_words, _tag, contains_phrase


def check_mentions_handle(params: Params, ctx: Context) -> tuple[bool, str]:
    post = _needs_post(ctx)
    wanted = str(params.get("handle", "")).strip()
    if not wanted:
        raise RubricError("Say which handle must be mentioned (or 'trainer').")
    targets = [_handle(h) for h in ctx.trainer_handles] if _handle(wanted) == "trainer" else [_handle(wanted)]
    mentioned = {_handle(m) for m in tweettext.extract_mentions(post.text)}
    # Replying to someone addresses them too, as on Twitter.
    if post.kind == "reply" and post.target_author_handle:
        mentioned.add(_handle(post.target_author_handle))
    hit = next((t for t in targets if t in mentioned), None)
    label = "your trainer" if _handle(wanted) == "trainer" else "@" + wanted.lstrip("@")
    if hit:
        return True, f"Mentions @{hit}."
    return False, f"Does not mention {label}."


def check_mentions_at_least(params: Params, ctx: Context) -> tuple[bool, str]:
    post = _needs_post(ctx)
    n = _int(params, "count", 1, minimum=1)
    people = {_handle(m) for m in tweettext.extract_mentions(post.text)}
    return len(people) >= n, f"Mentions {len(people)} different account(s); {n} needed."


def check_uses_hashtag(params: Params, ctx: Context) -> tuple[bool, str]:
    post = _needs_post(ctx)
    wanted = str(params.get("hashtag", "")).strip()
    if _tag(wanted) in ("", "session"):
        wanted = ctx.session_hashtag
    if not _tag(wanted):
        raise RubricError("Say which hashtag must be used (or 'session').")
    tags = {_tag(t) for t in tweettext.extract_hashtags(post.text)}
    shown = "#" + wanted.lstrip("#")
    return (_tag(wanted) in tags), (f"Uses {shown}." if _tag(wanted) in tags else f"Does not use {shown}.")


def check_is_reply_to(params: Params, ctx: Context) -> tuple[bool, str]:
    post = _needs_post(ctx)
    target = _target_id(params)
    if post.reply_to_id == target:
        return True, "Replies to the right post."
    if post.reply_to_id:
        return False, "Replies to a different post."
    return False, "Is not a reply."


def check_is_retweet_of(params: Params, ctx: Context) -> tuple[bool, str]:
    post = _needs_post(ctx)
    target = _target_id(params)
    if post.retweet_of_id == target:
        return True, "Retweets the right post."
    if post.retweet_of_id:
        return False, "Retweets a different post."
    return False, "Is not a retweet."


def check_is_quote_of(params: Params, ctx: Context) -> tuple[bool, str]:
    post = _needs_post(ctx)
    target = _target_id(params)
    min_words = _int(params, "min_words", 3, minimum=1)
    if post.quote_of_id != target:
        return False, ("Quotes a different post." if post.quote_of_id else "Is not a quote.")
    words = _own_words(post)
    if len(words) < min_words:
        return False, f"Quotes the right post but adds {len(words)} word(s) of your own; {min_words} needed."
    return True, f"Quotes the right post with {len(words)} words of your own."


def check_includes_link(params: Params, ctx: Context) -> tuple[bool, str]:
    post = _needs_post(ctx)
    urls = tweettext.extract_urls(post.text)
    domain = str(params.get("domain", "")).strip()
    if not domain:
        return bool(urls), ("Includes a link." if urls else "Has no link.")
    if any(_domain_matches(u, domain) for u in urls):
        return True, f"Links to {domain}."
    return False, (f"Has a link, but not to {domain}." if urls else f"Has no link to {domain}.")


def check_length_between(params: Params, ctx: Context) -> tuple[bool, str]:
    post = _needs_post(ctx)
    low = _int(params, "min", 1, minimum=0)
    high = _int(params, "max", 280, minimum=1)
    if low > high:
        raise RubricError("'min' must not be above 'max'.")
    length = tweettext.parse_post(post.text).weighted_length
    return low <= length <= high, f"{length} characters (Twitter's count); {low}–{high} wanted."


def check_contains(params: Params, ctx: Context) -> tuple[bool, str]:
    post = _needs_post(ctx)
    phrases = _phrases(params)
    found = [p for p in phrases if contains_phrase(post.text, p)]
    mode = params.get("mode", "all")
    ok = len(found) == len(phrases) if mode == "all" else bool(found)
    missing = [p for p in phrases if p not in found]
    if ok:
        return True, "Contains " + ", ".join(f"“{p}”" for p in found) + "."
    return False, "Missing " + ", ".join(f"“{p}”" for p in missing) + "."


def check_not_contains(params: Params, ctx: Context) -> tuple[bool, str]:
    post = _needs_post(ctx)
    found = [p for p in _phrases(params) if contains_phrase(post.text, p)]
    if found:
        return False, "Contains " + ", ".join(f"“{p}”" for p in found) + "."
    return True, "Avoids the listed words."


def check_not_shouting(params: Params, ctx: Context) -> tuple[bool, str]:
    post = _needs_post(ctx)
    limit = _int(params, "max_percent", 60, minimum=1)
    text = post.text
    for entity in sorted(tweettext.extract_entities(text), key=lambda e: e.start, reverse=True):
        text = text[: entity.start] + text[entity.end :]
    letters = [c for c in text if c.isalpha() and c.lower() != c.upper()]
    if len(letters) < 8:
        return True, "Too short to be shouting."
    share = round(100 * sum(c.isupper() for c in letters) / len(letters))
    return share <= limit, f"{share}% capital letters; at most {limit}% allowed."


def check_max_hashtags(params: Params, ctx: Context) -> tuple[bool, str]:
    post = _needs_post(ctx)
    n = _int(params, "count", 2, minimum=0)
    count = len(tweettext.extract_hashtags(post.text))
    return count <= n, f"{count} hashtag(s); at most {n}."
