from django.contrib import admin

from practice.models import Feed, FeedMembership, FeedNotification, Persona, Post, ScriptedPost


class MembershipInline(admin.TabularInline):
    model = FeedMembership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "starts_at", "timeline_paused_at"]
    list_filter = ["kind"]
    search_fields = ["name"]
    inlines = [MembershipInline]


@admin.register(Persona)
class PersonaAdmin(admin.ModelAdmin):
    list_display = ["name", "handle", "feed", "created_by"]
    search_fields = ["name", "handle"]
    raw_id_fields = ["created_by"]


@admin.register(ScriptedPost)
class ScriptedPostAdmin(admin.ModelAdmin):
    list_display = ["feed", "offset", "order", "persona", "anchor", "published_at"]
    list_filter = ["anchor", "feed"]
    raw_id_fields = ["reply_to_scripted", "reply_to_post", "published_post"]
    readonly_fields = ["published_at", "published_post"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["pk", "feed", "author", "persona", "created_at", "deleted_at", "hidden_at"]
    list_filter = ["feed"]
    search_fields = ["text", "author__handle", "persona__handle"]
    list_select_related = ["feed", "author", "persona"]
    raw_id_fields = ["author", "persona", "posted_by", "reply_to", "retweet_of", "quote_of", "only_for", "hidden_by"]
    readonly_fields = ["reply_count", "retweet_count", "quote_count", "like_count"]


@admin.register(FeedNotification)
class FeedNotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "created_at", "read_at"]
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient", "actor", "actor_persona", "post"]
