package photo

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// agedPhoto writes a photo whose modification time is an hour ago, as a photo on disk
// usually is: only such files have their hash remembered (see racySlack).
func agedPhoto(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := writeFile(t, dir, name, data)
	age(t, p, time.Hour)
	return p
}

func age(t *testing.T, path string, d time.Duration) {
	t.Helper()
	old := time.Now().Add(-d)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
}

func indexFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, indexSuffix) {
			out = append(out, p)
		}
		return nil
	})
	return out
}

// process runs a fresh Processor (a new build) over spec and returns the result and
// what the run did.
func process(t *testing.T, cache *Cache, spec Spec) (Image, Stats) {
	t.Helper()
	p := &Processor{Cache: cache}
	img, err := p.Process(spec)
	if err != nil {
		t.Fatal(err)
	}
	return img, p.Stats()
}

func TestRebuildDoesNotReadAnUnchangedPhoto(t *testing.T) {
	dir := t.TempDir()
	cache, err := OpenCache(filepath.Join(dir, "cache"))
	if err != nil {
		t.Fatal(err)
	}
	spec := Spec{Src: agedPhoto(t, dir, "p.jpg", encodeJPEGBytes(t, photoLike(640, 480, 1), 90)), FrameW: 150, FrameH: 100}

	first, st := process(t, cache, spec)
	if st.SourcesRead != 1 || st.Decoded != 1 {
		t.Fatalf("first build: %+v, want the photo read and decoded once", st)
	}
	if n := len(indexFiles(t, cache.Dir)); n != 1 {
		t.Fatalf("%d index files after the first build, want 1", n)
	}
	again, st := process(t, cache, spec)
	if st.SourcesRead != 0 || st.Decoded != 0 || st.CacheHits != 1 {
		t.Errorf("rebuild: %+v, want a cache hit without reading the photo", st)
	}
	if !bytes.Equal(again.Data, first.Data) || describe(again) != describe(first) {
		t.Errorf("rebuild gave %s, first build %s", describe(again), describe(first))
	}
	// Another size of the same photo is a miss in the cache but not in the index: the
	// photo is read to be decoded, and its hash is not recomputed from other bytes.
	other := spec
	other.FrameW = 120
	if _, st := process(t, cache, other); st.SourcesRead != 1 || st.Decoded != 1 {
		t.Errorf("new size: %+v, want one read and one decode", st)
	}
}

func TestRebuildRereadsAChangedPhoto(t *testing.T) {
	oldData := encodeJPEGBytes(t, photoLike(640, 480, 1), 90)
	// Same length, different pixels: a size check alone would not see the change.
	newData := append([]byte{}, oldData...)
	newData[len(newData)/2] ^= 0x10
	newData[len(newData)/2+1] ^= 0x01
	tests := []struct {
		name   string
		change func(t *testing.T, path string)
	}{
		{"rewritten, then touched", func(t *testing.T, path string) {
			writeFile(t, filepath.Dir(path), filepath.Base(path), newData)
			age(t, path, 30*time.Minute)
		}},
		{"rewritten with its old modification time put back", func(t *testing.T, path string) {
			st, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if fileIdentity(st).CTime == 0 && fileIdentity(st).Inode == 0 {
				t.Skip("this system reports no change time or inode")
			}
			writeFile(t, filepath.Dir(path), filepath.Base(path), newData)
			if err := os.Chtimes(path, st.ModTime(), st.ModTime()); err != nil {
				t.Fatal(err)
			}
		}},
		{"replaced by another file renamed over it", func(t *testing.T, path string) {
			tmp := writeFile(t, filepath.Dir(path), "new.jpg", newData)
			st, _ := os.Stat(path)
			os.Chtimes(tmp, st.ModTime(), st.ModTime())
			if err := os.Rename(tmp, path); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			cache, err := OpenCache(filepath.Join(dir, "cache"))
			if err != nil {
				t.Fatal(err)
			}
			spec := Spec{Src: agedPhoto(t, dir, "p.jpg", oldData), FrameW: 150, FrameH: 100}
			before, _ := process(t, cache, spec)
			tt.change(t, spec.Src)
			want, err := (&Processor{}).Process(spec) // no cache: the truth
			if err != nil {
				t.Fatal(err)
			}
			got, st := process(t, cache, spec)
			if st.SourcesRead != 1 || st.Decoded != 1 {
				t.Errorf("after the change: %+v, want the photo read and decoded", st)
			}
			if !bytes.Equal(got.Data, want.Data) || bytes.Equal(got.Data, before.Data) {
				t.Error("after the change the build did not give the new picture")
			}
			if _, st := process(t, cache, spec); st.SourcesRead != 0 {
				t.Errorf("the changed photo's new hash was not remembered: %+v", st)
			}
		})
	}
}

func TestRecentlyWrittenPhotoIsHashedUntilItIsOldEnough(t *testing.T) {
	dir := t.TempDir()
	cache, err := OpenCache(filepath.Join(dir, "cache"))
	if err != nil {
		t.Fatal(err)
	}
	spec := Spec{Src: writeFile(t, dir, "p.jpg", encodeJPEGBytes(t, photoLike(320, 240, 4), 90)), FrameW: 100, FrameH: 100}
	// Written just now: a second write within the timestamp granularity might not change
	// its times, so its hash is not trusted to identify it yet.
	for i := range 2 {
		if _, st := process(t, cache, spec); st.SourcesRead != 1 {
			t.Errorf("build %d of a new photo: %+v, want it read", i+1, st)
		}
	}
	if n := len(indexFiles(t, cache.Dir)); n != 0 {
		t.Errorf("%d index files for a photo written just now", n)
	}
	age(t, spec.Src, time.Minute)
	process(t, cache, spec) // read once more, now remembered
	if _, st := process(t, cache, spec); st.SourcesRead != 0 || st.CacheHits != 1 {
		t.Errorf("once old enough: %+v, want a hit without reading", st)
	}
}

func TestPassThroughHitReadsButDoesNotDecodeOrHash(t *testing.T) {
	dir := t.TempDir()
	cache, err := OpenCache(filepath.Join(dir, "cache"))
	if err != nil {
		t.Fatal(err)
	}
	orig := encodeJPEGBytes(t, photoLike(600, 400, 8), 85)
	spec := Spec{Src: agedPhoto(t, dir, "p.jpg", orig), FrameW: 288, FrameH: 192}
	process(t, cache, spec)
	img, st := process(t, cache, spec)
	if !img.PassThrough || !bytes.Equal(img.Data, orig) {
		t.Fatalf("rebuild: %s, want the original bytes", describe(img))
	}
	if st.Decoded != 0 || st.CacheHits != 1 || st.SourcesRead != 1 {
		t.Errorf("rebuild: %+v, want one read for the bytes, no decode", st)
	}
}

// otherHash returns the index file b with the first hex digits of its hash changed.
func otherHash(b []byte) []byte {
	c := append([]byte{}, b...)
	i := bytes.Index(c, []byte(`"sha256":"`)) + len(`"sha256":"`)
	for j := i; j < i+4; j++ {
		if c[j] == '0' {
			c[j] = '1'
		} else {
			c[j] = '0'
		}
	}
	return c
}

func TestDamagedIndexFilesAreIgnored(t *testing.T) {
	dir := t.TempDir()
	cache, err := OpenCache(filepath.Join(dir, "cache"))
	if err != nil {
		t.Fatal(err)
	}
	spec := Spec{Src: agedPhoto(t, dir, "p.jpg", encodeJPEGBytes(t, photoLike(320, 240, 5), 90)), FrameW: 100, FrameH: 100}
	want, _ := process(t, cache, spec)
	idx := indexFiles(t, cache.Dir)
	if len(idx) != 1 {
		t.Fatalf("%d index files, want 1", len(idx))
	}
	good, _ := os.ReadFile(idx[0])
	damage := map[string][]byte{
		"empty":       nil,
		"cut":         good[:len(good)/2],
		"garbage":     []byte("nonsense"),
		"long hash":   bytes.Replace(good, []byte(`"sha256":"`), []byte(`"sha256":"00`), 1),
		"not hex":     bytes.Replace(good, []byte(`"sha256":"`), []byte(`"sha256":"zz`), 1),
		"other hash":  otherHash(good), // a miss: no entry has that key
		"short hash":  bytes.Replace(good, []byte(`"sha256":"`), []byte(`"sha256":"ab","x":"`), 1),
		"other path":  bytes.Replace(good, []byte(`"path":"`), []byte(`"path":"/elsewhere`), 1),
		"other magic": append([]byte("something else\n"), good[len(indexMagic):]...),
	}
	for name, b := range damage {
		t.Run(name, func(t *testing.T) {
			if err := os.WriteFile(idx[0], b, 0o644); err != nil {
				t.Fatal(err)
			}
			got, st := process(t, cache, spec)
			if !bytes.Equal(got.Data, want.Data) {
				t.Error("a damaged index file changed the result")
			}
			if st.SourcesRead != 1 {
				t.Errorf("%+v: want the photo read and hashed", st)
			}
			if now, _ := os.ReadFile(idx[0]); !bytes.Equal(now, good) {
				t.Error("the index file was not rewritten")
			}
		})
	}
}
