package index

import (
	"reflect"
	"testing"

	"github.com/blevesearch/bleve/v2/registry"

	"github.com/skillmatch/skillmatch/extract"
	"github.com/skillmatch/skillmatch/internal/synth"
)

func TestAnalyzerTerms(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"C++ and C# with .NET", []string{"c++", "c#", ".net"}},
		{"Node.js, CI/CD", []string{"node.js", "ci/cd"}},
		{"Data Scientists", Terms("data scientist")},
		{"the team of our company", Terms("team company")},
		{"", []string{}},
	}
	for _, c := range cases {
		got := Terms(c.in)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("Terms(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if Terms("Data Scientists")[1] == "scientists" {
		t.Errorf("plural not stemmed: %q", Terms("Data Scientists"))
	}
}

func TestAnalyzerRegistered(t *testing.T) {
	a, err := registry.NewCache().AnalyzerNamed(AnalyzerName)
	if err != nil {
		t.Fatal(err)
	}
	ts := a.Analyze([]byte("Senior C++ developers"))
	var terms []string
	for _, tok := range ts {
		terms = append(terms, string(tok.Term))
	}
	if !reflect.DeepEqual(terms, Terms("Senior C++ developers")) || len(terms) != 3 || ts[2].Position != 3 {
		t.Errorf("analyzer terms %q, positions %d", terms, ts[len(ts)-1].Position)
	}
}

// TestAnalyzerAgreesWithExtractTokenize keeps the analyzer's own scanner in
// step with the extractor's tokenizer.
func TestAnalyzerAgreesWithExtractTokenize(t *testing.T) {
	texts := []string{
		"Senior C++ / C# developer (m/f/d) with .NET, Node.js and CI/CD; R&D, TCP/IP, A/B tests.",
		"Requirements:\n- 3+ years of experience with Python 3.11 and AWS S3/EC2\n- Don't panic; it's fine.",
		"Café-culture, naïve résumé, k8s, e-mail, state-of-the-art, 24/7 on-call, U.S.-based, Ph.D. preferred.",
		"Vue.js/React.js front-end — Go (Golang) back-end … 50% remote, £60,000–£70,000.",
	}
	tax := fixtureTaxonomy(t)
	for _, p := range synth.New(tax, synth.Config{Seed: 2}).Postings(0, 50) {
		texts = append(texts, p.Title+"\n"+p.Description)
	}
	for _, text := range texts {
		var want []string
		for _, tok := range extract.Tokenize(text) {
			if !stopWords[tok.Norm] {
				want = append(want, tok.Norm)
			}
		}
		got := Terms(text)
		if len(want) == 0 {
			want = []string{}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("text %q:\n got %q\nwant %q", text, got, want)
		}
	}
}
