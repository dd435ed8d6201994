package extract

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"github.com/kljensen/snowball/hungarian"
	"github.com/kljensen/snowball/norwegian"
	"github.com/kljensen/snowball/russian"
	"github.com/kljensen/snowball/spanish"
	"github.com/kljensen/snowball/swedish"
	"golang.org/x/text/unicode/norm"
)

// stemmers maps ISO 639-1 codes to the snowball stemmers kljensen/snowball has.
var stemmers = map[string]func(string, bool) string{
	"en": english.Stem,
	"es": spanish.Stem,
	"fr": french.Stem,
	"ru": russian.Stem,
	"sv": swedish.Stem,
	"no": norwegian.Stem,
	"nb": norwegian.Stem,
	"nn": norwegian.Stem,
	"hu": hungarian.Stem,
}

// HasStemmer reports whether Stem has a snowball stemmer for the ISO 639-1
// language code lang. Other languages are only lower-cased and folded.
func HasStemmer(lang string) bool {
	_, ok := stemmers[langKey(lang)]
	return ok
}

func langKey(lang string) string {
	lang = strings.ToLower(strings.TrimSpace(lang))
	if i := strings.IndexAny(lang, "-_"); i > 0 {
		lang = lang[:i]
	}
	if lang == "" {
		return "en"
	}
	return lang
}

// Normalizer turns one word into its matching key: NFKC, lower case, plain
// apostrophes, the snowball stem (for words made only of letters) and accents
// folded. It memoizes, because stemming is the extractor's hot path, and is
// safe for concurrent use. The same Normalizer is applied to the taxonomy's
// surface forms and to the text.
type Normalizer struct {
	lang  string
	stem  func(string, bool) string
	cache sync.Map // folded lower-case word -> key
}

var normalizers sync.Map // lang -> *Normalizer

// NormalizerFor returns the shared Normalizer for an ISO 639-1 language code
// ("" means English). Languages without a snowball stemmer get a Normalizer
// that lower-cases and folds but does not stem.
func NormalizerFor(lang string) *Normalizer {
	k := langKey(lang)
	if n, ok := normalizers.Load(k); ok {
		return n.(*Normalizer)
	}
	n, _ := normalizers.LoadOrStore(k, &Normalizer{lang: k, stem: stemmers[k]})
	return n.(*Normalizer)
}

// Stem returns the matching key of word in language lang (ISO 639-1): the
// same key the extractor uses for text and surface forms, and the one the
// index's analyzer must use so that search and extraction agree.
func Stem(lang, word string) string { return NormalizerFor(lang).Norm(word) }

// Language returns the normalizer's ISO 639-1 code.
func (n *Normalizer) Language() string { return n.lang }

// Norm returns the matching key of one word (see Normalizer).
func (n *Normalizer) Norm(word string) string {
	low := lowerFold(word)
	if v, ok := n.cache.Load(low); ok {
		return v.(string)
	}
	k := n.normLower(low)
	n.cache.Store(low, k)
	return k
}

// normLower normalizes an already lower-cased, folded word without caching.
func (n *Normalizer) normLower(low string) string {
	if n.lang == "en" {
		low = spellFold(low)
	}
	if n.stem != nil && stemmable(low) {
		low = n.stem(low, false)
	}
	if f := foldAccents(low); f != "" {
		return f
	}
	return low // a lone combining mark
}

// stemmable reports whether w is made of letters (and inner apostrophes) only:
// tech tokens such as c++, c#, s3, k8s or .net are kept as they are.
func stemmable(w string) bool {
	if len(w) < 3 {
		return false
	}
	for _, r := range w {
		if !unicode.IsLetter(r) && r != '\'' {
			return false
		}
	}
	return true
}

// lowerFold lower-cases s after NFKC, with curly apostrophes and quotes made plain.
func lowerFold(s string) string {
	ascii := true
	upper := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		if 'A' <= c && c <= 'Z' {
			upper = true
		}
	}
	if ascii {
		if !upper {
			return s
		}
		return strings.ToLower(s)
	}
	s = norm.NFKC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteRune(foldRune(unicode.ToLower(r)))
	}
	return b.String()
}

// foldRune maps typographic variants to their plain ASCII form.
func foldRune(r rune) rune {
	switch r {
	case '\u2018', '\u2019', '\u02bc', '\u2032', '`', '\u00b4':
		return '\''
	case '\u201c', '\u201d', '\u201e':
		return '"'
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212':
		return '-'
	case '\u00a0', '\u2007', '\u202f':
		return ' '
	}
	return r
}

// foldAccents removes combining marks after canonical decomposition
// ("café" -> "cafe"); ASCII input is returned as is.
func foldAccents(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	d := norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	for _, r := range d {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// spellFold maps British spellings to American ones so that both match
// alike: organisation/organization, analyse/analyze, licence/license,
// centre/center, programme/program, modelling/modeling, behaviour/behavior.
// Applied to text and surface forms alike.
func spellFold(w string) string {
	if len(w) < 5 {
		return w
	}
	if r, ok := spellWords[w]; ok {
		return r
	}
	for _, p := range spellSuffixes {
		if strings.HasSuffix(w, p[0]) && len(w) > len(p[0])+2 {
			stem := w[:len(w)-len(p[0])]
			if p[0][0] == 'e' && p[0][1] == 'l' && !strings.ContainsRune("aeiou", rune(stem[len(stem)-2])) {
				return w // selling, spelling, dwelling: not modelling
			}
			return stem + p[1]
		}
	}
	return w
}

var spellWords = map[string]string{
	"licence": "license", "licences": "licenses", "centre": "center", "centres": "centers",
	"programme": "program", "programmes": "programs", "analyse": "analyze", "analysed": "analyzed",
	"analysing": "analyzing", "analyses": "analyzes", "catalogue": "catalog", "catalogues": "catalogs",
	"defence": "defense", "practise": "practice", "practising": "practicing", "enrol": "enroll",
	"fulfil": "fulfill", "judgement": "judgment", "ageing": "aging", "grey": "gray",
}

var spellSuffixes = [][2]string{
	{"isation", "ization"}, {"isations", "izations"}, {"ising", "izing"}, {"ised", "ized"},
	{"iser", "izer"}, {"isers", "izers"}, {"ises", "izes"}, {"ise", "ize"},
	{"yse", "yze"}, {"ysed", "yzed"}, {"ysing", "yzing"},
	{"elling", "eling"}, {"elled", "eled"}, {"eller", "eler"},
	{"our", "or"}, {"ours", "ors"}, {"ourable", "orable"}, {"ourite", "orite"},
	{"tre", "ter"}, {"tres", "ters"},
}
