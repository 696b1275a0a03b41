# Two commands for everyone:  make start  |  make test
# Everything lives in .venv inside the repository; nothing is installed system-wide
# except what `make system-deps` adds on Linux (bubblewrap for safe grading, Chromium
# for the browser tests, Node.js and npm for JupyterHub's proxy), which `make test` runs
# when they are missing.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# JupyterLab refuses to run as root (containers, CI) without this flag.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
START_PAGE := notebooks/00_start_here.ipynb
# Each role's Jupyter configuration (jupyter/, set by hrcourse/launch.py; Binder's `start`
# script uses the same): the learner's has the reading mode and no instructor panels.
LEARNER    := $(BIN)/python -m hrcourse.launch learner
INSTRUCTOR := $(BIN)/python -m hrcourse.launch instructor
# JupyterHub's proxy, from the npm registry, installed inside hub/ (hub/package-lock.json).
PROXY := hub/node_modules/.bin/configurable-http-proxy

.PHONY: start instructor test setup system-deps hub bench lock hooks navigation assignments \
	schemas clean student-export student-image-context ngshare

# The learner's course: the start page in reading mode (Voila, served by JupyterLab's own
# server, which also offers the notebooks and the graded quizzes in JupyterLab).
start: setup
	$(LEARNER) $(BIN)/jupyter lab $(ROOT_FLAG) --ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/voila/render/$(START_PAGE)

# The instructor's JupyterLab: nbgrader's Formgrader, Create Assignment and course panels.
instructor: setup
	PATH="$(CURDIR)/$(BIN):$$PATH" $(INSTRUCTOR) $(BIN)/jupyter lab $(ROOT_FLAG) --ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/$(START_PAGE)

test: setup system-deps $(PROXY) ngshare
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest $(PYTEST_ARGS)

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] < (3, 14) else "This course needs Python 3.11 to 3.13; found " + sys.version.split()[0])'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# Linux only, and only what is missing: Chromium drives the browser tests; npm installs
# JupyterHub's proxy into hub/node_modules.
system-deps:
	@$(PYTHON) tools/system_deps.py

# A class on a JupyterHub on this machine, as root, for existing accounts, e.g.
#   sudo make hub HUB_INSTRUCTORS=instructor HUB_STUDENTS="ana ben cy"
# Then open http://127.0.0.1:8000 (docs/instructor-guide.md: running a class on a hub).
# The exchange: HUB_EXCHANGE=folder (nbgrader's shared folder; every student an account of
# their own) or HUB_EXCHANGE=service (ngshare as a hub service: it checks who is asking).
HUB_EXCHANGE ?= folder
hub: setup system-deps $(PROXY) $(if $(filter service,$(HUB_EXCHANGE)),ngshare)
	HRCOURSE_HUB_INSTRUCTORS="$(HUB_INSTRUCTORS)" HRCOURSE_HUB_STUDENTS="$(HUB_STUDENTS)" \
		HRCOURSE_HUB_EXCHANGE_KIND="$(HUB_EXCHANGE)" $(BIN)/python -m hrcourse.hub serve

# The exchange service: ngshare in its own environment (hub/ngshare/.venv, from
# hub/ngshare/requirements.lock), and its nbgrader client in the course environment,
# without its stale pins (hub/ngshare/client.lock).
NGSHARE := hub/ngshare/.venv/.installed
NGSHARE_CLIENT := $(VENV)/.ngshare-client
ngshare: $(NGSHARE) $(NGSHARE_CLIENT)

$(NGSHARE): hub/ngshare/requirements.lock
	test -x hub/ngshare/.venv/bin/python || $(PYTHON) -m venv hub/ngshare/.venv
	hub/ngshare/.venv/bin/python -m pip install --quiet -r hub/ngshare/requirements.lock
	touch $@

$(NGSHARE_CLIENT): hub/ngshare/client.lock $(STAMP)
	$(BIN)/python -m pip install --quiet --no-deps -r hub/ngshare/client.lock
	touch $@

# A student-only copy of the course (the package, lessons and content; no source/, item
# bank, nbgrader_config.py or gradebook): what students' servers run from. The class hub
# writes its own at every start; this one is for other uses (e.g. a shared lab machine).
STUDENT_EXPORT ?= build/student-course
student-export: setup
	$(BIN)/python -m hrcourse.instructor.student_env "$(STUDENT_EXPORT)"

# The Docker build context of the student image for Zero to JupyterHub (the export above,
# the lock and a Dockerfile); docs/instructor-guide.md says how to build and use it.
STUDENT_IMAGE_CONTEXT ?= build/student-image
student-image-context: setup
	$(BIN)/python -m hrcourse.instructor.student_env --docker "$(STUDENT_IMAGE_CONTEXT)"

$(PROXY): hub/package.json hub/package-lock.json
	npm ci --prefix hub --no-audit --no-fund
	touch $@

bench: setup
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m benchmarks.lessons
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m benchmarks.reading

# Regenerate the lock from pyproject.toml, resolved for the oldest supported Python.
lock: setup
	$(BIN)/python tools/make_lock.py

hooks: setup
	$(BIN)/pre-commit install

navigation: setup
	$(BIN)/python tools/make_navigation.py

# Rewrite data/schemas/ (one JSON Schema per content kind, from hrcourse/content/) and the
# editor's mapping of data files to schemas (.vscode/settings.json).
schemas: setup
	$(BIN)/python tools/make_schemas.py

# Rebuild the knowledge check's two forms (data/knowledge_check.yml) and the item-bank quizzes
# (data/quizzes/*.yml, with the course config's term salt and private bank) in source/, then
# the student versions in assignments/ from source/.
assignments: setup
	$(BIN)/python tools/make_knowledge_check.py
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python tools/make_assignments.py

clean:
	rm -rf $(VENV) .pytest_cache hub/node_modules hub/ngshare/.venv
