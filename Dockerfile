# Learning Commons: build stage compiles what the runtime stage needs; the runtime
# runs as a non-root user. Migrations are a release step (see docker-compose.yml).

FROM python:3.11-slim-bookworm AS builder
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential gettext \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /venv
COPY requirements.txt /tmp/requirements.txt
RUN /venv/bin/pip install -r /tmp/requirements.txt
WORKDIR /app
COPY . .
# Static files and message catalogues are built into the image; the key below
# exists only for this step.
RUN DJANGO_SETTINGS_MODULE=portal.settings.production SECRET_KEY=build-only-not-secret \
        /venv/bin/python manage.py collectstatic --noinput --verbosity 0 \
    && DJANGO_SETTINGS_MODULE=portal.settings.production SECRET_KEY=build-only-not-secret \
        /venv/bin/python manage.py compilemessages --verbosity 0 \
    && rm -rf .git .ci tests bench .venv db.sqlite3*

FROM python:3.11-slim-bookworm AS runtime
# pg_dump and pg_restore for `manage.py backup_site` / `restore_site` (PostgreSQL 15,
# the server's version in docker-compose.yml); Pango and the Noto fonts for the
# certificates (WeasyPrint), Arabic included.
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core \
    && rm -rf /var/lib/apt/lists/*
RUN groupadd --gid 10001 portal \
    && useradd --uid 10001 --gid portal --create-home --shell /usr/sbin/nologin portal \
    && mkdir -p /data/media /data/backups \
    && chown -R portal:portal /data
COPY --from=builder /venv /venv
COPY --from=builder --chown=portal:portal /app /app
WORKDIR /app
ENV PATH="/venv/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=portal.settings.production \
    MEDIA_ROOT=/data/media \
    BACKUP_DIR=/data/backups \
    GUNICORN_CMD_ARGS="--bind 0.0.0.0:8000 --workers 3 --threads 2 --timeout 30 --no-control-socket --forwarded-allow-ips=*"
USER portal
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]
CMD ["gunicorn", "portal.wsgi"]
