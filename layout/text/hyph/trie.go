package hyph

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Symbols are small integers for the characters that occur in the
// patterns. symUnknown is any other character: no pattern can match
// across it, because no trie state has a transition on it.
const (
	symUnknown = 0
	symMax     = 255
)

// alphabet maps runes to symbols.
type alphabet struct {
	ascii [128]uint8
	other map[rune]uint8 // non-ASCII pattern characters (none for English)
	n     int            // symbols in use, including symUnknown
}

func (a *alphabet) sym(r rune) uint8 {
	if r < 128 {
		return a.ascii[r]
	}
	return a.other[r] // zero value is symUnknown
}

func (a *alphabet) add(r rune) (uint8, error) {
	if s := a.sym(r); s != symUnknown {
		return s, nil
	}
	if a.n > symMax {
		return 0, fmt.Errorf("more than %d distinct pattern characters", symMax)
	}
	s := uint8(a.n)
	a.n++
	if r < 128 {
		a.ascii[r] = s
	} else {
		if a.other == nil {
			a.other = make(map[rune]uint8)
		}
		a.other[r] = s
	}
	return s, nil
}

// op raises the hyphenation value at offset pos (from the start of the
// match) to at least val.
type op struct{ pos, val uint8 }

// slot is one cell of the packed transition table: the transition from
// state check on symbol (slot index - base[check]) leads to next.
type slot struct{ check, next int32 }

// trie is Liang's packed trie: every state's transitions are overlaid in
// one table at an offset (base) chosen so that they do not collide, as in
// TeX's own trie packing. A step is one bounds check and one comparison.
type trie struct {
	alpha  alphabet
	slots  []slot
	base   []int32 // per state
	ops    []op
	opFrom []int32 // per state: its ops are ops[opFrom[s]:opFrom[s+1]]
}

// node is the unpacked trie used while building.
type node struct {
	kids map[uint8]int32
	ops  []op
}

// parsePatterns builds the trie from a hyph-utf8 pattern file: patterns
// separated by white space, letters interleaved with digit values, "."
// for a word boundary, e.g. ".ach4" or "a1b2c".
func parsePatterns(text string) (*trie, error) {
	t := &trie{}
	t.alpha.n = 1 // symbol 0 is symUnknown
	nodes := []node{{}}
	for _, pat := range strings.Fields(text) {
		s := int32(0)
		var ops []op
		pos := 0
		for _, r := range pat {
			if r >= '0' && r <= '9' {
				if r > '0' {
					ops = append(ops, op{pos: uint8(pos), val: uint8(r - '0')})
				}
				continue
			}
			if r == utf8.RuneError || unicode.IsSpace(r) {
				return nil, fmt.Errorf("pattern %q: invalid character", pat)
			}
			c, err := t.alpha.add(unicode.ToLower(r))
			if err != nil {
				return nil, err
			}
			if nodes[s].kids == nil {
				nodes[s].kids = make(map[uint8]int32)
			}
			next, ok := nodes[s].kids[c]
			if !ok {
				next = int32(len(nodes))
				nodes = append(nodes, node{})
				nodes[s].kids[c] = next
			}
			s = next
			pos++
		}
		if pos == 0 || pos > 250 {
			return nil, fmt.Errorf("pattern %q: bad length", pat)
		}
		if nodes[s].ops != nil {
			return nil, fmt.Errorf("pattern %q: duplicate", pat)
		}
		if ops == nil {
			ops = []op{} // a pattern of only zeros is legal and matches
		}
		nodes[s].ops = ops
	}
	t.pack(nodes)
	return t, nil
}

// pack lays the states out first-fit in one slot table.
func (t *trie) pack(nodes []node) {
	t.base = make([]int32, len(nodes))
	t.opFrom = make([]int32, len(nodes)+1)
	for s := range nodes {
		t.opFrom[s] = int32(len(t.ops))
		t.ops = append(t.ops, nodes[s].ops...)
	}
	t.opFrom[len(nodes)] = int32(len(t.ops))
	var free freeSlots
	syms := make([]int, 0, symMax)
	for s := range nodes {
		syms = syms[:0]
		for c := range nodes[s].kids {
			syms = append(syms, int(c))
		}
		if len(syms) == 0 {
			t.base[s] = -symMax - 1 // every lookup falls below 0
			continue
		}
		sort.Ints(syms)
		// Try each free slot for the smallest symbol until the others fit.
		b := 0
		for p := free.from(syms[0]); ; p = free.from(p + 1) {
			b = p - syms[0]
			fits := true
			for _, c := range syms[1:] {
				if !free.isFree(b + c) {
					fits = false
					break
				}
			}
			if fits {
				break
			}
		}
		t.base[s] = int32(b)
		for _, c := range syms {
			for len(t.slots) <= b+c {
				t.slots = append(t.slots, slot{check: -1})
			}
			free.use(b + c)
			t.slots[b+c] = slot{check: int32(s), next: nodes[s].kids[uint8(c)]}
		}
	}
}

// freeSlots finds the first free slot at or after an index in amortised
// near-constant time: next[i] == i for a free slot, otherwise it points
// further right (union-find with path compression). Slots past the end
// are free.
type freeSlots struct{ next []int32 }

func (f *freeSlots) isFree(i int) bool { return i >= len(f.next) || f.next[i] == int32(i) }

func (f *freeSlots) from(i int) int {
	r := i
	for r < len(f.next) && f.next[r] != int32(r) {
		r = int(f.next[r])
	}
	for i < len(f.next) && f.next[i] != int32(i) {
		i, f.next[i] = int(f.next[i]), int32(r)
	}
	return r
}

func (f *freeSlots) use(i int) {
	for len(f.next) <= i {
		f.next = append(f.next, int32(len(f.next)))
	}
	f.next[i] = int32(i + 1)
}

// apply runs Liang's algorithm over syms (a word framed by boundary
// symbols) and raises vals[i] to the largest value any matching pattern
// puts before syms[i]. vals must be at least len(syms)+1 long and zeroed.
func (t *trie) apply(syms []uint8, vals []uint8) {
	slots, base, ops, opFrom := t.slots, t.base, t.ops, t.opFrom
	for i := range syms {
		s := int32(0)
		for _, c := range syms[i:] {
			k := base[s] + int32(c)
			if c == symUnknown || k < 0 || int(k) >= len(slots) || slots[k].check != s {
				break
			}
			s = slots[k].next
			for _, o := range ops[opFrom[s]:opFrom[s+1]] {
				if v := &vals[i+int(o.pos)]; *v < o.val {
					*v = o.val
				}
			}
		}
	}
}
