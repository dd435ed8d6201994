package match

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/skillmatch/skillmatch"
)

// SkillRef names a skill in results.
type SkillRef struct {
	SkillID string               `json:"skill_id"`
	Label   string               `json:"label"`
	Type    skillmatch.SkillType `json:"type,omitempty"`
}

func (d *Dataset) ref(id string) SkillRef {
	l, t := d.skillInfo(id)
	return SkillRef{SkillID: id, Label: l, Type: t}
}

// Growth compares a skill's share of postings in two periods.
type Growth struct {
	CurrentCount  int     `json:"current_count"`
	CurrentShare  float64 `json:"current_share"`
	PreviousCount int     `json:"previous_count"`
	PreviousShare float64 `json:"previous_share"`
	// ShareChange is current_share - previous_share (fraction, not points).
	ShareChange float64 `json:"share_change"`
	// Rate is current_share / previous_share - 1: the relative change of
	// the skill's share of postings; null when the previous count is 0.
	Rate *float64 `json:"rate"`
}

// GrowthBasis says which periods growth compares and how many postings each holds.
type GrowthBasis struct {
	Current    Period `json:"current"`
	Previous   Period `json:"previous"`
	Definition string `json:"definition"`
}

const growthDefinition = "rate = current_share / previous_share - 1, where share = postings mentioning the skill / postings in the period (n); null when the skill has no posting in the previous period"

// SkillDemand is one skill's demand among the filtered postings.
type SkillDemand struct {
	SkillRef
	Count          int     `json:"count"`           // postings mentioning the skill
	Share          float64 `json:"share"`           // count / n
	Required       int     `json:"required"`        // of count: asked for as required
	Preferred      int     `json:"preferred"`       // of count: asked for as nice to have
	RequiredShare  float64 `json:"required_share"`  // required / count
	PreferredShare float64 `json:"preferred_share"` // preferred / count
	Growth         Growth  `json:"growth"`
}

// DemandResult answers Demand.
type DemandResult struct {
	Versions Versions      `json:"versions"`
	Filter   FilterEcho    `json:"filter"`
	N        int           `json:"n"` // postings matching the filter
	Growth   *GrowthBasis  `json:"growth_basis,omitempty"`
	Skills   []SkillDemand `json:"skills"`
}

// growthWindows returns the current and previous month windows: the filter
// period and the equal period before it, or, with no dates given, the latest
// 12 months of data and the 12 before. ok is false with no dated data.
func (d *Dataset) growthWindows(r *resolved) (cf, ct, pf, pt int32, ok bool) {
	if d.maxMonth < 0 {
		return 0, 0, 0, 0, false
	}
	cf, ct = r.from, r.to
	switch {
	case cf < 0 && ct < 0:
		ct = d.maxMonth
		cf = ct - 11
	case cf < 0:
		cf = d.minMonth
		if cf > ct {
			cf = ct
		}
	case ct < 0:
		ct = d.maxMonth
		if ct < cf {
			ct = cf
		}
	}
	l := ct - cf + 1
	return cf, ct, cf - l, cf - 1, true
}

// Demand ranks the skills of the postings matching f by the number of
// postings mentioning them, with shares, requirement levels and growth.
func (e *Engine) Demand(ctx context.Context, f Filter) (*DemandResult, error) {
	d, err := e.src.Dataset()
	if err != nil {
		return nil, err
	}
	return d.demand(ctx, f, e.roles)
}

type demandCounts struct {
	n, nCur, nPrev           int
	cnt, req, pref, cur, prv []int32
}

func (d *Dataset) countDemand(ctx context.Context, r *resolved) (*demandCounts, *GrowthBasis, error) {
	k := len(d.skillIDs)
	c := &demandCounts{cnt: make([]int32, k), req: make([]int32, k), pref: make([]int32, k), cur: make([]int32, k), prv: make([]int32, k)}
	cf, ct, pf, pt, gok := d.growthWindows(r)
	var err error
	if r.cubeable() {
		if err = ctx.Err(); err == nil {
			d.countCube(r, c, gok, cf, ct, pf, pt)
		}
	} else {
		err = d.scanDemand(ctx, r, c, gok, cf, ct, pf, pt)
	}
	if err != nil {
		return nil, nil, err
	}
	var gb *GrowthBasis
	if gok {
		gb = &GrowthBasis{Current: Period{From: monthString(cf), To: monthString(ct), N: c.nCur},
			Previous: Period{From: monthString(pf), To: monthString(pt), N: c.nPrev}, Definition: growthDefinition}
	}
	return c, gb, nil
}

func (d *Dataset) scanDemand(ctx context.Context, r *resolved, c *demandCounts, gok bool, cf, ct, pf, pt int32) error {
	return d.scan(ctx, r, func(i int32) {
		m := d.month[i]
		sk, lv := d.rowSkills(i)
		if inPeriod(m, r.from, r.to) {
			c.n++
			for j, s := range sk {
				c.cnt[s]++
				switch lv[j] {
				case lvlRequired:
					c.req[s]++
				case lvlPreferred:
					c.pref[s]++
				}
			}
		}
		if gok && m >= 0 {
			if m >= cf && m <= ct {
				c.nCur++
				for _, s := range sk {
					c.cur[s]++
				}
			} else if m >= pf && m <= pt {
				c.nPrev++
				for _, s := range sk {
					c.prv[s]++
				}
			}
		}
	})
}

func (c *demandCounts) growth(s int32) Growth {
	g := Growth{CurrentCount: int(c.cur[s]), PreviousCount: int(c.prv[s])}
	g.CurrentShare = ratio(g.CurrentCount, c.nCur)
	g.PreviousShare = ratio(g.PreviousCount, c.nPrev)
	g.ShareChange = round6(g.CurrentShare - g.PreviousShare)
	if g.PreviousCount > 0 && c.nCur > 0 {
		r := round6(float64(g.CurrentCount)*float64(c.nPrev)/(float64(c.nCur)*float64(g.PreviousCount)) - 1)
		g.Rate = &r
	}
	return g
}

func (d *Dataset) demand(ctx context.Context, f Filter, rr RoleResolver) (*DemandResult, error) {
	r, err := d.resolve(f, rr, DefaultLimit, MaxLimit)
	if err != nil {
		return nil, err
	}
	c, gb, err := d.countDemand(ctx, r)
	if err != nil {
		return nil, err
	}
	res := &DemandResult{Versions: d.versions, Filter: r.echo, N: c.n, Growth: gb, Skills: []SkillDemand{}}
	for _, s := range topBy(c.cnt, r.limit) {
		n := int(c.cnt[s])
		res.Skills = append(res.Skills, SkillDemand{SkillRef: d.ref(d.skillIDs[s]), Count: n, Share: ratio(n, c.n),
			Required: int(c.req[s]), Preferred: int(c.pref[s]), RequiredShare: ratio(int(c.req[s]), n),
			PreferredShare: ratio(int(c.pref[s]), n), Growth: c.growth(s)})
	}
	return res, nil
}

// topBy returns up to limit skill numbers with a positive count, highest
// first, ties by skill number (stable across runs).
func topBy(cnt []int32, limit int) []int32 {
	var idx []int32
	for s, n := range cnt {
		if n > 0 {
			idx = append(idx, int32(s))
		}
	}
	sort.Slice(idx, func(a, b int) bool {
		if cnt[idx[a]] != cnt[idx[b]] {
			return cnt[idx[a]] > cnt[idx[b]]
		}
		return idx[a] < idx[b]
	})
	if limit > 0 && len(idx) > limit {
		idx = idx[:limit]
	}
	return idx
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return round6(float64(a) / float64(b))
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// TrendPoint is one interval of a skill's series.
type TrendPoint struct {
	Period string  `json:"period"` // YYYY-MM, or YYYY-Qn for quarters
	N      int     `json:"n"`      // postings in the interval
	Count  int     `json:"count"`  // of them mentioning the skill
	Share  float64 `json:"share"`  // count / n
}

// TrendSeries is one skill's series.
type TrendSeries struct {
	SkillRef
	Points []TrendPoint `json:"points"`
}

// TrendsResult answers Trends.
type TrendsResult struct {
	Versions Versions      `json:"versions"`
	Filter   FilterEcho    `json:"filter"`
	Interval string        `json:"interval"`
	N        int           `json:"n"` // dated postings in the range
	Series   []TrendSeries `json:"series"`
}

// MaxTrendSkills caps the skills of one Trends call.
const MaxTrendSkills = 20

// Trends returns, per interval ("month" or "quarter"), the number of
// filtered postings and how many of them mention each skill.
func (e *Engine) Trends(ctx context.Context, skills []string, f Filter, interval string) (*TrendsResult, error) {
	d, err := e.src.Dataset()
	if err != nil {
		return nil, err
	}
	step := int32(1)
	switch interval {
	case "", "month":
		interval = "month"
	case "quarter":
		step = 3
	default:
		return nil, fmt.Errorf("interval %q (want month or quarter): %w", interval, ErrBadInput)
	}
	if len(skills) == 0 {
		return nil, fmt.Errorf("no skill given: %w", ErrBadInput)
	}
	if len(skills) > MaxTrendSkills {
		return nil, fmt.Errorf("%d skills (at most %d): %w", len(skills), MaxTrendSkills, ErrBadInput)
	}
	var ids []string
	for _, s := range skills {
		id, err := d.ResolveSkill(s)
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	r, err := d.resolve(f, e.roles, DefaultLimit, MaxLimit)
	if err != nil {
		return nil, err
	}
	from, to := r.from, r.to
	if from < 0 {
		from = d.minMonth
	}
	if to < 0 {
		to = d.maxMonth
	}
	res := &TrendsResult{Versions: d.versions, Filter: r.echo, Interval: interval}
	if from < 0 || to < 0 || from > to {
		for _, id := range ids {
			res.Series = append(res.Series, TrendSeries{SkillRef: d.ref(id), Points: []TrendPoint{}})
		}
		return res, nil
	}
	from -= from % step
	nb := int((to-from)/step) + 1
	if nb > 600 {
		return nil, fmt.Errorf("%d intervals between %s and %s (at most 600): %w", nb, monthString(from), monthString(to), ErrBadInput)
	}
	nums := make([]int32, len(ids))
	for k, id := range ids {
		nums[k] = -1
		if n, ok := d.skillNum[id]; ok {
			nums[k] = n
		}
	}
	tot := make([]int, nb)
	cnt := make([][]int, len(ids))
	for k := range cnt {
		cnt[k] = make([]int, nb)
	}
	if r.cubeable() {
		for c := range d.getCube().cells {
			cell := &d.cube.cells[c]
			m := cell.month
			if m < from || m > to || (r.occ != nil && (cell.occ < 0 || !r.occ[cell.occ])) {
				continue
			}
			b := (m - from) / step
			tot[b] += int(cell.n)
			for k, n := range nums {
				if j := indexOf(cell.skills, n); n >= 0 && j >= 0 {
					cnt[k][b] += int(cell.cnt[j])
				}
			}
		}
	} else {
		err = d.scan(ctx, r, func(i int32) {
			m := d.month[i]
			if m < from || m > to {
				return
			}
			b := (m - from) / step
			tot[b]++
			sk, _ := d.rowSkills(i)
			for k, n := range nums {
				if n >= 0 && hasSkill(sk, n) {
					cnt[k][b]++
				}
			}
		})
	}
	if err != nil {
		return nil, err
	}
	for _, t := range tot {
		res.N += t
	}
	for k, id := range ids {
		s := TrendSeries{SkillRef: d.ref(id), Points: make([]TrendPoint, nb)}
		for b := 0; b < nb; b++ {
			m := from + int32(b)*step
			label := monthString(m)
			if step == 3 {
				label = itoa4(int(m/12)) + "-Q" + string(rune('1'+m%12/3))
			}
			s.Points[b] = TrendPoint{Period: label, N: tot[b], Count: cnt[k][b], Share: ratio(cnt[k][b], tot[b])}
		}
		res.Series = append(res.Series, s)
	}
	return res, nil
}

// indexOf returns the position of n in the sorted skills, or -1.
func indexOf(sk []int32, n int32) int {
	if i, ok := slices.BinarySearch(sk, n); ok {
		return i
	}
	return -1
}

// hasSkill reports whether the sorted row skills contain n.
func hasSkill(sk []int32, n int32) bool {
	_, ok := slices.BinarySearch(sk, n)
	return ok
}

// tallySubset scans the rows of r in its period and counts each skill over
// all of them (all) and over those for which in holds (sub); *n and *nIn
// receive the row counts.
func (d *Dataset) tallySubset(ctx context.Context, r *resolved, n, nIn *int, in func(i int32, sk []int32) bool) (all, sub []int32, err error) {
	k := len(d.skillIDs)
	all, sub = make([]int32, k), make([]int32, k)
	err = d.scan(ctx, r, func(i int32) {
		if !inPeriod(d.month[i], r.from, r.to) {
			return
		}
		*n++
		sk, _ := d.rowSkills(i)
		mine := in(i, sk)
		if mine {
			*nIn++
		}
		for _, s := range sk {
			all[s]++
			if mine {
				sub[s]++
			}
		}
	})
	return all, sub, err
}

// Cooccurrence is one skill appearing together with the anchor skill.
type Cooccurrence struct {
	SkillRef
	Count      int     `json:"count"`       // postings with both
	CountOther int     `json:"count_other"` // postings with this skill
	Confidence float64 `json:"confidence"`  // count / n_skill: share of the anchor's postings
	Lift       float64 `json:"lift"`        // count * n / (n_skill * count_other)
	PMI        float64 `json:"pmi"`         // log2(lift)
}

// CooccurResult answers Cooccurring.
type CooccurResult struct {
	Versions Versions       `json:"versions"`
	Filter   FilterEcho     `json:"filter"`
	Skill    SkillRef       `json:"skill"`
	N        int            `json:"n"`       // postings matching the filter
	NSkill   int            `json:"n_skill"` // of them mentioning the skill
	Sort     string         `json:"sort"`
	Skills   []Cooccurrence `json:"skills"`
}

// Cooccurring lists the skills mentioned together with skill in the
// filtered postings, by count (sort "count") or by lift among skills seen
// together at least minCount times (sort "lift").
func (e *Engine) Cooccurring(ctx context.Context, skill string, f Filter, sortBy string, minCount int) (*CooccurResult, error) {
	d, err := e.src.Dataset()
	if err != nil {
		return nil, err
	}
	id, err := d.ResolveSkill(skill)
	if err != nil {
		return nil, err
	}
	switch sortBy {
	case "":
		sortBy = "count"
	case "count", "lift":
	default:
		return nil, fmt.Errorf("sort %q (want count or lift): %w", sortBy, ErrBadInput)
	}
	if minCount <= 0 {
		minCount = 2
	}
	r, err := d.resolve(f, e.roles, DefaultLimit, MaxLimit)
	if err != nil {
		return nil, err
	}
	res := &CooccurResult{Versions: d.versions, Filter: r.echo, Skill: d.ref(id), Sort: sortBy, Skills: []Cooccurrence{}}
	a, ok := d.skillNum[id]
	if !ok {
		a = -1
	}
	all, both, err := d.tallySubset(ctx, r, &res.N, &res.NSkill, func(i int32, sk []int32) bool { return a >= 0 && hasSkill(sk, a) })
	if err != nil {
		return nil, err
	}
	if a >= 0 {
		both[a] = 0
	}
	var out []Cooccurrence
	for s, c := range both {
		if c == 0 || (sortBy == "lift" && int(c) < minCount) {
			continue
		}
		lift := float64(c) * float64(res.N) / (float64(res.NSkill) * float64(all[s]))
		out = append(out, Cooccurrence{SkillRef: d.ref(d.skillIDs[s]), Count: int(c), CountOther: int(all[s]),
			Confidence: ratio(int(c), res.NSkill), Lift: round6(lift), PMI: round6(math.Log2(lift))})
	}
	sort.Slice(out, func(i, j int) bool {
		x, y := out[i], out[j]
		if sortBy == "lift" && x.Lift != y.Lift {
			return x.Lift > y.Lift
		}
		if x.Count != y.Count {
			return x.Count > y.Count
		}
		return x.SkillID < y.SkillID
	})
	if len(out) > r.limit {
		out = out[:r.limit]
	}
	res.Skills = append(res.Skills, out...)
	return res, nil
}

// OccupationSkill is one skill's weight inside an occupation.
type OccupationSkill struct {
	SkillRef
	Count         int     `json:"count"`              // postings of the occupation mentioning it
	ShareInOcc    float64 `json:"share_in_occ"`       // count / n_occ (Lightcast's "defining")
	CountOverall  int     `json:"count_overall"`      // filtered postings of any occupation mentioning it
	ShareOverall  float64 `json:"share_overall"`      // count_overall / n
	Concentration float64 `json:"concentration"`      // share_in_occ / share_overall ("distinguishing")
	OccShareOfAll float64 `json:"occ_share_of_skill"` // count / count_overall
	Essential     bool    `json:"essential,omitempty"`
	Optional      bool    `json:"optional,omitempty"`
}

// OccupationProfile answers OccupationSkills.
type OccupationProfile struct {
	Versions       Versions          `json:"versions"`
	Filter         FilterEcho        `json:"filter"`
	Occupation     OccupationRef     `json:"occupation"`
	NOcc           int               `json:"n_occ"` // postings of the occupation
	N              int               `json:"n"`     // postings of every occupation under the filter
	MinShare       float64           `json:"distinguishing_min_share"`
	Defining       []OccupationSkill `json:"defining"`
	Distinguishing []OccupationSkill `json:"distinguishing"`
}

// DistinguishingMinShare is the share inside the occupation a skill needs to
// be considered distinguishing, so that rare skills do not dominate by chance.
const DistinguishingMinShare = 0.05

// OccupationSkills returns the defining skills of an occupation (highest
// share of its postings) and the distinguishing ones (most concentrated in it
// relative to all filtered postings). f's Role and Occupation are ignored.
func (e *Engine) OccupationSkills(ctx context.Context, occID string, f Filter) (*OccupationProfile, error) {
	d, err := e.src.Dataset()
	if err != nil {
		return nil, err
	}
	o, ok := d.tax.Occupation(occID)
	if !ok {
		return nil, fmt.Errorf("occupation %q: %w", occID, ErrNotFound)
	}
	f.Role, f.Occupation = "", ""
	r, err := d.resolve(f, e.roles, DefaultLimit, MaxLimit)
	if err != nil {
		return nil, err
	}
	occNum, has := d.strNum[o.ID]
	if !has {
		occNum = -3
	}
	res := &OccupationProfile{Versions: d.versions, Filter: r.echo, Occupation: OccupationRef{ID: o.ID, Title: o.Title, Code: o.Code},
		MinShare: DistinguishingMinShare, Defining: []OccupationSkill{}, Distinguishing: []OccupationSkill{}}
	var in, all []int32
	if r.cubeable() {
		in, all = make([]int32, len(d.skillIDs)), make([]int32, len(d.skillIDs))
		for c := range d.getCube().cells {
			cell := &d.cube.cells[c]
			if !inPeriod(cell.month, r.from, r.to) {
				continue
			}
			res.N += int(cell.n)
			mine := cell.occ == occNum
			if mine {
				res.NOcc += int(cell.n)
			}
			for j, s := range cell.skills {
				all[s] += cell.cnt[j]
				if mine {
					in[s] += cell.cnt[j]
				}
			}
		}
	} else {
		all, in, err = d.tallySubset(ctx, r, &res.N, &res.NOcc, func(i int32, _ []int32) bool { return d.occ[i] == occNum })
	}
	if err != nil {
		return nil, err
	}
	ess, opt := map[string]bool{}, map[string]bool{}
	for _, s := range o.Essential {
		ess[s] = true
	}
	for _, s := range o.Optional {
		opt[s] = true
	}
	var rows []OccupationSkill
	for s, c := range in {
		if c == 0 {
			continue
		}
		id := d.skillIDs[s]
		si, so := ratio(int(c), res.NOcc), ratio(int(all[s]), res.N)
		rows = append(rows, OccupationSkill{SkillRef: d.ref(id), Count: int(c), ShareInOcc: si, CountOverall: int(all[s]),
			ShareOverall: so, Concentration: round6(float64(c) * float64(res.N) / (float64(res.NOcc) * float64(all[s]))),
			OccShareOfAll: ratio(int(c), int(all[s])), Essential: ess[id], Optional: opt[id]})
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].Count != rows[j].Count {
			return rows[i].Count > rows[j].Count
		}
		return rows[i].SkillID < rows[j].SkillID
	})
	for _, x := range rows {
		if len(res.Defining) < r.limit {
			res.Defining = append(res.Defining, x)
		}
	}
	var dist []OccupationSkill
	for _, x := range rows {
		if x.ShareInOcc >= DistinguishingMinShare && x.Count >= 2 {
			dist = append(dist, x)
		}
	}
	sort.SliceStable(dist, func(i, j int) bool { return dist[i].Concentration > dist[j].Concentration })
	if len(dist) > r.limit {
		dist = dist[:r.limit]
	}
	res.Distinguishing = append(res.Distinguishing, dist...)
	return res, nil
}

// SalaryResult answers SalaryPremium.
type SalaryResult struct {
	Versions      Versions       `json:"versions"`
	Filter        FilterEcho     `json:"filter"`
	Skill         SkillRef       `json:"skill"`
	Currency      string         `json:"currency"`
	N             int            `json:"n"`         // filtered postings
	NSalary       int            `json:"n_salary"`  // of them with an annual salary in the currency
	NWith         int            `json:"n_with"`    // salaried postings mentioning the skill
	NWithout      int            `json:"n_without"` // salaried postings not mentioning it
	MedianWith    *float64       `json:"median_with"`
	MedianWithout *float64       `json:"median_without"`
	Premium       *float64       `json:"premium"`    // median_with / median_without - 1
	Currencies    map[string]int `json:"currencies"` // salaried postings per currency
}

// SalaryPremium compares the median advertised annual salary of filtered
// postings with and without skill, in one currency (the given one, or the
// most common among them).
func (e *Engine) SalaryPremium(ctx context.Context, skill string, f Filter, currency string) (*SalaryResult, error) {
	d, err := e.src.Dataset()
	if err != nil {
		return nil, err
	}
	id, err := d.ResolveSkill(skill)
	if err != nil {
		return nil, err
	}
	r, err := d.resolve(f, e.roles, DefaultLimit, MaxLimit)
	if err != nil {
		return nil, err
	}
	a, ok := d.skillNum[id]
	if !ok {
		a = -1
	}
	res := &SalaryResult{Versions: d.versions, Filter: r.echo, Skill: d.ref(id), Currencies: map[string]int{}}
	type sal struct {
		v    float32
		cur  int32
		with bool
	}
	var sals []sal
	err = d.scan(ctx, r, func(i int32) {
		if !inPeriod(d.month[i], r.from, r.to) {
			return
		}
		res.N++
		if d.salary[i] <= 0 {
			return
		}
		sk, _ := d.rowSkills(i)
		sals = append(sals, sal{d.salary[i], d.currency[i], a >= 0 && hasSkill(sk, a)})
		res.Currencies[d.str(d.currency[i])]++
	})
	if err != nil {
		return nil, err
	}
	if currency == "" {
		best := 0
		for c, n := range res.Currencies {
			if n > best || n == best && c < currency {
				currency, best = c, n
			}
		}
	}
	res.Currency = currency
	var with, without []float64
	for _, s := range sals {
		if d.str(s.cur) != currency {
			continue
		}
		if s.with {
			with = append(with, float64(s.v))
		} else {
			without = append(without, float64(s.v))
		}
	}
	res.NWith, res.NWithout, res.NSalary = len(with), len(without), len(with)+len(without)
	res.MedianWith, res.MedianWithout = median(with), median(without)
	if res.MedianWith != nil && res.MedianWithout != nil && *res.MedianWithout > 0 {
		p := round6(*res.MedianWith / *res.MedianWithout - 1)
		res.Premium = &p
	}
	return res, nil
}

func median(v []float64) *float64 {
	if len(v) == 0 {
		return nil
	}
	sort.Float64s(v)
	m := v[len(v)/2]
	if len(v)%2 == 0 {
		m = (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	m = math.Round(m*100) / 100
	return &m
}
