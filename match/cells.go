package match

import (
	"context"
	"sort"
)

// DemandCell is the demand for one skill among the postings of one month
// and occupation: the aggregate researchers export.
type DemandCell struct {
	Month      string  `json:"month"`      // YYYY-MM; "" for undated postings
	Occupation string  `json:"occupation"` // occupation ID; "" when none was assigned
	N          int     `json:"n"`          // postings of the month and occupation
	SkillID    string  `json:"skill_id"`
	Label      string  `json:"label"`
	Count      int     `json:"count"` // of them mentioning the skill
	Share      float64 `json:"share"` // count / n
	Required   int     `json:"required"`
	Preferred  int     `json:"preferred"`
}

// DemandCells calls fn for every (month, occupation, skill) with at least
// one posting, by month, then occupation, then count (highest first). It
// stops at fn's first error.
func (d *Dataset) DemandCells(ctx context.Context, fn func(DemandCell) error) error {
	type key struct{ m, o int32 }
	groups := map[key][]int32{}
	for i := range d.month {
		k := key{d.month[i], d.occ[i]}
		groups[k] = append(groups[k], int32(i))
	}
	keys := make([]key, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].m != keys[j].m {
			return keys[i].m < keys[j].m
		}
		return d.str(keys[i].o) < d.str(keys[j].o)
	})
	t := newTally(len(d.skillIDs))
	cnt, req, pref := t.cnt, t.req, t.pref
	for _, g := range keys {
		if err := ctx.Err(); err != nil {
			return err
		}
		rows := groups[g]
		touched := t.add(d, rows)
		sort.Slice(touched, func(a, b int) bool {
			if cnt[touched[a]] != cnt[touched[b]] {
				return cnt[touched[a]] > cnt[touched[b]]
			}
			return d.skillIDs[touched[a]] < d.skillIDs[touched[b]]
		})
		var err error
		for _, s := range touched {
			if err == nil {
				id := d.skillIDs[s]
				label, _ := d.skillInfo(id)
				err = fn(DemandCell{Month: monthString(g.m), Occupation: d.str(g.o), N: len(rows), SkillID: id, Label: label,
					Count: int(cnt[s]), Share: ratio(int(cnt[s]), len(rows)), Required: int(req[s]), Preferred: int(pref[s])})
			}
			cnt[s], req[s], pref[s] = 0, 0, 0
		}
		if err != nil {
			return err
		}
	}
	return nil
}
