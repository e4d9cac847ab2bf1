#!/usr/bin/env bash
# reliability.md 28: the locust scenario headless against gunicorn + PostgreSQL on 127.0.0.1,
# then the money invariants. Run through `make loadtest` (LOAD_USERS, LOAD_TIME to change).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT=${LOAD_PORT:-8765}
DB=${LOAD_DATABASE:-agency_loadtest}
export DATABASE_URL=${LOAD_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/$DB}
export DJANGO_SETTINGS_MODULE=agency.settings DEBUG=false ALLOWED_HOSTS=127.0.0.1
export SECRET_KEY=${SECRET_KEY:-load-test-$(date +%s)-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')}
# Plain HTTP on loopback: no HTTPS redirect, cookies without Secure.
export SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false
export SECURE_HSTS_SECONDS=0 STATIC_MANIFEST=false CSRF_TRUSTED_ORIGINS=http://127.0.0.1:$PORT
export EMAIL_URL=memorymail:// LOG_LEVEL=WARNING REDIS_URL=

echo "== database $DB (recreated)"
dropdb -h 127.0.0.1 -U postgres --if-exists "$DB"
createdb -h 127.0.0.1 -U postgres "$DB"
$PY manage.py migrate --noinput -v 0
$PY bench/loaddata.py

echo "== gunicorn on 127.0.0.1:$PORT"
: > var/loadtest-gunicorn.log
# Keep-alive longer than a user's pause: a connection closed by the server just as the client
# reuses it would be counted as an error that is not the application's.
.venv/bin/gunicorn agency.wsgi:application --bind "127.0.0.1:$PORT" --workers 4 --threads 4 \
  --keep-alive 30 --timeout 60 --access-logfile /dev/null --error-logfile var/loadtest-gunicorn.log &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null || true; wait $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done

echo "== locust: ${LOAD_USERS:-50} users for ${LOAD_TIME:-2m}"
status=0
.venv/bin/locust -f bench/locustfile.py --headless --host "http://127.0.0.1:$PORT" \
  --users "${LOAD_USERS:-50}" --spawn-rate 10 --run-time "${LOAD_TIME:-2m}" --stop-timeout 10 \
  --csv var/loadtest --only-summary || status=$?
kill $GUNICORN; wait $GUNICORN 2>/dev/null || true; trap - EXIT

echo "== failures (any 5xx or unexpected answer fails the run)"
if [ "$(wc -l < var/loadtest_failures.csv)" -gt 1 ]; then cat var/loadtest_failures.csv; status=1; fi
if grep -q "Traceback" var/loadtest-gunicorn.log; then
  echo "tracebacks in var/loadtest-gunicorn.log"; status=1
fi

echo "== money invariants"
$PY manage.py check_money || status=1
[ $status -eq 0 ] && echo "load test passed" || echo "load test FAILED"
exit $status
