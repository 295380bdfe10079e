"""Settings for the test suite: the real settings, made fast and hermetic."""

import os

os.environ.setdefault("TWEETCAMP_VAR_DIR", os.path.join(os.path.dirname(os.path.dirname(__file__)), "var", "test"))

from tweetcamp.settings import *  # noqa: F403
from tweetcamp.settings import REDIS_URL

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; never in production
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SIGNUP_EMAIL_DOMAINS = ["example.org"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
if not REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Cards in this process only, emptied before each test (tests/conftest.py): test databases reuse ids.
CACHES["cards"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-cards"}
# Rate limits are tested where they matter; elsewhere they would make tests order-dependent.
ACCOUNT_RATE_LIMITS_ENABLED = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
