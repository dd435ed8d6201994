package match

import (
	"context"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/skillmatch/skillmatch"
)

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-5 }

type wantDemand struct {
	id              string
	count, req, pre int
	share           float64
}

// The expected numbers below are counted by hand from fixturePostings.
func TestDemandHandComputed(t *testing.T) {
	e := fixtureEngine(t)
	ctx := context.Background()
	tests := []struct {
		name string
		f    Filter
		n    int
		want []wantDemand
	}{
		{"role all time", Filter{Role: "data analyst"}, 10, []wantDemand{
			{"sql", 9, 8, 0, 0.9}, {"python", 6, 4, 2, 0.6}, {"excel", 5, 3, 1, 0.5}, {"tableau", 4, 2, 2, 0.4},
			{"communication", 1, 0, 0, 0.1}, {"power-bi", 1, 1, 0, 0.1}, {"pandas", 1, 0, 1, 0.1}}},
		{"alt title, second half", Filter{Role: "Business Intelligence Analyst", From: date("2025-07-01"), To: date("2025-12-31")}, 6, []wantDemand{
			{"sql", 6, 5, 0, 1}, {"python", 5, 4, 1, 0.833333}, {"excel", 2, 1, 1, 0.333333}, {"tableau", 2, 1, 1, 0.333333},
			{"power-bi", 1, 1, 0, 0.166667}, {"pandas", 1, 0, 1, 0.166667}}},
		{"occupation in DE", Filter{Occupation: "data-analyst", Location: "de", Limit: 2}, 7, []wantDemand{
			{"sql", 7, 7, 0, 1}, {"excel", 4, 2, 1, 0.571429}}},
		{"remote", Filter{Location: "Remote"}, 1, []wantDemand{
			{"sql", 1, 1, 0, 1}, {"python", 1, 1, 0, 1}, {"pandas", 1, 0, 1, 1}}},
		{"all postings incl undated", Filter{Limit: 1}, 20, []wantDemand{{"python", 14, 12, 2, 0.7}}},
		{"dated filter drops undated", Filter{From: date("2025-01-01"), Limit: 1}, 19, []wantDemand{{"python", 14, 12, 2, 0.736842}}},
		{"title terms when no occupation", Filter{Role: "backend"}, 1, []wantDemand{{"sql", 1, 0, 1, 1}, {"programming", 1, 1, 0, 1}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := e.Demand(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if res.N != tc.n {
				t.Fatalf("n = %d, want %d", res.N, tc.n)
			}
			if len(res.Skills) != len(tc.want) {
				t.Fatalf("got %d skills %+v, want %d", len(res.Skills), res.Skills, len(tc.want))
			}
			for i, w := range tc.want {
				g := res.Skills[i]
				if g.SkillID != w.id || g.Count != w.count || g.Required != w.req || g.Preferred != w.pre || !near(g.Share, w.share) {
					t.Errorf("#%d = %s count %d req %d pref %d share %v; want %+v", i, g.SkillID, g.Count, g.Required, g.Preferred, g.Share, w)
				}
			}
			if res.Versions.Taxonomy != "fixture-1" {
				t.Errorf("versions = %+v", res.Versions)
			}
		})
	}
}

func TestDemandGrowth(t *testing.T) {
	e := fixtureEngine(t)
	res, err := e.Demand(context.Background(), Filter{Role: "data analyst", From: date("2025-07-01"), To: date("2025-12-31")})
	if err != nil {
		t.Fatal(err)
	}
	gb := res.Growth
	if gb == nil || gb.Current.From != "2025-07" || gb.Current.To != "2025-12" || gb.Current.N != 6 ||
		gb.Previous.From != "2025-01" || gb.Previous.To != "2025-06" || gb.Previous.N != 4 {
		t.Fatalf("growth basis = %+v", gb)
	}
	want := map[string]struct {
		cur, prev int
		rate      float64
	}{
		"sql":     {6, 3, 1.0/0.75 - 1},
		"python":  {5, 1, (5.0/6)/(1.0/4) - 1},
		"excel":   {2, 3, (2.0/6)/(3.0/4) - 1},
		"tableau": {2, 2, (2.0/6)/(2.0/4) - 1},
	}
	for _, s := range res.Skills {
		w, ok := want[s.SkillID]
		if !ok {
			if s.Growth.Rate != nil { // power-bi, pandas: none before
				t.Errorf("%s: rate %v, want null (no previous posting)", s.SkillID, *s.Growth.Rate)
			}
			continue
		}
		if s.Growth.CurrentCount != w.cur || s.Growth.PreviousCount != w.prev || s.Growth.Rate == nil || !near(*s.Growth.Rate, w.rate) {
			t.Errorf("%s growth = %+v (rate %v), want %+v", s.SkillID, s.Growth, s.Growth.Rate, w)
		}
	}
	// No dates: the latest 12 months against the 12 before (none here).
	res, err = e.Demand(context.Background(), Filter{Role: "data analyst"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Growth.Current.From != "2025-01" || res.Growth.Current.N != 10 || res.Growth.Previous.N != 0 {
		t.Errorf("default growth basis = %+v", res.Growth)
	}
}

func TestDemandErrors(t *testing.T) {
	e := fixtureEngine(t)
	ctx := context.Background()
	for _, tc := range []struct {
		f    Filter
		want error
	}{
		{Filter{Occupation: "astronaut"}, ErrNotFound},
		{Filter{Role: "astronaut"}, ErrNotFound},
		{Filter{From: date("2025-06-01"), To: date("2025-01-01")}, ErrBadInput},
	} {
		if _, err := e.Demand(ctx, tc.f); !errors.Is(err, tc.want) {
			t.Errorf("%+v: err = %v, want %v", tc.f, err, tc.want)
		}
	}
	// An unknown location is a valid question with an empty answer.
	res, err := e.Demand(ctx, Filter{Location: "Atlantis"})
	if err != nil || res.N != 0 || len(res.Skills) != 0 {
		t.Errorf("unknown location: %+v, %v", res, err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := e.Demand(cctx, Filter{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: err = %v", err)
	}
}

func TestTrends(t *testing.T) {
	e := fixtureEngine(t)
	res, err := e.Trends(context.Background(), []string{"python", "Excel"}, Filter{Role: "data analyst"}, "quarter")
	if err != nil {
		t.Fatal(err)
	}
	// Q1: p1 p2 p3 (python p3; excel p1 p2 p3); Q2: p4; Q3: p5 p6 p7 (python all; excel p6); Q4: p8 p9 p10 (python p8 p10; excel p9)
	wantN := []int{3, 1, 3, 3}
	wantPy := []int{1, 0, 3, 2}
	wantEx := []int{3, 0, 1, 1}
	if len(res.Series) != 2 || res.Series[1].SkillID != "excel" || res.N != 10 {
		t.Fatalf("series = %+v", res.Series)
	}
	for i, p := range res.Series[0].Points {
		if p.N != wantN[i] || p.Count != wantPy[i] || res.Series[1].Points[i].Count != wantEx[i] {
			t.Errorf("point %d: %+v / %+v", i, p, res.Series[1].Points[i])
		}
	}
	if res.Series[0].Points[2].Period != "2025-Q3" || !near(res.Series[0].Points[3].Share, 2.0/3) {
		t.Errorf("points = %+v", res.Series[0].Points)
	}
	m, err := e.Trends(context.Background(), []string{"sql"}, Filter{From: date("2025-11-01"), To: date("2026-01-31")}, "month")
	if err != nil {
		t.Fatal(err)
	}
	// Nov: p9 p16 (sql both); Dec: p10; Jan 2026: nothing.
	pts := m.Series[0].Points
	if len(pts) != 3 || pts[0].Period != "2025-11" || pts[0].N != 2 || pts[0].Count != 2 || pts[1].N != 1 || pts[2].N != 0 || pts[2].Share != 0 {
		t.Errorf("monthly = %+v", pts)
	}
	for _, bad := range []struct {
		skills   []string
		interval string
		want     error
	}{
		{[]string{"python"}, "week", ErrBadInput},
		{nil, "month", ErrBadInput},
		{[]string{"cobol"}, "month", ErrNotFound},
	} {
		if _, err := e.Trends(context.Background(), bad.skills, Filter{}, bad.interval); !errors.Is(err, bad.want) {
			t.Errorf("%v %q: err = %v, want %v", bad.skills, bad.interval, err, bad.want)
		}
	}
}

func TestCooccurring(t *testing.T) {
	e := fixtureEngine(t)
	res, err := e.Cooccurring(context.Background(), "python", Filter{}, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.N != 20 || res.NSkill != 14 {
		t.Fatalf("n = %d, n_skill = %d", res.N, res.NSkill)
	}
	want := []struct {
		id          string
		count, othr int
	}{{"sql", 8, 13}, {"machine-learning", 4, 4}, {"statistics", 4, 4}, {"pandas", 3, 3},
		{"excel", 2, 5}, {"programming", 2, 4}, {"tableau", 2, 4}, {"communication", 1, 3}, {"power-bi", 1, 1}, {"r", 1, 1}}
	if len(res.Skills) != len(want) {
		t.Fatalf("got %d skills: %+v", len(res.Skills), res.Skills)
	}
	for i, w := range want {
		g := res.Skills[i]
		lift := float64(w.count) * 20 / (14 * float64(w.othr))
		if g.SkillID != w.id || g.Count != w.count || g.CountOther != w.othr || !near(g.Lift, lift) || !near(g.PMI, math.Log2(lift)) {
			t.Errorf("#%d = %+v, want %+v lift %v", i, g, w, lift)
		}
	}
	byLift, err := e.Cooccurring(context.Background(), "python", Filter{}, "lift", 2)
	if err != nil {
		t.Fatal(err)
	}
	// count >= 2 and lift 20/14: machine-learning, pandas, statistics (ties by count then ID)
	if byLift.Skills[0].SkillID != "machine-learning" || byLift.Skills[2].SkillID != "pandas" || len(byLift.Skills) != 7 {
		t.Errorf("by lift = %+v", byLift.Skills)
	}
}

func TestOccupationSkills(t *testing.T) {
	e := fixtureEngine(t)
	res, err := e.OccupationSkills(context.Background(), "data-scientist", Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if res.NOcc != 6 || res.N != 20 {
		t.Fatalf("n_occ %d n %d", res.NOcc, res.N)
	}
	def := []string{"python", "machine-learning", "statistics", "sql", "pandas", "r"}
	for i, id := range def {
		if res.Defining[i].SkillID != id {
			t.Errorf("defining[%d] = %s, want %s", i, res.Defining[i].SkillID, id)
		}
	}
	if d := res.Defining[0]; d.ShareInOcc != 1 || !near(d.ShareOverall, 0.7) || !near(d.Concentration, 1/0.7) || !d.Essential {
		t.Errorf("python = %+v", d)
	}
	// r has count 1: not distinguishing.
	dist := []struct {
		id   string
		conc float64
	}{{"machine-learning", (4.0 / 6) / 0.2}, {"statistics", (4.0 / 6) / 0.2}, {"pandas", (2.0 / 6) / 0.15}, {"python", 1 / 0.7}, {"sql", 0.5 / 0.65}}
	if len(res.Distinguishing) != len(dist) {
		t.Fatalf("distinguishing = %+v", res.Distinguishing)
	}
	for i, w := range dist {
		if g := res.Distinguishing[i]; g.SkillID != w.id || !near(g.Concentration, w.conc) {
			t.Errorf("distinguishing[%d] = %s %v, want %+v", i, g.SkillID, g.Concentration, w)
		}
	}
	if _, err := e.OccupationSkills(context.Background(), "nope", Filter{}); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown occupation: %v", err)
	}
}

func TestSalaryPremium(t *testing.T) {
	e := fixtureEngine(t)
	res, err := e.SalaryPremium(context.Background(), "python", Filter{Role: "data analyst"}, "")
	if err != nil {
		t.Fatal(err)
	}
	// EUR with python: 60000 62000 65000; without: 48000 50000 52000 55000. USD p10 left out.
	if res.Currency != "EUR" || res.NWith != 3 || res.NWithout != 4 || *res.MedianWith != 62000 || *res.MedianWithout != 51000 ||
		!near(*res.Premium, 62000.0/51000-1) || res.Currencies["USD"] != 1 || res.N != 10 {
		t.Errorf("premium = %+v", res)
	}
	usd, err := e.SalaryPremium(context.Background(), "python", Filter{Role: "data analyst"}, "USD")
	if err != nil {
		t.Fatal(err)
	}
	if usd.NWith != 1 || usd.NWithout != 0 || usd.Premium != nil || usd.MedianWithout != nil {
		t.Errorf("usd = %+v", usd)
	}
}

func TestDemandCells(t *testing.T) {
	d := fixtureDataset(t)
	var cells []DemandCell
	if err := d.DemandCells(context.Background(), func(c DemandCell) error { cells = append(cells, c); return nil }); err != nil {
		t.Fatal(err)
	}
	// First the undated p20 (programming R, communication U), then 2025-01 data-analyst p1.
	if len(cells) < 4 || cells[0].Month != "" || cells[0].SkillID != "communication" || cells[1].SkillID != "programming" || cells[1].Required != 1 {
		t.Fatalf("cells start %+v", cells[:4])
	}
	if c := cells[2]; c.Month != "2025-01" || c.Occupation != "data-analyst" || c.N != 1 || c.Count != 1 {
		t.Errorf("cell 2 = %+v", c)
	}
	total := 0
	for _, c := range cells {
		total += c.Count
	}
	// Every (posting, skill) pair lands in exactly one cell.
	want := 0
	for _, p := range fixturePostings {
		want += len(strings.Fields(p.skills))
	}
	if total != want {
		t.Errorf("cells count %d mentions, postings have %d", total, want)
	}
	stop := errors.New("stop")
	n := 0
	if err := d.DemandCells(context.Background(), func(DemandCell) error { n++; return stop }); err != stop || n != 1 {
		t.Errorf("stop: %v after %d", err, n)
	}
}

// The pre-aggregated cube and the row scan give identical answers.
func TestCubeEqualsScan(t *testing.T) {
	e := fixtureEngine(t)
	filters := []Filter{{}, {Role: "data analyst"}, {Occupation: "data-scientist", From: date("2025-03-01")},
		{To: date("2025-06-30")}, {Role: "analyst", From: date("2025-07-01"), To: date("2025-12-31")}, {Limit: 100}}
	for _, f := range filters {
		useCube = true
		a, err := e.Demand(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		useCube = false
		b, err := e.Demand(context.Background(), f)
		useCube = true
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%+v: cube %+v\nscan %+v", f, a, b)
		}
		useCube = true
		pa, err := e.OccupationSkills(context.Background(), "data-scientist", f)
		if err != nil {
			t.Fatal(err)
		}
		useCube = false
		pb, err := e.OccupationSkills(context.Background(), "data-scientist", f)
		useCube = true
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(pa, pb) {
			t.Errorf("profile %+v: cube %+v\nscan %+v", f, pa, pb)
		}
		for _, iv := range []string{"month", "quarter"} {
			useCube = true
			ta, err := e.Trends(context.Background(), []string{"python", "sql", "r"}, f, iv)
			if err != nil {
				t.Fatal(err)
			}
			useCube = false
			tb, err := e.Trends(context.Background(), []string{"python", "sql", "r"}, f, iv)
			useCube = true
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(ta, tb) {
				t.Errorf("trends %+v %s: cube %+v\nscan %+v", f, iv, ta, tb)
			}
		}
	}
}

func TestRoleResolution(t *testing.T) {
	d := fixtureDataset(t)
	weak := func(string) *skillmatch.OccupationRef {
		return &skillmatch.OccupationRef{ID: "software-developer", Confidence: 0.7}
	}
	strong := func(string) *skillmatch.OccupationRef {
		return &skillmatch.OccupationRef{ID: "software-developer", Confidence: 1}
	}
	for _, tc := range []struct {
		role string
		rr   RoleResolver
		occ  string // "" = title terms
	}{
		{"Data Scientist", weak, "data-scientist"}, // exact title wins
		{"data-scientist", nil, "data-scientist"},  // an ID
		{"coder", strong, "software-developer"},    // confident resolver
		{"analyst", weak, ""},                      // weak resolver ignored; posting titles
		{"intelligence", weak, "data-analyst"},     // in no posting title: occupation title words
		{"backend", weak, ""},                      // posting titles
	} {
		e := New(StaticSource{d}, tc.rr)
		res, err := e.Demand(context.Background(), Filter{Role: tc.role})
		if err != nil {
			t.Fatalf("%q: %v", tc.role, err)
		}
		got := ""
		if len(res.Filter.Occupations) > 0 {
			got = res.Filter.Occupations[0].ID
		}
		if got != tc.occ || (got == "" && len(res.Filter.TitleTerms) == 0) {
			t.Errorf("%q resolved to %q %v, want %q", tc.role, got, res.Filter.TitleTerms, tc.occ)
		}
	}
}
