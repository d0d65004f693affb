# prk's build recipes: the one place they live. `make help` lists them.

GO        ?= go
PKGS      := ./...
BIN       := bin/prk
# How long each fuzz target runs in `make test` (CI): an execution count, not a
# duration, so the run cannot end mid-input with "context deadline exceeded".
FUZZTIME  ?= 20000x
LONGFUZZ  ?= 2m
# ARM64 runs under qemu-user (Debian qemu-user-static).
QEMU      ?= qemu-aarch64-static
# Benchmarks: make bench BENCH=. BENCHTIME=1s COUNT=6 > new.txt; benchstat old.txt new.txt
BENCH     ?= .
BENCHTIME ?= 1s
COUNT     ?= 6

# The mpi strategy's tests run under mpirun with each of these rank counts
# (`make test-mpi`); root needs Open MPI's consent to run.
MPIRUN    ?= mpirun
MPI_NP    ?= 1 2 3 4
MPIENV    := $(if $(filter 0,$(shell id -u)),OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1)
# --timeout ends a job that hangs (it never should) instead of the whole CI run.
MPIFLAGS  ?= --oversubscribe --timeout 300

# Operating systems the CLI must build and vet on besides this one (`make cross`).
CROSS_OS  ?= darwin windows freebsd

# package:FuzzTarget pairs, run briefly by `make test`.
FUZZ_TARGETS := \
	./graph/graphio:FuzzReadEdgeList \
	./graph/graphio:FuzzReadMatrixMarket \
	./graph/graphio:FuzzReadMETIS \
	./graph/graphio:FuzzDecodePRKG \
	./graph/graphio:FuzzLineLength \
	./graph/graphio:FuzzGzipRatio \
	./kernel:FuzzKernels \
	./graph/gen:FuzzParse \
	./strategy/subprocess:FuzzServe \
	./strategy/subprocess:FuzzExpectFrame

.PHONY: all build install deps test test-short vet fmt fmt-check race unit fuzz fuzz-long test-arm64 test-purego \
	cross man bench bench-matrix generate check-generated clean help test-mpi

all: build

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

build: ## build bin/prk
	$(GO) build -o $(BIN) ./cmd/prk

install: ## install prk into GOBIN
	$(GO) install ./cmd/prk

# What the tests need beyond Go, as Debian packages: qemu-user runs the ARM64
# kernels, Open MPI (headers, library, mpirun; found with pkg-config) the mpi
# strategy. `make deps` installs the missing ones when run as root on a
# machine with apt-get (CI's fresh machine), else names them.
DEPS_MISSING = $(strip \
	$(if $(shell command -v $(QEMU)),,qemu-user-static) \
	$(if $(shell command -v pkg-config),,pkg-config) \
	$(if $(shell command -v $(MPIRUN) >/dev/null && pkg-config --exists ompi-c 2>/dev/null && echo ok),,libopenmpi-dev openmpi-bin))

deps: ## install the Debian packages the tests need (qemu-user-static, Open MPI, pkg-config) when missing
	@missing="$(DEPS_MISSING)"; \
	if [ -z "$$missing" ]; then echo "deps: all present"; exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "deps: installing $$missing"; \
		DEBIAN_FRONTEND=noninteractive apt-get update && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $$missing; \
	else \
		echo "deps: the tests need these Debian packages: $$missing (run make deps as root, or install them)"; exit 1; \
	fi

test: deps fmt-check vet cross race unit test-purego fuzz test-arm64 check-generated test-mpi ## everything CI runs
	@echo "make test: all checks passed"

test-short: fmt-check vet ## quick loop while editing
	$(GO) test -short $(PKGS)

test-mpi: ## the mpi strategy (build tag mpi, Open MPI) under mpirun -np 1, 2, 3, 4
	$(GO) vet -tags mpi $(PKGS)
	$(GO) build -tags mpi -o bin/prk-mpi ./cmd/prk
	$(GO) test -c -tags mpi -o bin/mpi-internal.test ./internal/mpi
	$(GO) test -c -tags mpi -o bin/mpi-strategy.test ./strategy/mpi
	@set -e; for np in $(MPI_NP); do \
		echo "mpirun -np $$np"; \
		$(MPIENV) $(MPIRUN) $(MPIFLAGS) -np $$np bin/mpi-internal.test; \
		(cd strategy/mpi && $(MPIENV) $(MPIRUN) $(MPIFLAGS) -np $$np ../../bin/mpi-strategy.test -test.short); \
	done
	PRK_MPI_BIN=$(CURDIR)/bin/prk-mpi $(GO) test -tags mpi -run 'TestMPI' -count=1 ./cmd/prk

fmt: ## gofmt every file
	gofmt -w $$(git ls-files '*.go')

fmt-check: ## fail when a file is not gofmt'ed
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet: ## go vet on amd64 and arm64, with and without purego (asmdecl checks the assembly)
	$(GO) vet $(PKGS)
	GOARCH=arm64 $(GO) vet $(PKGS)
	$(GO) vet -tags purego $(PKGS)
	GOARCH=arm64 $(GO) vet -tags purego $(PKGS)

cross: ## build and vet (tests included) for CROSS_OS: darwin, windows, freebsd
	@set -e; for os in $(CROSS_OS); do \
		echo "cross $$os/$$($(GO) env GOARCH)"; \
		GOOS=$$os $(GO) build ./... && GOOS=$$os $(GO) vet $(PKGS); \
	done
	GOOS=darwin GOARCH=arm64 $(GO) vet $(PKGS)

man: build ## write the manual page to bin/prk.1 (man ./bin/prk.1)
	$(BIN) man > bin/prk.1

race: ## the whole suite under the race detector (large real graphs skipped by -short)
	$(GO) test -race -short -timeout 20m $(PKGS)

unit: ## the whole suite without -short: every real graph, every kernel
	$(GO) test -timeout 30m $(PKGS)

test-purego: ## the suite with assembly compiled out
	$(GO) test -short -tags purego $(PKGS)

fuzz: ## run each fuzz target for FUZZTIME
	@set -e; for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; fn=$${t##*:}; \
		echo "fuzz $$pkg $$fn ($(FUZZTIME))"; \
		$(GO) test -run '^$$' -fuzz "^$$fn$$" -fuzztime $(FUZZTIME) $$pkg; \
	done

fuzz-long: ## run each fuzz target for LONGFUZZ
	$(MAKE) fuzz FUZZTIME=$(LONGFUZZ)

test-arm64: ## kernel and strategy tests on arm64 under qemu, with SVE (max) and without (cortex-a72)
	@command -v $(QEMU) >/dev/null || { echo "$(QEMU) missing: apt-get install qemu-user-static"; exit 1; }
	GOARCH=arm64 $(GO) test -short -exec '$(QEMU) -cpu max' ./kernel/ ./pagerank/ ./strategy/
	GOARCH=arm64 $(GO) test -short -exec '$(QEMU) -cpu cortex-a72' ./kernel/ ./pagerank/ ./strategy/

bench: ## go test benchmarks; compare runs with benchstat
	$(GO) test -run '^$$' -bench '$(BENCH)' -benchtime $(BENCHTIME) -count $(COUNT) $(PKGS)

bench-matrix: build ## the study's matrix through prk bench, as benchstat input
	$(BIN) bench --output-format benchfmt --count $(COUNT)

generate: ## regenerate the amd64 assembly from the avo program in asm/
	cd asm && $(GO) run . -dir ../kernel

check-generated: ## fail when the committed assembly differs from what asm/ generates
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	(cd asm && $(GO) run . -dir "$$tmp") && \
	for f in kernel_amd64.s stubs_amd64.go; do \
		diff -u kernel/$$f "$$tmp/$$f" || { echo "kernel/$$f is stale: run make generate"; exit 1; }; \
	done; echo "generated assembly is up to date"

clean: ## remove build output
	rm -rf bin
