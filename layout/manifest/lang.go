package manifest

import (
	"sort"
	"strings"
)

// matchLanguage finds the supported tag for s: case-insensitive, "_" for "-", and a bare
// language ("en") taking its US form when supported, else the first supported region.
func matchLanguage(s string, supported []string) (string, bool) {
	want := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), "_", "-"))
	for _, t := range supported {
		if strings.ToLower(t) == want {
			return t, true
		}
	}
	if want == "" || strings.Contains(want, "-") {
		return "", false
	}
	var same []string
	for _, t := range supported {
		lang, _, _ := strings.Cut(strings.ToLower(t), "-")
		if lang == want {
			same = append(same, t)
		}
	}
	sort.Strings(same)
	for _, t := range same {
		if strings.EqualFold(t, want+"-US") {
			return t, true
		}
	}
	if len(same) > 0 {
		return same[0], true
	}
	return "", false
}

func joinList(s []string) string { return strings.Join(s, ", ") }
