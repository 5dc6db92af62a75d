package photo

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"os"
	"path/filepath"
	"testing"
)

// Files under testdata/ that Go cannot write are described in testdata/README.md. All are
// 64×48: the top half red, the bottom half blue (or transparent).
func testdataFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// twoHalves is a w×h picture of type m with the top half top and the bottom half bottom.
func twoHalves(m interface {
	image.Image
	Set(x, y int, c color.Color)
}, top, bottom color.Color) {
	b := m.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := top
			if y >= b.Dy()/2 {
				c = bottom
			}
			m.Set(x, y, c)
		}
	}
}

func pngOf(t *testing.T, m image.Image) []byte { return encodePNGBytes(t, m) }

func TestUnusualPixelFormatsBecomeCorrect8BitOutput(t *testing.T) {
	r := image.Rect(0, 0, 64, 48)
	rgba64 := image.NewRGBA64(r)
	twoHalves(rgba64, red, blue)
	gray16 := image.NewGray16(r)
	twoHalves(gray16, color.Gray16{0x2000}, color.Gray16{0xE000})
	halfRed := image.NewNRGBA(r)
	twoHalves(halfRed, color.NRGBA{255, 0, 0, 128}, color.NRGBA{0, 0, 255, 0})
	pal := image.NewPaletted(r, color.Palette{red, color.NRGBA{0, 0, 0, 0}})
	twoHalves(pal, red, color.NRGBA{0, 0, 0, 0})
	var gifBuf bytes.Buffer
	if err := gif.Encode(&gifBuf, pal, nil); err != nil {
		t.Fatal(err)
	}
	gray := image.NewGray(r)
	twoHalves(gray, color.Gray{40}, color.Gray{210})
	pink := color.RGBA{255, 127, 127, 255} // 50% red over white paper

	cases := []struct {
		name        string
		file        string
		data        []byte
		top, bottom color.RGBA
		wantGray    bool
		mayPass     bool // a plain JPEG already at the frame size may be embedded unchanged
	}{
		{name: "CMYK JPEG stored as YCCK (ImageMagick) keeps its colours", file: "cmyk-ycck.jpg", top: red, bottom: blue},
		{name: "Adobe-inverted CMYK JPEG (Photoshop style) keeps its colours", file: "cmyk-adobe.jpg", top: red, bottom: blue},
		{name: "interlaced PNG is decoded", file: "interlaced.png", top: red, bottom: blue},
		{name: "16-bit interlaced PNG with alpha becomes 8-bit on white", file: "interlaced16-alpha.png", top: red, bottom: white},
		{name: "16-bit RGB PNG becomes 8-bit", data: pngOf(t, rgba64), top: red, bottom: blue},
		{name: "16-bit gray PNG becomes 8-bit gray", data: pngOf(t, gray16), top: color.RGBA{32, 32, 32, 255}, bottom: color.RGBA{223, 223, 223, 255}, wantGray: true},
		{name: "semi-transparent PNG is flattened onto white", data: pngOf(t, halfRed), top: pink, bottom: white},
		{name: "paletted PNG with a transparent entry shows white", data: pngOf(t, pal), top: red, bottom: white},
		{name: "GIF transparency shows white", data: gifBuf.Bytes(), top: red, bottom: white},
		{name: "gray JPEG stays gray", data: encodeJPEGBytes(t, gray, 95), top: color.RGBA{40, 40, 40, 255}, bottom: color.RGBA{210, 210, 210, 255}, wantGray: true, mayPass: true},
		{name: "lossy WebP is decoded", file: "lossy.webp", top: red, bottom: blue},
		{name: "lossy WebP with alpha is flattened onto white", file: "lossy-alpha.webp", top: red, bottom: white},
		{name: "lossless WebP with alpha is flattened onto white", file: "lossless-alpha.webp", top: red, bottom: white},
	}
	dir := t.TempDir()
	var p Processor
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := c.data
			name := c.file
			if data == nil {
				data = testdataFile(t, c.file)
			} else {
				name = "generated"
			}
			src := writeFile(t, dir, name, data)
			// 64 px: no resampling; 32 px: resampling only; 16 px: box pre-shrink as well.
			for _, w := range []int{64, 32, 16} {
				img, err := p.Process(Spec{Src: src, FrameW: 64, FrameH: 48, FocusX: 0.5, FocusY: 0.5, PixelWidth: w})
				if err != nil {
					t.Fatal(err)
				}
				if img.PassThrough && !c.mayPass {
					t.Fatalf("width %d: passed through; this input must be re-encoded", w)
				}
				m := decodeOutput(t, img)
				if img.Width != w || img.Height != w*3/4 {
					t.Fatalf("output %dx%d, want %dx%d", img.Width, img.Height, w, w*3/4)
				}
				h := img.Height
				margin := max(1, w/16)
				checkColor(t, "top", m, inner(image.Rect(0, 0, w, h/2), margin), c.top, 24)
				checkColor(t, "bottom", m, inner(image.Rect(0, h/2, w, h), margin), c.bottom, 24)
				_, isGray := m.(*image.Gray)
				if img.Format == "png" {
					isGray = m.ColorModel() == color.GrayModel
				}
				if c.wantGray && !isGray {
					t.Errorf("width %d: %s output decodes as %T, want gray", w, img.Format, m)
				}
			}
		})
	}
}

func TestFlatGraphicsMayBecomePNGAndPhotosStayJPEG(t *testing.T) {
	dir := t.TempDir()
	chart := image.NewRGBA(image.Rect(0, 0, 200, 150))
	fill(chart, chart.Rect, white)
	fill(chart, image.Rect(20, 20, 60, 140), blue)
	fill(chart, image.Rect(80, 60, 120, 140), red)
	fill(chart, image.Rect(0, 140, 200, 142), black)
	var p Processor
	img, err := p.Process(Spec{Src: writeFile(t, dir, "chart.png", encodePNGBytes(t, chart)), FrameW: 200, FrameH: 150, FocusX: 0.5, FocusY: 0.5, PPI: 72})
	if err != nil {
		t.Fatal(err)
	}
	decodeOutput(t, img)
	if img.Format != "png" {
		t.Errorf("a 4-colour chart at its own size came out as %s (%d bytes), want the smaller PNG", img.Format, len(img.Data))
	}
	photo := encodePNGBytes(t, photoLike(200, 150, 7))
	img, err = p.Process(Spec{Src: writeFile(t, dir, "photo.png", photo), FrameW: 200, FrameH: 150, FocusX: 0.5, FocusY: 0.5, PPI: 72})
	if err != nil {
		t.Fatal(err)
	}
	decodeOutput(t, img)
	if img.Format != "jpeg" {
		t.Errorf("a photo saved as PNG came out as %s, want JPEG", img.Format)
	}
}
