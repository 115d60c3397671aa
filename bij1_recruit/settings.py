"""Settings for bij1_recruit: one module, configured by environment variables.

Without any variable set (and DEBUG=1) the app runs embedded: SQLite, a file-system Celery
broker and e-mail to the console. See README.md for every variable.
"""

import importlib.util
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from bij1_recruit.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", default=False)

# A development key only exists while DEBUG is on; production must bring its own. Without one
# the settings still load, so commands that sign nothing (makemigrations, migrate) work, but the
# web server and the Celery worker refuse to start (bij1_recruit.startup) and anything that
# signs raises Django's own "SECRET_KEY must not be empty".
SECRET_KEY = env_str(
    "SECRET_KEY",
    "django-insecure-embedded-development-key-never-use-in-production" if DEBUG else "",
)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

SITE_NAME = env_str("SITE_NAME", "BIJ1 Werving")
PARTY_NAME = env_str("PARTY_NAME", "BIJ1")
# The address people reach the site on, for links in e-mail (no trailing slash).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "https://werving.example.org")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    # Our apps, from the bottom of the dependency order (docs/architecture.md) up.
    "core",
    "notifications",
    "members",
    "vacancies",
    "applications",
    "integrity",
    "review",
    "voting",
    "exports",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "bij1_recruit.middleware.PermissionsPolicyMiddleware",
    # Before the session, the sign-in and anything that reads the body (CSRF reads the form):
    # the three above only add headers or redirect to HTTPS, so a refusal still carries them.
    "core.request_limits.RequestBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "bij1_recruit.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "members.middleware.StaffSecondFactorMiddleware",
]

ROOT_URLCONF = "bij1_recruit.urls"
WSGI_APPLICATION = "bij1_recruit.wsgi.application"
ASGI_APPLICATION = "bij1_recruit.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# Files at rest are their owner's alone: folders 0700, files 0600 (see also
# FILE_UPLOAD_PERMISSIONS and core.backup).
PRIVATE_FOLDER_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


def _embedded_database_private(database: Path) -> None:
    """The embedded SQLite database holds everything personal. Its folder is made 0700 and
    the file is made (empty, which SQLite takes as a new database) 0600 before SQLite first
    opens it; SQLite gives its -wal and -shm files the database file's mode. A database (and
    VAR_DIR) from before is narrowed to these modes when this account owns it."""
    if str(database) in ("", ":memory:") or str(database).startswith("file:"):
        return
    folder = database.parent
    own_folder = not folder.exists() or folder.resolve() == VAR_DIR.resolve()
    folder.mkdir(mode=PRIVATE_FOLDER_MODE, parents=True, exist_ok=True)
    if not database.exists():
        os.close(os.open(database, os.O_CREAT | os.O_WRONLY, PRIVATE_FILE_MODE))
    wal, shm = (database.with_name(database.name + suffix) for suffix in ("-wal", "-shm"))
    # Another folder the database was pointed into (/tmp) is not ours to narrow.
    folders = [(folder, PRIVATE_FOLDER_MODE)] if own_folder else []
    for path, mode in (
        *folders,
        (database, PRIVATE_FILE_MODE),
        (wal, PRIVATE_FILE_MODE),
        (shm, PRIVATE_FILE_MODE),
    ):
        try:
            if path.exists() and path.stat().st_uid == os.getuid():
                path.chmod(mode)
        except OSError:  # not ours to change (a shared folder): leave it
            pass


DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded mode runs web, worker and beat as three processes on one file: WAL and
    # immediate transactions keep them from tripping over each other's locks.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    _embedded_database_private(Path(DATABASES["default"]["NAME"]))
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: the review pages' queries can cross jit_above_cost (on tables not
    # analysed yet, or just big), and compiling then costs seconds for a query that runs in
    # milliseconds. A web application's short queries never win it back.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Parallel test workers share one Redis: each keeps its own keys (rate limits,
            # used one-time codes). Empty outside the test suite.
            "KEY_PREFIX": os.environ.get("PYTEST_XDIST_WORKER", ""),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Users and accounts ---------------------------------------------------------------------
AUTH_USER_MODEL = "members.User"
if env_bool("TESTING", default=False):
    # The suite creates hundreds of users; a hash that is slow on purpose would dominate it.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "members.passwords.MinimumLengthValidator",  # its message in Dutch
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if env_bool("HTTPS", default=not DEBUG) else "http"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
# Accept the code of the period before and after the current one: phones' clocks drift, and a
# code typed at the turn of a 30-second period must not fail.
MFA_TOTP_TOLERANCE = 1

# The staff areas. No party role counts before its holder used the second factor in the
# session, wherever the page (members.permissions); below these prefixes the staff flag and
# committee seats, which are no party roles, are held to it as well (members.middleware).
STAFF_PATH_PREFIXES = ["/admin/", "/staff/", "/commissie/"]

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static and media files -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Bootstrap comes from the npm registry at set-up (`npm ci`), never from a CDN.
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
]
STORAGES = {
    # Uploads live outside the web root and are only served through permission-checking views.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("TESTING", default=False)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "private-media")))
# Uploads are never served from a URL of their own: no route serves this prefix (only
# Django's test live server would, for tests that need it).
MEDIA_URL = "/_private-media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # larger uploads stream to a temporary file
FILE_UPLOAD_HANDLERS = [
    "core.request_limits.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_PERMISSIONS = 0o600
UPLOAD_MAX_BYTES = {
    "video": env_int("UPLOAD_MAX_VIDEO_MB", 1024) * 1024 * 1024,
    "audio": env_int("UPLOAD_MAX_AUDIO_MB", 100) * 1024 * 1024,
    "document": env_int("UPLOAD_MAX_DOCUMENT_MB", 20) * 1024 * 1024,
}
# Request bodies (core.request_limits), checked before the session, the sign-in or any file
# is read. Anonymous visitors only sign in, sign up or reset a password; signed-in requests
# without a file stay well below half a megabyte (the largest: a concept list of 80 places
# with a reason each, an autosaved motivation at its full length, a corrected transcript).
REQUEST_BODY_MAX_ANONYMOUS = env_int("REQUEST_BODY_MAX_ANONYMOUS_KB", 64) * 1024
REQUEST_BODY_MAX = env_int("REQUEST_BODY_MAX_KB", 512) * 1024
# Where files are taken, by URL name: the kinds of file taken there (kind -> its cap in
# UPLOAD_MAX_BYTES), who may send files there (decided from the session before the body is
# read; anyone else gets the limits above), the posted field that names the kind of a file
# whose field is not named after one, and whether the view answers an oversized file itself
# (keeping what was typed) instead of the 413 page. A file's kind is its field's name when
# that is one of the kinds, else the posted kind, else the route's only kind, else the one
# with the smallest cap: whatever the field is called, no file passes a cap.
_APPLICATION_FILES = {"letter": "document", "cv": "document", "video": "video", "voice": "audio"}
UPLOAD_ROUTES = {
    "applications:apply": {
        "kinds": _APPLICATION_FILES,
        "kind_field": "kind",  # the recorder, before there is a draft
        "uploader": "core.request_limits.signed_in",
        "view_answers": True,
    },
    "applications:upload_file": {
        "kinds": _APPLICATION_FILES,
        "kind_field": "kind",
        "uploader": "applications.uploads.applicant_of",
        "view_answers": True,
    },
    "candidate:appeal": {
        "kinds": {"document": "document"},
        "uploader": "applications.uploads.applicant_of",
    },
    "admin:review_appeal_change": {
        "kinds": {"document": "document"},
        "uploader": "members.permissions.confirmed_staff",
    },
}
# The application form has four file fields; more files in one request is no browser's doing.
DATA_UPLOAD_MAX_NUMBER_FILES = 10
# Recordings longer than this are refused by the media check (ffprobe, in Celery).
MEDIA_MAX_SECONDS = {
    "video": env_int("MEDIA_MAX_VIDEO_MINUTES", 15) * 60,
    "voice": env_int("MEDIA_MAX_VOICE_MINUTES", 15) * 60,
}
FFPROBE = env_str("FFPROBE", "ffprobe")
FFMPEG = env_str("FFMPEG", "ffmpeg")
# Transcripts of video and voice notes, made on this machine (never by a cloud service) with
# faster-whisper, the optional `transcribe` extra. The model is read from a local folder and
# never downloaded at run time: `manage.py prepare_transcribe_model` assembles the Whisper base
# model there for tests and the demo; production puts the official model there (README).
TRANSCRIBE_ENABLED = env_bool(
    "TRANSCRIBE_ENABLED", default=importlib.util.find_spec("faster_whisper") is not None
)
TRANSCRIBE_MODEL_DIR = Path(env_str("TRANSCRIBE_MODEL_DIR", str(VAR_DIR / "whisper-base")))
TRANSCRIBE_CPU_THREADS = env_int("TRANSCRIBE_CPU_THREADS", 2)
TRANSCRIBE_BEAM_SIZE = env_int("TRANSCRIBE_BEAM_SIZE", 5)
TRANSCRIBE_DECODE_TIMEOUT = env_int("TRANSCRIBE_DECODE_TIMEOUT", 600)
# The keys of secret polls' ballot boxes (voting.ballot_box, docs/ballot-secrecy.md): one
# file per open poll, destroyed when it closes. Never in the database, the media folder or a
# backup; every web node must see the same folder (a shared volume) while a poll is open.
BALLOT_KEY_DIR = Path(env_str("BALLOT_KEY_DIR", str(VAR_DIR / "ballot-keys")))
# Which accounts were erased (ids and sign-up moments, no personal data), kept outside the
# database so that a restore from an older backup can apply the erasures again
# (core.erasure_journal). Like the ballot keys: never in a backup, on a volume every node sees.
ERASURE_JOURNAL = Path(env_str("ERASURE_JOURNAL", str(VAR_DIR / "erasures.jsonl")))
# In production, let the web server stream private files after the permission check: set to
# the internal location nginx maps to MEDIA_ROOT (X-Accel-Redirect). Empty: Django streams them.
PRIVATE_MEDIA_ACCEL_REDIRECT = env_str("PRIVATE_MEDIA_ACCEL_REDIRECT", "")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail ---------------------------------------------------------------------------------
_EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {
    "default": {
        "BACKEND": _EMAIL_BACKEND,
        "OPTIONS": (
            {
                "host": env_str("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER", ""),
                "password": env_str("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", default=True),
                "timeout": env_int("EMAIL_TIMEOUT", 20),
            }
            if _EMAIL_BACKEND.endswith("smtp.EmailBackend")
            # File-based backends (and the test suite's slow one) write to EMAIL_FILE_PATH.
            else {"file_path": env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))}
            if "filebased" in _EMAIL_BACKEND or env_str("EMAIL_FILE_PATH", "")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "BIJ1 Werving <werving@example.org>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- Celery ---------------------------------------------------------------------------------
# Without Redis the embedded mode uses kombu's file-system transport: worker and beat run as
# ordinary processes beside runserver, with no broker server at all.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL or "filesystem://")
CELERY_BROKER_FOLDER = VAR_DIR / "celery-broker"
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_FOLDER / "queue"),
        "data_folder_out": str(CELERY_BROKER_FOLDER / "queue"),
        "processed_folder": str(CELERY_BROKER_FOLDER / "processed"),
        "control_folder": str(CELERY_BROKER_FOLDER / "control"),
        "store_processed": False,
    }
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", REDIS_URL or "") or None
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# With the broker down, give up publishing quickly: the outbox and the sweeps catch up later,
# and a request must not hang on Redis.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.2,
    }
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# E-mail domains many unrelated people share: a shared domain outside this list (an employer,
# a family domain) suggests a conflict of interest. The party's own domain belongs here too.
PUBLIC_EMAIL_DOMAINS = env_list(
    "PUBLIC_EMAIL_DOMAINS",
    [
        "bij1.org",
        "example.org",
        "gmail.com",
        "googlemail.com",
        "hotmail.com",
        "hotmail.nl",
        "outlook.com",
        "outlook.nl",
        "live.nl",
        "live.com",
        "msn.com",
        "icloud.com",
        "me.com",
        "yahoo.com",
        "ziggo.nl",
        "kpnmail.nl",
        "planet.nl",
        "home.nl",
        "xs4all.nl",
        "proton.me",
        "protonmail.com",
        "posteo.net",
        "tutanota.com",
        "gmx.net",
    ],
)
NOTIFICATION_MAX_ATTEMPTS = env_int("NOTIFICATION_MAX_ATTEMPTS", 6)
MESSAGE_ID_DOMAIN = env_str("MESSAGE_ID_DOMAIN", "bij1-recruit.invalid")
CELERY_BEAT_SCHEDULE = {
    "retention-nightly": {
        "task": "core.tasks.retention_nightly",
        "schedule": crontab(hour=3, minute=30),
    },
    "sweep-reminders": {"task": "notifications.tasks.sweep_reminders", "schedule": 900.0},
    "send-due-notifications": {
        "task": "notifications.tasks.send_due_notifications",
        "schedule": 60.0,
    },
    "worker-heartbeat": {"task": "core.tasks.record_worker_heartbeat", "schedule": 60.0},
    "check-pending-media": {
        "task": "applications.tasks.check_pending_media",
        "schedule": 600.0,
    },
    "sweep-transcripts": {
        "task": "applications.tasks.sweep_transcripts",
        "schedule": 600.0,
    },
    "requeue-stale-documents": {
        "task": "exports.tasks.requeue_stale_documents",
        "schedule": 600.0,
    },
    "sweep-conflicts-of-interest": {
        "task": "integrity.tasks.sweep_conflicts",
        "schedule": crontab(hour=2, minute=45),
    },
    "check-unscanned-applications": {
        "task": "integrity.tasks.check_unscanned",
        "schedule": 300.0,
    },
    "send-confidential-notices": {
        "task": "review.tasks.send_confidential_notices",
        "schedule": crontab(minute=5),
    },
    "check-new-committee-seats": {
        "task": "review.tasks.check_new_seats",
        "schedule": 300.0,
    },
    "close-expired-vacancies": {
        "task": "vacancies.tasks.close_expired_vacancies",
        "schedule": 60.0,
    },
}

# --- Security -------------------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "media-src": [CSP.SELF, "blob:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
# HTTPS is on by default in production; the embedded mode and the test suite's live server
# speak plain HTTP on loopback.
HTTPS = env_bool("HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # probed over plain HTTP inside the container network
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
# No script reads the CSRF cookie: they post the form's own csrfmiddlewaretoken field.
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Browser features: applicants record their video and voice note on their own application
# page (camera, microphone); the site uses nothing else, and embedded content gets nothing.
PERMISSIONS_POLICY = {
    "camera": ["self"],
    "microphone": ["self"],
    "fullscreen": ["self"],  # a recording played full screen
    "accelerometer": [],
    "browsing-topics": [],
    "display-capture": [],
    "encrypted-media": [],
    "gamepad": [],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "idle-detection": [],
    "local-fonts": [],
    "magnetometer": [],
    "midi": [],
    "otp-credentials": [],
    "payment": [],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "window-management": [],
    "xr-spatial-tracking": [],
}
# Behind the TLS-terminating proxy production runs behind, REMOTE_ADDR is the proxy's: the
# per-address rate limits would then count every visitor together. The last address the
# proxy adds to X-Forwarded-For is the visitor's.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if HTTPS else 0)
# Sign-in throttling (allauth). Failed passwords and second-factor codes: five per account in
# ten minutes, then even the right one is refused until the oldest failure is ten minutes old
# (a password reset lifts it). Per address the limits are generous, because a hall of members
# signing in for a general assembly shares the venue's one address.
ACCOUNT_RATE_LIMITS = {
    "login": "120/m/ip",
    "login_failed": "30/m/ip,5/10m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reauthenticate": "10/m/user",
}
# Sessions are read from the cache (Redis in production) and written through to the
# database: signing in survives a cache flush, and a request need not query PostgreSQL for
# its session (a hall of members voting at once is mostly signed-in requests).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
X_FRAME_OPTIONS = "DENY"

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint narrates every step of every PDF at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
