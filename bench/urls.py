"""The bench server's URLconf: the product's URLs plus the floor page, which the product never routes.

The bench points ROOT_URLCONF here for its own processes only (see bench/settings.py).
"""

from __future__ import annotations

from django.urls import path

from bench.views import floor
from tweetcamp.urls import handler400, handler403, handler404, handler500
from tweetcamp.urls import urlpatterns as product_urlpatterns

urlpatterns = [*product_urlpatterns, path("bench/floor/", floor, name="bench-floor")]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
