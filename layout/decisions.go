package layout

import (
	"crypto/sha256"
	"io"
	"os"
	"path/filepath"
	"sync"

	"epaper/assets/photo"
	"epaper/layout/compose"
	"epaper/layout/manifest"
)

// The layout's decision log (see compose.DecisionLog) is kept in the photo cache, one note
// per manifest: a rebuild replays the pages whose inputs did not change instead of
// searching them again.

// codeSum identifies the running program, so that decisions made by other code are never
// replayed; ok is false when the program cannot be read (then no log is kept).
var codeSum = sync.OnceValues(func() ([32]byte, bool) {
	var sum [32]byte
	exe, err := os.Executable()
	if err != nil {
		return sum, false
	}
	f, err := os.Open(exe)
	if err != nil {
		return sum, false
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return sum, false
	}
	h.Sum(sum[:0])
	return sum, true
})

// HashCodeAhead starts hashing the running program in the background (see codeSum), so that
// a build with a cache does not wait for it: callers start it before reading the manifest.
func HashCodeAhead() { go codeSum() }

func decisionsNote(ed *manifest.Edition) string {
	abs, err := filepath.Abs(ed.File)
	if err != nil {
		abs = ed.File
	}
	return "layout-decisions\x00" + abs
}

// openDecisions returns the log of the last build of ed's manifest, or nil without a cache.
func openDecisions(ed *manifest.Edition, cache *photo.Cache, fontSum [32]byte) *compose.DecisionLog {
	code, ok := codeSum()
	if cache == nil || !ok {
		return nil
	}
	salt := sha256.Sum256(append(code[:], fontSum[:]...))
	return compose.NewDecisionLog(cache.Note(decisionsNote(ed)), salt)
}

// saveDecisions stores this build's decisions for the next; the cache is an aid, so a
// failure to write it does not fail the build.
func saveDecisions(ed *manifest.Edition, cache *photo.Cache, log *compose.DecisionLog) {
	if log == nil || !log.Changed() {
		return // the note holds this build's decisions already (reading it kept it young)
	}
	if data, err := log.Encode(); err == nil {
		_ = cache.PutNote(decisionsNote(ed), data)
	}
}
