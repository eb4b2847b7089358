# Production image: the same image runs the web server (gunicorn) and the Celery worker/beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

# Pango and HarfBuzz for WeasyPrint; the PDF fonts themselves ship in static/fonts.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY core ./core
COPY congress_admin ./congress_admin
COPY organizations ./organizations
COPY audit ./audit
COPY congresses ./congresses
COPY documents ./documents
COPY personnel ./personnel
COPY recognition ./recognition
COPY reports ./reports
RUN pip install .
COPY . .
RUN useradd --system --uid 1000 --home /app app \
    && mkdir -p /app/var /data/media /data/static \
    && chown -R app /app/var /data
USER app
ENV STATIC_ROOT=/data/static MEDIA_ROOT=/data/media
RUN python manage.py collectstatic --noinput --verbosity 0

EXPOSE 8000
CMD ["gunicorn", "congress_admin.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
