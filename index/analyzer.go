package index

import (
	"sync"
	"unicode"
	"unicode/utf8"

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

// Analyze implements analysis.Analyzer. It splits words as extract.Tokenize
// does (a test keeps the two in agreement) but without its allocations, which
// were a third of all bytes allocated during ingestion.
func (textAnalyzer) Analyze(input []byte) analysis.TokenStream {
	ts := make(analysis.TokenStream, 0, len(input)/6)
	toks := make([]analysis.Token, 0, len(input)/6)
	pos := 0
	scanWords(input, func(start, end int) {
		pos++
		t, ok := termOf(input[start:end])
		if !ok {
			return
		}
		toks = append(toks, analysis.Token{Start: start, End: end, Term: []byte(t), Position: pos, Type: analysis.AlphaNumeric})
		ts = append(ts, &toks[len(toks)-1])
	})
	return ts
}

// termCache maps a word as written to its term ("" for a stop word), so
// that the hot path does not allocate a string per word. It stops growing
// at termCacheMax entries.
var termCache = struct {
	sync.RWMutex
	m map[string]string
}{m: map[string]string{}}

const termCacheMax = 200000

// termOf returns the index term of one word and false for a stop word.
func termOf(w []byte) (string, bool) {
	termCache.RLock()
	t, ok := termCache.m[string(w)] // no allocation for the look-up
	termCache.RUnlock()
	if !ok {
		t = stemWord(string(w))
		if stopWords[t] {
			t = ""
		}
		termCache.Lock()
		if len(termCache.m) < termCacheMax {
			termCache.m[string(w)] = t
		}
		termCache.Unlock()
	}
	return t, t != ""
}

// Terms returns the normalized index terms of text, in order, stop words
// dropped: the same terms the Bleve analyzer produces. Table.TitleTerms and
// the occupation matcher use it.
func Terms(text string) []string {
	out := []string{}
	b := []byte(text)
	scanWords(b, func(start, end int) {
		if t, ok := termOf(b[start:end]); ok {
			out = append(out, t)
		}
	})
	return out
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r)
}

func lastRune(s []byte) rune {
	r, _ := utf8.DecodeLastRune(s)
	return r
}

func runeAt(s []byte, i int) rune {
	if i >= len(s) {
		return -1
	}
	if s[i] < utf8.RuneSelf {
		return rune(s[i])
	}
	r, _ := utf8.DecodeRune(s[i:])
	return r
}

// scanWords calls fn with the byte range of every token of s, as
// extract.Tokenize splits them: a run of letters and digits, with inner
// apostrophes; runs joined without spaces by "/", "." or "&" are one token
// (ci/cd, node.js, r&d, 3.5); a dot before a letter after a space starts a
// token (.net); + and # after a letter belong to it (c++, c#, but 3+ is 3).
func scanWords(s []byte, fn func(start, end int)) {
	i := 0
	space := true
	for i < len(s) {
		r, n := utf8.DecodeRune(s[i:])
		if !(isWordRune(r) || (r == '.' && space && isWordRune(runeAt(s, i+1)))) {
			space = unicode.IsSpace(r)
			i += n
			continue
		}
		start := i
		i += n
		for i < len(s) {
			r, n := utf8.DecodeRune(s[i:])
			switch {
			case isWordRune(r):
				i += n
				continue
			case r == '\'' || r == '\u2019' || r == '\u02bc' || r == '/' || r == '.' || r == '&':
				if isWordRune(runeAt(s, i+n)) {
					i += n
					continue
				}
			case (r == '+' || r == '#') && unicode.IsLetter(lastRune(s[:i])):
				for i < len(s) && (s[i] == '+' || s[i] == '#') {
					i++
				}
			}
			break
		}
		fn(start, i)
		space = false
	}
}
