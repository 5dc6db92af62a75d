package manifest

import (
	"math"
	"strconv"
	"strings"

	"epaper/layout/geom"
)

// obj reads one mapping. Every key asked for becomes a known key; done() reports the rest as
// unknown, with a did-you-mean hint. A nil or null mapping reads as empty.
type obj struct {
	l     *loader
	n     *node
	path  string
	known []string
}

// obj returns a reader for the mapping n; anything that is not a mapping is reported.
func (l *loader) obj(n *node, path string) *obj {
	o := &obj{l: l, path: path}
	switch {
	case n == nil || n.kind == nullKind || n.kind == badKind:
	case n.kind != mapKind:
		l.errs.add(n.pos, path, "write key: value pairs on indented lines below", "expected a mapping, got %s", n.describe())
	default:
		o.n = n
	}
	return o
}

// get returns the value of key, or nil when it is absent or null.
func (o *obj) get(key string) *node {
	if !contains(o.known, key) {
		o.known = append(o.known, key)
	}
	f := o.n.get(key)
	if f == nil || f.val.kind == nullKind {
		return nil
	}
	return f.val
}

func (o *obj) sub(key string) string { return join(o.path, key) }

// pos is where the mapping starts (or the closest known position when it is absent).
func (o *obj) pos(fallback Pos) Pos {
	if o.n != nil {
		return o.n.pos
	}
	return fallback
}

// done reports keys that no get asked for.
func (o *obj) done() {
	if o.n == nil {
		return
	}
	for _, f := range o.n.fields {
		if !contains(o.known, f.key) {
			o.l.errs.add(f.keyPos, o.sub(f.key), suggest(f.key, o.known), "unknown key %q", f.key)
		}
	}
}

// require reports a missing key at the mapping, where the reader will look for it.
func (o *obj) require(key string, fallback Pos, what string) *node {
	v := o.get(key)
	if v == nil {
		if f := o.n.get(key); f != nil && f.val.kind == badKind {
			return nil
		} else if f != nil {
			o.l.errs.add(f.keyPos, o.sub(key), what, "has no value")
		} else {
			o.l.errs.add(o.pos(fallback), o.sub(key), what, "required key %q is missing", key)
		}
	}
	return v
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// scalar checks that n is a single value (not a list or mapping).
func (l *loader) scalar(n *node, path, want string) bool {
	if n.kind == badKind {
		return false
	}
	if n.kind != scalarKind {
		l.errs.add(n.pos, path, "", "expected %s, got %s", want, n.describe())
		return false
	}
	return true
}

func (l *loader) integer(n *node, path string) (int, bool) {
	if !l.scalar(n, path, "a whole number") {
		return 0, false
	}
	v, err := strconv.ParseInt(strings.TrimSpace(n.value), 10, 32) // base 10: "010" is ten, as in YAML 1.2
	if err != nil {
		if _, ferr := strconv.ParseFloat(n.value, 64); ferr == nil && n.tag != "!!str" {
			l.errs.add(n.pos, path, "", "expected a whole number, got %s", n.value)
		} else {
			l.errs.add(n.pos, path, "", "expected a number, got %s", n.describe())
		}
		return 0, false
	}
	return int(v), true
}

func (l *loader) number(n *node, path string) (float64, bool) {
	if !l.scalar(n, path, "a number") {
		return 0, false
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(n.value), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		l.errs.add(n.pos, path, "", "expected a number, got %s", n.describe())
		return 0, false
	}
	return v, true
}

func (l *loader) boolean(n *node, path string) (bool, bool) {
	if !l.scalar(n, path, "true or false") {
		return false, false
	}
	switch strings.ToLower(n.value) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	l.errs.add(n.pos, path, "write true or false", "expected true or false, got %s", n.describe())
	return false, false
}

// length reads a positive length such as "12mm".
func (l *loader) length(n *node, path string) (geom.Sp, bool) {
	if !l.scalar(n, path, "a length such as 12mm") {
		return 0, false
	}
	v, err := geom.ParseLength(n.value)
	if err != nil {
		l.errs.add(n.pos, path, "lengths take a unit: mm, cm, in or pt", "%v", err)
		return 0, false
	}
	if v <= 0 {
		l.errs.add(n.pos, path, "", "must be greater than zero, got %s", n.value)
		return 0, false
	}
	return v, true
}

// list returns the items of a sequence; a null list is empty.
func (l *loader) list(n *node, path string) []*node {
	if n == nil || n.kind == badKind {
		return nil
	}
	if n.kind != seqKind {
		l.errs.add(n.pos, path, "write one item per line, each starting with \"- \"", "expected a list, got %s", n.describe())
		return nil
	}
	return n.items
}

// intIn reads an optional integer in [lo, hi]; def when absent.
func (o *obj) intIn(key string, def, lo, hi int, hint string) int {
	n := o.get(key)
	if n == nil {
		return def
	}
	v, ok := o.l.integer(n, o.sub(key))
	if !ok {
		return def
	}
	if v < lo || v > hi {
		if hi == math.MaxInt32 && lo == 0 {
			o.l.errs.add(n.pos, o.sub(key), hint, "must not be negative, got %d", v)
		} else if hi == math.MaxInt32 {
			o.l.errs.add(n.pos, o.sub(key), hint, "must be at least %d, got %d", lo, v)
		} else {
			o.l.errs.add(n.pos, o.sub(key), hint, "must be between %d and %d, got %d", lo, hi, v)
		}
		return def
	}
	return v
}

func (o *obj) boolean(key string, def bool) bool {
	n := o.get(key)
	if n == nil {
		return def
	}
	if v, ok := o.l.boolean(n, o.sub(key)); ok {
		return v
	}
	return def
}

func (o *obj) length(key string, def geom.Sp) geom.Sp {
	n := o.get(key)
	if n == nil {
		return def
	}
	if v, ok := o.l.length(n, o.sub(key)); ok {
		return v
	}
	return def
}

// pt formats a type size for messages: "9pt", "10.5pt".
func pt(s geom.Sp) string { return strconv.FormatFloat(math.Round(s.Pt()*100)/100, 'f', -1, 64) + "pt" }

// mm formats a length for messages.
func mm(s geom.Sp) string { return strconv.FormatFloat(math.Round(s.Mm()*10)/10, 'f', -1, 64) + " mm" }
