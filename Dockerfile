# The agency's web, worker and beat image (docker-compose.yml runs all three from it).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    # The code is run from /app (templates, static and locale sit beside it), not from the
    # copy `pip install .` puts in site-packages.
    PYTHONPATH=/app

# WeasyPrint's libraries and a CJK font for the PDFs; gettext for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY . .
RUN pip install .

# Build-time settings only: the real ones come from the environment at run time.
RUN SECRET_KEY=build-only-not-a-secret-0123456789abcdef0123456789abcdef \
    DEBUG=false ALLOWED_HOSTS=localhost \
    sh -c 'python manage.py collectstatic --noinput \
        && if [ -d locale ]; then python manage.py compilemessages; fi'

RUN useradd --system --home-dir /app --shell /usr/sbin/nologin agency \
    && chown -R agency /app/var
USER agency

EXPOSE 8000
CMD ["gunicorn", "agency.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2", \
     "--access-logfile", "-"]
