package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/urfave/cli/v2"

	"epaper/layout/page"
	"epaper/layout/pdf"
	"epaper/layout/proof"
)

// debounce is how long watch waits after the last change before it rebuilds: editors
// write a file in several steps, and a photo desk copies several photos at once.
const debounce = 200 * time.Millisecond

func watchCommand() *cli.Command {
	return &cli.Command{
		Name:  "watch",
		Usage: "rebuild an edition whenever its files change and show it in the browser",
		Description: "Watches the manifest, the house-style files it extends and every photo, ad and font it\n" +
			"names; rebuilds shortly after any of them changes; and serves, on this machine only, a page\n" +
			"with the pages and the check report that reloads itself after each rebuild. Also served:\n" +
			"/report.json (check --json's format), /version, /edition.pdf, /proof.pdf, /page/N.png.",
		ArgsUsage: "MANIFEST",
		Flags: append([]cli.Flag{
			&cli.IntFlag{Name: "port", Value: 8040, Usage: "serve on 127.0.0.1:`PORT` (0 picks a free port)"},
			&cli.StringFlag{Name: "previews", Value: "pdf", Usage: "show the pages as `pdf` (the browser's viewer) or png (images; needs pdftoppm until the PNG backend is in)"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print only errors"},
			&cli.BoolFlag{Name: "verbose", Usage: "print photo counts after each build"},
		}, commonFlags()...),
		Action: watchAction,
	}
}

// pageRenderer draws every page of a document as a PNG image. Watch shows the images when
// it has a renderer and embeds the PDF otherwise.
type pageRenderer func(doc *page.Document) ([][]byte, error)

// previewRenderer draws the images of --previews png; when it is nil, pdftoppm (poppler)
// is used if it is installed.
var previewRenderer pageRenderer

func watchAction(c *cli.Context) error {
	if c.NArg() != 1 {
		return usagef("watch needs exactly one manifest")
	}
	path := c.Args().First()
	if strings.HasPrefix(path, "-") {
		return usagef("%s: flags must come before the manifest", path)
	}
	port := c.Int("port")
	if port < 0 || port > 65535 {
		return usagef("--port %d: want 0-65535", port)
	}
	var render pageRenderer
	switch c.String("previews") {
	case "pdf":
	case "png":
		if render = previewRenderer; render == nil {
			if render = pdftoppmRenderer(); render == nil {
				return usagef("--previews png needs pdftoppm (poppler-utils); use --previews pdf")
			}
		}
	default:
		return usagef("--previews %q: want pdf or png", c.String("previews"))
	}
	if st, err := os.Stat(path); err != nil {
		return cli.Exit(fmt.Sprintf("epaper: %s: %v", path, errors.Unwrap(err)), exitInput)
	} else if st.IsDir() {
		return usagef("%s is a folder: watch needs one manifest", path)
	}
	con := newConsole(c)
	s, err := newSettings(c, con, 1)
	if err != nil {
		return err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return cli.Exit("epaper: "+err.Error(), exitInput)
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return cli.Exit("epaper: watching files: "+err.Error(), exitInput)
	}
	defer fsw.Close()
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		return cli.Exit("epaper: "+err.Error()+" (pick another --port)", exitInput)
	}
	w := &watcher{path: path, abs: abs, s: s, con: con, render: render, fsw: fsw, dirs: map[string]bool{}}
	w.rebuild()
	srv := &http.Server{Handler: w.handler(), ReadHeaderTimeout: 10 * time.Second}
	con.out("serving http://%s/ — watching %s (Ctrl-C to stop)", ln.Addr(), path)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	w.loop(c.Context)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	srv.Shutdown(ctx)
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return cli.Exit("epaper: serving: "+err.Error(), exitInput)
	}
	return nil
}

// watcher rebuilds one edition and serves the latest build.
type watcher struct {
	path, abs string
	s         *settings
	con       *console
	render    pageRenderer
	fsw       *fsnotify.Watcher

	deps map[string]bool // absolute paths whose change means a rebuild
	dirs map[string]bool // folders being watched

	mu       sync.Mutex
	cur      *buildState
	building bool
}

// buildState is one build's result. Files derived from it are made on first request, so a
// rebuild costs only the layout; a later build replaces the whole state.
type buildState struct {
	version int
	at      time.Time
	took    time.Duration
	report  editionReport
	b       *built // nil when the build failed

	edition, proof lazy[[]byte]
	pngs           map[string]*lazy[[][]byte] // by view
}

type lazy[T any] struct {
	once sync.Once
	v    T
	err  error
}

func (l *lazy[T]) get(f func() (T, error)) (T, error) {
	l.once.Do(func() { l.v, l.err = f() })
	return l.v, l.err
}

func (st *buildState) doc(view string) (*page.Document, error) {
	if st.b == nil {
		return nil, errors.New("the last build failed")
	}
	if view == "proof" {
		return proof.Overlay(st.b.res.Doc, st.b.ed, st.b.res.Report)
	}
	return st.b.res.Doc, nil
}

func (st *buildState) pdf(view string) ([]byte, error) {
	l := &st.edition
	if view == "proof" {
		l = &st.proof
	}
	return l.get(func() ([]byte, error) {
		doc, err := st.doc(view)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := pdf.Write(doc, &buf); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	})
}

// rebuild lays the edition out again and makes the result current.
func (w *watcher) rebuild() {
	w.mu.Lock()
	w.building = true
	version := 1
	if w.cur != nil {
		version = w.cur.version + 1
	}
	w.mu.Unlock()
	start := time.Now()
	step := func(what, detail string, took time.Duration) {
		if w.con.verbose {
			w.con.step(0, w.path, what, detail, took)
		}
	}
	b, err := w.s.layOut(w.path, step)
	st := &buildState{version: version, at: time.Now(), took: time.Since(start), b: b,
		report: newEditionReport(w.path, b, err), pngs: map[string]*lazy[[][]byte]{"edition": {}, "proof": {}}}
	if err != nil {
		w.con.errorln(err.Error())
		w.con.out("build %d failed after %s; waiting for changes", version, seconds(st.took))
	} else {
		w.con.out("build %d: %d pages, %d lines overset, %d warnings (%s)", version, len(b.res.Doc.Pages),
			st.report.OversetLines, len(st.report.Warnings), seconds(st.took))
	}
	w.watch(b)
	w.mu.Lock()
	w.cur, w.building = st, false
	w.mu.Unlock()
}

// watch updates the set of files that trigger a rebuild and watches their folders; fsnotify
// watches folders rather than files so that a file replaced by rename (as most editors
// save) is still seen. After a failed build the previous set is kept, plus the manifest.
func (w *watcher) watch(b *built) {
	deps := map[string]bool{w.abs: true}
	if b == nil {
		for p := range w.deps {
			deps[p] = true
		}
	} else {
		ed := b.ed
		for _, p := range ed.Extends {
			deps[p] = true
		}
		for _, a := range ed.Articles {
			for _, ph := range a.Photos {
				deps[ph.Src] = true
			}
		}
		for _, ad := range ed.Ads {
			deps[ad.Src] = true
		}
		for _, f := range ed.Type.Fonts {
			for _, p := range []string{f.Regular, f.Bold, f.Italic, f.BoldItalic} {
				if p != "" {
					deps[p] = true
				}
			}
		}
	}
	w.deps = map[string]bool{}
	for p := range deps {
		p = filepath.Clean(p)
		w.deps[p] = true
		dir := filepath.Dir(p)
		if w.dirs[dir] {
			continue
		}
		if err := w.fsw.Add(dir); err == nil {
			w.dirs[dir] = true
		} else if !errors.Is(err, os.ErrNotExist) {
			w.con.note("cannot watch %s: %v", dir, err)
		}
	}
}

// loop rebuilds after changes until ctx ends.
func (w *watcher) loop(ctx context.Context) {
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			if ev.Op == fsnotify.Chmod || !w.deps[filepath.Clean(ev.Name)] {
				continue
			}
			timer.Reset(debounce)
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			w.con.note("watching files: %v", err)
		case <-timer.C:
			w.rebuild()
		}
	}
}

func (w *watcher) state() (*buildState, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.cur, w.building
}

// handler serves the page, the report, the PDFs and the page images.
func (w *watcher) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(rw http.ResponseWriter, r *http.Request) {
		st, _ := w.state()
		view := r.URL.Query().Get("view")
		if view != "proof" {
			view = "edition"
		}
		rw.Header().Set("Content-Type", "text/html; charset=utf-8")
		rw.Header().Set("Cache-Control", "no-store")
		pages := 0
		if st.b != nil {
			pages = len(st.b.res.Doc.Pages)
		}
		data := pageData{Version: st.version, R: st.report, View: view, PNG: w.render != nil && st.b != nil,
			Pages: make([]int, pages), At: st.at.Format("15:04:05"), Took: seconds(st.took)}
		for i := range data.Pages {
			data.Pages[i] = i + 1
		}
		if err := pageTemplate.Execute(rw, data); err != nil {
			w.con.note("serving the page: %v", err)
		}
	})
	mux.HandleFunc("GET /version", func(rw http.ResponseWriter, r *http.Request) {
		st, building := w.state()
		writeJSON(rw, map[string]any{"version": st.version, "building": building, "result": st.report.Result,
			"seconds": st.took.Seconds()})
	})
	mux.HandleFunc("GET /report.json", func(rw http.ResponseWriter, r *http.Request) {
		st, _ := w.state()
		writeJSON(rw, checkReport{Schema: checkSchema, OK: st.report.Result == resultOK, Editions: []editionReport{st.report}})
	})
	for _, view := range []string{"edition", "proof"} {
		mux.HandleFunc("GET /"+view+".pdf", func(rw http.ResponseWriter, r *http.Request) {
			st, _ := w.state()
			data, err := st.pdf(view)
			if err != nil {
				http.Error(rw, err.Error(), http.StatusNotFound)
				return
			}
			rw.Header().Set("Content-Type", "application/pdf")
			rw.Header().Set("Cache-Control", "no-store")
			rw.Write(data)
		})
	}
	mux.HandleFunc("GET /page/{n}", func(rw http.ResponseWriter, r *http.Request) {
		st, _ := w.state()
		n, err := strconv.Atoi(strings.TrimSuffix(r.PathValue("n"), ".png"))
		view := r.URL.Query().Get("view")
		if view != "proof" {
			view = "edition"
		}
		if err != nil || w.render == nil {
			http.NotFound(rw, r)
			return
		}
		imgs, err := st.pngs[view].get(func() ([][]byte, error) {
			doc, err := st.doc(view)
			if err != nil {
				return nil, err
			}
			return w.render(doc)
		})
		if err != nil {
			http.Error(rw, err.Error(), http.StatusNotFound)
			return
		}
		if n < 1 || n > len(imgs) {
			http.NotFound(rw, r)
			return
		}
		rw.Header().Set("Content-Type", "image/png")
		rw.Header().Set("Cache-Control", "no-store")
		rw.Write(imgs[n-1])
	})
	return mux
}

func writeJSON(rw http.ResponseWriter, v any) {
	rw.Header().Set("Content-Type", "application/json")
	rw.Header().Set("Cache-Control", "no-store")
	enc := json.NewEncoder(rw)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

type pageData struct {
	Version  int
	R        editionReport
	View     string
	PNG      bool
	Pages    []int
	At, Took string
}

func pct(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) }

var pageTemplate = template.Must(template.New("page").Funcs(template.FuncMap{"pct": pct, "join": strings.Join}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{{if .R.Paper}}{{.R.Paper}} {{.R.Date}}{{else}}{{.R.Manifest}}{{end}} — epaper watch</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1em 2em;color:#222}
h1{font-size:1.3em;margin:.2em 0} .ok{color:#070} .overset,.invalid{color:#b00}
#status{float:right;color:#666} table{border-collapse:collapse;margin:.5em 0}
td,th{border-bottom:1px solid #ddd;padding:2px 8px;text-align:left;vertical-align:top}
td.n{text-align:right} pre{margin:0;font:11px/1.1 monospace}
.pages{display:flex;flex-wrap:wrap;gap:12px} .pages img{width:280px;border:1px solid #bbb}
iframe{width:100%;height:85vh;border:1px solid #bbb} nav a{margin-right:1em}
</style></head><body>
<div id="status">build {{.Version}} at {{.At}} in {{.Took}}</div>
<h1>{{if .R.Paper}}{{.R.Paper}}{{if .R.Name}} · {{.R.Name}}{{end}} · {{.R.Date}}{{else}}{{.R.Manifest}}{{end}}
 <span class="{{.R.Result}}">{{.R.Result}}</span></h1>
<nav><a href="/?view=edition">edition</a><a href="/?view=proof">proof</a>
<a href="/edition.pdf">edition.pdf</a><a href="/proof.pdf">proof.pdf</a><a href="/report.json">report.json</a></nav>
{{if .R.Errors}}<h2>Errors</h2><ul>{{range .R.Errors}}<li>{{.File}}:{{.Line}}:{{.Column}}: {{if .Field}}{{.Field}}: {{end}}{{.Message}}{{if .Hint}} ({{.Hint}}){{end}}</li>{{end}}</ul>{{end}}
{{if .R.Pages}}{{if .PNG}}<div class="pages">{{range .Pages}}<a href="/page/{{.}}.png?view={{$.View}}&v={{$.Version}}"><img alt="page {{.}}" src="/page/{{.}}.png?view={{$.View}}&v={{$.Version}}"></a>{{end}}</div>
{{else}}<iframe title="pages" src="/{{.View}}.pdf?v={{.Version}}#view=FitH"></iframe>{{end}}{{end}}
{{if .R.Warnings}}<h2>Warnings</h2><ul>{{range .R.Warnings}}<li>{{if .Line}}line {{.Line}}: {{end}}{{if .Field}}{{.Field}}: {{end}}{{.Message}}</li>{{end}}</ul>{{end}}
{{if .R.Pages}}<h2>Pages</h2><table><tr><th>page</th><th>section</th><th>fill</th><th>stories</th><th>map</th></tr>
{{range .R.Pages}}<tr><td class="n">{{.Number}}</td><td>{{.Section}}</td><td class="n">{{pct .Fill}}</td><td>{{join .Stories ", "}}</td><td><pre>{{join .Map "\n"}}</pre></td></tr>{{end}}</table>
<h2>Stories</h2><table><tr><th>story</th><th>headline</th><th>lines</th><th>overset</th><th>emergency</th><th>pages</th></tr>
{{range .R.Stories}}<tr><td>{{.ID}}</td><td>{{.Headline}}</td><td class="n">{{.Lines}}</td><td class="n{{if .Overset}} overset{{end}}">{{.Overset}}</td><td class="n">{{.EmergencyParagraphs}}</td><td>{{range $i, $p := .Pages}}{{if $i}} → {{end}}{{$p}}{{end}}</td></tr>{{end}}</table>{{end}}
<script>
// Reload when a newer build is ready; show when one is running.
const version = {{.Version}};
async function poll() {
  try {
    const r = await fetch('/version', {cache: 'no-store'});
    const v = await r.json();
    if (v.version !== version) { location.reload(); return; }
    document.getElementById('status').textContent = v.building ? 'rebuilding…' : 'build ' + version + ' at {{.At}} in {{.Took}}';
  } catch (e) {
    document.getElementById('status').textContent = 'watch is not running';
  }
  setTimeout(poll, 700);
}
poll();
</script>
</body></html>
`))

// pdftoppmRenderer renders pages with poppler's pdftoppm, or is nil when it is not
// installed. It is slow (about 0.3 s a broadsheet page), which is why PDF is the default.
func pdftoppmRenderer() pageRenderer {
	bin, err := exec.LookPath("pdftoppm")
	if err != nil {
		return nil
	}
	return func(doc *page.Document) ([][]byte, error) {
		dir, err := os.MkdirTemp("", "epaper-watch-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		src := filepath.Join(dir, "doc.pdf")
		if err := pdf.WriteFile(doc, src); err != nil {
			return nil, err
		}
		if out, err := exec.Command(bin, "-png", "-r", "40", src, filepath.Join(dir, "p")).CombinedOutput(); err != nil {
			return nil, fmt.Errorf("pdftoppm: %v: %s", err, out)
		}
		names, err := filepath.Glob(filepath.Join(dir, "p-*.png"))
		if err != nil {
			return nil, err
		}
		// pdftoppm pads the numbers to the width of the page count: p-1.png or p-01.png.
		num := func(s string) int {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(filepath.Base(s), "p-"), ".png"))
			return n
		}
		sort.Slice(names, func(i, j int) bool { return num(names[i]) < num(names[j]) })
		out := make([][]byte, 0, len(names))
		for _, n := range names {
			b, err := os.ReadFile(n)
			if err != nil {
				return nil, err
			}
			out = append(out, b)
		}
		if len(out) != len(doc.Pages) {
			return nil, fmt.Errorf("pdftoppm made %d images of %d pages", len(out), len(doc.Pages))
		}
		return out, nil
	}
}
