package synth

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/skillmatch/skillmatch"
	"github.com/skillmatch/skillmatch/taxonomy"
)

func testTaxonomy(t *testing.T, withOccupations bool) *taxonomy.Taxonomy {
	t.Helper()
	b := taxonomy.NewBuilder("synth-test", "en")
	var ids []string
	for _, s := range []struct{ id, label, sector string }{
		{"python", "Python", "software"}, {"sql", "SQL", "software"}, {"docker", "Docker", "software"},
		{"kubernetes", "Kubernetes", "software"}, {"go", "Go programming", "software"}, {"excel", "Excel", "finance"},
		{"accounting", "accounting", "finance"}, {"auditing", "auditing", "finance"}, {"tax-law", "tax law", "finance"},
	} {
		if _, err := b.AddSkill(taxonomy.Skill{ID: s.id, Label: s.label, Sector: s.sector, Type: skillmatch.TypeSkill}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, s.id)
	}
	if withOccupations {
		b.AddOccupation(taxonomy.Occupation{ID: "dev", Title: "Software Developer", AltTitles: []string{"Software Engineer"}, Essential: ids[:4], Optional: ids[4:5]})
		b.AddOccupation(taxonomy.Occupation{ID: "acc", Title: "Accountant", Essential: ids[5:8], Optional: ids[8:]})
	}
	tax, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return tax
}

func TestDeterministic(t *testing.T) {
	tax := testTaxonomy(t, true)
	a, b := New(tax, Config{Seed: 7}), New(tax, Config{Seed: 7})
	if !reflect.DeepEqual(a.Postings(0, 50), b.Postings(0, 50)) || !reflect.DeepEqual(a.Credentials(0, 20), b.Credentials(0, 20)) {
		t.Fatal("same seed gave different records")
	}
	if reflect.DeepEqual(a.Posting(3), New(tax, Config{Seed: 8}).Posting(3)) {
		t.Fatal("different seeds gave the same posting")
	}
	if !reflect.DeepEqual(a.Posting(42), a.Postings(40, 45)[2]) {
		t.Fatal("Posting(i) differs from Postings range")
	}
}

func TestPostingsLookRealistic(t *testing.T) {
	for _, withOcc := range []bool{true, false} {
		tax := testTaxonomy(t, withOcc)
		g := New(tax, Config{Seed: 1})
		if len(g.Roles()) == 0 {
			t.Fatalf("no roles (occupations %v)", withOcc)
		}
		const n = 2000
		salaries := 0
		ids := map[string]bool{}
		start, end := time.Date(2024, 11, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
		for _, p := range g.Postings(0, n) {
			if ids[p.ID] {
				t.Fatalf("duplicate ID %s", p.ID)
			}
			ids[p.ID] = true
			if p.Salary != nil {
				if _, ok := p.Salary.Annual(); !ok {
					t.Errorf("unusable salary %+v", p.Salary)
				}
				salaries++
			}
			if p.DatePosted.Before(start) || !p.DatePosted.Before(end) {
				t.Errorf("date %v outside 24 months", p.DatePosted)
			}
			if p.Title == "" || p.Location.Country == "" {
				t.Errorf("empty fields: %+v", p)
			}
		}
		if share := float64(salaries) / n; share < 0.2 || share > 0.3 {
			t.Errorf("salary share %.2f, want about 0.25", share)
		}
	}
}

func TestCredentials(t *testing.T) {
	g := New(testTaxonomy(t, true), Config{Seed: 3})
	providers := map[string]bool{}
	declared := 0
	for _, c := range g.Credentials(0, 300) {
		providers[c.Provider.Name] = true
		if len(c.DeclaredSkills) > 0 {
			declared++
		}
		if !strings.Contains(c.Description, "Skills you will gain: ") {
			t.Errorf("no skills line: %q", c.Description)
		}
		if c.Rating < 3 || c.Rating > 5 || c.Hours <= 0 || len(c.LearningOutcomes) < 2 {
			t.Errorf("implausible credential %+v", c)
		}
	}
	if declared < 90 || declared > 150 {
		t.Errorf("%d of 300 credentials declare skills, want about 40%%", declared)
	}
	if len(providers) < 10 {
		t.Errorf("only %d providers", len(providers))
	}
}

func TestRisingSkillsGrow(t *testing.T) {
	b := taxonomy.NewBuilder("trend", "en")
	var ids []string
	for i := 0; i < 100; i++ {
		id := "s" + string(rune('a'+i/26)) + string(rune('a'+i%26))
		b.AddSkill(taxonomy.Skill{ID: id, Label: "Zork" + id, Type: skillmatch.TypeSkill})
		ids = append(ids, id)
	}
	b.AddOccupation(taxonomy.Occupation{ID: "o", Title: "Zork Engineer", Essential: ids[:50], Optional: ids[50:]})
	tax, _ := b.Build()
	g := New(tax, Config{Seed: 5})
	var rising []string
	for _, id := range ids {
		if g.Rising(id) {
			rising = append(rising, "Zork"+id)
		}
	}
	if len(rising) == 0 {
		t.Fatal("no rising skills")
	}
	early, late, ne, nl := 0, 0, 0, 0
	cut1, cut2 := time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	for _, p := range g.Postings(0, 3000) {
		hits := 0
		for _, s := range rising {
			if strings.Contains(p.Description, s+"\n") || strings.Contains(p.Description, s+" ") {
				hits++
			}
		}
		switch {
		case p.DatePosted.Before(cut1):
			early += hits
			ne++
		case !p.DatePosted.Before(cut2):
			late += hits
			nl++
		}
	}
	re, rl := float64(early)/float64(ne), float64(late)/float64(nl)
	if rl < 2*re {
		t.Errorf("rising skills per posting: first 6 months %.2f, last 6 months %.2f; want at least double", re, rl)
	}
}
