package compose

import (
	"fmt"
	"sort"
	"strings"

	"epaper/layout/manifest"
)

// Report is what `check` prints: per page the fill, per story what was set, and warnings.
type Report struct {
	Pages    []PageReport
	Stories  []StoryReport
	Warnings []Warning
}

// PageReport describes one page.
type PageReport struct {
	Number  int
	Section string
	Fill    float64 // share of the live area's column-lines holding content or furniture
	Stories []string
	Map     string // the allocation map, one character per column and module row
}

// StoryReport describes one article.
type StoryReport struct {
	ID        string
	Lines     int   // body lines set
	Overset   int   // body lines that found no place
	Pages     []int // pages its pieces are on
	Emergency int   // paragraphs set with lines beyond tolerance
}

// Warning is a problem that does not stop the build.
type Warning struct {
	Pos   manifest.Pos
	Field string
	Msg   string
}

func (w Warning) String() string {
	if w.Field != "" {
		return fmt.Sprintf("%s: %s: %s", w.Pos, w.Field, w.Msg)
	}
	return fmt.Sprintf("%s: %s", w.Pos, w.Msg)
}

// Overset counts body lines that were not placed anywhere.
func (r *Report) Overset() int {
	n := 0
	for _, s := range r.Stories {
		n += s.Overset
	}
	return n
}

func (c *composer) finishReport() {
	r := c.report
	for _, pb := range c.pages {
		f := pb.frame
		total := f.Cols * f.Lines
		pr := PageReport{Number: f.Number, Section: pb.section}
		used := pb.header * f.Cols
		for _, ap := range pb.ads {
			used += ap.w * ap.height
		}
		for _, p := range pb.places {
			used += p.W * p.H
			pr.Stories = append(pr.Stories, p.Story.Art.ID)
		}
		pr.Fill = float64(used) / float64(total)
		pr.Map = c.allocationMap(pb)
		r.Pages = append(r.Pages, pr)
	}
	for _, s := range c.stories {
		sr := StoryReport{ID: s.Art.ID, Lines: len(s.Galley.Lines) - s.Overset, Overset: s.Overset, Emergency: s.Emergency}
		for _, p := range s.Pieces {
			sr.Pages = append(sr.Pages, p.Page)
		}
		r.Stories = append(r.Stories, sr)
		if s.Overset > 0 {
			r.Warnings = append(r.Warnings, Warning{Pos: s.Art.Pos, Field: fmt.Sprintf("articles[%d] (%s)", s.Order, s.Art.ID),
				Msg: fmt.Sprintf("%d of %d body lines did not fit (overset)", s.Overset, len(s.Galley.Lines))})
		}
		if s.Emergency > 0 {
			r.Warnings = append(r.Warnings, Warning{Pos: s.Art.BodyPos, Field: fmt.Sprintf("articles[%d].body", s.Order),
				Msg: fmt.Sprintf("%d paragraph(s) needed emergency line breaks (very loose or split words)", s.Emergency)})
		}
	}
	if want := c.ed.Pages; want > 0 && want != len(c.pages) {
		what := "more content than fits"
		if len(c.pages) < want {
			what = "a shortfall of content"
		}
		r.Warnings = append(r.Warnings, Warning{Pos: manifest.Pos{File: c.ed.File}, Field: "edition.pages",
			Msg: fmt.Sprintf("the edition came to %d pages against the target of %d (%s)", len(c.pages), want, what)})
	}
	if len(c.replaced) > 0 {
		var rs []rune
		for ch := range c.replaced {
			rs = append(rs, ch)
		}
		sort.Slice(rs, func(i, j int) bool { return rs[i] < rs[j] })
		var parts []string
		for _, ch := range rs {
			what := "dropped"
			if _, ok := substitutes[ch]; ok {
				what = "replaced"
			}
			parts = append(parts, fmt.Sprintf("U+%04X %s ×%d", ch, what, c.replaced[ch]))
		}
		r.Warnings = append(r.Warnings, Warning{Pos: manifest.Pos{File: c.ed.File},
			Msg: "characters the fonts cannot draw: " + strings.Join(parts, ", ")})
	}
}

// allocationMap prints the page's grid: one row per module row, one character per column;
// '#' furniture, '$' ads, letters for stories in placement order, '.' empty. A cell shows
// whatever covers most of its lines.
func (c *composer) allocationMap(pb *pageBuild) string {
	f := pb.frame
	var b strings.Builder
	for row := 0; row < f.Rows; row++ {
		l0, l1 := f.RowLine(row), f.RowLine(row+1)
		for col := 0; col < f.Cols; col++ {
			counts := map[byte]int{}
			for l := l0; l < l1; l++ {
				counts[c.cellOwner(pb, col, l)]++
			}
			best, bestN := byte('.'), -1
			for _, k := range []byte(".#$abcdefghijklmnopqrstuvwxyz") {
				if counts[k] > bestN {
					best, bestN = k, counts[k]
				}
			}
			b.WriteByte(best)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func (c *composer) cellOwner(pb *pageBuild, col, line int) byte {
	if line < pb.header {
		return '#'
	}
	for _, ap := range pb.ads {
		if col >= ap.col && col < ap.col+ap.w && line >= ap.line && line < ap.line+ap.height {
			return '$'
		}
	}
	for i, p := range pb.places {
		if col >= p.Col && col < p.Col+p.W && line >= p.Top && line < p.Top+p.H {
			return byte('a' + i%26)
		}
	}
	return '.'
}
