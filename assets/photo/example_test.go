package photo_test

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"

	"epaper/assets/photo"
)

// writeSample writes a 3000×2000 JPEG standing in for a camera file.
func writeSample(dir string) string {
	m := image.NewRGBA(image.Rect(0, 0, 3000, 2000))
	for y := range 2000 {
		for x := range 3000 {
			m.Set(x, y, color.RGBA{uint8(x / 12), uint8(y / 8), 120, 255})
		}
	}
	path := filepath.Join(dir, "harbour.jpg")
	f, _ := os.Create(path)
	defer f.Close()
	jpeg.Encode(f, m, nil)
	return path
}

func ExampleProcessor_Process() {
	dir, _ := os.MkdirTemp("", "photo-example")
	defer os.RemoveAll(dir)
	src := writeSample(dir)

	p := &photo.Processor{}
	// A 4×3 inch frame (288×216 pt): the 3:2 picture is cropped to 4:3 around the focus and
	// scaled to 150 ppi.
	img, err := p.Process(photo.Spec{Src: src, FrameW: 288, FrameH: 216, FocusX: 0.5, FocusY: 0.4})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(img.Format, img.Width, img.Height, img.PPI, img.PassThrough)
	// Output: jpeg 600 450 150 false
}

func ExampleInspect() {
	dir, _ := os.MkdirTemp("", "photo-example")
	defer os.RemoveAll(dir)
	src := writeSample(dir)

	info, err := photo.Inspect(src, photo.Limits{})
	fmt.Printf("%+v %v\n", info, err)

	heic := filepath.Join(dir, "IMG_0001.jpg")
	os.WriteFile(heic, []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), 0o644)
	_, err = photo.Inspect(heic, photo.Limits{})
	fmt.Println(errors.Is(err, photo.ErrUnsupported))
	// Output:
	// {Format:jpeg Width:3000 Height:2000 Orientation:1} <nil>
	// true
}
