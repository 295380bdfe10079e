"""Settings for servers the fault and soak tests start: production settings (DEBUG off, so errors
render the 500/503 pages), but static files served without a collectstatic manifest."""

from tweetcamp.settings import *  # noqa: F403
from tweetcamp.settings import STORAGES

STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
