from django.contrib import admin
from django.urls import include, path

from tweetcamp import privacy_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("me/export.json", privacy_views.export, name="privacy-export"),
    path("people/<int:pk>/anonymise/", privacy_views.anonymise, name="privacy-anonymise"),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("feed/", include("practice.urls")),
    path("notifications/", include("notifications.urls")),
    path("", include("courses.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "tweetcamp.views.bad_request"
handler403 = "tweetcamp.views.permission_denied"
handler404 = "tweetcamp.views.page_not_found"
handler500 = "tweetcamp.views.server_error"
