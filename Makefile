# Every target sets up what it needs on first use: a virtual environment in .venv (Python tools,
# pinned in pyproject.toml) and ./node_modules (Node tools, pinned in package.json).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
CHROMIUM := $(VENV)/.chromium
export REDOCLY_TELEMETRY := off
export REDOCLY_SUPPRESS_UPDATE_NOTICE := true

# openapi-python-client with sdk/templates/ and the SDK names each operation states (tools/generate.py).
GENERATE = $(BIN)/python -m tools.generate --spec openapi.yaml

HOST ?= 127.0.0.1
PORT ?= 4010

.PHONY: help contract contract-selftest mutation check-breaking release test test-spec test-client test-server test-contract mock bench lint lint-spec generate check-generated docs check-docs clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/'

# make turns every failing status into its own 2, so the last line says which of gigs-contract's it was.
# CI that needs the status itself runs the command: .venv/bin/gigs-contract (README, "In CI").
contract: $(PY_STAMP)  ## the contract suite: the embedded server, or GIGS_BASE_URL's (PROFILE=full, SEED=n)
	@$(BIN)/gigs-contract $(if $(PROFILE),--profile $(PROFILE)) $(if $(SEED),--seed $(SEED)) $(CONTRACT_ARGS); \
	status=$$?; case $$status in \
	0) echo "make contract: gigs-contract exited 0: PASSED";; \
	1) echo "make contract: gigs-contract exited 1: FAILED, the server broke the contract";; \
	2) echo "make contract: gigs-contract exited 2: NOT TESTED, the suite could not test the server";; \
	*) echo "make contract: gigs-contract exited $$status: interrupted or crashed";; \
	esac; exit $$status

contract-selftest: $(PY_STAMP)  ## show the contract suite catches deliberately broken servers, each at three seeds
	SELFTEST_SEEDS=3 $(BIN)/pytest tests/contract/test_selftest.py -v -n 2

# Cosmic Ray breaks the reference server one small change at a time; the contract suite judges each
# mutant (selftest/mutation.py). MUTATION_ARGS="--sample 20" or "--shard 1/4" for a part of it.
mutation: $(PY_STAMP)  ## the contract suite's mutation score against the reference server (about 30 minutes; reports/mutation/)
	$(BIN)/python -m selftest.mutation $(MUTATION_ARGS)

# Two workers: most tests wait on servers and subprocesses. Each test starts what it needs on a port
# of its own and writes under its own tmp_path, so any two may run side by side; a module whose
# module-scoped fixture is a whole run (test_surfaces, test_baseline, test_new_operation,
# test_docs_page) is one xdist_group, so that one worker makes it once.
test: $(PY_STAMP) $(NODE_STAMP) $(CHROMIUM) check-breaking  ## run every test (and the breaking-change gate), on two workers
	$(BIN)/pytest -n 2 --dist loadgroup

# The /docs page's tests render it in Debian's chromium: installed here (as root) on first use, so
# that no test changes the machine.
$(CHROMIUM): $(PY_STAMP)
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && \
		{ apt-get install -y -qq chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }; }; } || \
		{ echo "the /docs page's tests need Debian's chromium: apt-get install chromium" >&2; exit 1; }
	touch $@

check-breaking: $(PY_STAMP)  ## openapi.yaml and the SDK's surface against the last release: a report (also reports/gate.md, .json), and a failure on a break without a major version
	$(BIN)/python -m release check --reports reports

release: $(PY_STAMP)  ## cut a release: guarded; the version the gate asks for (or VERSION=x.y.z), snapshot, CHANGELOG, commit, tag
	$(BIN)/python -m release cut $(if $(VERSION),--version $(VERSION)) $(if $(YES),--yes)

test-spec: $(PY_STAMP) $(NODE_STAMP)  ## tests of openapi.yaml itself
	$(BIN)/pytest tests/spec

test-client: $(PY_STAMP)  ## tests of the generated client
	$(BIN)/pytest tests/client

test-server: $(PY_STAMP)  ## tests of the reference server
	$(BIN)/pytest tests/server

test-contract: $(PY_STAMP)  ## the contract suite through pytest, and its self-test
	$(BIN)/pytest tests/contract

mock: $(PY_STAMP)  ## serve the reference server on $(HOST):$(PORT), in memory (Ctrl-C stops it)
	$(BIN)/gigs-devices-mock --host $(HOST) --port $(PORT)

bench: $(PY_STAMP) bench/node_modules/.installed  ## throughput and scaling benchmarks, as ratios (bench/README.md)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ./sdk -e ./server -e ./contract -r requirements/bench.txt
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk; } || \
		{ echo "the benchmark needs wrk: apt-get install wrk" >&2; exit 1; }
	$(BIN)/python -m bench $(BENCH_ARGS)

bench/node_modules/.installed: bench/package.json bench/package-lock.json
	npm ci --prefix bench --no-audit --no-fund --silent
	touch $@

lint: $(PY_STAMP) $(NODE_STAMP) lint-spec  ## ruff on our own Python; mypy strict on all of it (SDK, generated, server, suite, release, selftest, tools, bench); pyright on all of it (strict on the SDK and its typing tests); --verifytypes on the SDK; Redocly on the spec
	$(BIN)/ruff check tests sdk server contract bench release selftest tools
	$(BIN)/ruff format --check tests sdk server contract bench release selftest tools
	$(BIN)/mypy sdk/gigs_devices sdk/generated/gigs_devices_client tests/typing server/gigs_devices_mock contract/gigs_contract release selftest tools bench
	node_modules/.bin/pyright --pythonpath $(BIN)/python
	$(BIN)/python -m tools.verifytypes

lint-spec: $(NODE_STAMP)  ## Redocly CLI's recommended rules (redocly.yaml) on openapi.yaml
	node_modules/.bin/redocly lint openapi.yaml

generate: $(PY_STAMP)  ## regenerate sdk/generated/ from openapi.yaml, and the packages' copies (tools/copies.py)
	rm -rf sdk/generated && $(GENERATE) --output sdk/generated/gigs_devices_client
	$(BIN)/python -m tools.copies

docs: $(PY_STAMP) $(NODE_STAMP)  ## rebuild the reference server's /docs page (Redoc, pinned in tools/docs.py) into server/gigs_devices_mock/static/
	$(BIN)/python -m tools.docs

check-docs: $(PY_STAMP)  ## fail when server/gigs_devices_mock/static/ differs from a fresh build
	$(BIN)/python -m tools.docs --check

check-generated: $(PY_STAMP)  ## fail when sdk/generated/ differs from a fresh generation, or a package's copy from its source
	$(BIN)/python -m tools.copies --check
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(GENERATE) --output "$$tmp/generated/gigs_devices_client" >/dev/null && \
	if diff -ru --exclude=.pdm-build --exclude=__pycache__ --exclude=.ruff_cache sdk/generated "$$tmp/generated"; then echo "sdk/generated/ is up to date"; \
	else echo "sdk/generated/ differs from a fresh generation: run 'make generate' and commit" >&2; exit 1; fi

# Three distributions, one version (each reads its own _version.py at install; tools/copies.py keeps them one): the SDK (sdk/), the
# reference server (server/) and the contract suite (contract/).
# Our tools' exact pins (requirements/dev.txt) are installed beside them, never published with them.
$(PY_STAMP): pyproject.toml sdk/pyproject.toml server/pyproject.toml contract/pyproject.toml sdk/gigs_devices/_version.py requirements/dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ./sdk -e ./server -e ./contract -r requirements/dev.txt
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

clean:  ## remove the environments and caches
	rm -rf $(VENV) node_modules bench/node_modules .pytest_cache .hypothesis reports
