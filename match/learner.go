package match

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
)

// Constraints are the learner's limits and preferences. Zero values impose
// nothing.
type Constraints struct {
	// MaxPrice caps the price of one credential in Match and the total of a
	// pathway in Pathway; nil means no cap (0 means free only).
	MaxPrice *float64
	// MaxHours caps the workload the same way; 0 means no cap.
	MaxHours  float64
	Mode      string  // online, onsite, blended
	Level     string  // beginner, intermediate, advanced
	MinRating float64 // 0..5
	HandsOn   bool    // prefer credentials with hands-on projects
	Mentor    bool    // prefer credentials with mentor support
}

// MatchRequest is a learner's question: a target role, what they know, and
// their constraints. The role may be free text or an occupation ID.
type MatchRequest struct {
	Role        string
	Occupation  string
	Have        []string // skill IDs or labels
	Constraints Constraints
	Filter      Filter // location, dates and source narrow the demand; Role/Occupation are set from above
	Limit       int
}

// GapWeights of the learner's gap (see docs/api.md): per posting a skill
// counts 1 when required, 0.75 when unspecified, 0.5 when preferred.
const (
	maxGapSkills   = 40
	ancestorCredit = 0.5 // a known or taught narrower skill partly covers its broader skills
)

// GapSkill is one demanded skill of the role and how much of it remains.
type GapSkill struct {
	SkillRef
	Count         int     `json:"count"`          // role postings mentioning it
	Share         float64 `json:"share"`          // count / n
	RequiredShare float64 `json:"required_share"` // of count: required
	Weight        float64 `json:"weight"`         // level-weighted share: demand weight
	Covered       float64 `json:"covered"`        // 0, 0.5 (through a narrower skill you have) or 1
	Gap           float64 `json:"gap"`            // weight * (1 - covered)
}

// CoveredSkill is a gap skill a credential teaches.
type CoveredSkill struct {
	SkillRef
	Share   float64 `json:"share"` // demand share in the role's postings
	Gap     float64 `json:"gap"`   // the gap weight it covers
	Partial bool    `json:"partial,omitempty"`
}

// CredentialSummary is the part of a credential shown in results.
type CredentialSummary struct {
	ID             string  `json:"id"`
	Title          string  `json:"title"`
	Provider       string  `json:"provider"`
	ProviderID     string  `json:"provider_id"`
	URL            string  `json:"url,omitempty"`
	Type           string  `json:"type,omitempty"`
	Price          float64 `json:"price"`
	Currency       string  `json:"currency,omitempty"`
	Hours          float64 `json:"hours,omitempty"`
	Mode           string  `json:"mode,omitempty"`
	Level          string  `json:"level,omitempty"`
	Rating         float64 `json:"rating,omitempty"`
	ReviewCount    int     `json:"review_count,omitempty"`
	CompletionRate float64 `json:"completion_rate,omitempty"`
	HandsOn        bool    `json:"hands_on,omitempty"`
	Mentor         bool    `json:"mentor,omitempty"`
}

func summarize(e *credEntry) CredentialSummary {
	c := e.c
	return CredentialSummary{ID: c.ID, Title: c.Title, Provider: c.Provider.Name, ProviderID: e.pid, URL: c.URL,
		Type: string(c.Type), Price: c.Price, Currency: c.Currency, Hours: c.Hours, Mode: c.Mode, Level: c.Level,
		Rating: c.Rating, ReviewCount: c.ReviewCount, CompletionRate: c.CompletionRate, HandsOn: c.HandsOn, Mentor: c.Mentor}
}

// RankedCredential is one credential in a learner's ranking, explained.
type RankedCredential struct {
	CredentialSummary
	Score    float64        `json:"score"`
	Coverage float64        `json:"coverage"` // share of the gap weight it covers
	Quality  float64        `json:"quality"`  // 0..1, from rating, completion rate and preferences
	TextRel  float64        `json:"text_relevance"`
	Covers   []CoveredSkill `json:"covers"`
	Reasons  []string       `json:"reasons"`
}

// LearnerBase is what Match and Pathway share: the role's demand and the gap.
type LearnerBase struct {
	Versions     Versions       `json:"versions"`
	Filter       FilterEcho     `json:"filter"`
	N            int            `json:"n"` // postings of the role under the filter
	Have         []SkillRef     `json:"have"`
	UnknownHave  []string       `json:"unknown_have,omitempty"`
	HaveCoverage float64        `json:"have_coverage"` // share of the role's demand weight you already cover
	Gap          []GapSkill     `json:"gap"`
	Considered   int            `json:"considered"` // credentials passing the constraints
	Excluded     map[string]int `json:"excluded"`   // credentials dropped, by reason
}

// MatchResult answers Match.
type MatchResult struct {
	LearnerBase
	Credentials []RankedCredential `json:"credentials"`
}

// Ranking weights: gap coverage (relative to the best candidate), quality
// and text relevance to the role.
const (
	wCoverage = 0.70
	wQuality  = 0.20
	wText     = 0.10
)

// learner is the compiled gap of one request.
type learner struct {
	d       *Dataset
	base    LearnerBase
	gap     []GapSkill
	gapW    []float64 // remaining weight per gap index
	total   float64   // sum of gapW
	covers  [][]cov   // skill number -> gap skills it covers
	roleTok []string
	cands   []*cand
	have    float64 // unrounded HaveCoverage
}

type cov struct {
	g int     // gap index
	f float64 // factor: 1 exact, ancestorCredit through a narrower skill
}

type cand struct {
	e       *credEntry
	f       []cov // gap skills it covers, with their factors (sparse)
	quality float64
	text    float64
}

func (e *Engine) learner(ctx context.Context, req MatchRequest) (*learner, error) {
	d, err := e.src.Dataset()
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(req.Role) == "" && req.Occupation == "" {
		return nil, fmt.Errorf("no role or occupation given: %w", ErrBadInput)
	}
	f := req.Filter
	f.Role, f.Occupation = req.Role, req.Occupation
	r, err := d.resolve(f, e.roles, DefaultLimit, MaxLimit)
	if err != nil {
		return nil, err
	}
	c, _, err := d.countDemand(ctx, r)
	if err != nil {
		return nil, err
	}
	L := &learner{d: d, roleTok: tokens(req.Role)}
	L.base = LearnerBase{Versions: d.versions, Filter: r.echo, N: c.n, Have: []SkillRef{}, Gap: []GapSkill{}, Excluded: map[string]int{}}

	// what the learner has: exact skills fully, their ancestors partly
	known := map[string]float64{}
	for _, h := range req.Have {
		for _, part := range strings.Split(h, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			sk, err := resolveSkill(d.tax, part)
			if err != nil {
				L.base.UnknownHave = append(L.base.UnknownHave, part)
				continue
			}
			if known[sk.ID] == 1 {
				continue
			}
			known[sk.ID] = 1
			L.base.Have = append(L.base.Have, d.ref(sk.ID))
			for _, a := range d.tax.Ancestors(sk.ID) {
				known[a] = math.Max(known[a], ancestorCredit)
			}
		}
	}

	// the role's demand, weighted by requirement level
	type ws struct {
		s int32
		w float64
	}
	var all []ws
	for s, n := range c.cnt {
		if n == 0 {
			continue
		}
		u := n - c.req[s] - c.pref[s]
		w := (weightRequired*float64(c.req[s]) + weightPreferred*float64(c.pref[s]) + weightUnspecified*float64(u)) / float64(c.n)
		all = append(all, ws{int32(s), w})
	}
	sort.Slice(all, func(i, j int) bool {
		if all[i].w != all[j].w {
			return all[i].w > all[j].w
		}
		return all[i].s < all[j].s
	})
	if len(all) > maxGapSkills {
		all = all[:maxGapSkills]
	}
	var wTot, wHave float64
	L.covers = make([][]cov, len(d.skillIDs))
	for _, x := range all {
		id := d.skillIDs[x.s]
		wTot += x.w
		k := known[id]
		wHave += x.w * k
		if k >= 1 {
			continue
		}
		g := len(L.gap)
		n := int(c.cnt[x.s])
		L.gap = append(L.gap, GapSkill{SkillRef: d.ref(id), Count: n, Share: ratio(n, c.n), RequiredShare: ratio(int(c.req[x.s]), n),
			Weight: round6(x.w), Covered: k, Gap: round6(x.w * (1 - k))})
		L.gapW = append(L.gapW, x.w*(1-k))
		L.total += x.w * (1 - k)
		L.covers[x.s] = append(L.covers[x.s], cov{g, 1})
		for _, desc := range d.tax.Descendants(id) {
			if dn, ok := d.skillNum[desc]; ok {
				L.covers[dn] = append(L.covers[dn], cov{g, ancestorCredit})
			}
		}
	}
	if wTot > 0 {
		L.have = wHave / wTot
		L.base.HaveCoverage = round6(L.have)
	}
	L.base.Gap = L.gap
	if L.base.Gap == nil {
		L.base.Gap = []GapSkill{}
	}
	return L, nil
}

// Exclusion reasons, counted per request in Excluded.
const (
	exNoGap    = iota // covers no gap skill
	exPrice           // over max_price
	exBudget          // over budget
	exHours           // over max_hours
	exMode            // other mode
	exLevel           // other level
	exNoRating        // no rating
	exRating          // under min_rating
	numExclusions
)

var exclusionReasons = [numExclusions]string{"covers no gap skill", "over max_price", "over budget", "over max_hours", "other mode", "other level", "no rating", "under min_rating"}

// admit applies the hard constraints; perCredential says whether MaxPrice
// and MaxHours cap each credential (Match) or are left to the pathway.
func (L *learner) admit(ctx context.Context, con Constraints, perCredential bool) error {
	mode := strings.ToLower(strings.TrimSpace(con.Mode))
	level := strings.ToLower(strings.TrimSpace(con.Level))
	L.d.credTokensOnce.Do(L.d.tokenizeCredentials)
	var excl [numExclusions]int
	for k, e := range L.d.creds {
		if k&1023 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		c := e.c
		var f []cov
		for _, s := range e.skills {
		next:
			for _, cv := range L.covers[s] {
				for j := range f {
					if f[j].g == cv.g {
						f[j].f = math.Max(f[j].f, cv.f)
						continue next
					}
				}
				f = append(f, cv)
			}
		}
		if f == nil {
			excl[exNoGap]++
			continue
		}
		priceKnown := c.Price > 0 || c.Currency != ""
		if con.MaxPrice != nil && priceKnown && c.Price > *con.MaxPrice {
			if perCredential {
				excl[exPrice]++
			} else {
				excl[exBudget]++
			}
			continue
		}
		if con.MaxHours > 0 && c.Hours > con.MaxHours {
			excl[exHours]++
			continue
		}
		if mode != "" && e.mode != "" && e.mode != mode {
			excl[exMode]++
			continue
		}
		if level != "" && e.lvl != "" && e.lvl != level {
			excl[exLevel]++
			continue
		}
		if con.MinRating > 0 && c.Rating < con.MinRating {
			if c.Rating == 0 {
				excl[exNoRating]++
			} else {
				excl[exRating]++
			}
			continue
		}
		L.cands = append(L.cands, &cand{e: e, f: f, quality: quality(c, con), text: textRel(L.roleTok, e.tokens)})
	}
	for k, n := range excl {
		if n > 0 {
			L.base.Excluded[exclusionReasons[k]] += n
		}
	}
	L.base.Considered = len(L.cands)
	return nil
}

// notes explains what a credential's catalog entry states (and does not)
// relative to the constraints; computed for shown results only.
func notes(c *Credential, con Constraints) []string {
	var why []string
	if c.Rating > 0 {
		if c.ReviewCount > 0 {
			why = append(why, fmt.Sprintf("rated %.1f/5 by %d reviewers", c.Rating, c.ReviewCount))
		} else {
			why = append(why, fmt.Sprintf("rated %.1f/5", c.Rating))
		}
	}
	if c.CompletionRate > 0 {
		why = append(why, fmt.Sprintf("%.0f%% completion rate", c.CompletionRate*100))
	}
	switch {
	case c.HandsOn && con.HandsOn:
		why = append(why, "hands-on projects (preferred)")
	case c.HandsOn:
		why = append(why, "hands-on projects")
	case con.HandsOn:
		why = append(why, "no hands-on projects stated")
	}
	switch {
	case c.Mentor && con.Mentor:
		why = append(why, "mentor support (preferred)")
	case c.Mentor:
		why = append(why, "mentor support")
	case con.Mentor:
		why = append(why, "no mentor support stated")
	}
	if con.MaxPrice != nil && c.Price == 0 && c.Currency == "" {
		why = append(why, "price not stated")
	}
	if con.MaxHours > 0 && c.Hours <= 0 {
		why = append(why, "workload not stated")
	}
	if con.Mode != "" && c.Mode == "" {
		why = append(why, "mode not stated")
	}
	if con.Level != "" && c.Level == "" {
		why = append(why, "level not stated")
	}
	return why
}

// quality scores a credential 0..1 from what its catalog states: rating/5,
// completion rate, and, when the learner prefers them, hands-on projects
// and mentor support (1 when present, 0 when absent). Nothing stated: 0.5.
func quality(c *Credential, con Constraints) float64 {
	var sum float64
	var n int
	if c.Rating > 0 {
		sum += c.Rating / 5
		n++
	}
	if c.CompletionRate > 0 {
		sum += c.CompletionRate
		n++
	}
	if con.HandsOn {
		n++
		if c.HandsOn {
			sum++
		}
	}
	if con.Mentor {
		n++
		if c.Mentor {
			sum++
		}
	}
	if n == 0 {
		return 0.5
	}
	return sum / float64(n)
}

// textRel is the share of the role's words found in the credential's title
// and learning outcomes.
func textRel(role []string, have []string) float64 {
	if len(role) == 0 {
		return 0
	}
	hit := 0
	for _, w := range role {
		if containsAll(have, []string{w}) || prefixAny(have, w) {
			hit++
		}
	}
	return float64(hit) / float64(len(role))
}

// prefixAny reports whether a word shares a stem-like prefix (5+ letters)
// with w: "analyst" and "analytics".
func prefixAny(have []string, w string) bool {
	if len(w) < 5 {
		return false
	}
	p := w[:5]
	for _, h := range have {
		if strings.HasPrefix(h, p) {
			return true
		}
	}
	return false
}

func (L *learner) coverage(c *cand, done []float64) float64 {
	var s float64
	for _, x := range c.f {
		if x.f > done[x.g] {
			s += L.gapW[x.g] * (x.f - done[x.g])
		}
	}
	return s
}

func (L *learner) explain(c *cand, done []float64) []CoveredSkill {
	var out []CoveredSkill
	for _, x := range c.f {
		g, f := x.g, x.f
		if f <= done[g] {
			continue
		}
		gs := L.gap[g]
		out = append(out, CoveredSkill{SkillRef: gs.SkillRef, Share: gs.Share, Gap: round6(L.gapW[g] * (f - done[g])), Partial: f < 1})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Gap != out[j].Gap {
			return out[i].Gap > out[j].Gap
		}
		return out[i].SkillID < out[j].SkillID
	})
	return out
}

// Match returns the learner's gap for the role and the credentials that
// close it best, each with what it covers and why it ranks where it does.
func (e *Engine) Match(ctx context.Context, req MatchRequest) (*MatchResult, error) {
	L, err := e.learner(ctx, req)
	if err != nil {
		return nil, err
	}
	if err := L.admit(ctx, req.Constraints, true); err != nil {
		return nil, err
	}
	limit := req.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	if limit > MaxLimit {
		limit = MaxLimit
	}
	res := &MatchResult{LearnerBase: L.base, Credentials: []RankedCredential{}}
	if L.total <= 0 || len(L.cands) == 0 {
		return res, nil
	}
	zero := make([]float64, len(L.gap))
	cov := make([]float64, len(L.cands))
	best := 0.0
	for i, c := range L.cands {
		cov[i] = L.coverage(c, zero) / L.total
		best = math.Max(best, cov[i])
	}
	type scored struct {
		i     int
		score float64
	}
	sc := make([]scored, len(L.cands))
	for i, c := range L.cands {
		sc[i] = scored{i, wCoverage*cov[i]/best + wQuality*c.quality + wText*c.text}
	}
	sort.Slice(sc, func(a, b int) bool {
		if sc[a].score != sc[b].score {
			return sc[a].score > sc[b].score
		}
		return L.cands[sc[a].i].e.c.ID < L.cands[sc[b].i].e.c.ID
	})
	if len(sc) > limit {
		sc = sc[:limit]
	}
	for rank, s := range sc {
		c := L.cands[s.i]
		covers := L.explain(c, zero)
		why := []string{fmt.Sprintf("covers %d gap skill(s) worth %.0f%% of your gap's demand weight", len(covers), cov[s.i]*100)}
		if len(covers) > 0 {
			top := covers[0]
			why = append(why, fmt.Sprintf("teaches %s, in %.0f%% of %s postings (n=%d)", top.Label, top.Share*100, roleName(L.base.Filter), L.base.N))
		}
		if c.text > 0 {
			why = append(why, fmt.Sprintf("title matches %.0f%% of the role's words", c.text*100))
		}
		why = append(why, notes(c.e.c, req.Constraints)...)
		if rank == 0 {
			why = append(why, "ranked first: highest score = 0.70 x relative coverage + 0.20 x quality + 0.10 x text relevance")
		}
		res.Credentials = append(res.Credentials, RankedCredential{CredentialSummary: summarize(c.e), Score: round6(s.score),
			Coverage: round6(cov[s.i]), Quality: round6(c.quality), TextRel: round6(c.text), Covers: covers, Reasons: why})
	}
	return res, nil
}

func roleName(f FilterEcho) string {
	if len(f.Occupations) == 1 {
		return f.Occupations[0].Title
	}
	if f.Role != "" {
		return f.Role
	}
	return "the role's"
}

// PathwayStep is one credential of a pathway with the coverage reached after it.
type PathwayStep struct {
	Step int `json:"step"`
	CredentialSummary
	Covers          []CoveredSkill `json:"covers"`
	GapCoveredAfter float64        `json:"gap_covered_after"`  // share of the gap weight covered so far
	RoleCoverAfter  float64        `json:"role_covered_after"` // share of the role's demand weight incl. what you have
	TotalPrice      float64        `json:"total_price"`
	TotalHours      float64        `json:"total_hours"`
	Why             string         `json:"why"`
}

// PathwayResult answers Pathway.
type PathwayResult struct {
	LearnerBase
	MaxSteps   int           `json:"max_steps"`
	Steps      []PathwayStep `json:"steps"`
	GapCovered float64       `json:"gap_covered"`
	TotalPrice float64       `json:"total_price"`
	TotalHours float64       `json:"total_hours"`
	Uncovered  []SkillRef    `json:"uncovered"` // gap skills no chosen credential teaches
}

// MaxPathwaySteps bounds a pathway's length.
const MaxPathwaySteps = 6

// Pathway picks a short list of credentials that together cover as much of
// the gap as possible within the total budget (MaxPrice) and time (MaxHours):
// greedy weighted set cover (see greedy; under a budget the better of the
// gain-first and the gain-per-cost runs). Steps are then ordered
// foundational first: by level, then broader-before-narrower (fewer taxonomy
// ancestors of the skills covered).
func (e *Engine) Pathway(ctx context.Context, req MatchRequest) (*PathwayResult, error) {
	L, err := e.learner(ctx, req)
	if err != nil {
		return nil, err
	}
	con := req.Constraints
	if err := L.admit(ctx, con, false); err != nil {
		return nil, err
	}
	maxSteps := req.Limit
	if maxSteps <= 0 || maxSteps > MaxPathwaySteps {
		maxSteps = MaxPathwaySteps
	}
	res := &PathwayResult{LearnerBase: L.base, MaxSteps: maxSteps, Steps: []PathwayStep{}, Uncovered: []SkillRef{}}
	// Budgeted maximum coverage: greedy by gain, and, when a budget or a
	// time limit binds, greedy by gain per (normalized) cost; keep the
	// better of the two (the classic approximation for budgeted coverage).
	chosen, covered, err := L.greedy(ctx, con, maxSteps, false)
	if err != nil {
		return nil, err
	}
	if con.MaxPrice != nil || con.MaxHours > 0 {
		alt, altCov, err := L.greedy(ctx, con, maxSteps, true)
		if err != nil {
			return nil, err
		}
		if altCov > covered+1e-9 {
			chosen = alt
		}
	}
	// order: foundational first
	depth := func(i int) float64 {
		c := L.cands[i]
		var s float64
		var n int
		for _, x := range c.f {
			if x.f > 0 {
				s += float64(len(L.d.tax.Ancestors(L.gap[x.g].SkillID)))
				n++
			}
		}
		if n == 0 {
			return 0
		}
		return s / float64(n)
	}
	greedyRank := map[int]int{}
	for k, i := range chosen {
		greedyRank[i] = k
	}
	sort.SliceStable(chosen, func(a, b int) bool {
		ca, cb := L.cands[chosen[a]], L.cands[chosen[b]]
		if ca.e.level != cb.e.level {
			return ca.e.level < cb.e.level
		}
		da, db := depth(chosen[a]), depth(chosen[b])
		if da != db {
			return da < db
		}
		return greedyRank[chosen[a]] < greedyRank[chosen[b]]
	})
	have := L.have
	// role coverage = (have weight + covered gap weight) / role weight, and
	// the gap weight is the role weight times (1 - have).
	got := make([]float64, len(L.gap))
	for k, i := range chosen {
		c := L.cands[i]
		covers := L.explain(c, got)
		for _, x := range c.f {
			got[x.g] = math.Max(got[x.g], x.f)
		}
		var covered float64
		for g := range got {
			covered += L.gapW[g] * got[g]
		}
		res.TotalPrice += c.e.c.Price
		res.TotalHours += c.e.c.Hours
		gapAfter := covered / L.total
		why := fmt.Sprintf("adds %d gap skill(s)", len(covers))
		if k == 0 {
			why += "; placed first as the most foundational (level, then broader skills)"
		}
		res.Steps = append(res.Steps, PathwayStep{Step: k + 1, CredentialSummary: summarize(c.e), Covers: covers,
			GapCoveredAfter: round6(gapAfter), RoleCoverAfter: round6(have + (1-have)*gapAfter),
			TotalPrice: res.TotalPrice, TotalHours: res.TotalHours, Why: why})
		res.GapCovered = round6(gapAfter)
	}
	for g, gs := range L.gap {
		if got[g] == 0 {
			res.Uncovered = append(res.Uncovered, gs.SkillRef)
		}
	}
	return res, nil
}

// greedy picks up to maxSteps admissible credentials within the total
// budget and hours, each step the one with the largest remaining gap weight
// covered, scaled by 0.8 + 0.2 x quality; perCost divides that by the
// credential's share of the budget plus its share of the hours (+0.05, so
// free credentials stay comparable). It returns the picks in order and the
// gap weight they cover.
func (L *learner) greedy(ctx context.Context, con Constraints, maxSteps int, perCost bool) ([]int, float64, error) {
	done := make([]float64, len(L.gap))
	budget, hours := math.Inf(1), math.Inf(1)
	if con.MaxPrice != nil {
		budget = *con.MaxPrice
	}
	if con.MaxHours > 0 {
		hours = con.MaxHours
	}
	used := make([]bool, len(L.cands))
	var chosen []int
	var covered float64
	for len(chosen) < maxSteps && L.total > 0 {
		if ctx.Err() != nil {
			return nil, 0, ctx.Err()
		}
		bi, bv, bg := -1, 0.0, 0.0
		for i, c := range L.cands {
			if used[i] || c.e.c.Price > budget || c.e.c.Hours > hours {
				continue
			}
			gain := L.coverage(c, done)
			v := gain * (0.8 + 0.2*c.quality)
			if perCost {
				cost := 0.05
				if con.MaxPrice != nil && *con.MaxPrice > 0 {
					cost += c.e.c.Price / *con.MaxPrice
				}
				if con.MaxHours > 0 {
					cost += c.e.c.Hours / con.MaxHours
				}
				v /= cost
			}
			if v > bv+1e-12 || (bi >= 0 && math.Abs(v-bv) <= 1e-12 && cheaper(c, L.cands[bi])) {
				bi, bv, bg = i, v, gain
			}
		}
		if bi < 0 || bg/L.total < 0.01 {
			break
		}
		used[bi] = true
		chosen = append(chosen, bi)
		covered += bg
		c := L.cands[bi]
		for _, x := range c.f {
			done[x.g] = math.Max(done[x.g], x.f)
		}
		budget -= c.e.c.Price
		hours -= c.e.c.Hours
	}
	return chosen, covered, nil
}

func cheaper(a, b *cand) bool {
	if a.e.c.Price != b.e.c.Price {
		return a.e.c.Price < b.e.c.Price
	}
	if a.e.c.Hours != b.e.c.Hours {
		return a.e.c.Hours < b.e.c.Hours
	}
	return a.e.c.ID < b.e.c.ID
}
