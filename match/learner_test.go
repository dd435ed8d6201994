package match

import (
	"context"
	"errors"
	"testing"

	"github.com/skillmatch/skillmatch"
)

func ids(rc []RankedCredential) []string {
	var out []string
	for _, c := range rc {
		out = append(out, c.ID)
	}
	return out
}

func eq(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func fp64(x float64) *float64 { return &x }

// Hand computation for role data analyst (n = 10), weights per posting
// required 1, unspecified 0.75, preferred 0.5, divided by n:
// sql .875, python .5, excel .425, tableau .3, power-bi .1, communication .075,
// pandas .05; total 2.325. Having Excel and SQL covers 1.3 of it; the gap is
// python .5, tableau .3, power-bi .1, communication .075, pandas .05 = 1.025.
func TestMatchGapAndRanking(t *testing.T) {
	e := fixtureEngine(t)
	res, err := e.Match(context.Background(), MatchRequest{Role: "data analyst", Have: []string{"Excel", "sql", "klingon"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.N != 10 || !near(res.HaveCoverage, 1.3/2.325) || len(res.UnknownHave) != 1 || len(res.Have) != 2 {
		t.Fatalf("n %d have %v unknown %v coverage %v", res.N, res.Have, res.UnknownHave, res.HaveCoverage)
	}
	wantGap := []struct {
		id string
		w  float64
	}{{"python", .5}, {"tableau", .3}, {"power-bi", .1}, {"communication", .075}, {"pandas", .05}}
	if len(res.Gap) != len(wantGap) {
		t.Fatalf("gap = %+v", res.Gap)
	}
	for i, w := range wantGap {
		if res.Gap[i].SkillID != w.id || !near(res.Gap[i].Gap, w.w) {
			t.Errorf("gap[%d] = %+v, want %+v", i, res.Gap[i], w)
		}
	}
	// Scores: 0.7 x coverage/best + 0.2 x quality + 0.1 x text; best is c4 (.875).
	// c4 .974, c1 .692, c6 .596, c8 .412, c2 .408, c3 .356, c9 .216.
	want := []string{"c4", "c1", "c6", "c8", "c2", "c3", "c9"}
	if got := ids(res.Credentials); !eq(got, want) {
		t.Fatalf("ranking = %v, want %v", got, want)
	}
	scores := []float64{.974, .692, .596, .412, .408, .356, .216}
	for i, s := range scores {
		if !near(res.Credentials[i].Score, s) {
			t.Errorf("%s score = %v, want %v", res.Credentials[i].ID, res.Credentials[i].Score, s)
		}
	}
	c4 := res.Credentials[0]
	if !near(c4.Coverage, .875/1.025) || len(c4.Covers) != 3 || c4.Covers[0].SkillID != "python" || len(c4.Reasons) == 0 {
		t.Errorf("c4 = %+v", c4)
	}
	// Advanced Pandas covers pandas fully and python through its narrower skill (half).
	c8 := res.Credentials[3]
	if len(c8.Covers) != 2 || c8.Covers[0].SkillID != "python" || !c8.Covers[0].Partial || !near(c8.Covers[0].Gap, .25) {
		t.Errorf("c8 covers = %+v", c8.Covers)
	}
	if res.Considered != 7 || res.Excluded["covers no gap skill"] != 3 {
		t.Errorf("considered %d excluded %v", res.Considered, res.Excluded)
	}
}

func TestMatchConstraints(t *testing.T) {
	e := fixtureEngine(t)
	tests := []struct {
		name     string
		con      Constraints
		want     []string
		excluded map[string]int
	}{
		{"cheap online", Constraints{MaxPrice: fp64(100), Mode: "Online"}, []string{"c1", "c6", "c8"},
			map[string]int{"covers no gap skill": 3, "over max_price": 3, "other mode": 1}},
		{"well rated", Constraints{MinRating: 4.5}, []string{"c4", "c1", "c6"},
			map[string]int{"covers no gap skill": 3, "under min_rating": 4}},
		{"short beginner", Constraints{MaxHours: 25, Level: "beginner"}, []string{"c1", "c9"},
			map[string]int{"covers no gap skill": 3, "over max_hours": 4}},
		{"free only", Constraints{MaxPrice: fp64(0)}, nil, map[string]int{"covers no gap skill": 3, "over max_price": 7}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := e.Match(context.Background(), MatchRequest{Role: "data analyst", Have: []string{"excel", "sql"}, Constraints: tc.con})
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(res.Credentials); !eq(got, tc.want) {
				t.Errorf("ranking = %v, want %v", got, tc.want)
			}
			for k, v := range tc.excluded {
				if res.Excluded[k] != v {
					t.Errorf("excluded[%q] = %d, want %d (all %v)", k, res.Excluded[k], v, res.Excluded)
				}
			}
		})
	}
}

func TestMatchHaveCoversAncestors(t *testing.T) {
	e := fixtureEngine(t)
	res, err := e.Match(context.Background(), MatchRequest{Role: "data analyst", Have: []string{"pandas"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range res.Gap {
		if g.SkillID == "pandas" {
			t.Errorf("pandas still in the gap")
		}
		if g.SkillID == "python" && (g.Covered != 0.5 || !near(g.Gap, 0.25)) {
			t.Errorf("python = %+v, want half covered", g)
		}
	}
}

func TestMatchErrors(t *testing.T) {
	e := fixtureEngine(t)
	for _, tc := range []struct {
		req  MatchRequest
		want error
	}{
		{MatchRequest{}, ErrBadInput},
		{MatchRequest{Role: "astronaut"}, ErrNotFound},
		{MatchRequest{Occupation: "nope"}, ErrNotFound},
	} {
		if _, err := e.Match(context.Background(), tc.req); !errors.Is(err, tc.want) {
			t.Errorf("%+v: %v, want %v", tc.req, err, tc.want)
		}
	}
}

// Budget 300 in total: step 1 takes c1 (python + pandas, .55 of the gap),
// step 2 c2 (tableau, .3); the 1 left buys nothing.
func TestPathway(t *testing.T) {
	e := fixtureEngine(t)
	res, err := e.Pathway(context.Background(), MatchRequest{Role: "data analyst", Have: []string{"excel", "sql"},
		Constraints: Constraints{MaxPrice: fp64(300)}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Steps) != 2 || res.Steps[0].ID != "c1" || res.Steps[1].ID != "c2" {
		t.Fatalf("steps = %+v", res.Steps)
	}
	if !near(res.Steps[0].GapCoveredAfter, .55/1.025) || !near(res.Steps[1].GapCoveredAfter, .85/1.025) ||
		!near(res.Steps[0].RoleCoverAfter, 1.85/2.325) || !near(res.Steps[1].RoleCoverAfter, 2.15/2.325) {
		t.Errorf("coverage after steps: %+v", res.Steps)
	}
	if res.TotalPrice != 299 || res.TotalHours != 50 || res.Excluded["over budget"] != 1 {
		t.Errorf("totals %v %v excluded %v", res.TotalPrice, res.TotalHours, res.Excluded)
	}
	if len(res.Uncovered) != 2 || res.Uncovered[0].SkillID != "power-bi" || res.Uncovered[1].SkillID != "communication" {
		t.Errorf("uncovered = %+v", res.Uncovered)
	}
	// Unlimited: the bootcamp covers most first; ordering puts beginner-level first.
	all, err := e.Pathway(context.Background(), MatchRequest{Role: "data analyst", Have: []string{"excel", "sql"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Steps) == 0 || all.Steps[len(all.Steps)-1].GapCoveredAfter < 0.999 {
		t.Errorf("unlimited pathway = %+v", all.Steps)
	}
	for i := 1; i < len(all.Steps); i++ {
		if levelRank(all.Steps[i-1].Level) > levelRank(all.Steps[i].Level) {
			t.Errorf("step %d (%s) before a lower level (%s)", i, all.Steps[i-1].Level, all.Steps[i].Level)
		}
		if all.Steps[i].GapCoveredAfter < all.Steps[i-1].GapCoveredAfter {
			t.Errorf("coverage decreased at step %d", i+1)
		}
	}
}

// Gaps of Acme Academy (python, pandas, programming, machine learning,
// statistics) for data analysts in the second half of 2025 (n = 6):
// demanded sql 6, python 5, excel 2, tableau 2, power-bi 1, pandas 1.
func TestProviderGaps(t *testing.T) {
	e := fixtureEngine(t)
	res, err := e.Gaps(context.Background(), "acme-academy", Filter{Role: "data analyst", From: date("2025-07-01"), To: date("2025-12-31")})
	if err != nil {
		t.Fatal(err)
	}
	if res.N != 6 || res.Demanded != 6 || !near(res.Coverage, 6.0/17) || res.Provider.Credentials != 3 {
		t.Fatalf("n %d demanded %d coverage %v provider %+v", res.N, res.Demanded, res.Coverage, res.Provider)
	}
	if len(res.Gaps) != 4 || res.Gaps[0].SkillID != "sql" || res.Gaps[1].SkillID != "tableau" {
		t.Fatalf("gaps = %+v", res.Gaps)
	}
	if !near(res.Gaps[0].Score, 1*(1+1.0/3)) || len(res.Gaps[0].Alternatives) != 1 || res.Gaps[0].Alternatives[0].ID != "c4" {
		t.Errorf("sql gap = %+v", res.Gaps[0])
	}
	if _, err := e.Gaps(context.Background(), "nobody", Filter{}); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown provider: %v", err)
	}
	ps, _ := e.Providers()
	want := map[string]int{"acme-academy": 3, "bootcamp-co": 2, "softcorp": 2, "uni-open": 1, "vizpro": 2}
	if len(ps) != len(want) {
		t.Fatalf("providers = %+v", ps)
	}
	for _, p := range ps {
		if want[p.ID] != p.Credentials {
			t.Errorf("%s: %d credentials, want %d", p.ID, p.Credentials, want[p.ID])
		}
	}
}

// Under a budget, taking the largest gain first can be worse than taking
// the best gain per cost: Pathway runs both and keeps the better.
func TestGreedyPerCost(t *testing.T) {
	mk := func(id string, price float64, dense ...float64) *cand {
		var f []cov
		for g, x := range dense {
			if x > 0 {
				f = append(f, cov{g, x})
			}
		}
		return &cand{e: &credEntry{c: &Credential{Credential: &skillmatch.Credential{ID: id, Price: price, Currency: "EUR"}}}, f: f, quality: 0.5}
	}
	L := &learner{gap: make([]GapSkill, 3), gapW: []float64{1, 1, 1}, total: 3,
		cands: []*cand{mk("A", 100, 1, 1, 0), mk("B", 40, 1, 0, 0), mk("C", 40, 0, 1, 0), mk("D", 40, 0, 0, 1)}}
	con := Constraints{MaxPrice: fp64(120)}
	byGain, covGain, err := L.greedy(context.Background(), con, 6, false)
	if err != nil {
		t.Fatal(err)
	}
	byCost, covCost, err := L.greedy(context.Background(), con, 6, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(byGain) != 1 || L.cands[byGain[0]].e.c.ID != "A" || covGain != 2 {
		t.Errorf("by gain: %v covers %v", byGain, covGain)
	}
	if len(byCost) != 3 || covCost != 3 {
		t.Errorf("by gain per cost: %v covers %v", byCost, covCost)
	}
}
