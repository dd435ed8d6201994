package index

import (
	"reflect"
	"testing"

	"github.com/blevesearch/bleve/v2/registry"
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
