# The two commands that do everything on a fresh machine:
#   make demo   set up, build the demo graph from corpus/demo, serve it on http://127.0.0.1:5000/
#   make test   set up (test tools included) and run every test
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
KG := $(VENV)/bin/kg
STORE ?= data/store
DEMO_CORPUS := corpus/demo

.PHONY: demo test setup setup-test web-assets system-test-deps server-malloc build-demo serve bench bench-endpoint clean

demo: setup build-demo serve

test: setup-test
	$(PY) -m pytest -q

setup: $(VENV)/.installed web-assets server-malloc

setup-test: $(VENV)/.installed-test web-assets system-test-deps server-malloc

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install -q -e '.[test]'
	touch $@

# The YASGUI query UI comes from the npm registry; the page falls back to a plain form without it.
web-assets:
	@if [ -f package.json ] && command -v npm >/dev/null; then \
	  [ -d node_modules/@zazuko/yasgui ] || npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; \
	  $(PY) tools/install_yasgui.py; \
	else echo "npm not found: the query page will use its plain form" >&2; fi

# Headless Chromium (browser tests), a JDK and the OWL API (Protégé's parser) from Debian.
SYSTEM_TOOLS_PRESENT = command -v chromium && command -v chromedriver && command -v javac && ls /usr/share/java/owlapi-api*.jar
system-test-deps:
	@{ $(SYSTEM_TOOLS_PRESENT); } >/dev/null 2>&1 || { \
	  echo "installing chromium, chromium-driver, default-jdk-headless, libowlapi-java (Debian)" >&2; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    chromium chromium-driver default-jdk-headless libowlapi-java >/dev/null; }

# jemalloc (Debian libjemalloc2) makes the endpoint's query workers use ~10% less CPU; optional: without
# it (or without apt-get) they run on tuned glibc malloc.
server-malloc:
	@/sbin/ldconfig -p 2>/dev/null | grep -q 'libjemalloc\.so\.2' || { \
	  echo "installing libjemalloc2 (Debian) for the endpoint's workers" >&2; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libjemalloc2 >/dev/null; } \
	  || echo "libjemalloc2 not installed: the endpoint's workers use glibc malloc" >&2; }

build-demo: setup
	$(KG) build $(DEMO_CORPUS) --store $(STORE)

serve: setup
	$(KG) serve --store $(STORE)

bench: setup-test
	$(PY) -m bench build

# The endpoint benchmark drives both servers with wrk (Debian) from 16 clients on loopback.
bench-endpoint: setup-test
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(PY) -m bench endpoint

clean:
	rm -rf $(VENV) data node_modules kg/static/yasgui build
