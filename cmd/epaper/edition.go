package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/urfave/cli/v2"

	"epaper/assets/fonts"
	"epaper/assets/photo"
	"epaper/layout"
	"epaper/layout/manifest"
	"epaper/layout/text/hyph"
)

// commonFlags are shared by every command that lays out editions.
func commonFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringSliceFlag{Name: "allow-outside", Usage: "allow photos and fonts from `DIR` outside the edition's folder (repeatable)"},
		&cli.Float64Flag{Name: "ppi", Value: photo.DefaultPPI, Usage: "photo resolution at the printed size (300 for print)"},
		&cli.Int64Flag{Name: "max-pixels", Value: photo.DefaultMaxPixels, Usage: "refuse images with more pixels than this (decompression bombs)"},
		&cli.StringFlag{Name: "cache", Value: defaultCacheDir(), Usage: "photo cache `DIR`, shared safely by concurrent builds ('' disables it)"},
		&cli.BoolFlag{Name: "no-cache", Usage: "do not read or write the photo cache"},
	}
}

// defaultCacheDir is the per-user cache folder's epaper subfolder, or "" (no cache) where
// the system has none.
func defaultCacheDir() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "epaper")
}

func loadOptions(c *cli.Context) manifest.Options {
	return manifest.Options{AllowOutside: c.StringSlice("allow-outside"), Languages: hyph.Languages(), FontFamilies: fonts.Names()}
}

// settings are what every edition of one command shares.
type settings struct {
	load      manifest.Options
	ppi       float64
	maxPixels int64
	cache     *photo.Cache
	workers   int // photo decodes in flight per edition
}

// newSettings reads the common flags. jobs editions are built at once; each gets a share of
// the photo workers, so that a batch decodes about as many photos at a time as one edition
// would (a 24 MP photo in flight takes ~80 MB).
func newSettings(c *cli.Context, con *console, jobs int) (*settings, error) {
	s := &settings{
		load:      loadOptions(c),
		ppi:       c.Float64("ppi"),
		maxPixels: c.Int64("max-pixels"),
		workers:   max(1, min(runtime.NumCPU(), 8)/max(1, jobs)),
	}
	cache, err := openCache(c, con)
	if err != nil {
		return nil, err
	}
	s.cache = cache
	return s, nil
}

// openCache opens the photo cache the flags name. A cache the user asked for must work; the
// default one is skipped with a note when it cannot be created (a read-only home folder).
func openCache(c *cli.Context, con *console) (*photo.Cache, error) {
	dir := c.String("cache")
	if c.Bool("no-cache") || dir == "" {
		return nil, nil
	}
	cache, err := photo.OpenCache(dir)
	if err != nil {
		if c.IsSet("cache") {
			return nil, cli.Exit("epaper: "+err.Error(), exitInput)
		}
		con.note("photo cache disabled: %v", err)
		return nil, nil
	}
	return cache, nil
}

// built is one laid-out edition.
type built struct {
	path  string
	ed    *manifest.Edition
	res   *layout.Edition
	stats photo.Stats // what the photo pipeline did for this edition
}

// buildEdition lays out a loaded edition; tests replace it to inject faults.
var buildEdition = layout.Build

// stepFunc reports that a step of one edition finished, for progress output.
// detail is shown only with --verbose.
type stepFunc func(what, detail string, took time.Duration)

// layOut loads and lays out one manifest. A panic below it (in layout or a dependency) becomes
// an error naming the manifest, so the remaining editions are still built.
func (s *settings) layOut(path string, step stepFunc) (b *built, err error) {
	defer func() {
		if r := recover(); r != nil {
			b, err = nil, fmt.Errorf("%s: internal error: %v (%s)", path, r, bugHint)
		}
	}()
	start := time.Now()
	if s.cache != nil {
		layout.HashCodeAhead()
	}
	ed, err := manifest.Load(path, s.load)
	if err != nil {
		return nil, err
	}
	step("loaded", "", time.Since(start))
	start = time.Now()
	proc := &photo.Processor{Limits: photo.Limits{MaxPixels: s.maxPixels}, Workers: s.workers, Cache: s.cache}
	res, err := buildEdition(ed, layout.Options{PPI: s.ppi, MaxPixels: s.maxPixels, Workers: s.workers, Cache: s.cache, Processor: proc})
	if err != nil {
		return nil, err
	}
	st := proc.Stats()
	detail := fmt.Sprintf("photos: %d decoded, %d from the cache", st.Decoded, st.CacheHits)
	if res.Replayed > 0 {
		// Pages whose inputs did not change since the last build are not searched again.
		detail += fmt.Sprintf("; pages: %d searched, %d as last time", res.Searched, res.Replayed)
	}
	step("laid out "+plural(len(res.Doc.Pages), "page"), detail, time.Since(start))
	return &built{path: path, ed: ed, res: res, stats: st}, nil
}

// plural is "1 page", "2 pages".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
