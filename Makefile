# Two commands do everything on a fresh machine with Go: `make run` builds the sample
# edition, `make test` runs the tests (CI runs the same command).
GO       ?= go
OUT      ?= out
EDITIONS ?= editions
FUZZTIME ?= 60s

.PHONY: all build run test check bench bench-photo bench-compare stress fuzz vet fmt clean

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

# Benchmarks: line breaking (layout/text), hyphenation, composition and whole editions warm
# and cold, PDF writing (layout), the photo pipeline per format (assets/photo). bench.txt is
# benchstat's input: keep one from before a change and compare,
#   go run golang.org/x/perf/cmd/benchstat@latest old.txt bench.txt
# BENCH narrows the set (a -bench regexp), COUNT and BENCHTIME trade time for precision.
BENCH     ?= .
COUNT     ?= 5
BENCHTIME ?= 1s
BENCHPKGS ?= ./layout/text/... ./layout ./assets/photo
bench:
	$(GO) test -run '^$$' -bench '$(BENCH)' -benchmem -count $(COUNT) -benchtime $(BENCHTIME) $(BENCHPKGS) | tee bench.txt

# The photo stage alone, per format and per stage.
bench-photo:
	$(GO) test -run '^$$' -bench 'Process|Stages' -benchmem -count $(COUNT) -benchtime $(BENCHTIME) ./assets/photo | tee bench-photo.txt

# The stress edition of issue #8: 48 broadsheet pages, 80 photos of 16 megapixels, 10 ads.
STRESS ?= $(OUT)/stress
stress:
	$(GO) run ./cmd/gen-edition -out $(STRESS) -fill -pages 48 -photos 80 -ads 10 -mp 16

# Our photo stage against libvips and ImageMagick on the stress edition's photos, 1 and 2
# cores (needs libvips-tools and imagemagick).
bench-compare: $(STRESS)/edition.yaml
	assets/photo/bench/compare.sh $(STRESS)/photos

$(STRESS)/edition.yaml:
	$(MAKE) stress

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
