"""The one settings module. Everything that differs between installations comes from the
environment; a bad value stops start-up with a message that names the variable."""

from __future__ import annotations

import os
import secrets
from decimal import Decimal, InvalidOperation
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (got {raw!r})")


def _env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number (got {raw!r})") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum} (got {value})")
    return value


def _env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("COMPLAINTDESK_DATA", "./var")).resolve()
try:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
except OSError as exc:
    raise ImproperlyConfigured(f"COMPLAINTDESK_DATA: cannot create {DATA_DIR}: {exc}") from exc


def _secret_key() -> str:
    configured = os.environ.get("SECRET_KEY", "")
    if configured:
        if len(configured) < 32:
            raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters long")
        return configured
    # Generated once and kept beside the data, so sessions and tracking links survive restarts.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.touch(mode=0o600)
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()


def _env_keys(name: str) -> list[str]:
    keys = _env_list(name, [])
    if any(len(key) < 32 for key in keys):
        raise ImproperlyConfigured(f"{name}: each key must be at least 32 characters long")
    return keys


# Secrets the database keeps (second-factor keys) are encrypted under a key derived from
# FIELD_ENCRYPTION_KEY, or from SECRET_KEY when it is empty; FIELD_ENCRYPTION_OLD_KEYS
# (comma-separated) still decrypt, for rotation (docs/security.md).
FIELD_ENCRYPTION_KEY = os.environ.get("FIELD_ENCRYPTION_KEY", "").strip()
if FIELD_ENCRYPTION_KEY and len(FIELD_ENCRYPTION_KEY) < 32:
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY must be at least 32 characters long")
FIELD_ENCRYPTION_OLD_KEYS = _env_keys("FIELD_ENCRYPTION_OLD_KEYS")
DEBUG = _env_bool("DEBUG", False)
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS", [])
# The public address customers reach, used to build tracking links in e-mails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL must start with http:// or https:// (got {SITE_URL!r})")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks_db",
    "complaintdesk.accounts",
    "complaintdesk.audit",
    "complaintdesk.complaints",
    "complaintdesk.intake",
    "complaintdesk.triage",
    "complaintdesk.routing",
    "complaintdesk.relations",
    "complaintdesk.sla",
    "complaintdesk.followup",
    "complaintdesk.notifications",
    "complaintdesk.jobs",
    "complaintdesk.console",
    "complaintdesk.portal",
    "complaintdesk.demo",
    "complaintdesk.operations",
    "complaintdesk.privacy",
    "complaintdesk.resolution",
    "complaintdesk.insights",
    # The API's docs page from its own static files, not from a CDN (fits the CSP).
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything that reads the session: shed intake floods, answer 503/507 when the
    # database or the disk fails (docs/reliability.md).
    "complaintdesk.availability.IntakeLimiter",
    "complaintdesk.availability.DatabaseUnavailable",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "complaintdesk.accounts.middleware.SessionExpiry",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "complaintdesk.security_headers.SecurityHeaders",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so it sees the resolved URL: every view answers to a rule in accounts.permissions.
    "complaintdesk.accounts.middleware.PermissionGate",
]

ROOT_URLCONF = "complaintdesk.urls"
WSGI_APPLICATION = "complaintdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
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


def _databases() -> dict:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        url = f"sqlite:///{DATA_DIR / 'complaintdesk.sqlite3'}"
    try:
        config = dj_database_url.parse(url, conn_max_age=_env_int("DB_CONN_MAX_AGE", 60))
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"DATABASE_URL is not a database URL we understand: {exc}"
        ) from exc
    engine = config["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        # One file, WAL so readers never wait for the writer; IMMEDIATE transactions so two
        # writers queue on the busy timeout instead of failing with "database is locked".
        # synchronous=FULL syncs every commit, so an acknowledged complaint survives power loss
        # too (NORMAL only survives a process crash); about 2 ms per complaint, see
        # docs/reliability.md.
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=FULL;PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        }
        # A file, not memory, so tests can share it with subprocesses; one per test run, so
        # runs side by side never share it.
        config["TEST"] = {"NAME": str(DATA_DIR / f"test-{os.getpid()}.sqlite3")}
    elif engine in {"django.db.backends.postgresql"}:
        config.setdefault("OPTIONS", {})
        # Never wait long for a database that does not answer: give up connecting after
        # DB_CONNECT_TIMEOUT seconds, and drop a connection whose packets go unanswered
        # (keepalives, TCP_USER_TIMEOUT), so a request answers 503 instead of hanging.
        timeout = _env_int("DB_CONNECT_TIMEOUT", 5, minimum=1)
        config["OPTIONS"].setdefault("connect_timeout", timeout)
        config["OPTIONS"].setdefault("keepalives", 1)
        config["OPTIONS"].setdefault("keepalives_idle", 10)
        config["OPTIONS"].setdefault("keepalives_interval", 2)
        config["OPTIONS"].setdefault("keepalives_count", 3)
        config["OPTIONS"].setdefault("tcp_user_timeout", timeout * 4 * 1000)
        config["CONN_HEALTH_CHECKS"] = True
        config["TEST"] = {"NAME": f"test_{config['NAME']}_{os.getpid()}"}
    else:
        raise ImproperlyConfigured(
            f"DATABASE_URL: {engine} is not supported; use sqlite:/// or postgres://"
        )
    return {"default": config}


DATABASES = _databases()
# Start anyway on a database set up so that an acknowledged write can vanish in a crash
# (fsync or synchronous_commit off, SQLite synchronous=OFF): only for demos and load tests.
ALLOW_UNSAFE_DURABILITY = _env_bool("COMPLAINTDESK_ALLOW_UNSAFE_DURABILITY", False)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "console:login"
LOGIN_REDIRECT_URL = "console:queue"
LOGOUT_REDIRECT_URL = "console:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

SESSION_COOKIE_AGE = _env_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
_behind_tls = SITE_URL.startswith("https://")
SESSION_COOKIE_SECURE = _behind_tls
CSRF_COOKIE_SECURE = _behind_tls
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _behind_tls else None
SECURE_HSTS_SECONDS = 31536000 if _behind_tls else 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere (a test checks the pages), nothing from other sites, no
# framing: injected markup cannot run.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# Idle staff sessions end after this long; SESSION_COOKIE_AGE bounds any session from sign-in.
SESSION_IDLE_MINUTES = _env_int("SESSION_IDLE_MINUTES", 60, minimum=1)
# Failed sign-ins (password or second-factor code) within SIGN_IN_LOCKOUT_MINUTES after which
# the account, or the client address, is refused until the oldest leaves that window.
SIGN_IN_FAILURES_PER_ACCOUNT = _env_int("SIGN_IN_FAILURES_PER_ACCOUNT", 5, minimum=1)
SIGN_IN_FAILURES_PER_CLIENT = _env_int("SIGN_IN_FAILURES_PER_CLIENT", 20, minimum=1)
SIGN_IN_LOCKOUT_MINUTES = _env_int("SIGN_IN_LOCKOUT_MINUTES", 15, minimum=1)
# Tracking links: unknown links opened per client before it is refused for a while; new links
# sent by e-mail per client and hour; days a link still works after its complaint closed.
TRACKING_LOOKUP_FAILURES_PER_CLIENT = _env_int("TRACKING_LOOKUP_FAILURES_PER_CLIENT", 10, minimum=1)
TRACKING_LOOKUP_LOCKOUT_MINUTES = _env_int("TRACKING_LOOKUP_LOCKOUT_MINUTES", 15, minimum=1)
NEW_TRACKING_LINKS_PER_HOUR = _env_int("NEW_TRACKING_LINKS_PER_HOUR", 5, minimum=1)
TRACKING_LINK_DAYS_AFTER_CLOSING = _env_int("TRACKING_LINK_DAYS_AFTER_CLOSING", 90, minimum=1)
# Retention, in days (complaintdesk.privacy.retention): the personal data of a complaint after
# it closed; e-mails as received; counts of failed sign-ins and link lookups.
RETAIN_CLOSED_COMPLAINTS_DAYS = _env_int("RETAIN_CLOSED_COMPLAINTS_DAYS", 6 * 365, minimum=1)
RETAIN_INBOUND_MAIL_DAYS = _env_int("RETAIN_INBOUND_MAIL_DAYS", 365, minimum=1)
RETAIN_FAILED_ATTEMPTS_DAYS = _env_int("RETAIN_FAILED_ATTEMPTS_DAYS", 30, minimum=2)


def _env_amount(name: str, default: str) -> Decimal:
    raw = os.environ.get(name) or default
    try:
        value = Decimal(raw.strip())
    except InvalidOperation:
        raise ImproperlyConfigured(
            f"{name} must be an amount such as 500.00 (got {raw!r})"
        ) from None
    if not value.is_finite() or value < 0:
        raise ImproperlyConfigured(f"{name} must be an amount of at least 0 (got {raw!r})")
    return value


# Compensation (complaintdesk.resolution, docs/resolution.md): the currency of the default
# limits; a claim above the threshold is approved only after a recorded investigation (an
# evidence entry and a root cause); a complaint in the same category within the window is
# flagged as a repeat.
DEFAULT_CURRENCY = os.environ.get("DEFAULT_CURRENCY", "EUR").strip().upper()
if len(DEFAULT_CURRENCY) != 3 or not DEFAULT_CURRENCY.isalpha():
    raise ImproperlyConfigured("DEFAULT_CURRENCY must be an ISO 4217 code such as EUR")
COMPENSATION_INVESTIGATION_THRESHOLD = _env_amount("COMPENSATION_INVESTIGATION_THRESHOLD", "250")
REPEAT_COMPLAINT_DAYS = _env_int("REPEAT_COMPLAINT_DAYS", 90, minimum=1)

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("zh-hans", _("Simplified Chinese")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
try:
    import zoneinfo

    zoneinfo.ZoneInfo(TIME_ZONE)
except (zoneinfo.ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(f"TIME_ZONE {TIME_ZONE!r} is not a known time zone") from None
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # filled by collectstatic; WhiteNoise expects it to exist
# The shared stylesheet and vendored htmx live beside the package, not in an app.
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Pages work straight from the package without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
ATTACHMENTS_DIR = DATA_DIR / "attachments"
# Files customers send on any channel: larger ones are refused with a message, and the rest of
# the complaint is kept.
# The longest complaint text taken on any channel, in characters.
COMPLAINT_TEXT_MAX_CHARS = _env_int("COMPLAINT_TEXT_MAX_CHARS", 20_000, minimum=1_000)
ATTACHMENT_MAX_BYTES = _env_int("ATTACHMENT_MAX_MB", 20, minimum=1) * 1024 * 1024
COMPLAINT_ATTACHMENTS_MAX_BYTES = (
    _env_int("COMPLAINT_ATTACHMENTS_MAX_MB", 50, minimum=1) * 1024 * 1024
)
MODELS_DIR = DATA_DIR / "models"

# Outgoing mail, configured with Django's own variable names and handed to Django 6.1's
# MAILERS (the EMAIL_* settings themselves are deprecated there).
MAILERS = {
    "default": {
        "BACKEND": os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": _env_int("EMAIL_PORT", 25, minimum=1),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": _env_bool("EMAIL_USE_TLS", False),
            "timeout": _env_int("EMAIL_TIMEOUT", 30, minimum=1),
        },
    }
}
if MAILERS["default"]["BACKEND"] != "django.core.mail.backends.smtp.EmailBackend":
    MAILERS["default"]["OPTIONS"] = {}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "complaints@localhost")
# Administrators get a staff alert when a message to a customer has failed this many times
# (the outbox keeps it and tries again; docs/reliability.md, 3).
MAIL_ALERT_AFTER_FAILURES = _env_int("MAIL_ALERT_AFTER_FAILURES", 3, minimum=1)

# Incoming mail. Customers answer to INTAKE_MAIL_ADDRESS (the address relayed to `complaintdesk
# smtpd` or polled by `complaintdesk fetchmail`); larger messages are refused with 552.
INTAKE_MAIL_ADDRESS = os.environ.get("INTAKE_MAIL_ADDRESS", "") or DEFAULT_FROM_EMAIL
if "@" not in INTAKE_MAIL_ADDRESS:
    raise ImproperlyConfigured(
        f"INTAKE_MAIL_ADDRESS must be an e-mail address (got {INTAKE_MAIL_ADDRESS!r})"
    )
INTAKE_MAIL_MAX_BYTES = _env_int("INTAKE_MAIL_MAX_MB", 50, minimum=1) * 1024 * 1024
IMAP_HOST = os.environ.get("IMAP_HOST", "")
IMAP_SSL = _env_bool("IMAP_SSL", True)
IMAP_PORT = _env_int("IMAP_PORT", 993 if IMAP_SSL else 143, minimum=1)
IMAP_USER = os.environ.get("IMAP_USER", "")
IMAP_PASSWORD = os.environ.get("IMAP_PASSWORD", "")
IMAP_FOLDER = os.environ.get("IMAP_FOLDER", "") or "INBOX"
# Where stored mail is moved; empty: it stays in IMAP_FOLDER, marked as seen.
IMAP_PROCESSED_FOLDER = os.environ.get("IMAP_PROCESSED_FOLDER", "")
IMAP_POLL_SECONDS = _env_int("IMAP_POLL_SECONDS", 60, minimum=5)
if IMAP_HOST and not (IMAP_USER and IMAP_PASSWORD):
    raise ImproperlyConfigured("IMAP_USER and IMAP_PASSWORD are required when IMAP_HOST is set")
if IMAP_PORT > 65535:
    raise ImproperlyConfigured(f"IMAP_PORT must be at most 65535 (got {IMAP_PORT})")

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "mail"],
    }
}
# What a client is told to wait before sending again a request answered 503 or 507 (database
# or disk unavailable, intake full); and how many intake requests (new complaints by the API,
# the signed intake endpoints, the web form) all web server processes work on at once. Keep
# it below `serve --workers` so agents' pages always find a free worker.
RETRY_AFTER_SECONDS = _env_int("RETRY_AFTER_SECONDS", 30, minimum=1)
INTAKE_MAX_IN_FLIGHT = _env_int("INTAKE_MAX_IN_FLIGHT", 2, minimum=1)
# A task that raises is tried again after TASK_RETRY_SECONDS, doubled each time, until it has
# been tried TASK_MAX_ATTEMPTS times; then it is parked as failed (docs/reliability.md, 4).
TASK_MAX_ATTEMPTS = _env_int("TASK_MAX_ATTEMPTS", 5, minimum=1)
TASK_RETRY_SECONDS = _env_int("TASK_RETRY_SECONDS", 10, minimum=0)

# The process's own promises to customers.
FIRST_RESPONSE_HOURS = _env_int("FIRST_RESPONSE_HOURS", 24, minimum=1)
RESOLUTION_DAYS = _env_int("RESOLUTION_DAYS", 14, minimum=1)
# Possible duplicates (relations): complaints of the same customer received this many days
# apart at most, whose texts are at least this alike (TF-IDF cosine, in percent).
DUPLICATE_WINDOW_DAYS = _env_int("DUPLICATE_WINDOW_DAYS", 30, minimum=1)
DUPLICATE_MIN_SIMILARITY_PERCENT = _env_int("DUPLICATE_MIN_SIMILARITY_PERCENT", 30, minimum=1)
if DUPLICATE_MIN_SIMILARITY_PERCENT > 100:
    raise ImproperlyConfigured(
        "DUPLICATE_MIN_SIMILARITY_PERCENT must be at most 100 "
        f"(got {DUPLICATE_MIN_SIMILARITY_PERCENT})"
    )
# While a complaint is open, the customer hears from us at least every PROGRESS_UPDATE_DAYS days
# (an update goes out when nothing else did); after the decision, the satisfaction survey stays
# open FOLLOW_UP_DAYS days, after which an unanswered complaint is closed (docs/followup.md).
PROGRESS_UPDATE_DAYS = _env_int("PROGRESS_UPDATE_DAYS", 3, minimum=1)
FOLLOW_UP_DAYS = _env_int("FOLLOW_UP_DAYS", 7, minimum=1)
API_PAGE_SIZE_MAX = 200
# Requests each API token (or signed-in browser) may make a minute; more are answered 429.
API_REQUESTS_PER_MINUTE = _env_int("API_REQUESTS_PER_MINUTE", 600, minimum=1)
# The public web form: complaints accepted per client address and hour (a flood is answered
# 429), and how many proxies in front of us append to X-Forwarded-For (0: use the peer address).
WEBFORM_SUBMISSIONS_PER_HOUR = _env_int("WEBFORM_SUBMISSIONS_PER_HOUR", 10, minimum=1)
TRUSTED_PROXY_COUNT = _env_int("TRUSTED_PROXY_COUNT", 0)
# Outbound webhooks: how long one delivery may take before it counts as failed.
WEBHOOK_TIMEOUT_SECONDS = _env_int("WEBHOOK_TIMEOUT_SECONDS", 10, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
