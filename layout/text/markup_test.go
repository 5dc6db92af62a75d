package text_test

import (
	"reflect"
	"testing"

	"epaper/layout/text"
)

func TestParseBody(t *testing.T) {
	R, B, I := text.Regular, text.Bold, text.Italic
	p := func(ss ...text.Span) text.Block { return text.Block{Spans: ss} }
	h := func(ss ...text.Span) text.Block { return text.Block{Subhead: true, Spans: ss} }
	sp := func(st text.Style, s string) text.Span { return text.Span{Style: st, Text: s} }
	tests := []struct {
		name, body string
		want       []text.Block
	}{
		{"blank lines separate paragraphs", "One.\n\nTwo.\n", []text.Block{p(sp(R, "One.")), p(sp(R, "Two."))}},
		{"single line breaks are spaces", "One line\nand the next.", []text.Block{p(sp(R, "One line and the next."))}},
		{"several blank lines are one break", "One.\n\n\n\n  \nTwo.", []text.Block{p(sp(R, "One.")), p(sp(R, "Two."))}},
		{"runs of spaces collapse", "Two   spaces\tand a tab.", []text.Block{p(sp(R, "Two spaces and a tab."))}},
		{"no-break spaces are kept", "10\u00a0km  away", []text.Block{p(sp(R, "10\u00a0km away"))}},
		{"subhead is bold", "Intro.\n## A night of rescues\nBody.", []text.Block{p(sp(R, "Intro.")), h(sp(B, "A night of rescues")), p(sp(R, "Body."))}},
		{"deeper heading marks are subheads", "### Small head", []text.Block{h(sp(B, "Small head"))}},
		{"hashtag is text", "#Riverside trends\nagain.", []text.Block{p(sp(R, "#Riverside trends again."))}},
		{"bare hashes are text", "Score:\n##", []text.Block{p(sp(R, "Score: ##"))}},
		{"italic", "The *Courier* reported.", []text.Block{p(sp(R, "The "), sp(I, "Courier"), sp(R, " reported."))}},
		{"bold", "It is **final**.", []text.Block{p(sp(R, "It is "), sp(B, "final"), sp(R, "."))}},
		{"bold italic", "***Both*** here", []text.Block{p(sp(B|I, "Both"), sp(R, " here"))}},
		{"italic inside bold", "**bold *and* more**", []text.Block{p(sp(B, "bold "), sp(B|I, "and"), sp(B, " more"))}},
		{"italic across a line break", "*one\ntwo*", []text.Block{p(sp(I, "one two"))}},
		{"lone asterisk stays", "Rated 4* by critics", []text.Block{p(sp(R, "Rated 4* by critics"))}},
		{"footnote asterisk stays", "Price* applies", []text.Block{p(sp(R, "Price* applies"))}},
		{"unclosed marker stays", "a *b c", []text.Block{p(sp(R, "a *b c"))}},
		{"escaped asterisks", `5 \* 3 = 15 and \\ too`, []text.Block{p(sp(R, `5 * 3 = 15 and \ too`))}},
		{"escaped hash starts a paragraph", `\## not a head`, []text.Block{p(sp(R, "## not a head"))}},
		{"italic subhead is bold italic", "## The *Salt* Orchard", []text.Block{h(sp(B, "The "), sp(B|I, "Salt"), sp(B, " Orchard"))}},
		{"empty", "", nil},
		{"only blank lines", "\n\n  \n", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := text.ParseBody(tc.body)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("ParseBody(%q)\n got %+v\nwant %+v", tc.body, got, tc.want)
			}
		})
	}
}

func TestSmartQuotes(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"double quotes", `He said "yes."`, "He said “yes.”"},
		{"quote at start", `"Yes," she said.`, "“Yes,” she said."},
		{"single quotes", `a 'quoted' word`, "a ‘quoted’ word"},
		{"apostrophe", "don't and it's", "don’t and it’s"},
		{"possessive plural", "the residents' fund", "the residents’ fund"},
		{"elided decade", "in '94 and the '90s", "in ’94 and the ’90s"},
		{"nested", `"He said 'no,' then left."`, "“He said ‘no,’ then left.”"},
		{"after an opening parenthesis", `("quoted")`, "(“quoted”)"},
		{"after an em dash", `—"yes"`, "—“yes”"},
		{"after a no-break space", "x\u00a0\"y\"", "x\u00a0“y”"},
		{"after a line break", "end.\n\"Next", "end.\n“Next"},
		{"curly quotes untouched", "“already” ‘curly’", "“already” ‘curly’"},
		{"no quotes", "plain text", "plain text"},
		{"feet and inches", `a 5'10" player`, "a 5’10” player"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := text.SmartQuotes(tc.in); got != tc.want {
				t.Errorf("SmartQuotes(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// TestSmartQuotesIdempotent: running it twice changes nothing, so the pipeline may apply it
// to text that an author already curled.
func TestSmartQuotesIdempotent(t *testing.T) {
	for _, a := range loadSample(t).Articles {
		once := text.SmartQuotes(a.Body)
		if twice := text.SmartQuotes(once); twice != once {
			t.Errorf("%s: SmartQuotes is not idempotent", a.ID)
		}
	}
}
