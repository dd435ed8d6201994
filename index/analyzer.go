package index

import (
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/skillmatch/skillmatch/extract"
)

// AnalyzerName is the Bleve analyzer used for title and description text:
// a tokenizer that keeps tech tokens (c++, c#, .net, node.js, s3) whole,
// a small stop list, and the extractor's normalization (lower case, snowball
// stem, accents folded), so that search and extraction agree on word forms.
const AnalyzerName = "skillmatch_en"

func init() {
	// Registration fails only on a duplicate name, which cannot happen here.
	_ = registry.RegisterAnalyzer(AnalyzerName, func(map[string]interface{}, *registry.Cache) (analysis.Analyzer, error) {
		return textAnalyzer{}, nil
	})
}

// english is the extractor's (memoizing, concurrency-safe) normalizer.
var english = extract.NormalizerFor("en")

// stemWord is the one place the index depends on the extractor's word
// normalization.
func stemWord(w string) string { return english.Norm(w) }

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

// Analyze implements analysis.Analyzer.
func (textAnalyzer) Analyze(input []byte) analysis.TokenStream {
	var ts analysis.TokenStream
	pos := 0
	scanWords(input, func(start, end int) {
		pos++
		w := string(input[start:end])
		if stopWords[w] {
			return
		}
		t := stemWord(w)
		if stopWords[t] {
			return
		}
		ts = append(ts, &analysis.Token{Start: start, End: end, Term: []byte(t), Position: pos, Type: analysis.AlphaNumeric})
	})
	return ts
}

// Terms returns the normalized index terms of text, in order, stop words
// dropped: the same terms the Bleve analyzer produces. Table.TitleTerms and
// the occupation matcher use it.
func Terms(text string) []string {
	var out []string
	b := []byte(text)
	scanWords(b, func(start, end int) {
		w := string(b[start:end])
		if stopWords[w] {
			return
		}
		t := stemWord(w)
		if !stopWords[t] {
			out = append(out, t)
		}
	})
	return out
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// scanWords calls fn with the byte range of every word of s. A word is a run
// of letters and digits; it may contain inner dots and apostrophes followed
// by a letter or digit (node.js, asp.net, 3.5, don't), start with a dot
// before a letter (.net), and end with a run of + or # (c++, c#, f#).
func scanWords(s []byte, fn func(start, end int)) {
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRune(s[i:])
		start := -1
		switch {
		case isWordRune(r):
			start = i
		case r == '.' && i+n < len(s):
			if r2, _ := utf8.DecodeRune(s[i+n:]); unicode.IsLetter(r2) && (i == 0 || !isWordRuneBefore(s, i)) {
				start = i
			}
		}
		if start < 0 {
			i += n
			continue
		}
		j := i + n
		for j < len(s) {
			r, n := utf8.DecodeRune(s[j:])
			if isWordRune(r) {
				j += n
				continue
			}
			if r == '.' || r == '\'' || r == '\u2019' {
				if j+n < len(s) {
					if r2, _ := utf8.DecodeRune(s[j+n:]); isWordRune(r2) {
						j += n
						continue
					}
				}
			}
			break
		}
		k := j
		for k < len(s) && (s[k] == '+' || s[k] == '#') {
			k++
		}
		if k > j {
			if k == len(s) {
				j = k
			} else if r2, _ := utf8.DecodeRune(s[k:]); !isWordRune(r2) {
				j = k
			}
		}
		fn(start, j)
		i = j
	}
}

func isWordRuneBefore(s []byte, i int) bool {
	r, _ := utf8.DecodeLastRune(s[:i])
	return isWordRune(r)
}
