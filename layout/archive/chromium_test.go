package archive

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// loadedProbe is added to the pages the test serves (not to the archive's files): once the
// page has loaded, it marks each image with whether its source loaded, for --dump-dom.
const loadedProbe = `<script>addEventListener("load", () => { for (const img of document.images)
  img.setAttribute("data-loaded", img.complete && img.naturalWidth > 0 ? "yes" : "no"); });</script>`

// chromium finds Debian's Chromium; the test needs it (apt-get install chromium).
func chromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("chromium is not installed (apt-get install -y --no-install-recommends chromium)")
	return ""
}

// dumpDOM loads u in headless Chromium and returns the DOM after the load event.
func dumpDOM(t *testing.T, bin, u string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--no-first-run", "--disable-component-update", "--disable-sync", "--user-data-dir="+t.TempDir(),
		// A tall window, so that lazily loaded thumbnails are all in view and load.
		"--window-size=1280,20000", "--virtual-time-budget=10000", "--dump-dom", u)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	return string(out)
}

var (
	imgTag = regexp.MustCompile(`<img\b[^>]*>`)
	attr   = regexp.MustCompile(`\b(href|src|data-loaded)="([^"]*)"`)
)

// The archive as a subscriber sees it: each page loads in a real browser, its thumbnails
// load, and every link and image resolves on the server.
func TestArchiveWorksInHeadlessChromium(t *testing.T) {
	bin := chromium(t)
	out := t.TempDir()
	publish(t, out, edition(t, "2026-03-13"), false)
	publish(t, out, edition(t, "2026-03-14"), true)
	if _, err := Update(out); err != nil {
		t.Fatal(err)
	}
	files := Handler(out)
	var mu sync.Mutex
	fetched := map[string]int{} // path -> status, for what the browser asked for
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		files.ServeHTTP(rec, r)
		mu.Lock()
		fetched[r.URL.Path] = rec.Code
		mu.Unlock()
		body := rec.Body.Bytes()
		if strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
			body = bytes.Replace(body, []byte("</body>"), []byte(loadedProbe+"</body>"), 1)
			rec.Header().Del("Content-Length")
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		w.Write(body)
	}))
	defer srv.Close()

	pages := []string{srv.URL + "/"}
	seen := map[string]bool{}
	for len(pages) > 0 {
		page := strings.TrimSuffix(pages[0], "index.html") // the same page as the folder
		pages = pages[1:]
		if seen[page] {
			continue
		}
		seen[page] = true
		dom := dumpDOM(t, bin, page)
		if !strings.Contains(dom, "<h1>") {
			t.Fatalf("%s did not load:\n%s", page, dom)
		}
		imgs := imgTag.FindAllString(dom, -1)
		if len(imgs) == 0 {
			t.Errorf("%s shows no thumbnails", page)
		}
		for _, img := range imgs {
			if !strings.Contains(img, `data-loaded="yes"`) {
				t.Errorf("%s: image did not load: %s", page, img)
			}
		}
		base, _ := url.Parse(page)
		for _, m := range attr.FindAllStringSubmatch(dom, -1) {
			if m[1] == "data-loaded" {
				continue
			}
			ref, err := url.Parse(m[2])
			if err != nil {
				t.Errorf("%s: bad link %q", page, m[2])
				continue
			}
			target := base.ResolveReference(ref)
			target.Fragment = ""
			resp, err := http.Get(target.String())
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("%s: %s %s gives %s", page, m[1], m[2], resp.Status)
			}
			if strings.HasSuffix(target.Path, ".html") && m[1] == "href" {
				pages = append(pages, target.String())
			}
		}
	}
	if len(seen) != 3 { // the index and two edition pages
		t.Errorf("visited %d pages: %v", len(seen), seen)
	}
	mu.Lock()
	defer mu.Unlock()
	thumbs := 0
	for p, code := range fetched {
		if strings.HasSuffix(p, "-thumb.png") {
			thumbs++
			if code != http.StatusOK {
				t.Errorf("the browser got %d for %s", code, p)
			}
		}
	}
	if want := len(edition(t, "2026-03-13").Doc.Pages) + len(edition(t, "2026-03-14").Doc.Pages); thumbs != want {
		t.Errorf("the browser fetched %d thumbnails, the editions have %d pages", thumbs, want)
	}
}
