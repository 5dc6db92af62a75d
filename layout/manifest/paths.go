package manifest

import (
	"os"
	"path/filepath"
	"strings"
)

// addRoot allows files under dir (symlinks resolved) to be read.
func (l *loader) addRoot(dir string) {
	c := canonical(dir)
	if !contains(l.roots, c) {
		l.roots = append(l.roots, c)
	}
}

// inside reports whether p lies in one of the allowed folder trees.
func (l *loader) inside(p string) bool {
	for _, r := range l.roots {
		rel, err := filepath.Rel(r, p)
		if err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel) {
			return true
		}
	}
	return false
}

// file resolves a path written in the manifest: relative to the file it was written in, an
// existing regular file, inside the allowed folders once symlinks are followed. It returns the
// absolute, symlink-free path.
func (l *loader) file(n *node, path, what string) (string, bool) {
	rel, ok := l.textOf(n, path, false)
	if !ok {
		return "", false
	}
	if rel == "" {
		l.errs.add(n.pos, path, "write the path of the "+what+", relative to this file", "must not be empty")
		return "", false
	}
	p := rel
	if !filepath.IsAbs(p) {
		dir, err := filepath.Abs(filepath.Dir(n.pos.File))
		if err != nil {
			l.errs.add(n.pos, path, "", "cannot resolve %s: %v", rel, err)
			return "", false
		}
		p = filepath.Join(dir, p)
	}
	st, err := os.Stat(p)
	if err != nil {
		if os.IsNotExist(err) {
			l.errs.add(n.pos, path, "paths are relative to the file they are written in", "%s not found: %s", what, p)
		} else {
			l.errs.add(n.pos, path, "", "cannot read %s: %v", what, unwrapPathError(err))
		}
		return "", false
	}
	if !st.Mode().IsRegular() {
		l.errs.add(n.pos, path, "name the file itself", "%s is not a regular file: %s", what, p)
		return "", false
	}
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		l.errs.add(n.pos, path, "", "cannot resolve %s: %v", rel, unwrapPathError(err))
		return "", false
	}
	if !l.inside(real) {
		l.errs.add(n.pos, path, "to read files there, pass --allow-outside "+filepath.Dir(real),
			"%s is outside the manifest's folder: %s", rel, real)
		return "", false
	}
	return real, true
}
