"""Counterclaim settings, read from environment variables.

Every variable has a safe development default except SECRET_KEY, which production
(DEBUG off) must set. A malformed value stops start-up with ImproperlyConfigured
rather than running with a surprise.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name: str, default: int, minimum: int = 0) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        number = minimum - 1
    if number < minimum:
        raise ImproperlyConfigured(
            f"{name} must be a whole number of {minimum} or more, not {value!r}."
        )
    return number


def env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    if not value:
        return default
    path = Path(value)
    if not path.is_absolute():
        raise ImproperlyConfigured(f"{name} must be an absolute path, not {value!r}.")
    return path


def env_database(name: str, default: str) -> dict:
    url = os.environ.get(name) or default
    try:
        # gunicorn's sync workers serve one request at a time each, so a worker needs exactly
        # one connection: a persistent one (reused for a minute, checked before reuse after an
        # error or restart) gives that without the extra moving part of a pool per process.
        # Django's psycopg pool pays off only with threaded or async workers.
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} is not a database URL we understand: {error}") from None
    if config["ENGINE"] not in {
        "django.db.backends.sqlite3",
        "django.db.backends.postgresql",
    }:
        raise ImproperlyConfigured(f"{name} must point at SQLite or PostgreSQL, not {url!r}.")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        if config["NAME"] != ":memory:":
            Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        # WAL lets readers carry on while one editor writes; IMMEDIATE makes a writing
        # transaction take the lock up front instead of failing half-way with "database is locked".
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    else:
        # A pooler in transaction mode (PgBouncer) hands each transaction to any server
        # connection, and a server-side cursor would not survive the hand-over.
        config["DISABLE_SERVER_SIDE_CURSORS"] = env_bool(
            "DISABLE_SERVER_SIDE_CURSORS", default=False
        )
        # The pages' queries are short and indexed; JIT compiling one whose estimate looks big
        # (the recursive side walks) costs far more than it saves, 300 ms against 1 ms measured.
        options = config.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    return config


DEBUG = env_bool("DEBUG", default=True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-never-use-in-production"

# Loopback alone by default, DEBUG or not: `make serve` works on this machine out of the box,
# and a real host name is something only the deployment knows.
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
for origin in CSRF_TRUSTED_ORIGINS:
    if not origin.startswith(("http://", "https://")):
        raise ImproperlyConfigured(
            f"CSRF_TRUSTED_ORIGINS entries need a scheme, like https://desk.example.org: {origin!r}"
        )

# Who publishes what this desk reviews: the `author` of its ClaimReview markup. With no
# DESK_URL the site's own root (as the request reached it) stands for the desk.
DESK_NAME = os.environ.get("DESK_NAME", "").strip() or "Counterclaim desk"
DESK_URL = os.environ.get("DESK_URL", "").strip()
if DESK_URL and not DESK_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(
        f"DESK_URL needs a scheme, like https://desk.example.org: {DESK_URL!r}"
    )

DATABASES = {
    "default": env_database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'counterclaim.sqlite3'}")
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "claims",
    "claims.apps.LedgerAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "simple_history",
    "axes",
    "claims.password_reset",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files are answered before sessions, CSRF or sign-in are looked at.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a signed-in user unless its view says otherwise (sign-in itself); an
    # htmx request is sent to sign in with HX-Redirect (claims.signin).
    "claims.signin.SignInRequired",
    # …and a role to read it (claims.roles).
    "claims.views.access.RoleRequired",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "claims.errors.method_not_allowed_page",
    # After sign-in and messages, so that its 400 page shows who is signed in; before any view.
    "claims.errors.refuse_nul_bytes",
    "claims.errors.NotFoundPage",
    "django_htmx.middleware.HtmxMiddleware",
    # Versions written during a request record who made them (claims.history).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Near the end: the first asked about a view's lock timeout, and its answer passes back
    # through all of the above (the CSP nonce, messages, htmx).
    "claims.concurrency.busy.BusyLedgerMiddleware",
    # Last, so that it sees the sign-in view's answer and can turn a locked-out one into ours.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "claims.urls"
WSGI_APPLICATION = "claims.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "claims.context_processors.role",
                "claims.password_reset.views.offered",
            ],
        },
    },
]

# Strict policy: no inline script or style anywhere. The few scripts we need are files
# under static/js/, loaded with the per-request nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Axes checks every sign-in (ours and the admin's both call authenticate()) before the
# password is tried, and counts the failures.
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
LOGIN_REDIRECT_URL = "desk"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env_path("STATIC_ROOT", VAR_DIR / "static")
# With DEBUG off, whitenoise serves the files `collectstatic` wrote: hashed names that can be
# cached for ever, each precompressed with gzip and brotli. With DEBUG on, files are served
# straight from static/ so an edit shows on the next reload, without collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Decided once at start-up, like the storage above (tests flip DEBUG off only while they run).
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
# No script reads the CSRF cookie (htmx gets the token through hx-headers), so it can be
# HttpOnly too.
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# How many proxies in front of the app append the client's address to X-Forwarded-For, for
# the sign-in throttle (claims.throttle). Trusting the header with no proxy in front would let
# any client claim any address and dodge the throttle, so: none by default. (Whether a request
# came over HTTPS is gunicorn's to tell, from X-Forwarded-Proto sent by FORWARDED_ALLOW_IPS.)
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", default=0)
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    # `bin/serve` turns this off by default: it serves plain HTTP on loopback, for this machine
    # or for the TLS proxy in front. The load balancer's health check may come over plain HTTP.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    # Browsers heed HSTS only over HTTPS, and Django sends it only there. A year, as the
    # preload list asks; start lower (3600) while HTTPS is new, and 0 turns it off.
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)

# Sign-in throttling (django-axes): five failures for one username from one address lock that
# pair out for the cool-off period, whether or not the username exists; a success resets the
# count. The answer is the sign-in page with a message (claims.throttle.locked_out).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", default=5, minimum=1)
# At least a minute: axes reads no cool-off as "locked until an administrator lifts it".
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", default=15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "claims.throttle.locked_out"
AXES_CLIENT_IP_CALLABLE = "claims.throttle.client_ip"

# Mail, for password reset only. Reset by mail is offered only when the deployment sets up
# mail: EMAIL_HOST (SMTP, with the EMAIL_* below) or an EMAIL_BACKEND of its own (the console
# backend prints the mails, for trying it out), which define MAILERS with its default mailer.
# Without either there is no MAILERS, the reset pages are a 404 and the sign-in page says to ask
# an administrator: a reset that sends nothing fails silently. (claims.password_reset)
# Lower-case names: Django refuses its old EMAIL_HOST and EMAIL_BACKEND settings beside MAILERS.
email_host = os.environ.get("EMAIL_HOST", "").strip()
email_backend = os.environ.get("EMAIL_BACKEND", "").strip()
if email_host:
    use_tls = env_bool("EMAIL_USE_TLS", default=False)
    use_ssl = env_bool("EMAIL_USE_SSL", default=False)
    if use_tls and use_ssl:
        raise ImproperlyConfigured(
            "EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on: "
            "STARTTLS (port 587) or SSL (port 465)."
        )
    MAILERS = {
        "default": {
            "BACKEND": email_backend or "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": email_host,
                "port": env_int("EMAIL_PORT", default=25, minimum=1),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": use_tls,
                "use_ssl": use_ssl,
                # A mail server that does not answer must not hold a worker for long.
                "timeout": 10,
            },
        }
    }
elif email_backend:
    MAILERS = {"default": {"BACKEND": email_backend}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "").strip() or "webmaster@localhost"
# Reset requests per hour, counted per client address and per email address asked for (known
# or not, so that the answer says nothing about which addresses have accounts).
PASSWORD_RESET_LIMIT = env_int("PASSWORD_RESET_LIMIT", default=5, minimum=1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
