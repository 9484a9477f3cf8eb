# duikou — the two commands a new machine needs: `make run` and `make check`.
# Everything else here serves those two (and the long modes: `make bench`, `make fuzz`, `make soak`,
# `make valgrind`).

DB        ?= duikou.db
LISTEN    ?= 127.0.0.1:8080
JOBS      ?= $(shell nproc 2>/dev/null || echo 2)
RELEASE   := build/release
DEBUG     := build/debug

.PHONY: run check deps release debug test-deps fuzz bench soak valgrind clean

run: deps release
	@if [ ! -f "$(DB)" ]; then \
	  echo "creating $(DB) with the synthetic demo data"; \
	  $(RELEASE)/duikou init --demo --db "$(DB)"; \
	else \
	  $(RELEASE)/duikou migrate --db "$(DB)" >/dev/null; \
	fi
	@echo "duikou: serving http://$(LISTEN)/"
	exec $(RELEASE)/duikou serve --db "$(DB)" --listen "$(LISTEN)"

check: deps debug test-deps
	cd $(DEBUG) && ctest --output-on-failure -j$(JOBS)

deps:
	@scripts/install-deps

release:
	@cmake -S . -B $(RELEASE) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(RELEASE) -j$(JOBS)

debug:
	@cmake -S . -B $(DEBUG) -DCMAKE_BUILD_TYPE=Debug -DDUIKOU_SANITIZE=ON >/dev/null
	@cmake --build $(DEBUG) -j$(JOBS)

# Node packages used by the tests (the OpenAPI linter, the browser driver); pinned by
# tests/package-lock.json. (The console's build tools in web/ are installed by the build: CMakeLists.txt.)
test-deps: tests/node_modules/.package-lock.json

tests/node_modules/.package-lock.json: tests/package.json tests/package-lock.json
	cd tests && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# libFuzzer search with clang over each fuzz target (all, or FUZZ_TARGETS), FUZZ_SECONDS each;
# new inputs go to fuzz-out/NAME, a crash to fuzz-out/crashes/NAME-* (add it to
# tests/fuzz/corpus/NAME with the fix: `make check` replays the corpora).
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= $(basename $(notdir $(wildcard tests/fuzz/fuzz_*.c)))
fuzz: deps
	@CC=clang cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=Debug -DDUIKOU_FUZZ=ON >/dev/null
	@cmake --build build/fuzz -j$(JOBS)
	@mkdir -p fuzz-out/crashes
	@for n in $(FUZZ_TARGETS); do echo "== $$n"; \
	  mkdir -p fuzz-out/$$n; \
	  build/fuzz/tests/$$n -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 -artifact_prefix=fuzz-out/crashes/$$n- \
	    fuzz-out/$$n tests/fuzz/corpus/$$n || exit 1; \
	done

# The benchmark suite (bench/run.mjs): Release build, loopback, wrk; writes bench/RESULTS.md.
# The databases it generates are kept in bench/data/ for later runs. BENCH_ARGS="--sizes 100000"
# for a shorter run.
bench: deps release
	node bench/run.mjs $(BENCH_ARGS)

# The soak: SOAK_MINUTES of mixed load on a Release `duikou serve`, RSS and open descriptors
# sampled into build/soak/TIME/samples.csv, then a verdict (scripts/soak, docs/operations.md).
SOAK_MINUTES ?= 30
soak: deps
	scripts/soak $(SOAK_MINUTES)

# API test files (tests/api/NAME.test.mjs) against a build without sanitizers whose server runs
# under valgrind's memcheck (scripts/valgrind-api; empty: its default set).
VALGRIND_TESTS ?=
valgrind: deps test-deps
	scripts/valgrind-api $(VALGRIND_TESTS)

clean:
	rm -rf build tests/node_modules web/node_modules web/dist
