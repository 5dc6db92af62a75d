package manifest

import (
	"sort"
	"strings"

	"epaper/layout/geom"
)

// Font styles as written after the family in a font reference ("serif-bold").
var fontStyles = []string{"regular", "bold", "italic", "bold-italic"}

// Defaults of the body style.
var (
	DefaultBodySize = 9 * geom.Pt
	defaultLeading  = func(size geom.Sp) geom.Sp { return size.Scale(6, 5) } // 1.2 × size
)

const (
	DefaultMaxHyphens = 2
	defaultBodyFont   = "serif"
	defaultHeadFont   = "serif-bold"
)

// fontRef is a font reference waiting for type.fonts to be known.
type fontRef struct {
	n    *node
	path string
	dst  *string
}

func (l *loader) typography(top *obj, ed *Edition) {
	o := l.obj(top.get("type"), "type")
	t := &ed.Type
	var refs []fontRef

	b := l.obj(o.get("body"), "type.body")
	t.Body.Font = defaultBodyFont
	if n := b.get("font"); n != nil {
		refs = append(refs, fontRef{n, "type.body.font", &t.Body.Font})
	}
	t.Body.Size = b.length("size", DefaultBodySize)
	t.Body.Leading = defaultLeading(t.Body.Size)
	if n := b.get("leading"); n != nil {
		if v, ok := l.length(n, "type.body.leading"); ok {
			t.Body.Leading = v
			if v < t.Body.Size {
				l.errs.add(n.pos, "type.body.leading", "leading is the baseline-to-baseline distance; 1.2 × the size is usual",
					"leading %s is smaller than the type size %s", pt(v), pt(t.Body.Size))
			}
		}
	}
	t.Body.Hyphenate = b.boolean("hyphenate", true)
	t.Body.HyphenateCapitalized = b.boolean("hyphenate_capitalized", true)
	t.Body.Tolerance = b.intIn("tolerance", 0, 1, 10000, "leave it out for the default")
	t.Body.MaxConsecutiveHyphens = b.intIn("max_hyphens", DefaultMaxHyphens, 1, 10, "")
	b.done()

	h := l.obj(o.get("headline"), "type.headline")
	t.Headline.Font = defaultHeadFont
	if n := h.get("font"); n != nil {
		refs = append(refs, fontRef{n, "type.headline.font", &t.Headline.Font})
	}
	t.Headline.Size = h.length("size", 0)
	t.Headline.Leading = h.length("leading", 0)
	if n := h.get("leading"); n != nil && t.Headline.Size > 0 && t.Headline.Leading > 0 && t.Headline.Leading < t.Headline.Size {
		l.errs.add(n.pos, "type.headline.leading", "", "leading %s is smaller than the type size %s", pt(t.Headline.Leading), pt(t.Headline.Size))
	}
	h.done()

	var written map[string]map[string]bool
	t.Fonts, written = l.fonts(o.get("fonts"))
	o.done()
	for _, r := range refs {
		if s, ok := l.textOf(r.n, r.path, false); ok {
			if ref, ok := l.fontRef(r.n, r.path, s, written); ok {
				*r.dst = ref
			}
		}
	}
	// A family that replaces a built-in must still serve the defaults that were not overridden.
	for _, d := range []struct {
		ref, family, style, key string
		given                   bool
	}{
		{defaultBodyFont, defaultBodyFont, "regular", "type.body.font", b.n.get("font") != nil},
		{defaultHeadFont, "serif", "bold", "type.headline.font", h.n.get("font") != nil},
	} {
		if styles, ok := written[d.family]; ok && !d.given && styles["regular"] && !styles[d.style] {
			l.errs.add(t.Fonts[d.family].Pos, "type.fonts."+d.family, "add "+d.style+": or set "+d.key,
				"the default %s %q needs a %s style", d.key, d.ref, d.style)
		}
	}
}

// fonts reads type.fonts: family name -> {regular, bold, italic, bold-italic}. It also returns
// which styles each family wrote, so that a reference to a style is checked even when the
// style's file failed its own checks.
func (l *loader) fonts(n *node) (map[string]FontFamily, map[string]map[string]bool) {
	out := map[string]FontFamily{}
	written := map[string]map[string]bool{}
	if n == nil {
		return out, written
	}
	if n.kind != mapKind {
		l.obj(n, "type.fonts") // reports the type
		return out, written
	}
	for _, f := range n.fields {
		path := "type.fonts." + f.key
		if f.key == "" || strings.ContainsAny(f.key, " \t") {
			l.errs.add(f.keyPos, path, "use a single word such as \"body\"", "bad font family name %q", f.key)
			continue
		}
		o := l.obj(f.val, path)
		fam := FontFamily{Pos: f.keyPos}
		styles := map[string]bool{}
		written[f.key] = styles
		read := func(key string) string {
			v := o.get(key)
			if v == nil {
				return ""
			}
			styles[strings.Replace(key, "bolditalic", "bold-italic", 1)] = true
			p, _ := l.file(v, o.sub(key), "font file")
			return p
		}
		if o.n == nil && f.val.kind == nullKind {
			l.errs.add(f.keyPos, path, "give at least regular: path/to/Font-Regular.ttf", "font family %q has no files", f.key)
		} else if o.n != nil && o.get("regular") == nil {
			l.errs.add(o.n.pos, path+".regular", "every family needs a regular font file", "required key \"regular\" is missing")
		}
		fam.Regular = read("regular")
		fam.Bold = read("bold")
		fam.Italic = read("italic")
		fam.BoldItalic = read("bold-italic")
		if bi := read("bolditalic"); bi != "" {
			if o.get("bold-italic") != nil {
				l.errs.add(o.n.get("bolditalic").keyPos, path+".bolditalic", "keep one of them", "bold-italic is given twice")
			}
			fam.BoldItalic = bi
		}
		o.done()
		out[f.key] = fam
	}
	return out, written
}

// fontRef checks a reference "FAMILY" or "FAMILY-STYLE" and returns it in canonical form
// ("serif", "serif-bold-italic").
func (l *loader) fontRef(n *node, path, s string, written map[string]map[string]bool) (string, bool) {
	families := append([]string(nil), l.opt.FontFamilies...)
	for name := range written {
		if !contains(families, name) {
			families = append(families, name)
		}
	}
	sort.Strings(families)
	known := func(f string) bool { return contains(families, f) }
	family, style := s, "regular"
	if !known(s) {
		for _, st := range []string{"bold-italic", "bolditalic", "regular", "bold", "italic"} {
			if base, ok := strings.CutSuffix(s, "-"+st); ok {
				family, style = base, st
				break
			}
		}
	}
	if style == "bolditalic" {
		style = "bold-italic"
	}
	if !known(family) {
		if i := strings.LastIndex(s, "-"); i > 0 && known(s[:i]) {
			l.errs.add(n.pos, path, "styles: "+strings.Join(fontStyles, ", "), "unknown font style %q", s[i+1:])
			return "", false
		}
		l.errs.add(n.pos, path, suggest(family, families)+" Styles: "+strings.Join(fontStyles, ", "),
			"unknown font family %q", family)
		return "", false
	}
	if styles, ok := written[family]; ok {
		if !styles[style] && styles["regular"] {
			l.errs.add(n.pos, path, "add "+style+": to type.fonts."+family, "font family %q has no %s style", family, style)
			return "", false
		}
	}
	if style == "regular" {
		return family, true
	}
	return family + "-" + style, true
}
