"""Settings of the portal, read from the environment (django-environ).

The defaults are the embedded demo: SQLite, tasks run eagerly, mail printed to the
console. Production sets the environment and uses ``topblog.settings.production``.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env is a developer convenience; production passes real environment variables.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
# The fallback key only ever signs the embedded demo; production.py refuses to start on it.
INSECURE_DEMO_SECRET_KEY = "demo-only-insecure-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default=INSECURE_DEMO_SECRET_KEY)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
# Behind a TLS-terminating proxy the origin seen by the browser is https.
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# How many reverse proxies stand between the clients and the portal, each appending to
# X-Forwarded-For: the client's address is read that many entries from the header's end
# (topblog.client_address). 0: the connection's address is the client's.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # intcomma: audiences grouped in thousands as the reader's language writes them.
    "django.contrib.humanize",
    # Before staticfiles so runserver serves static files the way production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    # Swagger UI's files served from our own static files, not a CDN.
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "topblog.accounts",
    "topblog.tracks",
    # Below every stage: each stage's app registers its figures here.
    "topblog.dashboard",
    "topblog.notifications",
    # The admin's Russian grammar, filters and theme, shared by every stage's admin.
    "topblog.backoffice",
    "applications",
    # Expert review and selection: a stage of its own, nested in the intake it reads.
    "applications.review",
    "modules",
    "teams",
    # The teams' media projects and their refinement, then the final: stages nested in
    # the teams they belong to.
    "teams.projects",
    "teams.final",
    # Last: the demo season generator reaches into every stage of the funnel.
    "topblog.demo",
]

MIDDLEWARE = [
    # Outermost, so work a view leaves for after the response waits for all the rest.
    "topblog.after_response.AfterResponseMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "topblog.middleware.RussianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy on every response (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    # Pages and API answers are private and not stored unless a view says otherwise.
    "topblog.middleware.PrivateNoStoreMiddleware",
    # A login POST from an address that failed too often is refused before any hashing.
    "topblog.accounts.throttling.LoginThrottleMiddleware",
    # Last, as django-axes requires, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "topblog.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "topblog.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Every request in one transaction would hold row locks across template rendering;
# services open their own transactions instead.
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# A connection kept for a minute spares every request a new one (a fifth of a signed-in
# page's cost on SQLite, a TCP and auth round trip on PostgreSQL); the health check
# replaces one the database closed meanwhile before a request uses it.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out address is refused before a password is checked.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend that also tells an unconfirmed account by its one password check.
    "topblog.accounts.backends.AccountBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
# Each role starts from its own page (topblog.accounts.landing), not the public one.
LOGIN_REDIRECT_URL = "accounts:landing"
LOGOUT_REDIRECT_URL = "home"
# Confirmation and reset links stay valid for three days: people apply from their phones
# and may open the mail later.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

# Login throttling: five failures from one address for one account lock it for an hour.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# The login form's field is "username" even though it holds the email.
AXES_USERNAME_FORM_FIELD = "username"
# Its start-up banner would print on every management command.
AXES_VERBOSE = False
# The one client address of the portal, so a proxy's address never locks everyone out.
AXES_CLIENT_IP_CALLABLE = "topblog.client_address.client_ip"
# Throttles of the account forms (topblog.accounts.throttling), per window of an hour:
# mails a form may send per address and per email, failed logins per address (a whole
# office behind one address stays well under it; a password spray does not).
THROTTLE_WINDOW_SECONDS = env.int("THROTTLE_WINDOW_SECONDS", default=3600)
THROTTLE_MAIL_PER_ADDRESS = env.int("THROTTLE_MAIL_PER_ADDRESS", default=10)
THROTTLE_MAIL_PER_EMAIL = env.int("THROTTLE_MAIL_PER_EMAIL", default=3)
THROTTLE_LOGIN_FAILURES_PER_ADDRESS = env.int("THROTTLE_LOGIN_FAILURES_PER_ADDRESS", default=30)

# Only the portal's own files run or style a page: no inline script or style (the pages
# use none), no other origin, no framing. The admin's message preview, which shows a
# mail's own <style>, widens style-src for itself (notifications.admin).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # Swagger UI draws its icons from data: URIs.
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Русский")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Unset outside production: whitenoise then serves straight from the app and project
# folders, so the demo and the tests need no collectstatic.
STATIC_ROOT = env.str("STATIC_ROOT", default="") or None
WHITENOISE_USE_FINDERS = STATIC_ROOT is None
# Files browsers ask for at the site's root (favicon.ico, apple-touch-icon.png), served
# there by whitenoise so a first visit gets no 404.
WHITENOISE_ROOT = BASE_DIR / "public"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Private files are never served from MEDIA_URL directly; checked views stream them.
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names with compression in production; plain files keep tests fast.
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Mail: console in the demo, SMTP (or any backend) from EMAIL_URL in production.
_email = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(_email)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="ТопБЛОГ <noreply@topblog.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery: without REDIS_URL tasks run inline, so the embedded demo needs no server.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
# No result backend: nothing reads a task's return value, and storing it cost a web
# request 19 s of reconnecting whenever Redis was down.
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
# A web process publishes after a commit (after the response, in a request); with the
# broker down or hung it must give up within about a second, not hold the worker (the
# outbox row is committed, the sweep queues it later).
# Connecting waits half a second, a command one (kombu waits forever by default), and a
# failed publish is tried twice more at once, for a connection the broker just dropped.
CELERY_BROKER_CONNECTION_TIMEOUT = 0.5
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.1,
    "interval_max": 0.1,
}
CELERY_TASK_EAGER_PROPAGATES = True
# A task is acknowledged only after it ran, so a worker lost mid-task loses nothing.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# Periodic jobs: the outbox sweep every 15 s (it bounds how late a lost message goes
# out), reminders hourly (each goes once per person anyway).
CELERY_BEAT_SCHEDULE: dict = {
    "notifications-sweep": {
        "task": "topblog.notifications.tasks.outbox_sweep",
        "schedule": timedelta(seconds=env.int("NOTIFICATIONS_SWEEP_SECONDS", default=15)),
    },
    "notifications-stage-reminders": {
        "task": "topblog.notifications.tasks.stage_reminders_send",
        "schedule": timedelta(hours=1),
    },
    "applications-draft-reminders": {
        "task": "applications.tasks.application_draft_reminders_send",
        "schedule": timedelta(hours=1),
    },
    "review-overdue-reminders": {
        "task": "applications.review.tasks.review_reminders_send",
        "schedule": timedelta(hours=1),
    },
    # Every quarter hour: a session's reminder and a moved stage's notice come on time.
    "modules-schedule-reminders": {
        "task": "modules.tasks.schedule_reminders_send",
        "schedule": timedelta(minutes=15),
    },
    # A seat given up (an expired invitation, a withdrawn application) goes down the
    # waiting list within minutes.
    # The final's presentations: the deadline reminded, and each locked within the quarter
    # hour after it; uploads are refused from the deadline on whatever the beat does.
    "final-presentations-lock": {
        "task": "teams.final.tasks.presentations_lock",
        "schedule": timedelta(minutes=15),
    },
    "modules-finalists-sweep": {
        "task": "modules.tasks.finalists_sweep",
        "schedule": timedelta(minutes=5),
    },
    # A placed finalist who declines leaves their team, and frees its seat, within minutes.
    "teams-memberships-sweep": {
        "task": "teams.tasks.memberships_sweep",
        "schedule": timedelta(minutes=5),
    },
    # Checkpoints are due on a date, reminded days ahead: hourly is on time.
    "projects-checkpoint-reminders": {
        "task": "teams.projects.tasks.checkpoint_reminders",
        "schedule": timedelta(hours=1),
    },
}
# Up to this many confirmed finalists the team formation is computed in the organizer's
# request (150 people take well under a second); more go to a Celery job with progress.
TEAMS_FORMATION_INLINE_MAX = env.int("TEAMS_FORMATION_INLINE_MAX", default=1000)
# seed_demo's logins have published passwords and its --reset deletes every application;
# production settings turn it off.
DEMO_DATA_ALLOWED = env.bool("DEMO_DATA_ALLOWED", default=True)
# A portfolio file (photo, scan or PDF) up to 10 MB: enough for a print-quality page, not for video.
APPLICATION_UPLOAD_MAX_BYTES = env.int("APPLICATION_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
# Attempts before a message is marked failed; with the backoff below they span 1.5 hours.
NOTIFICATIONS_MAX_ATTEMPTS = env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=8)
# First retry delay, doubled per attempt: a mail server's short outage costs one or two retries.
NOTIFICATIONS_RETRY_BASE_SECONDS = env.int("NOTIFICATIONS_RETRY_BASE_SECONDS", default=60)
# The longest wait, under Redis' one-hour visibility timeout, past which a waiting retry is redelivered.
NOTIFICATIONS_RETRY_MAX_SECONDS = env.int("NOTIFICATIONS_RETRY_MAX_SECONDS", default=1800)
# A worker holds the messages it sends under a lease this long, renewed while it sends;
# a lease that ran out belongs to a lost worker, and a due message nobody has taken for
# this long to a lost task: the sweep sends them again. Twice the mail server's timeout,
# so that a slow but live send is not taken for a lost one.
NOTIFICATIONS_LEASE_SECONDS = env.int("NOTIFICATIONS_LEASE_SECONDS", default=60)
# After a publish fails, requests stop trying the broker for this long: in an outage an
# admin action over hundreds of applications waits out the timeouts once, not per batch.
NOTIFICATIONS_PUBLISH_PAUSE_SECONDS = env.int("NOTIFICATIONS_PUBLISH_PAUSE_SECONDS", default=10)
# Messages per delivery task: they share one SMTP connection, and a lost worker loses little.
NOTIFICATIONS_BATCH_SIZE = env.int("NOTIFICATIONS_BATCH_SIZE", default=100)
# Recipients a bulk send writes per task, so organizers see progress and no task runs long.
NOTIFICATIONS_FANOUT_CHUNK = 500
# Django waits on the mail server forever by default; a hung server must not hold a claim.
NOTIFICATIONS_SMTP_TIMEOUT = env.int("NOTIFICATIONS_SMTP_TIMEOUT", default=30)
# Stage reminders go this many days before each stage of the season starts.
NOTIFICATIONS_STAGE_REMINDER_DAYS = (7, 1)
# Draft applications are reminded this many days before the application window closes.
NOTIFICATIONS_DRAFT_REMINDER_DAYS = 3
# The teams are reminded of the final presentation's deadline this many days before it.
FINAL_PRESENTATION_REMINDER_DAYS = (3, 1)
# Links in messages must be absolute: mail is read outside the portal.
NOTIFICATIONS_SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")



def redis_cache_url_default(broker_url: str) -> str:
    """The database after the broker's (/0 -> /1, /4 -> /5): the cache lives in its own
    Redis database, so clearing it never drops queued tasks, and it follows whatever
    database REDIS_URL was given instead of taking someone else's /1."""
    if not broker_url:
        return ""
    parts = urlsplit(broker_url)
    database = int(parts.path.strip("/") or 0) + 1
    if database > 15:
        raise ImproperlyConfigured("REDIS_URL uses Redis database 15: set REDIS_CACHE_URL explicitly.")
    return parts._replace(path=f"/{database}").geturl()


REDIS_CACHE_URL = env.str("REDIS_CACHE_URL", default=redis_cache_url_default(REDIS_URL))
CACHES = {
    "default": (
        {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_CACHE_URL,
            # For installations (or test runs) that share one Redis database.
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default=""),
            "OPTIONS": {
                # The cache only saves work: with Redis down or hung a read is a miss and a
                # write is dropped after a quarter of a second (a healthy Redis answers in
                # a millisecond), and pages are rendered afresh.
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.25,
                "SOCKET_TIMEOUT": 0.25,
            },
        }
        if REDIS_CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    # Each process's own memory, for things stored under a key made of everything they
    # depend on (a page, a season's stages): a copy there is never stale, and reading it
    # costs no round trip. 1,000 pages of ~20 KB bound it at ~20 MB per process.
    "local": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "topblog-local",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
}
# Logged at WARNING by django-redis, so an outage of the cache is seen, not hidden.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
# Sessions live in the database only: a login must work with Redis down, and a session
# cache that missed a logout's delete during an outage would bring the session back
# when Redis returns. The cost is one primary-key query per signed-in request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    # JSON nested past Python's recursion limit is a 400, not a 500.
    "DEFAULT_PARSER_CLASSES": [
        "topblog.parsers.JSONParserBounded",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Closed by default: a public endpoint says so explicitly.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ТопБЛОГ «Министерство контента» API",
    "DESCRIPTION": "API портала трека «Министерство контента» проекта ТопБЛОГ.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One schema name per choice set: several fields share them, and two sets share the field name "kind".
    "ENUM_NAME_OVERRIDES": {
        "ApplicationStatusEnum": "applications.models.ApplicationStatus",
        "PortfolioFileKindEnum": "applications.models.PortfolioFile.Kind",
        "StageKindEnum": "topblog.tracks.models.StageKind",
        "ContentPlatformEnum": "applications.models.Platform",
        "ProjectPlatformEnum": "teams.projects.models.Platform",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
