# The two quick-start commands: `make run` (serve on SQLite) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install chromium run lint test migrate openapi clean

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

# ruff (style, import order, likely bugs) over all the Python, then mypy (types)
# over service/, both as pyproject.toml configures them: any finding fails.
lint: install
	$(BIN)/ruff check service tests bench migrations
	$(BIN)/mypy

# The linters run first, so that CI (.ci/run) fails on a finding too.
test: install chromium lint
	$(BIN)/pytest $(PYTEST_ARGS)

migrate: install
	$(BIN)/namesake migrate

openapi: install
	$(BIN)/namesake export-openapi

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache .mypy_cache
