package extract

import (
	"math/bits"

	"golang.org/x/text/unicode/norm"
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
	edges      map[uint64]uint32 // trie edges while building
	edgeTab    edgeTable         // the same edges for look-ups, built by freeze
	parent     []uint64          // bit per trie node: it has children (a form continues after it)
	term       []int32           // node -> index into cands, or -1
	cands      [][]formCand
	forms      int                     // distinct (skill, form variant) entries
	free       chan *scratch           // reusable scratch memory; unlike a sync.Pool it survives GC
	shared     [cacheShards]cacheShard // words seen by any call, behind the per-call caches
	up         [][]ancestor            // per skill: broader skills with their distance
	skillFeats [][]int                 // per skill: confidence-model features of the skill itself
	info       []skillInfo             // per skill: what the hot path compares, without following *Skill

	// punct and punctCues of foldRune(b) by ASCII byte b
	punctASCII [utf8.RuneSelf]struct{ id, cues uint32 }
}

// skillInfo is the part of a skill the per-mention checks read: category
// and sector interned to numbers (0 for none), the type, and the
// confidence-model feature of its type asked for.
type skillInfo struct {
	cat, sector int32
	soft, tool  bool
	typ         skillmatch.SkillType
	typeAsk     int
	uri         string // ESCOURI
}

// compatible reports whether two skills are of a kind: same category, or
// same sector and type, or both tools.
func (a *skillInfo) compatible(b *skillInfo) bool {
	if a.cat != 0 && a.cat == b.cat {
		return true
	}
	if a.sector != 0 && a.sector == b.sector && a.typ == b.typ {
		return true
	}
	return a.tool && b.tool
}

const cacheShards = 64

// cacheShard is one lock-protected part of the shared word cache.
type cacheShard struct {
	mu     sync.RWMutex
	m      map[string]wordInfo
	packed map[[2]uint64]wordInfo // ASCII words of up to 16 bytes, packed as in the word cache
	_      [24]byte               // keep shards on separate cache lines
}

// ancestor is a broader skill at some distance up the hierarchy.
type ancestor struct {
	skill int32
	dist  int
}

// scratch is per-call working memory, pooled.
type scratch struct {
	atoms   []atom
	dm      [1 << dmBits]dmEntry // lower-cased ASCII word -> what the matcher knows, direct-mapped
	hits    []hit
	ctx     docContext
	slots   []int32 // per matcher skill, all zero between uses (skillSlots)
	touched []int32 // skills whose slot is set, to reset them
	order   []int32 // scratch for implied: mentions by start
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
		m.shared[i].packed = map[[2]uint64]wordInfo{}
	}
	m.depth = make([]int, len(m.skills))
	m.up = make([][]ancestor, len(m.skills))
	index := make(map[string]int32, len(m.skills))
	for i, s := range m.skills {
		index[s.ID] = int32(i)
	}
	m.skillFeats = make([][]int, len(m.skills))
	m.info = make([]skillInfo, len(m.skills))
	interned := map[string]int32{"": 0}
	intern := func(v string) int32 {
		id, ok := interned[v]
		if !ok {
			id = int32(len(interned))
			interned[v] = id
		}
		return id
	}
	for i, s := range m.skills {
		m.info[i] = skillInfo{cat: intern("c:" + s.Category), sector: intern("s:" + s.Sector),
			soft: s.Type == skillmatch.TypeSoft, tool: s.Type == skillmatch.TypeTool, typ: s.Type, typeAsk: fTypeAsk[s.Type], uri: s.ESCOURI()}
		if s.Category == "" {
			m.info[i].cat = 0
		}
		if s.Sector == "" {
			m.info[i].sector = 0
		}
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
	m.edgeTab = newEdgeTable(m.edges)
	m.parent = make([]uint64, (len(m.term)+63)/64)
	for e := range m.edges {
		node := e >> 32
		m.parent[node/64] |= 1 << (node % 64)
	}
	m.edges = nil // only the table is read from here on
	for b := range m.punctASCII {
		r := foldRune(rune(b))
		m.punctASCII[b].id, m.punctASCII[b].cues = m.punct[r], punctCues(r)
	}
	return m
}

// edgeTable is an open-addressing hash table of the trie edges, keyed by
// node<<32 | word ID (never 0, since word IDs start at 1): a look-up is a
// multiply and, mostly, one probe of one cache line.
type edgeTable struct {
	slots []edgeSlot
	shift uint
	// filter has a bit set for every edge's key (by another hash): most
	// look-ups find no edge, and this small bitmap, unlike the table, stays
	// in the core's cache
	filter []uint64
	fshift uint
}

type edgeSlot struct {
	key   uint64
	child uint32
}

func newEdgeTable(edges map[uint64]uint32) edgeTable {
	n := 8
	for n < 2*len(edges) {
		n <<= 1
	}
	t := edgeTable{slots: make([]edgeSlot, n), shift: uint(64 - bits.TrailingZeros(uint(n)))}
	fb := 1 << 12 // filter bits: 16 per edge
	for fb < 16*len(edges) {
		fb <<= 1
	}
	t.filter, t.fshift = make([]uint64, fb/64), uint(64-bits.TrailingZeros(uint(fb)))
	mask := uint64(n - 1)
	for k, v := range edges {
		f := t.fbit(k)
		t.filter[f/64] |= 1 << (f % 64)
		for x := t.slot(k); ; x = (x + 1) & mask {
			if t.slots[x].key == 0 {
				t.slots[x] = edgeSlot{key: k, child: v}
				break
			}
		}
	}
	return t
}

func (t *edgeTable) slot(key uint64) uint64 { return (key * 0x9E3779B97F4A7C15) >> t.shift }

func (t *edgeTable) fbit(key uint64) uint64 { return (key * 0xD6E8FEB86659FD93) >> t.fshift }

// child returns the node after node through word ID id, 0 when there is none
// (the root is never a child).
func (t *edgeTable) child(node, id uint32) uint32 {
	key := uint64(node)<<32 | uint64(id)
	if f := t.fbit(key); t.filter[f/64]&(1<<(f%64)) == 0 {
		return 0
	}
	mask := uint64(len(t.slots) - 1)
	for x := t.slot(key); ; x = (x + 1) & mask {
		sl := &t.slots[x]
		if sl.key == key {
			return sl.child
		}
		if sl.key == 0 {
			return 0
		}
	}
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
		if w == c.lower[k] || strings.EqualFold(w, c.lower[k]) {
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
	lowers := resize(sc.ctx.lowers, len(atoms)) // every element is set below
	for k := range atoms {
		a := &atoms[k]
		w := text[a.bs:a.be]
		if a.kind == akPunct {
			var r rune
			if len(w) > 0 && w[0] < utf8.RuneSelf {
				b := w[0]
				r = rune(b)
				a.id, a.single, a.cues = m.punctASCII[b].id, -1, m.punctASCII[b].cues
			} else {
				r = foldRune(firstRune(w))
				a.id, a.single, a.cues = m.punct[r], -1, punctCues(r)
			}
			low := ""
			if len(w) == 1 && w[0] < utf8.RuneSelf && !('A' <= w[0] && w[0] <= 'Z') {
				low = w // lowerFold of an ASCII mark is the mark
				if isListSep(w) {
					a.cues |= cueSep
				}
			} else if r == '·' || r == '•' {
				a.cues |= cueSep
			} else if !norm.NFKC.IsNormalString(w) {
				// a compatibility form may fold to a separator ("，" to ",")
				if low := lowerFold(w); isListSep(low) {
					a.cues |= cueSep
				}
			}
			lowers[k] = low
			continue
		}
		wi, low := m.word(text, int(a.bs), int(a.be), sc)
		a.id, a.single, a.cues, a.first = wi.id, wi.single, wi.cues, wi.first
		lowers[k] = low
	}
	sc.ctx.lowers = lowers
}

// word returns what the matcher knows about the word text[bs:be], memoized
// per scratch, and the word lower-cased (lowerFold) when that needs no new
// string (else "", for docContext.low to compute on demand).
func (m *matcher) word(text string, bs, be int, sc *scratch) (wordInfo, string) {
	w := text[bs:be]
	n := len(w)
	if n > 16 {
		return m.wordLong(w)
	}
	// ASCII words up to 16 bytes: lower-cased into two words kept in the
	// cache slot itself, so that a hit compares them without following a
	// pointer, and slots stay small enough for the core's cache. The bytes
	// are loaded eight at a time and lower-cased in a register.
	var k0, k1 uint64
	if bs+16 <= len(text) {
		k0, k1 = load64(text, bs), load64(text, bs+8)
		if n < 8 {
			k0 &= 1<<(8*n) - 1
			k1 = 0
		} else if n < 16 {
			k1 &= 1<<(8*(n-8)) - 1
		}
	} else {
		for i := 0; i < n; i++ {
			if i < 8 {
				k0 |= uint64(w[i]) << (8 * i)
			} else {
				k1 |= uint64(w[i]) << (8 * (i - 8))
			}
		}
	}
	const hi = 0x8080808080808080
	if (k0|k1)&hi != 0 {
		return m.wordLong(w)
	}
	u0, u1 := upperASCII(k0), upperASCII(k1)
	low := w // lowerFold of lower-case ASCII is the word itself
	if u0|u1 != 0 {
		low = ""
		k0 |= u0 >> 2 // 0x80 >> 2 = 'a' - 'A'
		k1 |= u1 >> 2
	}
	h := (k0*0x9E3779B97F4A7C15 ^ k1*0xC2B2AE3D27D4EB4F ^ uint64(n)) * 0x165667B19E3779F9
	e := &sc.dm[h>>(64-dmBits)]
	if e.n == uint32(n) && e.k0 == k0 && e.k1 == k1 {
		return e.wi, low // a direct-mapped cache, for the words every posting repeats
	}
	// the shared cache, by the packed key (words have no NUL bytes, so the
	// zero-padded k0, k1 identify the word): no string to build or compare
	key := [2]uint64{k0, k1}
	sh := &m.shared[h&(cacheShards-1)]
	sh.mu.RLock()
	wi, ok := sh.packed[key]
	sh.mu.RUnlock()
	if !ok {
		wi = m.wordShared(lowerASCII(w))
		sh.mu.Lock()
		if len(sh.packed) < maxSharedWords/cacheShards {
			sh.packed[key] = wi
		}
		sh.mu.Unlock()
	}
	*e = dmEntry{k0: k0, k1: k1, n: uint32(n), wi: wi}
	return wi, low
}

// load64 returns the 8 bytes of s at i, little-endian (one load).
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// upperASCII returns 0x80 in each byte of x (all ASCII) that is 'A'..'Z'.
func upperASCII(x uint64) uint64 {
	const ones = 0x0101010101010101
	geA := x + (0x80-'A')*ones   // high bit set where byte >= 'A'
	gtZ := x + (0x80-'Z'-1)*ones // high bit set where byte > 'Z'
	return geA &^ gtZ & 0x8080808080808080
}

// wordLong is word for a word of more than 16 bytes or with non-ASCII
// letters, without the direct-mapped cache.
func (m *matcher) wordLong(w string) (wordInfo, string) {
	low := lowerFold(w)
	return m.wordShared(low), low
}

// lowerASCII returns a new string: ASCII w lower-cased (lowerFold for ASCII).
func lowerASCII(w string) string {
	b := make([]byte, len(w))
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return string(b)
}

// dmBits is log2 of the number of slots of the per-call direct-mapped word cache.
const dmBits = 14

// dmEntry is one slot of the direct-mapped word cache: an ASCII word of
// up to 16 bytes, lower-cased, packed in k0 and k1.
type dmEntry struct {
	k0, k1 uint64
	n      uint32 // length of the word; 0 for an empty slot
	wi     wordInfo
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
		wi.first = m.edgeTab.child(0, wi.id)
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
			child := m.edgeTab.child(node, a.id)
			if child == 0 {
				break
			}
			node = child
			if m.term[node] >= 0 && a.kind == akWord && j > i {
				hits = append(hits, hit{i: i, j: j + 1, ci: m.term[node]})
			}
			if m.parent[node/64]&(1<<(node%64)) == 0 {
				break // no longer form goes on from here
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
// h is in the order find made it (by first atom, each span once), so a
// stable bucket pass by length gives that order; buf is scratch for it.
func sortHits(h []hit, buf *[]hit) []hit {
	const maxBucket = 64
	var count [maxBucket + 1]int
	for _, x := range h {
		l := x.j - x.i
		if l > maxBucket {
			slices.SortFunc(h, func(a, b hit) int {
				if la, lb := a.j-a.i, b.j-b.i; la != lb {
					return lb - la
				}
				return a.i - b.i
			})
			return h
		}
		count[l]++
	}
	pos := 0
	for l := maxBucket; l >= 1; l-- {
		n := count[l]
		count[l] = pos
		pos += n
	}
	out := resize(*buf, len(h))
	for _, x := range h {
		l := x.j - x.i
		out[count[l]] = x
		count[l]++
	}
	*buf = out
	return out
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
