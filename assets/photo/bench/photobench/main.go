// Command photobench runs the photo stage (photo.Processor.ProcessAll) over every image in
// a folder at a fixed output width, the way compare.sh runs libvips and ImageMagick over
// the same files, and prints the wall time. It writes the results to -out so that sizes
// and quality can be compared too.
//
//	go run ./assets/photo/bench/photobench -width 1200 -quality 85 out/stress/photos
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"epaper/assets/photo"
)

func main() {
	width := flag.Int("width", 1200, "output width in pixels (never upscaled)")
	quality := flag.Int("quality", 85, "JPEG quality")
	workers := flag.Int("workers", 0, "photos decoded at once (0 = the pipeline's default: one per CPU)")
	out := flag.String("out", "", "folder to write the results into (empty: discard them)")
	cacheDir := flag.String("cache", "", "photo cache folder (empty: no cache, a cold run)")
	repeat := flag.Int("repeat", 1, "runs; the fastest is printed")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile to this file")
	onlyMP := flag.Bool("megapixels", false, "only print the images' total megapixels (from their headers)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: photobench [flags] DIR|FILE...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	if *onlyMP {
		*repeat = 0
	}
	if err := run(flag.Args(), *width, *quality, *workers, *out, *cacheDir, *repeat, *cpuprofile); err != nil {
		fmt.Fprintln(os.Stderr, "photobench:", err)
		os.Exit(1)
	}
}

func run(args []string, width, quality, workers int, out, cacheDir string, repeat int, cpuprofile string) error {
	files, err := listImages(args)
	if err != nil {
		return err
	}
	specs := make([]photo.Spec, 0, len(files))
	pixels := 0.0
	for _, f := range files {
		info, err := photo.Inspect(f, photo.Limits{})
		if err != nil {
			return err
		}
		// The frame has the photo's own aspect, so nothing is cropped: the same job as
		// `vips thumbnail` and `convert -resize WIDTHx`.
		specs = append(specs, photo.Spec{Src: f, FrameW: float64(info.Width), FrameH: float64(info.Height),
			PixelWidth: min(width, info.Width), Quality: quality})
		pixels += float64(info.Width) * float64(info.Height)
	}
	if repeat == 0 {
		fmt.Printf("%.1f\n", pixels/1e6)
		return nil
	}
	var cache *photo.Cache
	if cacheDir != "" {
		if cache, err = photo.OpenCache(cacheDir); err != nil {
			return err
		}
	}
	if cpuprofile != "" {
		f, err := os.Create(cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	best := time.Duration(1<<63 - 1)
	var imgs []photo.Image
	var st photo.Stats
	for range max(1, repeat) {
		p := &photo.Processor{Workers: workers, Cache: cache}
		start := time.Now()
		var errs []error
		imgs, errs = p.ProcessAll(specs)
		best = min(best, time.Since(start))
		for i, err := range errs {
			if err != nil {
				return fmt.Errorf("%s: %w", files[i], err)
			}
		}
		st = p.Stats()
		runtime.GC() // one run's garbage is not the next run's cost
	}
	if out != "" {
		if err := os.MkdirAll(out, 0o755); err != nil {
			return err
		}
		for i, im := range imgs {
			name := strings.TrimSuffix(filepath.Base(files[i]), filepath.Ext(files[i])) + "." + im.Format
			if err := os.WriteFile(filepath.Join(out, name), im.Data, 0o644); err != nil {
				return err
			}
		}
	}
	fmt.Printf("photobench: %d photos, %.0f MP, %d CPUs: %.3f s, %.1f MP/s (decoded %d, cached %d, passed through %d)\n",
		len(files), pixels/1e6, runtime.GOMAXPROCS(0), best.Seconds(), pixels/1e6/best.Seconds(), st.Decoded, st.CacheHits, st.PassThrough)
	return nil
}

// listImages expands folders into the image files they hold, sorted by name.
func listImages(args []string) ([]string, error) {
	var files []string
	for _, a := range args {
		st, err := os.Stat(a)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			files = append(files, a)
			continue
		}
		entries, err := os.ReadDir(a)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			switch strings.ToLower(filepath.Ext(e.Name())) {
			case ".jpg", ".jpeg", ".png", ".webp", ".gif":
				files = append(files, filepath.Join(a, e.Name()))
			}
		}
	}
	slices.Sort(files)
	if len(files) == 0 {
		return nil, fmt.Errorf("no images in %s", strings.Join(args, ", "))
	}
	return files, nil
}
