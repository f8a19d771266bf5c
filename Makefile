# iotsec: the two commands people type are `make run` and `make test`.
# Both install the Debian packages that are missing, configure with CMake and build.

JOBS        ?= $(shell nproc 2>/dev/null || echo 2)
PYTHON      ?= /usr/bin/python3
BUILD_REL   := build/release
BUILD_TEST  := build/test
BUILD_FUZZ  := build/fuzz
SAMPLE_DIR  := build/sample
OUT_DIR     ?= iotsec-out
FUZZ_SECONDS ?= 15

.PHONY: all build run test fuzz fuzz-smoke bench clean deps-build deps-test deps-fuzz deps-bench

all: build

deps-build:
	@scripts/deps.sh build
deps-test:
	@scripts/deps.sh test
deps-fuzz:
	@scripts/deps.sh fuzz
deps-bench:
	@scripts/deps.sh bench

$(BUILD_REL)/CMakeCache.txt:
	cmake -S . -B $(BUILD_REL) -DCMAKE_BUILD_TYPE=Release -DIOTSEC_TESTS=OFF

build: deps-build $(BUILD_REL)/CMakeCache.txt
	cmake --build $(BUILD_REL) -j$(JOBS)

# The main job on a generated sample network: an infected camera among a dozen IoT devices.
run: build
	@mkdir -p $(SAMPLE_DIR)
	$(BUILD_REL)/iotsec-sim --scenario mirai --seed 1 --duration 600 --out $(SAMPLE_DIR)/mirai.pcap
	$(BUILD_REL)/iotsec analyze -r $(SAMPLE_DIR)/mirai.pcap -o $(OUT_DIR)

# Warnings are errors, ASan and UBSan are on, and every unit, golden and script test runs.
test: deps-test
	cmake -S . -B $(BUILD_TEST) -DCMAKE_BUILD_TYPE=Debug -DIOTSEC_WERROR=ON -DIOTSEC_SANITIZE=ON \
	      -DPython3_EXECUTABLE=$(PYTHON)
	cmake --build $(BUILD_TEST) -j$(JOBS)
	cd $(BUILD_TEST) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    ctest --output-on-failure -j$(JOBS)

# libFuzzer harnesses (clang). `make fuzz` runs each for FUZZ_SECONDS (default 15) from seeds
# made by the simulator; FUZZ_SECONDS=300 for a real campaign.
fuzz: deps-fuzz
	CC=clang cmake -S . -B $(BUILD_FUZZ) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DIOTSEC_FUZZ=ON
	cmake --build $(BUILD_FUZZ) -j$(JOBS)
	FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run-fuzzers.sh $(BUILD_FUZZ)

bench: deps-bench build
	bench/run-bench.sh $(BUILD_REL)

clean:
	rm -rf build $(OUT_DIR)
