package match

import (
	"context"
	"fmt"
	"math"
	"sort"
)

// ProviderInfo lists one provider with the size of its catalog.
type ProviderInfo struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	URL         string `json:"url,omitempty"`
	Credentials int    `json:"credentials"`
	Skills      int    `json:"skills"` // distinct skills taught
}

// Providers lists every provider of the indexed credentials, by ID.
func (e *Engine) Providers() ([]ProviderInfo, error) {
	d, err := e.src.Dataset()
	if err != nil {
		return nil, err
	}
	out := make([]ProviderInfo, 0, len(d.providers))
	for _, p := range d.providers {
		seen := map[int32]bool{}
		for _, c := range p.creds {
			for _, s := range c.skills {
				seen[s] = true
			}
		}
		out = append(out, ProviderInfo{ID: p.id, Name: p.name, URL: p.url, Credentials: len(p.creds), Skills: len(seen)})
	}
	return out, nil
}

// ProviderGap is a demanded skill the provider's catalog does not teach.
type ProviderGap struct {
	SkillRef
	Count        int                 `json:"count"` // filtered postings mentioning it
	Share        float64             `json:"share"` // count / n
	Growth       Growth              `json:"growth"`
	Score        float64             `json:"score"` // share x (1 + growth rate clamped to [-0.5, 1])
	Alternatives []CredentialSummary `json:"alternatives"`
}

// ProviderCovered is a demanded skill the provider teaches.
type ProviderCovered struct {
	SkillRef
	Count   int      `json:"count"`
	Share   float64  `json:"share"`
	Via     []string `json:"via"` // IDs of the provider's credentials teaching it
	Partial bool     `json:"partial,omitempty"`
}

// GapsResult answers Gaps.
type GapsResult struct {
	Versions Versions          `json:"versions"`
	Filter   FilterEcho        `json:"filter"`
	Provider ProviderInfo      `json:"provider"`
	N        int               `json:"n"`        // postings under the filter
	Demanded int               `json:"demanded"` // top demanded skills considered
	Coverage float64           `json:"coverage"` // share of their demand (postings count) the catalog teaches
	Growth   *GrowthBasis      `json:"growth_basis,omitempty"`
	Gaps     []ProviderGap     `json:"gaps"`
	Covered  []ProviderCovered `json:"covered"`
}

// MaxDemanded is how many of the top demanded skills Gaps compares against.
const MaxDemanded = 50

// Gaps compares the provider's catalog with the skills demanded by the
// filtered postings (a role, a region, a period): the top demanded skills no
// credential of the provider teaches (a credential teaching a narrower skill
// counts as partial coverage), ranked by demand and growth, with other
// providers' credentials that teach them.
func (e *Engine) Gaps(ctx context.Context, providerID string, f Filter) (*GapsResult, error) {
	d, err := e.src.Dataset()
	if err != nil {
		return nil, err
	}
	p := d.provByID[providerID]
	if p == nil {
		return nil, fmt.Errorf("provider %q: %w", providerID, ErrNotFound)
	}
	r, err := d.resolve(f, e.roles, DefaultLimit, MaxLimit)
	if err != nil {
		return nil, err
	}
	c, gb, err := d.countDemand(ctx, r)
	if err != nil {
		return nil, err
	}
	taught := map[int32][]string{}
	for _, ce := range p.creds {
		for _, s := range ce.skills {
			taught[s] = append(taught[s], ce.c.ID)
		}
	}
	infos, _ := e.Providers()
	var info ProviderInfo
	for _, x := range infos {
		if x.ID == p.id {
			info = x
		}
	}
	res := &GapsResult{Versions: d.versions, Filter: r.echo, Provider: info, N: c.n, Growth: gb, Gaps: []ProviderGap{}, Covered: []ProviderCovered{}}
	top := topBy(c.cnt, MaxDemanded)
	res.Demanded = len(top)
	var tot, got float64
	var gaps []ProviderGap
	for _, s := range top {
		id := d.skillIDs[s]
		n := int(c.cnt[s])
		tot += float64(n)
		if via := taught[s]; len(via) > 0 {
			got += float64(n)
			res.Covered = append(res.Covered, ProviderCovered{SkillRef: d.ref(id), Count: n, Share: ratio(n, c.n), Via: dedup(via)})
			continue
		}
		var via []string
		for _, desc := range d.tax.Descendants(id) {
			if dn, ok := d.skillNum[desc]; ok {
				via = append(via, taught[dn]...)
			}
		}
		if len(via) > 0 {
			got += ancestorCredit * float64(n)
			res.Covered = append(res.Covered, ProviderCovered{SkillRef: d.ref(id), Count: n, Share: ratio(n, c.n), Via: dedup(via), Partial: true})
			continue
		}
		g := c.growth(s)
		rate := 0.0
		if g.Rate != nil {
			rate = math.Max(-0.5, math.Min(1, *g.Rate))
		}
		share := ratio(n, c.n)
		gaps = append(gaps, ProviderGap{SkillRef: d.ref(id), Count: n, Share: share, Growth: g,
			Score: round6(share * (1 + rate)), Alternatives: d.alternatives(s, p.id, 3)})
	}
	sort.SliceStable(gaps, func(i, j int) bool { return gaps[i].Score > gaps[j].Score })
	if len(gaps) > r.limit {
		gaps = gaps[:r.limit]
	}
	res.Gaps = append(res.Gaps, gaps...)
	if tot > 0 {
		res.Coverage = round6(got / tot)
	}
	return res, nil
}

// alternatives returns up to k credentials of other providers teaching skill
// s, best rated first.
func (d *Dataset) alternatives(s int32, except string, k int) []CredentialSummary {
	var cs []*credEntry
	for _, ce := range d.bySkill[s] {
		if ce.pid != except {
			cs = append(cs, ce)
		}
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].c.Rating != cs[j].c.Rating {
			return cs[i].c.Rating > cs[j].c.Rating
		}
		return cs[i].c.ID < cs[j].c.ID
	})
	out := []CredentialSummary{}
	for i := 0; i < len(cs) && i < k; i++ {
		out = append(out, summarize(cs[i]))
	}
	return out
}

func dedup(s []string) []string {
	sort.Strings(s)
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}
