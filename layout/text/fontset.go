package text

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"epaper/assets/fonts"
)

// FamilyData is the TrueType data of a family's styles; Regular is required, missing styles
// fall back to the nearest one present.
type FamilyData struct {
	Regular, Bold, Italic, BoldItalic []byte
}

// FontSet resolves font references such as "serif", "serif-bold" or "sans-italic".
type FontSet struct {
	families map[string]*Family
}

var (
	builtinOnce sync.Once
	builtin     map[string]*Family
	builtinErr  error
)

// builtinFamilies parses the embedded fonts once per process.
func builtinFamilies() (map[string]*Family, error) {
	builtinOnce.Do(func() {
		builtin = map[string]*Family{}
		for name, f := range fonts.Builtin() {
			fam, err := parseFamily(name, FamilyData{f.Regular, f.Bold, f.Italic, f.BoldItalic})
			if err != nil {
				builtinErr = fmt.Errorf("built-in font %s: %w", name, err)
				return
			}
			builtin[name] = fam
		}
	})
	return builtin, builtinErr
}

func parseFamily(name string, d FamilyData) (*Family, error) {
	parse := func(style string, data []byte) (*Face, error) {
		if data == nil {
			return nil, nil
		}
		f, err := ParseFace(name+"-"+style, data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", style, err)
		}
		return f, nil
	}
	var fam Family
	var err error
	if fam.Regular, err = parse("regular", d.Regular); err != nil {
		return nil, err
	}
	if fam.Regular == nil {
		return nil, fmt.Errorf("regular style is required")
	}
	if fam.Bold, err = parse("bold", d.Bold); err != nil {
		return nil, err
	}
	if fam.Italic, err = parse("italic", d.Italic); err != nil {
		return nil, err
	}
	if fam.BoldItalic, err = parse("bolditalic", d.BoldItalic); err != nil {
		return nil, err
	}
	if fam.Bold == nil {
		fam.Bold = fam.Regular
	}
	if fam.Italic == nil {
		fam.Italic = fam.Regular
	}
	if fam.BoldItalic == nil {
		fam.BoldItalic = fam.Bold
	}
	return &fam, nil
}

// NewFontSet returns the built-in families plus the given ones (which may replace a built-in).
func NewFontSet(user map[string]FamilyData) (*FontSet, error) {
	b, err := builtinFamilies()
	if err != nil {
		return nil, err
	}
	fs := &FontSet{families: map[string]*Family{}}
	for k, v := range b {
		fs.families[k] = v
	}
	names := make([]string, 0, len(user))
	for n := range user {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fam, err := parseFamily(n, user[n])
		if err != nil {
			return nil, fmt.Errorf("font family %s: %w", n, err)
		}
		fs.families[n] = fam
	}
	return fs, nil
}

var styleNames = map[string]Style{
	"regular": Regular, "bold": Bold, "italic": Italic, "bold-italic": Bold | Italic, "bolditalic": Bold | Italic,
}

// Resolve finds the family and style of a reference "FAMILY" or "FAMILY-STYLE".
func (fs *FontSet) Resolve(ref string) (*Family, Style, error) {
	if fam, ok := fs.families[ref]; ok {
		return fam, Regular, nil
	}
	for sname, st := range styleNames {
		if base, ok := strings.CutSuffix(ref, "-"+sname); ok {
			if fam, ok := fs.families[base]; ok {
				return fam, st, nil
			}
		}
	}
	return nil, 0, fmt.Errorf("unknown font %q", ref)
}

// Family returns a family by name.
func (fs *FontSet) Family(name string) (*Family, bool) {
	f, ok := fs.families[name]
	return f, ok
}
