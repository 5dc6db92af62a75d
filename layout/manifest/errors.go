package manifest

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Error is one problem in a manifest, positioned where the offending key or value was written.
type Error struct {
	Pos   Pos
	Field string // path of the field, e.g. "articles[3].photos[0].src"; "" for file-level problems
	Msg   string
	Hint  string // what to do about it; may be ""
}

// Error formats the problem as "file:line:col: field: msg (hint)"; the line and column are left
// out when unknown and the field when there is none.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Pos.String())
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	if e.Hint != "" {
		b.WriteString(" (")
		b.WriteString(e.Hint)
		b.WriteString(")")
	}
	return b.String()
}

// ErrorList is every problem found in a manifest, sorted by file, line and column.
type ErrorList []*Error

// Error joins the problems, one per line.
func (l ErrorList) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// Unwrap lets errors.As find the individual problems.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// sort orders the list by position; problems at the same place keep the order they were found in.
func (l ErrorList) sort() {
	slices.SortStableFunc(l, func(a, b *Error) int {
		return cmp.Or(
			cmp.Compare(a.Pos.File, b.Pos.File),
			cmp.Compare(a.Pos.Line, b.Pos.Line),
			cmp.Compare(a.Pos.Col, b.Pos.Col),
		)
	})
}

// problems collects errors while loading so that one run reports all of them.
type problems struct {
	list ErrorList
	seen map[string]bool // drops exact repeats (e.g. one bad value reached through two aliases)
}

func (p *problems) add(pos Pos, field, hint, format string, args ...any) {
	e := &Error{Pos: pos, Field: field, Msg: fmt.Sprintf(format, args...), Hint: hint}
	key := e.Error()
	if p.seen[key] {
		return
	}
	if p.seen == nil {
		p.seen = map[string]bool{}
	}
	p.seen[key] = true
	p.list = append(p.list, e)
}
