package photo

import (
	"fmt"
	"image"
	"math"
)

// DefaultPPI is the target resolution when Spec.PPI is 0: newsprint is printed at about
// 100-133 lines per inch, and 150 ppi at the printed size is the usual rule for it.
const DefaultPPI = 150

// passTolerance is how much larger than the target a JPEG may be and still be embedded
// unchanged: up to 25% more pixels across costs less than a second lossy generation.
const passTolerance = 1.25

// plan is every decision about one photo that can be made from its header alone.
type plan struct {
	crop        image.Rectangle // the crop window in stored (not yet oriented) source pixels
	outW, outH  int             // output size in pixels, as displayed
	ppi         float64         // effective resolution at the frame size
	orientation int
	quality     int
	passThrough bool
}

// Plan reports, from the header alone, the pixel size, resolution and pass-through decision
// that Process will make for s, so that a caller can keep pixel widths unique (fpdf needs
// that for reproducible output) before any photo is decoded. Data and Format are left
// empty: whether a graphic is smaller as PNG is known only after decoding. Process can
// still fail where Plan succeeded, on a file whose pixel data is damaged.
func Plan(s Spec, lim Limits) (Image, error) {
	s, err := s.normalize()
	if err != nil {
		return Image{}, err
	}
	f, err := openPhoto(s.Src)
	if err != nil {
		return Image{}, err
	}
	defer f.Close()
	h, err := readHeader(s.Src, f, lim)
	if err != nil {
		return Image{}, err
	}
	pl := makePlan(h, s)
	return Image{Width: pl.outW, Height: pl.outH, PPI: pl.ppi, PassThrough: pl.passThrough}, nil
}

// normalize checks a Spec and fills its defaults.
func (s Spec) normalize() (Spec, error) {
	bad := func(format string, args ...any) (Spec, error) {
		return s, newError(s.Src, ErrInvalidSpec, fmt.Sprintf(format, args...), "", nil)
	}
	if s.Src == "" {
		return bad("no source file given")
	}
	if !(s.FrameW > 0 && s.FrameH > 0) || math.IsInf(s.FrameW, 0) || math.IsInf(s.FrameH, 0) {
		return bad("frame %gx%g pt must have positive, finite width and height", s.FrameW, s.FrameH)
	}
	if s.PPI == 0 {
		s.PPI = DefaultPPI
	}
	if !(s.PPI > 0 && s.PPI <= 10000) {
		return bad("resolution %g ppi must be between 0 and 10000", s.PPI)
	}
	if s.PixelWidth < 0 || s.PixelWidth > 1<<16 {
		return bad("pixel width %d must be between 0 and 65536", s.PixelWidth)
	}
	if s.Quality == 0 {
		s.Quality = DefaultQuality
	}
	if s.Quality < 1 || s.Quality > 100 {
		return bad("JPEG quality %d must be between 1 and 100", s.Quality)
	}
	s.FocusX, s.FocusY = unitOrHalf(s.FocusX), unitOrHalf(s.FocusY)
	return s, nil
}

func unitOrHalf(f float64) float64 {
	if math.IsNaN(f) {
		return 0.5
	}
	return math.Min(1, math.Max(0, f))
}

// makePlan decides the crop window, the output size and whether the original bytes can be
// used. s must be normalized.
func makePlan(h header, s Spec) plan {
	p := plan{orientation: h.Orientation, quality: s.Quality}
	W, H := h.Width, h.Height // displayed
	aspect := s.FrameW / s.FrameH

	// The largest window of the frame's aspect, centred on the focus as far as the edges allow.
	cw, ch := W, H
	if float64(W) >= float64(H)*aspect {
		cw = roundClamp(float64(H)*aspect, 1, W)
	} else {
		ch = roundClamp(float64(W)/aspect, 1, H)
	}
	x0 := roundClamp(s.FocusX*float64(W)-float64(cw)/2, 0, W-cw)
	y0 := roundClamp(s.FocusY*float64(H)-float64(ch)/2, 0, H-ch)
	p.crop = displayToStored(image.Rect(x0, y0, x0+cw, y0+ch), h.Orientation, h.srcW, h.srcH)

	inches := s.FrameW / 72
	target := s.PixelWidth
	if target == 0 {
		target = roundClamp(inches*s.PPI, 1, 1<<24)
	}
	if pt, ok := passThroughOK(h, s, target, aspect); ok {
		p.passThrough = true
		p.crop = image.Rect(0, 0, h.srcW, h.srcH)
		p.outW, p.outH = W, H
		p.ppi = pt
		return p
	}
	// Never upscale: a crop narrower than the target is used at its own size.
	p.outW = min(target, cw)
	p.outH = roundClamp(float64(p.outW)/aspect, 1, ch)
	if p.outW == cw && abs(p.outH-ch) <= 1 {
		p.outH = ch // within a pixel of the crop: no pointless resampling
	}
	p.ppi = float64(p.outW) / inches
	return p
}

// passThroughOK reports whether the original JPEG can be embedded as it is, and its
// resolution at the frame size if so.
func passThroughOK(h header, s Spec, target int, aspect float64) (float64, bool) {
	if h.Format != "jpeg" || h.Orientation != 1 || !h.jpeg.ycbcrOrGray() {
		return 0, false
	}
	if math.Abs(float64(h.Width)/float64(h.Height)/aspect-1) > 0.01 {
		return 0, false
	}
	if s.PixelWidth != 0 {
		// The caller asked for an exact width (to keep widths unique in the PDF).
		if h.Width != s.PixelWidth {
			return 0, false
		}
	} else if h.Width < target || float64(h.Width) > passTolerance*float64(target) {
		return 0, false
	}
	return float64(h.Width) / (s.FrameW / 72), true
}

// displayToStored maps a rectangle in displayed (oriented) coordinates to the stored
// image's coordinates, for EXIF orientation o and stored size w×h.
func displayToStored(r image.Rectangle, o, w, h int) image.Rectangle {
	ax, ay := storedPoint(r.Min.X, r.Min.Y, o, w, h)
	bx, by := storedPoint(r.Max.X-1, r.Max.Y-1, o, w, h)
	return image.Rect(min(ax, bx), min(ay, by), max(ax, bx)+1, max(ay, by)+1)
}

// storedPoint returns the stored pixel shown at displayed pixel (x, y).
func storedPoint(x, y, o, w, h int) (int, int) {
	switch o {
	case 2: // mirrored horizontally
		return w - 1 - x, y
	case 3: // rotated 180°
		return w - 1 - x, h - 1 - y
	case 4: // mirrored vertically
		return x, h - 1 - y
	case 5: // transposed
		return y, x
	case 6: // needs 90° clockwise rotation
		return y, h - 1 - x
	case 7: // transversed
		return w - 1 - y, h - 1 - x
	case 8: // needs 90° counter-clockwise rotation
		return w - 1 - y, x
	}
	return x, y
}

// roundClamp rounds f to the nearest integer in [lo, hi]. Clamping happens before the
// conversion: converting an out-of-range float to int is undefined in Go.
func roundClamp(f float64, lo, hi int) int {
	switch {
	case math.IsNaN(f) || f <= float64(lo):
		return lo
	case f >= float64(hi):
		return hi
	}
	return clampInt(int(math.Round(f)), lo, hi)
}

func clampInt(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
