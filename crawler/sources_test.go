package crawler

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/skillmatch/skillmatch"
)

// newFixtureSite serves every fixture the source tests need.
func newFixtureSite(t *testing.T) (*httptest.Server, *hits) {
	t.Helper()
	h := newHits()
	mux := http.NewServeMux()
	mux.HandleFunc("/jobs/data-engineer", serveFile(t, "job_graph.html", "text/html; charset=utf-8"))
	mux.HandleFunc("/jobs/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<html><body><a href="/jobs/data-engineer">Data Engineer</a></body></html>`))
	})
	mux.HandleFunc("/courses/ml", serveFile(t, "course.html", "text/html"))
	mux.HandleFunc("/careers/nurse", serveFile(t, "microdata.html", "text/html"))
	mux.HandleFunc("/v1/boards/acme/jobs", serveFile(t, "greenhouse_jobs.json", "application/json"))
	mux.HandleFunc("/posting-api/job-board/globex", serveFile(t, "ashby_jobs.json", "application/json"))
	mux.HandleFunc("/feed.rss", serveFile(t, "feed.rss", "application/rss+xml"))
	mux.HandleFunc("/feed.atom", serveFile(t, "feed.atom", "application/atom+xml"))
	mux.HandleFunc("/badges/sql.json", serveFile(t, "badge_ob2.json", "application/json"))
	mux.HandleFunc("/badges/viz.json", serveFile(t, "badge_ob3.json", "application/json"))
	lever := fixture(t, "lever_postings.json")
	mux.HandleFunc("/v0/postings/initech", func(w http.ResponseWriter, r *http.Request) {
		var all []json.RawMessage
		if err := json.Unmarshal(lever, &all); err != nil {
			t.Error(err)
		}
		skip, _ := strconv.Atoi(r.URL.Query().Get("skip"))
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		if r.URL.Query().Get("mode") != "json" || limit <= 0 {
			http.Error(w, "want mode=json and limit", 400)
			return
		}
		end := min(skip+limit, len(all))
		page := all[min(skip, len(all)):end]
		json.NewEncoder(w).Encode(page)
	})
	srv := httptest.NewServer(h.wrap(mux))
	t.Cleanup(srv.Close)
	return srv, h
}

func TestSourcesEndToEnd(t *testing.T) {
	srv, h := newFixtureSite(t)
	abs, _ := filepath.Abs("testdata")
	tests := []struct {
		name   string
		spec   SourceSpec
		kinds  map[string]int // records by kind
		errors map[string]int
		check  func(t *testing.T, recs []Record)
	}{
		{
			name:   "jsonld graph with a malformed block beside it",
			spec:   SourceSpec{Type: "jsonld", URL: srv.URL + "/jobs/data-engineer", MaxDepth: -1},
			kinds:  map[string]int{"posting": 1},
			errors: map[string]int{"jsonld_malformed": 1},
			check: func(t *testing.T, recs []Record) {
				p := postings(recs)["Data Engineer"].Posting
				if p == nil {
					t.Fatalf("no Data Engineer posting in %+v", recs)
				}
				if p.ID != srv.URL+"/jobs/data-engineer" || p.Organization.Name != "Acme Inc." || p.Organization.URL != "https://acme.example" {
					t.Errorf("id/org: %q %+v", p.ID, p.Organization)
				}
				if p.Location != (skillmatch.Location{Locality: "Berlin", Region: "BE", Country: "DE"}) {
					t.Errorf("location %+v", p.Location)
				}
				if p.Salary == nil || *p.Salary != (skillmatch.Salary{Min: 60000, Max: 80000, Currency: "EUR", Period: "year"}) {
					t.Errorf("salary %+v", p.Salary)
				}
				if strings.Join(p.EmploymentType, ",") != "FULL_TIME,CONTRACTOR" || strings.Join(p.DeclaredSkills, ",") != "Python,SQL,dbt" {
					t.Errorf("employment %v skills %v", p.EmploymentType, p.DeclaredSkills)
				}
				want := "Acme builds data tools.\nRequirements\n- 3+ years of Python\n- SQL and dbt\nNice to have\n- Kafka"
				if p.Description != want {
					t.Errorf("description\n%q\nwant\n%q", p.Description, want)
				}
				if p.DatePosted.Format("2006-01-02") != "2025-10-01" || p.ValidThrough.Year() != 2025 || p.OccupationalCategory == "" || p.ContentHash == "" || p.CrawledAt.IsZero() {
					t.Errorf("dates/category/hash: %+v", p)
				}
			},
		},
		{
			name:  "jsonld listing page followed to the posting",
			spec:  SourceSpec{Type: "jsonld", URL: srv.URL + "/jobs/", MaxDepth: 1},
			kinds: map[string]int{"posting": 1}, errors: map[string]int{"jsonld_malformed": 1},
		},
		{
			name:  "jsonld course array and credential",
			spec:  SourceSpec{Type: "jsonld", URL: srv.URL + "/courses/ml"},
			kinds: map[string]int{"credential": 2},
			check: func(t *testing.T, recs []Record) {
				c := credentials(recs)["Intro to Machine Learning"].Credential
				if c == nil {
					t.Fatal("course missing")
				}
				if c.Type != skillmatch.CredentialCourse || c.Hours != 20 || c.Mode != "online" || c.Price != 49 || c.Currency != "USD" ||
					c.Rating != 4.6 || c.ReviewCount != 1200 || c.Enrollment != 50000 || c.Level != "beginner" || c.Language != "en" ||
					!c.HandsOn || !c.Mentor || !c.SelfPaced || c.Provider.Name != "Learnly" {
					t.Errorf("course fields: %+v", c)
				}
				if len(c.DeclaredSkills) != 2 || c.DeclaredSkills[1].URI != "http://data.europa.eu/esco/skill/abc" || c.DeclaredSkills[1].Framework != "ESCO" {
					t.Errorf("declared skills %+v", c.DeclaredSkills)
				}
				if strings.Join(c.LearningOutcomes, "|") != "Regression|Classification" || strings.Join(c.Prerequisites, "|") != "Basic Python" {
					t.Errorf("outcomes %v prereq %v", c.LearningOutcomes, c.Prerequisites)
				}
				cert := credentials(recs)["Certified Cloud Practitioner"].Credential
				if cert == nil || cert.Type != skillmatch.CredentialCertificate || cert.Provider.Name != "Cloud Board" || len(cert.DeclaredSkills) != 2 || cert.ID != "https://learnly.example/certs/ccp" {
					t.Errorf("certificate %+v", cert)
				}
			},
		},
		{
			name:  "microdata",
			spec:  SourceSpec{Type: "jsonld", URL: srv.URL + "/careers/nurse"},
			kinds: map[string]int{"posting": 1},
			check: func(t *testing.T, recs []Record) {
				p := postings(recs)["Nurse Practitioner"].Posting
				if p == nil || p.Organization.Name != "City Hospital" || p.Location.Locality != "Leeds" || p.Location.Country != "GB" ||
					p.Description != "Join our ward.\nRequirements\n- NMC registration" || p.EmploymentType[0] != "PART_TIME" || p.DatePosted.Day() != 15 {
					t.Errorf("microdata posting %+v", p)
				}
			},
		},
		{
			name:  "greenhouse",
			spec:  SourceSpec{Type: "greenhouse", URL: srv.URL + "/v1/boards/acme/jobs"},
			kinds: map[string]int{"posting": 2},
			check: func(t *testing.T, recs []Record) {
				p := postings(recs)["Data Engineer"].Posting
				if p == nil || p.ID != "greenhouse:acme:4012345" || p.Location.Locality != "Berlin" || p.Location.Country != "DE" ||
					!strings.Contains(p.Description, "Requirements\n- 3+ years of Python") || p.EmploymentType[0] != "FULL_TIME" {
					t.Errorf("greenhouse posting %+v", p)
				}
				f := postings(recs)["Frontend Engineer & Designer"].Posting
				if f == nil || f.Description != "Build UIs in React & TypeScript." || !f.Location.Remote {
					t.Errorf("escaped title/content not unescaped: %+v", f)
				}
			},
		},
		{
			name:  "lever paging",
			spec:  SourceSpec{Type: "lever", URL: srv.URL + "/v0/postings/initech", PageSize: 2},
			kinds: map[string]int{"posting": 3},
			check: func(t *testing.T, recs []Record) {
				if n := h.get("/v0/postings/initech"); n != 2 {
					t.Errorf("lever pages fetched %d, want 2 (skip=0, skip=2)", n)
				}
				p := postings(recs)["Product Manager"].Posting
				want := "Own the roadmap.\nRequirements\n- 5 years product management\n- SQL\nNice to have\n- Figma\nWe offer equity."
				if p == nil || p.Description != want || p.Salary.Period != "year" || p.Location.Country != "GB" || p.ID != "lever:initech:a1b2c3d4-0001" {
					t.Errorf("lever posting %+v", p)
				}
				s := postings(recs)["Support Specialist"].Posting
				if s == nil || s.Salary.Period != "hour" || !s.Location.Remote {
					t.Errorf("lever support %+v", s)
				}
			},
		},
		{
			name:  "ashby",
			spec:  SourceSpec{Type: "ashby", URL: srv.URL + "/posting-api/job-board/globex"},
			kinds: map[string]int{"posting": 1},
			check: func(t *testing.T, recs []Record) {
				p := recs[0].Posting
				if p.Salary == nil || p.Salary.Min != 150000 || p.Salary.Period != "year" || !p.Location.Remote || p.Location.Country != "US" ||
					p.EmploymentType[0] != "FULL_TIME" || !strings.Contains(p.Description, "You have\n- Kubernetes") {
					t.Errorf("ashby posting %+v", p)
				}
			},
		},
		{
			name:  "rss",
			spec:  SourceSpec{Type: "rss", URL: srv.URL + "/feed.rss"},
			kinds: map[string]int{"posting": 2},
			check: func(t *testing.T, recs []Record) {
				p := postings(recs)["Backend Developer (Go)"].Posting
				if p == nil || p.Organization.Name != "Initech" || p.Description != "We use Go and PostgreSQL.\n- Go" || p.DatePosted.Day() != 6 {
					t.Errorf("rss posting %+v", p)
				}
			},
		},
		{
			name:  "atom",
			spec:  SourceSpec{Type: "atom", URL: srv.URL + "/feed.atom"},
			kinds: map[string]int{"posting": 1},
		},
		{
			name:  "openbadges 2.0",
			spec:  SourceSpec{Type: "openbadges", URL: srv.URL + "/badges/sql.json"},
			kinds: map[string]int{"credential": 1},
			check: func(t *testing.T, recs []Record) {
				c := recs[0].Credential
				if c.Type != skillmatch.CredentialBadge || c.Provider.Name != "Badge Academy" || len(c.DeclaredSkills) != 2 ||
					c.DeclaredSkills[0].URI != "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d" ||
					c.DeclaredSkills[1].Name != "Relational databases" || !strings.Contains(c.Description, "Criteria\nPass the hands-on exam.") {
					t.Errorf("badge %+v", c)
				}
			},
		},
		{
			name:  "openbadges 3.0",
			spec:  SourceSpec{Type: "openbadges", URL: srv.URL + "/badges/viz.json"},
			kinds: map[string]int{"credential": 1},
			check: func(t *testing.T, recs []Record) {
				c := recs[0].Credential
				if c.Type != skillmatch.CredentialCertificate || c.Provider.Name != "Example University" || c.ID != "https://uni.example/achievements/data-viz" ||
					len(c.DeclaredSkills) != 1 || c.DeclaredSkills[0].Framework != "ESCO" {
					t.Errorf("ob3 %+v", c)
				}
			},
		},
		{
			name: "file csv with column mapping",
			spec: SourceSpec{Type: "file", URL: filepath.Join(abs, "postings.csv"), Kind: "postings", Columns: map[string]string{
				"id": "job_id", "title": "job_title", "organization": "company", "locality": "city", "description": "text",
				"salary_min": "salary_from", "salary_max": "salary_to", "salary_currency": "cur", "declared_skills": "skills"}},
			kinds:  map[string]int{"posting": 2},
			errors: map[string]int{"file_bad_line": 1},
			check: func(t *testing.T, recs []Record) {
				p := postings(recs)["Welder"].Posting
				if p == nil || p.ID != "c-1" || p.Salary.Min != 30000 || p.Salary.Currency != "GBP" || len(p.DeclaredSkills) != 2 || p.Location.Locality != "Sheffield" {
					t.Errorf("csv posting %+v", p)
				}
			},
		},
		{
			name:   "file jsonl credentials",
			spec:   SourceSpec{Type: "file", URL: filepath.Join(abs, "credentials.jsonl"), Kind: "credentials"},
			kinds:  map[string]int{"credential": 2},
			errors: map[string]int{"file_bad_line": 1},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sum, recs := runCrawl(t, testConfig(srv, tc.spec))
			for k, want := range tc.kinds {
				if sum.Records[k] != want {
					t.Errorf("records[%s] = %d, want %d (summary %+v)", k, sum.Records[k], want, sum)
				}
			}
			n := 0
			for _, v := range tc.kinds {
				n += v
			}
			if len(recs) != n {
				t.Errorf("sink got %d records, want %d", len(recs), n)
			}
			if len(tc.errors) != len(sum.Errors) {
				t.Errorf("errors %v, want %v", sum.Errors, tc.errors)
			}
			for k, want := range tc.errors {
				if sum.Errors[k] != want {
					t.Errorf("errors[%s] = %d, want %d", k, sum.Errors[k], want)
				}
			}
			if tc.check != nil && len(recs) > 0 {
				tc.check(t, recs)
			}
		})
	}
}
