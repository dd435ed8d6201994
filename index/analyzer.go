package index

import (
	"unicode"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/skillmatch/skillmatch/extract"
)

// AnalyzerName is the Bleve analyzer used for title and description text:
// the extractor's tokenizer (extract.Tokenize: tech tokens such as c++, c#,
// .net, node.js and ci/cd kept whole) and normalization (lower case,
// snowball stem, accents folded), then a small stop list, so that search
// and extraction agree on words.
const AnalyzerName = "skillmatch_en"

func init() {
	// Registration fails only on a duplicate name, which cannot happen here.
	_ = registry.RegisterAnalyzer(AnalyzerName, func(map[string]interface{}, *registry.Cache) (analysis.Analyzer, error) {
		return textAnalyzer{}, nil
	})
}

// stemWord normalizes one word as the extractor does.
func stemWord(w string) string { return extract.Stem("en", w) }

// stopWords are dropped from the index (positions still advance).
var stopWords = map[string]bool{}

func init() {
	for _, w := range []string{"a", "an", "and", "are", "as", "at", "be", "by", "for", "from",
		"has", "have", "in", "is", "it", "its", "of", "on", "or", "our", "that", "the", "their",
		"this", "to", "was", "we", "will", "with", "you", "your"} {
		stopWords[w] = true
	}
}

type textAnalyzer struct{}

// Analyze implements analysis.Analyzer with the extractor's tokenizer. Token
// offsets are code points (Bleve uses them only for highlighting, which
// these fields do not store).
func (textAnalyzer) Analyze(input []byte) analysis.TokenStream {
	toks := extract.Tokenize(string(input))
	ts := make(analysis.TokenStream, 0, len(toks))
	for i, t := range toks {
		if stopWords[t.Norm] {
			continue
		}
		ts = append(ts, &analysis.Token{Start: t.Start, End: t.End, Term: []byte(t.Norm), Position: i + 1, Type: analysis.AlphaNumeric})
	}
	return ts
}

// Terms returns the normalized index terms of text, in order, stop words
// dropped: the same terms the Bleve analyzer produces. Table.TitleTerms and
// the occupation matcher use it.
func Terms(text string) []string {
	toks := extract.Tokenize(text)
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		if !stopWords[t.Norm] {
			out = append(out, t.Norm)
		}
	}
	return out
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
