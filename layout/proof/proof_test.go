package proof

import (
	"bytes"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"epaper/assets/fonts"
	"epaper/layout"
	"epaper/layout/compose"
	"epaper/layout/geom"
	"epaper/layout/manifest"
	"epaper/layout/page"
	"epaper/layout/pdf"
	"epaper/layout/text/hyph"
)

// sample builds the sample edition once: it has jumps, ads, photos and every kind of page.
var sample = sync.OnceValues(func() (*manifest.Edition, *layout.Edition) {
	_, file, _, _ := runtime.Caller(0)
	path := filepath.Join(filepath.Dir(file), "..", "..", "editions", "2026-03-14", "edition.yaml")
	ed, err := manifest.Load(path, manifest.Options{Languages: hyph.Languages(), FontFamilies: fonts.Names()})
	if err != nil {
		panic(err)
	}
	res, err := layout.Build(ed, layout.Options{})
	if err != nil {
		panic(err)
	}
	return ed, res
})

func overlay(t *testing.T, rep *compose.Report) (*manifest.Edition, *layout.Edition, *page.Document) {
	t.Helper()
	ed, res := sample()
	if rep == nil {
		rep = res.Report
	}
	doc, err := Overlay(res.Doc, ed, rep)
	if err != nil {
		t.Fatal(err)
	}
	return ed, res, doc
}

// texts lists the proof's labels on a page: text in the proof font.
func texts(pg *page.Page) []*page.Text {
	var out []*page.Text
	for _, it := range pg.Items {
		if t, ok := it.(*page.Text); ok && t.Font == FontName {
			out = append(out, t)
		}
	}
	return out
}

func rules(pg *page.Page, c page.Color) []*page.Rule {
	var out []*page.Rule
	for _, it := range pg.Items {
		if r, ok := it.(*page.Rule); ok && r.Color == c {
			out = append(out, r)
		}
	}
	return out
}

func TestOverlayLeavesTheEditionUnchanged(t *testing.T) {
	ed, built := sample()
	counts := make([]int, len(built.Doc.Pages))
	for i, pg := range built.Doc.Pages {
		counts[i] = len(pg.Items)
	}
	fonts, title := len(built.Doc.Fonts), built.Doc.Meta.Title
	doc, err := Overlay(built.Doc, ed, built.Report)
	if err != nil {
		t.Fatal(err)
	}
	for i, pg := range built.Doc.Pages {
		if len(pg.Items) != counts[i] {
			t.Errorf("page %d of the edition went from %d to %d items", pg.Number, counts[i], len(pg.Items))
		}
		if got := len(doc.Pages[i].Items); got <= counts[i] {
			t.Errorf("proof page %d has %d items, the edition's %d: nothing drawn", pg.Number, got, counts[i])
		}
	}
	if len(built.Doc.Fonts) != fonts || built.Doc.Meta.Title != title {
		t.Errorf("the edition's fonts or title changed")
	}
	if !strings.HasSuffix(doc.Meta.Title, "(proof)") {
		t.Errorf("proof title %q does not say it is a proof", doc.Meta.Title)
	}
}

func TestOverlayLabelsEveryRegionWithItsSizeOnTheGrid(t *testing.T) {
	ed, _, doc := overlay(t, nil)
	regions := 0
	for _, pg := range doc.Pages {
		f := compose.NewFrame(ed.Page, ed.Type.Body.Leading, pg.Number)
		labels := texts(pg)
		for _, r := range pg.Regions {
			regions++
			// Reference: count the columns lying inside the region; lines by division.
			cols := 0
			for c := 0; c < f.Cols; c++ {
				if f.ColX(c) >= r.Rect.X && f.ColX(c)+f.ColW <= r.Rect.X+r.Rect.W {
					cols++
				}
			}
			if r.Rect.H%f.Leading != 0 {
				t.Fatalf("page %d: region %s is %v high, not whole lines of %v", pg.Number, r.Story, r.Rect.H, f.Leading)
			}
			want := fmt.Sprintf("%s  %d×%d", r.Story, cols, int(r.Rect.H/f.Leading))
			found := false
			for _, l := range labels {
				if strings.HasPrefix(l.Text, want) && r.Rect.Contains(l.Bounds()) {
					found = true
				}
			}
			if !found {
				t.Errorf("page %d: no label %q inside the region", pg.Number, want)
			}
		}
	}
	if regions < 10 {
		t.Fatalf("only %d regions in the sample edition", regions)
	}
}

func TestOverlayOutlinesEveryPhotoWithItsResolution(t *testing.T) {
	_, res, doc := overlay(t, nil)
	widths := map[string]int{}
	for _, im := range res.Doc.Images {
		widths[im.ID] = im.Width
	}
	pictures := 0
	for _, pg := range doc.Pages {
		edges := rules(pg, photoColor)
		for _, it := range pg.Items {
			p, ok := it.(*page.Picture)
			if !ok {
				continue
			}
			pictures++
			top, bottom := false, false
			for _, r := range edges {
				horizontal := r.Y0 == r.Y1 && r.X0 == p.Frame.X && r.X1 == p.Frame.X+p.Frame.W
				top = top || horizontal && r.Y0 > p.Frame.Y && r.Y0 < p.Frame.Y+r.Width
				bottom = bottom || horizontal && r.Y0 < p.Frame.Y+p.Frame.H && r.Y0 > p.Frame.Y+p.Frame.H-r.Width
			}
			if !top || !bottom {
				t.Errorf("page %d: picture %s at %v is not outlined (top %v, bottom %v)", pg.Number, p.ImageID, p.Frame, top, bottom)
			}
			ppi := fmt.Sprintf("%d×", widths[p.ImageID])
			found := false
			for _, l := range texts(pg) {
				found = found || strings.HasPrefix(l.Text, ppi) && strings.HasSuffix(l.Text, " ppi") && p.Frame.Contains(l.Bounds())
			}
			if !found {
				t.Errorf("page %d: picture %s has no label with its %d-pixel width and resolution", pg.Number, p.ImageID, widths[p.ImageID])
			}
		}
	}
	if pictures == 0 {
		t.Fatal("no pictures in the sample edition")
	}
}

func TestOverlayBaselineGridRunsUnderTheBodyText(t *testing.T) {
	ed, _, doc := overlay(t, nil)
	body := 0
	for _, pg := range doc.Pages {
		lines := map[geom.Sp]bool{}
		for _, r := range rules(pg, baselineColor) {
			lines[r.Y0] = true
		}
		f := compose.NewFrame(ed.Page, ed.Type.Body.Leading, pg.Number)
		if len(lines) != f.Lines {
			t.Errorf("page %d: %d baseline rules for %d grid lines", pg.Number, len(lines), f.Lines)
		}
		for _, it := range pg.Items {
			if tx, ok := it.(*page.Text); ok && tx.Size == ed.Type.Body.Size && tx.Font != FontName {
				body++
				if !lines[tx.Y] {
					t.Fatalf("page %d: body text %v is not on a baseline of the grid", pg.Number, tx)
				}
			}
		}
	}
	if body == 0 {
		t.Fatal("no body text found")
	}
}

func TestOverlayMarksOversetWhereTheStoryEnds(t *testing.T) {
	_, res, _ := overlay(t, nil)
	// The sample edition sets everything; a report saying otherwise must be drawn as it says.
	rep := *res.Report
	rep.Stories = append([]compose.StoryReport(nil), rep.Stories...)
	var jumped string
	for i, s := range rep.Stories {
		if len(s.Pages) > 1 && jumped == "" {
			jumped = s.ID
			rep.Stories[i].Overset = 7
		}
	}
	if jumped == "" {
		t.Fatal("the sample edition has no jumped story")
	}
	rep.Stories = append(rep.Stories, compose.StoryReport{ID: "ghost-story", Overset: 3})
	_, _, doc := overlay(t, &rep)

	var last *page.Page
	var end page.Region
	for _, pg := range doc.Pages {
		for _, r := range pg.Regions {
			if r.Story == jumped {
				last, end = pg, r
			}
		}
	}
	marked := false
	for _, pg := range doc.Pages {
		for _, l := range texts(pg) {
			if l.Text == "+7 lines overset" {
				if pg != last || !end.Rect.Contains(l.Bounds()) {
					t.Errorf("overset marker on page %d at %v, want inside %s's last region on page %d %v",
						pg.Number, l.Bounds(), jumped, last.Number, end.Rect)
				}
				marked = true
			}
		}
	}
	if !marked {
		t.Errorf("no overset marker for %s", jumped)
	}
	note := false
	for _, l := range texts(doc.Pages[0]) {
		note = note || strings.Contains(l.Text, "NOT PLACED") && strings.Contains(l.Text, "ghost-story (3 lines)")
	}
	if !note {
		t.Errorf("page 1 does not list the story that was never placed")
	}
	if len(rules(last, oversetColor)) != 4 {
		t.Errorf("the overset story's last region is not outlined in red")
	}
}

func TestOverlayStaysOnThePageAndWritesAPDF(t *testing.T) {
	_, res, doc := overlay(t, nil)
	for i, pg := range doc.Pages {
		bounds := geom.Rect{W: pg.Width, H: pg.Height}
		for _, it := range pg.Items[len(res.Doc.Pages[i].Items):] {
			if !bounds.Contains(it.Bounds()) {
				t.Errorf("page %d: proof mark %T at %v is off the page", pg.Number, it, it.Bounds())
			}
		}
	}
	var buf bytes.Buffer
	if err := pdf.Write(doc, &buf); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
}
