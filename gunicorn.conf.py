"""gunicorn's settings for `make serve`, read from the environment like the app's own.

HOST and PORT say where to listen (loopback by default: a proxy or load balancer in front
faces the world); WEB_CONCURRENCY overrides the number of workers. Any other gunicorn option
can be passed in GUNICORN_CMD_ARGS, such as `--access-logfile -`.
"""

import os

wsgi_app = "claims.wsgi:application"
bind = [f"{os.environ.get('HOST') or '127.0.0.1'}:{os.environ.get('PORT') or '8000'}"]

# Sync workers each serve one request at a time; two per core plus one keeps the cores busy
# while some workers wait on the database. Each worker holds one database connection.
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1) + 1)

# Load the app once in the master: a bad setting stops start-up with one clear error, and the
# workers share the loaded code's memory.
preload_app = True

# Several gunicorns on one machine (tests, a load test, `make serve`) would otherwise fight
# over the one control socket in the home directory; nothing here uses it.
control_socket_disable = True
