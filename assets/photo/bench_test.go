package photo

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"sync"
	"testing"

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
		p := &Processor{}
		done := measureCPU(b)
		for b.Loop() {
			if _, err := p.Process(spec); err != nil {
				b.Fatal(err)
			}
		}
		done()
		reportMPs(b, 24)
	})
	b.Run("cache", func(b *testing.B) {
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
	out := resample(src, crop, 1200, 800, resampler, boxMargin)
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
			resample(src, crop, 1200, 800, resampler, boxMargin)
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

// BenchmarkResampleOptions compares filters and box pre-shrink margins on a 24 MP photo
// to 1200 px: time per op, and fidelity ("dB", PSNR against Lanczos without pre-shrink).
func BenchmarkResampleOptions(b *testing.B) {
	src, err := jpeg.Decode(bytes.NewReader(big24()))
	if err != nil {
		b.Fatal(err)
	}
	crop := image.Rect(0, 0, 6000, 4000)
	const noBox = 1 << 20
	ref := resample(src, crop, 1200, 800, imaging.Lanczos, noBox)
	filters := []struct {
		name string
		f    imaging.ResampleFilter
	}{{"Lanczos", imaging.Lanczos}, {"CatmullRom", imaging.CatmullRom}, {"Linear", imaging.Linear}, {"Box", imaging.Box}}
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
					out = resample(src, crop, 1200, 800, f.f, margin)
				}
				done()
				b.ReportMetric(psnr(ref, out), "dB")
			})
		}
	}
}
