package photo

import (
	"fmt"
	"image"
	"image/color"
	"testing"

	"github.com/disintegration/imaging"
)

// storedFor returns the picture a camera would store so that a viewer honouring EXIF
// orientation o shows disp: the inverse of each orientation's transform, built with
// imaging (independent of our own coordinate mapping).
func storedFor(disp image.Image, o int) image.Image {
	switch o {
	case 2:
		return imaging.FlipH(disp)
	case 3:
		return imaging.Rotate180(disp)
	case 4:
		return imaging.FlipV(disp)
	case 5:
		return imaging.Transpose(disp)
	case 6: // shown rotated 90° clockwise, so stored 90° counter-clockwise
		return imaging.Rotate90(disp)
	case 7:
		return imaging.Transverse(disp)
	case 8:
		return imaging.Rotate270(disp)
	}
	return disp
}

func TestEveryEXIFOrientationComesOutUpright(t *testing.T) {
	dir := t.TempDir()
	const w, h = 80, 40 // displayed size; stored 40×80 for orientations 5-8
	disp := quadrants(w, h)
	var p Processor
	for o := 1; o <= 8; o++ {
		t.Run(fmt.Sprintf("orientation %d", o), func(t *testing.T) {
			src := writeFile(t, dir, fmt.Sprintf("o%d.jpg", o), withOrientation(encodeJPEGBytes(t, storedFor(disp, o), 95), o))

			info, err := Inspect(src, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if want := (Info{Format: "jpeg", Width: w, Height: h, Orientation: o}); info != want {
				t.Errorf("Inspect = %+v, want %+v", info, want)
			}

			// Whole picture at 72 ppi: one output pixel per point, no resampling.
			spec := Spec{Src: src, FrameW: w, FrameH: h, FocusX: 0.5, FocusY: 0.5, PPI: 72}
			img, err := p.Process(spec)
			if err != nil {
				t.Fatal(err)
			}
			checkPlan(t, spec, img)
			if img.PassThrough != (o == 1) {
				t.Errorf("PassThrough = %v; only orientation 1 may pass through", img.PassThrough)
			}
			m := decodeOutput(t, img)
			if img.Width != w || img.Height != h {
				t.Fatalf("output %dx%d, want %dx%d", img.Width, img.Height, w, h)
			}
			checkColor(t, "top left", m, inner(image.Rect(0, 0, w/2, h/2), 4), red, 40)
			checkColor(t, "top right", m, inner(image.Rect(w/2, 0, w, h/2), 4), green, 40)
			checkColor(t, "bottom left", m, inner(image.Rect(0, h/2, w/2, h), 4), blue, 40)
			checkColor(t, "bottom right", m, inner(image.Rect(w/2, h/2, w, h), 4), yellow, 40)

			// The focus is in displayed coordinates: a square frame focused on the right
			// shows the green/yellow half, focused on the left the red/blue half.
			for _, c := range []struct {
				focusX      float64
				top, bottom color.RGBA
			}{{0, red, blue}, {1, green, yellow}} {
				img, err := p.Process(Spec{Src: src, FrameW: h, FrameH: h, FocusX: c.focusX, FocusY: 0.5, PPI: 72})
				if err != nil {
					t.Fatal(err)
				}
				m := decodeOutput(t, img)
				if img.Width != h || img.Height != h {
					t.Fatalf("square crop is %dx%d, want %dx%d", img.Width, img.Height, h, h)
				}
				checkColor(t, fmt.Sprintf("focusX=%v top", c.focusX), m, inner(image.Rect(0, 0, h, h/2), 4), c.top, 40)
				checkColor(t, fmt.Sprintf("focusX=%v bottom", c.focusX), m, inner(image.Rect(0, h/2, h, h), 4), c.bottom, 40)
			}
		})
	}
}
