# The two quick-start commands: `make run` (serve on SQLite) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install chromium kubectl run lint test migrate openapi lock clean

# The virtual environment is rebuilt whenever pyproject.toml changes.
$(BIN)/namesake: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/namesake

run: install
	$(BIN)/namesake serve --host $(HOST) --port $(PORT)

# The browser tests drive Debian's Chromium (nothing downloads a browser).
# Where it cannot be installed they are skipped, or fail under CI=true.
chromium:
	@[ -x /usr/bin/chromium ] || { \
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo="sudo"; \
	  $$sudo apt-get update -qq && \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	} || echo "chromium could not be installed: the browser tests will not run"

# tests/deploy renders deploy/k8s with `kubectl kustomize` (offline, no cluster):
# Debian's kubernetes-client where kubectl is missing. Where it cannot be
# installed, or is older than 1.21 (Debian 12's is 1.20, whose kustomize
# predates the manifests' fields), those tests are skipped, or fail under CI=true.
kubectl:
	@command -v kubectl >/dev/null || { \
	  sudo=""; [ "$$(id -u)" -eq 0 ] || sudo="sudo"; \
	  $$sudo apt-get update -qq && \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kubernetes-client; \
	} || echo "kubectl could not be installed: the Kubernetes manifest tests will not run"

# ruff (style, import order, likely bugs) over all the Python, then mypy (types)
# over service/, both as pyproject.toml configures them: any finding fails.
lint: install
	$(BIN)/ruff check service tests bench migrations
	$(BIN)/mypy

# The linters run first, so that CI (.ci/run) fails on a finding too.
test: install chromium kubectl lint
	$(BIN)/pytest $(PYTEST_ARGS)

migrate: install
	$(BIN)/namesake migrate

openapi: install
	$(BIN)/namesake export-openapi

# requirements.lock: every package the image installs, pinned with its hashes,
# for the image's Python (3.11). It keeps the pins it has and resolves only
# what pyproject.toml added or changed; `make lock LOCK_ARGS=--upgrade` moves
# everything to the newest versions allowed. pip-tools lives in its own venv,
# so the service's venv never depends on it. The lock must hold only what the
# package index serves, which is what the image build downloads: this
# machine's pip settings (local wheel folders, extra indexes, constraints) are
# kept out of it.
LOCK_VENV ?= .venv-lock
LOCK_ARGS ?=

$(LOCK_VENV)/bin/pip-compile:
	@$(PYTHON) -c 'import sys; sys.exit(None if sys.version_info[:2] == (3, 11) else \
	  "make lock needs Python 3.11, as in the image: make lock PYTHON=python3.11")'
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet 'pip-tools>=7.5,<8'

lock: $(LOCK_VENV)/bin/pip-compile
	env -u PIP_FIND_LINKS -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL -u PIP_CONSTRAINT -u PIP_NO_INDEX \
	  PIP_CONFIG_FILE=/dev/null \
	  $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
	  --build-deps-for wheel --no-emit-index-url --no-emit-find-links \
	  --output-file requirements.lock $(LOCK_ARGS) pyproject.toml

clean:
	rm -rf $(VENV) $(LOCK_VENV) *.egg-info .pytest_cache .ruff_cache .mypy_cache
