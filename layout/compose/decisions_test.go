package compose

import "testing"

// TestDecisionLogReadsOnlyItsOwnNotes: a stored log comes back under the same salt, and a
// damaged one, or one made by other code or fonts, reads as empty.
func TestDecisionLogReadsOnlyItsOwnNotes(t *testing.T) {
	salt := [32]byte{1}
	l := NewDecisionLog(nil, salt)
	l.keep([32]byte{9}, pageDecision{Read: []int32{0, 2}, Picks: []int32{pickOf(srcStacks, 3), noPick, 1}}, false)
	l.keepGalley([32]byte{7}, []byte("galley"), true)
	data, err := l.Encode()
	if err != nil {
		t.Fatal(err)
	}
	back := NewDecisionLog(data, salt)
	if d, ok := back.lookup([32]byte{9}); !ok || len(d.Picks) != 3 || d.Picks[0] != pickOf(srcStacks, 3) || d.Picks[1] != noPick {
		t.Errorf("the stored decision came back as %+v, %v", d, ok)
	}
	if string(back.oldGalleys[[32]byte{7}]) != "galley" {
		t.Errorf("the stored galley did not come back")
	}
	if back.Changed() {
		t.Errorf("a log that has only been read reports a change")
	}
	for name, stored := range map[string][]byte{"damaged": data[:len(data)/2], "garbage": []byte("not a log")} {
		if _, ok := NewDecisionLog(stored, salt).lookup([32]byte{9}); ok {
			t.Errorf("%s note: a decision was read", name)
		}
	}
	if _, ok := NewDecisionLog(data, [32]byte{2}).lookup([32]byte{9}); ok {
		t.Errorf("a note of other code or fonts was used")
	}
	for n := range len(data) {
		if l := NewDecisionLog(data[:n], salt); len(l.old) > 0 || len(l.oldGalleys) > 0 {
			t.Fatalf("a log cut to %d of its %d bytes was read", n, len(data))
		}
	}
}

// The same decisions are stored as the same bytes, whatever order they were made in.
func TestDecisionLogEncodingIsStable(t *testing.T) {
	salt := [32]byte{1}
	encode := func(keys ...byte) []byte {
		l := NewDecisionLog(nil, salt)
		for _, k := range keys {
			l.keep([32]byte{k}, pageDecision{Read: []int32{int32(k)}, Picks: []int32{pickOf(srcSingles, int(k))}}, false)
			l.keepGalley([32]byte{k, 1}, []byte{k, k}, true)
		}
		b, err := l.Encode()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	a, b := encode(1, 2, 3, 4, 5, 6, 7, 8), encode(8, 7, 6, 5, 4, 3, 2, 1)
	if string(a) != string(b) {
		t.Errorf("the same log was stored as different bytes")
	}
}
