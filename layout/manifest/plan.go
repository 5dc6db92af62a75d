package manifest

import "sort"

// planNodes keeps where a pages: entry wrote its section and article ids.
type planNodes struct {
	section  *node
	articles []*node
}

// plan reads the top-level pages: list. Names are checked in checkPlan, once sections are known.
func (l *loader) plan(top *obj, ed *Edition) {
	items := l.list(top.get("pages"), "pages")
	if len(items) > maxPages {
		l.errs.add(items[maxPages].pos, "pages", "", "more than %d pages", maxPages)
		items = items[:maxPages]
	}
	for i, item := range items {
		path := index("pages", i)
		o := l.obj(item, path)
		pp := PagePlan{Pos: item.pos}
		var nodes planNodes
		if n := o.get("section"); n != nil {
			nodes.section = n
			pp.Section, _ = l.textOf(n, o.sub("section"), false)
		}
		for j, a := range l.list(o.get("articles"), o.sub("articles")) {
			if id, ok := l.textOf(a, index(o.sub("articles"), j), false); ok {
				pp.Articles = append(pp.Articles, id)
				nodes.articles = append(nodes.articles, a)
			}
		}
		o.done()
		ed.Plan = append(ed.Plan, pp)
		l.planNodes = append(l.planNodes, nodes)
	}
}

// checkPlan checks the pages: entries against the sections and articles.
func (l *loader) checkPlan(ed *Edition) {
	byID := map[string]int{}
	for i, a := range ed.Articles {
		if _, dup := byID[a.ID]; !dup && a.ID != "" {
			byID[a.ID] = i
		}
	}
	planned := map[string]Pos{}
	for i, pp := range ed.Plan {
		path := index("pages", i)
		nodes := l.planNodes[i]
		if ed.Pages > 0 && i == ed.Pages {
			l.errs.add(pp.Pos, path, "raise edition.pages or remove the entry",
				"pages lists more pages than edition.pages (%d)", ed.Pages)
		}
		if pp.Section != "" && !contains(ed.Sections, pp.Section) {
			l.errs.add(nodes.section.pos, path+".section", sectionHint(pp.Section, ed.Sections),
				"unknown section %q", pp.Section)
		}
		for j, id := range pp.Articles {
			n := nodes.articles[j]
			apath := index(path+".articles", j)
			ai, ok := byID[id]
			if !ok {
				hint := "articles are named by their id"
				if c, near := closest(id, keys(byID)); near {
					hint = "did you mean \"" + c + "\"?"
				}
				l.errs.add(n.pos, apath, hint, "unknown article %q", id)
				continue
			}
			if p, dup := planned[id]; dup {
				l.errs.add(n.pos, apath, "an article is fixed to one page", "article %q is already listed at %s", id, at(p, n.pos))
				continue
			}
			planned[id] = n.pos
			if pl := ed.Articles[ai].Place; pl != nil && pl.Page != i+1 {
				l.errs.add(n.pos, apath, "make the page numbers agree",
					"article %q is placed on page %d (at %s) but listed here for page %d", id, pl.Page, at(pl.Pos, n.pos), i+1)
			}
		}
	}
}

func keys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out) // deterministic suggestions
	return out
}
