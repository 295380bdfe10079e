from django.apps import AppConfig


class TweetcampConfig(AppConfig):
    name = "tweetcamp"
    verbose_name = "Tweet Camp platform"
