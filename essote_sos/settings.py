"""Settings of the portal, read from environment variables only.

The defaults serve one machine with nothing installed (an SQLite file in the
project folder, Celery tasks run in-process).  A production installation sets
at least SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and CELERY_BROKER_URL; see
README.md and docs/deployment.md for the full list.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)


def _secret_key() -> tuple[str, str]:
    """The key and where it came from.

    One machine with nothing configured gets a random key kept in a file beside
    the code, so sessions survive restarts; a deployment with several web nodes
    must share one key and sets SECRET_KEY (the deploy check warns otherwise).
    """
    if key := env.str("SECRET_KEY", default=""):
        return key, "environment"
    key_file = Path(env.str("SECRET_KEY_FILE", default=str(BASE_DIR / ".secret_key")))
    if not key_file.exists():
        from django.core.management.utils import get_random_secret_key

        key_file.write_text(get_random_secret_key())
        key_file.chmod(0o600)
    return key_file.read_text().strip(), "file"


SECRET_KEY, SECRET_KEY_SOURCE = _secret_key()


def _derived_key(purpose: str) -> str:
    """A key for one purpose, derived from SECRET_KEY (one-machine default)."""
    import base64
    import hashlib
    import hmac

    digest = hmac.new(SECRET_KEY.encode(), purpose.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode()


# Personal identity codes (henkilötunnus) are stored encrypted (Fernet) and
# found through a keyed HMAC; see clients/crypto.py.  The first encryption key
# encrypts, all of them decrypt, so keys can be rotated.  Production sets both
# explicitly (the deploy check warns otherwise): a derived key changes with
# SECRET_KEY, and the codes would become unreadable.
IDENTITY_CODE_ENCRYPTION_KEYS = env.list("IDENTITY_CODE_ENCRYPTION_KEYS", default=[])
IDENTITY_CODE_HMAC_KEY = env.str("IDENTITY_CODE_HMAC_KEY", default="")
IDENTITY_CODE_KEYS_DERIVED = not (IDENTITY_CODE_ENCRYPTION_KEYS and IDENTITY_CODE_HMAC_KEY)
IDENTITY_CODE_ENCRYPTION_KEYS = IDENTITY_CODE_ENCRYPTION_KEYS or [
    _derived_key("identity-code-encryption")
]
IDENTITY_CODE_HMAC_KEY = IDENTITY_CODE_HMAC_KEY or _derived_key("identity-code-hmac")

# TOTP secrets of two-factor login are stored encrypted the same way
# (accounts/two_factor.py), under keys of their own: the first encrypts, all
# decrypt.  Derived keys change with SECRET_KEY, and every user would have to
# enrol again, so production sets them (the deploy check warns otherwise).
TWO_FACTOR_ENCRYPTION_KEYS = env.list("TWO_FACTOR_ENCRYPTION_KEYS", default=[])
TWO_FACTOR_KEYS_DERIVED = not TWO_FACTOR_ENCRYPTION_KEYS
TWO_FACTOR_ENCRYPTION_KEYS = TWO_FACTOR_ENCRYPTION_KEYS or [_derived_key("two-factor-encryption")]

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_otp",
    "axes",
    # The portal's own apps, in the order they may depend on each other
    # (docs/architecture.md): each app imports only apps above it.
    "accounts",
    "clients",
    "assessments",
    "groups",
    "outreach",
    "structural",
    "activities",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every view requires login unless it is explicitly marked public
    # with @login_not_required; a new view cannot forget it.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle and absolute session limits (with a message, so after messages),
    # then two-factor login on every page but the public ones and the steps
    # of logging in (accounts/middleware.py).
    "accounts.middleware.SessionLimitsMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "accounts.middleware.NoStoreForSignedInMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "essote_sos.urls"

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
                "accounts.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "essote_sos.wsgi.application"

# --- Database ---------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Reports may read from a replica (docs/deployment.md): selectors of
# figures ask essote_sos.db.reports_database() for the alias to read from.
if env.str("REPORTS_DATABASE_URL", default=""):
    DATABASES["reports"] = env.db("REPORTS_DATABASE_URL")
    DATABASES["reports"]["TEST"] = {"MIRROR": "default"}
# PostgreSQL settings for every connection of the portal (libpq "options").
# JIT off: the figures' aggregations are just above jit_above_cost, and
# compiling them cost more than it saved (the county's dashboard at national
# scale: 1.07 s with JIT, 0.74 s without; docs/performance.md).  A larger
# work_mem ("-c work_mem=64MB") was measured too and did not help; it can be
# added here if a deployment's plans spill to disk.
DATABASE_SESSION_OPTIONS = env.str("DATABASE_SESSION_OPTIONS", default="-c jit=off")
for _database in DATABASES.values():
    if DATABASE_SESSION_OPTIONS and _database["ENGINE"].endswith("postgresql"):
        _database.setdefault("OPTIONS", {})["options"] = DATABASE_SESSION_OPTIONS
# Read a single calendar month's additive figures from the stored summary
# (reports.UnitMonthFigures, refreshed nightly by Celery) instead of counting
# them raw: for national-scale installations (docs/performance.md).  The
# figures are then as fresh as the last refresh.
FIGURES_FROM_SUMMARY = env.bool("FIGURES_FROM_SUMMARY", default=False)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and sessions --------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# django-axes first: it refuses a login attempt during a lockout before any
# password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Two-factor login (TOTP) for every account.  Only the one-machine demo
# (`make run`) turns it off, and then every page says so; the deploy check
# refuses a production installation without it.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=True)
TWO_FACTOR_ISSUER = env.str("TWO_FACTOR_ISSUER", default="Essote SOS")
TWO_FACTOR_RECOVERY_CODE_COUNT = 10
# After a wrong code the next try waits 1, 2, 4, 8 ... seconds (django-otp).
OTP_TOTP_THROTTLE_FACTOR = 1

# Lockout after repeated failed logins (django-axes): by username and,
# separately, by address, for LOGIN_COOLOFF_MINUTES after the latest failure.
# The address is the one the access log records (accounts.services.client_ip,
# through TRUSTED_PROXY_COUNT proxies), so one rule decides it everywhere.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
AXES_CLIENT_IP_CALLABLE = "accounts.services.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.views.login_locked"
AXES_RESET_ON_SUCCESS = False
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# A shared office computer must not stay signed in: a session ends after
# 30 minutes without activity, 12 hours after login whatever the activity,
# and when the browser closes.  accounts.middleware.SessionLimitsMiddleware
# enforces both limits with stamps kept in the session.  The last-request
# stamp is renewed at most once a minute (accounts/user_sessions.py), so the
# session row is written only then, not on every request (a write and its
# commit cost 1.5-3 ms of a page; docs/performance.md): a session ends 29 to
# 30 minutes after its last request, never later.  The session row itself
# expires 12 hours after its last write as a backstop.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_ABSOLUTE_TIMEOUT = env.int("SESSION_ABSOLUTE_TIMEOUT", default=12 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Addresses in the access log: how many reverse proxies in front of the
# portal append to X-Forwarded-For.  0 means REMOTE_ADDR is the client.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# --- Security (production defaults follow DEBUG) ----------------------------
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# A strict Content-Security-Policy: scripts and styles only from the portal's
# own static files, never inline (tests/test_templates.py keeps templates so).
# Bootstrap draws its form controls with data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Language and formats ---------------------------------------------------
LANGUAGE_CODE = "fi"
LANGUAGES = [
    ("fi", _("Finnish")),
    ("sv", _("Swedish")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

# --- Static and uploaded files ----------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "media/"
# Report files go through Django's storage so that several nodes can share
# them; set STORAGE_BACKEND to an S3-compatible backend in a cluster.
STORAGES = {
    "default": {
        "BACKEND": env.str(
            "STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"
        ),
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env.bool("STATIC_MANIFEST", default=True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
# Whitenoise warns at start-up when the folder is missing (ENVIRONMENT.md).
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Disclosure control (accounts/disclosure.py): counts from 1 to this minus 1
# are suppressed in figures that leave a unit, and in every export and print.
DISCLOSURE_THRESHOLD = env.int("DISCLOSURE_THRESHOLD", default=5)

# Break the glass (clients/break_glass.py): how long a reason-given access to
# one client outside the user's units lasts.
BREAK_GLASS_DURATION_MINUTES = env.int("BREAK_GLASS_DURATION_MINUTES", default=60)

# How often a draft assessment is saved in the background (static/js/autosave.js).
AUTOSAVE_INTERVAL_SECONDS = env.int("AUTOSAVE_INTERVAL_SECONDS", default=15)

# --- Forms ------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Celery -----------------------------------------------------------------
# The whole configuration lives here under the CELERY_ prefix; the app in
# essote_sos/celery.py reads it, and so does the test worker.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
# Without a broker, tasks run in-process (the one-machine demo).
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_RESULT_EXPIRES = env.int("CELERY_RESULT_EXPIRES", default=24 * 3600)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# A task is acknowledged only when it has finished, and a task whose worker
# died is given back to the queue rather than lost.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=10 * 60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=12 * 60)
# Redis hands an unacknowledged task to another worker after the visibility
# timeout; it must outlast the longest task, or long reports run twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=60 * 60),
}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = dict(CELERY_BROKER_TRANSPORT_OPTIONS)
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="essote_sos")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
if CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured(
        "CELERY_VISIBILITY_TIMEOUT must be longer than CELERY_TASK_TIME_LIMIT, "
        "or Redis delivers long tasks a second time."
    )

# --- Logging ----------------------------------------------------------------
# Log lines name users and objects by id only: never a client's name or
# identity code (docs/architecture.md, "Personal data").
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint's font subsetting reports every table it prunes.
        "fontTools": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
    },
}

# --- Demo -------------------------------------------------------------------
# The demo data sets known passwords: it may only be loaded where DEBUG is on
# or where the operator says so explicitly.
DEMO_DATA_ALLOWED = env.bool("DEMO_DATA_ALLOWED", default=DEBUG)
