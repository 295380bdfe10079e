from typing import TYPE_CHECKING

from django.contrib import admin

from notifications.models import Delivery, Notification, Preference, QuietHours

# django-stubs makes ModelAdmin generic for the checker; at run time it is a plain class
# (settings do not call django_stubs_ext.monkeypatch()), so the parameters are given to mypy only.
if TYPE_CHECKING:
    DeliveryBase = admin.ModelAdmin[Delivery]
    NotificationBase = admin.ModelAdmin[Notification]
    PreferenceBase = admin.ModelAdmin[Preference]
    QuietHoursBase = admin.ModelAdmin[QuietHours]
else:
    DeliveryBase = NotificationBase = PreferenceBase = QuietHoursBase = admin.ModelAdmin


@admin.register(Delivery)
class DeliveryAdmin(DeliveryBase):
    list_display = ["created_at", "recipient", "kind", "key", "slot", "channel", "status", "attempts", "late"]
    list_filter = ["status", "kind", "channel", "late"]
    search_fields = ["recipient__email", "key"]
    raw_id_fields = ["recipient"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
    list_select_related = ["recipient"]


@admin.register(Notification)
class NotificationAdmin(NotificationBase):
    list_display = ["created_at", "recipient", "kind", "title", "read_at"]
    list_filter = ["kind"]
    search_fields = ["recipient__email", "title"]
    raw_id_fields = ["recipient", "delivery"]
    list_select_related = ["recipient"]


@admin.register(Preference)
class PreferenceAdmin(PreferenceBase):
    list_display = ["person", "kind", "channel", "updated_at"]
    list_filter = ["kind", "channel"]
    raw_id_fields = ["person"]


@admin.register(QuietHours)
class QuietHoursAdmin(QuietHoursBase):
    list_display = ["person", "starts", "ends"]
    raw_id_fields = ["person"]
