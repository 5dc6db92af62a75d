package photo

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"

	"golang.org/x/image/webp"
)

// decode decodes a whole image (the first frame of a GIF), turning a panic in a
// third-party decoder into an error. The result has its origin at (0,0) and the size the
// header announced.
func decode(format string, data []byte, w, h int) (img image.Image, err error) {
	defer func() {
		if p := recover(); p != nil {
			img, err = nil, fmt.Errorf("decoder panicked: %v", p)
		}
	}()
	r := bytes.NewReader(data)
	switch format {
	case "jpeg":
		img, err = jpeg.Decode(r)
	case "png":
		img, err = png.Decode(r)
	case "gif":
		img, err = gif.Decode(r)
	case "webp":
		img, err = webp.Decode(r)
	default:
		err = fmt.Errorf("no decoder for %q", format)
	}
	if err != nil {
		return nil, err
	}
	want := image.Rect(0, 0, w, h)
	if img.Bounds() == want {
		return img, nil
	}
	// A GIF's first frame may cover only part of its logical screen; the rest is background,
	// which we treat as transparent (white on paper).
	if format != "gif" {
		return nil, fmt.Errorf("decoded size %v differs from the header's %dx%d", img.Bounds().Size(), w, h)
	}
	canvas := image.NewNRGBA(want)
	draw.Draw(canvas, img.Bounds(), img, img.Bounds().Min, draw.Src)
	return canvas, nil
}
