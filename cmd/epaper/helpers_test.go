package main

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sampleEdition is the real sample edition, the fixture for the happy path and the fault tests.
var sampleEdition = filepath.Join("..", "..", "editions", "2026-03-14", "edition.yaml")

// samplePDF is where build puts the sample edition inside an output folder.
const samplePDF = "2026-03-14/the-riverside-courier-city-2026-03-14.pdf"

// result is what one in-process run of the CLI produced.
type result struct {
	code           int
	stdout, stderr string
}

// runCLI runs the command line in-process, as main would, with captured streams.
func runCLI(t testing.TB, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(append([]string{"epaper"}, args...), &out, &errb)
	return result{code, out.String(), errb.String()}
}

// baseManifest is a small valid edition: three articles in two sections, one photo and one ad.
// Bad-input cases are made by editing it, so each case differs from a known-good file by one
// mistake. The ad and the second section give the cases something to get wrong.
const baseManifest = `# A small edition used by the CLI tests.
edition:
  paper: The Test Gazette
  name: Morning
  date: 2026-03-14
  language: en-US
page:
  size: a4
  margins: 12mm
  columns: 4
  gutter: 4mm
  rows: 6
sections: [Front Page, Local]
articles:
  - id: bridge-vote
    section: Front Page
    priority: 1
    headline: Council approves a new footbridge over the river
    byline: By Ada Lindqvist
    body: |
      ` + para1 + `

      ` + para2 + `

      ## What happens next

      ` + para3 + `
    photos:
      - src: photos/bridge.jpg
        caption: The old crossing at dusk.
        credit: Photo/Test Desk
  - id: library-hours
    section: Local
    headline: Library opens on Sundays from next month
    body: |
      ` + para2 + `

      ` + para1 + `
  - id: market-day
    section: Local
    priority: 4
    headline: Farmers' market returns to the square
    body: |
      ` + para3 + `
ads:
  - id: shop-ad
    src: ads/shop.png
    page: 1
    columns: 2
    rows: 1
    position: bottom-right
`

const (
	para1 = "The city council voted on Tuesday to build a footbridge beside the old stone crossing, ending a debate that has run for most of a decade. The bridge will carry walkers and cyclists, and work is due to begin in the spring once the river is low enough for the piers to be set."
	para2 = "Officials said the money would come from the transport budget and a grant from the county, and that the old crossing would stay open to cars throughout the work. Residents who spoke at the meeting welcomed the plan but asked for lighting along the towpath and for benches on both banks."
	para3 = "The contract will be put out to tender next month. Engineers expect the work to take about eighteen months, with the deck lifted into place in one night so that the river stays open to boats for all but a few hours."
)

// edition is a fixture folder: a manifest plus its photo and ad.
type edition struct {
	dir      string // the edition's folder
	manifest string // absolute path of the manifest
	text     string // the manifest as written
}

// newEdition writes the base manifest, edited by the replacements (old, new pairs), into a new
// folder, with a JPEG photo and a PNG ad. Each old string must occur in the manifest, so a
// case cannot silently test the unedited file.
func newEdition(t testing.TB, edits ...string) *edition {
	t.Helper()
	return writeEdition(t, filepath.Join(t.TempDir(), "edition"), edits...)
}

// writeEdition is newEdition into the folder dir.
func writeEdition(t testing.TB, dir string, edits ...string) *edition {
	t.Helper()
	if len(edits)%2 != 0 {
		t.Fatalf("newEdition: odd number of edit strings")
	}
	text := baseManifest
	for i := 0; i < len(edits); i += 2 {
		if !strings.Contains(text, edits[i]) {
			t.Fatalf("newEdition: %q is not in the base manifest", edits[i])
		}
		text = strings.Replace(text, edits[i], edits[i+1], 1)
	}
	writeFile(t, filepath.Join(dir, "photos", "bridge.jpg"), jpegBytes(t, gradient(480, 320)))
	// The ad has its frame's 2:1 aspect (two columns by one module row on A4) and 200 ppi.
	writeFile(t, filepath.Join(dir, "ads", "shop.png"), pngBytes(t, gradient(720, 360)))
	ed := &edition{dir: dir, manifest: filepath.Join(dir, "edition.yaml"), text: text}
	writeFile(t, ed.manifest, []byte(text))
	return ed
}

// line returns the 1-based line of the first occurrence of s in the manifest.
func (e *edition) line(t testing.TB, s string) int {
	t.Helper()
	i := strings.Index(e.text, s)
	if i < 0 {
		t.Fatalf("%q is not in the manifest", s)
	}
	return strings.Count(e.text[:i], "\n") + 1
}

func writeFile(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// gradient is a smooth test picture, so that encoders produce realistic data.
func gradient(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			m.SetRGBA(x, y, color.RGBA{uint8(40 + 200*x/w), uint8(60 + 150*y/h), uint8(180 - 120*x/w), 255})
		}
	}
	return m
}

func jpegBytes(t testing.TB, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, m, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func pngBytes(t testing.TB, m image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, m); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pngChunk encodes one PNG chunk with its length and CRC.
func pngChunk(typ string, data []byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, uint32(len(data)))
	b.WriteString(typ)
	b.Write(data)
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	binary.Write(&b, binary.BigEndian, crc.Sum32())
	return b.Bytes()
}

func pngIHDR(w, h int, depth, colorType, interlace byte) []byte {
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9], ihdr[12] = depth, colorType, interlace
	return pngChunk("IHDR", ihdr)
}

const pngSignature = "\x89PNG\r\n\x1a\n"

// interlacedPNG encodes m as an Adam7-interlaced 8-bit RGB PNG, which Go's encoder cannot
// write: the seven passes each hold every dx-th pixel of every dy-th row from (x0, y0).
func interlacedPNG(t testing.TB, m image.Image) []byte {
	t.Helper()
	passes := [7][4]int{{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}}
	r := m.Bounds()
	var raw bytes.Buffer
	for _, p := range passes {
		x0, y0, dx, dy := p[0], p[1], p[2], p[3]
		if x0 >= r.Dx() || y0 >= r.Dy() {
			continue // an empty pass has no rows at all, not even filter bytes
		}
		for y := y0; y < r.Dy(); y += dy {
			raw.WriteByte(0) // filter: none
			for x := x0; x < r.Dx(); x += dx {
				c := color.RGBAModel.Convert(m.At(r.Min.X+x, r.Min.Y+y)).(color.RGBA)
				raw.Write([]byte{c.R, c.G, c.B})
			}
		}
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(raw.Bytes())
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	b.WriteString(pngSignature)
	b.Write(pngIHDR(r.Dx(), r.Dy(), 8, 2, 1))
	b.Write(pngChunk("IDAT", z.Bytes()))
	b.Write(pngChunk("IEND", nil))
	out := b.Bytes()
	// The fixture must really be interlaced and decodable, or the case tests nothing.
	got, err := png.Decode(bytes.NewReader(out))
	if err != nil || got.Bounds().Size() != r.Size() {
		t.Fatalf("interlacedPNG wrote an unusable file: %v", err)
	}
	return out
}

// bombPNG is a valid PNG header that claims width×height pixels, followed by a tiny IDAT:
// what a decompression bomb looks like to anything that reads the header first.
func bombPNG(w, h int) []byte {
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(make([]byte, 1024))
	zw.Close()
	var b bytes.Buffer
	b.WriteString(pngSignature)
	b.Write(pngIHDR(w, h, 8, 2, 0))
	b.Write(pngChunk("IDAT", z.Bytes()))
	b.Write(pngChunk("IEND", nil))
	return b.Bytes()
}

// pdfProblem says what is wrong with a file that should be a complete PDF, or "".
func pdfProblem(data []byte) string {
	switch {
	case !bytes.HasPrefix(data, []byte("%PDF-")):
		return "does not start with %PDF-"
	case !bytes.HasSuffix(bytes.TrimRight(data, "\r\n"), []byte("%%EOF")):
		return "does not end with %%EOF"
	}
	// The tail must hold a trailer and a startxref pointing at the cross-reference table.
	tail := data[max(0, len(data)-1024):]
	if !bytes.Contains(tail, []byte("trailer")) {
		return "no trailer near the end"
	}
	i := bytes.LastIndex(tail, []byte("startxref"))
	if i < 0 {
		return "no startxref near the end"
	}
	var off int
	fields := strings.Fields(string(tail[i+len("startxref"):]))
	if len(fields) == 0 {
		return "startxref has no offset"
	}
	for _, c := range fields[0] {
		if c < '0' || c > '9' {
			return "startxref offset is not a number"
		}
		off = off*10 + int(c-'0')
	}
	if off <= 0 || off >= len(data) || !bytes.HasPrefix(data[off:], []byte("xref")) {
		return "startxref does not point at an xref table"
	}
	return ""
}

// checkPDF fails the test unless path is a complete PDF.
func checkPDF(t testing.TB, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading the output: %v", err)
	}
	if p := pdfProblem(data); p != "" {
		t.Fatalf("%s (%d bytes): %s", path, len(data), p)
	}
}

// editionFilesUnder is filesUnder without the e-paper companions a successful build writes
// beside each PDF (its article map and archive page) and the archive index at the top: what
// remains are the PDFs and anything that should not be there, such as temporary files.
func editionFilesUnder(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	all := filesUnder(t, dir)
	have := map[string]bool{}
	for _, f := range all {
		have[f] = true
	}
	for _, f := range all {
		base := strings.TrimSuffix(strings.TrimSuffix(f, ".json"), ".html")
		switch {
		case f == "index.html" || f == "index.json":
		case base != f && have[base+".pdf"]:
		default:
			out = append(out, f)
		}
	}
	return out
}

// filesUnder lists every regular file below dir, relative to it ("" entries for none).
func filesUnder(t testing.TB, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && p == dir {
				return filepath.SkipDir
			}
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
