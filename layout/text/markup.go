package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Style is a variant of a family.
type Style uint8

// Styles, combinable: Bold|Italic is bold italic.
const (
	Regular Style = 0
	Bold    Style = 1
	Italic  Style = 2
)

// Span is a piece of text in one style.
type Span struct {
	Style Style
	Text  string
}

// Block is a paragraph or a subhead of an article body.
type Block struct {
	Subhead bool
	Spans   []Span
}

// ParseBody splits an article body into blocks: paragraphs are separated by blank lines,
// a line starting with "## " is a subhead, *italic* and **bold** mark inline styles.
// Single line breaks inside a paragraph are spaces, as in Markdown.
func ParseBody(body string) []Block {
	var blocks []Block
	var para []string
	flush := func() {
		if len(para) > 0 {
			if spans := parseInline(strings.Join(para, " ")); len(spans) > 0 {
				blocks = append(blocks, Block{Spans: spans})
			}
			para = nil
		}
	}
	for _, line := range strings.Split(body, "\n") {
		t := strings.TrimSpace(line)
		switch {
		case t == "":
			flush()
		case strings.HasPrefix(t, "#"):
			h := strings.TrimLeft(t, "#")
			if h == "" || h[0] != ' ' {
				para = append(para, t) // "#hashtag" is text
				continue
			}
			flush()
			if spans := parseInline(h); len(spans) > 0 {
				for i := range spans {
					spans[i].Style |= Bold
				}
				blocks = append(blocks, Block{Subhead: true, Spans: spans})
			}
		default:
			para = append(para, t)
		}
	}
	flush()
	return blocks
}

// parseInline handles *italic*, **bold**, ***bold italic*** and backslash escapes. A marker
// without a partner is kept as a literal asterisk, as Markdown readers expect.
func parseInline(s string) []Span {
	s = collapseSpaces(s)
	var spans []Span
	var cur strings.Builder
	style := Regular
	emit := func() {
		if cur.Len() > 0 {
			if n := len(spans); n > 0 && spans[n-1].Style == style {
				spans[n-1].Text += cur.String()
			} else {
				spans = append(spans, Span{style, cur.String()})
			}
			cur.Reset()
		}
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c == '\\' && i+1 < len(s) && (s[i+1] == '*' || s[i+1] == '\\' || s[i+1] == '#') {
			cur.WriteByte(s[i+1])
			i += 2
			continue
		}
		if c != '*' {
			_, n := utf8.DecodeRuneInString(s[i:])
			cur.WriteString(s[i : i+n])
			i += n
			continue
		}
		n := 0
		for i+n < len(s) && s[i+n] == '*' && n < 3 {
			n++
		}
		var toggle Style
		switch n {
		case 1:
			toggle = Italic
		case 2:
			toggle = Bold
		default:
			toggle = Bold | Italic
		}
		opening := style&toggle == 0
		if opening && !hasCloser(s[i+n:], n) || !opening && style&toggle != toggle {
			cur.WriteString(s[i : i+n])
			i += n
			continue
		}
		emit()
		style ^= toggle
		i += n
	}
	emit()
	return spans
}

// hasCloser reports whether rest contains a closing marker of n asterisks, so that a lone
// "*" (a footnote mark, a rating) stays literal.
func hasCloser(rest string, n int) bool {
	marker := strings.Repeat("*", n)
	for j := 0; j < len(rest); j++ {
		if rest[j] == '\\' {
			j++
			continue
		}
		if strings.HasPrefix(rest[j:], marker) && j > 0 && rest[j-1] != ' ' {
			return true
		}
	}
	return false
}

// collapseSpaces turns runs of breakable white space into one space; non-breaking spaces
// are kept, since they are an author's instruction.
func collapseSpaces(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if isBreakableSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

func isBreakableSpace(r rune) bool {
	return unicode.IsSpace(r) && !isNoBreakSpace(r)
}

func isNoBreakSpace(r rune) bool {
	return r == '\u00a0' || r == '\u202f' || r == '\u2007'
}

// PlainText returns the text of a one-line field (headline, caption) as spans, honouring
// the same inline markup as the body.
func PlainText(s string) []Span { return parseInline(strings.TrimSpace(s)) }

// SmartQuotes turns straight quotes into typographer's quotes, as a newspaper would print them.
// Quotes already curly are left alone.
func SmartQuotes(s string) string {
	if !strings.ContainsAny(s, "\"'") {
		return s
	}
	var b strings.Builder
	prev := ' '
	rs := []rune(s)
	for i, r := range rs {
		next := ' '
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		opening := unicode.IsSpace(prev) || strings.ContainsRune("([{—–-/\u00a0“‘", prev)
		switch {
		case r == '"' && opening:
			r = '“'
		case r == '"':
			r = '”'
		case r == '\'' && opening && !unicode.IsDigit(next):
			r = '‘'
		case r == '\'':
			r = '’' // apostrophe, closing quote, or elision before digits ('90s)
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}
