# The portal's image: the app (gunicorn), the task worker and the release job of compose.yaml.
# docs/deploy.md explains how it is run.

# --- build: the locked dependencies and the compiled catalogues ---------------------------------
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# msgfmt compiles the gettext catalogues (the .mo files are built, never committed).
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /venv
COPY requirements.lock /tmp/requirements.lock
# Exactly the locked versions, each checked against its hash; nothing resolved at build time.
RUN /venv/bin/pip install --require-hashes --no-deps -r /tmp/requirements.lock
WORKDIR /app
COPY . .
RUN for po in locale/*/LC_MESSAGES/django.po; do msgfmt --check-format -o "${po%.po}.mo" "$po"; done

# --- runtime -------------------------------------------------------------------------------------
FROM python:3.11-slim
ENV PATH=/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=portal.settings.production \
    PORTAL_DATA_DIR=/data
RUN groupadd --system --gid 10001 portal \
    && useradd --system --uid 10001 --gid portal --home-dir /app --shell /usr/sbin/nologin portal \
    && mkdir -p /data /app/static_collected \
    && chown portal:portal /data /app/static_collected
COPY --from=build /venv /venv
COPY --from=build /app /app
WORKDIR /app
# Static files go into the image (WhiteNoise serves them from the app) and, at each release, into
# the `static` volume nginx serves. collectstatic reads no secret; production settings just insist
# on having them, so throwaway values do here.
RUN SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost PORTAL_DATA_DIR=/tmp/build-data \
    python manage.py collectstatic --noinput \
    && chown -R portal:portal /app/static_collected \
    && rm -rf /tmp/build-data
# The code stays root's and read-only to the process; only /data (and the static volume) is its.
USER portal
VOLUME ["/data"]
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi", "--config", "deploy/gunicorn.conf.py"]
