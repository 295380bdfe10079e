from django.contrib import admin

from practice.models import (
    Feed,
    FeedMembership,
    FeedNotification,
    Follow,
    Hashtag,
    Like,
    Mention,
    Persona,
    Post,
    ScriptedDelivery,
    ScriptedPost,
)


class MembershipInline(admin.TabularInline[FeedMembership, Feed]):
    model = FeedMembership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin[Feed]):
    list_display = ["name", "kind", "starts_at", "timeline_paused_at"]
    list_filter = ["kind"]
    search_fields = ["name"]
    inlines = [MembershipInline]


@admin.register(Persona)
class PersonaAdmin(admin.ModelAdmin[Persona]):
    list_display = ["name", "handle", "feed", "created_by"]
    search_fields = ["name", "handle"]
    raw_id_fields = ["created_by"]


@admin.register(ScriptedPost)
class ScriptedPostAdmin(admin.ModelAdmin[ScriptedPost]):
    list_display = ["feed", "offset", "order", "persona", "anchor", "published_at"]
    list_filter = ["anchor", "feed"]
    raw_id_fields = ["reply_to_scripted", "reply_to_post", "published_post"]
    readonly_fields = ["published_at", "published_post"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin[Post]):
    list_display = ["pk", "feed", "author", "persona", "created_at", "deleted_at", "hidden_at"]
    list_filter = ["feed"]
    search_fields = ["text", "author__handle", "persona__handle"]
    list_select_related = ["feed", "author", "persona"]
    raw_id_fields = ["author", "persona", "posted_by", "reply_to", "retweet_of", "quote_of", "only_for", "hidden_by"]
    readonly_fields = ["reply_count", "retweet_count", "quote_count", "like_count"]


@admin.register(FeedNotification)
class FeedNotificationAdmin(admin.ModelAdmin[FeedNotification]):
    list_display = ["recipient", "kind", "created_at", "read_at"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient", "actor", "actor_persona", "post"]


@admin.register(FeedMembership)
class FeedMembershipAdmin(admin.ModelAdmin[FeedMembership]):
    list_display = ["user", "feed", "role", "joined_at", "first_visit_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__handle", "feed__name"]
    list_select_related = ["user", "feed"]
    raw_id_fields = ["user", "feed"]
    readonly_fields = ["joined_at", "first_visit_at"]


@admin.register(Like)
class LikeAdmin(admin.ModelAdmin[Like]):
    list_display = ["user", "post", "created_at"]
    search_fields = ["user__handle", "user__email"]
    list_select_related = ["user", "post"]
    raw_id_fields = ["user", "post"]
    readonly_fields = ["created_at"]


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin[Follow]):
    list_display = ["follower", "user", "persona", "created_at"]
    search_fields = ["follower__handle", "user__handle", "persona__handle"]
    list_select_related = ["follower", "user", "persona"]
    raw_id_fields = ["follower", "user", "persona"]
    readonly_fields = ["created_at"]


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin[Mention]):
    # Extracted from the post's text when it is written; read-only here.
    list_display = ["handle", "post", "user", "persona"]
    search_fields = ["handle"]
    raw_id_fields = ["post", "user", "persona"]
    readonly_fields = ["post", "handle", "user", "persona"]


@admin.register(Hashtag)
class HashtagAdmin(admin.ModelAdmin[Hashtag]):
    list_display = ["tag", "post"]
    search_fields = ["tag"]
    raw_id_fields = ["post"]
    readonly_fields = ["post", "tag"]


@admin.register(ScriptedDelivery)
class ScriptedDeliveryAdmin(admin.ModelAdmin[ScriptedDelivery]):
    list_display = ["scripted", "learner", "post", "published_at"]
    search_fields = ["learner__email", "learner__handle"]
    list_select_related = ["scripted", "learner"]
    raw_id_fields = ["scripted", "learner", "post"]
    readonly_fields = ["published_at"]
