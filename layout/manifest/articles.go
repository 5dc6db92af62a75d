package manifest

import (
	"bytes"
	"regexp"
)

const (
	DefaultPriority = 3
	maxArticles     = 5000
	maxAds          = 1000
	maxPhotos       = 100
)

// slugRE is what ids may look like: they end up in file names, links and the article map.
var slugRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$`)

const slugHint = "use letters, digits, '-', '_' and '.', e.g. japan-defence"

// articleNodes keeps where things were written, for checks that need the whole edition.
type articleNodes struct {
	section *node
}

func (l *loader) articles(top *obj, ed *Edition) {
	items := l.list(top.get("articles"), "articles")
	if len(items) > maxArticles {
		l.errs.add(items[maxArticles].pos, "articles", "split the edition", "more than %d articles", maxArticles)
		items = items[:maxArticles]
	}
	firstID := map[string]Pos{}
	for i, item := range items {
		path := index("articles", i)
		o := l.obj(item, path)
		a := Article{Pos: item.pos, Priority: DefaultPriority, Jump: true}
		const need = "every article needs id, headline and body"
		if n := o.require("id", item.pos, need); n != nil {
			a.ID = l.id(n, o.sub("id"), firstID, "article")
		}
		var nodes articleNodes
		if n := o.get("section"); n != nil {
			nodes.section = n
			a.Section, _ = l.textOf(n, o.sub("section"), false)
		}
		a.Priority = o.intIn("priority", DefaultPriority, 1, 5, "1 is the lead story, 5 a brief")
		a.Kicker = o.text("kicker")
		a.Headline, _ = o.nonEmpty("headline", item.pos, need, false)
		a.Deck = o.text("deck")
		a.Byline = o.text("byline")
		a.Dateline = o.text("dateline")
		var body *node
		a.Body, body = o.nonEmpty("body", item.pos, need, true)
		if body != nil {
			a.BodyPos = l.textStart(body)
		}
		photos := l.list(o.get("photos"), o.sub("photos"))
		if len(photos) > maxPhotos {
			l.errs.add(photos[maxPhotos].pos, o.sub("photos"), "", "more than %d photos in one article", maxPhotos)
			photos = photos[:maxPhotos]
		}
		for j, p := range photos {
			a.Photos = append(a.Photos, l.photo(p, index(o.sub("photos"), j)))
		}
		if n := o.get("place"); n != nil {
			a.Place = l.place(n, o.sub("place"), true)
		}
		a.Jump = o.boolean("jump", true)
		o.done()
		ed.Articles = append(ed.Articles, a)
		l.artNodes = append(l.artNodes, nodes)
	}
}

// id reads an id, checks its form and that it is unique.
func (l *loader) id(n *node, path string, first map[string]Pos, what string) string {
	s, ok := l.textOf(n, path, false)
	if !ok {
		return ""
	}
	if !slugRE.MatchString(s) {
		l.errs.add(n.pos, path, slugHint, "%s id %q is not a slug", what, s)
		return s
	}
	if p, dup := first[s]; dup {
		l.errs.add(n.pos, path, "ids must be unique", "duplicate %s id %q (first used at %s)", what, s, at(p, n.pos))
		return s
	}
	first[s] = n.pos
	return s
}

func (l *loader) photo(n *node, path string) Photo {
	o := l.obj(n, path)
	p := Photo{FocusX: 0.5, FocusY: 0.5, Pos: n.pos}
	if src := o.require("src", n.pos, "every photo needs src: path/to/photo.jpg"); src != nil {
		p.Pos = src.pos
		p.Src, _ = l.file(src, o.sub("src"), "photo")
	}
	p.Caption = o.text("caption")
	p.Credit = o.text("credit")
	if f := o.get("focus"); f != nil {
		p.FocusX, p.FocusY = l.focus(f, o.sub("focus"))
	}
	o.done()
	return p
}

// focus reads [x, y] or {x, y}; each a fraction in 0..1.
func (l *loader) focus(n *node, path string) (float64, float64) {
	const hint = "fractions of the width and height: [0.5, 0.3] or {x: 0.5, y: 0.3}"
	x, y := 0.5, 0.5
	frac := func(v *node, p string, dst *float64) {
		if f, ok := l.number(v, p); ok {
			if f < 0 || f > 1 {
				l.errs.add(v.pos, p, hint, "must be between 0 and 1, got %s", v.value)
				return
			}
			*dst = f
		}
	}
	switch n.kind {
	case seqKind:
		if len(n.items) != 2 {
			l.errs.add(n.pos, path, hint, "expected two numbers, got %d", len(n.items))
			return x, y
		}
		frac(n.items[0], index(path, 0), &x)
		frac(n.items[1], index(path, 1), &y)
	case mapKind:
		o := l.obj(n, path)
		if v := o.get("x"); v != nil {
			frac(v, o.sub("x"), &x)
		}
		if v := o.get("y"); v != nil {
			frac(v, o.sub("y"), &y)
		}
		o.done()
	case scalarKind:
		l.errs.add(n.pos, path, hint, "expected a list or mapping, got %s", n.describe())
	}
	return x, y
}

// place reads a grid rectangle. Articles give page, column, row, columns and rows (page,
// column and row default to 1); ads give column and row only.
func (l *loader) place(n *node, path string, article bool) *Place {
	o := l.obj(n, path)
	if o.n == nil {
		return nil
	}
	p := &Place{Page: 1, Column: 1, Row: 1, Pos: n.pos}
	p.Column = o.intIn("column", 1, 1, 100, "columns are numbered from 1")
	p.Row = o.intIn("row", 1, 1, 100, "rows are numbered from 1")
	if !article {
		for _, k := range []string{"page", "columns", "rows"} {
			if f := o.n.get(k); f != nil {
				o.known = append(o.known, k)
				l.errs.add(f.keyPos, o.sub(k), "set "+k+" on the ad itself; place gives only column and row",
					"an ad's place cannot set %s", k)
			}
		}
	} else {
		p.Page = o.intIn("page", 1, 1, maxPages, "pages are numbered from 1")
		const need = "a placed article needs its size on the grid: columns and rows"
		if v := o.require("columns", n.pos, need); v != nil {
			p.Columns = o.intIn("columns", 0, 1, 100, "")
		}
		if v := o.require("rows", n.pos, need); v != nil {
			p.Rows = o.intIn("rows", 0, 1, 100, "")
		}
	}
	o.done()
	return p
}

// textStart is where a scalar's text begins: for a "|" or ">" block, the first non-blank line
// after the indicator, at its indentation.
func (l *loader) textStart(n *node) Pos {
	if !n.block {
		return n.pos
	}
	lines, ok := l.lines[n.pos.File]
	if !ok { // split once per file: an edition has hundreds of bodies
		lines = bytes.Split(l.sources[n.pos.File], []byte("\n"))
		if l.lines == nil {
			l.lines = map[string][][]byte{}
		}
		l.lines[n.pos.File] = lines
	}
	for i := n.pos.Line; i < len(lines); i++ { // lines[i] is line i+1
		text := bytes.TrimRight(lines[i], "\r")
		trimmed := bytes.TrimLeft(text, " ")
		if len(trimmed) > 0 {
			return Pos{File: n.pos.File, Line: i + 1, Col: len(text) - len(trimmed) + 1}
		}
	}
	return n.pos
}
