import pytest
from django.core.cache import cache
from django.test import override_settings

from practice import services
from practice.errors import (
    AlreadyRetweeted,
    EmptyPost,
    InvalidCharacters,
    NotAllowed,
    NotAMember,
    PostTooLong,
    PostUnavailable,
    RateLimited,
)
from practice.models import FeedNotification, Hashtag, Mention, Post
from tests.factories import PersonaFactory, world


@pytest.fixture
def w(employee, colleague, outsider, trainer, admin_user):
    return world(employee=employee, colleague=colleague, outsider=outsider, trainer=trainer, admin_user=admin_user)


def test_a_member_posts_into_their_cohort(w):
    post = services.create_post(user=w.employee, feed=w.a, text="Hello cohort")
    assert post.feed == w.a
    assert post.author == w.employee


def test_crlf_is_stored_as_lf(w):
    post = services.create_post(user=w.employee, feed=w.a, text="one\r\ntwo\rthree")
    assert post.text == "one\ntwo\nthree"


def test_an_outsider_cannot_post_into_another_cohort(w):
    with pytest.raises(NotAMember):
        services.create_post(user=w.outsider, feed=w.a, text="let me in")


def test_everyone_may_post_in_the_open_feed(w):
    assert services.create_post(user=w.outsider, feed=w.open, text="hi all").feed == w.open


def test_an_empty_post_is_refused(w):
    with pytest.raises(EmptyPost):
        services.create_post(user=w.employee, feed=w.a, text="  \r\n ")


def test_a_post_over_280_weighted_characters_is_refused_with_the_overflow(w):
    with pytest.raises(PostTooLong) as info:
        services.create_post(user=w.employee, feed=w.a, text="x" * 281)
    assert info.value.over == 1
    # CJK characters weigh two.
    with pytest.raises(PostTooLong):
        services.create_post(user=w.employee, feed=w.a, text="漢" * 141)


def test_a_long_url_counts_23(w):
    text = "read https://example.org/" + "a" * 400
    assert services.create_post(user=w.employee, feed=w.a, text=text).text == text


def test_a_nul_byte_is_refused(w):
    with pytest.raises(InvalidCharacters):
        services.create_post(user=w.employee, feed=w.a, text="nul\x00byte")


def test_mentions_and_hashtags_are_recorded_and_mentioned_members_notified(w):
    post = services.create_post(user=w.employee, feed=w.a, text="Hi @Cal and @olly and @nobody #SafeSocial #safesocial")
    assert set(Hashtag.objects.filter(post=post).values_list("tag", flat=True)) == {"safesocial"}
    mentions = {m.handle: m.user for m in Mention.objects.filter(post=post)}
    assert mentions == {"cal": w.colleague, "olly": w.outsider, "nobody": None}
    notified = FeedNotification.objects.filter(kind="mention").values_list("recipient__handle", flat=True)
    # Olly is not in cohort A: telling him would leak the post.
    assert list(notified) == ["cal"]


def test_a_reply_goes_into_the_parents_feed_and_counts(w):
    parent = services.create_post(user=w.colleague, feed=w.a, text="Question?")
    reply = services.reply(user=w.employee, post=parent, text="Answer.")
    parent.refresh_from_db()
    assert reply.feed == w.a and reply.reply_to == parent
    assert parent.reply_count == 1
    assert FeedNotification.objects.filter(recipient=w.colleague, kind="reply").count() == 1


def test_an_outsider_cannot_reply_retweet_like_or_quote_across_cohorts(w):
    post = services.create_post(user=w.employee, feed=w.a, text="cohort only")
    for action in (
        lambda: services.reply(user=w.outsider, post=post, text="hi"),
        lambda: services.quote(user=w.outsider, post=post, text="hi"),
        lambda: services.retweet(user=w.outsider, post=post),
        lambda: services.like(user=w.outsider, post=post),
    ):
        with pytest.raises(NotAMember):
            action()


def test_the_admin_who_is_not_in_the_cohort_cannot_act_on_its_posts_either(w):
    post = services.create_post(user=w.employee, feed=w.a, text="cohort only")
    with pytest.raises(NotAMember):
        services.like(user=w.admin, post=post)


def test_a_person_retweets_a_post_once_and_can_undo(w):
    post = services.create_post(user=w.colleague, feed=w.a, text="Worth sharing")
    rt = services.retweet(user=w.employee, post=post)
    with pytest.raises(AlreadyRetweeted):
        services.retweet(user=w.employee, post=post)
    with pytest.raises(AlreadyRetweeted):
        services.retweet(user=w.employee, post=rt)  # a retweet of the retweet is the original
    post.refresh_from_db()
    assert post.retweet_count == 1
    services.undo_retweet(user=w.employee, post=post)
    post.refresh_from_db()
    assert post.retweet_count == 0
    services.retweet(user=w.employee, post=post)  # and again after undoing
    assert Post.objects.filter(retweet_of=post, deleted_at__isnull=True).count() == 1


def test_a_quote_counts_only_its_own_words(w):
    post = services.create_post(user=w.colleague, feed=w.a, text="x" * 280)
    quote = services.quote(user=w.employee, post=post, text="y" * 280)
    assert quote.quote_of == post
    assert quote.text == "y" * 280


def test_likes_are_once_per_person_and_unlike_takes_it_back(w):
    post = services.create_post(user=w.colleague, feed=w.a, text="Like me")
    assert services.like(user=w.employee, post=post) is True
    assert services.like(user=w.employee, post=post) is False
    post.refresh_from_db()
    assert post.like_count == 1
    services.unlike(user=w.employee, post=post)
    services.unlike(user=w.employee, post=post)
    post.refresh_from_db()
    assert post.like_count == 0
    assert FeedNotification.objects.filter(recipient=w.colleague, kind="like").count() == 1


def test_only_the_author_deletes_a_post_and_retweets_show_it_deleted(w):
    post = services.create_post(user=w.colleague, feed=w.a, text="Mine")
    rt = services.retweet(user=w.employee, post=post)
    with pytest.raises(NotAllowed):
        services.delete_post(user=w.employee, post=post)
    with pytest.raises(NotAllowed):
        services.delete_post(user=w.trainer, post=post)
    services.delete_post(user=w.colleague, post=post)
    rt.refresh_from_db()
    assert rt.retweet_of.is_deleted
    with pytest.raises(PostUnavailable):
        services.like(user=w.employee, post=rt)


def test_a_trainer_hides_a_post_in_their_cohort_with_a_reason(w):
    post = services.create_post(user=w.employee, feed=w.a, text="Oops")
    services.hide_post(user=w.trainer, post=post, reason="Names a patient")
    post.refresh_from_db()
    assert post.is_hidden and post.hidden_reason == "Names a patient" and post.hidden_by == w.trainer


def test_nobody_else_hides_posts(w):
    post = services.create_post(user=w.employee, feed=w.a, text="Oops")
    for person in (w.colleague, w.outsider, w.admin, w.employee):
        with pytest.raises(NotAllowed):
            services.hide_post(user=person, post=post, reason="no")


def test_a_hide_needs_a_reason(w):
    post = services.create_post(user=w.employee, feed=w.a, text="Oops")
    with pytest.raises(EmptyPost):
        services.hide_post(user=w.trainer, post=post, reason="   ")


def test_only_the_cohorts_trainers_post_as_its_personas(w, trainer):
    persona = PersonaFactory(handle="NewsDesk", feed=w.a)
    post = services.post_as_persona(user=w.trainer, persona=persona, feed=w.a, text="Breaking")
    assert post.persona == persona and post.author is None and post.posted_by == w.trainer
    for person in (w.employee, w.colleague, w.outsider, w.admin):
        with pytest.raises(NotAllowed):
            services.post_as_persona(user=person, persona=persona, feed=w.a, text="Fake news")
    # A cohort persona does not post into another feed, even for its trainer.
    with pytest.raises(NotAllowed):
        services.post_as_persona(user=w.trainer, persona=persona, feed=w.b, text="Elsewhere")


@override_settings(PRACTICE_POST_RATE_LIMIT=3, PRACTICE_POST_RATE_WINDOW=300)
def test_posting_is_rate_limited_per_person_with_a_clear_message(w):
    cache.clear()
    for n in range(3):
        services.create_post(user=w.employee, feed=w.a, text=f"post {n}")
    with pytest.raises(RateLimited) as info:
        services.create_post(user=w.employee, feed=w.a, text="one too many")
    assert "3 posts every 5 minutes" in str(info.value.message)
    services.create_post(user=w.colleague, feed=w.a, text="others still post")
    cache.clear()


def test_joining_and_leaving_a_cohort_takes_effect_at_once(w):
    services.create_post(user=w.outsider, feed=w.open, text="warm the cache")
    services.add_member(feed=w.a, user=w.outsider)
    services.create_post(user=w.outsider, feed=w.a, text="now a member")
    services.remove_member(feed=w.a, user=w.outsider)
    with pytest.raises(NotAMember):
        services.create_post(user=w.outsider, feed=w.a, text="gone")
