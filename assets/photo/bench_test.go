package photo

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/disintegration/imaging"
)

// A 24-megapixel camera-sized photo, made once per test binary (about 3 s).
var big24 = sync.OnceValue(func() []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, photoLike(6000, 4000, 24), &jpeg.Options{Quality: 90}); err != nil {
		panic(err)
	}
	return b.Bytes()
})

// frame1200 asks for 1200×800 px: a 576×384 pt frame at 150 ppi.
func frame1200(src string) Spec {
	return Spec{Src: src, FrameW: 576, FrameH: 384, FocusX: 0.5, FocusY: 0.5}
}

func reportMPs(b *testing.B, megapixels float64) {
	b.ReportMetric(megapixels*float64(b.N)/b.Elapsed().Seconds(), "MP/s")
}

// measureCPU reports CPU milliseconds per op (summed over threads) when the returned
// function is called after the loop.
func measureCPU(b *testing.B) func() {
	start := cpuTime()
	return func() {
		b.ReportMetric(float64((cpuTime()-start).Milliseconds())/float64(b.N), "cpu-ms/op")
	}
}

func BenchmarkProcess(b *testing.B) {
	src := writeFile(b, b.TempDir(), "24mp.jpg", big24())
	spec := frame1200(src)
	b.Run("nocache", func(b *testing.B) {
		loopProcess(b, &Processor{}, spec, 24)
	})
	b.Run("cache", func(b *testing.B) {
		// An hour old, as photos on disk are: its hash is remembered, so a hit does not
		// read it (see racySlack).
		old := time.Now().Add(-time.Hour)
		if err := os.Chtimes(src, old, old); err != nil {
			b.Fatal(err)
		}
		cache, err := OpenCache(b.TempDir())
		if err != nil {
			b.Fatal(err)
		}
		p := &Processor{Cache: cache}
		if _, err := p.Process(spec); err != nil {
			b.Fatal(err)
		}
		done := measureCPU(b)
		for b.Loop() {
			if _, err := p.Process(spec); err != nil {
				b.Fatal(err)
			}
		}
		done()
		if p.Stats().Decoded != 1 {
			b.Fatalf("decoded %d times; the cache did not hit", p.Stats().Decoded)
		}
		reportMPs(b, 24)
	})
}

// formatSources are the same 6 MP photo-like picture in each format the pipeline reads,
// made once per test binary. Go writes baseline JPEG and PNG; progressive JPEG and WebP
// need jpegtran (libjpeg-turbo-progs) and cwebp or ImageMagick's convert, and are left
// out where those are missing.
var formatSources = sync.OnceValue(func() map[string][]byte {
	m := photoLike(3000, 2000, 31)
	var jpg, pngData bytes.Buffer
	if err := jpeg.Encode(&jpg, m, &jpeg.Options{Quality: 90}); err != nil {
		panic(err)
	}
	if err := png.Encode(&pngData, m); err != nil {
		panic(err)
	}
	out := map[string][]byte{"jpeg-baseline": jpg.Bytes(), "png": pngData.Bytes()}
	convert := func(data []byte, tool ...string) []byte {
		if _, err := exec.LookPath(tool[0]); err != nil {
			return nil
		}
		dir, err := os.MkdirTemp("", "photo-bench-")
		if err != nil {
			return nil
		}
		defer os.RemoveAll(dir)
		in, outPath := filepath.Join(dir, "in.jpg"), filepath.Join(dir, "out")
		if os.WriteFile(in, data, 0o644) != nil {
			return nil
		}
		args := append([]string(nil), tool[1:]...)
		for i, a := range args {
			args[i] = strings.NewReplacer("IN", in, "OUT", outPath).Replace(a)
		}
		if exec.Command(tool[0], args...).Run() != nil {
			return nil
		}
		b, _ := os.ReadFile(outPath)
		return b
	}
	if b := convert(jpg.Bytes(), "jpegtran", "-progressive", "-copy", "none", "-outfile", "OUT", "IN"); b != nil {
		out["jpeg-progressive"] = b
	}
	if b := convert(jpg.Bytes(), "cwebp", "-quiet", "-q", "90", "IN", "-o", "OUT"); b != nil {
		out["webp"] = b
	} else if b := convert(jpg.Bytes(), "/usr/bin/convert", "IN", "-quality", "90", "webp:OUT"); b != nil {
		out["webp"] = b
	}
	return out
})

// BenchmarkProcessFormats measures the cold photo stage per input format: one 6 MP photo
// to 1200×800, no cache. MP/s is megapixels of input per second.
func BenchmarkProcessFormats(b *testing.B) {
	srcs := formatSources()
	for _, name := range []string{"jpeg-baseline", "jpeg-progressive", "png", "webp"} {
		b.Run(name, func(b *testing.B) {
			data, ok := srcs[name]
			if !ok {
				b.Skip("no tool to write it (see formatSources)")
			}
			spec := frame1200(writeFile(b, b.TempDir(), "photo."+name, data))
			loopProcess(b, &Processor{}, spec, 6)
		})
	}
}

// BenchmarkProcessAll shows what decoding several photos at once gains (Go's JPEG
// decoder uses one core).
func BenchmarkProcessAll(b *testing.B) {
	dir := b.TempDir()
	var specs []Spec
	for i := range 4 {
		specs = append(specs, frame1200(writeFile(b, dir, fmt.Sprintf("%d.jpg", i), big24())))
		specs[i].FocusX = 0.4 + 0.05*float64(i) // distinct specs: no de-duplication
	}
	for _, workers := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			p := &Processor{Workers: workers}
			done := measureCPU(b)
			for b.Loop() {
				if _, errs := p.ProcessAll(specs); errs[0] != nil {
					b.Fatal(errs[0])
				}
			}
			done()
			reportMPs(b, 24*float64(len(specs)))
		})
	}
}

// BenchmarkStages splits one 24 MP photo's time into decode, resample and encode.
func BenchmarkStages(b *testing.B) {
	data := big24()
	src, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		b.Fatal(err)
	}
	crop := image.Rect(0, 0, 6000, 4000)
	out := resample(src, crop, 1200, 800, boxMargin)
	b.Run("decode", func(b *testing.B) {
		done := measureCPU(b)
		for b.Loop() {
			if _, err := jpeg.Decode(bytes.NewReader(data)); err != nil {
				b.Fatal(err)
			}
		}
		done()
	})
	b.Run("resample", func(b *testing.B) {
		done := measureCPU(b)
		for b.Loop() {
			resample(src, crop, 1200, 800, boxMargin)
		}
		done()
	})
	b.Run("encode", func(b *testing.B) {
		done := measureCPU(b)
		for b.Loop() {
			if _, err := encodeJPEG(finish(out), DefaultQuality); err != nil {
				b.Fatal(err)
			}
		}
		done()
	})
}

// resampleImaging is resample with one of imaging's filters in place of ours, for comparison.
func resampleImaging(src image.Image, crop image.Rectangle, sw, sh int, filter imaging.ResampleFilter, margin int) *image.NRGBA {
	k := max(1, min(crop.Dx()/(sw*margin), crop.Dy()/(sh*margin)))
	crop = trimToMultiple(crop, k)
	return imaging.Resize(reduce(src, crop, k), sw, sh, filter)
}

// BenchmarkResampleOptions compares filters and box pre-shrink margins on a 24 MP photo
// to 1200 px: time per op, and fidelity ("dB", PSNR against imaging's Lanczos without
// pre-shrink). "ours" is the pipeline's fixed-point Lanczos.
func BenchmarkResampleOptions(b *testing.B) {
	src, err := jpeg.Decode(bytes.NewReader(big24()))
	if err != nil {
		b.Fatal(err)
	}
	crop := image.Rect(0, 0, 6000, 4000)
	const noBox = 1 << 20
	ref := resampleImaging(src, crop, 1200, 800, imaging.Lanczos, noBox)
	filters := []struct {
		name string
		f    func(margin int) *image.NRGBA
	}{{"ours", func(m int) *image.NRGBA { return resample(src, crop, 1200, 800, m) }}}
	for _, f := range []struct {
		name string
		f    imaging.ResampleFilter
	}{{"Lanczos", imaging.Lanczos}, {"CatmullRom", imaging.CatmullRom}, {"Linear", imaging.Linear}, {"Box", imaging.Box}} {
		filters = append(filters, struct {
			name string
			f    func(margin int) *image.NRGBA
		}{f.name, func(m int) *image.NRGBA { return resampleImaging(src, crop, 1200, 800, f.f, m) }})
	}
	for _, f := range filters {
		for _, margin := range []int{noBox, 3, 2, 1} {
			name := fmt.Sprintf("%s/box-margin=%d", f.name, margin)
			if margin == noBox {
				name = f.name + "/no-box"
			}
			b.Run(name, func(b *testing.B) {
				var out *image.NRGBA
				done := measureCPU(b)
				for b.Loop() {
					out = f.f(margin)
				}
				done()
				b.ReportMetric(psnr(ref, out), "dB")
			})
		}
	}
}

// loopProcess times p processing spec, a photo of mp megapixels, reporting CPU time and MP/s.
func loopProcess(b *testing.B, p *Processor, spec Spec, mp float64) {
	done := measureCPU(b)
	for b.Loop() {
		if _, err := p.Process(spec); err != nil {
			b.Fatal(err)
		}
	}
	done()
	reportMPs(b, mp)
}
