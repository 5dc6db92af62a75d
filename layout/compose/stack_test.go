package compose

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"testing"
)

// naiveFillStack is fillStack as first written: every item offered at every height of its
// ranges from every reachable height below it. fillStack must choose exactly as it does.
func naiveFillStack(reach [][]stackState, terms []stackTerms, H int) {
	for k, t := range terms {
		copy(reach[k+1], reach[k])
		for h0 := 0; h0 < H; h0++ {
			st := reach[k][h0]
			if !st.ok {
				continue
			}
			r := t.at[0]
			if h0 > 0 {
				r = t.at[1]
			}
			try := func(h int, cut bool, extra float64) {
				if h <= 0 || h0+h > H {
					return
				}
				cost := st.cost + t.cost + extra
				if n := &reach[k+1][h0+h]; !n.ok || cost < n.cost {
					*n = stackState{cost: cost, prev: int32(h0), item: int32(k), h: int32(h), cut: cut, ok: true}
				}
			}
			for h := r.lo; h <= r.hi; h++ {
				try(h, false, 0)
			}
			for h := r.cutLo; h <= r.cutHi; h++ {
				try(h, true, costJump)
			}
		}
	}
}

func TestFillStackMatchesTheDirectTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	randomRange := func(H int) heightRange {
		var r heightRange
		if rng.IntN(5) > 0 {
			r.lo = rng.IntN(H+2) - 1
			r.hi = r.lo + rng.IntN(H/2+1) - 1
		} else {
			r.lo, r.hi = 1, 0
		}
		if rng.IntN(3) == 0 {
			r.cutLo = rng.IntN(H+2) - 1
			r.cutHi = r.cutLo + rng.IntN(H+1) - 1
		} else {
			r.cutLo, r.cutHi = 1, 0
		}
		return r
	}
	table := func(items, H int) [][]stackState {
		reach := make([][]stackState, items+1)
		for k := range reach {
			reach[k] = make([]stackState, H+1)
		}
		return reach
	}
	for trial := range 3000 {
		H := 1 + rng.IntN(60)
		n := 1 + rng.IntN(8)
		terms := make([]stackTerms, n)
		for k := range terms {
			terms[k] = stackTerms{at: [2]heightRange{randomRange(H), randomRange(H)}}
			// Few distinct costs, so that ties, and how they are broken, are common.
			terms[k].cost = float64(rng.IntN(4)) * costSkip / 2
		}
		want, got := table(n, H), table(n, H)
		want[0][0] = stackState{ok: true, item: -1}
		naiveFillStack(want, terms, H)
		fillStack(got, terms, H)
		for k := range want {
			for h := range want[k] {
				if want[k][h] != got[k][h] {
					t.Fatalf("trial %d (H %d, terms %+v): reach[%d][%d] = %+v, want %+v", trial, H, terms, k, h, got[k][h], want[k][h])
				}
			}
		}
	}
}

func TestParallelRaisesAWorkersPanicInTheCaller(t *testing.T) {
	for _, n := range []int{1, 2, 50} {
		bad := min(7, n-1)
		want := fmt.Sprintf("boom %d", bad)
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), want) {
					t.Errorf("n=%d: recovered %v, want a panic naming %q", n, r, want)
				}
			}()
			parallel(n, 0, func(i int) {
				if i == bad {
					panic(want)
				}
			})
			t.Errorf("n=%d: parallel returned after a panic", n)
		}()
	}
}

func TestParallelCallsEveryIndexOnce(t *testing.T) {
	seen := make([]atomic.Int32, 1000)
	parallel(len(seen), 3, func(i int) { seen[i].Add(1) })
	for i := range seen {
		if n := seen[i].Load(); n != 1 {
			t.Fatalf("index %d called %d times", i, n)
		}
	}
}
