from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("people/", views.people, name="people"),
    path("people/<int:pk>/roles/", views.person_roles, name="person-roles"),
    path("department/", views.department, name="department"),
    path("language/", views.set_language, name="set-language"),
]
