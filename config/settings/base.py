"""Settings shared by every environment.

Every environment variable the portal reads is read here, with django-environ,
and listed in .env.example. dev/test/prod only override values.
"""

from datetime import timedelta
from pathlib import Path

import environ
import fontpkg_noto_sans
import xstatic.pkg.bootstrap
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A developer may keep local overrides in .env (never committed).
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

VAR_DIR = Path(env.str("VINHDANH_VAR_DIR", default=str(BASE_DIR / "var")))

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
    "django_htmx",
    "axes",
    "units",
    "emulation",
    "awards",
    "awards.decisions",
    "awards.reports",
    "awards.certificates",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "units.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Fail closed: every view needs a login unless marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes last, as its documentation asks, so it sees the final response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "units.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "units.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout after repeated failed sign-ins (django-axes).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Off globally so years and codes never render as "2.026"; counts and money
# use the |vn_number filter (units/templatetags/vn.py), which prints "2.655".
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", xstatic.pkg.bootstrap.BASE_DIR),
    # Noto Sans covers every Vietnamese glyph; served locally (no CDN).
    ("vendor/fonts", Path(fontpkg_noto_sans.__file__).parent / "files"),
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="vinhdanh@localhost")

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

# Celery. With REDIS_URL unset the portal runs on kombu's filesystem transport,
# which needs no server (the demo command); deployments set REDIS_URL.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 600}
else:
    _broker_dir = VAR_DIR / "celery-broker"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "processed_folder": str(VAR_DIR / "celery-processed"),
        "store_processed": False,
        # Broadcast (ping, inspect) files; kombu's default is ./control.
        "control_folder": str(VAR_DIR / "celery-control"),
    }
# Job state lives in our own tables, so results are not stored.
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# Queues: "default" for mail and small jobs; "certificates" and "reports" for
# PDF rendering, so a long report never delays a certificate batch.
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TIMEZONE = TIME_ZONE
# Each entry calls one service through a thin task.
CELERY_BEAT_SCHEDULE: dict = {
    # Re-queue report renders left "running" by a worker that died.
    "requeue-stale-report-renders": {
        "task": "awards.reports.tasks.report_renders_requeue",
        "schedule": 60.0,
    },
    # Re-send certificate chunks whose worker died (Redis returns them only after the
    # visibility timeout plus about 100 s).
    "requeue-stale-certificate-chunks": {
        "task": "awards.certificates.tasks.certificate_chunks_requeue",
        "schedule": 60.0,
    },
}
CELERY_TASK_ROUTES = {"awards.certificates.tasks.*": {"queue": "certificates"}}
# A child is replaced after a task that left it above this (KiB): certificate chunks stay
# near 160 MiB; a long report may grow far beyond and is then recycled, not killed.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_MAX_MEMORY_PER_CHILD_KB", default=400_000)
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_MAX_TASKS_PER_CHILD", default=500)

# Public standings: when true, published cluster standings are visible to
# every signed-in user, not only to the cluster's members.
VINHDANH_PROVINCE_NAME = env.str("VINHDANH_PROVINCE_NAME", default="Thái Nguyên")
VINHDANH_DEMO_MODE = env.bool("VINHDANH_DEMO_MODE", default=False)
# Absolute address of the portal, for links in e-mails and QR codes.
VINHDANH_BASE_URL = env.str("VINHDANH_BASE_URL", default="http://127.0.0.1:8000")
# Certificates: awardees per render task; seconds after which the reconciler re-sends a
# chunk whose worker went silent (above the chunk task's 120 s hard time limit); sheet of
# the chairman's Bằng khen in mm (its current official size is not known, RULES.md §4).
VINHDANH_CERTIFICATE_CHUNK_SIZE = env.int("VINHDANH_CERTIFICATE_CHUNK_SIZE", default=50)
VINHDANH_CERTIFICATE_STALE_SECONDS = env.int("VINHDANH_CERTIFICATE_STALE_SECONDS", default=180)
VINHDANH_BANG_KHEN_PAPER_MM = tuple(
    float(x) for x in env.str("VINHDANH_BANG_KHEN_PAPER_MM", default="420x297").split("x")
)
# Public certificate verification: look-ups per IP address per minute.
VINHDANH_VERIFY_RATE_PER_MINUTE = env.int("VINHDANH_VERIFY_RATE_PER_MINUTE", default=30)
# Largest evidence file a unit may upload with its self-score (emulation app).
VINHDANH_EVIDENCE_MAX_BYTES = env.int("VINHDANH_EVIDENCE_MAX_MB", default=10) * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # WeasyPrint logs every layout step at INFO (about seven lines a page).
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
