package layout

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"epaper/editions/gen"
	"epaper/layout/internal/golden"
)

// TestGeneratedEditionLayoutGolden pins the pagination of a generated broadsheet edition
// large enough to use every packing move (stacks, growth, jumps, fillers, ads): which
// stories go on which page and the allocation map of each. The composer's searches are
// tuned for speed often; a change that was meant to make them faster must leave this
// unchanged. A change meant to alter layouts updates it with -update, after a look at
// the pages.
func TestGeneratedEditionLayoutGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("lays out a 60-article edition")
	}
	_, res := buildGenerated(t, gen.Spec{Seed: 11, Articles: 60, Photos: 24, Ads: 4, Pages: 12, Size: "broadsheet", PhotoMP: 0.2})
	var b strings.Builder
	for _, p := range res.Report.Pages {
		fmt.Fprintf(&b, "page %d %s: %s\n%s", p.Number, p.Section, strings.Join(p.Stories, " "), p.Map)
	}
	for _, s := range res.Report.Stories {
		fmt.Fprintf(&b, "%s lines %d overset %d pages %v\n", s.ID, s.Lines, s.Overset, s.Pages)
	}
	golden.Check(t, filepath.Join("testdata", "generated-layout.golden"), b.String())
}
