package extract

import (
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/skillmatch/skillmatch"
	"github.com/skillmatch/skillmatch/taxonomy"
)

// pick is a selected match: atoms [i, j) name candidate c.
type pick struct {
	i, j     int // atoms of the surface form
	from     int // first atom of the mention span (before i for "written and verbal X")
	c        *formCand
	evidence float64 // for ambiguous forms: the confidence the evidence allows, 0 = none yet
	coord    bool    // found through coordination
	drop     bool
	needs    bool // needsEvidence(c), set by resolveAmbiguous
}

// Extract finds the skill mentions in doc. Empty, binary or skill-free input
// gives an empty Result; Extract never fails.
func (e *Extractor) Extract(doc Document) Result {
	text := doc.Text
	var ht *htmlText
	if doc.HTML {
		h := fromHTML(doc.Text)
		ht = &h
		text = h.text
	}
	if text == "" || binary(text) {
		return Result{}
	}
	if len(text) > maxInput {
		// offsets are 32-bit: read the first 2 GiB (at a rune boundary)
		cut := maxInput
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	m := e.m
	sc := m.get()
	defer m.put(sc)
	atoms := scanAtoms(text, sc.atoms)
	sc.atoms = atoms
	m.assignIDs(text, atoms, sc)
	hits := m.find(atoms, sc)
	var res Result
	var skillOf []int32 // matcher skill index per mention, -1 for retrieved ones
	if len(hits) > 0 {
		ctx := analyze(text, atoms, &sc.ctx, hits)
		picks := e.selectPicks(text, atoms, hits, ctx)
		picks = e.coordinate(text, atoms, picks, ctx)
		e.resolveAmbiguous(text, atoms, picks, ctx)
		res.Mentions, skillOf = e.mentions(text, ht, atoms, picks, ctx)
	}
	res.Implied = e.implied(res.Mentions, skillOf, sc)
	if e.ret != nil {
		// implicit mentions carry offsets into text: map them for HTML input
		for _, m := range e.implicit(text, res.Mentions) {
			if ht != nil {
				if m.Start < 0 || m.End > len(ht.from) || m.Start >= m.End {
					continue
				}
				m.Start, m.End = int(ht.from[m.Start]), int(ht.to[m.End-1])
			}
			res.Mentions = append(res.Mentions, m)
		}
		sort.SliceStable(res.Mentions, func(a, b int) bool { return res.Mentions[a].Start < res.Mentions[b].Start })
	}
	if e.ret == nil {
		res.Skills = e.summarizeBySkill(res.Mentions, skillOf, sc)
	} else {
		res.Skills = summarize(res.Mentions)
	}
	return res
}

// maxInput is the longest text Extract reads, in bytes.
const maxInput = 1<<31 - 1

// binary reports whether text looks like binary data rather than prose:
// NUL bytes, or many control characters or invalid bytes in its first 4 KB.
func binary(text string) bool {
	n := len(text)
	if n > 4096 {
		n = 4096
	}
	bad := 0
	for i := 0; i < n; {
		if i+8 <= n {
			// eight plain printable ASCII bytes at once: none below 0x20, none from 0x80
			x := load64(text, i)
			const ones, hi = 0x0101010101010101, 0x8080808080808080
			if x&hi == 0 && (x-0x20*ones)&hi == 0 {
				i += 8
				continue
			}
		}
		c := text[i]
		if c == 0 {
			return true
		}
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
				bad++
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if r == utf8.RuneError && size == 1 {
			bad++
		}
		i += size
	}
	return bad*10 > n && bad > 4
}

// selectPicks resolves overlaps longest first, then leftmost, and chooses the
// most specific acceptable candidate of each chosen span.
func (e *Extractor) selectPicks(text string, atoms []atom, hits []hit, ctx *docContext) []pick {
	hits = sortHits(hits, &ctx.hitBuf)
	covered := grow(e.coveredBuf(ctx), len(atoms))
	defer func() { ctx.covered = covered }()
	pickAt := grow(ctx.pickAt, len(atoms)) // 1 + index of the pick starting at an atom
	defer func() { ctx.pickAt = pickAt }()
	picks := ctx.pickBuf[:0]
	defer func() { ctx.pickBuf = picks[:0] }()
	for _, h := range hits {
		free := true
		for k := h.i; k < h.j; k++ {
			if covered[k] {
				free = false
				break
			}
		}
		if !free {
			continue
		}
		c := e.best(text, atoms, h.i, h.j, e.m.cands[h.ci], ctx)
		if c == nil {
			continue
		}
		if c.class == classGeneric && h.j == h.i+1 && properNoun(text, atoms, h.i, ctx) {
			// "Python" written capitalized inside a sentence, matching a
			// capitalized form: a name (ESCO files languages as knowledge)
			if unicode.IsUpper(firstRune(e.m.skills[c.skill].Label)) {
				cc := *c
				cc.class = className
				c = &cc
			}
		}
		if c.acronym && !c.ambiguous && !isAcronym(text[atoms[h.i].bs:atoms[h.i].be]) {
			// "solid" or "Solid" for SOLID: an everyday word unless the context says otherwise
			cc := *c
			cc.ambiguous = true
			c = &cc
		}
		for k := h.i; k < h.j; k++ {
			covered[k] = true
		}
		pickAt[h.i] = int32(len(picks)) + 1
		picks = append(picks, pick{i: h.i, j: h.j, from: h.i, c: c})
	}
	// by first atom: picks do not overlap, so a pass over the atoms orders them
	sorted := resize(ctx.pickSorted, len(picks))
	n := 0
	for k := 0; n < len(picks); k++ {
		if x := pickAt[k]; x != 0 {
			sorted[n] = picks[x-1]
			n++
		}
	}
	ctx.pickSorted = sorted
	return sorted
}

func (e *Extractor) coveredBuf(ctx *docContext) []bool { return ctx.covered }

// properNoun reports whether the word at atom i is capitalized where a
// sentence would not capitalize it: not first in its sentence, line or
// clause, and not in a title-case line.
func properNoun(text string, atoms []atom, i int, ctx *docContext) bool {
	s := ctx.sents[ctx.sent[i]]
	if i == s.first || atoms[i-1].kind == akPunct || atoms[i].flags&fLine != 0 {
		return false
	}
	r := firstRune(text[atoms[i].bs:])
	if !unicode.IsUpper(r) {
		return false
	}
	// in a title-case line most words are capitalized: no evidence (the
	// sentence's first word and the word itself do not count)
	caps, words := 0, 0
	for k := s.first + 1; k < s.last; k++ {
		if atoms[k].kind == akWord && k != i {
			words++
			if unicode.IsUpper(firstRune(text[atoms[k].bs:])) {
				caps++
			}
		}
	}
	return caps*2 < words || words == 0
}

// capitalized reports whether atom k is a capitalized word of sentence s.
func capitalized(text string, atoms []atom, k int, s sentInfo) bool {
	return k >= s.first && k < s.last && atoms[k].kind == akWord && unicode.IsUpper(firstRune(text[atoms[k].bs:]))
}

// best returns the most specific candidate acceptable at atoms [i, j):
// written in the right case, not glued into a larger word, non-ambiguous
// first, then deeper in the hierarchy, then by form kind.
func (e *Extractor) best(text string, atoms []atom, i, j int, cands []formCand, ctx *docContext) *formCand {
	var b *formCand
	for x := range cands {
		c := &cands[x]
		if !caseOK(c, text, atoms[i:j]) || !wordsOK(c, text, atoms[i:j]) {
			continue
		}
		if c.ambiguous && c.nWords == 1 && glued(atoms, i, j, ctx) {
			continue
		}
		if c.nWords > 1 && e.m.info[c.skill].soft && verbUse(c, ctx, i, j) {
			continue
		}
		if b == nil || better(c, b, e.m.depth) {
			b = c
		}
	}
	return b
}

func better(c, b *formCand, depth []int) bool {
	if c.ambiguous != b.ambiguous {
		return !c.ambiguous
	}
	if depth[c.skill] != depth[b.skill] {
		return depth[c.skill] > depth[b.skill]
	}
	if kindRank(c.kind) != kindRank(b.kind) {
		return kindRank(c.kind) < kindRank(b.kind)
	}
	if c.stripped != b.stripped {
		return !c.stripped
	}
	return c.skill < b.skill
}

// glued reports whether a one-word ambiguous form is part of a larger word
// (go-getter, C-suite, R&D, AT&T) rather than a name of its own.
func glued(atoms []atom, i, j int, ctx *docContext) bool {
	if atoms[i].flags&fHyphen != 0 {
		return true
	}
	if j < len(atoms) && atoms[j].flags&fGlued != 0 {
		if atoms[j].flags&fHyphen != 0 {
			return true
		}
		if p := ctx.low(j); p == "&" || p == "'" || p == "’" || p == "@" || p == "=" || p == "_" {
			return true
		}
	}
	if i > 0 && atoms[i].flags&fGlued != 0 {
		if p := ctx.low(i - 1); p == "&" || p == "@" || p == "=" || p == "_" || p == "$" || p == "'" {
			return true
		}
	}
	return false
}

// verbUse reports whether a multi-word soft-skill form ending in -ing is used as a
// noun and a verb ("a development team working on ...") rather than as the
// skill's name ("team working").
func verbUse(c *formCand, ctx *docContext, i, j int) bool {
	if j >= len(ctx.atoms) || !ctx.has(j, cueVerbPrep) || !strings.HasSuffix(ctx.low(j-1), "ing") {
		return false
	}
	return ctx.sent[j] == ctx.sent[i]
}

// walk follows the trie over atom IDs and returns the terminal candidates.
func (m *matcher) walk(ids ...[]uint32) []formCand {
	node := uint32(0)
	for _, part := range ids {
		for _, id := range part {
			if id == 0 {
				return nil
			}
			child := m.edgeTab.child(node, id)
			if child == 0 {
				return nil
			}
			node = child
		}
	}
	if t := m.term[node]; t >= 0 {
		return m.cands[t]
	}
	return nil
}

// appendIDs appends the vocabulary IDs of atoms to buf.
func appendIDs(buf []uint32, atoms []atom) []uint32 {
	for _, a := range atoms {
		buf = append(buf, a.id)
	}
	return buf
}

func isConj(w string) bool {
	return w == "and" || w == "or" || w == "&" || w == "/" || w == "," || w == "nor"
}

// coordinate adds skills written through coordination: "written and verbal
// communication" (a shared head) and "Microsoft Excel, Word and PowerPoint"
// (a shared prefix).
func (e *Extractor) coordinate(text string, atoms []atom, picks []pick, ctx *docContext) []pick {
	// coveredBy[k] is 1 + the index of the pick covering atom k, 0 for none
	coveredBy := grow(ctx.coveredBy, len(atoms))
	defer func() { ctx.coveredBy = coveredBy }()
	for x, p := range picks {
		for k := p.i; k < p.j; k++ {
			coveredBy[k] = int32(x) + 1
		}
	}
	extra := ctx.extraBuf[:0]
	defer func() { ctx.extraBuf = extra[:0] }()
	for _, p := range picks {
		if p.c.nWords < 2 || atoms[p.i].kind != akWord {
			continue
		}
		sent := ctx.sent[p.i]
		// shared head: "A and B X" with "A X" a form
		ctx.headIDs = appendIDs(ctx.headIDs[:0], atoms[p.i+1:p.j])
		head := ctx.headIDs
		k := p.i
		for n := 0; n < 4 && k-2 >= 0 && ctx.sent[k-2] == sent; n++ {
			if !ctx.has(k-1, cueConj) || atoms[k-2].kind != akWord {
				break
			}
			a := k - 2
			if coveredBy[a] != 0 {
				break
			}
			c := e.coordBest(text, atoms, a, a+1, e.m.walk([]uint32{atoms[a].id}, head), ctx)
			if c == nil {
				break
			}
			extra = append(extra, pick{i: a, j: p.j, from: a, c: c, coord: true, evidence: 0.8})
			k = a
		}
		// shared prefix: "P X, Y and Z" with "P Y" a form
		prefix := []uint32{atoms[p.i].id}
		k = p.j
		for n := 0; n < 6 && k+1 < len(atoms) && ctx.sent[k+1] == sent; n++ {
			if !ctx.has(k, cueConj) {
				break
			}
			start := k + 1
			if ctx.low(k) == "," && start < len(atoms) && (ctx.low(start) == "and" || ctx.low(start) == "or") {
				start++
			}
			if start >= len(atoms) || atoms[start].kind != akWord || ctx.sent[start] != sent {
				break
			}
			found := false
			for end := start + 3; end > start; end-- {
				if end > len(atoms) || ctx.sent[end-1] != sent {
					continue
				}
				ctx.partIDs = appendIDs(ctx.partIDs[:0], atoms[start:end])
				cands := e.m.walk(prefix, ctx.partIDs)
				if cands == nil {
					continue
				}
				c := e.coordBest(text, atoms, start, end, cands, ctx)
				if c == nil {
					continue
				}
				if x := int(coveredBy[start]) - 1; x >= 0 {
					if !picks[x].c.ambiguous || picks[x].j != end {
						break
					}
					picks[x].drop = true // "Word" in "Microsoft Excel, Word": the full form replaces it
				}
				extra = append(extra, pick{i: start, j: end, from: start, c: c, coord: true, evidence: 0.85})
				k = end
				found = true
				break
			}
			if !found {
				break
			}
		}
	}
	if len(extra) == 0 {
		return picks
	}
	out := ctx.coordBuf[:0]
	for _, p := range picks {
		if !p.drop {
			out = append(out, p)
		}
	}
	out = append(out, extra...)
	slices.SortStableFunc(out, func(a, b pick) int { return a.from - b.from })
	ctx.coordBuf = out[:0]
	return out
}

// coordBest is best for a form completed through coordination; the case of
// the distributed part is not checked against the full form.
func (e *Extractor) coordBest(text string, atoms []atom, i, j int, cands []formCand, ctx *docContext) *formCand {
	var b *formCand
	for x := range cands {
		c := &cands[x]
		if b == nil || better(c, b, e.m.depth) {
			b = c
		}
	}
	return b
}

// needsEvidence reports whether a pick counts only with supporting context.
func needsEvidence(c *formCand) bool { return c.ambiguous || c.class != className }

// resolveAmbiguous sets the evidence of picks that need it: for ambiguous
// names a strong cue word nearby, a compatible unambiguous skill in the same
// sentence or list, a list of skills around it, or a weak cue word ("with",
// "using", "experience") beside a name capitalized inside a sentence
// ("experience with React", where the verb would be lower case); for
// everyday words a skill context (cue words, a list of skills, a person
// described); for languages a language context.
func (e *Extractor) resolveAmbiguous(text string, atoms []atom, picks []pick, ctx *docContext) {
	for x := range picks {
		picks[x].needs = needsEvidence(picks[x].c) // read for every neighbour below
	}
	for x := range picks {
		p := &picks[x]
		if !p.needs || p.evidence > 0 {
			continue
		}
		sk := &e.m.info[p.c.skill]
		sent := ctx.sent[p.i]
		s := ctx.sents[sent]
		cues := cueTech
		if !p.c.ambiguous && p.c.class == classLanguage {
			cues = cueLang
		}
		strong, weak := false, false
		if p.c.class == classGeneric && !p.c.ambiguous {
			strong = genericContext(ctx, atoms, p.i, p.j, s)
		} else {
			for k := p.i - 3; k < p.j+3; k++ {
				if k < s.first || k >= s.last || (k >= p.i && k < p.j) {
					continue
				}
				if ctx.has(k, cues) {
					if ctx.has(k, cueWeak) && p.c.ambiguous {
						weak = true
					} else {
						strong = true
					}
				}
			}
		}
		anti := false
		if p.c.ambiguous {
			if p.j < s.last && ctx.has(p.j, cueAntiNext) {
				anti = true
			}
			if p.i > s.first && ctx.has(p.i-1, cueAntiPrev) {
				anti = true
			}
		}
		// neighbours: skills that need no evidence, in the same sentence or adjacent short lines
		neighbour, compatible := false, false
		// q is near p in p's sentence, or in an adjacent short line (a
		// bulleted list of skills)
		lp := ctx.line[p.i]
		pShort := ctx.lines[lp].words <= 6
		for y := max(0, x-nearPicks); y < len(picks) && y <= x+nearPicks; y++ {
			q := &picks[y]
			if y == x || q.needs && q.evidence < 0.5 {
				continue
			}
			if q.i-p.i > nearAtoms || p.i-q.i > nearAtoms {
				continue
			}
			if ctx.sent[q.i] != sent {
				lq := ctx.line[q.i]
				if lp-lq > 2 || lq-lp > 2 || !pShort || ctx.lines[lq].words > 6 {
					continue
				}
			}
			neighbour = true
			if sk.compatible(&e.m.info[q.c.skill]) {
				compatible = true
			}
		}
		list := inList(atoms, p.i, p.j, ctx)
		proper := weak && p.c.ambiguous && p.c.class == className && p.j == p.i+1 && properNoun(text, atoms, p.i, ctx) &&
			!capitalized(text, atoms, p.i-1, s) && !capitalized(text, atoms, p.j, s) // not inside a longer name ("Mobile Access Technology")
		switch {
		case strong && !anti:
			p.evidence = 0.8
		case compatible && list:
			p.evidence = 0.8
		case compatible && !anti && p.c.ambiguous:
			p.evidence = 0.75
		case proper && !anti:
			p.evidence = 0.75
		case neighbour && list:
			p.evidence = 0.7
		case strong || (weak && neighbour && !anti):
			p.evidence = 0.6
		case p.c.ambiguous:
			p.evidence = 0.2 // an ambiguous name without evidence
		default:
			p.evidence = 0.4
		}
	}
}

// genericContext reports whether an everyday word is named as a skill:
// an adjective of quality right before it ("strong leadership"), a noun of
// experience around it ("experience in accounting", "accounting
// experience"), or the person wanted described by it ("a flexible person").
// Sentences about the company ("we", "our") give no such context.
func genericContext(ctx *docContext, atoms []atom, i, j int, s sentInfo) bool {
	if companySentence(ctx, s) {
		return false
	}
	attributive := j < s.last && atoms[j].kind == akWord && !ctx.has(j, cueConj|cuePerson|cueGenNoun)
	if attributive && adjectival(ctx.low(i)) {
		return false // "independent business", "dynamic company": describes a thing, not the person
	}
	if k := i - 1; k >= s.first && ctx.has(k, cueGenAdj) {
		return true
	}
	if k := i - 2; k >= s.first && ctx.has(k, cueGenAdj) && ctx.has(k+1, cueConj) {
		return true
	}
	// "experience in accounting", "knowledge of (modern) insurance"
	if k := i - 1; k-1 >= s.first && ctx.has(k, cueGenPrep) && ctx.has(k-1, cueGenNoun) {
		return true
	}
	if k := i - 2; k-1 >= s.first && atoms[k+1].kind == akWord && ctx.has(k, cueGenPrep) && ctx.has(k-1, cueGenNoun) {
		return true
	}
	if j < s.last && ctx.has(j, cueGenNoun) {
		return true
	}
	return personContext(ctx, i, j, s)
}

// adjectival reports whether a word looks like an adjective by its ending.
func adjectival(w string) bool {
	for _, suf := range []string{"ent", "ant", "ive", "ible", "able", "ful", "ous", "ic", "al", "ed", "ing", "ary", "ory", "ile", "ish", "less", "y"} {
		if strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

// companySentence reports whether a sentence talks about the company: it
// starts with "we" or "our" or an organization placeholder, or says "our".
func companySentence(ctx *docContext, s sentInfo) bool { return s.company }

// personContext reports whether an everyday word describes the person
// wanted: "a flexible person", "you are proactive", "highly motivated".
func personContext(ctx *docContext, i, j int, s sentInfo) bool {
	if j < s.last && ctx.has(j, cuePerson) {
		return true
	}
	if j+1 < s.last && ctx.has(j+1, cuePerson) && !ctx.is(j, ',') {
		return true // "flexible and reliable person" reaches one word further
	}
	if i-1 >= s.first && ctx.has(i-1, cuePersonBefore) {
		if w := ctx.low(i - 1); (w == "are" || w == "is" || w == "be") && i-2 >= s.first {
			switch ctx.low(i - 2) {
			case "we", "it", "they", "which", "that", "this", "company", "team", "<", ">":
				return false
			}
		}
		return true
	}
	return false
}

// nearPicks and nearAtoms bound the search for neighbouring skills, so that
// a huge sentence (a 10 MB line) stays linear.
const (
	nearPicks = 12
	nearAtoms = 40
)

// inList reports whether atoms [i, j) are an item of a comma, slash or
// bullet list: a separator on either side, or alone on a short line.
func inList(atoms []atom, i, j int, ctx *docContext) bool {
	s := ctx.sents[ctx.sent[i]]
	sep := func(k int) bool { return k >= s.first && k < s.last && ctx.has(k, cueSep) }
	if sep(i-1) || sep(j) {
		return true
	}
	l := ctx.lines[ctx.line[i]]
	return l.words <= 2
}

// confidence scores a pick: the evidence prior (priorConfidence) combined
// with the context features through the logistic model of model.go, whose
// weights were fitted on the SkillSpan train split.
func (e *Extractor) confidence(text string, atoms []atom, p *pick, ctx *docContext, section skillmatch.Section) (float64, []int) {
	prior := e.priorConfidence(text, atoms, p, ctx)
	feats := e.features(text, atoms, p, ctx, prior, section)
	if len(modelWeights) == 0 {
		return prior, feats
	}
	z := modelBias
	for _, f := range feats {
		if f < len(modelWeights) {
			z += modelWeights[f]
		}
	}
	conf := 1 / (1 + math.Exp(-z))
	if floor := e.floor(p, ctx, prior); conf < floor {
		conf = floor
	}
	if p.c.ambiguous && p.evidence < 0.5 && conf > prior {
		conf = prior // an ambiguous name without evidence never counts
	}
	return float64(int(conf*1000+0.5)) / 1000, feats
}

// floor keeps the model from burying a plain, unambiguous name written in a
// neutral context (a bare "Python, Java or C++"): such picks keep 80% of
// their evidence prior. Titles, company text, unit names and words that
// need evidence get no floor.
func (e *Extractor) floor(p *pick, ctx *docContext, prior float64) float64 {
	if needsEvidence(p.c) || p.coord {
		return 0
	}
	s := ctx.sents[ctx.sent[p.i]]
	if s.title || s.company || s.offer || ctx.heading[p.i] {
		return 0
	}
	if p.j < len(ctx.atoms) && ctx.has(p.j, cueRole) {
		return 0
	}
	if !inList(ctx.atoms, p.i, p.j, ctx) || ctx.sentPicks[ctx.sent[p.i]] < 3 || ctx.sentWords(p.i) > 12 {
		return 0 // only short lists of skills ("Python, Java or C++")
	}
	return prior * 0.8
}

// priorConfidence scores a pick from its evidence alone.
func (e *Extractor) priorConfidence(text string, atoms []atom, p *pick, ctx *docContext) float64 {
	c := p.c
	conf := 0.9
	switch c.kind {
	case taxonomy.FormAlt:
		conf = 0.85
	case taxonomy.FormHidden:
		conf = 0.75
	}
	if c.stripped {
		conf -= 0.05
	}
	switch {
	case c.nWords >= 3:
		conf += 0.05
	case c.nWords == 1:
		n := utf8.RuneCountInString(text[atoms[p.i].bs:atoms[p.j-1].be])
		if n <= 2 && !c.caseSens {
			conf -= 0.15
		} else if n == 3 && !c.caseSens {
			conf -= 0.05
		}
	}
	if needsEvidence(c) && p.evidence < conf {
		conf = p.evidence
	}
	if p.coord && p.evidence < conf {
		conf = p.evidence
	}
	if ctx.heading[p.i] {
		conf -= 0.05
	}
	if p.j < len(ctx.atoms) && ctx.sent[p.j] == ctx.sent[p.i] && ctx.has(p.j, cueRole) && !p.coord {
		conf = min(conf, 0.45) // "Java Developer": a job title, not a stated requirement
	}
	if ctx.sents[ctx.sent[p.i]].title {
		conf = min(conf, 0.45) // "Software Engineer - Cloud Security"
	}
	if p.i >= 2 && ctx.has(p.i-1, cueOrgPrep) && ctx.has(p.i-2, cueOrgUnit) {
		conf = min(conf, 0.45) // "Department of Bioinformatics": a name, not a requirement
	}
	if conf > 1 {
		conf = 1
	}
	if conf < 0 {
		conf = 0
	}
	return float64(int(conf*1000+0.5)) / 1000
}

// mentions turns picks into Mentions with offsets into the original input.
func (e *Extractor) mentions(text string, ht *htmlText, atoms []atom, picks []pick, ctx *docContext) ([]skillmatch.Mention, []int32) {
	ctx.sentPicks = grow(ctx.sentPicks, len(ctx.sents))
	ctx.sentCovered = grow(ctx.sentCovered, len(ctx.sents))
	for x := range picks {
		p := &picks[x]
		ctx.sentPicks[ctx.sent[p.i]]++
		if !p.coord {
			for k := p.i; k < p.j; k++ {
				if atoms[k].kind == akWord {
					ctx.sentCovered[ctx.sent[p.i]]++
				}
			}
		}
	}
	// built in scratch memory, returned in a slice of the exact size
	out := ctx.mentBuf[:0]
	skillOf := ctx.skillOf[:0]
	defer func() {
		clear(out) // hold no text or labels in the pool
		ctx.mentBuf, ctx.skillOf = out[:0], skillOf[:0]
	}()
	for x := range picks {
		p := &picks[x]
		sk := e.m.skills[p.c.skill]
		if e.allowed != nil && !e.allowed[sk.ID] {
			continue
		}
		s := ctx.sents[ctx.sent[p.i]]
		section := s.section
		if s.offer || (s.company && !s.asks && sk.Type != skillmatch.TypeTool) {
			// benefits, applying, and the company describing itself: no demand
			section = skillmatch.SectionAbout
		}
		if e.trace == nil && section == skillmatch.SectionAbout && !e.opts.IncludeAbout {
			continue // dropped below whatever its confidence
		}
		if e.trace == nil && p.c.ambiguous && p.evidence < 0.5 && p.evidence < e.minConf-0.001 {
			continue // confidence caps such a pick at its prior, which is at most its evidence
		}
		conf, feats := e.confidence(text, atoms, p, ctx, section)
		if e.trace != nil {
			e.trace(int(atoms[p.from].start), int(atoms[p.j-1].end), section, feats)
		}
		if e.minConf >= 0 && conf < e.minConf {
			continue
		}
		if section == skillmatch.SectionAbout && !e.opts.IncludeAbout {
			continue
		}
		from, to := p.from, p.j
		if e.opts.SpanShape != ShapeNone && (sk.Type == skillmatch.TypeSkill || sk.Type == skillmatch.TypeSoft) {
			if from = widen(atoms, ctx, p.from); from < p.from {
				to = clauseEnd(atoms, ctx, p.j)
			}
		}
		start, end := int(atoms[from].start), int(atoms[to-1].end)
		if ht != nil {
			start, end = int(ht.from[start]), int(ht.to[end-1])
		}
		if end <= start {
			continue
		}
		out = append(out, skillmatch.Mention{
			SkillID:    sk.ID,
			Label:      sk.Label,
			Type:       sk.Type,
			URI:        e.m.info[p.c.skill].uri,
			Surface:    text[atoms[from].bs:atoms[to-1].be],
			Start:      start,
			End:        end,
			Confidence: conf,
			Section:    section,
			Level:      s.level,
			Years:      s.years,
			Negated:    ctx.negated(atoms, p.from, p.j),
		})
		skillOf = append(skillOf, p.c.skill)
	}
	res := make([]skillmatch.Mention, len(out))
	copy(res, out)
	return res, skillOf
}

// widen returns the first atom of the verb phrase a skill mention starting
// at atom i belongs to: the farthest span starter (spanStarters) at most six
// words back in the same clause, or i.
func widen(atoms []atom, ctx *docContext, i int) int {
	s := ctx.sents[ctx.sent[i]]
	for k := i - 1; k >= s.first && k >= i-6; k-- {
		a := atoms[k]
		if a.cues&cueClause != 0 || (a.kind == akPunct && a.flags&fGlued == 0 && !ctx.is(k, '-') && !ctx.is(k, '/')) {
			break
		}
		if a.cues&cueStarter == 0 {
			continue
		}
		// the starter must begin its clause: sentence start, after a
		// bullet, a clause break or "to"
		if k == s.first || atoms[k-1].kind == akPunct || atoms[k-1].cues&cueClause != 0 || ctx.low(k-1) == "to" {
			return k
		}
	}
	return i
}

// clauseEnd returns the end of the clause a widened mention ends in when
// that clause ends within eight atoms, else j.
func clauseEnd(atoms []atom, ctx *docContext, j int) int {
	s := ctx.sents[ctx.sent[j-1]]
	end := j
	for k := j; k < s.last && k < j+8; k++ {
		a := atoms[k]
		if a.cues&(cueClause|cueSentEnd) != 0 && a.kind == akPunct {
			return end
		}
		if a.kind == akWord {
			end = k + 1
		}
	}
	if end == s.last || (s.last > 0 && end == s.last-1) {
		return end
	}
	if k := end; k >= s.last || atoms[k].kind == akPunct {
		return end
	}
	return j
}

// implied returns the broader skills of the explicit, non-negated mentions
// that are not mentioned themselves, each once with the best confidence:
// the mention's confidence times 0.8 per level up.
func (e *Extractor) implied(ms []skillmatch.Mention, skillOf []int32, sc *scratch) []skillmatch.Mention {
	if len(ms) == 0 {
		return nil
	}
	// slot[s]: -1 for an explicit skill, 1 + its index in out for an implied one
	slot := sc.skillSlots(len(e.m.skills))
	touched := sc.touched[:0]
	defer func() {
		for _, x := range touched {
			slot[x] = 0
		}
		sc.touched = touched[:0]
	}()
	for _, x := range skillOf {
		if x >= 0 && slot[x] == 0 {
			slot[x] = -1
			touched = append(touched, x)
		}
	}
	out := sc.ctx.mentBuf[:0] // free again: mentions copied its result out
	defer func() {
		clear(out)
		sc.ctx.mentBuf = out[:0]
	}()
	for k, m := range ms {
		if m.Negated || m.Implied || skillOf[k] < 0 {
			continue
		}
		for _, a := range e.m.up[skillOf[k]] {
			if slot[a.skill] < 0 {
				continue
			}
			bs := e.m.skills[a.skill]
			if e.allowed != nil && !e.allowed[bs.ID] {
				continue
			}
			conf := m.Confidence
			for d := 0; d < a.dist; d++ {
				conf *= 0.8
			}
			im := m
			im.SkillID, im.Label, im.Type, im.URI = bs.ID, bs.Label, bs.Type, e.m.info[a.skill].uri
			im.Confidence = float64(int(conf*1000+0.5)) / 1000
			im.Implied = true
			if x := slot[a.skill] - 1; x >= 0 {
				if out[x].Confidence < im.Confidence {
					out[x] = im
				}
				continue
			}
			slot[a.skill] = int32(len(out)) + 1
			touched = append(touched, a.skill)
			out = append(out, im)
		}
	}
	if len(out) == 0 {
		return nil
	}
	// stably by start: sort indices, not the large mentions, then copy out in that order
	order := sc.order[:0]
	for k := range out {
		order = append(order, int32(k))
	}
	slices.SortFunc(order, func(a, b int32) int {
		if d := out[a].Start - out[b].Start; d != 0 {
			return d
		}
		return int(a - b)
	})
	res := make([]skillmatch.Mention, len(out))
	for k, x := range order {
		res[k] = out[x]
	}
	sc.order = order[:0]
	return res
}

// summarizeBySkill is summarize for mentions that are all explicit, with
// skillOf their matcher skill indices: a slot per skill instead of a map.
func (e *Extractor) summarizeBySkill(ms []skillmatch.Mention, skillOf []int32, sc *scratch) []SkillSummary {
	if len(ms) == 0 {
		return nil
	}
	slot := sc.skillSlots(len(e.m.skills)) // 1 + index into out
	touched := sc.touched[:0]
	out := sc.ctx.sumBuf[:0]
	for k, m := range ms {
		if m.Negated {
			continue
		}
		si := skillOf[k]
		x := int(slot[si]) - 1
		if x < 0 {
			out = append(out, SkillSummary{SkillID: m.SkillID, Label: m.Label, FirstEvidence: m.Surface,
				Level: skillmatch.LevelUnspecified})
			x = len(out) - 1
			slot[si] = int32(x) + 1
			touched = append(touched, si)
		}
		s := &out[x]
		s.Count++
		if m.Confidence > s.BestConfidence {
			s.BestConfidence = m.Confidence
		}
		if levelRank(m.Level) > levelRank(s.Level) {
			s.Level = m.Level
		}
	}
	for _, x := range touched {
		slot[x] = 0
	}
	sc.touched = touched[:0]
	var res []SkillSummary
	if len(out) > 0 {
		res = make([]SkillSummary, len(out))
		copy(res, out)
	}
	clear(out)
	sc.ctx.sumBuf = out[:0]
	return res
}

// summarize aggregates the non-negated mentions per skill, in order of first mention.
func summarize(ms []skillmatch.Mention) []SkillSummary {
	idx := map[string]int{}
	var out []SkillSummary
	for _, m := range ms {
		if m.Negated {
			continue
		}
		x, ok := idx[m.SkillID]
		if !ok {
			idx[m.SkillID] = len(out)
			out = append(out, SkillSummary{SkillID: m.SkillID, Label: m.Label, FirstEvidence: m.Surface,
				Level: skillmatch.LevelUnspecified})
			x = len(out) - 1
		}
		s := &out[x]
		s.Count++
		if m.Confidence > s.BestConfidence {
			s.BestConfidence = m.Confidence
		}
		if levelRank(m.Level) > levelRank(s.Level) {
			s.Level = m.Level
		}
	}
	return out
}

func levelRank(l skillmatch.Level) int {
	switch l {
	case skillmatch.LevelRequired:
		return 2
	case skillmatch.LevelPreferred:
		return 1
	}
	return 0
}
