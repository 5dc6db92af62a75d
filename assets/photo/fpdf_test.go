package photo

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
)

// embedAll places every image on one page with fpdf, the way the PDF backend will.
func embedAll(t testing.TB, imgs []Image) []byte {
	t.Helper()
	pdf := fpdf.New("P", "pt", "A4", "")
	pdf.SetAutoPageBreak(false, 0)
	pdf.AddPage()
	for i, img := range imgs {
		name := fmt.Sprintf("img%d", i)
		typ := map[string]string{"jpeg": "JPG", "png": "PNG"}[img.Format]
		pdf.RegisterImageOptionsReader(name, fpdf.ImageOptions{ImageType: typ}, bytes.NewReader(img.Data))
		if pdf.Err() {
			t.Fatalf("image %d (%s): fpdf: %v", i, describe(img), pdf.Error())
		}
		pdf.ImageOptions(name, float64(10+60*(i%9)), float64(10+60*(i/9)), 50, 0, false, fpdf.ImageOptions{ImageType: typ}, 0, "")
	}
	var out bytes.Buffer
	if err := pdf.Output(&out); err != nil {
		t.Fatalf("fpdf output: %v", err)
	}
	return out.Bytes()
}

func TestEveryKindOfOutputEmbedsInFPDF(t *testing.T) {
	dir := t.TempDir()
	twoColour := image.NewRGBA(image.Rect(0, 0, 60, 40))
	fill(twoColour, twoColour.Rect, white)
	fill(twoColour, image.Rect(10, 10, 50, 30), black)
	chart := image.NewRGBA(image.Rect(0, 0, 60, 40))
	for i := range 12 {
		fill(chart, image.Rect(5*i, 0, 5*i+5, 40), color.RGBA{uint8(20 * i), uint8(255 - 20*i), 100, 255})
	}
	gray := image.NewGray(image.Rect(0, 0, 300, 200))
	for i := range gray.Pix {
		gray.Pix[i] = uint8(i * 7 % 256)
	}
	sources := []struct {
		name string
		data []byte
		w, h float64
		want string // the kind of output this source must produce
	}{
		{"photo.jpg", encodeJPEGBytes(t, photoLike(400, 300, 1), 90), 100, 75, "jpeg"},
		{"gray.jpg", encodeJPEGBytes(t, gray, 90), 100, 50, "jpeg"},
		{"bw.png", encodePNGBytes(t, twoColour), 60, 40, "png"},
		{"chart.png", encodePNGBytes(t, chart), 60, 40, "png"},
		{"cmyk.jpg", testdataFile(t, "cmyk-ycck.jpg"), 64, 48, "jpeg"},
		{"deep.png", testdataFile(t, "interlaced16-alpha.png"), 64, 48, ""},
		{"progressive.jpg", testdataFile(t, "progressive.jpg"), 57.6, 38.4, "jpeg"},
		{"passthrough.jpg", testdataFile(t, "progressive.jpg"), 120, 80, "jpeg"}, // 120×80 px at 72 ppi
		{"lossy.webp", testdataFile(t, "lossy.webp"), 64, 48, ""},
	}
	var p Processor
	var imgs []Image
	for _, s := range sources {
		img, err := p.Process(Spec{Src: writeFile(t, dir, s.name, s.data), FrameW: s.w, FrameH: s.h, FocusX: 0.5, FocusY: 0.5, PPI: 72})
		if err != nil {
			t.Fatal(err)
		}
		if s.want != "" && img.Format != s.want {
			t.Errorf("%s became %s, want %s", s.name, img.Format, s.want)
		}
		if img.PassThrough != (s.name == "passthrough.jpg") {
			t.Errorf("%s: PassThrough = %v", s.name, img.PassThrough)
		}
		imgs = append(imgs, img)
	}
	pdf := embedAll(t, imgs)
	if n := strings.Count(string(pdf), "/Subtype /Image"); n != len(imgs) {
		t.Errorf("PDF has %d image objects, want %d", n, len(imgs))
	}
}
