package match

import (
	"fmt"
	"strings"
	"testing"

	"github.com/skillmatch/skillmatch"
	"github.com/skillmatch/skillmatch/taxonomy"
)

// fixtureTaxonomy is a small taxonomy: programming > python > pandas, and a
// few flat skills; three occupations.
func fixtureTaxonomy(t testing.TB) *taxonomy.Taxonomy {
	t.Helper()
	b := taxonomy.NewBuilder("fixture-1", "en")
	for _, s := range []taxonomy.Skill{
		{ID: "programming", Label: "computer programming", Type: skillmatch.TypeSkill},
		{ID: "python", Label: "Python", Type: skillmatch.TypeTool, Broader: []string{"programming"}},
		{ID: "pandas", Label: "pandas", Type: skillmatch.TypeTool, Broader: []string{"python"}},
		{ID: "sql", Label: "SQL", Type: skillmatch.TypeTool},
		{ID: "excel", Label: "Microsoft Excel", Type: skillmatch.TypeTool, Forms: []taxonomy.SurfaceForm{{Text: "Excel", Kind: taxonomy.FormAlt}}},
		{ID: "tableau", Label: "Tableau", Type: skillmatch.TypeTool},
		{ID: "power-bi", Label: "Power BI", Type: skillmatch.TypeTool},
		{ID: "statistics", Label: "statistics", Type: skillmatch.TypeKnowledge},
		{ID: "machine-learning", Label: "machine learning", Type: skillmatch.TypeKnowledge},
		{ID: "r", Label: "R", Type: skillmatch.TypeTool},
		{ID: "communication", Label: "communication", Type: skillmatch.TypeSoft},
	} {
		if _, err := b.AddSkill(s); err != nil {
			t.Fatal(err)
		}
	}
	for _, o := range []taxonomy.Occupation{
		{ID: "data-analyst", Title: "Data Analyst", AltTitles: []string{"Business Intelligence Analyst"}, Essential: []string{"sql", "excel"}},
		{ID: "data-scientist", Title: "Data Scientist", Essential: []string{"python", "statistics"}, Optional: []string{"r"}},
		{ID: "software-developer", Title: "Software Developer", AltTitles: []string{"Software Engineer"}},
	} {
		if _, err := b.AddOccupation(o); err != nil {
			t.Fatal(err)
		}
	}
	tax, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return tax
}

// fp is a compact fixture posting: skills as "id:L" with L one of R
// (required), P (preferred), U (unspecified).
type fp struct {
	id, occ, month, country string
	remote                  bool
	skills                  string
	salary                  float64
	currency                string
	title                   string
}

var fixturePostings = []fp{
	{"p1", "data-analyst", "2025-01", "DE", false, "sql:R excel:R tableau:P", 50000, "EUR", "Data Analyst"},
	{"p2", "data-analyst", "2025-02", "DE", false, "sql:R excel:U communication:U", 52000, "EUR", "Data Analyst"},
	{"p3", "data-analyst", "2025-03", "FR", false, "excel:R python:P", 0, "", "Analyste de données"},
	{"p4", "data-analyst", "2025-05", "DE", false, "sql:R tableau:R", 48000, "EUR", "BI Analyst"},
	{"p5", "data-analyst", "2025-07", "DE", false, "sql:R python:R tableau:P", 60000, "EUR", "Data Analyst"},
	{"p6", "data-analyst", "2025-08", "DE", false, "sql:R python:R excel:P", 62000, "EUR", "Data Analyst"},
	{"p7", "data-analyst", "2025-09", "FR", false, "sql:U python:P power-bi:R", 0, "", "Data Analyst"},
	{"p8", "data-analyst", "2025-10", "DE", true, "sql:R python:R pandas:P", 65000, "EUR", "Data Analyst"},
	{"p9", "data-analyst", "2025-11", "DE", false, "sql:R excel:R", 55000, "EUR", "Data Analyst"},
	{"p10", "data-analyst", "2025-12", "US", false, "sql:R python:R tableau:R", 90000, "USD", "Data Analyst"},
	{"p11", "data-scientist", "2025-02", "DE", false, "python:R statistics:R machine-learning:R sql:P", 0, "", "Data Scientist"},
	{"p12", "data-scientist", "2025-04", "DE", false, "python:R r:P statistics:R", 0, "", "Data Scientist"},
	{"p13", "data-scientist", "2025-08", "DE", false, "python:R machine-learning:R pandas:R sql:U", 0, "", "Data Scientist"},
	{"p14", "data-scientist", "2025-09", "FR", false, "python:R machine-learning:R statistics:P", 0, "", "Data Scientist"},
	{"p15", "data-scientist", "2025-10", "DE", false, "python:R pandas:P machine-learning:U", 70000, "EUR", "Data Scientist"},
	{"p16", "data-scientist", "2025-11", "DE", false, "python:R statistics:R sql:P", 72000, "EUR", "Data Scientist"},
	{"p17", "software-developer", "2025-03", "DE", false, "python:R programming:R communication:P", 0, "", "Software Engineer"},
	{"p18", "software-developer", "2025-06", "DE", false, "programming:R sql:P", 0, "", "Backend Engineer"},
	{"p19", "software-developer", "2025-09", "FR", false, "python:R programming:R", 0, "", "Python Developer"},
	{"p20", "software-developer", "", "DE", false, "programming:R communication:U", 0, "", "Platform Engineer"},
}

type fc struct {
	id, title, provider string
	skills              string
	price               float64
	currency            string
	hours               float64
	mode, level         string
	rating              float64
	reviews             int
	completion          float64
	handsOn, mentor     bool
}

var fixtureCredentials = []fc{
	{"c1", "Python for Data Analysis", "Acme Academy", "python pandas", 49, "USD", 20, "online", "beginner", 4.6, 1200, 0.6, true, false},
	{"c2", "Tableau Desktop Specialist", "VizPro", "tableau", 250, "USD", 30, "online", "intermediate", 4.2, 0, 0, false, false},
	{"c3", "Power BI Data Analyst", "SoftCorp", "power-bi", 165, "USD", 40, "online", "intermediate", 4.4, 0, 0, false, false},
	{"c4", "Data Analytics Bootcamp", "Bootcamp Co", "python tableau sql excel communication", 3000, "USD", 400, "onsite", "beginner", 4.7, 0, 0.8, true, true},
	{"c5", "Intro to Programming", "Acme Academy", "programming", 0, "USD", 10, "online", "beginner", 4.0, 0, 0, false, false},
	{"c6", "Machine Learning Specialization", "Acme Academy", "machine-learning python statistics", 79, "USD", 60, "online", "advanced", 4.9, 0, 0, false, false},
	{"c7", "Excel Essentials", "SoftCorp", "excel", 30, "USD", 8, "online", "beginner", 4.1, 0, 0, false, false},
	{"c8", "Advanced Pandas", "VizPro", "pandas", 40, "USD", 12, "online", "advanced", 4.3, 0, 0, false, false},
	{"c9", "Business Communication", "Bootcamp Co", "communication", 20, "USD", 5, "blended", "beginner", 3.9, 0, 0, false, false},
	{"c10", "Statistics with R", "Uni Open", "statistics r", 0, "EUR", 30, "online", "intermediate", 0, 0, 0, false, false},
}

func month(t testing.TB, s string) int {
	if s == "" {
		return -1
	}
	var y, m int
	if _, err := fmt.Sscanf(s, "%d-%d", &y, &m); err != nil {
		t.Fatal(err)
	}
	return y*12 + m - 1
}

func fixtureDataset(t testing.TB) *Dataset {
	t.Helper()
	b := NewDatasetBuilder(fixtureTaxonomy(t), Versions{Taxonomy: "fixture-1", Extractor: "test"})
	for _, p := range fixturePostings {
		r := PostingRow{ID: p.id, Month: month(t, p.month), Occupation: p.occ, Country: p.country, Remote: p.remote,
			Source: "fixture", Salary: p.salary, Currency: p.currency, Title: tokens(p.title)}
		for _, f := range strings.Fields(p.skills) {
			id, lv, _ := strings.Cut(f, ":")
			r.Skills = append(r.Skills, id)
			switch lv {
			case "R":
				r.Required = append(r.Required, id)
			case "P":
				r.Preferred = append(r.Preferred, id)
			}
		}
		b.AddPosting(r)
	}
	for _, c := range fixtureCredentials {
		b.AddCredential(&Credential{Credential: &skillmatch.Credential{ID: c.id, Title: c.title,
			Provider: skillmatch.Organization{Name: c.provider}, Type: skillmatch.CredentialCourse,
			Price: c.price, Currency: c.currency, Hours: c.hours, Mode: c.mode, Level: c.level, Rating: c.rating,
			ReviewCount: c.reviews, CompletionRate: c.completion, HandsOn: c.handsOn, Mentor: c.mentor},
			Skills: strings.Fields(c.skills)})
	}
	return b.Build()
}

func fixtureEngine(t testing.TB) *Engine { return New(StaticSource{fixtureDataset(t)}, nil) }
