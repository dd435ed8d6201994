package extract

import (
	"strconv"

	"github.com/skillmatch/skillmatch"
	"github.com/skillmatch/skillmatch/taxonomy"
)

// Confidence model: a logistic regression over binary features of a pick
// and its sentence. The weights (modelweights.go) are fitted on the SkillSpan
// train split by TestFitConfidence; the features are generic (form kind,
// skill type, evidence, sentence cues), never words of particular sentences.

var (
	featIndex = map[string]int{}
	featNames []string
)

// feat returns the index of a named feature, registering it at init.
func feat(name string) int {
	if i, ok := featIndex[name]; ok {
		return i
	}
	featIndex[name] = len(featNames)
	featNames = append(featNames, name)
	return len(featNames) - 1
}

// Feature indices, registered once.
var (
	fType       = map[skillmatch.SkillType]int{}
	fTypeAsk    = map[skillmatch.SkillType]int{}
	fClass      = map[formClass]int{}
	fSection    = map[skillmatch.Section]int{}
	fPrior      []int // by prior confidence bucket (tenths)
	fWords      [4]int
	fNWords     [3]int
	fKind       = map[string]int{}
	fKindByRank [3]int
	fAmbig, fStripped, fCoord, fAsks, fCompany, fOffer, fTitle, fYou, fRole, fOrg, fList,
	fBullet, fHeading, fYears, fNegated, fLower, fUpper, fCueBefore, fAdjBefore, fSentStart,
	fLevelReq, fLevelPref, fLongSpan, fVerb, fTitleCase, fParen, fAfterColon, fCovered int
	fMentions                                                             [3]int
	fSectionReq, fSectionNice, fSectionResp, fSectionAbout, fSectionOther int
)

func init() {
	for _, t := range skillmatch.SkillTypes {
		fType[t] = feat("type=" + string(t))
		fTypeAsk[t] = feat("type=" + string(t) + "&asks")
	}
	for c, n := range map[formClass]string{className: "name", classGeneric: "generic", classLanguage: "language"} {
		fClass[c] = feat("class=" + n)
		fClassOf[c] = fClass[c]
	}
	for _, s := range []skillmatch.Section{skillmatch.SectionRequirements, skillmatch.SectionNiceToHave,
		skillmatch.SectionResponsibilities, skillmatch.SectionAbout, skillmatch.SectionOther} {
		fSection[s] = feat("section=" + string(s))
	}
	fSectionReq, fSectionNice = fSection[skillmatch.SectionRequirements], fSection[skillmatch.SectionNiceToHave]
	fSectionResp, fSectionAbout = fSection[skillmatch.SectionResponsibilities], fSection[skillmatch.SectionAbout]
	fSectionOther = fSection[skillmatch.SectionOther]
	for b := 0; b <= 10; b++ {
		fPrior = append(fPrior, feat("prior="+strconv.Itoa(b)))
	}
	for i, n := range []string{"<=4", "5-10", "11-20", ">20"} {
		fWords[i] = feat("sentwords" + n)
	}
	for i, n := range []string{"1", "2", "3+"} {
		fNWords[i] = feat("formwords=" + n)
	}
	for r, k := range []string{"preferred", "alt", "hidden"} {
		fKind[k] = feat("kind=" + k)
		fKindByRank[r] = fKind[k]
	}
	fAmbig, fStripped, fCoord = feat("ambiguous"), feat("stripped"), feat("coordination")
	fAsks, fCompany, fOffer, fTitle, fYou = feat("asks"), feat("company"), feat("offer"), feat("title"), feat("you")
	fRole, fOrg, fList, fBullet, fHeading = feat("role-after"), feat("unit-before"), feat("list"), feat("bullet"), feat("heading")
	fYears, fNegated, fLower, fUpper = feat("years"), feat("negated"), feat("lowercase"), feat("uppercase")
	fCueBefore, fAdjBefore, fSentStart = feat("cue-before"), feat("adj-before"), feat("sentence-start")
	fLevelReq, fLevelPref, fLongSpan = feat("level=required"), feat("level=preferred"), feat("span>=4")
	fVerb, fTitleCase, fParen, fAfterColon = feat("verb"), feat("titlecase"), feat("in-parens"), feat("after-colon")
	fCovered = feat("skills-line")
	for i, n := range []string{"1", "2-3", "4+"} {
		fMentions[i] = feat("sentmentions=" + n)
	}
	modelWeights = make([]float64, len(featNames))
	for name, w := range fittedWeights {
		if i, ok := featIndex[name]; ok {
			modelWeights[i] = w
		}
	}
	if len(fittedWeights) == 0 {
		modelWeights = nil
	}
}

// fClassOf is fClass by class, for the hot path (set by init).
var fClassOf [classLanguage + 1]int

// sectionFeat returns fSection[s] without hashing the section name.
func sectionFeat(s skillmatch.Section) int {
	switch s {
	case skillmatch.SectionRequirements:
		return fSectionReq
	case skillmatch.SectionNiceToHave:
		return fSectionNice
	case skillmatch.SectionResponsibilities:
		return fSectionResp
	case skillmatch.SectionAbout:
		return fSectionAbout
	case skillmatch.SectionOther:
		return fSectionOther
	}
	return fSection[s]
}

// modelWeights are fittedWeights by feature index; nil until fitted.
var modelWeights []float64

// features lists the active features of a pick.
func (e *Extractor) features(text string, atoms []atom, p *pick, ctx *docContext, prior float64, section skillmatch.Section) []int {
	c := p.c
	s := ctx.sents[ctx.sent[p.i]]
	sf := ctx.sentFeatures(ctx.sent[p.i], text)
	f := ctx.featBuf[:0]
	defer func() { ctx.featBuf = f[:0] }()
	f = append(f, e.m.skillFeats[c.skill]...)
	f = append(f, fClassOf[c.class], sectionFeat(section), fKindByRank[kindRank(c.kind)])
	b := int(prior*10 + 0.5)
	f = append(f, fPrior[min(max(b, 0), 10)])
	words := sf.words
	switch {
	case words <= 4:
		f = append(f, fWords[0])
	case words <= 10:
		f = append(f, fWords[1])
	case words <= 20:
		f = append(f, fWords[2])
	default:
		f = append(f, fWords[3])
	}
	f = append(f, fNWords[min(c.nWords, 3)-1])
	add := func(ok bool, i int) {
		if ok {
			f = append(f, i)
		}
	}
	add(c.ambiguous, fAmbig)
	add(c.stripped, fStripped)
	add(p.coord, fCoord)
	add(s.asks, fAsks)
	add(s.asks, e.m.info[c.skill].typeAsk)
	add(s.company, fCompany)
	add(s.offer, fOffer)
	add(s.title, fTitle)
	add(sf.you, fYou)
	add(p.j < s.last && ctx.has(p.j, cueRole), fRole)
	add(p.i >= 2 && ctx.has(p.i-1, cueOrgPrep) && ctx.has(p.i-2, cueOrgUnit), fOrg)
	add(inList(atoms, p.i, p.j, ctx), fList)
	l := ctx.lines[ctx.line[p.i]]
	add(atoms[l.first].kind == akPunct, fBullet)
	add(ctx.heading[p.i], fHeading)
	add(s.years > 0, fYears)
	// negation is not a feature: negated mentions are kept and flagged, not dropped
	surface := text[atoms[p.i].bs:atoms[p.j-1].be]
	lower, upper := true, true
	for _, r := range surface {
		if 'A' <= r && r <= 'Z' {
			lower = false
		}
		if 'a' <= r && r <= 'z' {
			upper = false
		}
	}
	add(lower, fLower)
	add(upper && !lower, fUpper)
	cue := false
	for k := p.i - 1; k >= s.first && k >= p.i-4; k-- {
		if ctx.has(k, cueGenNoun) {
			cue = true
		}
	}
	add(cue, fCueBefore)
	add(p.i > s.first && ctx.has(p.i-1, cueGenAdj), fAdjBefore)
	add(s.level == skillmatch.LevelRequired, fLevelReq)
	add(s.level == skillmatch.LevelPreferred, fLevelPref)
	add(p.j-p.from >= 4, fLongSpan)
	add(sf.verb, fVerb)
	add(sf.words >= 2 && ctx.sentCovered[ctx.sent[p.i]]*10 >= int32(sf.words)*6, fCovered)
	add(sf.words >= 3 && sf.caps*10 >= sf.words*7, fTitleCase)
	paren := false
	for k := p.i - 1; k >= s.first && k >= p.i-3; k-- {
		if ctx.is(k, '(') {
			paren = true
		}
	}
	add(paren, fParen)
	add(p.i > s.first && ctx.is(p.i-1, ':'), fAfterColon)
	n := ctx.sentPicks[ctx.sent[p.i]]
	switch {
	case n <= 1:
		f = append(f, fMentions[0])
	case n <= 3:
		f = append(f, fMentions[1])
	default:
		f = append(f, fMentions[2])
	}
	return f
}

// staticFeatures returns the features of a skill that do not depend on the
// text: its type.
//
// Category and sector are deliberately not features: weights for them would
// learn which fields SkillSpan's mostly-tech postings annotate, and then
// under-score nursing, warehouse or kitchen skills in their own postings.
func staticFeatures(sk *taxonomy.Skill) []int {
	return []int{fType[sk.Type]}
}

// sentFeat holds the features of one sentence, counted by analyze.
type sentFeat struct {
	words, caps int
	verb, you   bool
}

func (c *docContext) sentFeatures(si int32, text string) *sentFeat {
	return &c.sentFeats[si]
}
