package pdf

import (
	"os"
	"path/filepath"
	"strings"
	"time"
)

// staleAfter is how old a temporary file of AtomicWrite must be before a later write removes
// it. A temporary file lives only while bytes already in memory are written and synced, so
// one this old belongs to a process that was killed, not to one still writing.
const staleAfter = 10 * time.Minute

// tempPattern names AtomicWrite's temporary file for path: hidden, and not ending in the
// output's extension, so that nothing takes a half-written file for an output.
func tempPattern(path string) string { return "." + filepath.Base(path) + ".tmp-*" }

// isTempFor tells whether name is one of AtomicWrite's temporary files for path:
// the pattern's prefix followed by the digits os.CreateTemp puts in place of the star.
func isTempFor(name, path string) bool {
	rest, ok := strings.CutPrefix(name, strings.TrimSuffix(tempPattern(path), "*"))
	if !ok || rest == "" {
		return false
	}
	for _, r := range rest {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// removeStaleTemps deletes temporary files for path left behind by killed writers. It is
// best effort: a file it cannot remove is left for the next run.
func removeStaleTemps(path string, now time.Time) {
	dir := filepath.Dir(path)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !isTempFor(e.Name(), path) {
			continue
		}
		if info, err := e.Info(); err == nil && now.Sub(info.ModTime()) > staleAfter {
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// syncDir makes a rename in dir durable, where the system supports syncing a directory.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
