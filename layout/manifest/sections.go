package manifest

import "strings"

// DefaultSection holds the articles when no section is named anywhere.
const DefaultSection = "News"

func (l *loader) sections(top *obj, ed *Edition) {
	n := top.get("sections")
	l.sectionsGiven = n != nil && n.kind == seqKind && len(n.items) > 0
	first := map[string]Pos{}
	for i, item := range l.list(n, "sections") {
		path := index("sections", i)
		s, ok := l.textOf(item, path, false)
		if !ok {
			continue
		}
		if s == "" {
			l.errs.add(item.pos, path, "remove the empty entry", "a section needs a name")
			continue
		}
		if p, dup := first[s]; dup {
			l.errs.add(item.pos, path, "each section is listed once", "duplicate section %q (first listed at %s)", s, at(p, item.pos))
			continue
		}
		first[s] = item.pos
		ed.Sections = append(ed.Sections, s)
	}
}

// fillSections derives the section list when it is absent, puts articles without a section in
// the first one, and checks the others against the list.
func (l *loader) fillSections(ed *Edition) {
	if !l.sectionsGiven {
		ed.Sections = nil
		for _, a := range ed.Articles {
			if a.Section != "" && !contains(ed.Sections, a.Section) {
				ed.Sections = append(ed.Sections, a.Section)
			}
		}
		if len(ed.Sections) == 0 {
			ed.Sections = []string{DefaultSection}
		}
	}
	if len(ed.Sections) == 0 {
		return // the list was given but every entry was bad; already reported
	}
	for i := range ed.Articles {
		a := &ed.Articles[i]
		if a.Section == "" {
			a.Section = ed.Sections[0]
			continue
		}
		if !contains(ed.Sections, a.Section) {
			n := l.artNodes[i].section
			l.errs.add(n.pos, index("articles", i)+".section", sectionHint(a.Section, ed.Sections),
				"unknown section %q", a.Section)
		}
	}
}

func sectionHint(s string, sections []string) string {
	if c, ok := closest(s, sections); ok {
		return "did you mean \"" + c + "\"? sections: " + strings.Join(sections, ", ")
	}
	return "sections: " + strings.Join(sections, ", ")
}
