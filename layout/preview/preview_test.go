package preview

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"epaper/assets/fonts"
	"epaper/layout/geom"
	"epaper/layout/internal/fixture"
	"epaper/layout/page"
	"epaper/layout/pdf"
	"epaper/layout/text"
)

// ink is an image as ink per pixel (0 = white, 1 = black), from the luminance.
type ink struct {
	w, h int
	v    []float64
}

func inkOf(img image.Image) ink {
	b := img.Bounds()
	k := ink{w: b.Dx(), h: b.Dy(), v: make([]float64, b.Dx()*b.Dy())}
	if g, ok := img.(*image.Gray); ok { // pdftoppm -gray, the common case: fast
		for y := 0; y < k.h; y++ {
			for x := 0; x < k.w; x++ {
				k.v[y*k.w+x] = 1 - float64(g.Pix[y*g.Stride+x])/255
			}
		}
		return k
	}
	for y := 0; y < k.h; y++ {
		for x := 0; x < k.w; x++ {
			g := color.GrayModel.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.Gray)
			k.v[y*k.w+x] = 1 - float64(g.Y)/255
		}
	}
	return k
}

// grid measures the mean ink in each cell of a cols × rows grid.
func (k ink) grid(cols, rows int) [][]float64 {
	sum := make([][]float64, rows)
	n := make([][]int, rows)
	for r := range sum {
		sum[r], n[r] = make([]float64, cols), make([]int, cols)
	}
	for y := 0; y < k.h; y++ {
		for x := 0; x < k.w; x++ {
			r, c := y*rows/k.h, x*cols/k.w
			sum[r][c] += k.v[y*k.w+x]
			n[r][c]++
		}
	}
	for r := range sum {
		for c := range sum[r] {
			sum[r][c] /= float64(n[r][c])
		}
	}
	return sum
}

// misfit is the difference between a and b shifted by (dx, dy) pixels, relative to their ink.
func misfit(a, b ink, dx, dy int) float64 {
	var d, s float64
	for y := 2; y < a.h-2; y++ {
		for x := 2; x < a.w-2; x++ {
			p, q := a.v[y*a.w+x], b.v[(y+dy)*b.w+x+dx]
			d += math.Abs(p - q)
			s += p + q
		}
	}
	return 2 * d / s
}

// rasterisePDF renders page n of a PDF in gray with poppler at exactly w × h pixels.
func rasterisePDF(t *testing.T, pdftoppm, path string, n, w, h int) image.Image {
	t.Helper()
	prefix := filepath.Join(t.TempDir(), "page")
	cmd := exec.Command(pdftoppm, "-gray", "-png", "-singlefile", "-f", fmt.Sprint(n), "-l", fmt.Sprint(n),
		"-scale-to-x", fmt.Sprint(w), "-scale-to-y", fmt.Sprint(h), path, prefix)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	data, err := os.ReadFile(prefix + ".png")
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds().Dx() != w || img.Bounds().Dy() != h {
		t.Fatalf("pdftoppm made %v, want %dx%d", img.Bounds(), w, h)
	}
	return img
}

// samplePDF writes the sample edition's PDF and returns it with a renderer, or skips the
// test when poppler is missing.
func samplePDF(t *testing.T) (string, string, *page.Document, *Renderer) {
	t.Helper()
	pdftoppm, err := exec.LookPath("pdftoppm")
	if err != nil {
		t.Skip("pdftoppm (poppler-utils) is not installed")
	}
	doc := fixture.Sample(t).Doc
	path := filepath.Join(t.TempDir(), "edition.pdf")
	if err := pdf.WriteFile(doc, path); err != nil {
		t.Fatal(err)
	}
	r, err := New(doc)
	if err != nil {
		t.Fatal(err)
	}
	return pdftoppm, path, doc, r
}

// The preview is a second backend: it must put the same ink in the same places as the PDF.
// Coarse cells average away antialiasing and glyph-snapping differences between the two
// rasterisers, but not a missing picture, a wrongly sized face or a misplaced block.
func TestPreviewInkAgreesWithTheRasterisedPDF(t *testing.T) {
	pdftoppm, path, doc, r := samplePDF(t)
	const (
		width      = 600
		cols, rows = 8, 12
		// The largest difference of ink allowed in a cell, as a fraction of its area, and
		// of the mean over a page's cells. Measured on the sample edition (2026-11):
		// 0.014 and 0.0032; 0.025 in a cell crossed by several kicker rules, hairlines that
		// the two rasterisers snap to neighbouring pixel rows.
		cellTolerance = 0.03
		meanTolerance = 0.005
	)
	worst, worstMean := 0.0, 0.0
	for i, pg := range doc.Pages {
		ours, err := r.Render(i, width)
		if err != nil {
			t.Fatal(err)
		}
		theirs := rasterisePDF(t, pdftoppm, path, pg.Number, ours.Bounds().Dx(), ours.Bounds().Dy())
		a, b := inkOf(ours).grid(cols, rows), inkOf(theirs).grid(cols, rows)
		total := 0.0
		for y := range a {
			for x := range a[y] {
				d := math.Abs(a[y][x] - b[y][x])
				total += d
				worst = math.Max(worst, d)
				if d > cellTolerance {
					t.Errorf("page %d, cell column %d row %d: ink %.4f in the preview, %.4f in the PDF", pg.Number, x+1, y+1, a[y][x], b[y][x])
				}
			}
		}
		mean := total / (cols * rows)
		worstMean = math.Max(worstMean, mean)
		if mean > meanTolerance {
			t.Errorf("page %d: mean ink difference %.4f per cell, want at most %.4f", pg.Number, mean, meanTolerance)
		}
	}
	t.Logf("%d pages at %d px, %dx%d cells: largest cell difference %.4f (allowed %.2f), largest page mean %.4f (allowed %.3f)",
		len(doc.Pages), width, cols, rows, worst, cellTolerance, worstMean, meanTolerance)
}

// Ink totals cannot see text set a point too low or too far right; alignment can. At the
// large preview's size, the two images must fit best as they are: shifting either by a
// pixel in any direction makes them differ more.
func TestPreviewIsAlignedWithTheRasterisedPDF(t *testing.T) {
	pdftoppm, path, doc, r := samplePDF(t)
	pages := []int{0, len(doc.Pages) / 2, len(doc.Pages) - 1}
	if testing.Short() {
		pages = pages[:1]
	}
	for _, i := range pages {
		ours, err := r.Render(i, LargeWidth)
		if err != nil {
			t.Fatal(err)
		}
		a := inkOf(ours)
		b := inkOf(rasterisePDF(t, pdftoppm, path, doc.Pages[i].Number, a.w, a.h))
		here := misfit(a, b, 0, 0)
		var report []string
		for _, s := range [][2]int{{-1, 0}, {1, 0}, {0, -1}, {0, 1}} {
			m := misfit(a, b, s[0], s[1])
			report = append(report, fmt.Sprintf("%+d,%+d: %.3f", s[0], s[1], m))
			if m <= here {
				t.Errorf("page %d: the preview fits the PDF better shifted by %v pixels (%.3f) than in place (%.3f)", doc.Pages[i].Number, s, m, here)
			}
		}
		t.Logf("page %d: misfit in place %.3f; shifted %s", doc.Pages[i].Number, here, strings.Join(report, ", "))
	}
}

// testDoc is a one-page document 100 pt wide and 200 pt high with the built-in serif face.
func testDoc(items ...page.Item) *page.Document {
	return &page.Document{
		Fonts: []page.Font{{Name: "serif", Data: fonts.Builtin()["serif"].Regular}},
		Pages: []*page.Page{{Number: 1, Width: 100 * geom.Pt, Height: 200 * geom.Pt, Items: items}},
	}
}

// inkBox returns the bounds of the pixels darker than half.
func inkBox(img *image.RGBA) image.Rectangle {
	var box image.Rectangle
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y < 128 {
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return box
}

func render(t *testing.T, doc *page.Document, width int) *image.RGBA {
	t.Helper()
	img, err := Render(doc, 0, width)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func TestBoxesAndRulesCoverTheirPixels(t *testing.T) {
	red := page.Color{R: 200}
	tests := []struct {
		name string
		item page.Item
		want image.Rectangle // in pixels at 2 px per point
	}{
		{"a box on whole points", &page.Box{Rect: geom.Rect{X: 10 * geom.Pt, Y: 20 * geom.Pt, W: 30 * geom.Pt, H: 5 * geom.Pt}, Color: red},
			image.Rect(20, 40, 80, 50)},
		{"a box between pixels covers every pixel it touches", &page.Box{Rect: geom.Rect{X: geom.FromPt(10.2), Y: geom.FromPt(20.2), W: 30 * geom.Pt, H: 5 * geom.Pt}, Color: red},
			image.Rect(20, 40, 81, 51)},
		{"a horizontal rule is as thick as its width", &page.Rule{X0: 10 * geom.Pt, Y0: 50 * geom.Pt, X1: 90 * geom.Pt, Y1: 50 * geom.Pt, Width: 2 * geom.Pt, Color: red},
			image.Rect(20, 98, 180, 102)},
		{"a hairline is still a pixel wide", &page.Rule{X0: 30 * geom.Pt, Y0: 10 * geom.Pt, X1: 30 * geom.Pt, Y1: 60 * geom.Pt, Width: geom.Pt / 10, Color: red},
			image.Rect(59, 20, 61, 120)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			img := render(t, testDoc(tc.item), 200)
			b := img.Bounds()
			for y := b.Min.Y; y < b.Max.Y; y++ {
				for x := b.Min.X; x < b.Max.X; x++ {
					c := img.RGBAAt(x, y)
					in := image.Pt(x, y).In(tc.want)
					// Inside, the colour (no green) must show; outside, nothing.
					if in && c.G == 255 || !in && c != (color.RGBA{255, 255, 255, 255}) {
						t.Fatalf("pixel %d,%d is %v; the item should cover exactly %v", x, y, c, tc.want)
					}
				}
			}
		})
	}
}

func TestTextIsSetAtItsPositionSizeAndTracking(t *testing.T) {
	face, err := text.ParseFace("serif", fonts.Builtin()["serif"].Regular)
	if err != nil {
		t.Fatal(err)
	}
	run := func(s string, x, y, size, tracking float64) *page.Text {
		tx := &page.Text{X: geom.FromPt(x), Y: geom.FromPt(y), Font: "serif", Size: geom.FromPt(size), Tracking: geom.FromPt(tracking), Text: s}
		for _, r := range s {
			tx.Width += face.Advance(r).Of(tx.Size) + tx.Tracking
		}
		return tx
	}
	const scale = 4 // pixels per point: 400 px for the 100 pt page
	hOf := func(tx *page.Text) image.Rectangle { return inkBox(render(t, testDoc(tx), 100*scale)) }

	// A capital H: its stems stand on the baseline and reach the cap height.
	h := hOf(run("H", 20, 100, 40, 0))
	capHeight := float64(face.CapHeight) / 1000 * 40 * scale
	if d := math.Abs(float64(h.Max.Y) - 100*scale); d > 1 {
		t.Errorf("H ends at y=%d px, the baseline is at %d", h.Max.Y, 100*scale)
	}
	if d := math.Abs(float64(h.Dy()) - capHeight); d > 1.5 {
		t.Errorf("H is %d px high, the cap height at 40 pt is %.1f px", h.Dy(), capHeight)
	}
	if h.Min.X < 20*scale || h.Min.X > 20*scale+8 {
		t.Errorf("H starts at x=%d px, the run at %d (plus a small side bearing)", h.Min.X, 20*scale)
	}
	// Moving the run moves the ink by as much.
	if moved := hOf(run("H", 30, 110, 40, 0)); moved != h.Add(image.Pt(10*scale, 10*scale)) {
		t.Errorf("H moved by 10 pt is at %v, want %v", moved, h.Add(image.Pt(10*scale, 10*scale)))
	}
	// Each glyph advances by its width from the font's table; tracking adds to every advance.
	plain := hOf(run("HHHH", 5, 100, 20, 0))
	tracked := hOf(run("HHHH", 5, 100, 20, 3))
	advance := float64(face.Advance('H').Of(20*geom.Pt).Pt()) * scale
	if d := math.Abs(float64(plain.Dx()) - (3*advance + float64(hOf(run("H", 5, 100, 20, 0)).Dx()))); d > 1.5 {
		t.Errorf("HHHH is %d px wide; three advances of %.1f px and one H make %.1f", plain.Dx(), advance, 3*advance+float64(hOf(run("H", 5, 100, 20, 0)).Dx()))
	}
	if d := math.Abs(float64(tracked.Dx()-plain.Dx()) - 3*3*scale); d > 1.5 {
		t.Errorf("3 pt of tracking widened HHHH by %d px, want %d", tracked.Dx()-plain.Dx(), 3*3*scale)
	}
}

func TestPicturesFillTheirFrames(t *testing.T) {
	// A 2x2 picture: red, green / blue, black, scaled into a 40 x 40 pt frame.
	src := image.NewRGBA(image.Rect(0, 0, 2, 2))
	src.Set(0, 0, color.RGBA{255, 0, 0, 255})
	src.Set(1, 0, color.RGBA{0, 255, 0, 255})
	src.Set(0, 1, color.RGBA{0, 0, 255, 255})
	src.Set(1, 1, color.RGBA{0, 0, 0, 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, src); err != nil {
		t.Fatal(err)
	}
	doc := testDoc(&page.Picture{Frame: geom.Rect{X: 20 * geom.Pt, Y: 30 * geom.Pt, W: 40 * geom.Pt, H: 40 * geom.Pt}, ImageID: "p"})
	doc.Images = []page.Image{{ID: "p", Data: buf.Bytes(), Format: "png", Width: 2, Height: 2}}
	img := render(t, doc, 100)
	for _, tc := range []struct {
		x, y int
		want color.RGBA
	}{
		{25, 35, color.RGBA{255, 0, 0, 255}}, {55, 35, color.RGBA{0, 255, 0, 255}},
		{25, 65, color.RGBA{0, 0, 255, 255}}, {55, 65, color.RGBA{0, 0, 0, 255}},
		{19, 50, color.RGBA{255, 255, 255, 255}}, {60, 50, color.RGBA{255, 255, 255, 255}},
		{40, 29, color.RGBA{255, 255, 255, 255}}, {40, 70, color.RGBA{255, 255, 255, 255}},
	} {
		if got := img.RGBAAt(tc.x, tc.y); got != tc.want {
			t.Errorf("pixel %d,%d is %v, want %v", tc.x, tc.y, got, tc.want)
		}
	}
}

func TestRenderReportsBrokenDocuments(t *testing.T) {
	tests := []struct {
		name string
		doc  *page.Document
	}{
		{"a font the document lacks", testDoc(&page.Text{Font: "nope", Size: geom.Pt, Text: "x"})},
		{"an image the document lacks", testDoc(&page.Picture{Frame: geom.Rect{W: geom.Pt, H: geom.Pt}, ImageID: "nope"})},
		{"an image that does not decode", func() *page.Document {
			d := testDoc(&page.Picture{Frame: geom.Rect{W: geom.Pt, H: geom.Pt}, ImageID: "bad"})
			d.Images = []page.Image{{ID: "bad", Data: []byte("\x89PNG\r\n\x1a\ntruncated"), Format: "png"}}
			return d
		}()},
		{"a corrupt font", func() *page.Document {
			d := testDoc()
			d.Fonts[0].Data = []byte("not a font")
			return d
		}()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Render(tc.doc, 0, 100); err == nil {
				t.Error("no error")
			}
		})
	}
	if _, err := Render(testDoc(), 1, 100); err == nil {
		t.Error("rendering a page that does not exist gave no error")
	}
}

func TestWriteAllWritesLargePreviewsAndThumbnailsReproducibly(t *testing.T) {
	// Two pages are enough to see names, sizes and reproducibility (and keep the test fast).
	d := *fixture.Sample(t).Doc
	d.Pages = d.Pages[:2]
	doc := &d
	base := "the-riverside-courier-city-2026-03-14"
	var runs [2]map[string][]byte
	for k := range runs {
		dir := t.TempDir()
		paths, err := WriteAll(doc, dir, base)
		if err != nil {
			t.Fatal(err)
		}
		if len(paths) != 2*len(doc.Pages) {
			t.Fatalf("%d files for %d pages", len(paths), len(doc.Pages))
		}
		runs[k] = map[string][]byte{}
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			runs[k][filepath.Base(p)] = data
		}
		if entries, _ := os.ReadDir(dir); len(entries) != len(paths) {
			t.Errorf("%d files in the folder, want %d (no temporary files)", len(entries), len(paths))
		}
	}
	pages := len(doc.Pages)
	for _, pg := range doc.Pages {
		for name, width := range map[string]int{LargeName(base, pg.Number, pages): LargeWidth, ThumbName(base, pg.Number, pages): ThumbWidth} {
			data, ok := runs[0][name]
			if !ok {
				t.Errorf("%s was not written", name)
				continue
			}
			cfg, err := png.DecodeConfig(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			wantH := int(math.Round(pg.Height.Pt() * float64(width) / pg.Width.Pt()))
			if cfg.Width != width || cfg.Height != wantH {
				t.Errorf("%s is %dx%d, want %dx%d", name, cfg.Width, cfg.Height, width, wantH)
			}
			if !bytes.Equal(data, runs[1][name]) {
				t.Errorf("%s differs between two runs", name)
			}
		}
	}
	if _, ok := runs[0][base+"-p01-thumb.png"]; !ok {
		t.Errorf("names: got %v", keys(runs[0]))
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
