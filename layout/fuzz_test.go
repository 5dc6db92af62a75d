package layout

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"

	"epaper/layout/manifest"
	"epaper/layout/pdf"
)

// FuzzBuild feeds mutated manifests through the whole pipeline: whatever loads must build
// without panicking, keep everything inside the live area, overlap nothing, and be written
// as a PDF.
func FuzzBuild(f *testing.F) {
	f.Add([]byte(`edition: {date: 2026-03-14, paper: Fuzz Gazette}
page: {size: tabloid}
sections: [News, Sport]
articles:
  - id: a
    priority: 1
    headline: A headline long enough to need two lines at the largest size
    body: |
      First paragraph with a “quotation that is long enough to become a pull quote if the page needs one,” she said.

      ## A subhead

      Second paragraph, *italic* and **bold**, and a compound word like well-known.
    photos:
      - {src: photos/p.jpg, caption: A caption., credit: Fuzz}
  - id: b
    section: Sport
    headline: Short one
    body: Just one paragraph of a brief.
`))
	f.Add([]byte(`edition: {date: 2026-01-01}
page: {size: "200mm x 300mm", columns: 3, margins: 10mm}
articles:
  - {id: x, headline: X, body: "Supercalifragilisticexpialidocious-and-then-some-more-words-without-spaces-at-all"}
ads:
  - {id: ad, src: photos/p.jpg, page: 1, columns: 2, rows: 1, position: top}
`))
	dir := f.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "photos"), 0o755); err != nil {
		f.Fatal(err)
	}
	img := image.NewRGBA(image.Rect(0, 0, 320, 200))
	for y := 0; y < 200; y++ {
		for x := 0; x < 320; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 120, 255})
		}
	}
	var jb bytes.Buffer
	if err := jpeg.Encode(&jb, img, nil); err != nil {
		f.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "photos", "p.jpg"), jb.Bytes(), 0o644); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 4096 {
			return // bounded inputs keep each run short
		}
		path := filepath.Join(dir, "edition.yaml")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		ed, err := manifest.Load(path, loadOpts())
		if err != nil || ed.Page.Width*ed.Page.Height > 1e6*1e6*65536*65536/1000 || len(ed.Articles) > 20 {
			return
		}
		res, err := Build(ed, Options{})
		if err != nil {
			return // a reported error is a fine answer to a strange input
		}
		checkGeometry(t, ed, res.Doc)
		var out bytes.Buffer
		if err := pdf.Write(res.Doc, &out); err != nil {
			t.Fatalf("a built edition could not be written: %v", err)
		}
		if b := out.Bytes(); !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.HasSuffix(b, []byte("%%EOF\n")) {
			t.Fatalf("the PDF is not whole (%d bytes)", len(b))
		}
	})
}
