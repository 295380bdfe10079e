from django.contrib import admin

from notifications.models import Delivery, Notification, Preference, QuietHours


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin[Delivery]):
    list_display = ["created_at", "recipient", "kind", "key", "slot", "channel", "status", "attempts", "late"]
    list_filter = ["status", "kind", "channel", "late"]
    search_fields = ["recipient__email", "key"]
    raw_id_fields = ["recipient"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
    list_select_related = ["recipient"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = ["created_at", "recipient", "kind", "title", "read_at"]
    list_filter = ["kind"]
    search_fields = ["recipient__email", "title"]
    raw_id_fields = ["recipient", "delivery"]
    list_select_related = ["recipient"]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin[Preference]):
    list_display = ["person", "kind", "channel", "updated_at"]
    list_filter = ["kind", "channel"]
    raw_id_fields = ["person"]


@admin.register(QuietHours)
class QuietHoursAdmin(admin.ModelAdmin[QuietHours]):
    list_display = ["person", "starts", "ends"]
    raw_id_fields = ["person"]
