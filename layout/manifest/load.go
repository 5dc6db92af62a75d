// Package manifest reads an edition manifest (YAML), merges its house-style files, checks it
// strictly and returns the resolved Edition. Every problem is reported at once, each with the
// file, line and column where it was written.
package manifest

import (
	"path/filepath"
	"time"
)

// Options are the facts from outside the manifest that loading needs.
type Options struct {
	AllowOutside []string // extra folders files may be read from (CLI --allow-outside)
	Languages    []string // supported hyphenation tags, canonical, e.g. "en-GB", "en-US"; nil means just "en-US"
	FontFamilies []string // built-in font families; nil means "serif", "sans", "mono"
}

// DefaultLanguage is used when edition.language is absent.
const DefaultLanguage = "en-US"

var defaultFamilies = []string{"serif", "sans", "mono"}

// loader holds the state of one Load call.
type loader struct {
	opt     Options
	errs    problems
	roots   []string // folders files may be read from, canonical
	extends []string
	sources map[string][]byte   // file -> contents, to place positions inside block text
	lines   map[string][][]byte // file -> its lines, split once when first needed

	sectionsGiven bool
	artNodes      []articleNodes // parallel to Edition.Articles
	planNodes     []planNodes    // parallel to Edition.Plan
}

// Load reads the manifest at path. The error is an ErrorList holding every problem found, or a
// plain error when the manifest file itself cannot be read.
func Load(path string, opt Options) (*Edition, error) {
	data, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return load(path, data, opt)
}

// load is Load on bytes already read (the fuzz target calls it directly).
func load(path string, data []byte, opt Options) (*Edition, error) {
	if len(opt.Languages) == 0 {
		opt.Languages = []string{DefaultLanguage}
	}
	if len(opt.FontFamilies) == 0 {
		opt.FontFamilies = defaultFamilies
	}
	l := &loader{opt: opt, sources: map[string][]byte{}}
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return nil, err
	}
	l.addRoot(dir)
	for _, d := range opt.AllowOutside {
		l.addRoot(d)
	}
	root := l.loadTree(path, data, []link{{file: path, abs: canonical(path)}})
	var ed *Edition
	if root != nil {
		ed = l.decode(root)
		ed.File, ed.Dir, ed.Extends = path, dir, l.extends
	}
	if len(l.errs.list) > 0 {
		l.errs.list.sort()
		return nil, l.errs.list
	}
	return ed, nil
}

// decode reads the merged tree into an Edition, then checks what spans several parts.
func (l *loader) decode(root *node) *Edition {
	ed := &Edition{}
	top := l.obj(root, "")
	l.edition(top, ed)
	pageObj := l.page(top, ed)
	l.typography(top, ed)
	l.sections(top, ed)
	l.articles(top, ed)
	l.ads(top, ed)
	l.plan(top, ed)
	top.get("extends") // consumed by loadTree; known here so that it is not "unknown"
	top.done()
	l.fillSections(ed)
	l.checkPlan(ed)
	if pageObj.ok && l.checkGrid(pageObj, ed) {
		l.checkPlacements(ed)
	}
	return ed
}

func (l *loader) edition(top *obj, ed *Edition) {
	o := l.obj(top.get("edition"), "edition")
	ed.Paper = o.text("paper")
	if ed.Paper == "" {
		ed.Paper = "Daily Edition"
	}
	ed.Author = o.text("author")
	if ed.Author == "" {
		ed.Author = ed.Paper
	}
	ed.Name = o.text("name")
	ed.Tagline = o.text("tagline")
	ed.Price = o.text("price")
	ed.Volume = o.intIn("volume", 0, 0, maxInt, "")
	ed.Number = o.intIn("number", 0, 0, maxInt, "")
	ed.Pages = o.intIn("pages", 0, 0, maxPages, "0 or leave it out for automatic")
	if n := o.require("date", o.pos(top.pos(Pos{})), "every edition has a date, e.g. date: 2025-10-22"); n != nil {
		ed.Date = l.date(n, "edition.date")
	}
	ed.Language = DefaultLanguage
	if n := o.get("language"); n != nil {
		if s, ok := l.textOf(n, "edition.language", false); ok {
			if tag, ok := matchLanguage(s, l.opt.Languages); ok {
				ed.Language = tag
			} else {
				l.errs.add(n.pos, "edition.language", "supported: "+joinList(l.opt.Languages),
					"no hyphenation patterns for language %q", s)
			}
		}
	}
	o.done()
}

const (
	maxInt   = 1<<31 - 1
	maxPages = 1000
)

func (l *loader) date(n *node, path string) time.Time {
	const hint = "write the date as YYYY-MM-DD, e.g. 2025-10-22"
	if !l.scalar(n, path, "a date") {
		return time.Time{}
	}
	t, err := time.Parse("2006-01-02", n.value)
	if err != nil {
		if _, err2 := time.Parse("2006-1-2", n.value); err2 == nil && len(n.value) < 10 {
			l.errs.add(n.pos, path, hint, "%q is not an ISO 8601 date", n.value)
		} else if len(n.value) == 10 && isDigits(n.value[:4]) && n.value[4] == '-' {
			l.errs.add(n.pos, path, hint, "%q is not a valid date", n.value)
		} else {
			l.errs.add(n.pos, path, hint, "%s is not a date", n.describe())
		}
		return time.Time{}
	}
	return t.UTC()
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
