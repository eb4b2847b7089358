"""Settings for congress_admin: one module, every value read from the environment.

Defaults run the embedded profile (SQLite, Celery tasks in process) for one district on a
laptop. Production is switched on by the variables documented in README.md
("Configuration"). The helpers below refuse malformed values instead of guessing.
"""

from datetime import timedelta
from fractions import Fraction
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from congress_admin.packages import DOMAIN_APPS

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# A `.env` file beside manage.py (written by `./dev run` on first start) holds local values.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name, default):
    """Read a boolean strictly: anything but true/false/1/0/yes/no/on/off is refused."""
    raw = env.str(name, default=str(default)).strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name, default, *, minimum=0):
    raw = env.str(name, default=str(default)).strip()
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value


def env_choice(name, default, choices):
    raw = env.str(name, default=default).strip()
    if raw not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {raw!r}")
    return raw


DEBUG = env_bool("DEBUG", False)


def _local_secret_key():
    """A random key kept in var/secret_key, made on first use: the embedded profile needs no
    set-up, yet no two installations share a key. Several machines must share SECRET_KEY."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        from django.utils.crypto import get_random_string

        VAR_DIR.mkdir(exist_ok=True)
        path.write_text(get_random_string(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env.str("SECRET_KEY", default="") or _local_secret_key()

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
    "django_htmx",
    "template_partials",
    "treebeard",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "congress_admin",
    *DOMAIN_APPS,
]

MIDDLEWARE = [
    "congress_admin.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "congress_admin.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check, which reads the body: a request too large is refused unread.
    "congress_admin.middleware.RequestSizeMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "congress_admin.middleware.PrivateResponseMiddleware",
    "congress_admin.middleware.RequireOTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it answers a locked-out login with the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Browser features the pages may use: none of these.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), "
    "interest-cohort=(), browsing-topics=()"
)

# --- Content security policy (django-csp) ------------------------------------------------
# Everything from this origin only; no inline script or style anywhere in the templates (the
# htmx indicator styles are switched off by a meta tag), no frames, no plugins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

ROOT_URLCONF = "congress_admin.urls"
WSGI_APPLICATION = "congress_admin.wsgi.application"

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

# --- Database -------------------------------------------------------------------------------
# SQLite by default; DATABASE_URL=postgres://user:pass@host:5432/name switches to PostgreSQL
# (psycopg 3). Persistent connections and IMMEDIATE transactions on SQLite are measured to
# halve read latency and make writes ~4x faster without "database is locked" errors.
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------------------
# Per-process memory by default; CACHE_URL=redis://host:6379/1 shares it between machines.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
# Subtree figures of organizations this high in the tree (1 = province/city roots) are cached
# for STATS_CACHE_SECONDS: a city's 450,000 members take ~150 ms to count (docs/benchmarks.md).
# After STATS_CACHE_SECONDS the figures are still served, up to STATS_CACHE_STALE_SECONDS,
# while a worker counts them again; celery beat recounts the default ones (today, current
# term) every STATS_WARM_SECONDS (0: never), so no page waits (organizations/figure_cache.py).
STATS_CACHE_MAX_DEPTH = env_int("STATS_CACHE_MAX_DEPTH", 1)
STATS_CACHE_SECONDS = env_int("STATS_CACHE_SECONDS", 60, minimum=1)
STATS_CACHE_STALE_SECONDS = env_int(
    "STATS_CACHE_STALE_SECONDS", max(3600, STATS_CACHE_SECONDS), minimum=STATS_CACHE_SECONDS
)
STATS_WARM_SECONDS = env_int("STATS_WARM_SECONDS", 50, minimum=0)

# Kinds of organization whose committees are "đảng ủy cơ sở" for rule R-EL-26 (a standing
# committee only with at least 9 committee members). Kinds are data; so is this list.
GRASSROOTS_COMMITTEE_KINDS = env.list("GRASSROOTS_COMMITTEE_KINDS", default=["dang-bo-co-so"])

# Recognition (docs/domain-rules.md section C): caps that warn, never refuse. Members: excellent
# ratings at most this share of the "good" ones within a grassroots organization (R-CL-05).
RECOGNITION_MEMBER_CAP_PERCENT = env_int("RECOGNITION_MEMBER_CAP_PERCENT", 20, minimum=0)
# Organizations (R-CL-06, unresolved): excellent ratings at most this share of the base, which is
# "rated" (all rated organizations, fits the seeds) or "good" (the organizations rated good).
RECOGNITION_ORG_CAP_PERCENT = env_int("RECOGNITION_ORG_CAP_PERCENT", 20, minimum=0)
RECOGNITION_ORG_CAP_BASE = env.str("RECOGNITION_ORG_CAP_BASE", default="rated")
if RECOGNITION_ORG_CAP_BASE not in ("rated", "good"):
    raise ImproperlyConfigured("RECOGNITION_ORG_CAP_BASE must be 'rated' or 'good'")
# R-CL-08: "N consecutive years" for streaks offered as commendation candidates.
RECOGNITION_STREAK_YEARS = env_int("RECOGNITION_STREAK_YEARS", 5, minimum=2)

# Delegates (docs/domain-rules.md R-EL-34): the credentials report's party-age bands, in years
# since admission. No rule fixes them (inferred): "under 10", "10 to under 20", ..., "40 and more".
CREDENTIALS_PARTY_AGE_BANDS = tuple(
    env.list("CREDENTIALS_PARTY_AGE_BANDS", cast=int, default=[10, 20, 30, 40])
)
if not CREDENTIALS_PARTY_AGE_BANDS or list(CREDENTIALS_PARTY_AGE_BANDS) != sorted(
    set(CREDENTIALS_PARTY_AGE_BANDS)
):
    raise ImproperlyConfigured("CREDENTIALS_PARTY_AGE_BANDS must be increasing whole years")

# Delegates (docs/domain-rules.md A7, R-EL-33): the delegates elected at a lower congress are
# taken onto the higher congress's roll once that lower congress is "held" (default: its
# minutes are final, the credentials committee of the higher congress then checks them) or
# only once its results are "results_approved" (chuẩn y, R-EL-02).
DELEGATES_TAKEN_FROM_STAGE = env.str("DELEGATES_TAKEN_FROM_STAGE", default="held")
if DELEGATES_TAKEN_FROM_STAGE not in ("held", "results_approved"):
    raise ImproperlyConfigured("DELEGATES_TAKEN_FROM_STAGE must be 'held' or 'results_approved'")

# R-OR-07, unresolved [U]: whether an extraordinary congress takes a number ("lần thứ") of its
# own. The rules count "one more per congress" and say nothing of extraordinary ones. True (the
# default, as before): it takes the next number like any congress. False: it carries the
# number of the congress before it and moves none after it (congresses.services.ordinal_for).
EXTRAORDINARY_CONGRESS_NUMBERED = env_bool("EXTRAORDINARY_CONGRESS_NUMBERED", True)

# R-EL-31, unresolved [U]: the share of the convened official members who must attend for the
# congress to sit (not found in the sources; two-thirds is commonly cited). A fraction "2/3" or
# a decimal "0.5"; the attendance panel shows it as a setting, not a rule.
CONGRESS_QUORUM = env.str("CONGRESS_QUORUM", default="2/3")
try:
    _quorum = Fraction(CONGRESS_QUORUM)
except (ValueError, ZeroDivisionError) as _error:
    raise ImproperlyConfigured("CONGRESS_QUORUM must be a fraction such as 2/3") from _error
if not 0 < _quorum <= 1:
    raise ImproperlyConfigured("CONGRESS_QUORUM must be more than 0 and at most 1")

# Issue 17, the adoption of a congress's votes [I — inferred, the rule pack of issue 15 is not
# built]: a vote is adopted when MORE than this share of those present agree. "1/2": more than
# half of those present, the usual reading; a fraction such as "2/3" or a decimal.
CONGRESS_ADOPTION_RULE = env.str("CONGRESS_ADOPTION_RULE", default="1/2")
try:
    _adoption = Fraction(CONGRESS_ADOPTION_RULE)
except (ValueError, ZeroDivisionError) as _error:
    raise ImproperlyConfigured("CONGRESS_ADOPTION_RULE must be a fraction such as 1/2") from _error
if not 0 <= _adoption < 1:
    raise ImproperlyConfigured("CONGRESS_ADOPTION_RULE must be at least 0 and less than 1")

# R-EL-23, unresolved [U]: in the re-vote among candidates tied for the last seats, does a
# candidate still need more than half of D (R-EL-20/21)? True (the default, as every round is
# counted): yes. False: the one with more votes wins, as the recollection of 244 Art. 32 reads
# (docs/domain-rules.md R-EL-23, "verify"); a new tie is flagged again, never resolved. Each
# round keeps how it was counted (ElectionRound.majority_required) and its minutes say it.
# The term's rule pack decides first (R-EL-23's `tie_revote_majority`, congresses 0012 seeds it
# with this value); this setting is the fallback for a pack without it.
ELECTION_TIE_REVOTE_MAJORITY = env.bool("ELECTION_TIE_REVOTE_MAJORITY", default=True)

# --- Authentication ---------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out username and address before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling: after AXES_FAILURE_LIMIT wrong passwords for one username from one address,
# that pair is locked out for AXES_COOLOFF_MINUTES; a success resets the count.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "congress_admin.views.locked_out"
# Reverse proxies in front of the application, each appending to X-Forwarded-For: the client's
# address (for the lockout above) is read through them (congress_admin.signin.client_address).
PROXY_COUNT = env_int("PROXY_COUNT", env_int("AXES_PROXY_COUNT", 0, minimum=0), minimum=0)
AXES_CLIENT_IP_CALLABLE = "congress_admin.signin.client_address"
# A slower limit per account from every address together: past this many wrong passwords within
# AXES_COOLOFF_MINUTES the account takes one try every SIGNIN_ACCOUNT_DELAY_SECONDS (delayed,
# never locked, so nobody can lock another person out from many addresses).
SIGNIN_ACCOUNT_FAILURE_LIMIT = env_int("SIGNIN_ACCOUNT_FAILURE_LIMIT", 20, minimum=1)
SIGNIN_ACCOUNT_DELAY_SECONDS = env_int("SIGNIN_ACCOUNT_DELAY_SECONDS", 30, minimum=1)
# Two-factor sign-in (django-otp, TOTP): when true, users holding any role (staff, working
# group, secretary, leader, admin) and superusers confirm a code from an authenticator app
# after the password. The authenticator is enrolled only through a one-time link a site
# administrator issues (admin action on users, or `manage.py issue_otp_enrolment USERNAME`),
# valid for OTP_ENROLMENT_SECONDS.
REQUIRE_OTP = env_bool("REQUIRE_OTP", False)
OTP_ENROLMENT_SECONDS = env_int("OTP_ENROLMENT_SECONDS", 3 * 24 * 3600, minimum=60)
OTP_TOTP_ISSUER = "congress_admin"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 12, minimum=8)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and formats ----------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Ho_Chi_Minh")
# Django's `vi` locale defines no DATE_INPUT_FORMATS, so "03/04/1970" would parse as 4 March.
FORMAT_MODULE_PATH = ["congress_admin.formats"]

# --- Static and uploaded files ------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    # Report files go through this storage; point it at an S3-compatible store (django-storages)
    # when several machines serve the application.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Compressed, not hashed: no manifest to keep in step, so the tests and a fresh checkout
    # serve static files without running collectstatic first.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_AUTOREFRESH = DEBUG

# --- Transport security ------------------------------------------------------------------
# HTTPS=true behind TLS (production). The embedded profile on a laptop or LAN is plain HTTP.
HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 31_536_000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=60)
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# --- Celery ------------------------------------------------------------------------------
# Without CELERY_BROKER_URL tasks run in process (eager), so the embedded profile is one process.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="congress_admin")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("REPORT_SOFT_TIME_LIMIT", 300, minimum=10)
CELERY_TASK_TIME_LIMIT = CELERY_TASK_SOFT_TIME_LIMIT + 60
# The visibility timeout must exceed the longest task, or Redis redelivers running tasks.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BEAT_SCHEDULE = {
    "sweep-report-jobs": {
        "task": "reports.tasks.sweep_report_jobs_task",
        "schedule": env_int("REPORT_SWEEP_INTERVAL", 60, minimum=5),
    },
    "sweep-import-jobs": {
        "task": "organizations.tasks.sweep_import_jobs_task",
        "schedule": env_int("REPORT_SWEEP_INTERVAL", 60, minimum=5),
    },
    "sweep-export-jobs": {
        "task": "organizations.tasks.sweep_export_jobs_task",
        "schedule": env_int("REPORT_SWEEP_INTERVAL", 60, minimum=5),
    },
}
if STATS_WARM_SECONDS:
    CELERY_BEAT_SCHEDULE["warm-high-figures"] = {
        "task": "organizations.tasks.warm_high_figures_task",
        "schedule": STATS_WARM_SECONDS,
        # A late run is worthless once the next one is due.
        "options": {"expires": STATS_WARM_SECONDS},
    }

# --- Uploads and spreadsheet import --------------------------------------------------------
# An import's file; a request to the upload view larger than this and the form around it is
# refused (413) before its body is read (congress_admin.middleware.RequestSizeMiddleware).
IMPORT_MAX_UPLOAD_BYTES = env_int("IMPORT_MAX_UPLOAD_BYTES", 100 * 1024 * 1024, minimum=1024)
# Rows read per sheet (empty rows not counted): a city's members fit in one workbook (issue 20).
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 1_000_000, minimum=1)
# A file with more rows than this (all sheets, counted before parsing) is checked and imported
# by a worker as an ImportJob, its progress shown on a page; smaller files inside the request.
IMPORT_BACKGROUND_ROWS = env_int("IMPORT_BACKGROUND_ROWS", 5_000, minimum=1)
# A schedule workbook (congresses.schedule_xlsx) is read inside the request: at most this many
# rows (a city plans ~27,500 congresses in a term).
SCHEDULE_MAX_ROWS = env_int("SCHEDULE_MAX_ROWS", 50_000, minimum=1)
# An import job's attempts and lease: a worker that dies leaves nothing written (one
# transaction) and its job is taken again once the lease has expired, up to the attempts.
IMPORT_TIME_LIMIT = env_int("IMPORT_TIME_LIMIT", 1800, minimum=60)
IMPORT_MAX_ATTEMPTS = env_int("IMPORT_MAX_ATTEMPTS", 2, minimum=1)
IMPORT_LEASE_SECONDS = env_int("IMPORT_LEASE_SECONDS", IMPORT_TIME_LIMIT + 60, minimum=5)
# Seconds an import job's worker waits after writing, inside the transaction: the worker-kill
# test's window (tests/test_services_stack.py), never set in production.
IMPORT_TEST_DELAY_SECONDS = env_int("IMPORT_TEST_DELAY_SECONDS", 0, minimum=0)
# An export of a subtree with more members than this is written by a worker as an ExportJob
# (progress, then a download link on its page); smaller ones are downloaded directly. The file
# is deleted once a session's age old.
EXPORT_BACKGROUND_ROWS = env_int("EXPORT_BACKGROUND_ROWS", 5_000, minimum=1)
# An export job's time limit, attempts and lease, as an import job's (the same defaults): a job
# whose worker died is taken again once the lease has expired, up to the attempts.
EXPORT_TIME_LIMIT = env_int("EXPORT_TIME_LIMIT", 1800, minimum=60)
EXPORT_MAX_ATTEMPTS = env_int("EXPORT_MAX_ATTEMPTS", 2, minimum=1)
EXPORT_LEASE_SECONDS = env_int("EXPORT_LEASE_SECONDS", EXPORT_TIME_LIMIT + 60, minimum=5)
# What the file may unpack to, all parts together (checked from the zip's directory).
IMPORT_MAX_UNPACKED_BYTES = env_int(
    "IMPORT_MAX_UNPACKED_BYTES", 1024 * 1024 * 1024, minimum=1024 * 1024
)
# Counted in the file before it is parsed (organizations.xlsx_checks): row and cell tags of all
# sheets together, entries and bytes of the shared strings table. A city (1,000,000 members of
# 11 columns and their organizations) holds about 11.5 million cells.
IMPORT_MAX_SHEET_ROWS = env_int("IMPORT_MAX_SHEET_ROWS", 1_100_000, minimum=1)
IMPORT_MAX_CELLS = env_int("IMPORT_MAX_CELLS", 13_000_000, minimum=1)
IMPORT_MAX_SHARED_STRINGS = env_int("IMPORT_MAX_SHARED_STRINGS", 6_000_000, minimum=1)
IMPORT_MAX_SHARED_STRINGS_BYTES = env_int(
    "IMPORT_MAX_SHARED_STRINGS_BYTES", 256 * 1024 * 1024, minimum=1024
)
# Uploads larger than this go to a temporary file instead of memory; a request body that is
# not a file upload may be this large (Django's default, said explicitly); any other view
# refuses a larger request before reading it.
FILE_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Reports -----------------------------------------------------------------------------
# Fault injection for the worker-kill test only: a worker sleeps this long before rendering.
REPORT_TEST_DELAY_SECONDS = env_int("REPORT_TEST_DELAY_SECONDS", 0, minimum=0)
REPORT_MAX_ATTEMPTS = env_int("REPORT_MAX_ATTEMPTS", 3, minimum=1)
# A running job whose worker has not finished within the lease is re-queued by the sweeper.
REPORT_LEASE_SECONDS = env_int("REPORT_LEASE_SECONDS", CELERY_TASK_TIME_LIMIT + 60, minimum=5)
REPORT_REQUEUE_AFTER_SECONDS = env_int("REPORT_REQUEUE_AFTER_SECONDS", 120, minimum=5)
# Report jobs one user may request per minute (an identical request within the minute gets the
# job already made and is not counted again).
REPORT_JOBS_PER_USER_PER_MINUTE = env_int("REPORT_JOBS_PER_USER_PER_MINUTE", 10, minimum=1)
# The party-document layout (HD 36-HD/VPTW, docs/domain-rules.md R-RP-10): where HD 36 leaves
# a detail open, these are the readings taken. The page number: "bottom-center" (default) or
# "top-center"; the rule under "ĐẢNG CỘNG SẢN VIỆT NAM" as a share of its line's width.
REPORT_PAGE_NUMBER_POSITION = env_choice(
    "REPORT_PAGE_NUMBER_POSITION", "bottom-center", ("bottom-center", "top-center")
)
REPORT_HEADER_RULE_WIDTH_PERCENT = env_int("REPORT_HEADER_RULE_WIDTH_PERCENT", 40, minimum=10)
# A letterhead line is shrunk down to this size (points) to stay on one line; a longer name
# is broken between the body ("ĐẢNG BỘ") and its proper name, never inside the name.
REPORT_LETTERHEAD_MIN_FONT_PT = env_int("REPORT_LETTERHEAD_MIN_FONT_PT", 11, minimum=6)
# The signer's position under "T/M BAN THƯỜNG VỤ" when none is given with the request:
# "secretary" (BÍ THƯ, default) or "deputy_secretary" (PHÓ BÍ THƯ, signing for the secretary).
REPORT_SIGNER_POSITION = env_choice(
    "REPORT_SIGNER_POSITION", "secretary", ("secretary", "deputy_secretary")
)
# The symbol of the congress's credentials committee (Ban Thẩm tra tư cách đại biểu) in its
# report's number, "Số …-BC/TTTC": not the district committee's "QU" (R-RP-10; to confirm).
REPORT_CREDENTIALS_SYMBOL = env.str("REPORT_CREDENTIALS_SYMBOL", default="TTTC").strip()
# The symbol of the congress itself (Đại hội) in the number of the documents issued in its name,
# the programme "Số …-CTr/ĐH" and the quick report "Số …-BC/ĐH" (R-RP-10; to confirm).
REPORT_CONGRESS_SYMBOL = env.str("REPORT_CONGRESS_SYMBOL", default="ĐH").strip()
# Who signs the documents issued in the congress's name (the programme, the quick report):
# "presidium" (T/M ĐOÀN CHỦ TỊCH, default) or "standing_committee" (T/M BAN THƯỜNG VỤ, the
# outgoing committee's secretary) (R-RP-10; an inference, to confirm).
REPORT_CONGRESS_SIGNER = env_choice(
    "REPORT_CONGRESS_SIGNER", "presidium", ("presidium", "standing_committee")
)

# --- Logging -----------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "filters": {"client_errors": {"()": "congress_admin.middleware.ClientErrorsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint's font subsetting logs every table it prunes, and WeasyPrint each of the
    # seven steps of every render. django-axes reports every sign-in at INFO; its lockouts
    # come at WARNING.
    "loggers": {
        "fontTools": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # A refused request is one line, not a traceback.
        "django.request": {"filters": ["client_errors"]},
    },
}
