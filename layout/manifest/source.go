package manifest

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

const maxExtendsDepth = 16

// readFile reads a manifest file, refusing sizes no manifest has.
func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxFileBytes {
		return nil, fmt.Errorf("%s is larger than %d MiB; that is not a manifest", path, maxFileBytes>>20)
	}
	return data, nil
}

// parseFile turns one file's bytes into a node tree (nil when nothing usable came out; the
// reasons are in l.errs).
func (l *loader) parseFile(file string, data []byte) *node {
	if !l.checkBytes(file, data) {
		return nil
	}
	l.sources[file] = data
	doc, err := decodeYAML(data)
	if err != nil {
		l.errs.add(yamlErrorPos(file, err, data), "", yamlHint(err, data), "%s", yamlMessage(err))
		return nil
	}
	if doc == nil || len(doc.Content) == 0 || (doc.Content[0].Kind == yaml.ScalarNode && doc.Content[0].Tag == "!!null") {
		l.errs.add(Pos{File: file}, "", "start with edition: and articles:", "the manifest is empty")
		return nil
	}
	c := &converter{file: file, errs: &l.errs, budget: maxAliasNodes, active: map[*yaml.Node]bool{}}
	root := c.conv(doc.Content[0], "")
	if c.exploded {
		return nil
	}
	if root.kind != mapKind {
		l.errs.add(root.pos, "", "the top level holds keys such as edition:, page: and articles:",
			"the manifest must be a mapping of keys to values, got %s", root.describe())
		return nil
	}
	return root
}

// decodeYAML parses the first document and rejects any further non-empty one. yaml.v3 panics are
// turned into errors: a manifest is untrusted input.
func decodeYAML(data []byte) (doc *yaml.Node, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, fmt.Errorf("yaml: the YAML parser failed: %v", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var first yaml.Node
	if err := dec.Decode(&first); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		return nil, err
	}
	for {
		var next yaml.Node
		err := dec.Decode(&next)
		if errors.Is(err, io.EOF) {
			return &first, nil
		}
		if err != nil {
			return nil, err
		}
		if len(next.Content) > 0 && !(next.Content[0].Kind == yaml.ScalarNode && next.Content[0].Tag == "!!null") {
			return nil, &multiDocError{line: next.Line}
		}
	}
}

type multiDocError struct{ line int }

func (e *multiDocError) Error() string {
	return "yaml: line " + strconv.Itoa(e.line) + ": the file holds more than one YAML document; a manifest is one document"
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// parserProblems are the messages of yaml.v3's parser (as opposed to its scanner). yaml.v3 v3.0.1
// reports their line 0-based, one less than the line it means.
var parserProblems = []string{
	"did not find expected ',' or ']'", "did not find expected ',' or '}'", "did not find expected '-' indicator",
	"did not find expected <document start>", "did not find expected <stream-start>", "did not find expected key",
	"did not find expected node content", "found duplicate %TAG directive", "found duplicate %YAML directive",
	"found incompatible YAML document", "found undefined tag handle",
}

var unknownAnchor = regexp.MustCompile(`^yaml: unknown anchor '(.*)' referenced$`)

// yamlErrorPos recovers the line of a yaml.v3 error. Its parser leaves "line N" out when N would
// be 0, that is for problems on the first line.
func yamlErrorPos(file string, err error, data []byte) Pos {
	s := err.Error()
	if m := yamlLine.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[1])
		if _, isMulti := err.(*multiDocError); !isMulti && contains(parserProblems, yamlMessage(err)) {
			n++
		}
		return Pos{File: file, Line: n}
	}
	if m := unknownAnchor.FindStringSubmatch(s); m != nil {
		if i := bytes.Index(data, []byte("*"+m[1])); i >= 0 {
			line := bytes.Count(data[:i], []byte("\n")) + 1
			col := utf8.RuneCount(data[bytes.LastIndexByte(data[:i], '\n')+1:i]) + 1
			return Pos{File: file, Line: line, Col: col}
		}
		return Pos{File: file}
	}
	if strings.Contains(s, "parser failed") {
		return Pos{File: file}
	}
	return Pos{File: file, Line: 1}
}

func yamlMessage(err error) string {
	s := err.Error()
	if m := yamlLine.FindStringIndex(s); m != nil {
		return s[m[1]:]
	}
	return strings.TrimPrefix(s, "yaml: ")
}

func yamlHint(err error, data []byte) string {
	s := err.Error()
	switch {
	case strings.Contains(s, "tab") || (strings.Contains(s, "cannot start any token") && bytes.ContainsRune(data, '\t')):
		return "indent with spaces; YAML does not allow tabs in indentation"
	case strings.Contains(s, "mapping values are not allowed"):
		return "put text that contains \": \" in quotes, and check the indentation"
	case strings.Contains(s, "more than one YAML document"):
		return "remove the --- line, or split the file"
	case strings.Contains(s, "unknown anchor"):
		return "define the anchor with &name before using *name"
	}
	return "check the indentation and quoting around this line"
}

// checkBytes rejects what YAML would reject with a vaguer message (or no line): invalid UTF-8
// and raw control characters, each with its exact line and column.
func (l *loader) checkBytes(file string, data []byte) bool {
	line, col, found := 1, 1, 0
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	for i := 0; i < len(data) && found < 5; {
		r, size := utf8.DecodeRune(data[i:])
		pos := Pos{File: file, Line: line, Col: col}
		switch {
		case r == utf8.RuneError && size <= 1:
			l.errs.add(pos, "", "save the file as UTF-8", "invalid UTF-8 (byte 0x%02x)", data[i])
			found++
		case r == '\n':
			line, col = line+1, 0
		case r == '\r':
			if i+1 < len(data) && data[i+1] == '\n' {
				col--
			} else {
				line, col = line+1, 0
			}
		case r != '\t' && isControl(r):
			l.errs.add(pos, "", "remove it; the file must be plain text", "control character %U in the file", r)
			found++
		}
		i += size
		col++
	}
	return found == 0
}

// isControl reports C0/C1 control characters and DEL, which have no place in printed text.
func isControl(r rune) bool { return r < 0x20 || (r >= 0x7f && r < 0xa0) }

// loadTree reads the file at path (display form) and merges its extends chain under it.
// chain holds the files that led here, to detect loops.
func (l *loader) loadTree(file string, data []byte, chain []link) *node {
	root := l.parseFile(file, data)
	if root == nil {
		return nil
	}
	ext := root.get("extends")
	if ext == nil {
		return root
	}
	rest := &node{kind: mapKind, pos: root.pos}
	for _, f := range root.fields {
		if f != ext {
			rest.fields = append(rest.fields, f)
		}
	}
	if ext.val.kind == nullKind {
		return rest
	}
	if ext.val.kind != scalarKind || strings.TrimSpace(ext.val.value) == "" {
		l.errs.add(ext.val.pos, "extends", "write the path of one house-style file, e.g. extends: ../house.yaml",
			"expected a file path, got %s", ext.val.describe())
		return rest
	}
	rel := ext.val.value
	next := rel
	if !filepath.IsAbs(rel) {
		next = filepath.Join(filepath.Dir(file), rel)
	}
	abs := canonical(next)
	for i, c := range chain {
		if c.abs == abs {
			var names []string
			for _, c := range chain[i:] {
				names = append(names, c.file)
			}
			names = append(names, next)
			l.errs.add(ext.val.pos, "extends", "remove extends from one of these files",
				"extends loop: %s", strings.Join(names, " -> "))
			return rest
		}
	}
	if len(chain) >= maxExtendsDepth {
		l.errs.add(ext.val.pos, "extends", "", "extends chain is longer than %d files", maxExtendsDepth)
		return rest
	}
	houseData, err := readFile(next)
	if err != nil {
		l.errs.add(ext.val.pos, "extends", "the path is relative to the file that names it",
			"cannot read the house-style file: %v", unwrapPathError(err))
		return rest
	}
	l.extends = append(l.extends, abs)
	l.addRoot(filepath.Dir(abs))
	base := l.loadTree(next, houseData, append(chain, link{file: next, abs: abs}))
	if base == nil {
		return rest
	}
	return merge(base, rest)
}

// link is one file of an extends chain: its name as shown in messages and its canonical path.
type link struct{ file, abs string }

// canonical is an absolute, symlink-free path when the file exists, else the cleaned absolute path.
func canonical(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return filepath.Clean(p)
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real
	}
	return abs
}

func unwrapPathError(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Path + ": " + pe.Err.Error()
	}
	return err.Error()
}

// merge lays over on top of base: mappings merge key by key, anything else is replaced.
// Neither input is modified (merge-key sharing means nodes may be reachable twice).
func merge(base, over *node) *node {
	if base == nil || base.kind != mapKind || over.kind != mapKind {
		return over
	}
	out := &node{kind: mapKind, pos: over.pos}
	out.fields = append(out.fields, base.fields...)
	for _, f := range over.fields {
		replaced := false
		for i, b := range out.fields {
			if b.key == f.key {
				out.fields[i] = &field{key: f.key, keyPos: f.keyPos, val: merge(b.val, f.val)}
				replaced = true
				break
			}
		}
		if !replaced {
			out.fields = append(out.fields, f)
		}
	}
	return out
}
