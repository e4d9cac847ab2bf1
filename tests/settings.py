"""Settings for the test suite: production settings, served over plain HTTP.

The environment is set before agency.settings reads it; anything already in the
environment (CI's DATABASE_URL, REDIS_URL) wins.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-" + "x" * 40)
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# The test client and the live server speak HTTP; a real browser would never send back a
# Secure cookie over it. Security tests switch these on where they check them.
for name in ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"):
    os.environ.setdefault(name, "false")
os.environ.setdefault("STATIC_MANIFEST", "false")
os.environ.setdefault("EMAIL_URL", "memorymail://")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from agency.settings import *  # noqa: E402,F403

# Every request renews the session, as a request after an idle minute does: the query-count
# tests then compare like with like. (tests/security checks the once-a-minute renewal.)
SESSION_IDLE_RENEWAL = 0

# Fast hashing: the suite creates many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tasks run in the test process even where REDIS_URL is set (as in CI): no worker runs during
# the suite, and tests check what a task does. A test of the queueing itself turns this off.
CELERY_TASK_ALWAYS_EAGER = True
