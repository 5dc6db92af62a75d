package archive

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"epaper/editions/gen"
	"epaper/layout/articlemap"
	"epaper/layout/internal/fixture"
	"epaper/layout/pdf"
	"epaper/layout/preview"
	"epaper/layout/split"
)

// edition builds a small synthetic edition of the given date.
func edition(t *testing.T, date string) *fixture.Built {
	return fixture.Generated(t, gen.Spec{Seed: 11, Articles: 8, Photos: 3, Ads: 1, Pages: 3, Size: "a4", PhotoMP: 0.2, Date: date})
}

// publish writes an edition into out as the CLI does: OUT/<date>/<paper>-<edition>-<date>.pdf
// with its article map and previews next to it, and single pages if asked. It returns the
// PDF's path. The files are made once per test binary and copied, since previews are slow.
func publish(t *testing.T, out string, b *fixture.Built, pages bool) string {
	t.Helper()
	date := b.Manifest.Date.Format("2006-01-02")
	base := split.Slug(b.Manifest.Paper) + "-" + split.Slug(b.Manifest.Name) + "-" + date
	files := made(t, b, base, pages)
	dir := filepath.Join(out, date)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, base+".pdf")
}

var (
	madeMu sync.Mutex
	madeBy = map[string]map[string][]byte{}
)

// made returns the files of an edition by name, writing them the first time.
func made(t *testing.T, b *fixture.Built, base string, pages bool) map[string][]byte {
	t.Helper()
	madeMu.Lock()
	defer madeMu.Unlock()
	key := fmt.Sprint(base, pages)
	if files, ok := madeBy[key]; ok {
		return files
	}
	dir := t.TempDir()
	pdfPath := filepath.Join(dir, base+".pdf")
	if err := pdf.WriteFile(b.Doc, pdfPath); err != nil {
		t.Fatal(err)
	}
	if _, err := articlemap.Write(b.Doc, articlemap.FromManifest(b.Manifest), pdfPath); err != nil {
		t.Fatal(err)
	}
	if _, err := preview.WriteAll(b.Doc, dir, base); err != nil {
		t.Fatal(err)
	}
	if pages {
		if _, err := split.Write(b.Doc, dir, base); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = data
	}
	madeBy[key] = files
	return files
}

func readIndex(t *testing.T, out string) *Index {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	var idx Index
	if err := json.Unmarshal(data, &idx); err != nil {
		t.Fatal(err)
	}
	return &idx
}

func dates(idx *Index) string {
	var d []string
	for _, e := range idx.Editions {
		d = append(d, e.Date)
	}
	return strings.Join(d, " ")
}

func TestUpdateListsEditionsNewestFirstWithTheirFiles(t *testing.T) {
	out := t.TempDir()
	publish(t, out, edition(t, "2026-03-13"), false)
	newer := publish(t, out, edition(t, "2026-03-14"), true)
	if _, err := Update(out); err != nil {
		t.Fatal(err)
	}
	idx := readIndex(t, out)
	if idx.Format != Format || idx.Version != Version {
		t.Errorf("index.json says format %q version %d", idx.Format, idx.Version)
	}
	if got := dates(idx); got != "2026-03-14 2026-03-13" {
		t.Fatalf("editions %q, want newest first", got)
	}
	e := idx.Editions[0]
	st, err := os.Stat(newer)
	if err != nil {
		t.Fatal(err)
	}
	if e.PDF != "2026-03-14/the-generated-gazette-test-2026-03-14.pdf" || e.PDFBytes != st.Size() {
		t.Errorf("PDF %s of %d bytes, want %s of %d", e.PDF, e.PDFBytes, "2026-03-14/the-generated-gazette-test-2026-03-14.pdf", st.Size())
	}
	if e.Paper != "The Generated Gazette" || e.Edition != "Test" || e.Pages != len(edition(t, "2026-03-14").Doc.Pages) || len(e.PageList) != e.Pages {
		t.Errorf("entry %+v", e)
	}
	for _, p := range append([]string{e.PDF, e.Map, e.HTML, e.Cover}, e.PageList[0].Thumbnail, e.PageList[0].Preview, e.PageList[0].PagePDF) {
		if p == "" {
			t.Errorf("a file of the newest edition is missing from the index: %+v", e)
			continue
		}
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(p))); err != nil {
			t.Errorf("the index names %s: %v", p, err)
		}
	}
	if older := idx.Editions[1]; older.PageList[0].PagePDF != "" || older.PageList[0].Thumbnail == "" {
		t.Errorf("the older edition has no single pages but thumbnails: %+v", older.PageList[0])
	}
	html, _ := os.ReadFile(filepath.Join(out, "index.html"))
	for _, want := range []string{`href="2026-03-14/the-generated-gazette-test-2026-03-14.pdf"`, `href="2026-03-13/the-generated-gazette-test-2026-03-13.html"`,
		`src="2026-03-14/the-generated-gazette-test-2026-03-14-p01-thumb.png"`, "Saturday, 14 March 2026", fmt.Sprintf("%d pages ·", e.Pages)} {
		if !bytes.Contains(html, []byte(want)) {
			t.Errorf("index.html lacks %s", want)
		}
	}
	page, _ := os.ReadFile(filepath.Join(out, filepath.FromSlash(e.HTML)))
	for _, want := range []string{`href="the-generated-gazette-test-2026-03-14.pdf#page=1"`, `href="the-generated-gazette-test-2026-03-14.pdf#page=3"`,
		`src="the-generated-gazette-test-2026-03-14-p02-thumb.png"`, `href="../index.html"`, fmt.Sprintf("· %d pages ·", e.Pages)} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("the edition page lacks %s", want)
		}
	}
}

func TestUpdateKeepsOtherDatesAndForgetsDeletedEditions(t *testing.T) {
	out := t.TempDir()
	publish(t, out, edition(t, "2026-03-13"), false)
	if _, err := Update(out); err != nil {
		t.Fatal(err)
	}
	newer := publish(t, out, edition(t, "2026-03-14"), false)
	if _, err := Update(out); err != nil {
		t.Fatal(err)
	}
	if got := dates(readIndex(t, out)); got != "2026-03-14 2026-03-13" {
		t.Errorf("after building a second date: %q, want both", got)
	}
	// Rebuilding the index from the same files gives the same bytes.
	first, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if _, err := Update(out); err != nil {
		t.Fatal(err)
	}
	second, _ := os.ReadFile(filepath.Join(out, "index.html"))
	if !bytes.Equal(first, second) {
		t.Error("index.html changed without any change to the editions")
	}
	if err := os.Remove(newer); err != nil {
		t.Fatal(err)
	}
	if _, err := Update(out); err != nil {
		t.Fatal(err)
	}
	if got := dates(readIndex(t, out)); got != "2026-03-13" {
		t.Errorf("after deleting a PDF: %q, want only the other date", got)
	}
}

func TestScanIgnoresOtherJSONAndReportsBrokenMaps(t *testing.T) {
	out := t.TempDir()
	publish(t, out, edition(t, "2026-03-13"), false)
	for name, body := range map[string]string{
		"2026-03-13/notes.json":         `{"note": "not a map"}`,
		"2026-03-12/broken.json":        `{"format": "epaper-articlemap", "version": 1, "pdf": "../../etc/x.pdf", "date": "2026-03-12"}`,
		"2026-03-11/future.json":        `{"format": "epaper-articlemap", "version": 99}`,
		".cache/hidden.json":            `{"format": "epaper-articlemap"}`,
		"2026-03-13/.x.json.tmp-1.json": `{"format": "epaper-articlemap"}`,
	} {
		p := filepath.Join(out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	idx, err := Update(out)
	if err != nil {
		t.Fatal(err)
	}
	if got := dates(idx); got != "2026-03-13" {
		t.Errorf("editions %q, want only the real one", got)
	}
	if len(idx.Skipped) != 2 {
		t.Errorf("skipped %q, want the broken and the future map", idx.Skipped)
	}
}

func TestHandlerServesRangesAndCachingHeaders(t *testing.T) {
	out := t.TempDir()
	pdfPath := publish(t, out, edition(t, "2026-03-14"), false)
	if _, err := Update(out); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "2026-03-14", ".x.pdf.tmp-123"), []byte("partial"), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(Handler(out))
	defer srv.Close()
	data, _ := os.ReadFile(pdfPath)
	rel := "/2026-03-14/" + filepath.Base(pdfPath)

	get := func(path string, header ...string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { resp.Body.Close() })
		return resp
	}

	resp := get(rel, "Range", "bytes=100-199")
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusPartialContent || !bytes.Equal(body, data[100:200]) {
		t.Errorf("range request: %s, %d bytes", resp.Status, len(body))
	}
	full := get(rel)
	if full.Header.Get("Content-Type") != "application/pdf" || full.Header.Get("Accept-Ranges") != "bytes" ||
		full.Header.Get("Cache-Control") != "public, max-age=3600" || full.Header.Get("ETag") == "" || full.Header.Get("Last-Modified") == "" {
		t.Errorf("PDF headers: %v", full.Header)
	}
	if r := get(rel, "If-None-Match", full.Header.Get("ETag")); r.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation with the ETag: %s, want 304", r.Status)
	}
	if r := get(rel, "If-Modified-Since", full.Header.Get("Last-Modified")); r.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation by date: %s, want 304", r.Status)
	}
	index := get("/")
	if index.StatusCode != http.StatusOK || index.Header.Get("Cache-Control") != "no-cache" || !strings.HasPrefix(index.Header.Get("Content-Type"), "text/html") {
		t.Errorf("index: %s %v", index.Status, index.Header)
	}
	for _, p := range []string{"/2026-03-14/.x.pdf.tmp-123", "/2026-03-14/", "/../etc/passwd", "/missing.pdf"} {
		if r := get(p); r.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %s, want 404", p, r.Status)
		}
	}
}

func TestServeRefusesAMissingFolder(t *testing.T) {
	if err := Serve(filepath.Join(t.TempDir(), "nope"), "127.0.0.1:0"); err == nil {
		t.Error("no error")
	}
}

func TestSizeIsReadable(t *testing.T) {
	for n, want := range map[int64]string{512: "512 bytes", 2048: "2 KB", 898350: "877 KB", 2 << 20: "2.0 MB", 25 << 20: "25 MB"} {
		if got := size(n); got != want {
			t.Errorf("size(%d) = %q, want %q", n, got, want)
		}
	}
}
