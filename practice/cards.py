"""Post cards, rendered once and kept in the cache.

A timeline page shows twenty post cards; rendering them through the template engine cost about 35 ms
of a 65 ms home page (`make bench`), far more than reading them. A card depends on its post, the posts it
shows (retweeted, quoted, replied to), their authors' names, and four facts about the viewer (liked,
retweeted, own post, may hide); its text and time never change, and its age ("5m", "2h", "3 Dec") only
now and then. So each card is rendered once per *fingerprint* of exactly those facts, with the language,
the time zone and the age as shown, and kept in the cache: a post liked, deleted or hidden, an author
renamed, or a minute gone by on a new post, has a new fingerprint and so a new card.

Two things differ per request and are not in the cached HTML: the CSRF token and the page's own address
(the "next" of each form). The card is rendered with unguessable placeholders (derived from the secret
key, so post text cannot forge one) that are replaced on the way out.

What the fingerprint leaves out: which @handles in a text link to a profile. A handle claimed or renamed
after a card was cached shows as before for at most ``TTL`` seconds.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.backends.django import Template
from django.template.defaultfilters import urlencode
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from redis.exceptions import RedisError

from accounts.models import User
from practice import access
from practice.models import Mention, Persona, Post
from practice.templatetags.practice_tags import time_label

log = logging.getLogger(__name__)

TEMPLATE = "partials/practice/post.html"
TTL = 600  # seconds; also bounds how long a renamed handle's old link can show
# The code that links a card's text: the template tags the card renders with and the entity extractor, read
# by path to hash their source into the cache version.
_HERE = Path(__file__).resolve().parent
_LINKING_CODE = (_HERE / "templatetags" / "practice_tags.py", *sorted((_HERE / "tweettext").glob("*.py")))


@cache
def _template() -> Template:
    template = get_template(TEMPLATE)
    assert isinstance(template, Template)  # the Django engine's: the cache version hashes its source
    return template


@cache
def _version() -> str:
    """Part of every key: cards rendered by other code are never served. The card's template, the code
    that links its text, the translations, and the secret the placeholders derive from (a worker with
    another SECRET_KEY could not fill in this one's placeholders)."""
    digest = hashlib.blake2b(digest_size=6)
    digest.update(_template().template.source.encode())
    for source in _LINKING_CODE:
        digest.update(source.read_bytes())
    for catalogue in sorted(Path(settings.BASE_DIR, "locale").glob("*/LC_MESSAGES/django.mo")):
        digest.update(catalogue.read_bytes())
    digest.update((_placeholder("csrf") + _placeholder("next")).encode())
    return digest.hexdigest()


@cache
def _placeholder(name: str) -> str:
    # The space survives HTML escaping and becomes %20 in a URL, so the two uses of "next" are told apart.
    return f"tc{salted_hmac('practice.cards', name).hexdigest()[:20]} {name}"


def _who(who: User | Persona | None) -> tuple[object, ...]:
    if who is None:
        return ()
    if isinstance(who, Persona):
        return ("p", who.pk, who.name, who.handle, who.avatar_initials)
    return ("u", who.pk, who.display_name, who.handle)


def _quoted(post: Post | None, now: datetime) -> tuple[object, ...]:
    if post is None:
        return ()
    hidden = (post.deleted_at is not None, post.hidden_at is not None)
    return (post.pk, post.text, *hidden, _who(post.by), time_label(post.created_at, now))


def fingerprint(post: Post, *, viewer: User, moderated: set[int], where: str, now: datetime) -> str:
    """The cache key of a post's card for this viewer: every changeable fact the card shows."""
    shown = post.retweet_of or post
    facts = (
        post.pk,
        post.retweet_of_id,
        _who(post.by) if post.retweet_of_id else (),
        getattr(post, "retweet_others", 0),
        post.retweet_of_id is not None and post.author_id == viewer.pk,  # "You retweeted"
        post.feed.kind,
        post.feed.name,
        shown.pk,
        shown.text,  # never changes; here so that a reused id (a test database, a restore) is not a stale card
        shown.created_at.isoformat(),
        time_label(shown.created_at, now),  # "5m" now, "6m" in a minute: a new card, never a frozen age
        shown.deleted_at is not None,
        shown.hidden_at is not None,
        shown.hidden_reason,
        _who(shown.by),
        (shown.reply_count, shown.retweet_count, shown.quote_count, shown.like_count),
        _who(shown.reply_to.by) if shown.reply_to_id and shown.reply_to else (),
        shown.quote_of_id,
        _quoted(shown.quote_of, now) if shown.quote_of_id else (),
        bool(getattr(post, "viewer_liked", False)),
        bool(getattr(post, "viewer_retweeted", False)),
        shown.author_id == viewer.pk,
        shown.feed_id in moderated,
        where,
    )
    digest = hashlib.blake2b(repr(facts).encode(), digest_size=16).hexdigest()
    return f"card:{_version()}:{digest}"


def _attach_mention_urls(posts: list[Post]) -> None:
    """One query for the mentions of every text the cards show (the posts and the posts they quote)."""
    shown = [p.retweet_of or p for p in posts]
    texts = shown + [q for p in shown if p.quote_of_id and (q := p.quote_of) is not None]
    urls: dict[int, dict[str, str]] = {post.pk: {} for post in texts}
    for mention in Mention.objects.filter(post_id__in=list(urls)).select_related("user", "persona"):
        if (user := mention.user) is not None:
            urls[mention.post_id][mention.handle] = reverse("practice:profile", args=[user.handle])
        elif (persona := mention.persona) is not None:
            urls[mention.post_id][mention.handle] = reverse("practice:persona", args=[persona.handle])
    for post in texts:  # the same post can be two objects on a page (shown, and quoted by another)
        post.mention_urls = urls[post.pk]


def render_cards(request: HttpRequest, posts: list[Post]) -> list[SafeString]:
    """The cards of ``posts`` for this request: from the cache where they are, rendered (and kept) where not."""
    if not posts:
        return []
    viewer = request.user
    assert isinstance(viewer, User)  # practice pages are for the signed-in only
    moderated = access.moderated_feed_ids(viewer)
    where = f"{get_language()}|{timezone.get_current_timezone_name()}"
    now = timezone.now()
    keys = [fingerprint(post, viewer=viewer, moderated=moderated, where=where, now=now) for post in posts]
    cards_cache = caches["cards"]
    store: BaseCache | None = cards_cache
    try:
        found = cards_cache.get_many(keys)
    except (RedisError, OSError):  # the cache is away: render every card, as before there was a cache
        log.warning("Post card cache unavailable; rendering %s cards", len(keys))
        store, found = None, {}
    missing = [(key, post) for key, post in zip(keys, posts, strict=True) if key not in found]
    if missing:
        _attach_mention_urls([post for _, post in missing])
        template = _template()
        fresh = {}
        for key, post in missing:
            context = {
                "post": post,
                "request": request,
                "csrf_token": _placeholder("csrf"),
                "here": _placeholder("next"),
                "card_now": now,
            }
            fresh[key] = str(template.render(context))
        if store is not None:
            try:
                store.set_many(fresh, TTL)
            except (RedisError, OSError):
                log.warning("Post card cache unavailable; %s cards not kept", len(fresh))
        found.update(fresh)
    token = escape(get_token(request))
    path = request.get_full_path()
    csrf, here = _placeholder("csrf"), _placeholder("next")
    quoted_here = here.replace(" ", "%20")
    out = []
    for key in keys:
        html = found[key].replace(csrf, token).replace(quoted_here, urlencode(path)).replace(here, escape(path))
        out.append(mark_safe(html))  # noqa: S308 - rendered by the autoescaping template, swaps escaped  # nosec
    return out
