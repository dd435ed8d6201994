package extract

import (
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"

	"github.com/skillmatch/skillmatch"
	"github.com/skillmatch/skillmatch/taxonomy"
)

// Retrieval ranks taxonomy concepts for sentences that name them only
// implicitly ("keep the books" -> accounting), the way a search engine ranks
// documents for a query: every surface form of a skill is a short document,
// its description another, both normalized with the extractor's own
// tokenizer and snowball stemmer. A sentence is the query; a skill scores
// BM25 of its best-matching surface form, scaled by how much of that form
// the sentence covers, by how close together its words stand, and down for
// alternative labels, plus a smaller BM25 share of its description. The top
// few skills above a threshold become mentions with confidence below that
// of literal matches. Method and measured quality: docs/eval.md.

// retrievalParams are the few numbers of the scorer, chosen on the
// development data (see docs/eval.md).
type retrievalParams struct {
	k1, b       float64 // BM25 term saturation and length normalization
	descWeight  float64 // weight of the description score
	coverPow    float64 // label score *= coverage^coverPow (coverage: share of the form's IDF mass present)
	topK        int     // concepts kept per sentence
	minCoverage float64 // best form must cover at least this share of its IDF mass
	minScore    float64 // and reach this combined score, in units of the largest form IDF (see retriever.unit)
	rerank      int     // candidates reranked by proximity
	proxPow     float64 // form score *= (matched terms / window length)^proxPow
	fullBonus   float64 // form score *= 1+fullBonus when the sentence has every term of a multi-word form or preferred label
	redundancy  float64 // score *= redundancy when a better pick already matched all the same words
	altWeight   float64 // form score *= altWeight for alternative and hidden labels (the preferred label is curated)
	confLow     float64 // confidence at minScore
	confHigh    float64 // confidence approached by the highest scores (below literal matches)
	scale       float64 // score above minScore (same units) at which confidence is halfway from confLow to confHigh
}

var defaultRetrieval = retrievalParams{
	k1: 1.2, b: 0.75,
	descWeight: 0.35, coverPow: 1,
	topK: 5, minCoverage: 0.5, minScore: 0.18, rerank: 50, proxPow: 1, fullBonus: 1, altWeight: 0.6, redundancy: 0.6,
	confLow: 0.35, confHigh: 0.69, scale: 0.54,
}

// retriever is the inverted index over one taxonomy's forms and descriptions.
// It is immutable after newRetriever and safe for concurrent use.
type retriever struct {
	tax      *taxonomy.Taxonomy
	norm     *Normalizer
	p        retrievalParams
	skills   []*taxonomy.Skill
	skillIdx map[string]int32 // skill ID -> index in skills
	vocab    map[string]int32

	formSkill []int32 // form doc -> skill index
	// formWord is the folded word of a one-term form, else "". One-word forms
	// must match a word of the text, not only its stem: snowball conflates
	// "experiment" with "experience" and "Solidity" with "solid".
	formWord []string
	formPref []bool    // form doc -> is the preferred label
	formLen  []uint16  // form doc -> distinct terms
	formMass []float32 // form doc -> sum of the IDF of its terms
	formNorm []float32 // form doc -> BM25 factor (k1+1)/(1+k1*(1-b+b*len/avg)) for tf 1
	formPost [][]int32 // term -> form docs containing it
	formIDF  []float32 // term -> IDF over form docs
	// unit is the IDF of a term found in one form only: scores are compared
	// with the thresholds in this unit, so that they mean the same for a
	// taxonomy of 50 skills as for ESCO's 13,896 (2.0 raw = 0.18 units there).
	unit    float64
	avgForm float64

	descLen []uint16     // skill -> description terms
	descTF  []retrDescTF // every description's distinct terms, skill by skill, by term ID
	descOff []int32      // skill -> its slice of descTF: [descOff[i], descOff[i+1])
	descDF  []int32      // term -> descriptions containing it
	descIDF []float32
	avgDesc float64

	pool sync.Pool // *retrScratch
}

// retrDescTF is a term of a description with its frequency there.
type retrDescTF struct {
	term int32
	tf   uint16
}

type retrScratch struct {
	form    []float32 // per form doc: accumulated BM25
	formHit []float32 // per form doc: matched IDF mass
	touched []int32
	slot    []int32 // per skill: 1 + its index in hits, 0 when absent
	hits    []retrHit
}

// newRetriever indexes every skill of t.
func newRetriever(t *taxonomy.Taxonomy) *retriever {
	return buildRetriever(t, defaultRetrieval)
}

func buildRetriever(t *taxonomy.Taxonomy, p retrievalParams) *retriever {
	r := &retriever{tax: t, norm: NormalizerFor(t.Language), p: p, skills: t.Skills(), vocab: map[string]int32{}}
	term := func(k string) int32 {
		id, ok := r.vocab[k]
		if !ok {
			id = int32(len(r.vocab))
			r.vocab[k] = id
			r.formPost = append(r.formPost, nil)
			r.descDF = append(r.descDF, 0)
		}
		return id
	}
	var terms, flat []int32 // flat: the terms of every form, in form order
	r.descLen = make([]uint16, len(r.skills))
	r.descOff = make([]int32, len(r.skills)+1)
	r.skillIdx = make(map[string]int32, len(r.skills))
	for i, s := range r.skills {
		r.skillIdx[s.ID] = int32(i)
	}
	seen := map[string]bool{}
	for si, s := range r.skills {
		clear(seen)
		for _, f := range s.Forms {
			key := taxonomy.NormalizeLabel(f.Text)
			if seen[key] {
				continue
			}
			seen[key] = true
			var first string
			terms, first = r.docTerms(f.Text, terms[:0], term)
			if len(terms) == 0 {
				continue
			}
			terms = retrUniq(terms)
			if len(terms) > 1 {
				first = ""
			}
			doc := int32(len(r.formSkill))
			r.formSkill = append(r.formSkill, int32(si))
			r.formLen = append(r.formLen, uint16(min(len(terms), math.MaxUint16)))
			r.formWord = append(r.formWord, first)
			r.formPref = append(r.formPref, f.Kind == taxonomy.FormPreferred)
			flat = append(flat, terms...)
			for _, id := range terms {
				r.formPost[id] = append(r.formPost[id], doc)
			}
		}
		if s.Description != "" {
			terms, _ = r.docTerms(s.Description, terms[:0], term)
			r.descLen[si] = uint16(min(len(terms), math.MaxUint16))
			sort.Slice(terms, func(a, b int) bool { return terms[a] < terms[b] })
			for i := 0; i < len(terms); {
				j := i
				for j < len(terms) && terms[j] == terms[i] {
					j++
				}
				r.descTF = append(r.descTF, retrDescTF{terms[i], uint16(min(j-i, math.MaxUint16))})
				r.descDF[terms[i]]++
				i = j
			}
		}
		r.descOff[si+1] = int32(len(r.descTF))
	}
	nForms, nSkills := float64(len(r.formSkill)), float64(len(r.skills))
	r.formIDF = make([]float32, len(r.vocab))
	r.unit = retrIDF(nForms, 1)
	r.descIDF = make([]float32, len(r.vocab))
	for id := range r.formIDF {
		r.formIDF[id] = float32(retrIDF(nForms, float64(len(r.formPost[id]))))
		r.descIDF[id] = float32(retrIDF(nSkills, float64(r.descDF[id])))
	}
	var total, dtotal float64
	r.formMass = make([]float32, len(r.formSkill))
	off := 0
	for d, n := range r.formLen {
		total += float64(n)
		for _, id := range flat[off : off+int(n)] {
			r.formMass[d] += r.formIDF[id]
		}
		off += int(n)
	}
	for _, n := range r.descLen {
		dtotal += float64(n)
	}
	r.avgForm = total / max(1, nForms)
	r.formNorm = make([]float32, len(r.formSkill))
	for d, n := range r.formLen {
		r.formNorm[d] = float32((p.k1 + 1) / (1 + p.k1*(1-p.b+p.b*float64(n)/r.avgForm)))
		r.formMass[d] = max(r.formMass[d], 1e-9)
	}
	r.avgDesc = dtotal / max(1, nSkills)
	return r
}

func retrIDF(n, df float64) float64 { return math.Log(1 + (n-df+0.5)/(df+0.5)) }

// docTerms appends the term IDs of text's content words (stop words dropped)
// and returns the first content word, folded.
func (r *retriever) docTerms(text string, out []int32, term func(string) int32) ([]int32, string) {
	first := ""
	for _, tk := range r.norm.Tokenize(text) {
		if r.stop(tk.Text) {
			continue
		}
		if first == "" {
			first = lowerFold(tk.Text)
		}
		out = append(out, term(tk.Norm))
	}
	return out, first
}

// stop reports whether a word carries no topic: English stop words (for
// English taxonomies) and one-character tokens.
func (r *retriever) stop(word string) bool {
	if utf8.RuneCountInString(word) < 2 {
		return true
	}
	if r.norm.Language() == "en" {
		w := strings.ToLower(word)
		return english.IsStopWord(w) || postingWords[w]
	}
	return false
}

// postingWords are English words that job postings put around any skill
// ("strong knowledge of", "experience with", "is a plus"): they say that a
// skill is asked for, not which one, so retrieval ignores them.
var postingWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`ability able abilities advantage also background bonus candidate
		candidates demonstrated desirable desired experience experienced expertise excellent familiar
		familiarity good great ideal ideally including knowledge knowledgeable like must need needed
		plus preferably preferred proficiency proficient proven related relevant required requirement
		requirements role similar skill skilled skills solid strong understanding well year years etc
		e.g i.e within using`) {
		postingWords[w] = true
	}
}

func retrUniq(ts []int32) []int32 {
	sort.Slice(ts, func(a, b int) bool { return ts[a] < ts[b] })
	out := ts[:0]
	for i, t := range ts {
		if i == 0 || t != ts[i-1] {
			out = append(out, t)
		}
	}
	return out
}

// sameWord reports whether a text word w is the form word f or its plural.
func sameWord(w, f string) bool {
	return w == f || w == f+"s" || w == f+"es" || f == w+"s" || f == w+"es"
}

// retrHit is one retrieved concept in one sentence.
type retrHit struct {
	skill      int32
	score      float64
	coverage   float64
	desc       float64 // weighted description score
	mask       uint64  // query terms (by index, first 64) the best form matched
	form       int32   // best form doc
	start, end int     // code points
}

// retrTerm is a distinct query term: its words as written (folded) and the
// positions of its occurrences among the sentence's content words.
type retrTerm struct {
	id    int32
	words []string
	pos   []int
}

// query ranks the skills for one sentence's tokens.
func (r *retriever) query(toks []Token, exclude map[int32]bool) []retrHit {
	var qs []retrTerm
	var content []Token // the sentence's content words, by position
	at := map[int32]int{}
	for _, tk := range toks {
		if r.stop(tk.Text) {
			continue
		}
		id, ok := r.vocab[tk.Norm]
		if !ok {
			content = append(content, tk)
			continue
		}
		i, seen := at[id]
		if !seen {
			i = len(qs)
			at[id] = i
			qs = append(qs, retrTerm{id: id})
		}
		q := &qs[i]
		q.pos = append(q.pos, len(content))
		if w := lowerFold(tk.Text); !slices.Contains(q.words, w) {
			q.words = append(q.words, w)
		}
		content = append(content, tk)
	}
	if len(qs) == 0 {
		return nil
	}
	sc, _ := r.pool.Get().(*retrScratch)
	if sc == nil {
		sc = &retrScratch{form: make([]float32, len(r.formSkill)), formHit: make([]float32, len(r.formSkill)),
			slot: make([]int32, len(r.skills))}
	}
	defer r.pool.Put(sc)
	p := r.p
	for _, q := range qs {
		idf := r.formIDF[q.id]
		for _, d := range r.formPost[q.id] {
			if w := r.formWord[d]; w != "" && !slices.ContainsFunc(q.words, func(x string) bool { return sameWord(x, w) }) {
				continue
			}
			if sc.formHit[d] == 0 {
				sc.touched = append(sc.touched, d)
			}
			sc.form[d] += idf * r.formNorm[d]
			sc.formHit[d] += idf
		}
	}
	// The best form of each skill, among forms covered enough.
	hits := sc.hits[:0]
	for _, d := range sc.touched {
		si := r.formSkill[d]
		cov := float64(sc.formHit[d] / r.formMass[d])
		if cov < p.minCoverage || (len(exclude) > 0 && exclude[si]) {
			continue
		}
		s := float64(sc.form[d])
		if p.coverPow == 1 {
			s *= cov
		} else {
			s *= math.Pow(cov, p.coverPow)
		}
		if !r.formPref[d] {
			s *= p.altWeight
		}
		if k := sc.slot[si]; k == 0 {
			hits = append(hits, retrHit{skill: si, score: s, coverage: cov, form: d})
			sc.slot[si] = int32(len(hits))
		} else if h := &hits[k-1]; s > h.score {
			h.score, h.coverage, h.form = s, cov, d
		}
	}
	for i := range hits {
		sc.slot[hits[i].skill] = 0
	}
	// reset the scratch arrays
	for _, d := range sc.touched {
		sc.form[d], sc.formHit[d] = 0, 0
	}
	sc.touched = sc.touched[:0]
	sc.hits = hits[:0]

	byScore := func(a, b int) bool {
		if hits[a].score != hits[b].score {
			return hits[a].score > hits[b].score
		}
		return hits[a].skill < hits[b].skill
	}
	sort.Slice(hits, byScore)
	// Rerank the best candidates by how close together the form's words
	// stand in the sentence, and locate them.
	hits = hits[:min(len(hits), p.rerank)]
	for i := range hits {
		h := &hits[i]
		h.desc = p.descWeight * r.descScore(h.skill, qs)
		lo, hi, m := r.window(h.form, qs)
		for i, q := range qs[:min(len(qs), 64)] {
			if r.formHas(h.form, q.id) {
				h.mask |= 1 << i
			}
		}
		h.start, h.end = content[lo].Start, content[hi].End
		prox := float64(m) / float64(hi-lo+1)
		if h.coverage > 0.999 && (r.formLen[h.form] > 1 || r.formPref[h.form]) {
			h.score *= 1 + p.fullBonus
		}
		h.score = h.score*math.Pow(prox, p.proxPow) + h.desc
	}
	// Pick the top K greedily; a candidate whose matched words are all
	// explained by one already picked ("work in a fishery team" after "work
	// in teams") is a rival reading of the same phrase and is demoted.
	var out []retrHit // a copy: hits belongs to the pooled scratch
	used := make([]bool, len(hits))
	for len(out) < p.topK {
		best, bestScore := -1, 0.0
		for i, h := range hits {
			if used[i] {
				continue
			}
			s := h.score
			for _, o := range out {
				if h.mask&^o.mask == 0 {
					s *= p.redundancy
					break
				}
			}
			if s >= p.minScore*r.unit && (best < 0 || s > bestScore || (s == bestScore && h.skill < hits[best].skill)) {
				best, bestScore = i, s
			}
		}
		if best < 0 {
			break
		}
		used[best] = true
		h := hits[best]
		h.score = bestScore
		out = append(out, h)
	}
	return out
}

// descScore is the BM25 score of skill si's description for the query terms.
// Only the few reranked candidates need it, so it looks the terms up in the
// description's sorted term list instead of walking posting lists.
func (r *retriever) descScore(si int32, qs []retrTerm) float64 {
	d := r.descTF[r.descOff[si]:r.descOff[si+1]]
	if len(d) == 0 {
		return 0
	}
	p := r.p
	norm := 1 - p.b + p.b*float64(r.descLen[si])/r.avgDesc
	var s float64
	for _, q := range qs {
		i := sort.Search(len(d), func(i int) bool { return d[i].term >= q.id })
		if i < len(d) && d[i].term == q.id {
			tf := float64(d[i].tf)
			s += float64(r.descIDF[q.id]) * tf * (p.k1 + 1) / (tf + p.k1*norm)
		}
	}
	return s
}

// window returns the smallest range [lo,hi] of content positions holding
// one occurrence of every query term of form d, and how many terms that is.
func (r *retriever) window(d int32, qs []retrTerm) (lo, hi, m int) {
	type occ struct{ pos, term int }
	var occs []occ
	for i, q := range qs {
		if r.formHas(d, q.id) {
			m++
			for _, p := range q.pos {
				occs = append(occs, occ{p, i})
			}
		}
	}
	sort.Slice(occs, func(a, b int) bool { return occs[a].pos < occs[b].pos })
	count := map[int]int{}
	lo, hi = occs[0].pos, occs[len(occs)-1].pos
	j := 0
	for i := range occs {
		count[occs[i].term]++
		for len(count) == m {
			if occs[i].pos-occs[j].pos < hi-lo {
				lo, hi = occs[j].pos, occs[i].pos
			}
			t := occs[j].term
			if count[t]--; count[t] == 0 {
				delete(count, t)
			}
			j++
		}
	}
	return lo, hi, m
}

// formHas reports whether form doc d contains term id.
func (r *retriever) formHas(d, id int32) bool {
	post := r.formPost[id]
	i := sort.Search(len(post), func(i int) bool { return post[i] >= d })
	return i < len(post) && post[i] == d
}

// confidence maps a retrieval score onto [confLow, confHigh): always below
// literal matches and in the order of the scores, so that ranking mentions
// by confidence ranks implicit ones as retrieval did.
func (p *retrievalParams) confidence(score float64) float64 {
	x := math.Max(0, score-p.minScore)
	return p.confLow + (p.confHigh-p.confLow)*x/(x+p.scale) // half way at minScore+scale
}

// retrSentences splits text into sentences at line breaks, bullets and
// sentence-final punctuation followed by space; it returns [start,end) code
// point ranges.
func retrSentences(text string) [][2]int {
	var out [][2]int
	start, n := 0, 0
	for i, c := range text {
		n++ // code points so far, c included
		cut := false
		switch c {
		case '\n', '\r', '•', '·', '▪', '●', '◦', '|':
			cut = true
		case '.', '!', '?', ';':
			next := i + utf8.RuneLen(c)
			cut = next >= len(text) || text[next] == ' ' || text[next] == '\t' || text[next] == '\n'
		}
		if cut {
			if n > start {
				out = append(out, [2]int{start, n})
			}
			start = n
		}
	}
	if start < n {
		out = append(out, [2]int{start, n})
	}
	return out
}

// runeCursor converts code point offsets into byte offsets, moving forward only.
type runeCursor struct {
	text string
	r, b int // code point and byte offset of the cursor
}

// seek moves the cursor to code point r (not before its position) and
// returns the byte offset there.
func (c *runeCursor) seek(r int) int {
	for c.r < r && c.b < len(c.text) {
		_, size := utf8.DecodeRuneInString(c.text[c.b:])
		c.b += size
		c.r++
	}
	return c.b
}

// DefaultImplicitMinConfidence is the default cut for implicit mentions
// (Options.Retrieve). Their
// confidences lie below those of literal matches (retrievalParams.confHigh),
// so the literal default (DefaultMinConfidence) would drop them all: when
// Options.MinConfidence is left at zero they use this cut instead, chosen on
// the Decorte validation sets; a MinConfidence set by the caller applies to
// them as it is.
const DefaultImplicitMinConfidence = 0.5

// implicit returns lower-confidence mentions of concepts the text implies,
// given the explicit mentions already found. Called by Extract when
// Options.Retrieve is set. Skills already mentioned explicitly are not
// repeated; every sentence (with or without literal labels) is queried.
func (e *Extractor) implicit(text string, explicit []skillmatch.Mention) []skillmatch.Mention {
	r := e.ret
	if r == nil || text == "" {
		return nil
	}
	minConf := e.opts.MinConfidence
	if minConf == 0 {
		minConf = DefaultImplicitMinConfidence
	}
	exclude := map[int32]bool{}
	if len(explicit) > 0 {
		for _, m := range explicit {
			// A weak literal mention may be dropped later: retrieval may still rank its skill.
			if i, ok := r.skillIdx[m.SkillID]; ok && (minConf <= 0 || m.Confidence >= minConf) {
				exclude[i] = true
			}
		}
	}
	toks := r.norm.Tokenize(text)
	var out []skillmatch.Mention
	ti := 0
	cur := runeCursor{text: text}
	for _, sb := range retrSentences(text) {
		from := ti
		for ti < len(toks) && toks[ti].Start < sb[1] {
			ti++
		}
		for ; from < ti; from += retrMaxQuery {
			cur.seek(toks[from].Start)
			out = r.appendImplicit(out, cur, toks[from:min(ti, from+retrMaxQuery)], exclude, minConf)
		}
	}
	return out
}

// retrMaxQuery caps the tokens of one query: a longer sentence (or a text
// without punctuation) is queried in consecutive pieces, which keeps the
// cost linear in the text.
const retrMaxQuery = 64

// appendImplicit queries one sentence piece and appends its mentions.
// at is a cursor at the piece's first token, for the surfaces.
func (r *retriever) appendImplicit(out []skillmatch.Mention, at runeCursor, toks []Token, exclude map[int32]bool, minConf float64) []skillmatch.Mention {
	for _, h := range r.query(toks, exclude) {
		conf := r.p.confidence(h.score / r.unit)
		if minConf > 0 && conf < minConf {
			continue
		}
		s := r.skills[h.skill]
		c := at
		bs := c.seek(h.start)
		be := c.seek(h.end)
		out = append(out, skillmatch.Mention{
			SkillID: s.ID, Label: s.Label, Type: s.Type, URI: s.ESCOURI(),
			Surface: at.text[bs:be],
			Start:   h.start, End: h.end, Confidence: math.Round(conf*1000) / 1000,
			Section: skillmatch.SectionOther, Level: skillmatch.LevelUnspecified,
		})
	}
	return out
}
