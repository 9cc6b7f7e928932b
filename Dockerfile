# Katalog Statistik Sektoral: the image for the web, worker, scheduler and migrate services
# (docker-compose.yml). Two stages: the build stage installs the package and every dependency
# at the versions of requirements.lock into a venv; the runtime stage copies only that venv.

FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
COPY requirements.lock pyproject.toml README.md ./
COPY catalog ./catalog
COPY schemas ./schemas
COPY harvesters ./harvesters
# the lock file constrains every package, so the image runs what CI tested
RUN pip install -c requirements.lock .

FROM python:3.11-slim
# tini as PID 1: forwards SIGTERM/SIGINT to the server (graceful stop) and reaps zombies;
# Debian's current tini (a pinned version would vanish from the archive with the next update)
# hadolint ignore=DL3008
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends tini \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 catalog \
    && useradd --system --uid 10001 --gid catalog --home-dir /app --shell /usr/sbin/nologin catalog \
    && mkdir -p /app /data \
    && chown catalog:catalog /app /data
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    CATALOG_HOST=0.0.0.0 \
    CATALOG_DATA_DIR=/data
WORKDIR /app
# numeric, so orchestrators can check it is not root (Kubernetes runAsNonRoot)
USER 10001:10001
VOLUME ["/data"]
EXPOSE 5000
# liveness only (the process answers); /readyz (database, search, outbox) is for load balancers
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:5000/healthz', timeout=4)"]
ENTRYPOINT ["tini", "--"]
# migrations are not run here: `catalog init` is the compose `migrate` service (or run it once
# by hand before starting the servers)
CMD ["catalog", "serve"]
