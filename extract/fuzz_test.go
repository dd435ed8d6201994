package extract

import (
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/skillmatch/skillmatch"
)

var fuzzSeeds = []string{
	"",
	"Python, Java or C++; 5+ years of SQL. No Go needed.",
	"Microsoft Excel, Word and PowerPoint\nRequirements:\n- CI/CD, TCP/IP, A/B testing, k8s, S3",
	"<ul><li>Go</li><li>R&amp;D</li></ul><script>Python</script>&#x43;++ &bogus; &amp",
	"\xff\xfe\x00Python\xc3\x28 caf\u00e9 \u201cquoted\u201d \u2014 dash\u2011hyphen",
	"<<<>>>&&&;;;<!-- unterminated",
	"written and verbal communication, and and or , , / / .NET .. ++ ## C#",
	strings.Repeat("a", 300) + " Python",
	"\u00a0\u200b\ufeff\t\r\n\n\n  Node.js\r\n",
	"３ years of Ｐｙｔｈｏｎ ﬁle Ǆ",
}

// fuzzExtractor is shared by the fuzz targets: building it once keeps each
// fuzz iteration cheap.
var fuzzExtractor = sync.OnceValue(func() *Extractor {
	e, err := New(testTaxonomy(&testing.T{}), Options{MinConfidence: -1, IncludeAbout: true})
	if err != nil {
		panic(err)
	}
	return e
})

func checkMentions(t *testing.T, in string, ms []skillmatch.Mention, n int) {
	t.Helper()
	for _, m := range ms {
		if m.Start < 0 || m.Start >= m.End || m.End > n {
			t.Fatalf("mention %q at %d:%d outside 0..%d of %q", m.Surface, m.Start, m.End, n, in)
		}
		if m.Confidence < 0 || m.Confidence > 1 {
			t.Fatalf("confidence %v", m.Confidence)
		}
	}
}

func FuzzTokenize(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		n := utf8.RuneCountInString(in)
		runes := []rune(in)
		prev := 0
		for _, tok := range Tokenize(in) {
			if tok.Start < prev || tok.Start >= tok.End || tok.End > n {
				t.Fatalf("token %q at %d:%d (prev end %d, len %d)", tok.Text, tok.Start, tok.End, prev, n)
			}
			prev = tok.End
			if utf8.ValidString(in) && string(runes[tok.Start:tok.End]) != tok.Text {
				t.Fatalf("token %q != input[%d:%d] %q", tok.Text, tok.Start, tok.End, string(runes[tok.Start:tok.End]))
			}
			if tok.Norm == "" {
				t.Fatalf("empty norm for %q", tok.Text)
			}
		}
	})
}

func FuzzHTML(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		n := utf8.RuneCountInString(in)
		h := fromHTML(in)
		if len(h.from) != utf8.RuneCountInString(h.text) || len(h.to) != len(h.from) {
			t.Fatalf("map of %d/%d entries for %d runes", len(h.from), len(h.to), utf8.RuneCountInString(h.text))
		}
		for k := range h.from {
			if h.from[k] < 0 || h.from[k] > h.to[k] || int(h.to[k]) > n {
				t.Fatalf("rune %d maps to %d:%d of %d", k, h.from[k], h.to[k], n)
			}
		}
		res := fuzzExtractor().Extract(Document{Text: in, HTML: true})
		checkMentions(t, in, res.Mentions, n)
		checkMentions(t, in, res.Implied, n)
	})
}

func FuzzExtract(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		n := utf8.RuneCountInString(in)
		res := fuzzExtractor().Extract(Document{Text: in})
		checkMentions(t, in, res.Mentions, n)
		checkMentions(t, in, res.Implied, n)
		if utf8.ValidString(in) {
			runes := []rune(in)
			for _, m := range res.Mentions {
				if string(runes[m.Start:m.End]) != m.Surface {
					t.Fatalf("surface %q != input[%d:%d] %q", m.Surface, m.Start, m.End, string(runes[m.Start:m.End]))
				}
			}
		}
	})
}

// TestHugeInputs checks a 10 MB single line and a 1 MB posting for
// correctness: every repeated mention found, offsets in range.
func TestHugeInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("large inputs")
	}
	e := newTest(t, Options{})
	unit := "Experience with Python and SQL, Go, Java or C++, and CI/CD pipelines; "
	reps := 10<<20/len(unit) + 1
	line := strings.Repeat(unit, reps)
	res := e.Extract(Document{Text: line})
	count := map[string]int{}
	for _, m := range res.Mentions {
		count[m.SkillID]++
	}
	for _, id := range []string{"python", "sql", "go", "java", "cpp", "cicd"} {
		if count[id] != reps {
			t.Errorf("10 MB line: %s found %d times, want %d", id, count[id], reps)
		}
	}
	checkMentions(t, "10MB", res.Mentions, utf8.RuneCountInString(line))

	var b strings.Builder
	for b.Len() < 1<<20 {
		b.WriteString("<h2>Requirements</h2><ul><li>3+ years of Python</li><li>Machine learning</li></ul>\n<p>Excellent written and verbal communication.</p>\n")
	}
	doc := b.String()
	res = e.Extract(Document{Text: doc, HTML: true})
	count = map[string]int{}
	for _, m := range res.Mentions {
		count[m.SkillID]++
		if m.SkillID == "python" && (m.Years != 3 || m.Level != skillmatch.LevelRequired) {
			t.Fatalf("python mention %+v", m)
		}
	}
	units := strings.Count(doc, "<h2>")
	if count["python"] != units || count["ml"] != units || count["written-communication"] != units {
		t.Errorf("1 MB posting: %v for %d units", count, units)
	}
	checkMentions(t, "1MB", res.Mentions, utf8.RuneCountInString(doc))
}
