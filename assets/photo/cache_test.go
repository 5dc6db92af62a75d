package photo

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// cacheEntries lists the entry files in a cache directory.
func cacheEntries(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, cacheSuffix) {
			out = append(out, p)
		}
		return nil
	})
	return out
}

func TestCacheHitReturnsIdenticalBytesWithoutDecoding(t *testing.T) {
	dir := t.TempDir()
	cache, err := OpenCache(filepath.Join(dir, "cache"))
	if err != nil {
		t.Fatal(err)
	}
	src := writeFile(t, dir, "photo.jpg", encodeJPEGBytes(t, photoLike(800, 600, 1), 90))
	spec := Spec{Src: src, FrameW: 150, FrameH: 100, FocusX: 0.5, FocusY: 0.5}

	p := &Processor{Cache: cache}
	first, err := p.Process(spec)
	if err != nil {
		t.Fatal(err)
	}
	second, err := p.Process(spec)
	if err != nil {
		t.Fatal(err)
	}
	if st := p.Stats(); st.Decoded != 1 || st.CacheHits != 1 {
		t.Errorf("stats %+v, want 1 decode and 1 cache hit", st)
	}
	if !bytes.Equal(first.Data, second.Data) || first.Width != second.Width || first.Height != second.Height ||
		first.PPI != second.PPI || first.Format != second.Format {
		t.Errorf("cached result differs: %+v vs %+v", describe(first), describe(second))
	}

	// Another processor (another run of the program) finds the same entry.
	q := &Processor{Cache: cache}
	if third, err := q.Process(spec); err != nil || !bytes.Equal(third.Data, first.Data) || q.Stats().Decoded != 0 {
		t.Errorf("second processor: err %v, decoded %d", err, q.Stats().Decoded)
	}

	// Any change to a parameter or to the source's content is a different entry.
	changed := spec
	changed.FocusY = 0.1 // moves the 800×533 window within the 800×600 picture
	if _, err := q.Process(changed); err != nil || q.Stats().Decoded != 1 {
		t.Errorf("new focus: err %v, decoded %d, want a fresh decode", err, q.Stats().Decoded)
	}
	writeFile(t, dir, "photo.jpg", encodeJPEGBytes(t, photoLike(800, 600, 2), 90))
	if img, err := q.Process(spec); err != nil || q.Stats().Decoded != 2 || bytes.Equal(img.Data, first.Data) {
		t.Errorf("new content under the same name: err %v, decoded %d; want a fresh result", err, q.Stats().Decoded)
	}
}

func describe(img Image) string {
	return fmt.Sprintf("%s %dx%d %gppi pass=%v %d bytes", img.Format, img.Width, img.Height, img.PPI, img.PassThrough, len(img.Data))
}

func TestCacheStoresThePassThroughVerdictNotACopy(t *testing.T) {
	dir := t.TempDir()
	cache, err := OpenCache(filepath.Join(dir, "cache"))
	if err != nil {
		t.Fatal(err)
	}
	orig := encodeJPEGBytes(t, photoLike(600, 400, 8), 85)
	spec := Spec{Src: writeFile(t, dir, "p.jpg", orig), FrameW: 288, FrameH: 192}
	p := &Processor{Cache: cache}
	for range 2 {
		img, err := p.Process(spec)
		if err != nil || !img.PassThrough || !bytes.Equal(img.Data, orig) {
			t.Fatalf("pass-through: %v, %v", describe(img), err)
		}
	}
	if st := p.Stats(); st.Decoded != 1 || st.CacheHits != 1 || st.PassThrough != 2 {
		t.Errorf("stats %+v: want the verification decode once, then the cached verdict", st)
	}
	for _, e := range cacheEntries(t, cache.Dir) {
		if st, _ := os.Stat(e); st.Size() > 1024 {
			t.Errorf("entry %s is %d bytes: it copies the original", e, st.Size())
		}
	}
}

func TestDamagedCacheEntriesAreIgnoredAndRebuilt(t *testing.T) {
	dir := t.TempDir()
	cache, err := OpenCache(filepath.Join(dir, "cache"))
	if err != nil {
		t.Fatal(err)
	}
	spec := Spec{Src: writeFile(t, dir, "p.jpg", encodeJPEGBytes(t, photoLike(500, 400, 3), 85)), FrameW: 100, FrameH: 100}
	p := &Processor{Cache: cache}
	want, err := p.Process(spec)
	if err != nil {
		t.Fatal(err)
	}
	entries := cacheEntries(t, cache.Dir)
	if len(entries) != 1 {
		t.Fatalf("%d cache entries, want 1", len(entries))
	}
	entry := entries[0]
	good, _ := os.ReadFile(entry)
	damage := map[string]func([]byte) []byte{
		"empty":       func([]byte) []byte { return nil },
		"cut in half": func(b []byte) []byte { return b[:len(b)/2] },
		"one byte flipped": func(b []byte) []byte {
			c := append([]byte{}, b...)
			c[len(c)-10] ^= 0x40
			return c
		},
		"garbage":        func([]byte) []byte { return []byte("not a cache entry at all\n{}\n") },
		"header mangled": func(b []byte) []byte { return bytes.Replace(b, []byte(`"len":`), []byte(`"len":1`), 1) },
	}
	for name, f := range damage {
		t.Run(name, func(t *testing.T) {
			if err := os.WriteFile(entry, f(good), 0o644); err != nil {
				t.Fatal(err)
			}
			before := p.Stats().Decoded
			got, err := p.Process(spec)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Data, want.Data) {
				t.Error("result after damage differs")
			}
			if p.Stats().Decoded != before+1 {
				t.Error("a damaged entry was used instead of decoding")
			}
			if now, _ := os.ReadFile(entry); !bytes.Equal(now, good) {
				t.Error("the entry was not rebuilt")
			}
		})
	}
}

func TestConcurrentGoroutinesShareOneCacheEntry(t *testing.T) {
	dir := t.TempDir()
	spec := Spec{Src: writeFile(t, dir, "p.jpg", encodeJPEGBytes(t, photoLike(400, 300, 5), 85)), FrameW: 200, FrameH: 100}
	for round := range 3 {
		cache, err := OpenCache(filepath.Join(dir, fmt.Sprint("cache", round)))
		if err != nil {
			t.Fatal(err)
		}
		const n = 8
		results := make([][]byte, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				img, err := (&Processor{Cache: cache}).Process(spec)
				results[i], errs[i] = img.Data, err
			}()
		}
		wg.Wait()
		for i := range n {
			if errs[i] != nil || !bytes.Equal(results[i], results[0]) {
				t.Fatalf("goroutine %d: %v (or different bytes)", i, errs[i])
			}
		}
		if e := cacheEntries(t, cache.Dir); len(e) != 1 {
			t.Errorf("%d entries, want 1", len(e))
		}
	}
}

// TestHelperProcessCache is run as a separate process by TestConcurrentProcessesShareOneCacheEntry.
func TestHelperProcessCache(t *testing.T) {
	if os.Getenv("EPAPER_PHOTO_HELPER") != "1" {
		t.Skip("helper for TestConcurrentProcessesShareOneCacheEntry")
	}
	cache, err := OpenCache(os.Getenv("EPAPER_PHOTO_CACHE"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := (&Processor{Cache: cache}).Process(Spec{Src: os.Getenv("EPAPER_PHOTO_SRC"), FrameW: 200, FrameH: 100})
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(img.Data)
	fmt.Println("RESULT", hex.EncodeToString(sum[:]))
}

func TestConcurrentProcessesShareOneCacheEntry(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	dir := t.TempDir()
	src := writeFile(t, dir, "p.jpg", encodeJPEGBytes(t, photoLike(600, 400, 6), 85))
	want, err := (&Processor{}).Process(Spec{Src: src, FrameW: 200, FrameH: 100})
	if err != nil {
		t.Fatal(err)
	}
	wantSum := sha256.Sum256(want.Data)
	cacheDir := filepath.Join(dir, "cache")
	const n = 4
	outs := make([][]byte, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcessCache$", "-test.count=1")
			cmd.Env = append(os.Environ(), "EPAPER_PHOTO_HELPER=1", "EPAPER_PHOTO_CACHE="+cacheDir, "EPAPER_PHOTO_SRC="+src)
			outs[i], errs[i] = cmd.CombinedOutput()
		}()
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil || !strings.Contains(string(outs[i]), "RESULT "+hex.EncodeToString(wantSum[:])) {
			t.Errorf("process %d: %v\n%s", i, errs[i], outs[i])
		}
	}
	if e := cacheEntries(t, cacheDir); len(e) != 1 {
		t.Errorf("%d entries, want 1", len(e))
	}
	// And the entry they left is served as a hit.
	cache, _ := OpenCache(cacheDir)
	p := &Processor{Cache: cache}
	if img, err := p.Process(Spec{Src: src, FrameW: 200, FrameH: 100}); err != nil || !bytes.Equal(img.Data, want.Data) || p.Stats().CacheHits != 1 {
		t.Errorf("after the race: %v, hits %d", err, p.Stats().CacheHits)
	}
}

func TestPruneRemovesOnlyOldCacheFiles(t *testing.T) {
	dir := t.TempDir()
	cache, err := OpenCache(filepath.Join(dir, "cache"))
	if err != nil {
		t.Fatal(err)
	}
	p := &Processor{Cache: cache}
	old := Spec{Src: writeFile(t, dir, "a.jpg", encodeJPEGBytes(t, photoLike(300, 200, 1), 85)), FrameW: 50, FrameH: 50}
	fresh := Spec{Src: writeFile(t, dir, "b.jpg", encodeJPEGBytes(t, photoLike(300, 200, 2), 85)), FrameW: 50, FrameH: 50}
	if _, err := p.Process(old); err != nil {
		t.Fatal(err)
	}
	longAgo := time.Now().Add(-48 * time.Hour)
	for _, e := range cacheEntries(t, cache.Dir) {
		os.Chtimes(e, longAgo, longAgo)
	}
	if _, err := p.Process(fresh); err != nil {
		t.Fatal(err)
	}
	stray := writeFile(t, cache.Dir, "README", []byte("not ours"))
	os.Chtimes(stray, longAgo, longAgo)
	abandoned := writeFile(t, cache.Dir, tmpPrefix+"123", []byte("partial"))
	os.Chtimes(abandoned, longAgo, longAgo)

	removed, err := cache.Prune(24 * time.Hour)
	if err != nil || removed != 2 {
		t.Fatalf("Prune removed %d (%v), want the old entry and the abandoned temp file", removed, err)
	}
	if _, err := os.Stat(stray); err != nil {
		t.Error("Prune removed a file the cache did not make")
	}
	before := p.Stats().Decoded
	p.Process(fresh)
	p.Process(old)
	if got := p.Stats().Decoded - before; got != 1 {
		t.Errorf("after Prune: %d decodes, want 1 (the old entry only)", got)
	}
}

func TestOpenCacheRejectsAFile(t *testing.T) {
	f := writeFile(t, t.TempDir(), "file", []byte("x"))
	if _, err := OpenCache(f); err == nil {
		t.Error("OpenCache on a regular file succeeded")
	}
}

// TestNotesComeBackUntilDamagedOrPruned: a note reads back as written, reading it keeps it
// young, a damaged note reads as missing, and Prune removes a note no build has read lately.
func TestNotesComeBackUntilDamagedOrPruned(t *testing.T) {
	cache, err := OpenCache(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if cache.Note("a") != nil {
		t.Fatal("a note that was never written reads back")
	}
	for _, name := range []string{"a", "b"} {
		if err := cache.PutNote(name, []byte("decisions of "+name)); err != nil {
			t.Fatal(err)
		}
	}
	if got := string(cache.Note("a")); got != "decisions of a" {
		t.Fatalf("note a reads back as %q", got)
	}
	longAgo := time.Now().Add(-48 * time.Hour)
	for _, name := range []string{"a", "b"} {
		os.Chtimes(cache.notePath(name), longAgo, longAgo)
	}
	cache.Note("a") // a build reads it: it stays
	if removed, err := cache.Prune(24 * time.Hour); err != nil || removed != 1 {
		t.Fatalf("Prune removed %d (%v), want the unread note only", removed, err)
	}
	if cache.Note("a") == nil || cache.Note("b") != nil {
		t.Errorf("after Prune: the note read lately must stay, the other must go")
	}
	raw, err := os.ReadFile(cache.notePath("a"))
	if err != nil {
		t.Fatal(err)
	}
	raw[len(raw)-1] ^= 1
	if err := os.WriteFile(cache.notePath("a"), raw, 0o644); err != nil {
		t.Fatal(err)
	}
	if cache.Note("a") != nil {
		t.Errorf("a damaged note reads back")
	}
}
