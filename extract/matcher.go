package extract

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"

	"github.com/skillmatch/skillmatch"
	"github.com/skillmatch/skillmatch/taxonomy"
)

// formCand is one skill a surface form (a path in the trie) stands for.
type formCand struct {
	skill     int32             // index into matcher.skills
	kind      taxonomy.FormKind // preferred, alt, hidden
	ambiguous bool              // needs context to count
	caseSens  bool              // counts only in the exact case of exact
	stripped  bool              // an ESCO-style "(qualifier)" was removed
	exact     []string          // the form's atoms as written, for case-sensitive forms
	nWords    int               // word atoms in the form
	class     formClass         // what a one-word form needs as evidence
	lower     []string          // multi-word forms: lower-cased words ("" for punctuation)
	acronym   bool              // a one-word form written in capitals (SQL, SOLID)
}

// formClass says what evidence a one-word form needs beyond itself.
type formClass uint8

const (
	className     formClass = iota // a name (Kubernetes, SQL, C++): counts alone
	classGeneric                   // an everyday word (accounting, leadership, flexible): needs a skill context
	classLanguage                  // a human language (Danish): needs a language context
)

// matcher maps normalized atom sequences to skills: a trie kept in one Go map
// keyed by (node, atom ID), which BRIEF §7 measured 3x faster than
// Aho-Corasick over the same phrases.
type matcher struct {
	norm       *Normalizer
	skills     []*taxonomy.Skill
	depth      []int // hierarchy depth per skill (number of ancestors)
	vocab      map[string]uint32
	single     map[string]int32 // one-word forms: lower-cased surface (and plural) -> index into cands
	punct      map[rune]uint32
	edges      map[uint64]uint32
	term       []int32 // node -> index into cands, or -1
	cands      [][]formCand
	forms      int                     // distinct (skill, form variant) entries
	free       chan *scratch           // reusable scratch memory; unlike a sync.Pool it survives GC
	shared     [cacheShards]cacheShard // words seen by any call, behind the per-call caches
	up         [][]ancestor            // per skill: broader skills with their distance
	skillFeats [][]int                 // per skill: confidence-model features of the skill itself
}

const cacheShards = 64

// cacheShard is one lock-protected part of the shared word cache.
type cacheShard struct {
	mu sync.RWMutex
	m  map[string]wordInfo
	_  [32]byte // keep shards on separate cache lines
}

// ancestor is a broader skill at some distance up the hierarchy.
type ancestor struct {
	skill int32
	dist  int
}

// scratch is per-call working memory, pooled.
type scratch struct {
	atoms   []atom
	dm      [dmSize]dmEntry // lower-cased ASCII word -> what the matcher knows, direct-mapped
	buf     []byte
	hits    []hit
	ctx     docContext
	slots   []int32 // per matcher skill, all zero between uses (skillSlots)
	touched []int32 // skills whose slot is set, to reset them
}

// skillSlots returns the per-skill slots, n long and all zero; callers
// reset every slot they set before returning.
func (sc *scratch) skillSlots(n int) []int32 {
	if len(sc.slots) != n {
		sc.slots = make([]int32, n)
	}
	return sc.slots
}

type hit struct {
	i, j int   // atoms [i, j)
	ci   int32 // index into matcher.cands
}

// wordInfo is what the matcher knows about one word of text.
type wordInfo struct {
	id     uint32 // vocabulary ID of the word's stem, 0 when no multi-word form uses it
	single int32  // index into cands of the one-word forms written so, or -1
	cues   uint32 // cue bits of the word (context.go)
	first  uint32 // trie node after this word from the root, 0 when no multi-word form starts with it
}

func newMatcher(t *taxonomy.Taxonomy) *matcher {
	m := &matcher{
		norm:   NormalizerFor(t.Language),
		skills: t.Skills(),
		vocab:  map[string]uint32{},
		single: map[string]int32{},
		punct:  map[rune]uint32{},
		edges:  map[uint64]uint32{},
		term:   []int32{-1},
	}
	m.free = make(chan *scratch, 64)
	for i := range m.shared {
		m.shared[i].m = map[string]wordInfo{}
	}
	m.depth = make([]int, len(m.skills))
	m.up = make([][]ancestor, len(m.skills))
	index := make(map[string]int32, len(m.skills))
	for i, s := range m.skills {
		index[s.ID] = int32(i)
	}
	m.skillFeats = make([][]int, len(m.skills))
	for i, s := range m.skills {
		m.up[i] = ancestorsOf(t, s.ID, index)
		m.depth[i] = len(m.up[i])
		m.skillFeats[i] = staticFeatures(s)
	}
	var buf []atom
	for si, s := range m.skills {
		for _, f := range s.Forms {
			for _, v := range formVariants(f.Text) {
				buf = m.add(int32(si), f, v.text, v.stripped, buf)
			}
		}
	}
	return m
}

type variant struct {
	text     string
	stripped bool
}

// formVariants returns the texts to index for one surface form: the form,
// the form without a trailing ESCO-style "(qualifier)", and hyphenated words
// written closed ("front-end" -> "frontend").
func formVariants(text string) []variant {
	out := []variant{{text: text}}
	if i := strings.LastIndexByte(text, '('); i > 0 && strings.HasSuffix(strings.TrimSpace(text), ")") {
		if base := strings.TrimSpace(text[:i]); base != "" {
			out = append(out, variant{text: base, stripped: true})
		}
	}
	for _, v := range out {
		if strings.Contains(v.text, "-") {
			closed := closeHyphens(v.text)
			if closed != v.text {
				out = append(out, variant{text: closed, stripped: v.stripped})
			}
			break
		}
	}
	return out
}

// closeHyphens removes hyphens between two letters.
func closeHyphens(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '-' && i > 0 && i+1 < len(s) && isASCIILetter(s[i-1]) && isASCIILetter(s[i+1]) {
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// add indexes one form variant of skill si.
func (m *matcher) add(si int32, f taxonomy.SurfaceForm, text string, stripped bool, buf []atom) []atom {
	atoms := scanAtoms(text, buf)
	if len(atoms) == 0 {
		return atoms
	}
	words, stops := 0, 0
	keys := make([]string, len(atoms))
	exact := make([]string, len(atoms))
	for k, a := range atoms {
		exact[k] = text[a.bs:a.be]
		if a.kind == akWord {
			words++
			low := lowerFold(exact[k])
			if english.IsStopWord(low) {
				stops++
			}
			keys[k] = m.norm.normLower(low)
		} else {
			keys[k] = string(foldRune(firstRune(exact[k])))
		}
	}
	if words == 0 || stops == words {
		return atoms
	}
	c := formCand{skill: si, kind: f.Kind, ambiguous: f.Ambiguous, caseSens: f.CaseSensitive,
		stripped: stripped, nWords: words}
	if f.CaseSensitive {
		c.exact = exact
	}
	if len(atoms) > 1 {
		c.lower = make([]string, len(atoms))
		for k, a := range atoms {
			if a.kind == akWord {
				c.lower[k] = spellFold(foldAccents(lowerFold(exact[k])))
			}
		}
	}
	if len(atoms) == 1 {
		low := lowerFold(exact[0])
		if commonKeys[keys[0]] && !f.CaseSensitive {
			return atoms // a single generic word never names a skill by itself
		}
		if utf8.RuneCountInString(low) == 1 {
			c.ambiguous, c.caseSens, c.exact = true, true, exact // single letters: C, R
		}
		if ambiguousWords[low] {
			c.ambiguous = true
		}
		c.class = classify(m.skills[si], exact[0])
		c.acronym = isAcronym(exact[0])
		for _, k := range inflections(spellFold(low)) {
			m.addCand(m.singleList(k), c)
		}
		return atoms
	}
	node := uint32(0)
	for k, a := range atoms {
		id := m.vocab[keys[k]]
		if id == 0 {
			id = uint32(len(m.vocab) + 1)
			m.vocab[keys[k]] = id
			if a.kind == akPunct {
				m.punct[firstRune(keys[k])] = id
			}
		}
		e := uint64(node)<<32 | uint64(id)
		child, ok := m.edges[e]
		if !ok {
			child = uint32(len(m.term))
			m.term = append(m.term, -1)
			m.edges[e] = child
		}
		node = child
	}
	ti := m.term[node]
	if ti < 0 {
		ti = int32(len(m.cands))
		m.term[node] = ti
		m.cands = append(m.cands, nil)
	}
	m.addCand(ti, c)
	return atoms
}

// singleList returns the cands index for a one-word key, creating it.
func (m *matcher) singleList(k string) int32 {
	ti, ok := m.single[k]
	if !ok {
		ti = int32(len(m.cands))
		m.single[k] = ti
		m.cands = append(m.cands, nil)
	}
	return ti
}

// addCand adds c to list ti; a skill reached twice keeps its stronger form.
func (m *matcher) addCand(ti int32, c formCand) {
	for x, old := range m.cands[ti] {
		if old.skill == c.skill {
			if kindRank(c.kind) < kindRank(old.kind) || (old.stripped && !c.stripped) {
				m.cands[ti][x] = c
			}
			return
		}
	}
	m.cands[ti] = append(m.cands[ti], c)
	m.forms++
}

// inflections returns a one-word form and its plural and possessive: text
// must be written as the form or an inflection of it, never a derivation
// that happens to share its stem ("industry" is not "industrious").
func inflections(w string) []string {
	out := []string{w}
	if !stemmable(w) {
		return out
	}
	last := w[len(w)-1]
	switch {
	case last == 'y' && len(w) > 2 && !strings.ContainsRune("aeiou", rune(w[len(w)-2])):
		out = append(out, w[:len(w)-1]+"ies")
	case last == 's' || last == 'x' || last == 'z' || strings.HasSuffix(w, "ch") || strings.HasSuffix(w, "sh"):
		out = append(out, w+"es")
	default:
		out = append(out, w+"s")
	}
	return append(out, w+"'s")
}

// classify decides what evidence a one-word form of s needs: tools,
// certifications and forms written as names (SQL, C++, JavaScript, iOS)
// count alone; languages need a language context; everyday words,
// lower-case or capitalized only as a sentence start, need a skill context.
func classify(s *taxonomy.Skill, form string) formClass {
	if s.Type == skillmatch.TypeLanguage {
		return classLanguage
	}
	if s.Type == skillmatch.TypeTool || s.Type == skillmatch.TypeCertification {
		return className
	}
	for k, r := range form {
		if !unicode.IsLetter(r) || (k > 0 && unicode.IsUpper(r)) {
			return className
		}
	}
	return classGeneric
}

// sameInflected reports whether text word t and form word f are the same word up
// to inflection (plural, possessive, -ing, -ed), case-insensitively. Words
// that only share a snowball stem through derivation ("developer" and
// "development", "corporations" and "corporate") are not the same word, nor
// is an agent noun the same as a gerund ("engineer" and "engineering").
func sameInflected(t, f string) bool {
	if t == f {
		return true
	}
	ting, fing := strings.HasSuffix(t, "ing"), strings.HasSuffix(f, "ing")
	if ting != fing && (agentNoun(t) || agentNoun(f)) {
		return false
	}
	bt, bf := baseForm(t), baseForm(f)
	return bt == bf || bt+"e" == bf || bt == bf+"e" || bt == f || bf == t
}

func agentNoun(w string) bool {
	w = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "s")
	return strings.HasSuffix(w, "er") || strings.HasSuffix(w, "or") || strings.HasSuffix(w, "ist") ||
		strings.HasSuffix(w, "ian") || strings.HasSuffix(w, "ant") || strings.HasSuffix(w, "ent")
}

// baseForm strips one inflectional ending.
func baseForm(w string) string {
	w = strings.TrimSuffix(w, "'s")
	w = strings.TrimSuffix(w, "'")
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "ing") && len(w) > 5:
		b := w[:len(w)-3]
		if n := len(b); n > 2 && b[n-1] == b[n-2] && !strings.ContainsRune("aeiouls", rune(b[n-1])) {
			b = b[:n-1] // running -> run
		}
		return b
	case strings.HasSuffix(w, "ied") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "ed") && len(w) > 4:
		return w[:len(w)-2]
	case strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is") && len(w) > 3:
		return w[:len(w)-1]
	}
	return w
}

// wordsOK checks a multi-word match word by word with sameInflected.
func wordsOK(c *formCand, text string, atoms []atom) bool {
	if len(c.lower) != len(atoms) {
		return true
	}
	for k, a := range atoms {
		if a.kind != akWord || c.lower[k] == "" {
			continue
		}
		w := text[a.bs:a.be]
		if strings.EqualFold(w, c.lower[k]) {
			continue
		}
		if !sameInflected(spellFold(foldAccents(lowerFold(w))), c.lower[k]) {
			return false
		}
	}
	return true
}

func (m *matcher) get() *scratch {
	select {
	case sc := <-m.free:
		return sc
	default:
		return &scratch{}
	}
}

func (m *matcher) put(sc *scratch) {
	if cap(sc.atoms) > 1<<16 {
		sc.atoms = nil
	}
	if cap(sc.hits) > 1<<14 {
		sc.hits = nil
	}
	if cap(sc.ctx.sent) > 1<<16 {
		sc.ctx = docContext{}
	}
	sc.ctx.text, sc.ctx.atoms = "", nil
	select {
	case m.free <- sc:
	default: // more concurrent calls than slots: let it go
	}
}

// assignIDs sets the vocabulary ID and one-word forms of every atom, and
// the lower-cased text of every word and ASCII punctuation mark
// (sc.ctx.lowers, read by docContext.low) from the word cache, so that the
// context analysis allocates no lower-cased copies.
func (m *matcher) assignIDs(text string, atoms []atom, sc *scratch) {
	lowers := grow(sc.ctx.lowers, len(atoms))
	for k := range atoms {
		a := &atoms[k]
		w := text[a.bs:a.be]
		if a.kind == akPunct {
			r := foldRune(firstRune(w))
			a.id, a.single, a.cues = m.punct[r], -1, punctCues(r)
			if len(w) == 1 && w[0] < utf8.RuneSelf && !('A' <= w[0] && w[0] <= 'Z') {
				lowers[k] = w // lowerFold of an ASCII mark is the mark
			}
			continue
		}
		wi, low := m.word(w, sc)
		a.id, a.single, a.cues, a.first = wi.id, wi.single, wi.cues, wi.first
		lowers[k] = low
	}
	sc.ctx.lowers = lowers
}

// word returns what the matcher knows about a word of text, memoized per
// scratch, and the word lower-cased (lowerFold).
func (m *matcher) word(w string, sc *scratch) (wordInfo, string) {
	// lower-case ASCII into the scratch buffer while hashing (FNV-1a)
	h := uint32(2166136261)
	b := sc.buf[:0]
	ascii := true
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
		h = (h ^ uint32(c)) * 16777619
	}
	var low string
	if ascii {
		sc.buf = b
		// a direct-mapped cache: one compare, no map probe, for the words
		// every posting repeats
		if e := &sc.dm[h%dmSize]; e.set && e.key == string(b) {
			return e.wi, e.key
		}
		low = string(b)
	} else {
		low = lowerFold(w)
		h = uint32(shardOf(low))
	}
	wi := m.wordShared(low)
	if ascii {
		sc.dm[h%dmSize] = dmEntry{key: low, wi: wi, set: true}
	}
	return wi, low
}

// dmSize is the number of slots of the per-call direct-mapped word cache.
const dmSize = 1 << 15

// dmEntry is one slot of the direct-mapped word cache.
type dmEntry struct {
	key string
	wi  wordInfo
	set bool
}

// wordShared returns what the matcher knows about a lower-cased word, from
// the shared cache or computed (stemmed) and stored there.
func (m *matcher) wordShared(low string) wordInfo {
	sh := &m.shared[shardOf(low)]
	sh.mu.RLock()
	wi, ok := sh.m[low]
	sh.mu.RUnlock()
	if ok {
		return wi
	}
	wi = wordInfo{id: m.vocab[m.norm.normLower(low)], single: -1, cues: wordCues(low)}
	if wi.id != 0 {
		wi.first = m.edges[uint64(wi.id)]
	}
	if ti, ok := m.single[spellFold(low)]; ok {
		wi.single = ti
	}
	sh.mu.Lock()
	if len(sh.m) < maxSharedWords/cacheShards {
		sh.m[low] = wi
	}
	sh.mu.Unlock()
	return wi
}

// maxSharedWords bounds the shared word cache; words beyond it are
// normalized on every call (still cached per call).
const maxSharedWords = 1 << 20

func shardOf(s string) int {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return int(h % cacheShards)
}

// find returns, for every start atom, the terminal trie nodes reached, longest last.
func (m *matcher) find(atoms []atom, sc *scratch) []hit {
	hits := sc.hits[:0]
	for i := range atoms {
		if atoms[i].kind != akWord {
			continue
		}
		if atoms[i].single >= 0 {
			hits = append(hits, hit{i: i, j: i + 1, ci: atoms[i].single})
		}
		if atoms[i].first == 0 {
			continue
		}
		node := atoms[i].first
		for j := i + 1; j < len(atoms); j++ {
			a := atoms[j]
			if a.id == 0 || (j > i && a.flags&fLine != 0) {
				break
			}
			child, ok := m.edges[uint64(node)<<32|uint64(a.id)]
			if !ok {
				break
			}
			node = child
			if m.term[node] >= 0 && a.kind == akWord && j > i {
				hits = append(hits, hit{i: i, j: j + 1, ci: m.term[node]})
			}
		}
	}
	sc.hits = hits
	return hits
}

// caseOK reports whether a case-sensitive candidate is written in its exact case.
func caseOK(c *formCand, text string, atoms []atom) bool {
	if !c.caseSens {
		return true
	}
	if len(c.exact) != len(atoms) {
		return false
	}
	for k, a := range atoms {
		if text[a.bs:a.be] != c.exact[k] {
			return false
		}
	}
	return true
}

// sortHits orders hits longest first, then leftmost, for greedy selection.
func sortHits(h []hit) {
	slices.SortFunc(h, func(a, b hit) int {
		if la, lb := a.j-a.i, b.j-b.i; la != lb {
			return lb - la
		}
		return a.i - b.i
	})
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func kindRank(k taxonomy.FormKind) int {
	switch k {
	case taxonomy.FormPreferred:
		return 0
	case taxonomy.FormAlt:
		return 1
	}
	return 2
}

// ancestorsOf lists the broader skills of id breadth first with their
// distance, each once, cycles tolerated.
func ancestorsOf(t *taxonomy.Taxonomy, id string, index map[string]int32) []ancestor {
	var out []ancestor
	seen := map[string]bool{id: true}
	level := []string{id}
	for dist := 1; len(level) > 0; dist++ {
		var next []string
		for _, x := range level {
			s, ok := t.Skill(x)
			if !ok {
				continue
			}
			for _, b := range s.Broader {
				if !seen[b] {
					seen[b] = true
					next = append(next, b)
					out = append(out, ancestor{skill: index[b], dist: dist})
				}
			}
		}
		level = next
	}
	return out
}

// isAcronym reports whether w is two or more letters, all capitals.
func isAcronym(w string) bool {
	n := 0
	for _, r := range w {
		if !unicode.IsUpper(r) {
			return false
		}
		n++
	}
	return n >= 2
}
