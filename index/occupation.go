package index

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/skillmatch/skillmatch"
	"github.com/skillmatch/skillmatch/taxonomy"
)

// occMatcher assigns taxonomy occupations to posting titles.
type occMatcher struct {
	cacheMu sync.RWMutex
	cache   map[string]*skillmatch.OccupationRef // joined title terms -> result (nil: none); never mutated

	exact  map[string]*taxonomy.Occupation // joined title terms -> occupation
	titles []occTitle
	byTerm map[string][]int // term -> indexes into titles
	idf    map[string]float64
	maxIDF float64
}

type occTitle struct {
	occ       *taxonomy.Occupation
	terms     []string
	preferred bool
}

// genderMarker matches "(m/f/d)", "(w/m/d)", "m/f/x", "(all genders)" and the like.
var genderMarker = regexp.MustCompile(`(?i)\(?\b[mwfdhx]\s*/\s*[mwfdhx](\s*/\s*[mwfdhx])?\b\)?|\((all genders|gn|m|f|w|d)\*?\)|\(\s*\*\s*\)`)

// seniorityWords carry no occupation; they are dropped from titles.
var seniorityWords = map[string]bool{}

func init() {
	for _, w := range []string{"senior", "sr", "junior", "jr", "lead", "principal", "staff",
		"head", "intern", "internship", "trainee", "graduate", "entry", "level", "mid",
		"i", "ii", "iii", "iv", "v", "remote", "hybrid", "onsite", "full", "part", "time",
		"fulltime", "parttime", "contract", "temporary", "permanent", "experienced", "new", "expert",
		"werkstudent", "praktikant", "praktikum", "apprentice", "apprenticeship", "freelance"} {
		seniorityWords[stemWord(w)] = true
	}
}

// titleTerms normalizes a job or occupation title into matching terms.
func titleTerms(title string) []string {
	title = genderMarker.ReplaceAllString(title, " ")
	var out []string
	for _, t := range Terms(title) {
		if !seniorityWords[t] {
			out = append(out, t)
		}
	}
	return out
}

func newOccMatcher(t *taxonomy.Taxonomy) *occMatcher {
	m := &occMatcher{exact: map[string]*taxonomy.Occupation{}, byTerm: map[string][]int{}, idf: map[string]float64{},
		cache: map[string]*skillmatch.OccupationRef{}}
	df := map[string]int{}
	for _, o := range t.Occupations() {
		for i, title := range append([]string{o.Title}, o.AltTitles...) {
			terms := titleTerms(title)
			if len(terms) == 0 {
				continue
			}
			key := strings.Join(terms, " ")
			if prev, ok := m.exact[key]; !ok || (i == 0 && prev.Title != o.Title) {
				m.exact[key] = o
			}
			idx := len(m.titles)
			m.titles = append(m.titles, occTitle{occ: o, terms: terms, preferred: i == 0})
			seen := map[string]bool{}
			for _, w := range terms {
				if !seen[w] {
					seen[w] = true
					df[w]++
					m.byTerm[w] = append(m.byTerm[w], idx)
				}
			}
		}
	}
	n := float64(len(m.titles))
	for w, d := range df {
		m.idf[w] = math.Log(1 + n/float64(d))
		m.maxIDF = math.Max(m.maxIDF, m.idf[w])
	}
	return m
}

func (m *occMatcher) weight(w string) float64 {
	if v, ok := m.idf[w]; ok {
		return v
	}
	return m.maxIDF + 1 // unseen terms are rare by definition
}

// minOccupationConfidence is the lowest score MatchOccupation accepts.
const minOccupationConfidence = 0.5

// match returns the best occupation for a title, or nil. An exact match of
// the normalized terms has confidence 1. Otherwise candidates sharing a term
// are scored by IDF-weighted coverage: mostly of the occupation title's terms
// (all of "data scientist" inside "senior data scientist, nlp"), partly of the
// posting title's.
func (m *occMatcher) match(title string) *skillmatch.OccupationRef {
	terms := titleTerms(title)
	if len(terms) == 0 {
		return nil
	}
	key := strings.Join(terms, " ")
	m.cacheMu.RLock()
	ref, ok := m.cache[key]
	m.cacheMu.RUnlock()
	if !ok {
		ref = m.score(key, terms)
		m.cacheMu.Lock()
		if len(m.cache) < occCacheMax {
			m.cache[key] = ref
		}
		m.cacheMu.Unlock()
	}
	if ref == nil {
		return nil
	}
	cp := *ref
	return &cp
}

// occCacheMax bounds the title cache of an occMatcher.
const occCacheMax = 100000

func (m *occMatcher) score(key string, terms []string) *skillmatch.OccupationRef {
	if o, ok := m.exact[key]; ok {
		return &skillmatch.OccupationRef{ID: o.ID, Title: o.Title, Code: o.Code, Confidence: 1}
	}
	q := map[string]bool{}
	var qw float64
	for _, w := range terms {
		if !q[w] {
			q[w] = true
			qw += m.weight(w)
		}
	}
	cands := map[int]bool{}
	for w := range q {
		for _, i := range m.byTerm[w] {
			cands[i] = true
		}
	}
	best, bestScore := -1, 0.0
	idxs := make([]int, 0, len(cands))
	for i := range cands {
		idxs = append(idxs, i)
	}
	sort.Ints(idxs) // deterministic tie-breaks: taxonomy order
	for _, i := range idxs {
		ot := m.titles[i]
		var tw, shared float64
		seen := map[string]bool{}
		for _, w := range ot.terms {
			if seen[w] {
				continue
			}
			seen[w] = true
			tw += m.weight(w)
			if q[w] {
				shared += m.weight(w)
			}
		}
		covT, covQ := shared/tw, shared/qw
		if covT < 0.5 {
			continue
		}
		score := 0.95 * (0.7*covT + 0.3*covQ)
		if ot.preferred {
			score += 0.001
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	if best < 0 || bestScore < minOccupationConfidence {
		return nil
	}
	o := m.titles[best].occ
	return &skillmatch.OccupationRef{ID: o.ID, Title: o.Title, Code: o.Code, Confidence: math.Min(0.95, math.Round(bestScore*1000)/1000)}
}
