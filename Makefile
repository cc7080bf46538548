# flowsim — see README.md. Two commands matter: `make run` and `make test`.

GO       ?= go
BIN      := bin/flowsim
SCENARIO ?= scenarios/examples/mmc.yaml
FUZZTIME ?= 15s

.PHONY: all build run test check fmt-check vet race fuzz bench clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/flowsim

# Build and run the shipped example; results go under results/.
run: build
	./$(BIN) run $(SCENARIO)

# Everything CI runs: formatting, vet, race-enabled tests and a short fuzz pass.
test: fmt-check vet race fuzz

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

race:
	$(GO) test -race -count=1 ./...

fuzz:
	$(GO) test ./sim/scenario -run='^$$' -fuzz='^FuzzLoad$$' -fuzztime=$(FUZZTIME)
	$(GO) test ./sim/engine -run='^$$' -fuzz='^FuzzCalendarOrder$$' -fuzztime=$(FUZZTIME)
	$(GO) test ./sim/dist -run='^$$' -fuzz='^FuzzConstructors$$' -fuzztime=$(FUZZTIME)

bench:
	$(GO) test -run='^$$' -bench=. -benchmem ./sim/...

clean:
	rm -rf bin
