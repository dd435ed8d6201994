package corpus

import (
	"strings"
	"testing"
	"time"
)

// The sample corpus is part of the product: these checks keep it as varied
// as the README promises (roles, regions, months, salaries, providers).
func TestSamplePostings(t *testing.T) {
	ps, err := Postings()
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) < 400 {
		t.Fatalf("%d postings, want >= 400", len(ps))
	}
	ids := map[string]bool{}
	titles, countries, months := map[string]bool{}, map[string]bool{}, map[string]bool{}
	withSalary := 0
	var first, last time.Time
	for _, p := range ps {
		if p.ID == "" || ids[p.ID] {
			t.Fatalf("missing or duplicate id %q", p.ID)
		}
		ids[p.ID] = true
		if p.Title == "" || p.Description == "" || p.Organization.Name == "" || p.DatePosted.IsZero() {
			t.Fatalf("posting %s lacks title, description, organization or date", p.ID)
		}
		for _, h := range []string{"Requirements", "Benefits"} {
			if !strings.Contains(p.Description, h+"\n") {
				t.Errorf("posting %s has no %q section", p.ID, h)
			}
		}
		titles[p.Title] = true
		countries[p.Location.Country] = true
		months[p.DatePosted.Format("2006-01")] = true
		if p.Salary != nil {
			if _, ok := p.Salary.Annual(); !ok {
				t.Errorf("posting %s has an unusable salary %+v", p.ID, p.Salary)
			}
			withSalary++
		}
		if first.IsZero() || p.DatePosted.Before(first) {
			first = p.DatePosted
		}
		if p.DatePosted.After(last) {
			last = p.DatePosted
		}
	}
	if len(titles) < 60 || len(countries) < 5 || len(months) < 18 {
		t.Errorf("%d titles, %d countries, %d months; want >= 60, 5, 18", len(titles), len(countries), len(months))
	}
	if share := float64(withSalary) / float64(len(ps)); share < 0.2 || share > 0.5 {
		t.Errorf("salary share %.2f, want between 0.2 and 0.5 (JSON-LD postings carry pay about 1 in 4)", share)
	}
}

// A skill that the generator makes rise must be asked for more often in the
// last six months than in the first six: the demand views rely on it.
func TestSamplePostingsHaveTrends(t *testing.T) {
	ps, err := Postings()
	if err != nil {
		t.Fatal(err)
	}
	var early, late, earlyN, lateN int
	for _, p := range ps {
		if !strings.Contains(p.Title, "Data Engineer") && !strings.Contains(p.Title, "Analytics Engineer") && !strings.Contains(p.Title, "Data Analyst") {
			continue
		}
		has := strings.Contains(p.Description, "dbt")
		switch m := p.DatePosted.Year()*12 + int(p.DatePosted.Month()); {
		case m < 2025*12+11:
			earlyN++
			if has {
				early++
			}
		case m > 2026*12+4:
			lateN++
			if has {
				late++
			}
		}
	}
	if earlyN == 0 || lateN == 0 {
		t.Fatalf("no data postings early (%d) or late (%d)", earlyN, lateN)
	}
	if e, l := float64(early)/float64(earlyN), float64(late)/float64(lateN); l < 2*e {
		t.Errorf("dbt share early %.2f late %.2f: want the late share at least double", e, l)
	}
}

func TestSampleCredentials(t *testing.T) {
	cs, err := Credentials()
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) < 150 {
		t.Fatalf("%d credentials, want >= 150", len(cs))
	}
	providers, types, modes, levels := map[string]int{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	free, handsOn, mentor := 0, 0, 0
	for _, c := range cs {
		if c.ID == "" || c.Title == "" || c.Provider.Name == "" || c.Hours <= 0 {
			t.Fatalf("credential %+v lacks id, title, provider or hours", c)
		}
		if c.Rating < 0 || c.Rating > 5 || c.CompletionRate < 0 || c.CompletionRate > 1 {
			t.Errorf("credential %s: rating %.2f or completion %.2f out of range", c.ID, c.Rating, c.CompletionRate)
		}
		providers[c.Provider.Name]++
		types[string(c.Type)] = true
		modes[c.Mode] = true
		levels[c.Level] = true
		if c.Price == 0 {
			free++
		}
		if c.HandsOn {
			handsOn++
		}
		if c.Mentor {
			mentor++
		}
	}
	if len(providers) < 10 || len(types) < 5 || len(modes) < 3 || len(levels) < 3 {
		t.Errorf("%d providers, %d types, %d modes, %d levels: want >= 10, 5, 3, 3", len(providers), len(types), len(modes), len(levels))
	}
	if free == 0 || handsOn == 0 || mentor == 0 || handsOn == len(cs) || mentor == len(cs) {
		t.Errorf("free %d, hands-on %d, mentor %d of %d: want a mix", free, handsOn, mentor, len(cs))
	}
}

func TestDecodeReportsLine(t *testing.T) {
	_, err := decode[map[string]any]("x.jsonl", []byte("{}\n{bad\n"))
	if err == nil || !strings.Contains(err.Error(), "x.jsonl:2") {
		t.Fatalf("err = %v, want one naming x.jsonl:2", err)
	}
}
