package photo

import (
	"image"
	"image/color"
	"math"
	"testing"
)

var magenta = color.RGBA{255, 0, 255, 255}

// markerBounds returns the bounding box of the magenta pixels in m.
func markerBounds(m image.Image) image.Rectangle {
	var box image.Rectangle
	b := m.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.NRGBAModel.Convert(m.At(x, y)).(color.NRGBA)
			if c.R > 180 && c.G < 100 && c.B > 180 {
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return box
}

func TestCropFollowsFocusWithoutDistortion(t *testing.T) {
	// A 400×300 photo with a 40×40 magenta square centred at (340, 60).
	src := image.NewRGBA(image.Rect(0, 0, 400, 300))
	for y := range 300 {
		for x := range 400 {
			src.Set(x, y, color.RGBA{uint8(60 + x/4), uint8(80 + y/4), 90, 255})
		}
	}
	fill(src, image.Rect(320, 40, 360, 80), magenta)
	path := writeFile(t, t.TempDir(), "marker.png", encodePNGBytes(t, src))
	mx, my := 340.0/400, 60.0/300

	cases := []struct {
		name           string
		frameW, frameH float64
		focusX, focusY float64
		wantMarker     bool
	}{
		{"square frame focused on the marker shows it", 100, 100, mx, my, true},
		{"tall frame focused on the marker shows it", 50, 100, mx, my, true},
		{"wide frame focused on the marker shows it", 300, 100, mx, my, true},
		{"focus at the far edge beyond the image is clamped and still shows it", 50, 100, 1, 0, true},
		{"square frame focused bottom-left leaves it out", 100, 100, 0, 1, false},
		{"tall frame focused left leaves it out", 50, 100, 0, 0.5, false},
	}
	var p Processor
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			img, err := p.Process(Spec{Src: path, FrameW: c.frameW, FrameH: c.frameH, FocusX: c.focusX, FocusY: c.focusY, PPI: 108})
			if err != nil {
				t.Fatal(err)
			}
			m := decodeOutput(t, img)
			wantH := float64(img.Width) * c.frameH / c.frameW
			if math.Abs(float64(img.Height)-wantH) > 1 {
				t.Errorf("output %dx%d: aspect differs from the frame's %g:%g by more than a pixel", img.Width, img.Height, c.frameW, c.frameH)
			}
			box := markerBounds(m)
			if got := !box.Empty(); got != c.wantMarker {
				t.Fatalf("marker visible = %v, want %v (output %dx%d)", got, c.wantMarker, img.Width, img.Height)
			}
			if !c.wantMarker {
				return
			}
			// Square stays square: the scale is the same on both axes. A marker cut by the
			// image edge is not checked.
			if box.Min.X > 0 && box.Min.Y > 0 && box.Max.X < img.Width && box.Max.Y < img.Height {
				if d := box.Dx() - box.Dy(); d < -2 || d > 2 {
					t.Errorf("marker is %dx%d in the output, want square", box.Dx(), box.Dy())
				}
			}
		})
	}
}

func TestOutputSizeFollowsResolutionButNeverUpscales(t *testing.T) {
	dir := t.TempDir()
	big := writeFile(t, dir, "big.jpg", encodeJPEGBytes(t, photoLike(1600, 1200, 1), 90))
	small := writeFile(t, dir, "small.jpg", encodeJPEGBytes(t, photoLike(100, 80, 2), 90))
	cases := []struct {
		name         string
		spec         Spec
		wantW, wantH int
		wantPPI      float64
	}{
		{"150 ppi by default", Spec{Src: big, FrameW: 288, FrameH: 144}, 600, 300, 150},
		{"explicit ppi", Spec{Src: big, FrameW: 288, FrameH: 216, PPI: 100}, 400, 300, 100},
		{"exact pixel width", Spec{Src: big, FrameW: 288, FrameH: 144, PixelWidth: 601}, 601, 301, 601.0 / 4},
		{"small source is used at its own size, with the lower ppi reported", Spec{Src: small, FrameW: 300, FrameH: 200}, 100, 67, 24},
		{"pixel width beyond the crop is not honoured by upscaling", Spec{Src: small, FrameW: 100, FrameH: 80, PixelWidth: 500}, 100, 80, 72},
	}
	var p Processor
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.spec.FocusX, c.spec.FocusY = 0.5, 0.5
			img, err := p.Process(c.spec)
			if err != nil {
				t.Fatal(err)
			}
			decodeOutput(t, img)
			checkPlan(t, c.spec, img)
			if img.Width != c.wantW || img.Height != c.wantH || math.Abs(img.PPI-c.wantPPI) > 1e-9 {
				t.Errorf("got %dx%d at %g ppi, want %dx%d at %g ppi", img.Width, img.Height, img.PPI, c.wantW, c.wantH, c.wantPPI)
			}
		})
	}
}
