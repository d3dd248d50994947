FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    WERKSTATT_DATABASE=/data/werkstatt.sqlite3 \
    WERKSTATT_WEB_HOST=0.0.0.0

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY flows ./flows
COPY storage ./storage
COPY drafts ./drafts
COPY locales ./locales
COPY service ./service
COPY web ./web
COPY docs ./docs
RUN pip install --no-cache-dir . \
    && useradd --create-home --uid 10001 werkstatt \
    && mkdir -p /data && chown werkstatt:werkstatt /data

USER werkstatt
VOLUME ["/data"]
EXPOSE 8443 8080
CMD ["werkstatt", "run"]
