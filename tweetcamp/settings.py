"""Tweet Camp settings: one file, every value read from the environment.

With nothing set, it runs embedded for development: SQLite in ./var, a Celery
broker on a SQLite file (kombu's SQLAlchemy transport), e-mail to the console.
With DEBUG off it demands a real SECRET_KEY and ALLOWED_HOSTS. See .env.example.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
import django_stubs_ext
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from tweetcamp.env import env_bool, env_choice, env_int, env_list, env_str, env_timezone, env_url

# Django's generic classes (ModelAdmin[Model], ModelForm[Model], QuerySet[Model]) accept the type argument
# the type checker reads, at run time too.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("TWEETCAMP_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", default=True)
_DEV_SECRET = "dev-only-insecure-secret-key-do-not-use-in-production-0123456789"  # noqa: S105 - refused below when DEBUG is off
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET if DEBUG else None)
if not DEBUG and SECRET_KEY == _DEV_SECRET:
    raise ImproperlyConfigured("SECRET_KEY must be set to a real secret when DEBUG is off.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"] if DEBUG else None)
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma-separated) when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django_htmx",
    "simple_history",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "tweetcamp",
    "accounts",
    "notifications",
    "practice",
    "courses",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "tweetcamp.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tweetcamp.middleware.RejectNulBytesMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "accounts.middleware.UserTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "tweetcamp.urls"
WSGI_APPLICATION = "tweetcamp.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "tweetcamp.navigation.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASE_URL = env_url(
    "DATABASE_URL",
    f"sqlite:///{VAR_DIR / 'tweetcamp.sqlite3'}",
    schemes=("sqlite", "postgres", "postgresql", "pgsql"),
)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 60, minimum=0))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes; IMMEDIATE takes the
    # write lock at BEGIN so two writers queue behind the busy timeout instead of
    # failing with "database is locked" half-way through a transaction.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: broker, cache ---------------------------------------------------
REDIS_URL = env_url("REDIS_URL", None, schemes=("redis", "rediss", "unix"))
# The caches may live on a Redis of their own (allkeys-lru, a maxmemory), apart from the broker's queues,
# which must never be evicted; by default they share REDIS_URL.
CACHE_REDIS_URL = env_url("CACHE_REDIS_URL", REDIS_URL, schemes=("redis", "rediss", "unix"))
# A Redis that stops answering must not hold every page for redis-py's default 5 s: the callers fall back.
CACHE_REDIS_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}
if CACHE_REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_REDIS_URL,
            "OPTIONS": CACHE_REDIS_OPTIONS,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "tweetcamp_cache",
        }
    }
# Rendered post cards (practice.cards): shared by every web worker through Redis when there is one, else
# kept in each process (a card is cheap to render again; a database cache would cost a query per page).
CACHES["cards"] = (
    {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_REDIS_URL,
        "KEY_PREFIX": "cards",
        "OPTIONS": CACHE_REDIS_OPTIONS,
    }
    if CACHE_REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "cards",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
)
# Permission sets kept in the cache between requests (accounts.backends) only with Redis.
PERMISSION_CACHE = bool(CACHE_REDIS_URL) and env_bool("PERMISSION_CACHE", default=True)

# --- Auth -----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "accounts.backends.CachedPermissionsBackend",  # Django's ModelBackend, its answers kept in the cache
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Tweet Camp] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if not DEBUG else "http"
ACCOUNT_RATE_LIMITS_ENABLED = env_bool("ACCOUNT_RATE_LIMITS_ENABLED", default=True)
# Sign-up is only for the organisation's own addresses; empty means anyone.
SIGNUP_EMAIL_DOMAINS = [d.lower().lstrip("@") for d in env_list("SIGNUP_EMAIL_DOMAINS", ["example.org"])]

# Single sign-on. Each provider appears on the login page only when configured.
SSO_DEPARTMENT_CLAIM = env_str("SSO_DEPARTMENT_CLAIM", "department")
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_PROVIDERS: dict[str, dict[str, object]] = {}
# Origins a sign-in form may redirect to (CSP form-action): the SAML IdP's, say. The OIDC server is added below.
CSP_EXTRA_FORM_ACTION = env_list("CSP_EXTRA_FORM_ACTION")
if env_str("OIDC_CLIENT_ID", "-") != "-":
    _oidc = env_url("OIDC_SERVER_URL", None, schemes=("https", "http"))
    if _oidc:
        CSP_EXTRA_FORM_ACTION.append("/".join(_oidc.split("/")[:3]))
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": env_str("OIDC_PROVIDER_ID", "sso"),
                "name": env_str("OIDC_NAME", "Single sign-on"),
                "client_id": env_str("OIDC_CLIENT_ID"),
                "secret": env_str("OIDC_CLIENT_SECRET"),
                "settings": {"server_url": env_str("OIDC_SERVER_URL"), "scope": ["openid", "email", "profile"]},
            }
        ],
    }
if env_str("SAML_IDP_ENTITY_ID", "-") != "-":
    SOCIALACCOUNT_PROVIDERS["saml"] = {
        "APPS": [
            {
                "name": env_str("SAML_NAME", "Single sign-on (SAML)"),
                "provider_id": env_str("SAML_IDP_ENTITY_ID"),
                "client_id": env_str("SAML_ORGANIZATION_SLUG", "hospital"),
                "settings": {
                    "attribute_mapping": {
                        "uid": env_str("SAML_ATTR_UID", "uid"),
                        "email": env_str("SAML_ATTR_EMAIL", "email"),
                        "email_verified": "email_verified",
                        "first_name": env_str("SAML_ATTR_FIRST_NAME", "first_name"),
                        "last_name": env_str("SAML_ATTR_LAST_NAME", "last_name"),
                    },
                    "idp": {
                        "entity_id": env_str("SAML_IDP_ENTITY_ID"),
                        "metadata_url": env_str("SAML_IDP_METADATA_URL"),
                    },
                },
            }
        ]
    }

# --- I18N / time ----------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_timezone("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static ---------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- E-mail ---------------------------------------------------------------
EMAIL_BACKEND = env_choice(
    "EMAIL_BACKEND",
    {
        "console": "django.core.mail.backends.console.EmailBackend",
        "file": "django.core.mail.backends.filebased.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
    },
    "smtp" if env_str("EMAIL_HOST", "-") != "-" else "console",
)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Tweet Camp <tweetcamp@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security -------------------------------------------------------------
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
if env_bool("BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# --- Celery ---------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL or f"sqlalchemy+sqlite:///{VAR_DIR / 'celery-broker.sqlite3'}"
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300, minimum=1)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240, minimum=1)
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Celery's Django fixup closes the database connection around every task unless told to reuse it: a
# new connection per task costs more than a small task itself. Reused here for this many tasks, while
# tweetcamp/celery.py applies Django's own rules (CONN_MAX_AGE, health checks) before each task.
CELERY_DB_REUSE_MAX = env_int("CELERY_DB_REUSE_MAX", 1000, minimum=1)
if REDIS_URL:
    # Redis redelivers an unacknowledged message (its worker died) after this long; longer than any task.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=1)}
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "courses.tasks.grade_*": {"queue": "fast"},
    "practice.tasks.*": {"queue": "fast"},
    "*.send_*_wave": {"queue": "bulk"},
    "reports.tasks.*": {"queue": "bulk"},
    "*.send_*_batch": {"queue": "bulk"},
    "*.export_*": {"queue": "bulk"},
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {"task": "tweetcamp.tasks.heartbeat", "schedule": 30.0},
    "sweep-sessions-cache": {"task": "tweetcamp.tasks.clear_expired_sessions", "schedule": crontab(minute=17, hour=3)},
    "sweep-enrolment-emails": {"task": "courses.tasks.sweep_unsent_enrolment_updates", "schedule": 60.0},
    "sweep-pending-submissions": {"task": "courses.tasks.sweep_pending_submissions", "schedule": 60.0},
    "sweep-untold-grades": {"task": "courses.tasks.sweep_untold_grades", "schedule": 300.0},
    "practice-scripted-posts": {"task": "practice.tasks.publish_scripted_posts", "schedule": 60.0},
    "session-reminders": {"task": "courses.tasks.send_reminder_wave", "schedule": 60.0},
    "notifications-pending": {"task": "notifications.tasks.send_pending_wave", "schedule": 60.0},
    "notifications-digests": {"task": "notifications.tasks.send_digest_wave", "schedule": crontab(minute="*/15")},
    "course-due-notices": {"task": "courses.tasks.send_course_due_wave", "schedule": 300.0},
}

# --- Notifications ----------------------------------------------------------
# A reminder sent more than this many seconds after it fell due is marked late.
NOTIFICATIONS_LATE_AFTER = env_int("NOTIFICATIONS_LATE_AFTER", 600, minimum=1)
# A claimed e-mail with no result after this many seconds (its worker died) is tried again.
NOTIFICATIONS_CLAIM_LEASE = env_int("NOTIFICATIONS_CLAIM_LEASE", 900, minimum=60)
# The daily feed digest goes after this hour, in each person's own time zone.
NOTIFICATIONS_DIGEST_HOUR = env_int("NOTIFICATIONS_DIGEST_HOUR", 8, minimum=0)
# Managers get a copy of an overdue notice after this many business days (a course's rules may say otherwise).
NOTIFICATIONS_OVERDUE_MANAGER_AFTER_BUSINESS_DAYS = env_int(
    "NOTIFICATIONS_OVERDUE_MANAGER_AFTER_BUSINESS_DAYS", 3, minimum=0
)
# A reminder wave handed to the workers is not handed out again for this many seconds (0: every tick).
REMINDER_REDISPATCH_AFTER = env_int("REMINDER_REDISPATCH_AFTER", 600, minimum=0)

# --- Logging --------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Product --------------------------------------------------------------
ORG_NAME = env_str("ORG_NAME", "Example Health")
ORG_HANDLE = env_str("ORG_HANDLE", "ExampleHealth")
# Practice feed: at most this many posts (posts, replies, quotes, retweets) per person per window.
PRACTICE_POST_RATE_LIMIT = env_int("PRACTICE_POST_RATE_LIMIT", 30, minimum=0)
PRACTICE_POST_RATE_WINDOW = env_int("PRACTICE_POST_RATE_WINDOW", 300, minimum=1)
# Synthetic patients of the training scenarios (never real people), comma-separated: a drill post that
# names one fails the no-patient-details rule. Empty: only the pattern rules (dates, MRNs, rooms…) apply.
SCENARIO_PATIENT_NAMES = tuple(env_list("SCENARIO_PATIENT_NAMES"))
