package photo

import (
	"bytes"
	"fmt"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

func TestSameSpecGivesSameBytes(t *testing.T) {
	dir := t.TempDir()
	specs := []Spec{
		{Src: writeFile(t, dir, "photo.jpg", encodeJPEGBytes(t, photoLike(900, 700, 9), 92)), FrameW: 200, FrameH: 120, FocusX: 0.3, FocusY: 0.6},
		{Src: writeFile(t, dir, "photo.png", encodePNGBytes(t, quadrants(300, 200))), FrameW: 100, FrameH: 100, FocusX: 0.5, FocusY: 0.5},
		{Src: writeFile(t, dir, "rotated.jpg", withOrientation(encodeJPEGBytes(t, photoLike(500, 300, 4), 92), 6)), FrameW: 100, FrameH: 150, FocusX: 0.5, FocusY: 0.2},
	}
	var a, b Processor
	all, errs := (&Processor{Workers: 3}).ProcessAll(append(specs, specs...))
	for i, s := range specs {
		x, err := a.Process(s)
		if err != nil {
			t.Fatal(err)
		}
		// The second run on one CPU: the parallel stages split work by CPU count.
		procs := runtime.GOMAXPROCS(1)
		y, err := b.Process(s)
		runtime.GOMAXPROCS(procs)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x.Data, y.Data) {
			t.Errorf("%s: two runs gave different bytes", s.Src)
		}
		for _, j := range []int{i, i + len(specs)} {
			if errs[j] != nil || !bytes.Equal(all[j].Data, x.Data) {
				t.Errorf("ProcessAll result %d differs from Process (%v)", j, errs[j])
			}
		}
	}
}

func TestProcessAllKeepsInputOrderAndReportsErrorsPerPhoto(t *testing.T) {
	dir := t.TempDir()
	var specs []Spec
	for i := range 7 {
		w := 100 + 10*i // distinct sizes identify the results
		specs = append(specs, Spec{Src: writeFile(t, dir, fmt.Sprintf("%d.jpg", i), encodeJPEGBytes(t, photoLike(w, 100, uint32(i)), 80)), FrameW: float64(w), FrameH: 100, PPI: 72})
	}
	specs[3].Src = filepath.Join(dir, "missing.jpg")
	imgs, errs := (&Processor{Workers: 2}).ProcessAll(specs)
	for i := range specs {
		if i == 3 {
			if errs[i] == nil {
				t.Errorf("missing file %d: no error", i)
			}
			continue
		}
		if errs[i] != nil || imgs[i].Width != 100+10*i {
			t.Errorf("result %d: width %d, error %v; want width %d", i, imgs[i].Width, errs[i], 100+10*i)
		}
	}
}

func TestWorkersBoundDecodesInFlight(t *testing.T) {
	dir := t.TempDir()
	var specs []Spec
	for i := range 6 {
		specs = append(specs, Spec{Src: writeFile(t, dir, fmt.Sprintf("%d.jpg", i), encodeJPEGBytes(t, photoLike(800, 600, uint32(i)), 85)), FrameW: 100, FrameH: 100})
	}
	p := &Processor{Workers: 2}
	var wg sync.WaitGroup
	for _, s := range specs { // direct Process calls, all at once
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := p.Process(s); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if peak := p.peak.Load(); peak < 1 || peak > 2 {
		t.Errorf("%d photos were decoded at once, want at most Workers=2", peak)
	}
}
