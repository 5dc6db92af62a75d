package manifest

import (
	"fmt"
	"math"
	"strings"

	"epaper/layout/geom"
)

// PageSize is a named paper size and the grid that suits it.
type PageSize struct {
	Name          string
	Width, Height float64 // millimetres
	Columns, Rows int
}

// PageSizes are the named sizes, in the order the reference lists them.
var PageSizes = []PageSize{
	{"broadsheet", 375, 597, 6, 10},
	{"berliner", 315, 470, 5, 8},
	{"tabloid", 280, 430, 5, 8},
	{"a3", 297, 420, 5, 8},
	{"a4", 210, 297, 4, 6},
}

// DefaultMargin is the margin on every side unless set.
var DefaultMargin = geom.FromMm(12)

// customModule is the width (and height) of one column (row) when a custom size has no count.
var customModule = geom.FromMm(55)

// pageInfo remembers where page values were written, for grid messages.
type pageInfo struct {
	ok                                   bool // size, margins, columns, gutter and rows all valid
	pos                                  Pos
	size, margins, columns, gutter, rows *node
}

func sizeNames() []string {
	n := make([]string, len(PageSizes))
	for i, s := range PageSizes {
		n[i] = s.Name
	}
	return n
}

func (l *loader) page(top *obj, ed *Edition) *pageInfo {
	o := l.obj(top.get("page"), "page")
	info := &pageInfo{ok: true, pos: o.pos(top.pos(Pos{}))}
	p := &ed.Page
	nerr := len(l.errs.list)

	named := PageSizes[0]
	p.Width, p.Height = geom.FromMm(named.Width), geom.FromMm(named.Height)
	if n := o.get("size"); n != nil {
		info.size = n
		if s, ok := l.textOf(n, "page.size", false); ok {
			if sz, w, h, ok := l.pageSize(n, s); ok {
				named, p.Width, p.Height = sz, w, h
			}
		}
	}
	p.SizeName = named.Name

	p.Margins = Margins{DefaultMargin, DefaultMargin, DefaultMargin, DefaultMargin}
	if n := o.get("margins"); n != nil {
		info.margins = n
		if n.kind == mapKind {
			m := l.obj(n, "page.margins")
			p.Margins = Margins{
				Top:     m.length("top", DefaultMargin),
				Bottom:  m.length("bottom", DefaultMargin),
				Inside:  m.length("inside", DefaultMargin),
				Outside: m.length("outside", DefaultMargin),
			}
			m.done()
		} else if v, ok := l.length(n, "page.margins"); ok {
			p.Margins = Margins{v, v, v, v}
		}
	}
	p.Gutter = geom.FromMm(4)
	if n := o.get("gutter"); n != nil {
		info.gutter = n
		p.Gutter = o.length("gutter", p.Gutter)
	}
	liveW := p.Width - p.Margins.Inside - p.Margins.Outside
	liveH := p.Height - p.Margins.Top - p.Margins.Bottom
	p.Columns, p.Rows = named.Columns, named.Rows
	if named.Name == "" { // custom: about one module per 55 mm
		p.Columns = max(1, int(math.Round(float64(liveW)/float64(customModule))))
		p.Rows = max(1, int(math.Round(float64(liveH)/float64(customModule))))
	}
	info.columns, info.rows = o.get("columns"), o.get("rows")
	p.Columns = o.intIn("columns", p.Columns, 1, 100, "")
	p.Rows = o.intIn("rows", p.Rows, 1, 100, "")
	o.done()
	info.ok = len(l.errs.list) == nerr && p.Width > 0
	return info
}

// pageSize reads a named size or "W x H" with units ("315mm x 470mm", "315 x 470 mm").
// A custom size comes back with an empty Name.
func (l *loader) pageSize(n *node, s string) (PageSize, geom.Sp, geom.Sp, bool) {
	fail := func() (PageSize, geom.Sp, geom.Sp, bool) { return PageSize{}, 0, 0, false }
	for _, sz := range PageSizes {
		if strings.EqualFold(s, sz.Name) {
			return sz, geom.FromMm(sz.Width), geom.FromMm(sz.Height), true
		}
	}
	t := strings.ToLower(strings.ReplaceAll(s, "×", "x"))
	parts := strings.Split(t, "x")
	if len(parts) != 2 {
		l.errs.add(n.pos, "page.size", sizeHint(s),
			"unknown page size %q", s)
		return fail()
	}
	w, h := strings.TrimSpace(parts[0]), strings.TrimSpace(parts[1])
	if unit := trailingUnit(h); unit != "" && trailingUnit(w) == "" {
		w += unit // "315 x 470 mm": the unit applies to both
	}
	var dims [2]geom.Sp
	for i, part := range []string{w, h} {
		v, err := geom.ParseLength(part)
		if err != nil {
			l.errs.add(n.pos, "page.size", `write it as "WIDTH x HEIGHT", e.g. "315mm x 470mm"`, "bad custom page size %q: %v", s, err)
			return fail()
		}
		if v <= 0 {
			l.errs.add(n.pos, "page.size", "", "page width and height must be greater than zero, got %q", s)
			return fail()
		}
		dims[i] = v
	}
	if dims[0] > geom.FromMm(5000) || dims[1] > geom.FromMm(5000) {
		l.errs.add(n.pos, "page.size", "", "page size %q is larger than 5 m", s)
		return fail()
	}
	return PageSize{}, dims[0], dims[1], true
}

func trailingUnit(s string) string {
	i := len(s)
	for i > 0 && s[i-1] >= 'a' && s[i-1] <= 'z' {
		i--
	}
	return s[i:]
}

func sizeHint(s string) string {
	if c, ok := closest(s, sizeNames()); ok {
		return fmt.Sprintf("did you mean %q?", c)
	}
	return "use " + strings.Join(sizeNames(), ", ") + ` or a custom size such as "315mm x 470mm"`
}
