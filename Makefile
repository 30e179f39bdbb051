# csqm — the four commands a developer needs. Each installs what is missing first.
#   make run    build and start csqm (see README.md)
#   make test   build and run every test (unit, scenarios, fuzz smoke)
#   make bench  build in Release and run the benchmarks, writing bench/RESULTS.md (the first
#               run also generates a 1M-case database in bench/data/: ~15 min, ~7 GB)
#   make fuzz   long libFuzzer runs (FUZZ_SECONDS each, default 600)

BUILD       ?= build
BUILD_TYPE  ?= RelWithDebInfo
FUZZ_BUILD  ?= build-fuzz
BENCH_BUILD ?= build-bench
FUZZ_SECONDS ?= 600
SMOKE_SECONDS ?= 15
CMAKE_FLAGS = -G Ninja -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_EXPORT_COMPILE_COMMANDS=ON

.PHONY: deps build run test bench fuzz fuzz-smoke format clean

deps:
	@scripts/deps.sh

build: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DCSQM_WERROR=ON >/dev/null
	@cmake --build $(BUILD)
	@scripts/build-web.sh

run: build
	@scripts/run.sh $(BUILD)

test: build fuzz-smoke
	@ctest --test-dir $(BUILD) --output-on-failure -j2

$(FUZZ_BUILD)/build.ninja:
	@CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=Debug -DCSQM_FUZZ=ON >/dev/null

fuzz-smoke: deps $(FUZZ_BUILD)/build.ninja
	@cmake --build $(FUZZ_BUILD) --target fuzz_targets
	@scripts/fuzz.sh $(FUZZ_BUILD) $(SMOKE_SECONDS)

fuzz: deps $(FUZZ_BUILD)/build.ninja
	@cmake --build $(FUZZ_BUILD) --target fuzz_targets
	@scripts/fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

bench: deps
	@cmake -S . -B $(BENCH_BUILD) $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BENCH_BUILD)
	@bench/run.sh $(BENCH_BUILD)
	@bench/http_bench.sh $(BENCH_BUILD)
	@bench/pg_bench.sh $(BENCH_BUILD)
	@bench/quality_bench.sh $(BENCH_BUILD)

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

clean:
	rm -rf $(BUILD) $(FUZZ_BUILD) $(BENCH_BUILD)
