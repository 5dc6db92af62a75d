package photo

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"testing"
)

func TestPassThroughOnlyWhenTheOriginalIsAlreadyRight(t *testing.T) {
	dir := t.TempDir()
	jpg := func(w, h int) []byte { return encodeJPEGBytes(t, photoLike(w, h, uint32(w*h)), 85) }
	gray := image.NewGray(image.Rect(0, 0, 600, 400))
	for i := range gray.Pix {
		gray.Pix[i] = uint8(i % 251)
	}
	// The frame is 4 in × 2⅔ in: 600×400 px at 150 ppi.
	cases := []struct {
		name       string
		data       []byte
		pixelWidth int
		want       bool
	}{
		{"baseline JPEG at the target size", jpg(600, 400), 0, true},
		{"JPEG up to 1.25× the target size", jpg(740, 493), 0, true},
		{"progressive JPEG", nil, 0, true}, // testdata/progressive.jpg, framed below at its own size
		{"gray JPEG", encodeJPEGBytes(t, gray, 85), 0, true},
		{"aspect within 1% of the frame", jpg(600, 404), 0, true},
		{"explicit orientation 1", withOrientation(jpg(600, 400), 1), 0, true},
		{"exact pixel width equal to the source width", jpg(620, 413), 620, true},
		{"aspect 5% off the frame", jpg(600, 420), 0, false},
		{"more than 1.25× the target size", jpg(800, 533), 0, false},
		{"smaller than the target", jpg(500, 333), 0, false},
		{"rotated by EXIF orientation", withOrientation(jpg(600, 400), 3), 0, false},
		{"exact pixel width differing from the source", jpg(620, 413), 619, false},
		{"CMYK JPEG", testdataFile(t, "cmyk-adobe.jpg"), 0, false},
	}
	var p Processor
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			spec := Spec{FrameW: 288, FrameH: 192, FocusX: 0.5, FocusY: 0.5, PixelWidth: c.pixelWidth}
			data := c.data
			if data == nil {
				data = testdataFile(t, "progressive.jpg") // 120×80
				spec.FrameW, spec.FrameH = 57.6, 38.4
			}
			if c.name == "CMYK JPEG" { // 64×48, exactly the frame
				spec.FrameW, spec.FrameH = 30.72, 23.04
			}
			spec.Src = writeFile(t, dir, fmt.Sprintf("%d.jpg", i), data)
			img, err := p.Process(spec)
			if err != nil {
				t.Fatal(err)
			}
			decodeOutput(t, img)
			checkPlan(t, spec, img)
			if img.PassThrough != c.want {
				t.Fatalf("PassThrough = %v, want %v (output %dx%d)", img.PassThrough, c.want, img.Width, img.Height)
			}
			if same := bytes.Equal(img.Data, data); same != c.want {
				t.Errorf("output identical to the original = %v, want %v", same, c.want)
			}
			if c.pixelWidth != 0 && img.Width != c.pixelWidth {
				t.Errorf("width %d, want the requested %d", img.Width, c.pixelWidth)
			}
		})
	}
}

func TestTruncatedJPEGIsRejectedEvenWhenItWouldPassThrough(t *testing.T) {
	dir := t.TempDir()
	var p Processor
	for _, c := range []struct {
		name string
		data []byte
		spec Spec
	}{
		{"baseline", encodeJPEGBytes(t, photoLike(600, 400, 3), 85), Spec{FrameW: 288, FrameH: 192}},
		{"progressive", testdataFile(t, "progressive.jpg"), Spec{FrameW: 57.6, FrameH: 38.4}},
	} {
		t.Run(c.name, func(t *testing.T) {
			whole := c.spec
			whole.Src = writeFile(t, dir, c.name+"-whole.jpg", c.data)
			if img, err := p.Process(whole); err != nil || !img.PassThrough {
				t.Fatalf("the intact file should pass through: %v, %v", img.PassThrough, err)
			}
			cut := c.spec
			cut.Src = writeFile(t, dir, c.name+"-cut.jpg", c.data[:len(c.data)*2/3])
			_, err := p.Process(cut)
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("error %v, want ErrCorrupt", err)
			}
		})
	}
}

// checkPlan asserts that Plan, reading only the header, predicted what Process did.
func checkPlan(t *testing.T, spec Spec, img Image) {
	t.Helper()
	plan, err := Plan(spec, Limits{})
	if err != nil {
		t.Fatalf("Plan: %v", err)
	}
	if plan.Width != img.Width || plan.Height != img.Height || plan.PPI != img.PPI || plan.PassThrough != img.PassThrough {
		t.Errorf("Plan predicted %s, Process made %s", describe(plan), describe(img))
	}
}
