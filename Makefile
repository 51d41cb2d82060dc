# Thin wrapper over CMake: the two commands a fresh machine needs are `make demo` and `make test`.
BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
# Ninja (when installed: scripts/install-deps installs it, and `make test` runs that first,
# hence the check in the recipe) keeps both cores busy to the end of the build.
GENERATOR ?= $$(command -v ninja >/dev/null && echo Ninja || echo "Unix Makefiles")
JOBS ?= $(shell nproc)
PREFIX ?= /usr/local

.PHONY: all deps build test unit integration demo install bench format clean fuzz

all: build

deps:
	scripts/install-deps

$(BUILD_DIR)/CMakeCache.txt:
	cmake -S . -B $(BUILD_DIR) -G "$(GENERATOR)" -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DCMAKE_EXPORT_COMPILE_COMMANDS=ON

build: $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j $(JOBS)

test: deps build
	cd $(BUILD_DIR) && ctest --output-on-failure -j 1

unit: build
	cd $(BUILD_DIR) && ctest --output-on-failure -L unit

integration: build
	cd $(BUILD_DIR) && ctest --output-on-failure -L integration

demo: deps build
	scripts/demo

install: build
	install -D -m 0755 $(BUILD_DIR)/bin/berth $(DESTDIR)$(PREFIX)/bin/berth
	install -D -m 0755 $(BUILD_DIR)/bin/berth-shim $(DESTDIR)$(PREFIX)/bin/berth-shim

# libFuzzer targets (tests/fuzz/README.md), each for FUZZ_SECONDS; needs clang (installed on
# demand), in its own build directory. `make test` replays their corpora without clang.
FUZZ_SECONDS ?= 60
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh

bench: deps build
	bench/run-all

format:
	find src tests bench -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR)
