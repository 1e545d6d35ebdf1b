# Switchboard: one image for the web, worker, beat and migrate services of docker-compose.yml.
# Everything the portal serves (Bootstrap, htmx, icons) is vendored under static/ and
# collected at build time, so a running container needs no network beyond its database
# and Redis.

FROM python:3.12-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PYTHONDONTWRITEBYTECODE=1
# psycopg2 builds from source; gettext compiles the translations.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev libpq-dev gettext \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /venv
WORKDIR /app
# Dependencies first, so a code change does not reinstall them.
COPY pyproject.toml README.md ./
RUN /venv/bin/pip install --upgrade pip && /venv/bin/pip install .
COPY . .
# Settings refuse to load in production mode without a real key: this one exists
# only during the build and is never part of the running configuration.
RUN export SWITCHBOARD_VAR_DIR=/tmp/build-var \
    && DEBUG=1 /venv/bin/python manage.py compilemessages --ignore=.venv \
    && DEBUG=0 ALLOWED_HOSTS=build.invalid \
       SECRET_KEY=build-only-collectstatic-key-0123456789abcdefghijklmnopqrstuvwxyz \
       /venv/bin/python manage.py collectstatic --noinput

FROM python:3.12-slim-bookworm
ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DEBUG=0 \
    SWITCHBOARD_VAR_DIR=/app/var \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/var/media
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 switchboard
COPY --from=build /venv /venv
COPY --from=build /app /app
WORKDIR /app
# The media volume is mounted here; created now so the volume starts owned by the app user.
RUN mkdir -p /app/var/media && chown -R switchboard:switchboard /app/var
USER switchboard
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
