package photo

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"
)

// rgbVariants rewrites a YCbCr 4:4:4 JPEG into files image/jpeg reads as RGB.
func rgbVariants(t *testing.T) map[string][]byte {
	data, err := os.ReadFile(filepath.Join("testdata", "scaled-444.jpg"))
	if err != nil {
		t.Fatal(err)
	}
	// strip JFIF APP0 (bytes 2..2+2+16)
	if data[2] != 0xFF || data[3] != 0xE0 {
		t.Fatal("no app0")
	}
	l := int(data[4])<<8 | int(data[5])
	noJFIF := append(append([]byte{}, data[:2]...), data[4+l:]...)
	ids := append([]byte{}, noJFIF...)
	sof := bytes.Index(ids, []byte{0xFF, 0xC0})
	ids[sof+10], ids[sof+13], ids[sof+16] = 'R', 'G', 'B'
	sos := bytes.Index(ids, []byte{0xFF, 0xDA})
	ids[sos+5], ids[sos+7], ids[sos+9] = 'R', 'G', 'B'
	adobe := []byte{0xFF, 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0}
	withAdobe := append(append(append([]byte{}, noJFIF[:2]...), adobe...), noJFIF[2:]...)
	return map[string][]byte{"ids RGB": ids, "adobe transform 0": withAdobe}
}

func TestZZRGB(t *testing.T) {
	for name, data := range rgbVariants(t) {
		full, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(name, err)
		}
		got, err := decodeJPEGScaled(data, 2)
		t.Logf("%s: image/jpeg %T, scaled %T err %v", name, full, got, err)
		h, err := readHeaderBytes("x.jpg", data, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		crop := full.Bounds()
		src, win, err := decodeFor(h, data, crop, crop.Dx()/3, crop.Dy()/3)
		if err != nil {
			t.Fatal(err)
		}
		a := resample(src, win, crop.Dx()/3, crop.Dy()/3, boxMargin)
		b := resample(full, crop, crop.Dx()/3, crop.Dy()/3, boxMargin)
		p := func(m *image.NRGBA, x, y int) string { return fmt.Sprint(m.NRGBAAt(x, y)) }
		t.Logf("%s: decodeFor %T; PSNR vs image/jpeg path %.1f dB; pixel(10,10) %s vs %s", name, src, psnr(a, b), p(a, 10, 10), p(b, 10, 10))
	}
}
