# Production image: gunicorn serving Django with WhiteNoise; the same image runs the Celery
# worker and beat (see docker-compose.yml).

FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

FROM python:3.12-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH=/opt/venv/bin:$PATH
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext ffmpeg postgresql-client \
    && rm -rf /var/lib/apt/lists/* \
    && pip install --no-cache-dir "uv==0.13.9" \
    && useradd --system --create-home --home-dir /app --uid 1000 app
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY --chown=app:app . .
COPY --from=assets --chown=app:app /build/node_modules ./node_modules
RUN DEBUG=0 SECRET_KEY=build-only-not-secret python manage.py compilemessages -v 0 \
        --ignore node_modules \
    && DEBUG=0 SECRET_KEY=build-only-not-secret python manage.py collectstatic --noinput -v 0 \
    && mkdir -p /app/var/private-media && chown -R app:app /app/var /app/staticfiles
USER app
EXPOSE 8000
CMD ["gunicorn", "bij1_recruit.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--access-logfile", "-"]
