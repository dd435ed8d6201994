package extract

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/skillmatch/skillmatch"
)

// docContext holds what the extractor knows about the text around mentions:
// sentences, lines, sections, requirement levels and stated years.
type docContext struct {
	sent        []int32 // atom -> sentence index
	line        []int32 // atom -> line index
	sents       []sentInfo
	lines       []lineInfo
	text        string
	atoms       []atom
	lowers      []string // atom -> lower-cased text, filled on demand by low
	heading     []bool   // atom -> part of a heading
	covered     []bool   // scratch for selectPicks
	coveredBy   []int32  // scratch for coordinate: atom -> 1 + covering pick
	headIDs     []uint32 // scratch for coordinate
	partIDs     []uint32 // scratch for coordinate
	pickBuf     []pick   // scratch for selectPicks
	hitBuf      []hit    // scratch for sortHits
	pickAt      []int32  // scratch for selectPicks: atom -> 1 + pick starting there
	pickSorted  []pick   // selectPicks' result
	extraBuf    []pick   // scratch for coordinate
	coordBuf    []pick   // scratch for coordinate's result
	mentBuf     []skillmatch.Mention
	skillOf     []int32
	sumBuf      []SkillSummary
	secOfLine   []skillmatch.Section
	lineBuf     []byte                   // scratch for headingSection and isEEO
	headCache   map[string]headingResult // heading words -> classification
	eeoCache    map[string]bool          // line -> isEEO
	sentPicks   []int32                  // picks per sentence
	sentCovered []int32                  // words covered by picks, per sentence
	sentFeats   []sentFeat
	featBuf     []int // scratch for features // per sentence: features of the confidence model, filled on demand
}

type sentInfo struct {
	first, last int // atoms [first, last)
	section     skillmatch.Section
	level       skillmatch.Level
	years       float64
	cued        bool // sentCues has run
	company     bool // the sentence talks about the company ("we", "our")
	asks        bool // the sentence speaks to the candidate or of requirements ("you", "experience", "must")
	offer       bool // the sentence is about benefits or how to apply
	title       bool // the sentence looks like a job title ("Senior Java Developer")
	task        bool // the sentence opens with a task verb ("Maintain our ...", "Developing ...")
}

type lineInfo struct {
	first, last int
	words       int
	eeo         int  // words of eeoWords
	allHeading  bool // every word is heading vocabulary
}

// analyze splits atoms into lines and sentences and assigns sections, levels
// and years.
func analyze(text string, atoms []atom, c *docContext, hits []hit) *docContext {
	c.text, c.atoms = text, atoms
	c.sent = resize(c.sent, len(atoms)) // every element is set below
	c.line = resize(c.line, len(atoms))
	c.heading = grow(c.heading, len(atoms))
	c.sents, c.lines = c.sents[:0], c.lines[:0]
	c.sentFeats = c.sentFeats[:0]
	if len(c.lowers) != len(atoms) {
		c.lowers = grow(c.lowers, len(atoms)) // else filled by matcher.assignIDs
	}
	// lines, and within them sentences, which end at line breaks and at
	// . ! ? ; followed by white space: one pass
	line, sent := c.line, c.sent
	li := lineInfo{first: 0, allHeading: true}
	sentFirst := 0
	var sf sentFeat   // of the current sentence
	var sfCues uint32 // its atoms' cues together
	endSent := func(x int) {
		c.sents = append(c.sents, sentInfo{first: sentFirst, last: x})
		sf.verb, sf.you = sfCues&cueVerb != 0, sfCues&cueYou != 0
		c.sentFeats = append(c.sentFeats, sf)
		sentFirst, sf, sfCues = x, sentFeat{}, 0
	}
	for x := range atoms {
		a := &atoms[x]
		if x > 0 {
			if a.flags&fLine != 0 {
				li.last = x
				c.lines = append(c.lines, li)
				li = lineInfo{first: x, allHeading: true}
				endSent(x)
			} else if atoms[x-1].cues&cueSentEnd != 0 && a.flags&fGlued == 0 {
				endSent(x)
			}
		}
		line[x] = int32(len(c.lines))
		sent[x] = int32(len(c.sents))
		sfCues |= a.cues
		if a.kind == akWord {
			sf.words++
			if r := text[a.bs]; 'A' <= r && r <= 'Z' {
				sf.caps++
			}
			li.words++
			if a.cues&cueHeading == 0 {
				li.allHeading = false
			}
			if a.cues&cueEEO != 0 {
				li.eeo++
			}
		}
	}
	if len(atoms) > 0 {
		li.last = len(atoms)
		c.lines = append(c.lines, li)
		endSent(len(atoms))
	}
	c.assignSections(atoms)
	// cues only matter where something matched
	last := int32(-1)
	for _, h := range hits {
		if s := c.sent[h.i]; s != last {
			if !c.sents[s].cued {
				c.sents[s].cued = true
				c.sentCues(int(s), atoms)
			}
			last = s
		}
	}
	return c
}

// grow returns s resized to n zero values, reusing its memory.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// resize returns s with length n, reusing its memory, contents undefined.
func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// low returns the lower-cased text of atom k, computed on first use.
func (c *docContext) low(k int) string {
	if len(c.lowers) != len(c.atoms) {
		c.lowers = grow(c.lowers, len(c.atoms))
	}
	if c.lowers[k] == "" {
		a := c.atoms[k]
		c.lowers[k] = lowerFold(c.text[a.bs:a.be])
	}
	return c.lowers[k]
}

// lowIs reports whether low(k) == t, for t lower-case ASCII, without
// lower-casing an ASCII word into a new string.
func (c *docContext) lowIs(k int, t string) bool {
	if len(c.lowers) == len(c.atoms) && c.lowers[k] != "" {
		return c.lowers[k] == t
	}
	a := c.atoms[k]
	w := c.text[a.bs:a.be]
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			return c.low(k) == t
		}
	}
	return len(w) == len(t) && strings.EqualFold(w, t) // ASCII: lowerFold is ASCII lower-casing
}

// is reports whether atom k is the punctuation mark p.
func (c *docContext) is(k int, p byte) bool {
	a := c.atoms[k]
	return a.kind == akPunct && a.be-a.bs == 1 && c.text[a.bs] == p
}

// headingSection classifies words[first:last] as a heading; ok is false when
// they are not one. Every word must be heading vocabulary.
func (c *docContext) headingSection(atoms []atom, first, last int) (skillmatch.Section, bool) {
	n := 0
	for k := first; k < last; k++ {
		if atoms[k].kind == akWord {
			if atoms[k].cues&cueHeading == 0 {
				return "", false
			}
			n++
		}
	}
	if n == 0 || n > 7 {
		return "", false
	}
	// " word word ... ": the same heading lines recur in posting after
	// posting, so their classification is memoized per scratch
	b := append(c.lineBuf[:0], ' ')
	for k := first; k < last; k++ {
		if atoms[k].kind == akWord {
			b = append(append(b, c.low(k)...), ' ')
		}
	}
	c.lineBuf = b
	if r, ok := c.headCache[string(b)]; ok {
		return r.sec, r.ok
	}
	h := string(b)
	sec, ok := headingOf(h)
	if c.headCache == nil || len(c.headCache) >= maxLineCache {
		c.headCache = map[string]headingResult{}
	}
	c.headCache[h] = headingResult{sec, ok}
	return sec, ok
}

// maxLineCache bounds the per-scratch memo of heading and EEO lines.
const maxLineCache = 4096

type headingResult struct {
	sec skillmatch.Section
	ok  bool
}

// headingOf classifies the heading words h (" word word ... ").
func headingOf(h string) (skillmatch.Section, bool) {
	for x, hp := range headingPhrases {
		padded := headingPadded[x]
		if !strings.Contains(h, padded) {
			continue
		}
		// every other word must be filler or part of some heading phrase
		rest := strings.Replace(h, padded, " ", 1)
		for _, w := range strings.Fields(rest) {
			if !headingFiller[w] && !headingWord[w] {
				return "", false
			}
		}
		switch hp.section {
		case "req":
			return skillmatch.SectionRequirements, true
		case "nice":
			return skillmatch.SectionNiceToHave, true
		case "resp":
			return skillmatch.SectionResponsibilities, true
		case "about":
			return skillmatch.SectionAbout, true
		}
		return skillmatch.SectionOther, true
	}
	return "", false
}

// headingPadded holds each of headingPhrases between spaces.
var headingPadded = func() []string {
	out := make([]string, len(headingPhrases))
	for x, hp := range headingPhrases {
		out[x] = " " + hp.phrase + " "
	}
	return out
}()

// headingWord holds every word of headingPhrases.
var headingWord = func() map[string]bool {
	m := map[string]bool{}
	for _, hp := range headingPhrases {
		for _, w := range strings.Fields(hp.phrase) {
			m[w] = true
		}
	}
	return m
}()

func (c *docContext) assignSections(atoms []atom) {
	cur := skillmatch.SectionOther
	secOfLine := grow(c.secOfLine, len(c.lines))
	c.secOfLine = secOfLine
	for li, l := range c.lines {
		// "Heading:" or "Heading: text" or a short line of heading words only
		colon := -1
		for k := l.first; k < l.last && k < l.first+9; k++ {
			if c.is(k, ':') {
				colon = k
				break
			}
		}
		end := l.last
		if colon >= 0 {
			end = colon
		} else if end > l.first && atoms[end-1].kind == akPunct {
			end-- // a trailing "." or "!" does not stop a heading
		}
		inline := colon >= 0 && colon+1 < l.last // "Heading: text" on one line
		var sec skillmatch.Section
		ok := false
		if colon >= 0 || (l.allHeading && l.words <= 5) {
			sec, ok = c.headingSection(atoms, l.first, end)
		}
		if ok {
			for k := l.first; k < end; k++ {
				c.heading[k] = true
			}
			if inline && (sec == skillmatch.SectionAbout || sec == skillmatch.SectionOther) {
				// "Company type: Private", "Location: Berlin": a field, not a section
				secOfLine[li] = sec
				continue
			}
			cur = sec
		} else if c.isEEO(l) {
			secOfLine[li] = skillmatch.SectionAbout // boilerplate line; the section goes on
			continue
		}
		secOfLine[li] = cur
	}
	for s := range c.sents {
		c.sents[s].section = secOfLine[c.line[c.sents[s].first]]
	}
}

func (c *docContext) isEEO(l lineInfo) bool {
	if l.words < 4 || l.eeo < 2 {
		return false
	}
	b := c.lineBuf[:0]
	for k := l.first; k < l.last; k++ {
		b = append(append(b, c.low(k)...), ' ')
	}
	c.lineBuf = b
	if r, ok := c.eeoCache[string(b)]; ok {
		return r
	}
	s := string(b)
	r := false
	for _, cue := range eeoCues {
		if strings.Contains(s, cue) {
			r = true
			break
		}
	}
	if c.eeoCache == nil || len(c.eeoCache) >= maxLineCache {
		c.eeoCache = map[string]bool{}
	}
	c.eeoCache[s] = r
	return r
}

// sentCues sets the level and years of sentence s.
func (c *docContext) sentCues(s int, atoms []atom) {
	si := &c.sents[s]
	pref, req, role, verb, apply := false, false, false, false, false
	if c.is(si.first, '<') || c.lowIs(si.first, "us") {
		si.company = true
	}
	for k := si.first; k < si.last; k++ {
		cu := atoms[k].cues
		if cu == 0 {
			continue
		}
		if cu&cueCompany != 0 {
			si.company = true
		}
		if cu&cuePref != 0 {
			w := c.low(k)
			if w != "plus" || (k > si.first && c.low(k-1) == "a") || k == si.last-1 ||
				(k+1 < si.last && atoms[k+1].kind == akPunct) {
				pref = true
			}
		}
		if cu&cueNice != 0 && k+2 < si.last && c.low(k+1) == "to" && c.low(k+2) == "have" {
			pref = true
		}
		if cu&cueReq != 0 {
			req = true
		}
		if cu&(cueReq|cuePref|cueGenNoun|cueYou) != 0 {
			si.asks = true
		}
		if cu&cueOffer != 0 {
			si.offer = true
		}
		if cu&cueApply != 0 {
			apply = true
		}
		if cu&cueRole != 0 {
			role = true
		}
		if cu&cueVerb != 0 {
			verb = true
		}
		if si.years == 0 && cu&cueNum != 0 {
			si.years = yearsAt(c, atoms, k, si.last)
		}
	}
	words := c.sentFeats[s].words
	// A sentence that opens with a task verb states work to be done: its
	// "we"/"our" names the employer's systems ("maintain our
	// infrastructure"), not a description of the company.
	for k := si.first; k < si.last; k++ {
		if atoms[k].kind != akPunct {
			si.task = taskVerbs[c.low(k)]
			break
		}
	}
	if si.task {
		si.company = false
	}
	// a stated number of years, or a requirements or responsibilities
	// heading above, asks too
	if si.years > 0 || si.section == skillmatch.SectionRequirements || si.section == skillmatch.SectionNiceToHave ||
		si.section == skillmatch.SectionResponsibilities {
		si.asks = true
	}
	si.title = role && !verb && words <= 10 && !si.asks
	if si.offer && si.asks && !si.company {
		si.offer = false // "experience with benefits administration" is not an offer
	}
	si.offer = si.offer || apply
	switch {
	case pref:
		si.level = skillmatch.LevelPreferred
	case req:
		si.level = skillmatch.LevelRequired
	case si.section == skillmatch.SectionRequirements:
		si.level = skillmatch.LevelRequired
	case si.section == skillmatch.SectionNiceToHave:
		si.level = skillmatch.LevelPreferred
	default:
		si.level = skillmatch.LevelUnspecified
	}
}

// yearsAt reads "5+ years", "3-5 years", "three years", "5 yrs" starting at atom k.
func yearsAt(c *docContext, atoms []atom, k, last int) float64 {
	if atoms[k].kind != akWord {
		return 0
	}
	if k > 0 && atoms[k].flags&fHyphen != 0 && atoms[k-1].kind == akWord {
		return 0 // the upper end of a range: the lower end was read
	}
	var n float64
	if v, ok := numberWords[c.low(k)]; ok {
		n = v
	} else if v, err := strconv.ParseFloat(c.low(k), 64); err == nil {
		n = v
	} else {
		return 0
	}
	if n <= 0 || n > 40 {
		return 0
	}
	for j := k + 1; j < last && j <= k+4; j++ {
		w := c.low(j)
		if yearWords[w] {
			return n
		}
		switch {
		case w == "+" || w == "plus" || w == "-" || w == "to" || w == "or" || w == "(" || w == ")" ||
			w == "'" || w == "more":
			continue
		case atoms[j].kind == akWord && atoms[j].flags&fHyphen != 0 && isNumber(w):
			continue // 3-5
		case isNumber(w) || numberWords[w] > 0:
			continue // 3 to 5
		}
		return 0
	}
	return 0
}

func isNumber(w string) bool {
	_, err := strconv.ParseFloat(w, 64)
	return err == nil
}

// negated reports whether the mention over atoms [i, j) is negated in its clause.
func (c *docContext) negated(atoms []atom, i, j int) bool {
	s := c.sents[c.sent[i]]
	// before: a negation cue within the clause, at most 6 atoms back
	for k := i - 1; k >= s.first && k >= i-6; k-- {
		cu := atoms[k].cues
		if cu&cueClause != 0 {
			break
		}
		if cu&cueNeg != 0 {
			if k+1 < len(atoms) {
				switch c.low(k + 1) {
				case "only", "less", "more", "fewer", "later":
					return false
				}
			}
			return true
		}
	}
	// after: "not required", "isn't needed" in the clause
	for k := j; k < s.last && k < j+6; k++ {
		cu := atoms[k].cues
		if cu&cueClause != 0 && atoms[k].kind == akPunct {
			break
		}
		if cu&cueNot != 0 {
			for x := k + 1; x < s.last && x <= k+2; x++ {
				if negAfter[c.low(x)] {
					return true
				}
			}
		}
	}
	return false
}

// Cue bits of a word, computed once per distinct word (see wordCues).
const (
	cueReq uint32 = 1 << iota
	cuePref
	cueNice
	cueNum
	cueCompany
	cueHeading
	cueEEO
	cueSentEnd
	cueGenAdj       // genericAdj
	cueGenNoun      // genericNouns
	cueGenPrep      // genericPrep
	cuePerson       // personNouns
	cuePersonBefore // personBefore
	cueRole         // roleNouns
	cueVerbPrep     // verbPrep
	cueAntiNext     // antiNext
	cueAntiPrev     // antiPrev
	cueTech         // cueWords
	cueWeak         // weakCues
	cueLang         // languageCues
	cueConj         // and, or, &, /, ",", nor
	cueNeg          // negCues
	cueNot          // not, n't
	cueClause       // , ; : ( ) but however: ends a clause
	cueYou          // you, your
	cueOffer        // offerWords: benefits and applying
	cueVerb         // a finite verb or modal (is, are, will, can, have ...)
	cueOrgUnit      // department, faculty, institute ... (before "of")
	cueOrgPrep      // of, for
	cueStarter      // spanStarters
	cueApply        // applyWords
	cueSep          // a list separator (isListSep): , / | ; · • and or
)

// isListSep reports whether a lower-cased atom separates list items.
func isListSep(w string) bool {
	return w == "," || w == "/" || w == "|" || w == "and" || w == "or" || w == ";" || w == "·" || w == "•"
}

// cueSets maps cue bits to their word sets.
var cueSets = []struct {
	bit uint32
	set map[string]bool
}{
	{cueGenAdj, genericAdj}, {cueGenNoun, genericNouns}, {cueGenPrep, genericPrep},
	{cuePerson, personNouns}, {cuePersonBefore, personBefore}, {cueRole, roleNouns},
	{cueVerbPrep, verbPrep}, {cueAntiNext, antiNext}, {cueAntiPrev, antiPrev},
	{cueTech, cueWords}, {cueWeak, weakCues}, {cueLang, languageCues},
	{cueNeg, negCues}, {cueOffer, offerWords}, {cueApply, applyWords}, {cueVerb, verbWords},
	{cueOrgUnit, orgUnits}, {cueStarter, spanStarters}, {cueReq, requiredCues}, {cuePref, preferredCues},
	{cueEEO, eeoWords},
}

// eeoWords are the distinctive words of eeoCues: a line needs two of them
// before the phrases are checked.
var eeoWords = set("equal", "opportunity", "employment", "regard", "regardless", "accommodation",
	"affirmative", "veteran", "orientation", "identity", "origin", "disability", "e-verify")

// wordCues returns the cue bits of a lower-cased word.
func wordCues(w string) uint32 {
	var c uint32
	for _, cs := range cueSets {
		if cs.set[w] {
			c |= cs.bit
		}
	}
	if isConj(w) {
		c |= cueConj
	}
	if isListSep(w) {
		c |= cueSep
	}
	if w == "not" || strings.HasSuffix(w, "n't") || strings.HasSuffix(w, "n’t") {
		c |= cueNot
	}
	if w == "but" || w == "however" {
		c |= cueClause
	}
	if w == "you" || w == "your" || w == "you'll" || w == "you're" || w == "you’ll" || w == "you’re" || w == "yourself" {
		c |= cueYou
	}
	if w == "of" || w == "for" {
		c |= cueOrgPrep
	}
	if w == "nice" {
		c |= cueNice
	}
	if _, ok := numberWords[w]; ok || isNumber(w) {
		c |= cueNum
	}
	if w == "we" || w == "our" || w == "we're" {
		c |= cueCompany
	}
	if headingWord[w] || headingFiller[w] {
		c |= cueHeading
	}
	return c
}

// punctCues returns the cue bits of a punctuation mark.
func punctCues(r rune) uint32 {
	switch r {
	case '.', '!', '?':
		return cueSentEnd
	case ';':
		return cueSentEnd | cueClause
	case '&':
		return cueHeading | cueConj | cueAntiNext
	case ',':
		return cueConj | cueClause
	case '/':
		return cueConj
	case ':', '(', ')':
		return cueClause
	}
	return 0
}

// sentWords returns the number of words in the sentence of atom k.
func (c *docContext) sentWords(k int) int {
	return c.sentFeats[c.sent[k]].words
}

// has reports whether atom k has any of the cue bits.
func (c *docContext) has(k int, bits uint32) bool { return c.atoms[k].cues&bits != 0 }
