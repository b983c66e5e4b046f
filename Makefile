# Every target sets up what it needs on first use: a virtual environment in .venv (Python tools,
# pinned in pyproject.toml) and ./node_modules (Node tools, pinned in package.json).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
export REDOCLY_TELEMETRY := off
export REDOCLY_SUPPRESS_UPDATE_NOTICE := true

GENERATE = PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/openapi-python-client generate \
	--path openapi.yaml --config generator-config.yml --custom-template-path templates \
	--meta pdm --overwrite --fail-on-warning

.PHONY: help test test-spec test-client lint lint-spec generate check-generated clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/'

test: $(PY_STAMP) $(NODE_STAMP)  ## run every test
	$(BIN)/pytest

test-spec: $(PY_STAMP) $(NODE_STAMP)  ## tests of openapi.yaml itself
	$(BIN)/pytest tests/spec

test-client: $(PY_STAMP)  ## tests of the generated client
	$(BIN)/pytest tests/client

lint: $(PY_STAMP) lint-spec  ## ruff on our own Python, Redocly on the spec
	$(BIN)/ruff check tests
	$(BIN)/ruff format --check tests

lint-spec: $(NODE_STAMP)  ## Redocly CLI's recommended rules (redocly.yaml) on openapi.yaml
	node_modules/.bin/redocly lint openapi.yaml

generate: $(PY_STAMP)  ## regenerate generated/ from openapi.yaml
	$(GENERATE) --output-path generated
	rm -rf generated/.ruff_cache

check-generated: $(PY_STAMP)  ## fail when generated/ differs from a fresh generation
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(GENERATE) --output-path "$$tmp/generated" >/dev/null && rm -rf "$$tmp/generated/.ruff_cache" && \
	if diff -ru --exclude=.pdm-build --exclude=__pycache__ generated "$$tmp/generated"; then echo "generated/ is up to date"; \
	else echo "generated/ differs from a fresh generation: run 'make generate' and commit" >&2; exit 1; fi

$(PY_STAMP): pyproject.toml generated/pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ./generated -e '.[dev]'
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

clean:  ## remove the environments and caches
	rm -rf $(VENV) node_modules .pytest_cache .hypothesis
