package manifest

import (
	"fmt"
	"strings"
)

// distance is the optimal-string-alignment edit distance (Levenshtein plus adjacent swaps, the
// commonest typo), compared case-insensitively.
func distance(a, b string) int {
	ra, rb := []rune(strings.ToLower(a)), []rune(strings.ToLower(b))
	if len(ra) > 64 || len(rb) > 64 {
		if string(ra) == string(rb) {
			return 0
		}
		return 1 << 20 // long strings are not typos of short names
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// closest returns the candidate nearest to s when it is near enough to be a typo.
func closest(s string, candidates []string) (string, bool) {
	best, bestD := "", 1<<30
	for _, c := range candidates {
		if d := distance(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	// One edit in a one- or two-letter name is another name, not a typo.
	limit := min(3, len([]rune(best))/3)
	if len([]rune(best)) >= 3 {
		limit = max(1, limit)
	}
	return best, best != "" && bestD <= limit
}

// suggest is the hint for an unknown name: the near miss if there is one, else the valid names.
func suggest(s string, candidates []string) string {
	if c, ok := closest(s, candidates); ok {
		return fmt.Sprintf("did you mean %q?", c)
	}
	return "valid: " + strings.Join(candidates, ", ") + "."
}

// at names an earlier position from a later one: "line 12" within one file, else file:line:col.
func at(earlier, here Pos) string {
	if earlier.File == here.File && earlier.Line > 0 {
		if earlier.Line == here.Line {
			return fmt.Sprintf("line %d, column %d", earlier.Line, earlier.Col)
		}
		return fmt.Sprintf("line %d", earlier.Line)
	}
	return earlier.String()
}
