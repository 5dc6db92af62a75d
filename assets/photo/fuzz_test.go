package photo

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"os"
	"path/filepath"
	"testing"
)

// FuzzProcess feeds arbitrary bytes as a photo file. Whatever the input, Process and
// Inspect return either a result that decodes to the size they claim, or an *Error; never a
// panic, and never ErrInternal (which is what a recovered panic in our own code becomes).
func FuzzProcess(f *testing.F) {
	small := photoLike(24, 16, 1)
	jpg := encodeJPEGBytes(f, small, 80)
	pngData := encodePNGBytes(f, small)
	pal := image.NewPaletted(image.Rect(0, 0, 8, 8), color.Palette{color.White, color.Black, color.Transparent})
	pal.Pix[3] = 1
	var g bytes.Buffer
	if err := gif.Encode(&g, pal, nil); err != nil {
		f.Fatal(err)
	}
	for _, seed := range [][]byte{
		jpg, jpg[:len(jpg)/2], withOrientation(jpg, 6), pngData, pngData[:len(pngData)-20], g.Bytes(),
		pngHeader(60000, 60000), pngHeader(0, 3),
		[]byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), []byte("II*\x00"), []byte("hello"), nil,
	} {
		f.Add(seed)
	}
	for _, name := range []string{"cmyk-ycck.jpg", "cmyk-adobe.jpg", "interlaced16-alpha.png", "lossy-alpha.webp", "lossless-alpha.webp", "progressive.jpg"} {
		if b, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(b)
		}
	}
	// A small pixel limit keeps each run fast; bombs are tested separately.
	p := &Processor{Limits: Limits{MaxPixels: 1 << 20}}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "photo.jpg")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		check := func(err error) {
			var pe *Error
			if !errors.As(err, &pe) || pe.Path != path {
				t.Fatalf("error is not an *Error naming the file: %#v", err)
			}
			if errors.Is(err, ErrInternal) {
				t.Fatalf("internal error: %v", err)
			}
		}
		if _, err := Inspect(path, p.Limits); err != nil {
			check(err)
		}
		img, err := p.Process(Spec{Src: path, FrameW: 30, FrameH: 20, FocusX: 0.3, FocusY: 0.7, PPI: 72})
		if err != nil {
			check(err)
			return
		}
		decodeOutput(t, img)
	})
}
