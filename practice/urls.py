from django.urls import path

from practice import views

app_name = "practice"

urlpatterns = [
    path("", views.home, name="home"),
    path("poll/", views.poll, name="home-poll"),
    path("compose/", views.compose, name="compose"),
    path("compose/count/", views.count, name="count"),
    path("f/<int:feed_id>/", views.feed, name="feed"),
    path("f/<int:feed_id>/poll/", views.poll, name="feed-poll"),
    path("f/<int:feed_id>/console/", views.console, name="console"),
    path("posts/<int:pk>/", views.thread, name="post"),
    path("posts/<int:pk>/like/", views.like, name="post-like"),
    path("posts/<int:pk>/unlike/", views.unlike, name="post-unlike"),
    path("posts/<int:pk>/retweet/", views.retweet, name="post-retweet"),
    path("posts/<int:pk>/unretweet/", views.undo_retweet, name="post-unretweet"),
    path("posts/<int:pk>/delete/", views.delete, name="post-delete"),
    path("posts/<int:pk>/hide/", views.hide, name="post-hide"),
    path("people/<str:handle>/", views.profile, name="profile"),
    path("people/<str:handle>/follow/", views.follow, name="follow"),
    path("people/<str:handle>/unfollow/", views.follow, {"undo": True}, name="unfollow"),
    path("personas/<str:handle>/", views.profile, {"persona": True}, name="persona"),
    path("personas/<str:handle>/follow/", views.follow, {"persona": True}, name="persona-follow"),
    path("personas/<str:handle>/unfollow/", views.follow, {"persona": True, "undo": True}, name="persona-unfollow"),
    path("tags/<str:tag>/", views.hashtag, name="hashtag"),
    path("mentions/", views.mentions, name="mentions"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications-read"),
    path("search/", views.search, name="search"),
]
