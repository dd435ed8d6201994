package eval

import (
	"sort"

	"github.com/skillmatch/skillmatch"
)

// PRF holds precision, recall and F1 with the counts they come from.
// Precision counts predictions that match; recall counts gold items matched.
type PRF struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Predicted int     `json:"predicted"` // predictions scored
	Correct   int     `json:"correct"`   // predictions that match gold
	Gold      int     `json:"gold"`      // gold items
	Found     int     `json:"found"`     // gold items matched by a prediction
}

func (p *PRF) finish() {
	if p.Predicted > 0 {
		p.Precision = float64(p.Correct) / float64(p.Predicted)
	}
	if p.Gold > 0 {
		p.Recall = float64(p.Found) / float64(p.Gold)
	}
	if p.Precision+p.Recall > 0 {
		p.F1 = 2 * p.Precision * p.Recall / (p.Precision + p.Recall)
	}
}

func (p *PRF) add(q PRF) {
	p.Predicted += q.Predicted
	p.Correct += q.Correct
	p.Gold += q.Gold
	p.Found += q.Found
}

// GoldType maps an extractor skill type onto the two SkillSpan classes:
// knowledge, tool, language and certification are Knowledge (things one
// knows or uses, mostly nouns); skill and soft are Skill (things one does).
func GoldType(t skillmatch.SkillType) string {
	switch t {
	case skillmatch.TypeKnowledge, skillmatch.TypeTool, skillmatch.TypeLanguage, skillmatch.TypeCertification:
		return "Knowledge"
	}
	return "Skill"
}

// SpanScores is the span-file score.
//
// Predictions are the mentions' [Start,End) spans, deduplicated by offsets
// (two skills on one span are one prediction). Strict: a prediction matches a
// gold span with the same start and end. Overlap: it matches a gold span it
// shares at least one code point with. A gold span is found when some
// prediction matches it. "All" ignores types. ByType scores each gold class
// with the predictions whose type GoldType maps to it; RecallByType is the
// type-blind recall of each class (any prediction may find it).
type SpanScores struct {
	Items         int                           `json:"items"`
	Strict        PRF                           `json:"strict"`
	Overlap       PRF                           `json:"overlap"`
	StrictByType  map[string]PRF                `json:"strict_by_type"`
	OverlapByType map[string]PRF                `json:"overlap_by_type"`
	RecallByType  map[string]map[string]float64 `json:"recall_by_type"` // class -> "strict"/"overlap" -> recall
	NoGold        NoGoldRate                    `json:"no_gold"`
}

// NoGoldRate is the false-positive rate on items with no gold span: the
// share of them that get at least one mention.
type NoGoldRate struct {
	Items    int     `json:"items"`
	WithMent int     `json:"with_mentions"`
	Rate     float64 `json:"rate"`
}

type pspan struct {
	start, end int
	typ        string
}

// predSpans deduplicates mentions by offsets; a span takes the class
// (GoldType) of its first mention in the extractor's order.
func predSpans(ms []skillmatch.Mention) []pspan {
	seen := map[[2]int]bool{}
	var out []pspan
	for _, m := range ms {
		k := [2]int{m.Start, m.End}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, pspan{m.Start, m.End, GoldType(m.Type)})
	}
	return out
}

func overlaps(a0, a1, b0, b1 int) bool { return a0 < b1 && b0 < a1 }

// matchSpans scores one item: predictions vs gold spans, restricted to a gold
// class and a predicted class when those are non-empty.
func matchSpans(pred []pspan, gold []Span, strict bool, predType, goldType string) PRF {
	var r PRF
	ok := func(p pspan, g Span) bool {
		if strict {
			return p.start == g.Start && p.end == g.End
		}
		return overlaps(p.start, p.end, g.Start, g.End)
	}
	for _, p := range pred {
		if predType != "" && p.typ != predType {
			continue
		}
		r.Predicted++
		for _, g := range gold {
			if (goldType == "" || g.Type == goldType) && ok(p, g) {
				r.Correct++
				break
			}
		}
	}
	for _, g := range gold {
		if goldType != "" && g.Type != goldType {
			continue
		}
		r.Gold++
		for _, p := range pred {
			if (predType == "" || p.typ == predType) && ok(p, g) {
				r.Found++
				break
			}
		}
	}
	return r
}

// ScoreSpans scores span files. preds[i] are the mentions for items[i].
func ScoreSpans(items []Item, preds [][]skillmatch.Mention) SpanScores {
	s := SpanScores{Items: len(items), StrictByType: map[string]PRF{}, OverlapByType: map[string]PRF{},
		RecallByType: map[string]map[string]float64{}}
	classes := goldClasses(items)
	blind := map[string]*[2]PRF{}
	for _, c := range classes {
		blind[c] = &[2]PRF{}
	}
	for i, it := range items {
		ps := predSpans(preds[i])
		s.Strict.add(matchSpans(ps, it.Spans, true, "", ""))
		s.Overlap.add(matchSpans(ps, it.Spans, false, "", ""))
		for _, c := range classes {
			st, ov := s.StrictByType[c], s.OverlapByType[c]
			st.add(matchSpans(ps, it.Spans, true, c, c))
			ov.add(matchSpans(ps, it.Spans, false, c, c))
			s.StrictByType[c], s.OverlapByType[c] = st, ov
			blind[c][0].add(matchSpans(ps, it.Spans, true, "", c))
			blind[c][1].add(matchSpans(ps, it.Spans, false, "", c))
		}
		if len(it.Spans) == 0 {
			s.NoGold.Items++
			if len(preds[i]) > 0 {
				s.NoGold.WithMent++
			}
		}
	}
	s.Strict.finish()
	s.Overlap.finish()
	for _, c := range classes {
		st, ov := s.StrictByType[c], s.OverlapByType[c]
		st.finish()
		ov.finish()
		s.StrictByType[c], s.OverlapByType[c] = st, ov
		blind[c][0].finish()
		blind[c][1].finish()
		s.RecallByType[c] = map[string]float64{"strict": blind[c][0].Recall, "overlap": blind[c][1].Recall}
	}
	if s.NoGold.Items > 0 {
		s.NoGold.Rate = float64(s.NoGold.WithMent) / float64(s.NoGold.Items)
	}
	return s
}

// goldClasses lists the gold span types present, Skill and Knowledge first.
func goldClasses(items []Item) []string {
	seen := map[string]bool{}
	for _, it := range items {
		for _, g := range it.Spans {
			seen[g.Type] = true
		}
	}
	out := []string{}
	for _, c := range []string{"Skill", "Knowledge"} {
		if seen[c] {
			out = append(out, c)
			delete(seen, c)
		}
	}
	var rest []string
	for c := range seen {
		rest = append(rest, c)
	}
	sort.Strings(rest)
	return append(out, rest...)
}

// RankedURIs returns the distinct non-empty URIs of ms, most confident
// first; ties go to the earlier mention, then the smaller URI, so the order
// is deterministic.
func RankedURIs(ms []skillmatch.Mention) []string {
	type cand struct {
		uri   string
		conf  float64
		start int
	}
	best := map[string]*cand{}
	for _, m := range ms {
		if m.URI == "" || m.Implied {
			continue
		}
		c, ok := best[m.URI]
		if !ok {
			best[m.URI] = &cand{m.URI, m.Confidence, m.Start}
			continue
		}
		if m.Confidence > c.conf || (m.Confidence == c.conf && m.Start < c.start) {
			c.conf, c.start = m.Confidence, m.Start
		}
	}
	cs := make([]*cand, 0, len(best))
	for _, c := range best {
		cs = append(cs, c)
	}
	sort.Slice(cs, func(a, b int) bool {
		if cs[a].conf != cs[b].conf {
			return cs[a].conf > cs[b].conf
		}
		if cs[a].start != cs[b].start {
			return cs[a].start < cs[b].start
		}
		return cs[a].uri < cs[b].uri
	})
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.uri
	}
	return out
}

// ESCOScores is the ESCO-file score.
//
// Micro P/R/F1 count (sentence, URI) pairs: every distinct URI predicted for
// a sentence against its gold URIs. RPrecision5 is the mean, over sentences
// with at least one gold URI, of |gold ∩ top-k predictions| / k with
// k = min(5, |gold|), predictions ranked by confidence (RankedURIs).
// Sentences with no gold URI count only in precision and in NoGold.
type ESCOScores struct {
	Items       int        `json:"items"`
	Micro       PRF        `json:"micro"`
	RPrecision5 float64    `json:"r_precision_at_5"`
	RPItems     int        `json:"r_precision_items"` // sentences with a gold URI
	NoURI       int        `json:"mentions_without_uri"`
	NoGold      NoGoldRate `json:"no_gold"`
}

// ScoreESCO scores ESCO files. preds[i] are the mentions for items[i].
func ScoreESCO(items []Item, preds [][]skillmatch.Mention) ESCOScores {
	s := ESCOScores{Items: len(items)}
	var rp float64
	for i, it := range items {
		for _, m := range preds[i] {
			if m.URI == "" {
				s.NoURI++
			}
		}
		ranked := RankedURIs(preds[i])
		gold := map[string]bool{}
		for _, u := range it.URIs {
			gold[u] = true
		}
		s.Micro.Predicted += len(ranked)
		s.Micro.Gold += len(gold)
		for _, u := range ranked {
			if gold[u] {
				s.Micro.Correct++
				s.Micro.Found++
			}
		}
		if len(gold) == 0 {
			s.NoGold.Items++
			if len(ranked) > 0 {
				s.NoGold.WithMent++
			}
			continue
		}
		k := min(5, len(gold))
		hit := 0
		for _, u := range ranked[:min(k, len(ranked))] {
			if gold[u] {
				hit++
			}
		}
		rp += float64(hit) / float64(k)
		s.RPItems++
	}
	s.Micro.finish()
	if s.RPItems > 0 {
		s.RPrecision5 = rp / float64(s.RPItems)
	}
	if s.NoGold.Items > 0 {
		s.NoGold.Rate = float64(s.NoGold.WithMent) / float64(s.NoGold.Items)
	}
	return s
}

// SoftScores is the sayfullina score: a candidate is predicted soft when a
// counted mention overlaps its span. AnyMention counts every mention (the
// headline: does the extractor fire on this word in this context?);
// SoftTyped counts only mentions of type soft.
type SoftScores struct {
	Items      int        `json:"items"`
	AnyMention SoftResult `json:"any_mention"`
	SoftTyped  SoftResult `json:"soft_typed"`
}

// SoftResult is P/R/F1 of the soft-skill class plus accuracy.
type SoftResult struct {
	PRF
	Accuracy float64 `json:"accuracy"`
	TP       int     `json:"tp"`
	FP       int     `json:"fp"`
	FN       int     `json:"fn"`
	TN       int     `json:"tn"`
}

// SoftPositive reports whether ms mark the candidate of it as a soft skill;
// typed restricts the mentions counted to type soft.
func SoftPositive(it Item, ms []skillmatch.Mention, typed bool) bool {
	for _, m := range ms {
		if typed && m.Type != skillmatch.TypeSoft {
			continue
		}
		if overlaps(m.Start, m.End, it.Candidate.Start, it.Candidate.End) {
			return true
		}
	}
	return false
}

// ScoreSoft scores sayfullina files. preds[i] are the mentions for items[i].
func ScoreSoft(items []Item, preds [][]skillmatch.Mention) SoftScores {
	s := SoftScores{Items: len(items)}
	for _, typed := range []bool{false, true} {
		var r SoftResult
		for i, it := range items {
			p := SoftPositive(it, preds[i], typed)
			switch {
			case p && it.Soft:
				r.TP++
			case p && !it.Soft:
				r.FP++
			case !p && it.Soft:
				r.FN++
			default:
				r.TN++
			}
		}
		r.Predicted, r.Correct = r.TP+r.FP, r.TP
		r.Gold, r.Found = r.TP+r.FN, r.TP
		r.finish()
		if n := len(items); n > 0 {
			r.Accuracy = float64(r.TP+r.TN) / float64(n)
		}
		if typed {
			s.SoftTyped = r
		} else {
			s.AnyMention = r
		}
	}
	return s
}
