package manifest

import (
	"strings"
	"unicode/utf8"
)

// textOf reads a text value. Line breaks are normalised to LF and the ends trimmed. Only body
// text (multiline) may hold tabs and line breaks; no text may hold other control characters.
func (l *loader) textOf(n *node, path string, multiline bool) (string, bool) {
	if !l.scalar(n, path, "text") {
		return "", false
	}
	s := strings.ReplaceAll(n.value, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) {
		l.errs.add(n.pos, path, "save the file as UTF-8", "text is not valid UTF-8")
		return "", false
	}
	for _, r := range s {
		if multiline && (r == '\n' || r == '\t') {
			continue
		}
		if r == '\n' && !multiline {
			l.errs.add(n.pos, path, "write it on one line, or fold long text with >", "line breaks are not allowed here")
			return "", false
		}
		if isControl(r) {
			l.errs.add(n.pos, path, "remove it", "text contains the control character %U", r)
			return "", false
		}
	}
	return s, true
}

// text reads an optional single-line text field.
func (o *obj) text(key string) string {
	n := o.get(key)
	if n == nil {
		return ""
	}
	s, _ := o.l.textOf(n, o.sub(key), false)
	return s
}

// nonEmpty reads a required text field that must not be blank.
func (o *obj) nonEmpty(key string, fallback Pos, what string, multiline bool) (string, *node) {
	n := o.require(key, fallback, what)
	if n == nil {
		return "", nil
	}
	s, ok := o.l.textOf(n, o.sub(key), multiline)
	if ok && s == "" {
		o.l.errs.add(n.pos, o.sub(key), what, "must not be empty")
	}
	return s, n
}
