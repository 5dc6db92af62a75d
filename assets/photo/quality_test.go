package photo

import (
	"bytes"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"
)

// TestMeasureJPEGQuality prints the size/fidelity table behind DefaultQuality. It needs
// real photographs (synthetic noise compresses unlike real texture), so it runs only when
// EPAPER_PHOTO_QUALITY names them, e.g.
//
//	EPAPER_PHOTO_QUALITY='/usr/share/backgrounds/mate/nature/*.jpg' go test -run MeasureJPEGQuality -v ./assets/photo/
//
// Each photo is cropped to 3:2 and resampled as for a three-column newspaper frame (160 mm
// wide, 945 px at 150 ppi); that picture is the reference, and each quality is scored by
// bytes per pixel, PSNR and SSIM of the decoded JPEG against it.
func TestMeasureJPEGQuality(t *testing.T) {
	glob := os.Getenv("EPAPER_PHOTO_QUALITY")
	if glob == "" {
		t.Skip("set EPAPER_PHOTO_QUALITY to a glob of real photos to measure")
	}
	paths, err := filepath.Glob(glob)
	if err != nil || len(paths) == 0 {
		t.Fatalf("no photos match %q (%v)", glob, err)
	}
	qualities := []int{70, 75, 80, 82, 85, 88, 90, 92, 95}
	type score struct{ bpp, psnr, ssim float64 }
	sum := make([]score, len(qualities))
	const frameW, frameH = 160 / 25.4 * 72, 160 / 25.4 * 72 * 2 / 3
	for _, path := range paths {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		h, err := readHeaderBytes(path, data, Limits{})
		if err != nil {
			t.Fatal(err)
		}
		s, _ := Spec{Src: path, FrameW: frameW, FrameH: frameH, FocusX: 0.5, FocusY: 0.5}.normalize()
		pl := makePlan(h, s)
		src, err := decode(h.Format, data, h.srcW, h.srcH)
		if err != nil {
			t.Fatal(err)
		}
		sw, sh := pl.outW, pl.outH
		if pl.orientation >= 5 {
			sw, sh = sh, sw
		}
		ref := finish(orient(resample(src, pl.crop, sw, sh, boxMargin), pl.orientation))
		px := float64(ref.Bounds().Dx() * ref.Bounds().Dy())
		t.Logf("%s: %dx%d -> %dx%d", filepath.Base(path), h.Width, h.Height, ref.Bounds().Dx(), ref.Bounds().Dy())
		for i, q := range qualities {
			enc, err := encodeJPEG(ref, q)
			if err != nil {
				t.Fatal(err)
			}
			dec, err := jpeg.Decode(bytes.NewReader(enc))
			if err != nil {
				t.Fatal(err)
			}
			sc := score{8 * float64(len(enc)) / px, psnr(ref, dec), ssim(ref, dec)}
			t.Logf("  q=%d  %6.0f KB  %.2f bpp  %.2f dB  SSIM %.4f", q, float64(len(enc))/1024, sc.bpp, sc.psnr, sc.ssim)
			sum[i].bpp += sc.bpp
			sum[i].psnr += sc.psnr
			sum[i].ssim += sc.ssim
		}
	}
	n := float64(len(paths))
	t.Logf("mean over %d photos at 945 px wide (150 ppi, 160 mm):", len(paths))
	for i, q := range qualities {
		t.Logf("  q=%d  %.2f bpp (%3.0f KB per 945x630)  %.2f dB  SSIM %.4f", q, sum[i].bpp/n,
			sum[i].bpp/n*945*630/8/1024, sum[i].psnr/n, sum[i].ssim/n)
	}
}
