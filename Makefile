# Two commands do everything on a fresh machine with Go: `make run` builds the sample
# edition, `make test` runs the tests (CI runs the same command).
GO       ?= go
OUT      ?= out
EDITIONS ?= editions
FUZZTIME ?= 60s

.PHONY: all build run test check bench fuzz vet fmt clean

all: build

build:
	$(GO) build -o bin/epaper ./cmd/epaper

run: build
	./bin/epaper build --out $(OUT) $(EDITIONS)

check: build
	./bin/epaper check $(EDITIONS)

test:
	$(GO) vet ./...
	$(GO) test ./...

bench:
	$(GO) test -run '^$$' -bench . -benchmem -count 5 ./... | tee bench.txt

fuzz:
	$(GO) test -run '^$$' -fuzz FuzzPoints -fuzztime $(FUZZTIME) ./layout/text/hyph/
	$(GO) test -run '^$$' -fuzz FuzzLoad -fuzztime $(FUZZTIME) ./layout/manifest/
	$(GO) test -run '^$$' -fuzz FuzzProcess -fuzztime $(FUZZTIME) ./assets/photo/
	$(GO) test -run '^$$' -fuzz FuzzBreak -fuzztime $(FUZZTIME) ./layout/text/
	$(GO) test -run '^$$' -fuzz FuzzBuild -fuzztime $(FUZZTIME) ./layout/

vet:
	$(GO) vet ./...

fmt:
	gofmt -w $$(git ls-files '*.go')

clean:
	rm -rf bin $(OUT)
