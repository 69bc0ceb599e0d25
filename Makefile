# PyTorch Lessons: build, check and translate the site.
# Run "make help" for the targets. Variables set with ?= can be overridden:
#   make html PYTHON=/opt/rocm-env/bin/python SPHINXOPTS="-n -W --keep-going -v"

PYTHON      ?= python3
VENV        ?= .venv
BUILDDIR    ?= _build
LANGUAGES   ?= en ja
SPHINXOPTS  ?= -n -W --keep-going
# torch is installed only when the chosen Python does not already have one.
TORCH_SPEC  ?= torch==2.13.0
TORCH_PIP_ARGS ?=
# Extra pip arguments, e.g. PIP_ARGS="--no-index --find-links wheelhouse".
PIP_ARGS    ?=
PORT        ?= 8000
NPM         ?= npm

PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
SPHINX := $(PY) -m sphinx -c .
# axe-core, which the browser tests inject into the pages (package-lock.json pins it).
NODE_STAMP := node_modules/.installed

.DEFAULT_GOAL := help
.PHONY: help venv html html-noplot doctest gettext intl-update intl-check intl-todo test bench serve clean clean-venv wheelhouse

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q $(PIP_ARGS) -r requirements.txt
	@# Keep a torch the chosen Python already has (a ROCm or CUDA build):
	@# the virtual environment reads it through a .pth file instead of
	@# installing another one.
	@if $(PYTHON) -c "import torch" 2>/dev/null; then \
	  site=$$($(PYTHON) -c "import os, torch; print(os.path.dirname(os.path.dirname(torch.__file__)))"); \
	  venv_site=$$($(PY) -c "import sysconfig; print(sysconfig.get_paths()['purelib'])"); \
	  echo "$$site" > "$$venv_site/_host_torch.pth"; \
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

html: $(STAMP) ## Build English and Japanese into _build/html/{en,ja}, running the gallery once
	$(PY) tools/build.py --builder html --languages $(LANGUAGES) --sphinxopts "$(SPHINXOPTS)" --build-dir $(BUILDDIR)

html-noplot: $(STAMP) ## Build both languages without running the gallery examples
	$(PY) tools/build.py --builder html --languages $(LANGUAGES) --sphinxopts "$(SPHINXOPTS)" --build-dir $(BUILDDIR) --noplot

doctest: $(STAMP) ## Run every doctest snippet; ends with "doctest: N passed, N failed, N skipped"
	@$(SPHINX) -b doctest -d $(BUILDDIR)/doctrees/doctest -D plot_gallery=0 $(SPHINXOPTS) docs $(BUILDDIR)/doctest; \
	status=$$?; tail -n 1 $(BUILDDIR)/doctest/summary.txt 2>/dev/null; exit $$status

gettext: $(STAMP) ## Extract the message catalogs (.pot) without running any example
	$(SPHINX) -b gettext -d $(BUILDDIR)/doctrees/gettext -D plot_gallery=0 $(SPHINXOPTS) docs $(BUILDDIR)/gettext

intl-update: gettext ## Update locale/ja/LC_MESSAGES/*.po from the English source (msgmerge --previous; keeps #| and #~)
	$(PY) tools/intl_update.py --pot-dir $(BUILDDIR)/gettext --locale-dir locale --language ja

intl-check: $(STAMP) ## Fail unless every catalog is complete, valid, in step with the English and keeps its markup
	$(PY) tools/intl_check.py --gettext --build-dir $(BUILDDIR) --sphinxopts "$(SPHINXOPTS)"

intl-todo: gettext ## List what is left to translate, page by page
	$(PY) tools/intl_check.py --todo --pot-dir $(BUILDDIR)/gettext

test: $(STAMP) $(NODE_STAMP) intl-check ## Run every check: intl-check, then pytest over tests/ (builds, doctest, browser, ...)
	$(PY) -m pytest tests

bench: $(STAMP) ## Time a clean build against its limit; prints a table
	$(PY) tools/bench.py

serve: ## Serve _build/html on http://127.0.0.1:$(PORT)/ for a local preview (gzip and 404 page, like a host)
	$(PYTHON) tools/serve.py --bind 127.0.0.1 --port $(PORT) $(BUILDDIR)/html

wheelhouse: $(STAMP) ## Download the pinned wheels into wheelhouse/ for offline installs
	$(PY) -m pip download -q --only-binary=:all: -r requirements.txt -d wheelhouse

clean: ## Remove build output and the generated gallery pages (keeps .venv)
	rm -rf $(BUILDDIR) docs/gallery
	find locale -name '*.mo' -delete

clean-venv: ## Remove .venv, so the next build installs the dependencies afresh
	rm -rf $(VENV)
