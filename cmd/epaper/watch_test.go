package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"epaper/editions/gen"
	"epaper/layout/page"
)

// syncBuffer is a bytes.Buffer that a running command and the test can share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// watching is a watch command running in-process.
type watching struct {
	t              testing.TB
	url            string
	stdout, stderr *syncBuffer
	stop           func() int // cancels the command and returns its exit code
}

// startWatch runs `epaper watch --port 0 args...` and waits until it serves.
func startWatch(t testing.TB, args ...string) *watching {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	w := &watching{t: t, stdout: &syncBuffer{}, stderr: &syncBuffer{}}
	code := make(chan int, 1)
	go func() {
		code <- runContext(ctx, append([]string{"epaper", "watch", "--port", "0"}, args...), w.stdout, w.stderr)
	}()
	w.stop = sync.OnceValue(func() int {
		cancel()
		select {
		case c := <-code:
			return c
		case <-time.After(10 * time.Second):
			t.Errorf("watch did not stop within 10 s of being cancelled")
			return -1
		}
	})
	t.Cleanup(func() { w.stop() })
	serving := regexp.MustCompile(`serving (http://127\.0\.0\.1:\d+)/`)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if m := serving.FindStringSubmatch(w.stdout.String()); m != nil {
			w.url = m[1]
			return w
		}
		select {
		case c := <-code:
			t.Fatalf("watch exited with %d before serving\nstdout:\n%s\nstderr:\n%s", c, w.stdout, w.stderr)
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("watch did not start serving in 30 s\nstdout:\n%s\nstderr:\n%s", w.stdout, w.stderr)
	return nil
}

func (w *watching) get(path string) (int, []byte) {
	w.t.Helper()
	resp, err := http.Get(w.url + path)
	if err != nil {
		w.t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		w.t.Fatal(err)
	}
	return resp.StatusCode, body
}

type versionInfo struct {
	Version  int    `json:"version"`
	Building bool   `json:"building"`
	Result   string `json:"result"`
}

func (w *watching) version() versionInfo {
	w.t.Helper()
	_, body := w.get("/version")
	var v versionInfo
	if err := json.Unmarshal(body, &v); err != nil {
		w.t.Fatalf("/version: %v: %s", err, body)
	}
	return v
}

// waitFor polls /version until a build newer than after is served and returns it, with
// the time it took.
func (w *watching) waitFor(after int) (versionInfo, time.Duration) {
	w.t.Helper()
	start := time.Now()
	for time.Since(start) < 30*time.Second {
		if v := w.version(); v.Version > after {
			return v, time.Since(start)
		}
		time.Sleep(10 * time.Millisecond)
	}
	w.t.Fatalf("no build after %d within 30 s\nstdout:\n%s\nstderr:\n%s", after, w.stdout, w.stderr)
	return versionInfo{}, 0
}

func (w *watching) report() editionReport {
	w.t.Helper()
	code, body := w.get("/report.json")
	var rep checkReport
	if err := json.Unmarshal(body, &rep); code != http.StatusOK || err != nil || len(rep.Editions) != 1 || rep.Schema != checkSchema {
		w.t.Fatalf("/report.json: %d %v: %s", code, err, body)
	}
	return rep.Editions[0]
}

func headlineOf(rep editionReport, id string) string {
	for _, s := range rep.Stories {
		if s.ID == id {
			return s.Headline
		}
	}
	return ""
}

func TestWatchRebuildsWhenTheEditionChangesAndServesTheResult(t *testing.T) {
	// The page setup comes from a house file, so that a change to it can be seen.
	ed := newEdition(t, "# A small edition used by the CLI tests.\n", "extends: house.yaml\n", "  columns: 4\n", "")
	house := filepath.Join(ed.dir, "house.yaml")
	writeFile(t, house, []byte("page:\n  columns: 4\n"))
	old := previewRenderer
	t.Cleanup(func() { previewRenderer = old })
	previewRenderer = func(doc *page.Document) ([][]byte, error) {
		out := make([][]byte, len(doc.Pages))
		for i, pg := range doc.Pages {
			out[i] = fmt.Appendf(nil, "image of page %d of %s", pg.Number, doc.Meta.Title)
		}
		return out, nil
	}
	w := startWatch(t, "--previews", "png", "--cache", t.TempDir(), ed.manifest)

	v := w.version()
	rep := w.report()
	if v.Version != 1 || v.Result != "ok" || rep.Result != "ok" {
		t.Fatalf("first build: version %+v, report %s\nstderr:\n%s", v, rep.Result, w.stderr)
	}
	if h := headlineOf(rep, "bridge-vote"); h != "Council approves a new footbridge over the river" {
		t.Fatalf("first report's headline %q", h)
	}
	code, html := w.get("/")
	if code != http.StatusOK || !bytes.Contains(html, []byte("The Test Gazette")) || !bytes.Contains(html, []byte(`/page/1.png?view=edition&v=1`)) {
		t.Errorf("the page does not show the edition and its page images:\n%s", html)
	}
	if code, img := w.get("/page/1.png?view=proof"); code != http.StatusOK || !bytes.HasPrefix(img, []byte("image of page 1 of ")) || !bytes.HasSuffix(img, []byte("(proof)")) {
		t.Errorf("/page/1.png?view=proof: %d %q", code, img)
	}
	for _, p := range []string{"/edition.pdf", "/proof.pdf"} {
		if code, data := w.get(p); code != http.StatusOK || pdfProblem(data) != "" {
			t.Errorf("%s: %d, %s", p, code, pdfProblem(data))
		}
	}

	edit := func(path, old, new string) {
		t.Helper()
		data, err := os.ReadFile(path)
		if err != nil || !bytes.Contains(data, []byte(old)) {
			t.Fatalf("%s lacks %q", path, old)
		}
		// Written through a temporary file and renamed, as most editors save.
		tmp := path + ".swp"
		writeFile(t, tmp, bytes.Replace(data, []byte(old), []byte(new), 1))
		if err := os.Rename(tmp, path); err != nil {
			t.Fatal(err)
		}
	}

	// A new headline.
	edit(ed.manifest, "Council approves a new footbridge", "Council rejects the footbridge")
	v, took := w.waitFor(1)
	t.Logf("rebuild after a headline edit served %v after the save", took.Round(time.Millisecond))
	if h := headlineOf(w.report(), "bridge-vote"); h != "Council rejects the footbridge over the river" {
		t.Errorf("after the edit the headline is %q", h)
	}
	if _, html := w.get("/"); !bytes.Contains(html, []byte("Council rejects the footbridge")) {
		t.Errorf("the page does not show the new headline")
	}

	// A mistake: the report says where, and the next good save recovers.
	edit(ed.manifest, "priority: 4", "priority: four")
	v, _ = w.waitFor(v.Version)
	rep = w.report()
	if v.Result != "invalid" || len(rep.Errors) != 1 || rep.Errors[0].Field != "articles[2].priority" {
		t.Errorf("broken manifest: %+v, errors %+v", v, rep.Errors)
	}
	if _, html := w.get("/"); !bytes.Contains(html, []byte("articles[2].priority")) {
		t.Errorf("the page does not show the error")
	}
	edit(ed.manifest, "priority: four", "priority: 4")
	v, _ = w.waitFor(v.Version)
	if v.Result != "ok" {
		t.Errorf("after the fix: %+v", v)
	}

	// The house file it extends.
	edit(house, "columns: 4", "columns: 3")
	v, _ = w.waitFor(v.Version)
	if rows := w.report().Pages[0].Map; len(rows) == 0 || len(rows[0]) != 3 {
		t.Errorf("after the house file went to 3 columns the map is %q", rows)
	}

	// A photo: the warning about its resolution appears.
	writeFile(t, filepath.Join(ed.dir, "photos", "bridge.jpg"), jpegBytes(t, gradient(90, 60)))
	v, _ = w.waitFor(v.Version)
	if ws := w.report().Warnings; len(ws) == 0 || !strings.Contains(ws[0].Message, "ppi") {
		t.Errorf("after the photo shrank, warnings %+v", ws)
	}

	// A file the edition does not use changes nothing.
	writeFile(t, filepath.Join(ed.dir, "notes.txt"), []byte("call the printer"))
	time.Sleep(3 * debounce)
	if now := w.version(); now.Version != v.Version {
		t.Errorf("an unrelated file started build %d", now.Version)
	}

	if code := w.stop(); code != exitOK {
		t.Errorf("watch exited %d when stopped, want 0\nstderr:\n%s", code, w.stderr)
	}
	if _, err := http.Get(w.url + "/version"); err == nil {
		t.Errorf("still serving after it stopped")
	}
}

func TestWatchStartsWithABrokenManifestAndServesTheErrors(t *testing.T) {
	ed := newEdition(t, "columns: 4", "columns: four")
	w := startWatch(t, ed.manifest)
	rep := w.report()
	if rep.Result != "invalid" || len(rep.Errors) == 0 || rep.Errors[0].Field != "page.columns" {
		t.Errorf("report %+v", rep)
	}
	if code, _ := w.get("/edition.pdf"); code != http.StatusNotFound {
		t.Errorf("/edition.pdf of a failed build: %d, want 404", code)
	}
	if code, _ := w.get("/page/1.png"); code != http.StatusNotFound {
		t.Errorf("/page/1.png without --previews png: %d, want 404", code)
	}
	os.WriteFile(ed.manifest, []byte(strings.Replace(ed.text, "columns: four", "columns: 4", 1)), 0o644)
	if v, _ := w.waitFor(1); v.Result != "ok" {
		t.Errorf("after the fix: %+v", v)
	}
}

// BenchmarkWatchRebuild16Pages measures what an editor waits for after saving: from a
// one-article edit of a 16-page broadsheet, with the photo cache warm, until the new build
// is served. Run with: go test ./cmd/epaper -run XXX -bench WatchRebuild -benchtime 5x
func BenchmarkWatchRebuild16Pages(b *testing.B) {
	corpus, err := gen.CorpusFromManifest(sampleEdition)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	path, err := gen.Write(dir, gen.Spec{Seed: 98, Articles: 98, Photos: 30, Ads: 4, Pages: 16, Size: "broadsheet",
		PhotoMP: 12, Corpus: corpus})
	if err != nil {
		b.Fatal(err)
	}
	w := startWatch(b, "--cache", b.TempDir(), path)
	b.Logf("first build: %s", strings.TrimSpace(w.stdout.String()))
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	head := regexp.MustCompile(`(?m)^    headline: .*$`)
	v := w.version()
	b.ResetTimer()
	for i := range b.N {
		// One article's headline: the first.
		at := head.FindIndex(data)
		edited := slices.Concat(data[:at[0]], fmt.Appendf(nil, "    headline: \"Edited headline number %d\"", i), data[at[1]:])
		if err := os.WriteFile(path, edited, 0o644); err != nil {
			b.Fatal(err)
		}
		v, _ = w.waitFor(v.Version)
	}
	b.StopTimer()
	b.Logf("%s", w.stdout.String())
}
