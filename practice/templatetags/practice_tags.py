"""Showing posts: text with its entities linked, everything else escaped."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.template.context import Context
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext, pgettext

from accounts.models import User
from practice import access, tweettext
from practice.models import Persona, Post
from practice.services import text as post_text

register = template.Library()


def _safe_href(entity: tweettext.Entity) -> str | None:
    """Only http(s) links leave the page; protocol-less ones ("example.org/x") get https://."""
    href = entity.value if entity.has_protocol else f"https://{entity.value}"
    try:
        scheme = urlsplit(href).scheme.lower()
    except ValueError:
        return None
    return href if scheme in ("http", "https") else None


def _mention_targets(post: Post) -> dict[str, str]:
    """Lower-case handle -> profile URL, for the handles that exist (from the prefetched Mention rows)."""
    targets = {}
    for mention in post.mentions.all():
        if (user := mention.user) is not None:
            targets[mention.handle] = reverse("practice:profile", args=[user.handle])
        elif (persona := mention.persona) is not None:
            targets[mention.handle] = reverse("practice:persona", args=[persona.handle])
    return targets


def render_text(text: str, mentions: dict[str, str]) -> SafeString:
    pieces: list[tuple[str, ...]] = []
    position = 0
    for entity in tweettext.extract_entities(text):
        if entity.start < position:  # defensive: overlapping entities are shown as text
            continue
        raw = text[entity.start : entity.end]
        link = None
        if entity.kind == "url":
            href = _safe_href(entity)
            if href:
                link = format_html('<a href="{}" rel="nofollow noopener" target="_blank">{}</a>', href, raw)
        elif entity.kind == "hashtag":
            url = reverse("practice:hashtag", args=[entity.value.lower()])
            link = format_html('<a href="{}" class="post__tag">{}</a>', url, raw)
        elif entity.kind == "mention":
            handle_end = entity.start + 1 + len(entity.value)
            profile = mentions.get(entity.value.lower())
            if profile:
                link = format_html(
                    '<a href="{}" class="post__mention">{}</a>{}',
                    profile,
                    text[entity.start : handle_end],
                    text[handle_end : entity.end],
                )
        if link is None:
            continue
        pieces.append((text[position : entity.start],))
        pieces.append((link,))
        position = entity.end
    pieces.append((text[position:],))
    return format_html_join("", "{}", pieces)


@register.simple_tag
def render_post_text(post: Post) -> SafeString:
    """``{% render_post_text post %}``: the post's text with mentions, hashtags and URLs linked."""
    urls = getattr(post, "mention_urls", None)  # attached in one query by practice.cards for a page of cards
    return render_text(post.text, _mention_targets(post) if urls is None else urls)


def _who(who: User | Persona) -> tuple[str, str, str]:
    """(name, handle, profile URL) of a person or a persona."""
    if isinstance(who, Persona):
        return who.name, who.handle, reverse("practice:persona", args=[who.handle])
    return who.display_name, who.handle, reverse("practice:profile", args=[who.handle])


@register.filter
def profile_url(who: User | Persona | None) -> str:
    return _who(who)[2] if who is not None else ""


@register.filter
def follow_url(who: User | Persona) -> str:
    """Where a Follow button for a person or a persona posts."""
    name = "practice:persona-follow" if isinstance(who, Persona) else "practice:follow"
    return reverse(name, args=[who.handle])


@register.filter
def display_name(who: User | Persona | None) -> str:
    return _who(who)[0] if who is not None else ""


@register.filter
def initials(who: User | Persona | None) -> str:
    if who is None:
        return "?"
    if isinstance(who, Persona):
        return who.initials
    parts = who.display_name.split()
    return "".join(p[0] for p in parts[:2]).upper() or who.handle[:1].upper()


@register.simple_tag(takes_context=True)
def can_hide(context: Context, post: Post) -> bool:
    """Whether the viewer moderates the post's feed (one query per request, cached on the user)."""
    user = context["request"].user
    return post.feed_id in access.moderated_feed_ids(user)


@register.simple_tag(takes_context=True)
def is_own(context: Context, post: Post) -> bool:
    """Whether the viewer wrote the post (they may delete it, and see it while hidden)."""
    return bool(post.author_id == context["request"].user.pk)


@register.simple_tag
def chars_left(text: str | None) -> int:
    """Weighted characters left for the composer's first render (the live counter takes over on input)."""
    return post_text.count(text or "")[0]


@register.filter
def over_by(left: int) -> int:
    """How many characters past the limit (0 when within it)."""
    return max(-int(left), 0)


# --- The card's time, retweet line and share link --------------------------------------------


def time_label(when: datetime, now: datetime) -> str:
    """How X dates a post: "now", "5m", "2h", then "3 Dec", and "3 Dec 2025" from another year, in the
    current time zone and language. ``practice.cards`` keys each card by it, so a cached card never shows
    a stale age: a card's label changes at most once a minute in its first hour, then once an hour."""
    seconds = (now - when).total_seconds()
    if seconds < 60:
        return pgettext("post age", "now")
    if seconds < 3600:
        return pgettext("post age in minutes", "%(minutes)sm") % {"minutes": int(seconds // 60)}
    if seconds < 86400:
        return pgettext("post age in hours", "%(hours)sh") % {"hours": int(seconds // 3600)}
    local, today = timezone.localtime(when), timezone.localtime(now)
    return date_format(local, "j M" if local.year == today.year else "j M Y")


@register.simple_tag(takes_context=True)
def post_time(context: Context, when: datetime) -> SafeString:
    """``<time>`` with the short age shown and the full local date and time as its tooltip."""
    now = context.get("card_now") or timezone.now()  # the time practice.cards keyed the card by
    local = timezone.localtime(when)
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        when.isoformat(),
        date_format(local, "H:i · j M Y"),
        time_label(when, now),
    )


@register.simple_tag(takes_context=True)
def retweeted_by(context: Context, post: Post) -> SafeString:
    """ "Grace and 6 others retweeted": the newest retweeter (linked) and how many more of the timeline's."""
    name, _, url = _who(post.by)
    own = post.author_id is not None and post.author_id == context["request"].user.pk
    others = getattr(post, "retweet_others", 0)
    if own:
        name = pgettext("retweeted by", "You")
    if others:
        sentence = ngettext("%(name)s and %(count)s other retweeted", "%(name)s and %(count)s others retweeted", others)
    elif own:  # Spanish says "you retweeted" with another verb form than "Grace retweeted"
        sentence = pgettext("the viewer retweeted", "%(name)s retweeted")
    else:
        sentence = gettext("%(name)s retweeted")
    link = format_html('<a href="{}"><bdi>{}</bdi></a>', url, name)
    # The translated sentence is escaped; only the link, built by format_html, goes in unescaped.
    return mark_safe(escape(sentence) % {"name": link, "count": others})  # noqa: S308  # nosec


@register.filter
def permalink(post: Post) -> str:
    """The post's full address, to copy and share (the site's, not the request's: cards are cached)."""
    return settings.SITE_URL + reverse("practice:post", args=[post.pk])


@register.filter
def is_organisation(who: User | Persona | None) -> bool:
    return isinstance(who, Persona) and who.is_organisation


# Inline SVG (no request, no font): 24-unit line drawings in the text colour, hidden from assistive
# technology (each control says what it does in its aria-label).
_ICONS = {
    "reply": '<path d="M21 11.5a8.4 8.4 0 0 1-9 8.4 9.3 9.3 0 0 1-4-.9L3 20l1.2-4.2A8 8 0 0 1 3 11.5 8.5 8.5 0 0 1 12 3'
    ' 8.5 8.5 0 0 1 21 11.5z"/>',
    "retweet": '<path d="M17 2l4 4-4 4"/><path d="M3 11V10a4 4 0 0 1 4-4h14"/><path d="M7 22l-4-4 4-4"/>'
    '<path d="M21 13v1a4 4 0 0 1-4 4H3"/>',
    "quote": '<path d="M12 20h9"/><path d="M16.5 3.5a2.1 2.1 0 0 1 3 3L7 19l-4 1 1-4z"/>',
    "like": '<path d="M20.8 4.6a5.5 5.5 0 0 0-7.8 0L12 5.7l-1-1.1a5.5 5.5 0 0 0-7.8 7.8L12 21l8.8-8.6a5.5 5.5 0 0 0'
    ' 0-7.8z"/>',
    "share": '<path d="M4 12v7a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-7"/><path d="M16 6l-4-4-4 4"/><path d="M12 2v13"/>',
    "delete": '<path d="M3 6h18"/><path d="M19 6l-1 14a2 2 0 0 1-2 2H8a2 2 0 0 1-2-2L5 6"/>'
    '<path d="M10 11v6M14 11v6M9 6V4a1 1 0 0 1 1-1h4a1 1 0 0 1 1 1v2"/>',
    "hide": '<path d="M17.9 17.9A10 10 0 0 1 12 20C5 20 1 12 1 12a18 18 0 0 1 5.1-5.9M9.9 4.2A9 9 0 0 1 12 4c7 0 11 8'
    ' 11 8a18 18 0 0 1-2.2 3.2M14.1 14.1a3 3 0 1 1-4.2-4.2M1 1l22 22"/>',
    "organisation": '<path class="icon__fill" d="M12 1.5l2.6 1.9 3.2-.1 1 3 2.7 1.9-1 3.1 1 3.1-2.7 1.9-1 3-3.2-.1L12'
    ' 22.5l-2.6-1.9-3.2.1-1-3-2.7-1.9 1-3.1-1-3.1 2.7-1.9 1-3 3.2.1z"/><path class="icon__check" d="M8 12.5l2.7'
    ' 2.7L16.2 9.5"/>',
}


@register.simple_tag
def icon(name: str) -> SafeString:
    """``{% icon "like" %}``: one of the card's icons, inline."""
    return format_html(
        '<svg class="icon icon--{}" viewBox="0 0 24 24" width="18" height="18" fill="none" stroke="currentColor"'
        ' stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">'
        "{}</svg>",
        name,
        mark_safe(_ICONS[name]),  # noqa: S308 - constant markup defined above  # nosec
    )
