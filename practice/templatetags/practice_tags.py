"""Showing posts: text with its entities linked, everything else escaped."""

from __future__ import annotations

from urllib.parse import urlsplit

from django import template
from django.template.context import Context
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

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
