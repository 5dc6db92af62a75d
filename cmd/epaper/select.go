package main

import (
	"fmt"
	"hash/fnv"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"
	"gopkg.in/yaml.v3"

	"epaper/layout/manifest"
)

// now is the clock --date today reads; tests fix it.
var now = time.Now

// dateRange is an inclusive range of edition dates as "2006-01-02" strings, which order
// like the dates; an empty end is open.
type dateRange struct{ from, to string }

// dateSet is the --date selection: any of its ranges.
type dateSet []dateRange

// parseDates reads --date: comma-separated dates (2025-10-22, today, tomorrow) and ranges
// of them (2025-10-01..2025-10-31, 2025-10-01.., ..2025-10-31). Today is the local date.
func parseDates(s string, today time.Time) (dateSet, error) {
	day := func(v string) (string, error) {
		switch v = strings.TrimSpace(v); v {
		case "today":
			return today.Format(time.DateOnly), nil
		case "tomorrow":
			return today.AddDate(0, 0, 1).Format(time.DateOnly), nil
		case "yesterday":
			return today.AddDate(0, 0, -1).Format(time.DateOnly), nil
		}
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			return "", fmt.Errorf("--date: %q is not a date like 2025-10-22", v)
		}
		return t.Format(time.DateOnly), nil
	}
	var set dateSet
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		var r dateRange
		var err error
		if a, b, ok := strings.Cut(part, ".."); ok {
			if strings.TrimSpace(a) == "" && strings.TrimSpace(b) == "" {
				return nil, fmt.Errorf("--date: %q has no start and no end", part)
			}
			if strings.TrimSpace(a) != "" {
				if r.from, err = day(a); err != nil {
					return nil, err
				}
			}
			if strings.TrimSpace(b) != "" {
				if r.to, err = day(b); err != nil {
					return nil, err
				}
			}
			if r.from != "" && r.to != "" && r.from > r.to {
				return nil, fmt.Errorf("--date: %s ends before it starts", part)
			}
		} else {
			if r.from, err = day(part); err != nil {
				return nil, err
			}
			r.to = r.from
		}
		set = append(set, r)
	}
	if len(set) == 0 {
		return nil, fmt.Errorf("--date: no date given")
	}
	return set, nil
}

func (d dateSet) has(date string) bool {
	for _, r := range d {
		if (r.from == "" || date >= r.from) && (r.to == "" || date <= r.to) {
			return true
		}
	}
	return false
}

// editionDate reads a manifest's date cheaply from its edition.date key, or by loading it
// (the date may come from an extends file). ok is false when the date cannot be read.
func editionDate(path string, opt manifest.Options) (date string, ok bool) {
	if data, err := os.ReadFile(path); err == nil {
		var m struct {
			Edition struct {
				Date string `yaml:"date"`
			} `yaml:"edition"`
		}
		if yaml.Unmarshal(data, &m) == nil {
			if t, err := time.Parse(time.DateOnly, m.Edition.Date); err == nil {
				return t.Format(time.DateOnly), true
			}
		}
	}
	ed, err := manifest.Load(path, opt)
	if err != nil {
		return "", false
	}
	return ed.Date.Format(time.DateOnly), true
}

// shard is the --shard selection: this machine builds the manifests whose key hashes to
// index modulo count.
type shard struct{ index, count int }

func parseShard(s string) (shard, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(strings.TrimSpace(a))
	n, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 0 || i >= n {
		return shard{}, fmt.Errorf("--shard %q: want I/N with 0 <= I < N, e.g. 0/4", s)
	}
	return shard{i, n}, nil
}

// owns tells whether the shard builds the manifest with this key. A hash, unlike dealing
// the sorted list out in turn, depends on nothing but the manifest's own path, so machines
// that list the folder at slightly different moments (a manifest being added) still never
// skip an edition nor build one twice; the price is that shards are only roughly even.
func (s shard) owns(key string) bool {
	h := fnv.New64a()
	h.Write([]byte(key))
	return h.Sum64()%uint64(s.count) == uint64(s.index)
}

// selectEditions lists the manifests the arguments and the --date and --shard flags
// choose. A manifest whose date cannot be read is kept, so that a broken edition is
// reported rather than silently skipped. An empty selection is not an error.
func selectEditions(c *cli.Context, opt manifest.Options) ([]found, error) {
	var sh *shard
	if v := c.String("shard"); v != "" {
		s, err := parseShard(v)
		if err != nil {
			return nil, usageError{err}
		}
		sh = &s
	}
	var dates dateSet
	if v := c.String("date"); v != "" {
		d, err := parseDates(v, now())
		if err != nil {
			return nil, usageError{err}
		}
		dates = d
	}
	list, err := manifests(c.Args().Slice())
	if err != nil {
		return nil, err
	}
	var in []found
	for _, f := range list {
		if sh != nil && !sh.owns(f.key) {
			continue
		}
		if dates != nil {
			if d, ok := editionDate(f.path, opt); ok && !dates.has(d) {
				continue
			}
		}
		in = append(in, f)
	}
	return in, nil
}
