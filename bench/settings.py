"""Settings of the bench's own processes: the product's, with the bench URLconf (the product plus the floor page).

``bench.config`` points DJANGO_SETTINGS_MODULE here for the servers and workers it starts; with ``floor`` off
it uses the product's settings unchanged.
"""

from tweetcamp.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
