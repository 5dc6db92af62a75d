package manifest

import (
	"fmt"

	"epaper/layout/geom"
)

// Module returns the width of one column and the height of one module row. The gutter separates
// rows as well as columns.
func (p PageSetup) Module() (colW, rowH geom.Sp) {
	liveW := p.Width - p.Margins.Inside - p.Margins.Outside
	liveH := p.Height - p.Margins.Top - p.Margins.Bottom
	if p.Columns < 1 || p.Rows < 1 {
		return 0, 0
	}
	colW = (liveW - geom.Sp(p.Columns-1)*p.Gutter) / geom.Sp(p.Columns)
	rowH = (liveH - geom.Sp(p.Rows-1)*p.Gutter) / geom.Sp(p.Rows)
	return colW, rowH
}

// checkGrid reports a page grid that leaves no room for the body type; false stops the
// placement checks, which would only repeat the problem.
func (l *loader) checkGrid(info *pageInfo, ed *Edition) bool {
	p, body := ed.Page, ed.Type.Body
	at := func(ns ...*node) Pos {
		for _, n := range ns {
			if n != nil {
				return n.pos
			}
		}
		return info.pos
	}
	liveW := p.Width - p.Margins.Inside - p.Margins.Outside
	liveH := p.Height - p.Margins.Top - p.Margins.Bottom
	if liveW <= 0 || liveH <= 0 {
		l.errs.add(at(info.margins, info.size), "page.margins", "use smaller margins",
			"the margins leave no room: the page is %s × %s, the margins take %s × %s",
			mm(p.Width), mm(p.Height), mm(p.Margins.Inside+p.Margins.Outside), mm(p.Margins.Top+p.Margins.Bottom))
		return false
	}
	ok := true
	colW, rowH := p.Module()
	if minW := 8 * body.Size; colW < minW {
		l.errs.add(at(info.columns, info.gutter, info.margins, info.size), "page.columns",
			"use fewer columns, a narrower gutter or smaller margins",
			"columns come to %s wide (%d columns and %s gutters in %s); %s body type needs at least %s (8 × the size)",
			mm(colW), p.Columns, mm(p.Gutter), mm(liveW), pt(body.Size), mm(minW))
		ok = false
	}
	if minH := 3 * body.Leading; rowH < minH {
		l.errs.add(at(info.rows, info.gutter, info.margins, info.size), "page.rows",
			"use fewer rows, a narrower gutter or smaller margins",
			"module rows come to %s high (%d rows and %s gutters in %s); they need at least 3 lines of body leading, %s",
			mm(rowH), p.Rows, mm(p.Gutter), mm(liveH), mm(minH))
		ok = false
	}
	return ok
}

// rect is a placed rectangle on the grid, for the collision check.
type rect struct {
	what, id, field string
	Place
}

// checkPlacements checks fixed places against the grid, edition.pages, and each other.
func (l *loader) checkPlacements(ed *Edition) {
	p := ed.Page
	var placed []rect
	beyond := func(page int, pos Pos, field string) {
		if ed.Pages > 0 && page > ed.Pages {
			l.errs.add(pos, field, "raise edition.pages", "page %d is beyond edition.pages (%d)", page, ed.Pages)
		}
	}
	for i, a := range ed.Articles {
		pl := a.Place
		if pl == nil || pl.Columns < 1 || pl.Rows < 1 {
			continue
		}
		field := index("articles", i) + ".place"
		beyond(pl.Page, pl.Pos, field)
		if !l.fits(*pl, p, field, "place") {
			continue
		}
		placed = append(placed, rect{"article", a.ID, field, *pl})
	}
	for i, a := range ed.Ads {
		field := index("ads", i)
		if a.Columns > p.Columns {
			l.errs.add(a.Pos, field, "make it narrower or change the grid",
				"ad %q is %d columns wide; the grid has %d", a.ID, a.Columns, p.Columns)
			continue
		}
		if a.Rows > p.Rows {
			l.errs.add(a.Pos, field, "make it shorter or change the grid",
				"ad %q is %d rows high; the grid has %d", a.ID, a.Rows, p.Rows)
			continue
		}
		if a.Page > 0 {
			beyond(a.Page, a.Pos, field+".page")
		}
		rows := max(a.Rows, 1) // rows 0 is derived later; at least one row at its edge is certain
		col, row := a.Origin(p, rows)
		r := rect{"ad", a.ID, field, Place{Page: a.Page, Column: col, Row: row, Columns: a.Columns, Rows: rows, Pos: a.Pos}}
		if a.Place != nil {
			r.field, r.Pos = field+".place", a.Place.Pos
			if a.Rows == 0 {
				r.Rows = 1
			}
			if !l.fits(r.Place, p, r.field, "ad") {
				continue
			}
		}
		if a.Page > 0 {
			placed = append(placed, r)
		}
	}
	for j := range placed {
		for i := range j {
			a, b := placed[i], placed[j]
			if a.Page == b.Page && overlap(a.Place, b.Place) {
				l.errs.add(b.Pos, b.field, "move or resize one of them",
					"%s %q overlaps %s %q (%s, at %s) on page %d", b.what, b.id, a.what, a.id, a.field, at(a.Pos, b.Pos), a.Page)
			}
		}
	}
}

// fits reports whether a place lies inside the grid, reporting it when not.
func (l *loader) fits(pl Place, p PageSetup, field, what string) bool {
	lastCol, lastRow := pl.Column+pl.Columns-1, pl.Row+pl.Rows-1
	if lastCol <= p.Columns && lastRow <= p.Rows {
		return true
	}
	l.errs.add(pl.Pos, field, fmt.Sprintf("the grid has columns 1..%d and rows 1..%d", p.Columns, p.Rows),
		"%s spans columns %d..%d and rows %d..%d, outside the %d × %d grid", what, pl.Column, lastCol, pl.Row, lastRow, p.Columns, p.Rows)
	return false
}

func overlap(a, b Place) bool {
	return a.Column < b.Column+b.Columns && b.Column < a.Column+a.Columns &&
		a.Row < b.Row+b.Rows && b.Row < a.Row+a.Rows
}
