# Image for the web server, the Celery worker and beat (docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core gettext \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml ./
# XStatic-Bootstrap ships an sdist that still imports pkg_resources.
RUN pip install "setuptools<81" wheel \
 && pip install --no-build-isolation "XStatic-Bootstrap>=5.3,<5.4"
COPY . .
RUN pip install . \
 && python manage.py compilemessages -v 0 \
 && DJANGO_SETTINGS_MODULE=config.settings.dev python manage.py collectstatic --noinput -v 0 \
 && useradd --system --home /app vinhdanh \
 && mkdir -p /app/media && chown vinhdanh /app/media

USER vinhdanh
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "4", "--access-logfile", "-"]
