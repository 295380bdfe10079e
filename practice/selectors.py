"""Named reads of the practice feed. Each does its own joins and prefetches, so a page's query
count does not grow with its rows, and pages by keyset (created_at, id), never by OFFSET."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, F, Func, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Lower

from accounts.models import User
from core.paging import KEYSET_PAGE_SIZE, KeysetPage, decode_cursor, encode_cursor, keyset
from practice import access
from practice.models import Feed, FeedMembership, FeedNotification, Follow, Like, Mention, Persona, Post

# --- Posts -----------------------------------------------------------------------------------

_AUTHORS = ("author", "persona")


def _related(prefix: str) -> list[str]:
    return [f"{prefix}__{name}" for name in _AUTHORS]


def with_display_data(qs: QuerySet[Post], viewer: User) -> QuerySet[Post]:
    """Everything a post card shows, in a fixed number of queries: authors, the retweeted or quoted post
    and its author, the replied-to author, resolved mentions, and whether the viewer liked or retweeted.
    For a post or two; timelines use ``timeline`` (their cards come from ``practice.cards``)."""
    qs = qs.select_related(
        "feed",
        *_AUTHORS,
        "retweet_of",
        *_related("retweet_of"),
        "retweet_of__quote_of",
        *_related("retweet_of__quote_of"),
        "retweet_of__reply_to",
        *_related("retweet_of__reply_to"),
        "quote_of",
        *_related("quote_of"),
        "reply_to",
        *_related("reply_to"),
    )
    linked = Mention.objects.select_related("user", "persona")
    return _viewer_state(qs, viewer).prefetch_related(
        Prefetch("mentions", queryset=linked),
        Prefetch("retweet_of__mentions", queryset=linked),
        Prefetch("quote_of__mentions", queryset=linked),
        Prefetch("retweet_of__quote_of__mentions", queryset=linked),
    )


def _viewer_state(qs: QuerySet[Post], viewer: User) -> QuerySet[Post]:
    """Whether the viewer liked or retweeted each post (for a retweet: the post it retweets)."""
    return qs.annotate(target_id=Coalesce("retweet_of_id", "id")).annotate(
        viewer_liked=Exists(Like.objects.filter(user_id=viewer.pk, post_id=OuterRef("target_id"))),
        viewer_retweeted=Exists(
            Post.objects.filter(author_id=viewer.pk, retweet_of_id=OuterRef("target_id"), deleted_at__isnull=True)
        ),
    )


_TARGETS = ("retweet_of", "quote_of", "reply_to")


def _one_card_per_post(qs: QuerySet[Post]) -> QuerySet[Post]:
    """Each post once: a post and its retweets are one card, shown where the newest of them falls.

    A row is kept only when no newer row of the same timeline (``qs``, before any cursor) retweets the same
    post, so the card appears on one page only, and a retweet arriving later moves it up rather than
    showing it twice. The check is an index lookup (retweets by the post they retweet) per row the page
    reads, so a page costs the same whatever the timeline holds. Each kept row carries ``more_retweets``:
    how many more of the timeline's rows retweet the same post (all older). The count is a plain
    aggregate, not a GROUP BY subquery, which PostgreSQL took 5 ms longer to plan with 500 followed ids
    (planning 2.2 ms against 0.6 ms for the ungrouped page; run 0.14 ms against 0.05 ms)."""
    newer = Q(created_at__gt=OuterRef("created_at")) | Q(created_at=OuterRef("created_at"), pk__gt=OuterRef("pk"))
    newer_retweet = qs.filter(newer, retweet_of_id=OuterRef("card_of"))
    retweets = (
        qs.filter(retweet_of_id=OuterRef("retweet_of_id"))
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT", output_field=IntegerField()))
        .values("n")
    )
    return (
        qs.annotate(card_of=Coalesce("retweet_of_id", "id"))
        .filter(~Exists(newer_retweet))
        .annotate(more_retweets=Coalesce(Subquery(retweets, output_field=IntegerField()), 1) - 1)
    )


def timeline(
    qs: QuerySet[Post],
    viewer: User,
    *,
    cursor: str | None,
    size: int = KEYSET_PAGE_SIZE,
    oldest_first: bool = False,
    by: tuple[str, str] = ("created_at", "id"),
    where: Q | None = None,
    one_card_per_post: bool = False,
) -> KeysetPage:
    """A page of posts for cards, in two queries whatever the page holds.

    First the page's ids (and the ids of the posts they retweet, quote or answer) from a narrow query the
    indexes answer, ordered by ``by`` (a time and an id; the hashtag page walks its own index). Then, in
    one query, those posts with their feed and author, the posts *they* quote or answer with theirs, and
    whether the viewer liked or retweeted each. One 19-table join per row cost PostgreSQL a genetic
    planner and Python twenty model instances per row (`make bench`). Mentions are read by
    ``practice.cards`` for the cards it must render, and not at all for cards it finds in the cache.

    With ``one_card_per_post`` (timelines that carry retweets) a post shows once, however many of the
    timeline's people retweeted it: see ``_one_card_per_post``. Each item then has ``retweet_others``."""
    at, pk = by
    grouped = one_card_per_post and by == ("created_at", "id")
    if grouped:
        qs = _one_card_per_post(qs)
    # ``where`` and the cursor go into one filter() so that a condition on a related row (the hashtag
    # page's tag) and the cursor on that row's columns share one join.
    condition = where or Q()
    if cursor:
        created_at, number = decode_cursor(cursor)
        after = "gt" if oldest_first else "lt"
        condition &= Q(**{f"{at}__{after}": created_at}) | Q(**{at: created_at, f"{pk}__{after}": number})
        # The same bound again as a plain range, which the index can start from on a deep page.
        condition &= Q(**{f"{at}__{after}e": created_at})
    if condition:
        qs = qs.filter(condition)
    order = (at, pk) if oldest_first else (f"-{at}", f"-{pk}")
    # ``by`` orders by a copy of the post's time (the hashtag's), so the post's own time is the cursor's.
    columns = ["pk", "created_at", *(f"{f}_id" for f in _TARGETS), *(["more_retweets"] if grouped else [])]
    heads = list(qs.order_by(*order).values_list(*columns)[: size + 1])
    wanted = {value for head in heads[:size] for value in (head[0], *head[2 : 2 + len(_TARGETS)]) if value}
    if not wanted:
        return KeysetPage(items=[], next_cursor=None)
    rows = _viewer_state(
        Post.objects.filter(pk__in=wanted).select_related(
            "feed", *_AUTHORS, "quote_of", *_related("quote_of"), "reply_to", *_related("reply_to")
        ),
        viewer,
    )
    found = {row.pk: row for row in rows}
    items = [found[head[0]] for head in heads[:size] if head[0] in found]
    others = {head[0]: head[len(_TARGETS) + 2] for head in heads[:size]} if grouped else {}
    if grouped:
        # An original newer than its retweets (times set by hand: imports, the demo) is caught here, on its page.
        shown: dict[int, Post] = {}
        for item in items:
            shown.setdefault(item.retweet_of_id or item.pk, item)
        items = list(shown.values())
    for item in items:
        for field in _TARGETS:
            target = found.get(getattr(item, f"{field}_id"))
            if target is not None:
                setattr(item, field, target)
        item.retweet_others = max(others.get(item.pk, 0) or 0, 0)
    # From the ids query, not the rows: a post deleted between the two queries must not move the cursor.
    next_cursor = encode_cursor(heads[size - 1][1], heads[size - 1][0]) if len(heads) > size else None
    newest = encode_cursor(heads[0][1], heads[0][0]) if not oldest_first else None
    return KeysetPage(items=items, next_cursor=next_cursor, newest_cursor=newest)


def visible_posts(viewer: User, feed_ids: list[int] | None = None) -> QuerySet[Post]:
    """Posts the viewer may read: in their feeds, not deleted, not hidden (unless their own), no one else's script."""
    ids = access.feed_ids_for(viewer) if feed_ids is None else feed_ids
    return Post.objects.filter(feed_id__in=ids).seen_by(viewer)


def post_for(viewer: User, pk: int) -> Post | None:
    """One post the viewer may read, ready to show; None when it does not exist for them."""
    return with_display_data(visible_posts(viewer), viewer).filter(pk=pk).first()


def home_queryset(viewer: User) -> QuerySet[Post]:
    """People I follow, me, and the personas of my cohorts, within the feeds I belong to (unordered, bare)."""
    feed_ids = access.feed_ids_for(viewer)
    follows = list(Follow.objects.filter(follower=viewer).values_list("user_id", "persona_id"))
    user_ids = [viewer.pk, *(u for u, _ in follows if u)]
    persona_ids = [p for _, p in follows if p]
    cohort_ids = access.cohort_ids_for(viewer)
    who = Q(author_id__in=user_ids)
    if persona_ids:
        who |= Q(persona_id__in=persona_ids)
    if cohort_ids:
        who |= Q(persona__isnull=False, feed_id__in=cohort_ids)
    return visible_posts(viewer, feed_ids).filter(who)


def home_timeline(viewer: User, *, cursor: str | None = None, size: int = KEYSET_PAGE_SIZE) -> KeysetPage:
    return timeline(home_queryset(viewer), viewer, cursor=cursor, size=size, one_card_per_post=True)


def feed_timeline(viewer: User, feed: Feed, *, cursor: str | None = None, size: int = KEYSET_PAGE_SIZE) -> KeysetPage:
    qs = visible_posts(viewer, [feed.pk] if access.can_read_feed(viewer, feed) else [])
    return timeline(qs, viewer, cursor=cursor, size=size, one_card_per_post=True)


def profile_posts(viewer: User, who: User | Persona, *, cursor: str | None = None) -> KeysetPage:
    field = "persona" if isinstance(who, Persona) else "author"
    qs = visible_posts(viewer).filter(**{field: who})
    return timeline(qs, viewer, cursor=cursor, one_card_per_post=True)


def hashtag_posts(viewer: User, tag: str, *, cursor: str | None = None, size: int = KEYSET_PAGE_SIZE) -> KeysetPage:
    # Newest first along the index (tag, created_at, post) of practice.Hashtag, which copies its post's
    # time: the page stops after 21 visible posts instead of sorting every post with the tag.
    return timeline(
        visible_posts(viewer),
        viewer,
        cursor=cursor,
        size=size,
        where=Q(hashtags__tag=tag.lower()[:140]),
        by=("hashtags__created_at", "hashtags__post_id"),
    )


def mentions_of(viewer: User, *, cursor: str | None = None) -> KeysetPage:
    qs = visible_posts(viewer).filter(mentions__user=viewer)
    return timeline(qs, viewer, cursor=cursor)


def search_posts(viewer: User, query: str, *, cursor: str | None = None) -> KeysetPage:
    """Posts with every word of the query; a ``#tag`` word must be a hashtag of the post."""
    words = query.split()[:8]
    if not words:
        return KeysetPage(items=[], next_cursor=None)
    qs = visible_posts(viewer).filter(retweet_of__isnull=True)
    for word in words:
        if word.startswith(("#", "＃")) and len(word) > 1:
            qs = qs.filter(hashtags__tag=word[1:].lower()[:140])
        else:
            qs = qs.filter(text__icontains=word[:100])
    return timeline(qs.distinct(), viewer, cursor=cursor)


def new_posts_since(viewer: User, since: str, *, feed: Feed | None = None, limit: int = 50) -> KeysetPage:
    """Posts of the home timeline (or one feed) newer than the cursor ``since``, for the poll."""
    created_at, pk = decode_cursor(since)
    if feed is not None:
        qs = visible_posts(viewer, [feed.pk] if access.can_read_feed(viewer, feed) else [])
    else:
        qs = home_queryset(viewer)
    qs = qs.filter(Q(created_at__gt=created_at) | Q(created_at=created_at, pk__gt=pk))
    page = timeline(qs, viewer, cursor=None, size=limit, one_card_per_post=True)
    return KeysetPage(items=page.items, next_cursor=None, newest_cursor=page.newest_cursor or since)


@dataclass(frozen=True)
class Thread:
    ancestors: list[Post]
    post: Post
    replies: KeysetPage


def conversation(viewer: User, post: Post, *, cursor: str | None = None, max_depth: int = 20) -> Thread:
    """A post with the chain it answers (oldest first) and its replies (oldest first, paged)."""
    ancestor_ids: list[int] = []
    parent_id = post.reply_to_id
    while parent_id and len(ancestor_ids) < max_depth:
        ancestor_ids.append(parent_id)
        parent_id = Post.objects.filter(pk=parent_id).values_list("reply_to_id", flat=True).first()
    visible = with_display_data(visible_posts(viewer), viewer)
    found = {p.pk: p for p in visible.filter(pk__in=ancestor_ids)}
    ancestors = [found[pk] for pk in reversed(ancestor_ids) if pk in found]
    replies = timeline(visible_posts(viewer).filter(reply_to=post), viewer, cursor=cursor, oldest_first=True)
    return Thread(ancestors=ancestors, post=post, replies=replies)


# --- People, personas and counts -----------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    who: User | Persona
    is_persona: bool
    posts: int
    followers: int
    following: int
    viewer_follows: bool
    is_viewer: bool  # the viewer's own profile: no follow button, a link to edit it instead


def persona_holds_handle(handle: str) -> bool:
    """Whether a persona (the organisation's account included) is called @handle, ignoring case."""
    return Persona.objects.filter(handle__iexact=handle).exists()


def user_by_handle(handle: str) -> User | None:
    user: User | None = User.objects.annotate(h=Lower("handle")).filter(h=handle.lower()[:15], is_active=True).first()
    return user


def persona_for(viewer: User, handle: str) -> Persona | None:
    persona = Persona.objects.annotate(h=Lower("handle")).filter(h=handle.lower()[:15]).first()
    if persona is None or not access.can_see_persona(viewer, persona):
        return None
    return persona


def profile(viewer: User, who: User | Persona) -> Profile:
    is_persona = isinstance(who, Persona)
    field = "persona" if is_persona else "author"
    posts = visible_posts(viewer).filter(retweet_of__isnull=True, **{field: who}).count()
    followers = Follow.objects.filter(**{"persona" if is_persona else "user": who})
    following = Follow.objects.filter(follower=who).count() if isinstance(who, User) else 0
    return Profile(
        who=who,
        is_persona=is_persona,
        posts=posts,
        followers=followers.count(),
        following=following,
        viewer_follows=followers.filter(follower=viewer).exists(),
        is_viewer=not is_persona and who.pk == viewer.pk,
    )


def personas_voiced_by(viewer: User, feed: Feed) -> list[Persona]:
    """Personas the viewer may post as in this feed."""
    if not access.is_trainer_of(viewer, feed):
        return []
    return list(Persona.objects.filter(Q(feed=feed) | Q(feed__isnull=True)).order_by("name"))


def feeds_for(viewer: User) -> list[Feed]:
    """The viewer's feeds for the picker: the open feed first, then their cohorts, newest first."""
    return access.feed_list(viewer)  # read once per request: the composer and the side navigation both ask


# --- Notifications ---------------------------------------------------------------------------


def notifications(viewer: User, *, cursor: str | None = None) -> KeysetPage:
    qs = (
        FeedNotification.objects.filter(recipient=viewer)
        .filter(Q(post__isnull=True) | Q(post__feed_id__in=access.feed_ids_for(viewer)))
        .select_related("actor", "actor_persona", "post", "post__author", "post__persona")
    )
    return keyset(qs, cursor=cursor)


def unread_count(viewer: User) -> int:
    """Unread notifications (one query, cached on the user for the request: the nav and the sidebar both ask)."""
    if not access.may_practise(viewer):
        return 0
    cached = getattr(viewer, "_practice_unread", None)
    if cached is None:
        cached = FeedNotification.objects.filter(recipient=viewer, read_at__isnull=True).count()
        vars(viewer)["_practice_unread"] = cached
    return cached


def hidden_posts(feed: Feed, *, limit: int = 20) -> list[Post]:
    """The newest posts a trainer hid in a feed, for the console (callers check the viewer moderates it)."""
    return list(
        Post.objects.filter(feed=feed, hidden_at__isnull=False, deleted_at__isnull=True)
        .select_related("author", "persona", "hidden_by")
        .order_by("-hidden_at", "-id")[:limit]
    )


# --- Who to follow ---------------------------------------------------------------------------


def who_to_follow(viewer: User, *, limit: int = 5) -> list[User | Persona]:
    """People and accounts worth following, that the viewer does not follow yet: the organisation's and
    the cohorts' personas first, then the cohorts' trainers, then fellow learners. Two queries."""
    feeds = access.feed_ids_for(viewer)
    cohorts = access.cohort_ids_for(viewer)
    followed = Follow.objects.filter(follower=viewer)
    personas = list(
        Persona.objects.filter(Q(feed__isnull=True) | Q(feed_id__in=feeds))
        .exclude(pk__in=followed.filter(persona__isnull=False).values("persona_id"))
        .order_by(F("feed_id").asc(nulls_first=True), "name")[:limit]
    )
    people = list(
        User.objects.active()
        .filter(feed_memberships__feed_id__in=cohorts)
        .exclude(pk=viewer.pk)
        .exclude(pk__in=followed.filter(user__isnull=False).values("user_id"))
        .annotate(trains=Exists(FeedMembership.objects.filter(user=OuterRef("pk"), role=FeedMembership.Role.TRAINER)))
        .distinct()
        .order_by("-trains", "display_name")[:limit]
    )
    # A mix: at most two accounts first (the organisation's among them), then colleagues, then the rest.
    found: list[User | Persona] = [*personas[:2], *people, *personas[2:]]
    return found[:limit]
