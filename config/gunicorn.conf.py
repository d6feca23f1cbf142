"""Gunicorn for production: ``gunicorn -c config/gunicorn.conf.py config.wsgi``.

Every setting can be changed from the environment (docs/operators/deployment.md). The servers
keep nothing of their own: sessions, sign-in throttling, jobs and uploads live in the database.
"""

import multiprocessing
import os

bind = os.environ.get("THRIVE_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count() * 2 + 1)))
threads = int(os.environ.get("THRIVE_THREADS", "2"))
timeout = int(os.environ.get("THRIVE_REQUEST_TIMEOUT", "60"))
graceful_timeout = 30
max_requests = 2000
max_requests_jitter = 200
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
# The access log as JSON too, with the request ID the application returned.
access_log_format = (
    '{"time": "%(t)s", "logger": "gunicorn.access", "method": "%(m)s", "path": "%(U)s", '
    '"status_code": %(s)s, "duration_ms": %(M)s, "request_id": "%({x-request-id}o)s"}'
)
