package photo

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// pngHeader returns a PNG signature and a valid IHDR chunk for a w×h 8-bit RGB image,
// followed by nothing else: enough for the header to be read, not the pixels.
func pngHeader(w, h uint32) []byte {
	b := []byte("\x89PNG\r\n\x1a\n")
	var ihdr []byte
	ihdr = binary.BigEndian.AppendUint32(ihdr, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 2, 0, 0, 0)
	b = binary.BigEndian.AppendUint32(b, uint32(len(ihdr)))
	chunk := append([]byte("IHDR"), ihdr...)
	b = append(b, chunk...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(chunk))
}

// patchSOF returns a copy of a JPEG with its frame header changed by f(marker, segment).
func patchSOF(t *testing.T, jpg []byte, f func(seg []byte)) []byte {
	t.Helper()
	out := append([]byte{}, jpg...)
	for i := 2; i+1 < len(out); i++ {
		if out[i] == 0xFF && out[i+1] == 0xC0 {
			f(out[i+1:])
			return out
		}
	}
	t.Fatal("no SOF0 in the JPEG")
	return nil
}

func TestBadInputsGiveClearErrorsNamingTheFile(t *testing.T) {
	dir := t.TempDir()
	goodJPEG := encodeJPEGBytes(t, photoLike(64, 48, 5), 85)
	goodPNG := encodePNGBytes(t, photoLike(64, 48, 6))
	garbage := make([]byte, 4096)
	rnd := rand.New(rand.NewPCG(1, 2))
	for i := range garbage {
		garbage[i] = byte(rnd.IntN(256))
	}
	garbage[0] = 0x00 // not accidentally a magic number

	cases := []struct {
		name     string
		file     string
		data     []byte
		kind     error
		contains []string
		header   bool // Inspect, which reads only the header, must report it too
	}{
		{"empty file", "empty.jpg", []byte{}, ErrEmpty, []string{"empty"}, true},
		{"text file named .jpg", "notes.jpg", []byte("Caption: the mayor opens the bridge\n"), ErrNotImage, []string{"text file", "Caption"}, true},
		{"HTML page saved as .jpg", "page.jpg", []byte("<!DOCTYPE html><html><body>404</body></html>"), ErrNotImage, []string{"HTML"}, true},
		{"garbage named .jpg", "noise.jpg", garbage, ErrNotImage, []string{"unrecognised"}, true},
		{"PDF", "ad.jpg", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), ErrUnsupported, []string{"PDF", "export"}, true},
		{"HEIC from an iPhone", "IMG_0001.HEIC", []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic\x00\x00\x00\x00"), ErrUnsupported, []string{"HEIC", "convert it to JPEG"}, true},
		{"HEIC renamed to .jpg", "IMG_0002.jpg", []byte("\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00mif1heic\x00\x00\x00\x00"), ErrUnsupported, []string{"HEIC"}, true},
		{"AVIF", "x.avif", []byte("\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf\x00\x00\x00\x00"), ErrUnsupported, []string{"AVIF", "convert it to JPEG"}, true},
		{"TIFF", "scan.tif", []byte("II*\x00\x08\x00\x00\x00\x00\x00"), ErrUnsupported, []string{"TIFF", "convert it to JPEG"}, true},
		{"big-endian TIFF", "scan2.tif", []byte("MM\x00*\x00\x00\x00\x08\x00\x00"), ErrUnsupported, []string{"TIFF"}, true},
		{"BMP", "x.bmp", append([]byte("BM\x36\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00\x28\x00\x00\x00"), make([]byte, 40)...), ErrUnsupported, []string{"BMP", "convert it to JPEG"}, true},
		{"Photoshop document", "x.psd", []byte("8BPS\x00\x01\x00\x00\x00\x00\x00\x00"), ErrUnsupported, []string{"Photoshop"}, true},
		{"SVG", "logo.svg", []byte("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), ErrUnsupported, []string{"SVG", "PNG"}, true},
		{"truncated JPEG", "cut.jpg", goodJPEG[:len(goodJPEG)/2], ErrCorrupt, []string{"truncated or corrupt JPEG"}, false},
		{"JPEG cut inside its header", "cut2.jpg", goodJPEG[:100], ErrCorrupt, []string{"JPEG"}, true},
		{"JPEG signature then garbage", "bad.jpg", append([]byte("\xff\xd8\xff"), garbage...), ErrCorrupt, []string{"JPEG"}, true},
		{"truncated PNG", "cut.png", goodPNG[:len(goodPNG)/2], ErrCorrupt, []string{"truncated or corrupt PNG"}, false},
		{"arithmetic-coded JPEG", "arith.jpg", patchSOF(t, goodJPEG, func(s []byte) { s[0] = 0xC9 }), ErrUnsupported, []string{"arithmetic-coded JPEG", "re-save"}, true},
		{"PNG header bomb", "bomb.png", pngHeader(60000, 60000), ErrTooLarge, []string{"60000×60000 = 3600 MP exceeds the limit of 100 MP", "--max-pixels"}, true},
		{"JPEG header bomb", "bomb.jpg", patchSOF(t, goodJPEG, func(s []byte) { binary.BigEndian.PutUint16(s[4:], 12000); binary.BigEndian.PutUint16(s[6:], 12000) }), ErrTooLarge, []string{"12000×12000 = 144 MP exceeds the limit of 100 MP"}, true},
		{"zero-height JPEG", "zero.jpg", patchSOF(t, goodJPEG, func(s []byte) { binary.BigEndian.PutUint16(s[4:], 0) }), ErrZeroSize, []string{"64×0"}, true},
		{"zero-width PNG", "zero.png", pngHeader(0, 10), ErrZeroSize, []string{"0×10"}, true},
		{"zero-size GIF", "zero.gif", []byte("GIF89a\x00\x00\x00\x00\x00\x00\x00;"), ErrZeroSize, []string{"0×0"}, true},
	}
	p := Processor{}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := writeFile(t, dir, c.file, c.data)
			_, err := p.Process(Spec{Src: path, FrameW: 100, FrameH: 75, FocusX: 0.5, FocusY: 0.5})
			checkError(t, err, path, c.kind, c.contains)
			if c.header {
				start := time.Now()
				_, err := Inspect(path, Limits{})
				checkError(t, err, path, c.kind, c.contains)
				if d := time.Since(start); d > 50*time.Millisecond {
					t.Errorf("Inspect took %v; it must read only the header", d)
				}
			}
		})
	}
}

func checkError(t *testing.T, err error, path string, kind error, contains []string) {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Fatalf("error %v, want kind %v", err, kind)
	}
	var pe *Error
	if !errors.As(err, &pe) || pe.Path != path {
		t.Errorf("error %#v does not carry the path %s", err, path)
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, path+": ") {
		t.Errorf("message %q does not start with the file name", msg)
	}
	for _, s := range contains {
		if !strings.Contains(msg, s) {
			t.Errorf("message %q does not mention %q", msg, s)
		}
	}
}

func TestFileSystemErrors(t *testing.T) {
	dir := t.TempDir()
	var p Processor
	spec := func(path string) Spec { return Spec{Src: path, FrameW: 100, FrameH: 75} }

	missing := filepath.Join(dir, "nope.jpg")
	_, err := p.Process(spec(missing))
	checkError(t, err, missing, ErrNotFound, []string{"not found"})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a missing file's error should also match fs.ErrNotExist: %v", err)
	}
	_, err = Inspect(missing, Limits{})
	checkError(t, err, missing, ErrNotFound, nil)

	_, err = p.Process(spec(dir))
	checkError(t, err, dir, ErrUnreadable, []string{"directory"})

	locked := writeFile(t, dir, "locked.jpg", encodeJPEGBytes(t, photoLike(8, 8, 1), 80))
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	if f, err := os.Open(locked); err == nil {
		f.Close()
		t.Log("running with privileges that ignore file permissions; unreadable-file case not exercised")
	} else {
		_, err = p.Process(spec(locked))
		checkError(t, err, locked, ErrUnreadable, []string{"permission denied"})
	}
}

func TestInvalidSpecsAreRejected(t *testing.T) {
	src := writeFile(t, t.TempDir(), "ok.jpg", encodeJPEGBytes(t, photoLike(64, 48, 1), 80))
	var p Processor
	for _, s := range []Spec{
		{Src: src, FrameW: 0, FrameH: 10},
		{Src: src, FrameW: 10, FrameH: -1},
		{Src: src, FrameW: 10, FrameH: 10, PPI: -5},
		{Src: src, FrameW: 10, FrameH: 10, Quality: 101},
		{Src: src, FrameW: 10, FrameH: 10, PixelWidth: -1},
	} {
		if _, err := p.Process(s); !errors.Is(err, ErrInvalidSpec) {
			t.Errorf("%+v: error %v, want ErrInvalidSpec", s, err)
		}
	}
}

func TestLimitCanBeRaised(t *testing.T) {
	src := writeFile(t, t.TempDir(), "wide.png", encodePNGBytes(t, image.NewGray(image.Rect(0, 0, 300, 200))))
	if _, err := Inspect(src, Limits{MaxPixels: 50_000}); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("60000 px over a 50000 px limit: %v, want ErrTooLarge", err)
	}
	p := Processor{Limits: Limits{MaxPixels: 60_000}}
	if _, err := p.Process(Spec{Src: src, FrameW: 30, FrameH: 20}); err != nil {
		t.Fatalf("exactly at the limit: %v", err)
	}
}

func TestExtremeButValidFramesStillGiveAnImage(t *testing.T) {
	src := writeFile(t, t.TempDir(), "ok.jpg", encodeJPEGBytes(t, photoLike(64, 48, 1), 80))
	var p Processor
	for _, s := range []Spec{
		{FrameW: 1e300, FrameH: 1},
		{FrameW: 1, FrameH: 1e300},
		{FrameW: 1e-300, FrameH: 1},
		{FrameW: 100, FrameH: 100, FocusX: math.Inf(1), FocusY: math.NaN()},
		{FrameW: 100, FrameH: 100, FocusX: -3, FocusY: 7, PPI: 10000},
	} {
		s.Src = src
		img, err := p.Process(s)
		if err != nil {
			t.Errorf("%+v: %v", s, err)
			continue
		}
		decodeOutput(t, img)
	}
}
