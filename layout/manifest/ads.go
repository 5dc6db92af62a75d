package manifest

import "fmt"

// AdPositions are the anchors an ad may take on its page.
var AdPositions = []string{"top-left", "top-right", "bottom-left", "bottom-right", "top", "bottom"}

// DefaultAdPosition is used when an ad gives neither position nor place.
const DefaultAdPosition = "bottom-right"

func (l *loader) ads(top *obj, ed *Edition) {
	items := l.list(top.get("ads"), "ads")
	if len(items) > maxAds {
		l.errs.add(items[maxAds].pos, "ads", "", "more than %d ads", maxAds)
		items = items[:maxAds]
	}
	firstID := map[string]Pos{}
	half := (ed.Page.Columns + 1) / 2
	for i, item := range items {
		path := index("ads", i)
		o := l.obj(item, path)
		a := Ad{ID: fmt.Sprintf("ad-%d", i+1), Pos: item.pos}
		if n := o.get("id"); n != nil {
			a.ID = l.id(n, o.sub("id"), firstID, "ad")
		} else if p, dup := firstID[a.ID]; dup {
			l.errs.add(item.pos, o.sub("id"), "give this ad an id", "the automatic id %q is already used at %s", a.ID, at(p, item.pos))
		} else {
			firstID[a.ID] = item.pos
		}
		if n := o.require("src", item.pos, "every ad needs src: path/to/ad.jpg"); n != nil {
			a.Src, _ = l.file(n, o.sub("src"), "ad image")
		}
		a.Page = o.intIn("page", 0, 0, maxPages, "0 or leave it out to let the layout choose")
		a.Columns = o.intIn("columns", half, 1, 100, "")
		a.Rows = o.intIn("rows", 0, 0, 100, "0 or leave it out to follow the image's proportions")
		pos, place := o.get("position"), o.get("place")
		if pos != nil && place != nil {
			l.errs.add(place.pos, o.sub("place"), "keep one of them", "an ad takes either position or place, not both")
		}
		if place != nil {
			if a.Place = l.place(place, o.sub("place"), false); a.Place != nil {
				a.Place.Page, a.Place.Columns, a.Place.Rows = a.Page, a.Columns, a.Rows
			}
		} else {
			a.Position = DefaultAdPosition
			if pos != nil {
				if s, ok := l.textOf(pos, o.sub("position"), false); ok {
					if contains(AdPositions, s) {
						a.Position = s
					} else {
						l.errs.add(pos.pos, o.sub("position"), suggest(s, AdPositions), "unknown ad position %q", s)
					}
				}
			}
		}
		o.done()
		ed.Ads = append(ed.Ads, a)
	}
}

// Origin returns the ad's top-left cell (1-based) on a grid of p.Columns × p.Rows when the ad is
// rows module rows tall (its Rows, or the count derived from the image when Rows is 0).
// "top" and "bottom" centre the ad, rounding to the left.
func (a Ad) Origin(p PageSetup, rows int) (column, row int) {
	if a.Place != nil {
		return a.Place.Column, a.Place.Row
	}
	left, right, mid := 1, p.Columns-a.Columns+1, (p.Columns-a.Columns)/2+1
	top, bottom := 1, p.Rows-rows+1
	switch a.Position {
	case "top-left":
		return left, top
	case "top-right":
		return right, top
	case "bottom-left":
		return left, bottom
	case "top":
		return mid, top
	case "bottom":
		return mid, bottom
	}
	return right, bottom
}
