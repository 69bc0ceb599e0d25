# PyTorch Lessons: build, check and translate the site.
# Run "make help" for the targets. Variables set with ?= can be overridden:
#   make html PYTHON=/opt/rocm-env/bin/python SPHINXOPTS="-n -W --keep-going -v"

PYTHON      ?= python3
VENV        ?= .venv
BUILDDIR    ?= _build
LANGUAGES   ?= en ja
# Options for sphinx-build; empty means the strict default of tools/sphinx_cli.py
# (-n -W --keep-going). Setting it replaces that default.
SPHINXOPTS  ?=
# torch is installed only when the chosen Python does not already have one.
TORCH_SPEC  ?= $(shell sed -n 's/^torch==/torch==/p' requirements-torch.txt)
TORCH_PIP_ARGS ?=
# Extra pip arguments, e.g. PIP_ARGS="--no-index --find-links wheelhouse".
PIP_ARGS    ?=
PORT        ?= 8000
LANGUAGE    ?= en
# Gallery examples to run (a regular expression on their names), for
# "make record" and "make html"; BACKEND=cpu records the CPU on a GPU machine.
EXAMPLES    ?=
BACKEND     ?= auto
# Seconds a gallery example may run before it is stopped and fails the build
# ("make html" and "make record"; on the command line or in the environment).
GALLERY_TIMEOUT ?= 600
# WIDTHS=all: make doctest runs the snippets under every CPU kernel width torch has here (no record).
WIDTHS      ?=
NPM         ?= npm
# The repository's web address, for each page's "Edit this page" and "Report a
# problem" links (config value site_repository); GitHub Actions sets the two
# variables it is made of. Empty (a local build): the pages have no such links.
REPOSITORY  ?= $(if $(GITHUB_REPOSITORY),$(or $(GITHUB_SERVER_URL),https://github.com)/$(GITHUB_REPOSITORY))

PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
OPTS   := $(if $(strip $(SPHINXOPTS)),--sphinxopts "$(SPHINXOPTS)")
# The published site's address (the folder above en/ and ja/), for the page
# address in "Report a problem"; the deploy workflow sets it. Empty: the
# report names the page by its path in the site.
SITE_URL    ?=
SITE_DEFINES := $(if $(strip $(REPOSITORY)),--define "site_repository=$(strip $(REPOSITORY))") $(if $(strip $(SITE_URL)),--define "site_url=$(strip $(SITE_URL))")
# axe-core, which the browser tests inject into the pages, and textlint for
# intl-lint (package-lock.json pins them).
NODE_STAMP := node_modules/.installed

.DEFAULT_GOAL := help
.PHONY: help venv html html-noplot record check-records livehtml doctest gettext intl-update intl-check intl-lint intl-todo test prereqs bench serve clean clean-venv wheelhouse

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q $(PIP_ARGS) -r requirements.txt
	@# Keep a torch the chosen Python already has (a ROCm or CUDA build):
	@# the virtual environment reads torch and what torch needs, and nothing
	@# else of that Python, from links in $(VENV)/host-torch (a .pth file).
	@if $(PYTHON) -c "import torch" 2>/dev/null; then \
	  site=$$($(PYTHON) -c "import os, torch; print(os.path.dirname(os.path.dirname(torch.__file__)))"); \
	  links=$$($(PYTHON) tools/host_torch.py $(VENV)/host-torch) || exit 1; \
	  venv_site=$$($(PY) -c "import sysconfig; print(sysconfig.get_paths()['purelib'])"); \
	  echo "$$links" > "$$venv_site/_host_torch.pth"; \
	  echo "Using the torch installed for $(PYTHON): $$site"; \
	else \
	  $(PY) -m pip install -q $(PIP_ARGS) $(TORCH_PIP_ARGS) "$(TORCH_SPEC)"; \
	fi
	@$(PY) -c "import torch; print('torch', torch.__version__, '| CUDA', torch.version.cuda, '| HIP', torch.version.hip)"
	@touch $@

venv: $(STAMP) ## Create .venv with the pinned dependencies

$(NODE_STAMP): package.json package-lock.json
	$(NPM) ci --ignore-scripts --no-audit --no-fund
	@touch $@

html: $(STAMP) ## Build English and Japanese into _build/html/{en,ja} from the gallery's records (RECORDS=require: never run an example)
	$(PY) tools/build.py --builder html --languages $(LANGUAGES) $(OPTS) $(SITE_DEFINES) --build-dir $(BUILDDIR) --examples "$(EXAMPLES)" --gallery-timeout "$(GALLERY_TIMEOUT)"

html-noplot: $(STAMP) ## Build both languages without running any example, even one with no record
	$(PY) tools/build.py --builder html --languages $(LANGUAGES) $(OPTS) $(SITE_DEFINES) --build-dir $(BUILDDIR) --noplot

record: $(STAMP) ## Run the gallery examples here and write records/<backend>/ (EXAMPLES=<regex>, BACKEND=cpu)
	$(PY) tools/record.py --backend $(BACKEND) --examples "$(EXAMPLES)" --build-dir $(BUILDDIR) --gallery-timeout "$(GALLERY_TIMEOUT)"

check-records: $(STAMP) ## Run the CPU examples again (into _build/check-records) and compare every output line with records/cpu/ (EXAMPLES=<regex>)
	$(PY) -m tools.check_records --examples "$(EXAMPLES)" --out $(BUILDDIR)/check-records

doctest: $(STAMP) ## Run every snippet; when all pass, write records/<backend>/doctest.json (REQUIRE_GPU=1: fail without a GPU or on a skip)
	@$(if $(filter all,$(WIDTHS)),$(PY) -m tools.kernel_widths --doctest,$(PY) tools/sphinx_cli.py doctest --build-dir $(BUILDDIR) $(OPTS) $(if $(filter 1,$(REQUIRE_GPU)),--require-gpu))

gettext: $(STAMP) ## Extract the message catalogs (.pot) without running any example
	$(PY) tools/sphinx_cli.py gettext --build-dir $(BUILDDIR) $(OPTS)

intl-update: gettext ## Update locale/ja/LC_MESSAGES/*.po from the English source (msgmerge --previous; keeps #| and #~)
	$(PY) tools/intl_update.py --pot-dir $(BUILDDIR)/gettext --locale-dir locale --language ja

intl-check: $(STAMP) ## Fail unless every catalog is complete, valid, in step with the English and keeps its markup
	$(PY) tools/intl_check.py --gettext --build-dir $(BUILDDIR) $(OPTS)

intl-lint: $(STAMP) $(NODE_STAMP) ## Check the Japanese of every catalog with textlint (.textlintrc.yml, .textlint/prh.yml)
	$(PY) tools/intl_lint.py

intl-todo: gettext ## List what is left to translate, page by page
	$(PY) tools/intl_check.py --todo --pot-dir $(BUILDDIR)/gettext

prereqs: ## Check that msgfmt, npm, Chromium and a CJK font are installed (make test needs them)
	@$(PYTHON) tools/prereqs.py

test: prereqs $(STAMP) $(NODE_STAMP) intl-check intl-lint ## Run every check: intl-check, intl-lint, then pytest over tests/ (builds, doctest, check-records, browser, ...)
	$(PY) -m pytest tests

bench: $(STAMP) ## Time the builds against their goals; prints a table
	$(PY) tools/bench.py

livehtml: $(STAMP) ## Preview at http://127.0.0.1:$(PORT)/, rebuilt on save (LANGUAGE=ja for Japanese)
	$(PY) -m sphinx_autobuild -b html -c . -d $(BUILDDIR)/doctrees/livehtml/$(LANGUAGE) -D language=$(LANGUAGE) \
	  --host 127.0.0.1 --port $(PORT) --watch gallery --watch locale --watch records \
	  --ignore "*/docs/gallery/*" --ignore "*.mo" --ignore "*/_build/*" \
	  docs $(BUILDDIR)/livehtml/$(LANGUAGE)

serve: ## Serve _build/html on http://127.0.0.1:$(PORT)/ for a local preview (gzip and 404 page, like a host)
	$(PYTHON) tools/serve.py --bind 127.0.0.1 --port $(PORT) $(BUILDDIR)/html

wheelhouse: $(STAMP) ## Download the pinned wheels into wheelhouse/ for offline installs
	$(PY) -m pip download -q --only-binary=:all: -r requirements.txt -d wheelhouse

clean: ## Remove build output and the generated gallery pages (keeps .venv)
	rm -rf $(BUILDDIR) docs/gallery
	find locale -name '*.mo' -delete

clean-venv: ## Remove .venv, so the next build installs the dependencies afresh
	rm -rf $(VENV)
