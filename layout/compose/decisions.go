package compose

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"hash"
	"maps"
	"math"
	"slices"
	"sync"
	"sync/atomic"

	"epaper/layout/manifest"
)

// DecisionLog remembers how the pages of earlier builds were packed, so that a rebuild
// searches again only the pages whose inputs changed; the others replay their choices.
// Most of a build's time goes on the search (the pilots' completions of a page), and the
// nightly job and production staff rebuild an edition many times with little changed.
//
// A page's decisions are kept under a key of everything the page started from (the code,
// the fonts, the edition's settings, the page's furniture, ads and fixed pieces, the queue
// of stories it was offered, the photo scale) and are used only if the stories the search
// read are unchanged: their text and photos and how much of them earlier pages placed. The
// search reads stories only through eligibility (see firstEligible), which notes each one it
// looks at. Packing is deterministic, so a replayed page is the page a search would make:
// the output does not depend on the log.
type DecisionLog struct {
	salt [32]byte // the code and the fonts

	mu                sync.Mutex
	old, made         map[[32]byte]pageDecision
	replays, searches int
	galleysSet        int // galleys set in this build, not taken from the log
	// Set galleys by story text (see galleyKey), encoded: setting every story again was a
	// quarter of an unchanged rebuild.
	oldGalleys, galleys map[[32]byte][]byte
}

// pageDecision is how one page was packed: the stories its search read and what they
// were, and the choice at each band (see search), its opening included.
type pageDecision struct {
	Read    []int32
	ReadSum [32]byte
	Picks   []int32
}

// NewDecisionLog starts a log from what an earlier build stored (nil, damaged, or of other
// code or fonts: an empty log). salt must identify the code and the fonts in use. The kept
// galleys are slices of stored, which must not change afterwards.
func NewDecisionLog(stored []byte, salt [32]byte) *DecisionLog {
	l := &DecisionLog{salt: salt, old: map[[32]byte]pageDecision{}, made: map[[32]byte]pageDecision{},
		oldGalleys: map[[32]byte][]byte{}, galleys: map[[32]byte][]byte{}}
	if entries, galleys, ok := decodeLog(stored, salt); ok {
		l.old, l.oldGalleys = entries, galleys
	}
	return l
}

// Encode returns the decisions of the pages this build made or replayed, to be stored for
// the next build (the pages of a build before are dropped: the log does not grow).
func (l *DecisionLog) Encode() ([]byte, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return encodeLog(l.salt, l.made, l.galleys), nil
}

// A log is stored in a binary form of its own: a header naming it and its salt, then the
// pages' decisions and the galleys, each under its key, in key order (the same log gives
// the same bytes). Reading takes the galleys as slices of the stored bytes: no copy, and no
// reflection (gob took 20 to 60 ms of a rebuild to read a 52-page edition's log).
const logMagic = "epaper decision log 2\n"

func encodeLog(salt [32]byte, entries map[[32]byte]pageDecision, galleys map[[32]byte][]byte) []byte {
	size := len(logMagic) + 32 + 20
	for _, d := range entries {
		size += 32 + 32 + 5*(len(d.Read)+len(d.Picks)) + 10
	}
	for _, g := range galleys {
		size += 32 + len(g) + 5
	}
	b := make([]byte, 0, size)
	b = append(b, logMagic...)
	b = append(b, salt[:]...)
	b = binary.AppendUvarint(b, uint64(len(entries)))
	for _, k := range slices.SortedFunc(maps.Keys(entries), compareKeys) {
		d := entries[k]
		b = append(b, k[:]...)
		b = append(b, d.ReadSum[:]...)
		b = binary.AppendUvarint(b, uint64(len(d.Read)))
		for _, o := range d.Read {
			b = binary.AppendVarint(b, int64(o))
		}
		b = binary.AppendUvarint(b, uint64(len(d.Picks)))
		for _, p := range d.Picks {
			b = binary.AppendVarint(b, int64(p))
		}
	}
	b = binary.AppendUvarint(b, uint64(len(galleys)))
	for _, k := range slices.SortedFunc(maps.Keys(galleys), compareKeys) {
		b = append(b, k[:]...)
		b = binary.AppendUvarint(b, uint64(len(galleys[k])))
		b = append(b, galleys[k]...)
	}
	return b
}

func compareKeys(a, b [32]byte) int { return bytes.Compare(a[:], b[:]) }

// decodeLog reads a stored log; ok is false when it is damaged or of another salt.
func decodeLog(b []byte, salt [32]byte) (entries map[[32]byte]pageDecision, galleys map[[32]byte][]byte, ok bool) {
	r := logReader{b: b}
	if string(r.take(len(logMagic))) != logMagic || [32]byte(r.take(32)) != salt {
		return nil, nil, false
	}
	n := r.count(64)
	entries = make(map[[32]byte]pageDecision, n)
	for range n {
		k := [32]byte(r.take(32))
		d := pageDecision{ReadSum: [32]byte(r.take(32))}
		d.Read = make([]int32, r.count(1))
		for i := range d.Read {
			d.Read[i] = int32(r.varint())
		}
		d.Picks = make([]int32, r.count(1))
		for i := range d.Picks {
			d.Picks[i] = int32(r.varint())
		}
		entries[k] = d
	}
	n = r.count(33)
	galleys = make(map[[32]byte][]byte, n)
	for range n {
		k := [32]byte(r.take(32))
		galleys[k] = r.take(r.count(1))
	}
	if r.bad || len(r.b) != 0 {
		return nil, nil, false
	}
	return entries, galleys, true
}

// logReader reads a stored log front to back; a read past the end marks it bad and returns
// zeros (of the right length, so that callers need not check each read).
type logReader struct {
	b   []byte
	bad bool
}

var zeros [64]byte

func (r *logReader) take(n int) []byte {
	if n < 0 || n > len(r.b) {
		r.bad, r.b = true, nil
		if n >= 0 && n <= len(zeros) {
			return zeros[:n:n]
		}
		return nil
	}
	out := r.b[:n:n]
	r.b = r.b[n:]
	return out
}

// count reads a count of items of at least min bytes each: one the rest cannot hold is bad.
func (r *logReader) count(min int) int {
	v, n := binary.Uvarint(r.b)
	if n <= 0 || v > uint64(len(r.b)/min) {
		r.bad, r.b = true, nil
		return 0
	}
	r.b = r.b[n:]
	return int(v)
}

func (r *logReader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.bad, r.b = true, nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

// Changed reports whether this build searched a page or set a galley: if not, what it would
// store is what is stored already.
func (l *DecisionLog) Changed() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.searches > 0 || l.galleysSet > 0
}

// Counts reports how many pages were replayed and how many searched.
func (l *DecisionLog) Counts() (replayed, searched int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.replays, l.searches
}

func (l *DecisionLog) lookup(key [32]byte) (pageDecision, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	d, ok := l.made[key]
	if !ok {
		d, ok = l.old[key]
	}
	return d, ok
}

func (l *DecisionLog) keep(key [32]byte, d pageDecision, replayed bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.made[key] = d
	if replayed {
		l.replays++
	} else {
		l.searches++
	}
}

// galley returns what was kept under key (see keptGalley), and keeps it for the next build.
func (l *DecisionLog) galley(key [32]byte) ([]byte, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	data, ok := l.galleys[key]
	if !ok {
		data, ok = l.oldGalleys[key]
	}
	if ok {
		l.galleys[key] = data
	}
	return data, ok
}

func (l *DecisionLog) keepGalley(key [32]byte, data []byte, set bool) {
	l.mu.Lock()
	l.galleys[key] = data
	if set {
		l.galleysSet++
	}
	l.mu.Unlock()
}

// galleyKey identifies what a story's galley is set from: its dateline and body, and the
// edition's type, page and fonts (see editionSum).
func (c *composer) galleyKey(a *manifest.Article) [32]byte {
	d := newDigest()
	d.h.Write(c.edSum[:])
	d.str(a.Dateline)
	d.str(a.Body)
	return d.sum()
}

// readTracker notes which stories a page's search looked at; the searches of one page run
// in parallel.
type readTracker struct {
	page atomic.Int32 // the page being searched, counted from 1
	seen []atomic.Int32
}

func (t *readTracker) note(s *Story) {
	if t == nil {
		return
	}
	p := t.page.Load()
	if m := &t.seen[s.Order]; m.Load() != p {
		m.Store(p)
	}
}

// tape is one search's band choices (see pickOf): recorded while searching, or played back.
type tape struct {
	picks  []int32
	replay bool
	pos    int
	broken bool // the recorded choice does not exist: the log did not match after all
}

// next is the next recorded choice; false when the tape has run out.
func (t *tape) next() (int32, bool) {
	if t.pos >= len(t.picks) {
		t.broken = true
		return 0, false
	}
	t.pos++
	return t.picks[t.pos-1], true
}

// digest hashes what a decision depends on.
type digest struct{ h hash.Hash }

func newDigest() digest { return digest{sha256.New()} }

func (d digest) int(v int) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(v))
	d.h.Write(b[:])
}

func (d digest) ints(vs ...int) {
	for _, v := range vs {
		d.int(v)
	}
}

func (d digest) bool(v bool) { d.int(btoi(v)) }

func (d digest) str(s string) {
	d.int(len(s))
	d.h.Write([]byte(s))
}

func (d digest) sum() (s [32]byte) {
	d.h.Sum(s[:0])
	return s
}

// canonicalJSON is v as JSON without the positions (file, line, column) of its values:
// moving an article down the manifest changes them and nothing in its layout. A value JSON
// cannot hold comes out as random bytes, which match nothing: its page is searched.
func canonicalJSON(v any) []byte {
	raw, err := json.Marshal(v)
	var tree any
	if err == nil {
		err = json.Unmarshal(raw, &tree)
	}
	var out []byte
	if err == nil {
		out, err = json.Marshal(dropPositions(tree))
	}
	if err != nil {
		out = make([]byte, 32)
		rand.Read(out)
	}
	return out
}

func dropPositions(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			if k == "Pos" || k == "BodyPos" {
				delete(t, k)
			} else {
				t[k] = dropPositions(x)
			}
		}
	case []any:
		for i, x := range t {
			t[i] = dropPositions(x)
		}
	}
	return v
}

// editionSum identifies everything but the articles' content: the code, the fonts, the
// page, type and sections, the ads and the page plans.
func (c *composer) editionSum() [32]byte {
	ed := *c.ed
	ed.Articles, ed.File, ed.Dir, ed.Extends = nil, "", "", nil
	d := newDigest()
	d.h.Write(c.opt.Decisions.salt[:])
	d.h.Write(canonicalJSON(&ed))
	for i := range c.ed.Ads {
		w, h, err := c.opt.Inspect(c.ed.Ads[i].Src)
		d.ints(w, h, btoi(err != nil))
	}
	return d.sum()
}

// storySum identifies one article's content and its photos' shapes.
func storySum(a *manifest.Article, photos []PhotoInfo) [32]byte {
	d := newDigest()
	// The text as it is (JSON would write any byte that is not UTF-8 as U+FFFD, and copy
	// the body three times), the other fields as JSON.
	rest := *a
	for _, t := range []*string{&rest.Kicker, &rest.Headline, &rest.Deck, &rest.Byline, &rest.Dateline, &rest.Body} {
		d.str(*t)
		*t = ""
	}
	d.h.Write(canonicalJSON(&rest))
	for _, p := range photos {
		d.ints(p.PixW, p.PixH)
	}
	return d.sum()
}

// pageKey identifies what a page's packing starts from, its stories' content aside.
func (c *composer) pageKey(pb *pageBuild, queue, fillers []*Story) [32]byte {
	d := newDigest()
	d.h.Write(c.edSum[:])
	d.int(int(math.Float64bits(c.photoScale)))
	d.int(pb.frame.Number)
	d.str(pb.section)
	d.str(pb.sectHead)
	d.bool(pb.isFront)
	d.int(pb.header)
	d.int(pb.waste)
	d.int(int(math.Float64bits(pb.cost)))
	for col := range pb.top {
		d.int(pb.top[col])
		d.bool(pb.above[col])
	}
	d.int(len(pb.blocks))
	for _, b := range pb.blocks {
		d.ints(b.col, b.w, b.from, b.to)
	}
	d.int(len(pb.ads))
	for _, a := range pb.ads {
		d.str(a.ad.ID)
		d.ints(a.col, a.w, a.line, a.height)
	}
	d.int(len(pb.places))
	for _, p := range pb.places {
		d.ints(p.Story.Order, p.Col, p.W, p.Top, p.H, p.From, p.To)
	}
	onPage := make([][2]int, 0, len(pb.next))
	for s, n := range pb.next {
		onPage = append(onPage, [2]int{s.Order, n})
	}
	slices.SortFunc(onPage, func(a, b [2]int) int { return a[0] - b[0] })
	for _, p := range onPage {
		d.ints(p[0], p[1])
	}
	for _, list := range [][]*Story{queue, fillers} {
		d.int(len(list))
		for _, s := range list {
			d.int(s.Order)
		}
	}
	return d.sum()
}

// readSum identifies the stories a search read, as they stand before the page.
func (c *composer) readSum(read []int32) ([32]byte, bool) {
	d := newDigest()
	for _, o := range read {
		if o < 0 || int(o) >= len(c.stories) {
			return [32]byte{}, false
		}
		s := c.stories[o]
		d.int(int(o))
		d.h.Write(c.storySums[o][:])
		d.ints(s.Next, len(s.Pieces), btoi(s.unplaceable), s.reserved, btoi(s.placeFailed))
	}
	return d.sum(), true
}

// readBy lists the stories noted during the search of the page being packed, and those of
// the pieces already on it (fixed places), in order.
func (c *composer) readBy(start *pageBuild) []int32 {
	page := c.reads.page.Load()
	var out []int32
	for o := range c.reads.seen {
		if c.reads.seen[o].Load() == page {
			out = append(out, int32(o))
		}
	}
	for _, p := range start.places {
		if o := int32(p.Story.Order); !slices.Contains(out, o) {
			out = append(out, o)
		}
	}
	slices.Sort(out)
	return out
}
