package archive

import (
	"fmt"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// Handler serves the archive in dir as static files. net/http's file server answers range
// requests (readers fetch PDFs page by page) and conditional requests; this adds an ETag
// from each file's size and modification time, and Cache-Control: pages and index.json
// are revalidated on every visit, PDFs and images are cached for an hour (a rebuilt
// edition keeps its file names). Hidden files (the temporary files of atomic writes) and
// folders without an index.html are not shown.
func Handler(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := path.Clean("/" + r.URL.Path)
		for _, seg := range strings.Split(name, "/") {
			if strings.HasPrefix(seg, ".") {
				http.NotFound(w, r)
				return
			}
		}
		st, err := os.Stat(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		if st.IsDir() {
			index, err := os.Stat(filepath.Join(dir, filepath.FromSlash(name), "index.html"))
			if err != nil {
				http.NotFound(w, r)
				return
			}
			st = index
			name = path.Join(name, "index.html")
		}
		w.Header().Set("ETag", fmt.Sprintf(`"%x-%x"`, st.Size(), st.ModTime().UnixNano()))
		switch path.Ext(name) {
		case ".html", ".json":
			w.Header().Set("Cache-Control", "no-cache")
		default:
			w.Header().Set("Cache-Control", "public, max-age=3600")
		}
		files.ServeHTTP(w, r)
	})
}

// Serve serves the archive in dir at addr (e.g. "localhost:8080") until it fails.
func Serve(dir string, addr string) error {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return fmt.Errorf("serve: %s is not a folder", dir)
	}
	srv := &http.Server{Addr: addr, Handler: Handler(dir), ReadHeaderTimeout: 10 * time.Second}
	return srv.ListenAndServe()
}
