"""Django settings, read from the environment so one build serves the demo and production.

The embedded default is an SQLite file under `var/`; production sets `DATABASE_URL` (PostgreSQL)
and `FREMDRIFT_SECRET_KEY`. Municipalities with single sign-on set the `FREMDRIFT_OIDC_*`
variables (see docs/operations.md).
"""

from __future__ import annotations

import os
import secrets
import warnings
from pathlib import Path

import dj_database_url

VAR_DIR = Path(os.environ.get("FREMDRIFT_VAR_DIR", Path.cwd() / "var")).resolve()
DEBUG = os.environ.get("FREMDRIFT_DEBUG", "") == "1"


def _secret_key() -> str:
    """Production sets the key; the embedded default keeps one per installation under var/."""
    if key := os.environ.get("FREMDRIFT_SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), encoding="ascii")
        path.chmod(0o600)
    return path.read_text(encoding="ascii").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = os.environ.get("FREMDRIFT_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "mozilla_django_oidc",
    # The API docs page (/api/v1/docs) serves Swagger UI from django-ninja's static files.
    "ninja",
    "fremdrift.organisation",
    "fremdrift.audit",
    "fremdrift.borgere",
    "fremdrift.indsats",
    "fremdrift.virksomheder",
    "fremdrift.leveringer",
    "fremdrift.intake",
    "fremdrift.releases",
    "fremdrift.reports",
    "fremdrift.monitoring",
    "fremdrift.overblik",
    "fremdrift.tavler",
    "fremdrift.styregruppe",
    "fremdrift.api",
    "fremdrift.integrations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so that a locked-out login is answered before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "fremdrift.urls"
WSGI_APPLICATION = "fremdrift.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fremdrift.organisation.navigation.navigation",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'fremdrift.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Readers and one writer side by side, as the web server and an import run at once.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- People and login ---------------------------------------------------------------------------
AUTH_USER_MODEL = "organisation.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out user before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: five failures lock the username from that address for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "organisation/lockout.html"

# Single sign-on (OpenID Connect) for municipalities that have it; local accounts otherwise.
OIDC_RP_CLIENT_ID = os.environ.get("FREMDRIFT_OIDC_CLIENT_ID", "")
if OIDC_RP_CLIENT_ID:
    OIDC_RP_CLIENT_SECRET = os.environ["FREMDRIFT_OIDC_CLIENT_SECRET"]
    OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ["FREMDRIFT_OIDC_AUTHORIZATION_ENDPOINT"]
    OIDC_OP_TOKEN_ENDPOINT = os.environ["FREMDRIFT_OIDC_TOKEN_ENDPOINT"]
    OIDC_OP_USER_ENDPOINT = os.environ["FREMDRIFT_OIDC_USER_ENDPOINT"]
    OIDC_OP_JWKS_ENDPOINT = os.environ.get("FREMDRIFT_OIDC_JWKS_ENDPOINT", "")
    OIDC_RP_SIGN_ALGO = os.environ.get("FREMDRIFT_OIDC_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = "openid email profile"
    # Only people the municipality has set up may log in: SSO proves who, not what they may see.
    OIDC_CREATE_USER = False
    # A refused or failed single sign-on ends on the login page, with the password login.
    LOGIN_REDIRECT_URL_FAILURE = "/login/"
    AUTHENTICATION_BACKENDS.append("fremdrift.organisation.oidc.KommuneOIDCBackend")

# --- Sessions and transport ---------------------------------------------------------------------
SESSION_COOKIE_AGE = 8 * 60 * 60  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = os.environ.get("FREMDRIFT_INSECURE_COOKIES", "") != "1"
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# --- Language and time --------------------------------------------------------------------------
LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk"), ("en", "English")]
LOCALE_PATHS = [Path(__file__).parent / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# Det Fælles Designsystem and htmx come from npm (package-lock.json), installed by `make`.
NODE_MODULES = Path(
    os.environ.get("FREMDRIFT_NODE_MODULES", Path(__file__).resolve().parents[2] / "node_modules")
)
STATICFILES_DIRS = [
    ("dkfds", NODE_MODULES / "dkfds" / "dist"),
    ("htmx", NODE_MODULES / "htmx.org" / "dist"),
]
# The app serves its static files itself (whitenoise): from `collectstatic` into STATIC_ROOT
# where that has run, otherwise straight from the apps and node_modules.
WHITENOISE_USE_FINDERS = True
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

# --- Logging ------------------------------------------------------------------------------------
# Every handler masks CPR numbers: a stray one in an exception or a query must not reach a log.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_cpr": {"()": "fremdrift.borgere.cpr.MaskCprFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_cpr"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("FREMDRIFT_LOG_LEVEL", "WARNING")},
}

# --- Overblik -----------------------------------------------------------------------------------
# The grant the payout outlook uses for a municipality without a registered one: the grant
# Frederiksberg applied for from FSM2 (seed 004), as an example the page names as such.
OVERBLIK_EXAMPLE_GRANTS = {"fsm2": 3_695_000}
