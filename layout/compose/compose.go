package compose

import (
	"encoding/binary"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	"epaper/layout/geom"
	"epaper/layout/manifest"
	"epaper/layout/page"
	"epaper/layout/text"
)

// Inspector reports a picture's displayed size in pixels without decoding it. It is called
// from several goroutines at once.
type Inspector func(path string) (w, h int, err error)

// Options are the services composition needs.
type Options struct {
	Fonts   *text.FontSet
	Hyph    text.Hyphenator // nil: no hyphenation
	Inspect Inspector
	// Decisions, when set, replays the pages an earlier build packed from the same inputs
	// and records this build's (see DecisionLog).
	Decisions *DecisionLog
}

// ImageRequest asks the photo pipeline for the picture of one frame.
type ImageRequest struct {
	ID             string
	Src            string
	FrameW, FrameH geom.Sp
	FocusX, FocusY float64
	Pos            manifest.Pos
	Field          string
}

// Result is a composed edition: the display list (pictures referenced by ID, not yet
// processed), what to process, and the report for check.
type Result struct {
	Doc      *page.Document
	Requests []ImageRequest
	Unused   []ImageRequest // photos no layout shows: still checked, so a broken file is reported
	Report   *Report
}

type composer struct {
	// mu guards the caches below, which pilot searches running in parallel share; the
	// values cached are pure functions of their keys, so sharing them changes no result.
	mu sync.Mutex

	ed     *manifest.Edition
	house  *House
	body   *text.Format
	opt    Options
	frames map[int]*Frame
	report *Report

	stories    []*Story
	pages      []*pageBuild
	requests   []ImageRequest
	replaced   map[rune]int
	adPlaced   map[string]bool
	fits       memo[fitKey, *Placement]
	ranges     memo[fitKey, heightRange]
	stacks     stringMemo[stackResult]
	storyCands stringMemo[[]candidate] // per page: see storyCandidates
	captions   memo[captionKey, captionResult]
	quotes     memo[quoteKey, []drawnLine]
	photoScale float64 // photos' natural size is multiplied by it (see paginateEven)

	// For the decision log (nil reads: no log).
	reads     *readTracker
	edSum     [32]byte
	storySums [][32]byte
}

func (c *composer) frame(n int) *Frame {
	c.mu.Lock()
	defer c.mu.Unlock()
	if f, ok := c.frames[n]; ok {
		return f
	}
	f := NewFrame(c.ed.Page, c.house.Leading, n)
	c.frames[n] = f
	return f
}

// Compose lays out an edition.
func Compose(ed *manifest.Edition, opt Options) (*Result, error) {
	c, err := newComposer(ed, opt)
	if err != nil {
		return nil, err
	}
	c.paginateEven()
	doc := c.render()
	unused := c.unusedPhotos()
	c.finishReport()
	return &Result{Doc: doc, Requests: c.requests, Unused: unused, Report: c.report}, nil
}

// newComposer is a composer with every story set, ready to paginate.
func newComposer(ed *manifest.Edition, opt Options) (*composer, error) {
	house, err := newHouse(ed, opt.Fonts, opt.Hyph)
	if err != nil {
		return nil, err
	}
	c := &composer{ed: ed, house: house, opt: opt, frames: map[int]*Frame{}, report: &Report{}, replaced: map[rune]int{}, adPlaced: map[string]bool{}, photoScale: 1}
	c.body = text.NewFormat(house.Body, house.BodySize, c.frame(1).ColW, opt.Hyph)
	c.body.Params = house.Params
	c.body.Words = &text.WordCache{}
	if err := c.prepare(); err != nil {
		return nil, err
	}
	return c, nil
}

// prepare sets every article's body and measures its photos.
func (c *composer) prepare() error {
	// Setting the bodies is most of the work, and each story's is its own: the stories are
	// set in parallel (fonts and hyphenation are safe for concurrent use).
	if c.opt.Decisions != nil {
		c.edSum = c.editionSum() // the galleys kept by the log are keyed by it
	}
	c.stories = make([]*Story, len(c.ed.Articles))
	// A story's photos are inspected (their headers read) with it; they are listed, and
	// their errors reported, in manifest order below.
	type inspection struct {
		w, h int
		err  error
	}
	inspected := make([][]inspection, len(c.stories))
	parallel(len(c.stories), 0, func(i int) {
		c.stories[i] = c.setStory(i)
		photos := c.ed.Articles[i].Photos
		inspected[i] = make([]inspection, len(photos))
		for pi := range photos {
			in := &inspected[i][pi]
			in.w, in.h, in.err = c.opt.Inspect(photos[pi].Src)
		}
	})

	var errs manifest.ErrorList
	for i := range c.ed.Articles {
		a, s := &c.ed.Articles[i], c.stories[i]
		for pi := range a.Photos {
			ph := &a.Photos[pi]
			w, h, err := inspected[i][pi].w, inspected[i][pi].h, inspected[i][pi].err
			if err != nil {
				errs = append(errs, &manifest.Error{Pos: ph.Pos, Field: fmt.Sprintf("articles[%d].photos[%d].src", i, pi), Msg: err.Error()})
				continue
			}
			s.Photos = append(s.Photos, PhotoInfo{Photo: ph, Aspect: float64(w) / float64(h), PixW: w, PixH: h, captionSpans: c.captionSpans(ph)})
		}
	}
	for i := range c.ed.Ads {
		ad := &c.ed.Ads[i]
		if _, _, err := c.opt.Inspect(ad.Src); err != nil {
			errs = append(errs, &manifest.Error{Pos: ad.Pos, Field: fmt.Sprintf("ads[%d].src", i), Msg: err.Error()})
		}
	}
	if len(errs) > 0 {
		return errs
	}
	if c.opt.Decisions != nil {
		c.storySums = make([][32]byte, len(c.stories))
		parallel(len(c.stories), 0, func(i int) { c.storySums[i] = storySum(c.stories[i].Art, c.stories[i].Photos) })
		c.reads = &readTracker{seen: make([]atomic.Int32, len(c.stories))}
	}
	return nil
}

// setStory sets the texts of article i: heads, and the body in the column measure.
func (c *composer) setStory(i int) *Story {
	a := &c.ed.Articles[i]
	s := &Story{Art: a, Order: i, heads: map[headKey]*headBlock{}}
	s.headline = c.spans(a.Headline)
	s.deck = c.spans(a.Deck)
	s.kicker = c.spans(a.Kicker)
	if a.Byline != "" {
		s.byline = c.spans(a.Byline)
	}
	h := c.house
	s.headText = sync.OnceValue(func() headTexts {
		return headTexts{
			kicker:   text.SplitRagged(h.Sans, upper(bold(s.kicker))),
			headline: text.SplitRagged(h.Head, styled(s.headline, h.HeadStyle)),
			deck:     text.SplitRagged(h.Body, styled(s.deck, text.Italic)),
			byline:   text.SplitRagged(h.Sans, bold(s.byline)),
		}
	})
	var key [32]byte // the body's, for the decision log
	if c.opt.Decisions != nil {
		key = c.galleyKey(a)
		if k, ok := c.keptGalley(key); ok {
			s.Galley, s.quote, s.Emergency = k.galley, k.quote, k.galley.Emergency
			c.noteReplaced(k.replaced)
			return s
		}
	}
	// The characters replaced in the body are counted for this story, so that the decision
	// log can keep them with its galley: the report lists them whether it is set or kept.
	replaced := map[rune]int{}
	clean := func(t string) string { return c.cleanNoting(t, func(r rune) { replaced[r]++ }) }
	var lead []text.Span
	if a.Dateline != "" {
		lead = datelineSpans(clean(a.Dateline))
	}
	blocks := text.ParseBody(text.SmartQuotes(a.Body))
	for bi := range blocks {
		for si := range blocks[bi].Spans {
			blocks[bi].Spans[si].Text = clean(blocks[bi].Spans[si].Text)
		}
	}
	c.noteReplaced(replaced)
	s.Galley = c.body.SetGalley(blocks, lead)
	s.quote = pickQuote(blocks)
	s.Emergency = s.Galley.Emergency
	if c.opt.Decisions != nil {
		c.keepGalley(key, keptStory{s.Galley, s.quote, replaced})
	}
	return s
}

func (c *composer) noteReplaced(counts map[rune]int) {
	c.mu.Lock()
	for r, n := range counts {
		c.replaced[r] += n
	}
	c.mu.Unlock()
}

// keptStory is what the decision log keeps of a story's body (see galleyKey), all made from
// its dateline and body alone: an unchanged story is neither parsed nor set again. Stored:
// the replaced characters (rune, count; in order), the quote, the galley.
type keptStory struct {
	galley   *text.Galley
	quote    string
	replaced map[rune]int
}

func (c *composer) bodyFaces() []*text.Face {
	fam := c.body.Family
	return []*text.Face{fam.Regular, fam.Bold, fam.Italic, fam.BoldItalic}
}

// keptGalley returns the story's body as an earlier build kept it under key.
func (c *composer) keptGalley(key [32]byte) (keptStory, bool) {
	data, ok := c.opt.Decisions.galley(key)
	if !ok {
		return keptStory{}, false
	}
	var k keptStory
	uvarint := func() (uint64, bool) {
		v, n := binary.Uvarint(data)
		if n <= 0 {
			return 0, false
		}
		data = data[n:]
		return v, true
	}
	pairs, ok := uvarint()
	if !ok || pairs > uint64(len(data)) {
		return k, false
	}
	k.replaced = make(map[rune]int, pairs)
	for range pairs {
		r, ok1 := uvarint()
		n, ok2 := uvarint()
		if !ok1 || !ok2 || r > unicode.MaxRune || n > math.MaxInt32 {
			return k, false
		}
		k.replaced[rune(r)] = int(n)
	}
	n, ok := uvarint()
	if !ok || n > uint64(len(data)) {
		return k, false
	}
	k.quote, data = string(data[:n]), data[n:]
	g, err := text.DecodeGalley(data, c.bodyFaces())
	if err != nil {
		return k, false
	}
	k.galley = g
	return k, true
}

func (c *composer) keepGalley(key [32]byte, k keptStory) {
	data := binary.AppendUvarint(nil, uint64(len(k.replaced)))
	for _, r := range slices.Sorted(maps.Keys(k.replaced)) {
		data = binary.AppendUvarint(data, uint64(r))
		data = binary.AppendUvarint(data, uint64(k.replaced[r]))
	}
	data = binary.AppendUvarint(data, uint64(len(k.quote)))
	data = append(data, k.quote...)
	if data, ok := text.AppendGalley(data, k.galley, c.bodyFaces()); ok {
		c.opt.Decisions.keepGalley(key, data, true)
	}
}

func (c *composer) spans(s string) []text.Span {
	sp := text.PlainText(text.SmartQuotes(s))
	for i := range sp {
		sp[i].Text = c.clean(sp[i].Text)
	}
	return sp
}

// sectionIndex orders sections as the manifest lists them.
func (c *composer) sectionIndex(name string) int {
	for i, s := range c.ed.Sections {
		if s == name {
			return i
		}
	}
	return len(c.ed.Sections)
}

// byPriority sorts stories: priority, then the manifest's section order, then manifest order.
func (c *composer) byPriority(ss []*Story) {
	sort.SliceStable(ss, func(i, j int) bool {
		a, b := ss[i], ss[j]
		if a.Art.Priority != b.Art.Priority {
			return a.Art.Priority < b.Art.Priority
		}
		if x, y := c.sectionIndex(a.Art.Section), c.sectionIndex(b.Art.Section); x != y {
			return x < y
		}
		return a.Order < b.Order
	})
}

// datelineSpans runs the dateline into the first paragraph, wire style: the place in bold
// capitals up to the first comma ("BASEL, Switzerland (Courier Wire) — ").
func datelineSpans(d string) []text.Span {
	place, rest, _ := strings.Cut(strings.TrimSpace(d), ",")
	spans := []text.Span{{Style: text.Bold, Text: strings.ToUpper(place)}}
	if rest != "" {
		spans = append(spans, text.Span{Style: text.Bold, Text: "," + rest})
	}
	return append(spans, text.Span{Text: " — "})
}

// unusedPhotos lists the photos that no piece shows (a story shows at most two, and a
// one-column story one), warning about each.
func (c *composer) unusedPhotos() []ImageRequest {
	used := map[string]bool{}
	for _, r := range c.requests {
		used[r.Field] = true
	}
	var out []ImageRequest
	for _, s := range c.stories {
		for i, ph := range s.Photos {
			field := fmt.Sprintf("articles[%d].photos[%d].src", s.Order, i)
			if used[field] {
				continue
			}
			out = append(out, ImageRequest{ID: field, Src: ph.Photo.Src, FrameW: geom.In, FrameH: geom.In,
				FocusX: 0.5, FocusY: 0.5, Pos: ph.Photo.Pos, Field: field})
			if len(s.Pieces) > 0 {
				c.report.Warnings = append(c.report.Warnings, Warning{Pos: ph.Photo.Pos, Field: field,
					Msg: "photo not shown: a story shows at most two photos, a one-column story one"})
			}
		}
	}
	return out
}

// paginateEven paginates, and when that comes to an odd number of pages (a printed paper is
// folded from sheets of two pages, four on a broadsheet press), paginates again with photos
// allowed larger or kept smaller, keeping the first layout with an even count. When none
// has one, the original stands and the report says so.
func (c *composer) paginateEven() {
	c.paginateAt(1)
	if n := len(c.pages); n <= 1 || n%2 == 0 {
		return
	}
	first := c.saveLayout()
	for _, scale := range []float64{1.2, 0.85, 1.4, 0.7, 1.6, 0.6} {
		c.paginateAt(scale)
		if len(c.pages)%2 == 0 {
			return
		}
	}
	c.restoreLayout(first)
	c.report.Warnings = append(c.report.Warnings, Warning{Pos: manifest.Pos{File: c.ed.File},
		Msg: fmt.Sprintf("the edition has an odd number of pages (%d); no photo sizing made it even", len(c.pages))})
}

// layoutState is what a pagination leaves behind, kept so that a better one can be looked
// for and the first restored when none is found.
type layoutState struct {
	photoScale float64
	pages      []*pageBuild
	requests   []ImageRequest
	adPlaced   map[string]bool
	warnings   []Warning
	stories    []storyState
}

type storyState struct {
	next, overset, reserved int
	pieces                  []*Placement
	unplaceable             bool
}

func (c *composer) saveLayout() layoutState {
	st := layoutState{photoScale: c.photoScale, pages: c.pages, requests: c.requests, adPlaced: c.adPlaced, warnings: c.report.Warnings}
	for _, s := range c.stories {
		st.stories = append(st.stories, storyState{next: s.Next, overset: s.Overset, reserved: s.reserved, pieces: s.Pieces, unplaceable: s.unplaceable})
	}
	return st
}

// restoreLayout puts back a saved pagination. Each pagination builds its pages and pieces
// afresh, so what was saved is as it was left.
func (c *composer) restoreLayout(st layoutState) {
	c.photoScale, c.pages, c.requests, c.adPlaced, c.report.Warnings = st.photoScale, st.pages, st.requests, st.adPlaced, st.warnings
	for i, s := range c.stories {
		ss := st.stories[i]
		s.Next, s.Overset, s.reserved, s.Pieces, s.unplaceable = ss.next, ss.overset, ss.reserved, ss.pieces, ss.unplaceable
	}
}

// paginateAt lays the edition out afresh with photos scaled from their natural size.
func (c *composer) paginateAt(scale float64) {
	c.photoScale = scale
	c.pages, c.requests = nil, nil
	c.adPlaced = map[string]bool{}
	c.report.Warnings = nil
	// The caches stay: their keys hold the scale, and the last try repeats the first.
	for _, s := range c.stories {
		s.Next, s.Pieces, s.Overset, s.unplaceable, s.reserved, s.placeFailed = 0, nil, 0, false, 0, false
	}
	c.paginate()
}
