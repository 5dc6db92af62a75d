package main

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/urfave/cli/v2"

	"epaper/layout"
	"epaper/layout/manifest"
)

// strayTemp is how AtomicWrite names its temporary files (of the PDF, the article map and
// the archive pages): hidden, and not ending in .pdf, so that nothing picks one up as an
// edition.
var strayTemp = regexp.MustCompile(`^\..+\.(pdf|json|html)\.tmp-[0-9]+$`)

func TestKilledBuildLeavesTheOldOrTheNewPDF(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and kills it 16 times")
	}
	bin := filepath.Join(t.TempDir(), "epaper")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	edition, err := filepath.Abs(sampleEdition)
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	target := filepath.Join(out, filepath.FromSlash(samplePDF))
	cache := t.TempDir()
	build := func() *exec.Cmd { return exec.Command(bin, "build", "--cache", cache, "-o", out, edition) }

	// A first build fills the photo cache, which every later build finds warm, and the
	// second the layout note, which every later build replays; the third, timed, gives the
	// time the kills are spread over, and the previous PDF.
	var full time.Duration
	for range 3 {
		start := time.Now()
		if msg, err := build().CombinedOutput(); err != nil {
			t.Fatalf("full build: %v\n%s", err, msg)
		}
		full = time.Since(start)
	}
	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewPCG(uint64(seed), 0))
	t.Logf("full build %v; seed %d", full.Round(time.Millisecond), seed)

	// Kills at spread moments find the old PDF (or none); kills made as soon as the build's
	// temporary file appears land while the PDF is being written, the moment a non-atomic
	// writer would leave half a file. Random jitter and order vary the moments between runs.
	const atWrite = -1
	moments := func(spread, write int) []time.Duration {
		var ds []time.Duration
		for i := range spread {
			ds = append(ds, full*time.Duration(i)/time.Duration(spread)+time.Duration(rng.Int64N(int64(full)/int64(spread))))
		}
		for range write {
			ds = append(ds, atWrite)
		}
		rng.Shuffle(len(ds), func(i, j int) { ds[i], ds[j] = ds[j], ds[i] })
		return ds
	}
	base := strings.TrimSuffix(filepath.FromSlash(samplePDF), ".pdf")
	companions := map[string]bool{base + ".json": true, base + ".html": true, "index.html": true, "index.json": true}
	strays := map[string]bool{}
	finished, killed, inWrite := 0, 0, 0
	kill := func(d time.Duration, hadPDF bool) {
		t.Helper()
		before, _ := os.Stat(target)
		c := build()
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- c.Wait() }()
		if d == atWrite {
			if waitForWrite(target, before, strays, done, full/2) {
				time.Sleep(time.Duration(rng.Int64N(int64(time.Millisecond))))
				inWrite++
			}
		} else {
			time.Sleep(d)
		}
		c.Process.Kill() // SIGKILL: no chance to clean up
		if err := <-done; err == nil {
			finished++
		} else {
			killed++
		}
		data, err := os.ReadFile(target)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			if hadPDF {
				t.Fatalf("kill after %v: the previous PDF is gone", d)
			}
		case err != nil:
			t.Fatal(err)
		default:
			if p := pdfProblem(data); p != "" {
				t.Fatalf("kill after %v: the output is not a complete PDF (%d bytes): %s", d, len(data), p)
			}
		}
		// The article map and the archive pages are written after the PDF, so none of them
		// may stand without it; anything else must be a hidden temporary file.
		pdfExists := err == nil
		for _, f := range filesUnder(t, out) {
			switch {
			case f == filepath.FromSlash(samplePDF):
			case companions[f]:
				if !pdfExists {
					t.Fatalf("kill after %v left %s but no PDF", d, f)
				}
			case strayTemp.MatchString(filepath.Base(f)):
				strays[filepath.Join(out, f)] = true
			default:
				t.Fatalf("kill after %v left %s, which is named like an output", d, f)
			}
		}
	}
	for _, d := range moments(4, 7) {
		kill(d, true)
	}
	// The first build of an edition: no outputs before, so none or a complete PDF after.
	if err := os.RemoveAll(out); err != nil {
		t.Fatal(err)
	}
	for _, d := range moments(2, 3) {
		_, err := os.Stat(target)
		kill(d, err == nil)
	}
	t.Logf("%d builds killed (%d while writing the PDF), %d finished first; %d temporary files left behind",
		killed, inWrite, finished, len(strays))
	if inWrite == 0 {
		t.Errorf("no kill landed while the PDF was being written; the test did not test atomicity")
	}

	// Temporary files of killed builds are removed by a later build once they are old enough
	// that no running build can still be writing them.
	old := time.Now().Add(-time.Hour)
	for f := range strays {
		if err := os.Chtimes(f, old, old); err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
	}
	if msg, err := build().CombinedOutput(); err != nil {
		t.Fatalf("build after the kills: %v\n%s", err, msg)
	}
	checkPDF(t, target)
	if got := editionFilesUnder(t, out); len(got) != 1 {
		t.Errorf("after a clean build the output folder holds %q, want only the PDF", got)
	}
}

// waitForWrite polls until the build starts writing its output (true) or ends (false):
// a temporary file not in known appears beside target, or target itself changes from
// before (which only a writer that is not atomic would do). Polling starts after the given
// time, to leave the CPU to the build until then.
func waitForWrite(target string, before os.FileInfo, known map[string]bool, done chan error, after time.Duration) bool {
	time.Sleep(after)
	for {
		select {
		case err := <-done:
			done <- err // for the caller's Wait
			return false
		default:
		}
		entries, _ := os.ReadDir(filepath.Dir(target))
		for _, e := range entries {
			if strayTemp.MatchString(e.Name()) && !known[filepath.Join(filepath.Dir(target), e.Name())] {
				return true
			}
		}
		now, err := os.Stat(target)
		if (err == nil) != (before != nil) || err == nil && (now.Size() != before.Size() || !now.ModTime().Equal(before.ModTime())) {
			return true
		}
		time.Sleep(50 * time.Microsecond)
	}
}

func TestConcurrentBuildsOfOneEditionBothSucceed(t *testing.T) {
	out := t.TempDir()
	var wg sync.WaitGroup
	results := make([]result, 2)
	for i := range results {
		wg.Go(func() { results[i] = runCLI(t, "build", "-o", out, sampleEdition) })
	}
	wg.Wait()
	for i, r := range results {
		if r.code != exitOK {
			t.Errorf("build %d: exit %d\n%s", i, r.code, r.stderr)
		}
	}
	checkPDF(t, filepath.Join(out, filepath.FromSlash(samplePDF)))
	if got := editionFilesUnder(t, out); len(got) != 1 {
		t.Errorf("output folder holds %q, want only the PDF", got)
	}
}

func TestPanicInACommandIsAnInternalError(t *testing.T) {
	cases := []struct {
		name  string
		panic func()
		want  string
	}{
		{"panic with a string", func() { panic("boom") }, "boom"},
		{"panic with an error", func() { panic(fmt.Errorf("wrapped: %w", fs.ErrClosed)) }, "wrapped: file already closed"},
		{"runtime error", func() {
			var m map[string]int
			m["x"]++
		}, "assignment to entry in nil map"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr strings.Builder
			app := newApp(&stdout, &stderr)
			app.Commands = append(app.Commands, &cli.Command{Name: "explode", Action: func(*cli.Context) error {
				c.panic()
				return nil
			}})
			code := runApp(app, []string{"epaper", "explode"}, &stderr)
			if code != exitInput {
				t.Errorf("exit %d, want %d", code, exitInput)
			}
			msg := stderr.String()
			if !strings.HasPrefix(msg, "epaper: internal error: ") || !strings.Contains(msg, c.want) || !strings.Contains(msg, "bug") {
				t.Errorf("message %q: want an internal error naming %q and asking for a bug report", msg, c.want)
			}
			if strings.Contains(msg, "goroutine") {
				t.Errorf("message holds a stack trace:\n%s", msg)
			}
		})
	}
}

func TestPanicInOneEditionDoesNotStopTheOthers(t *testing.T) {
	good := newEdition(t)
	bad := newEdition(t, "paper: The Test Gazette", "paper: The Unlucky Gazette")
	real := buildEdition
	t.Cleanup(func() { buildEdition = real })
	buildEdition = func(ed *manifest.Edition, opt layout.Options) (*layout.Edition, error) {
		if ed.Paper == "The Unlucky Gazette" {
			var p *layout.Edition
			_ = p.Doc.Pages // a nil dereference deep in the build
		}
		return real(ed, opt)
	}
	for _, cmd := range []string{"build", "check"} {
		out := t.TempDir()
		args := []string{cmd, bad.manifest, good.manifest}
		if cmd == "build" {
			args = []string{cmd, "-o", out, bad.manifest, good.manifest}
		}
		r := runCLI(t, args...)
		if r.code != exitInput {
			t.Errorf("%s: exit %d, want %d", cmd, r.code, exitInput)
		}
		if !strings.Contains(r.stderr, bad.manifest+": internal error: ") || !strings.Contains(r.stderr, "nil pointer") {
			t.Errorf("%s: stderr does not name the edition that crashed:\n%s", cmd, r.stderr)
		}
		if strings.Contains(r.stderr, "goroutine") {
			t.Errorf("%s: stderr holds a stack trace:\n%s", cmd, r.stderr)
		}
		if cmd == "check" && !strings.Contains(r.stdout, good.manifest+": ") {
			t.Errorf("check did not report the good edition:\n%s", r.stdout)
		}
		if cmd == "build" {
			checkPDF(t, filepath.Join(out, "2026-03-14", "the-test-gazette-morning-2026-03-14.pdf"))
			if got := editionFilesUnder(t, out); len(got) != 1 {
				t.Errorf("output folder holds %q, want only the good edition's PDF", got)
			}
		}
	}
}
