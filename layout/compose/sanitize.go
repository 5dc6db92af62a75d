package compose

import (
	"strings"
	"unicode"
)

// substitutes are printed in place of characters a font lacks. Anything else the fonts
// cannot draw (emoji, most symbols beyond the Basic Multilingual Plane) is dropped; both
// are reported as warnings. The PDF writer cannot encode runes beyond U+FFFF at all.
var substitutes = map[rune]string{
	'‘': "'", '’': "'", '‚': ",", '‛': "'", '′': "'",
	'“': "\"", '”': "\"", '„': "\"", '‟': "\"", '″': "\"",
	'‐': "-", '‑': "-", '‒': "-", '–': "-", '—': "-", '―': "-", '−': "-",
	'…': "...", '•': "-", '·': ".",
	'\u00a0': " ", '\u202f': " ", '\u2007': " ", '\u2009': " ", '\u200a': " ", '\u2002': " ", '\u2003': " ",
	'ﬁ': "fi", 'ﬂ': "fl", 'ﬀ': "ff", 'ﬃ': "ffi", 'ﬄ': "ffl",
	'€': "EUR", '₹': "Rs.", '™': "(TM)", '©': "(c)", '®': "(R)",
}

// clean replaces or drops characters the edition's fonts cannot draw, and control
// characters, recording each for the report.
func (c *composer) clean(s string) string {
	return c.cleanNoting(s, func(r rune) {
		c.mu.Lock()
		c.replaced[r]++
		c.mu.Unlock()
	})
}

// cleanNoting is clean, telling replaced each character it replaces or drops.
func (c *composer) cleanNoting(s string, replaced func(rune)) string {
	ok := true
	for _, r := range s {
		if !c.drawable(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case c.drawable(r):
			b.WriteRune(r)
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteRune(r)
		case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff':
			// invisible joiners and marks carry nothing a reader sees
		default:
			replaced(r)
			if sub, ok := substitutes[r]; ok && c.drawableString(sub) {
				b.WriteString(sub)
			}
		}
	}
	return b.String()
}

// drawable reports whether every face text may be set in has a glyph for r.
func (c *composer) drawable(r rune) bool {
	if r >= 0x10000 || unicode.IsControl(r) || r == '\ufffd' {
		return false
	}
	if r == '\u00ad' {
		return true // a soft hyphen is a break hint, never drawn
	}
	h := c.house
	return h.Body.Regular.Has(r) && h.Body.Bold.Has(r) && h.Body.Italic.Has(r) &&
		h.Head.Face(h.HeadStyle).Has(r) && h.Sans.Regular.Has(r) && h.Sans.Bold.Has(r)
}

func (c *composer) drawableString(s string) bool {
	for _, r := range s {
		if !c.drawable(r) {
			return false
		}
	}
	return true
}
