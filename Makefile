# flowsim — see README.md. Two commands matter: `make run` and `make test`.

GO       ?= go
BIN      := bin/flowsim
SCENARIO ?= scenarios/notts/baseline.yaml
FUZZTIME ?= 100000x
# FuzzCensus (sim/model: a census parsed, checked against the plan and
# run; FuzzParse in sim/census checks the format alone) and FuzzAccepted
# run a short simulation per input, so they get fewer.
CENSUSFUZZTIME ?= 20000x
# FuzzReadAndFit fits every sample it accepts; FuzzLoad in sim/calibrate
# writes each input to a file: both are slower per input.
FITFUZZTIME ?= 20000x
FILEFUZZTIME ?= 5000x
# FuzzCalendarOrder runs a calendar of up to thousands of events per
# input (about 900 a second on 2 cores: 100000 took 1m51s of CI).
CALFUZZTIME ?= 40000x

# The planner's web app on http://127.0.0.1:8080/ (see README).
SERVEFLAGS ?=
.PHONY: all build run serve test check fmt-check vet race unit fuzz bench pgo seeds slurm-test slurm-stub-test clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/flowsim

# Build and run the shipped example; results go under results/.
run: build
	./$(BIN) run $(SCENARIO)

# The planner's web app: open the URL it prints in a browser.
serve: build
	./$(BIN) serve $(SERVEFLAGS)

# Everything CI runs: formatting, vet, the race-enabled tests (-short), every
# test without the race detector (which include rerunning the reference runs
# in seeds/ byte for byte), a short fuzz pass, and the Slurm calibration
# script against a stand-in sbatch.
# .ci/run adds slurm-test.
test: fmt-check vet race unit fuzz slurm-stub-test

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

# The race detector checks the concurrency; it slows the model several
# times, so its pass is -short: the statistical tests that run the Notts
# baseline many times (paired warm-up and census checks, the warm-up fill)
# skip there and run at full speed in unit.
race:
	$(GO) test -race -short -count=1 ./...

unit:
	$(GO) test -count=1 ./...

fuzz:
	$(GO) test ./sim/scenario -run='^$$' -fuzz='^FuzzLoad$$' -fuzztime=$(FUZZTIME) -fuzzminimizetime=1s
	$(GO) test ./sim/engine -run='^$$' -fuzz='^FuzzCalendarOrder$$' -fuzztime=$(CALFUZZTIME) -fuzzminimizetime=1s
	$(GO) test ./sim/dist -run='^$$' -fuzz='^FuzzConstructors$$' -fuzztime=$(FUZZTIME) -fuzzminimizetime=1s
	$(GO) test ./sim/output -run='^$$' -fuzz='^FuzzDecodeResult$$' -fuzztime=$(FUZZTIME) -fuzzminimizetime=1s
	$(GO) test ./sim/census -run='^$$' -fuzz='^FuzzParse$$' -fuzztime=$(FUZZTIME) -fuzzminimizetime=1s
	$(GO) test ./sim/fit -run='^$$' -fuzz='^FuzzReadAndFit$$' -fuzztime=$(FITFUZZTIME) -fuzzminimizetime=1s
	$(GO) test ./sim/calibrate -run='^$$' -fuzz='^FuzzLoad$$' -fuzztime=$(FILEFUZZTIME) -fuzzminimizetime=1s
	$(GO) test ./sim/model -run='^$$' -fuzz='^FuzzCensus$$' -fuzztime=$(CENSUSFUZZTIME) -fuzzminimizetime=1s
	$(GO) test ./sim/model -run='^$$' -fuzz='^FuzzAccepted$$' -fuzztime=$(CENSUSFUZZTIME) -fuzzminimizetime=1s

# One table measured in one run (engine against the bare loop, the Notts
# baseline, worker scaling, a history match, memory), then every go test
# benchmark. BENCHFLAGS=-match-full times the full 3 × 300 × 5 match
# instead of extrapolating from one wave of 30 points.
BENCHFLAGS ?=
bench: build
	$(GO) run ./bench/table $(BENCHFLAGS)
	$(GO) test -run='^$$' -bench=. -benchmem ./sim/... ./bench/...

# Profile-guided optimisation: cmd/flowsim/default.pgo (bench/table links
# to it) is a CPU profile of the Notts baseline's replications and of a
# wave of its history match (scenario loads included), which go build
# uses to inline the hot path (about 8% faster, results unchanged byte for
# byte). Regenerate it after large changes to the model.
PGOTMP := $(shell mktemp -d 2>/dev/null || echo /tmp/flowsim-pgo)
pgo:
	$(GO) test ./sim/model -run='^$$' -bench=NottsBaseline -benchtime=60x -pgo=off -cpuprofile=$(PGOTMP)/model.prof -o $(PGOTMP)/model.test
	$(GO) test ./sim/experiment -run='^$$' -bench=NottsMatchWave -benchtime=4x -pgo=off -cpuprofile=$(PGOTMP)/match.prof -o $(PGOTMP)/experiment.test
	$(GO) tool pprof -proto $(PGOTMP)/model.prof $(PGOTMP)/match.prof > cmd/flowsim/default.pgo
	rm -rf $(PGOTMP)

# Regenerate the reference runs in seeds/ after an intended change of
# results (a model change): each keeps its manifest.json and the CSVs the
# seeds test compares (go test ./cmd/flowsim -run TestSeeds).
SEEDRUN = ./$(BIN) run --reps 20 --seed 1 --quiet
seeds: build
	rm -rf seeds/mmc seeds/erlang-loss seeds/compare-examples
	$(SEEDRUN) scenarios/examples/mmc.yaml --out seeds/mmc
	$(SEEDRUN) scenarios/examples/erlang-loss.yaml --out seeds/erlang-loss
	./$(BIN) compare scenarios/examples/mmc.yaml scenarios/examples/erlang-loss.yaml --reps 20 --seed 1 --quiet \
		--out seeds/compare-examples
	rm -rf seeds/*/reps seeds/*/replications.csv seeds/*/daily.csv

# A real one-node Slurm cluster (root on Debian; installs slurm-wlm and
# munge): an array job of shards, merged, must equal a one-machine run.
slurm-test:
	deploy/slurm/test-single-node.sh

# deploy/slurm/flowsim-calibrate.sh run by a stand-in sbatch (no cluster).
slurm-stub-test:
	deploy/slurm/test-calibrate-stub.sh

clean:
	rm -rf bin
