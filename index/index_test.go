package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skillmatch/skillmatch"
	"github.com/skillmatch/skillmatch/extract"
	"github.com/skillmatch/skillmatch/taxonomy"
)

// fixtureTaxonomy is small and fixed so that tests do not move with the
// bundled default.
func fixtureTaxonomy(t testing.TB) *taxonomy.Taxonomy {
	t.Helper()
	b := taxonomy.NewBuilder("fixture-1", "en")
	skills := []taxonomy.Skill{
		{ID: "python", Label: "Python", Type: skillmatch.TypeTool, URIs: []string{"http://data.europa.eu/esco/skill/python"}},
		{ID: "sql", Label: "SQL", Type: skillmatch.TypeTool},
		{ID: "docker", Label: "Docker", Type: skillmatch.TypeTool},
		{ID: "kubernetes", Label: "Kubernetes", Type: skillmatch.TypeTool, Forms: []taxonomy.SurfaceForm{{Text: "k8s", Kind: taxonomy.FormAlt}}},
		{ID: "machine-learning", Label: "machine learning", Type: skillmatch.TypeKnowledge},
		{ID: "accounting", Label: "accounting", Type: skillmatch.TypeKnowledge},
		{ID: "bookkeeping", Label: "bookkeeping", Type: skillmatch.TypeSkill},
	}
	for _, s := range skills {
		if _, err := b.AddSkill(s); err != nil {
			t.Fatal(err)
		}
	}
	occs := []taxonomy.Occupation{
		{ID: "data-scientist", Title: "Data Scientist", AltTitles: []string{"Machine Learning Scientist"}, Essential: []string{"python", "machine-learning"}},
		{ID: "software-developer", Title: "Software Developer", AltTitles: []string{"Software Engineer", "Backend Developer"}, Essential: []string{"python"}},
		{ID: "devops-engineer", Title: "DevOps Engineer", AltTitles: []string{"Site Reliability Engineer"}, Essential: []string{"docker", "kubernetes"}},
		{ID: "accountant", Title: "Accountant", Essential: []string{"accounting", "bookkeeping"}},
	}
	for _, o := range occs {
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

func fixtureExtractor(t testing.TB) *extract.Extractor {
	t.Helper()
	ex, err := extract.New(fixtureTaxonomy(t), extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return ex
}

func day(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

func fixturePostings() []skillmatch.Posting {
	return []skillmatch.Posting{
		{ID: "p1", Source: "greenhouse", Title: "Senior Data Scientist (m/f/d)", Organization: skillmatch.Organization{Name: "Acme"},
			Location: skillmatch.Location{Locality: "Berlin", Country: "DE"}, DatePosted: day("2025-03-10"),
			Salary:      &skillmatch.Salary{Min: 60000, Max: 80000, Currency: "EUR", Period: "year"},
			Description: "Requirements\nStrong Python and SQL skills.\nNice to have\nExperience with Docker.\nAbout us\nWe value bookkeeping in our team."},
		{ID: "p2", Source: "lever", Title: "Backend Engineer", Organization: skillmatch.Organization{Name: "Beta"},
			Location: skillmatch.Location{Locality: "London", Country: "GB", Remote: true}, DatePosted: day("2025-04-02"),
			Description: "Requirements\nYou know Python and Kubernetes. No bookkeeping experience is needed."},
		{ID: "p3", Source: "greenhouse", Title: "Staff Accountant", Organization: skillmatch.Organization{Name: "Gamma"},
			Location: skillmatch.Location{Locality: "Paris", Country: "FR"}, DatePosted: day("2025-05-20"),
			Salary:      &skillmatch.Salary{Min: 3000, Currency: "EUR", Period: "month"},
			Description: "Requirements\nAccounting degree and bookkeeping."},
	}
}

func fixtureCredentials() []skillmatch.Credential {
	return []skillmatch.Credential{
		{ID: "c1", Source: "catalog", Title: "Python for Data Science", Provider: skillmatch.Organization{Name: "Learn Co"},
			Type: skillmatch.CredentialCourse, Description: "In this course you learn Python programming and machine learning.", Price: 49, Hours: 20, Mode: "Online", Level: "beginner", Rating: 4.5},
		{ID: "c2", Source: "catalog", Title: "Container Bootcamp", Provider: skillmatch.Organization{Name: "Ops Academy"},
			Type: skillmatch.CredentialCertificate, Description: "Hands-on containers.", Price: 900, Hours: 60, Mode: "blended", Level: "intermediate", Rating: 3.9,
			DeclaredSkills: []skillmatch.DeclaredSkill{{Name: "Docker"}, {Name: "Serverless Magic"}, {Name: "snake language", URI: "http://data.europa.eu/esco/skill/python"}}},
	}
}

func openFixture(t *testing.T, dir string) *Index {
	t.Helper()
	ix, err := Open(dir, fixtureExtractor(t), Options{BatchSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func mustAdd(t *testing.T, ix *Index) {
	t.Helper()
	ctx := context.Background()
	st, err := ix.AddPostings(ctx, fixturePostings())
	if err != nil || st.Failed != 0 || st.Added != 3 {
		t.Fatalf("AddPostings = %+v, %v", st, err)
	}
	cst, err := ix.AddCredentials(ctx, fixtureCredentials())
	if err != nil || cst.Failed != 0 || cst.Added != 2 {
		t.Fatalf("AddCredentials = %+v, %v", cst, err)
	}
}

func TestIngestDerivesDemandAndOccupation(t *testing.T) {
	for _, mode := range []string{"memory", "disk"} {
		t.Run(mode, func(t *testing.T) {
			dir := ""
			if mode == "disk" {
				dir = t.TempDir()
			}
			ix := openFixture(t, dir)
			mustAdd(t, ix)
			p1, err := ix.Posting("p1")
			if err != nil {
				t.Fatal(err)
			}
			// Bookkeeping is in the about section: no demand. Docker is nice to have.
			if want := []string{"docker", "python", "sql"}; !reflect.DeepEqual(p1.Skills, want) {
				t.Errorf("p1 skills = %v, want %v", p1.Skills, want)
			}
			if !contains(p1.Preferred, "docker") || contains(p1.Required, "docker") {
				t.Errorf("p1 required %v preferred %v: docker should be preferred", p1.Required, p1.Preferred)
			}
			if p1.Occupation == nil || p1.Occupation.ID != "data-scientist" || !p1.OccupationFromTitle {
				t.Errorf("p1 occupation = %+v", p1.Occupation)
			}
			// Stored compactly, mentions come back exactly as extracted.
			fresh := ix.Extractor().Extract(extract.Document{Text: p1.Description}).Mentions
			if len(fresh) == 0 || !reflect.DeepEqual(p1.Mentions, fresh) {
				t.Errorf("stored mentions differ from extraction:\n got %+v\nwant %+v", p1.Mentions, fresh)
			}
			if p1.TaxonomyVersion != "fixture-1" || p1.ExtractorVersion != extract.Version {
				t.Errorf("p1 versions = %q %q", p1.TaxonomyVersion, p1.ExtractorVersion)
			}
			p2, _ := ix.Posting("p2")
			if contains(p2.Skills, "bookkeeping") { // negated
				t.Errorf("p2 skills %v contain negated bookkeeping", p2.Skills)
			}
			if p2.Occupation == nil || p2.Occupation.ID != "software-developer" {
				t.Errorf("p2 occupation = %+v", p2.Occupation)
			}
			c2, err := ix.Credential("c2")
			if err != nil {
				t.Fatal(err)
			}
			if want := []string{"docker", "python"}; !reflect.DeepEqual(c2.Skills, want) {
				t.Errorf("c2 skills = %v, want %v (declared by label and by URI)", c2.Skills, want)
			}
			c1, _ := ix.Credential("c1")
			freshC := ix.Extractor().Extract(extract.Document{Text: credentialText(&c1.Credential)}).Mentions
			if len(freshC) == 0 || !reflect.DeepEqual(c1.Mentions, freshC) {
				t.Errorf("stored credential mentions differ from extraction:\n got %+v\nwant %+v", c1.Mentions, freshC)
			}
			if tc := ix.Snapshot().Credentials(); len(tc) != 2 || !reflect.DeepEqual(tc[0].Mentions, freshC) && !reflect.DeepEqual(tc[1].Mentions, freshC) {
				t.Errorf("table credentials lack the mentions")
			}
			if !reflect.DeepEqual(c2.UnresolvedSkills, []string{"Serverless Magic"}) || c2.ProviderID != "ops-academy" {
				t.Errorf("c2 unresolved %v provider %q", c2.UnresolvedSkills, c2.ProviderID)
			}
			if _, err := ix.Posting("nope"); !errors.Is(err, ErrNotFound) {
				t.Errorf("Posting(nope) err = %v", err)
			}
			if tv, ev := ix.Versions(); tv != "fixture-1" || ev != extract.Version {
				t.Errorf("Versions = %q %q", tv, ev)
			}
			checkTable(t, ix.Snapshot())
		})
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// checkTable checks the analytics rows of the fixture postings.
func checkTable(t *testing.T, tb *Table) {
	t.Helper()
	if tb.Len() != 3 || len(tb.Credentials()) != 2 {
		t.Fatalf("table has %d rows, %d credentials", tb.Len(), len(tb.Credentials()))
	}
	byID := map[string]Row{}
	for _, r := range tb.Rows() {
		byID[tb.PostingID(r.Num)] = r
	}
	r1 := byID["p1"]
	if r1.Month != MonthOf(2025, 3) || tb.Str(r1.Country) != "DE" || tb.Str(r1.Source) != "greenhouse" || tb.Str(r1.Org) != "Acme" {
		t.Errorf("p1 row = %+v", r1)
	}
	if r1.Salary != 70000 || tb.Str(r1.Currency) != "EUR" || tb.Str(r1.Occupation) != "data-scientist" {
		t.Errorf("p1 salary %v %s occupation %s", r1.Salary, tb.Str(r1.Currency), tb.Str(r1.Occupation))
	}
	var names []string
	for _, s := range r1.Skills {
		names = append(names, tb.SkillID(s))
	}
	if want := []string{"docker", "python", "sql"}; !sameSet(names, want) {
		t.Errorf("p1 row skills = %v, want %v", names, want)
	}
	py, ok := tb.SkillNum("python")
	if !ok || !r1.HasSkill(py) {
		t.Errorf("SkillNum(python) = %d %v", py, ok)
	}
	if r3 := byID["p3"]; r3.Salary != 36000 {
		t.Errorf("p3 annual salary = %v, want 36000", r3.Salary)
	}
	if r2 := byID["p2"]; !r2.Remote || r2.Salary != 0 || r2.Currency != -1 {
		t.Errorf("p2 row = %+v", r2)
	}
	terms, ok := tb.TitleTerms("data scientists")
	r2 := byID["p2"]
	if !ok || !r1.TitleHasAll(terms) || r2.TitleHasAll(terms) {
		t.Errorf("TitleTerms(data scientists) = %v %v", terms, ok)
	}
}

func sameSet(a, b []string) bool {
	m := map[string]int{}
	for _, x := range a {
		m[x]++
	}
	for _, x := range b {
		m[x]--
	}
	for _, v := range m {
		if v != 0 {
			return false
		}
	}
	return len(a) == len(b)
}

func TestIdempotentReingest(t *testing.T) {
	for _, mode := range []string{"memory", "disk"} {
		t.Run(mode, func(t *testing.T) {
			dir := ""
			if mode == "disk" {
				dir = t.TempDir()
			}
			ix := openFixture(t, dir)
			mustAdd(t, ix)
			ps := fixturePostings()
			ps[1].Title = "Site Reliability Engineer"
			ps[1].Description = "Requirements\nYou have experience with Docker."
			st, err := ix.AddPostings(context.Background(), ps)
			if err != nil || st.Added != 0 || st.Updated != 3 {
				t.Fatalf("re-ingest = %+v, %v", st, err)
			}
			if n := ix.Snapshot().Len(); n != 3 {
				t.Errorf("table rows after re-ingest = %d, want 3", n)
			}
			res, err := ix.SearchPostings(context.Background(), PostingQuery{})
			if err != nil || res.Total != 3 {
				t.Fatalf("match-all total = %d, %v", res.Total, err)
			}
			p2, _ := ix.Posting("p2")
			if !reflect.DeepEqual(p2.Skills, []string{"docker"}) || p2.Occupation.ID != "devops-engineer" {
				t.Errorf("updated p2 = %v %+v", p2.Skills, p2.Occupation)
			}
			res, _ = ix.SearchPostings(context.Background(), PostingQuery{Skill: "kubernetes"})
			if res.Total != 0 {
				t.Errorf("old skill still indexed: %d hits for kubernetes", res.Total)
			}
		})
	}
}

func TestReopenKeepsData(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(dir, fixtureExtractor(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	mustAdd(t, ix)
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix2 := openFixture(t, dir)
	for _, id := range []string{"p1", "p2", "p3"} {
		if _, err := ix2.Posting(id); err != nil {
			t.Errorf("after reopen: %v", err)
		}
	}
	if _, err := ix2.Credential("c1"); err != nil {
		t.Errorf("after reopen: %v", err)
	}
	checkTable(t, ix2.Snapshot())
	res, err := ix2.SearchPostings(context.Background(), PostingQuery{Text: "accounting"})
	if err != nil || res.Total != 1 || res.Hits[0].Doc.ID != "p3" {
		t.Errorf("search after reopen = %+v, %v", res, err)
	}
	cr, err := ix2.SearchCredentials(context.Background(), CredentialQuery{Skill: "docker"})
	if err != nil || cr.Total != 1 {
		t.Errorf("credential search after reopen = %+v, %v", cr, err)
	}
}

func TestSearchPostingsFilters(t *testing.T) {
	ix := openFixture(t, "")
	mustAdd(t, ix)
	ctx := context.Background()
	cases := []struct {
		name string
		q    PostingQuery
		want []string
	}{
		{"all newest first", PostingQuery{}, []string{"p3", "p2", "p1"}},
		{"text stemmed", PostingQuery{Text: "scientists"}, []string{"p1"}},
		{"skill", PostingQuery{Skill: "python"}, []string{"p2", "p1"}},
		{"skill by label", PostingQuery{Skill: "Kubernetes"}, []string{"p2"}},
		{"negated skill not demand", PostingQuery{Skill: "bookkeeping"}, []string{"p3"}},
		{"occupation", PostingQuery{Occupation: "accountant"}, []string{"p3"}},
		{"location country", PostingQuery{Location: "de"}, []string{"p1"}},
		{"location city", PostingQuery{Location: "London"}, []string{"p2"}},
		{"remote", PostingQuery{Location: "remote"}, []string{"p2"}},
		{"source", PostingQuery{Source: "greenhouse"}, []string{"p3", "p1"}},
		{"date range inclusive", PostingQuery{From: day("2025-04-01"), To: day("2025-05-20")}, []string{"p3", "p2"}},
		{"combined", PostingQuery{Skill: "python", Source: "lever"}, []string{"p2"}},
		{"limit offset", PostingQuery{Limit: 1, Offset: 1}, []string{"p2"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := ix.SearchPostings(ctx, c.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range res.Hits {
				got = append(got, h.Doc.ID)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

func TestSnippetHighlightsMention(t *testing.T) {
	ix := openFixture(t, "")
	mustAdd(t, ix)
	res, err := ix.SearchPostings(context.Background(), PostingQuery{Skill: "sql"})
	if err != nil || len(res.Hits) != 1 {
		t.Fatalf("%+v %v", res, err)
	}
	sn := res.Hits[0].Snippet
	if got := string([]rune(sn.Text)[sn.Start:sn.End]); got != "SQL" {
		t.Errorf("highlight = %q in %q", got, sn.Text)
	}
	res, _ = ix.SearchPostings(context.Background(), PostingQuery{Text: "degree"})
	if len(res.Hits) != 1 {
		t.Fatalf("degree hits = %d", len(res.Hits))
	}
	sn = res.Hits[0].Snippet
	if got := string([]rune(sn.Text)[sn.Start:sn.End]); got != "degree" {
		t.Errorf("text highlight = %q in %q", got, sn.Text)
	}
}

func TestSearchCredentialsFilters(t *testing.T) {
	ix := openFixture(t, "")
	mustAdd(t, ix)
	cases := []struct {
		name string
		q    CredentialQuery
		want []string
	}{
		{"all by rating", CredentialQuery{}, []string{"c1", "c2"}},
		{"text", CredentialQuery{Text: "bootcamp"}, []string{"c2"}},
		{"skill", CredentialQuery{Skill: "python"}, []string{"c1", "c2"}},
		{"provider name", CredentialQuery{Provider: "Learn Co"}, []string{"c1"}},
		{"mode case-insensitive", CredentialQuery{Mode: "ONLINE"}, []string{"c1"}},
		{"type", CredentialQuery{Type: "certificate"}, []string{"c2"}},
		{"level", CredentialQuery{Level: "intermediate"}, []string{"c2"}},
		{"max price", CredentialQuery{MaxPrice: 100}, []string{"c1"}},
		{"max hours", CredentialQuery{MaxHours: 60}, []string{"c1", "c2"}},
		{"min rating", CredentialQuery{MinRating: 4}, []string{"c1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := ix.SearchCredentials(context.Background(), c.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range res.Hits {
				got = append(got, h.Doc.ID)
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
		})
	}
}

func TestMatchOccupation(t *testing.T) {
	ix := openFixture(t, "")
	cases := []struct {
		title string
		want  string
		exact bool
	}{
		{"Data Scientist", "data-scientist", true},
		{"Senior Data Scientist (m/f/d)", "data-scientist", true},
		{"Sr. Software Engineer (w/m/d)", "software-developer", true},
		{"Lead Data Scientists", "data-scientist", true},
		{"Data Scientist, NLP and Search", "data-scientist", false},
		{"Machine Learning Scientist II", "data-scientist", true},
		{"Senior Backend Developer - Payments", "software-developer", false},
		{"Site Reliability Engineer", "devops-engineer", true},
		{"Chief Happiness Officer", "", false},
		{"", "", false},
		{"Engineer", "", false},
	}
	for _, c := range cases {
		t.Run(c.title, func(t *testing.T) {
			got := ix.MatchOccupation(c.title)
			if c.want == "" {
				if got != nil {
					t.Errorf("got %+v, want nil", got)
				}
				return
			}
			if got == nil || got.ID != c.want {
				t.Fatalf("got %+v, want %s", got, c.want)
			}
			if c.exact != (got.Confidence == 1) || got.Confidence < minOccupationConfidence {
				t.Errorf("confidence = %v (exact %v)", got.Confidence, c.exact)
			}
		})
	}
}

func TestBadRecordsReportedNotLost(t *testing.T) {
	ix := openFixture(t, "")
	ps := []skillmatch.Posting{
		{Title: "Data Scientist", URL: "https://jobs.example/1", Description: "Python."},
		{Title: "", Description: ""}, // nothing to index
		{Title: "Bad \xff\xfe UTF-8 Accountant", Description: "Accounting \xc3\x28 and Excel."},
		{Title: "Software Engineer", Description: "Python and Docker."}, // no ID, no URL: content hash
	}
	st, err := ix.AddPostings(context.Background(), ps)
	if err != nil {
		t.Fatal(err)
	}
	if st.Added != 3 || st.Failed != 1 || len(st.Errors) != 1 || st.Errors[0].Index != 1 {
		t.Fatalf("stats = %+v", st)
	}
	if _, err := ix.Posting("https://jobs.example/1"); err != nil {
		t.Errorf("URL as ID: %v", err)
	}
	rows := ix.Snapshot().Rows()
	if len(rows) != 3 {
		t.Fatalf("rows = %d", len(rows))
	}
	for _, r := range rows {
		id := ix.Snapshot().PostingID(r.Num)
		d, err := ix.Posting(id)
		if err != nil {
			t.Fatal(err)
		}
		if !utf8Valid(d.Title) || !utf8Valid(d.Description) {
			t.Errorf("%s: invalid UTF-8 kept: %q", id, d.Title)
		}
	}
	// The same content without ID gets the same hash ID: re-ingest updates.
	st, _ = ix.AddPostings(context.Background(), ps[3:])
	if st.Updated != 1 || st.Added != 0 {
		t.Errorf("re-ingest of hashed record = %+v", st)
	}
}

func utf8Valid(s string) bool { return s == string([]rune(s)) }

func TestQueriesConcurrentWithIngestion(t *testing.T) {
	ix := openFixture(t, t.TempDir())
	ctx := context.Background()
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			tb := ix.Snapshot()
			n := 0
			for _, r := range tb.Rows() {
				n += len(r.Skills)
				if len(r.Skills) > 0 {
					_ = tb.SkillID(r.Skills[0])
				}
				_ = tb.PostingID(r.Num)
			}
			tb.SkillNum("python")
			tb.StrNum("DE")
			if _, err := ix.SearchPostings(ctx, PostingQuery{Text: "python", Skill: "python"}); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for round := 0; round < 5; round++ {
		var ps []skillmatch.Posting
		for i := 0; i < 20; i++ {
			ps = append(ps, skillmatch.Posting{ID: fmt.Sprintf("x%d", i), Title: "Data Scientist", Source: fmt.Sprintf("s%d", round),
				Location:    skillmatch.Location{Country: fmt.Sprintf("C%d", i%3)},
				Description: "Requirements\nPython and SQL."})
		}
		if _, err := ix.AddPostings(ctx, ps); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	if n := ix.Snapshot().Len(); n != 20 {
		t.Errorf("rows = %d, want 20", n)
	}
}

func TestReindexAfterTaxonomyChange(t *testing.T) {
	dir := t.TempDir()
	ix := openFixture(t, dir)
	mustAdd(t, ix)
	// A new taxonomy version without docker.
	b := taxonomy.NewBuilder("fixture-2", "en")
	for _, s := range fixtureTaxonomy(t).Skills() {
		if s.ID != "docker" {
			cp := *s
			cp.Forms = nil
			if _, err := b.AddSkill(cp); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, o := range fixtureTaxonomy(t).Occupations() {
		b.AddOccupation(*o)
	}
	tax2, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	ex2, _ := extract.New(tax2, extract.Options{})
	var calls, lastDone, lastTotal int
	if err := ix.Reindex(context.Background(), ex2, func(d, tot int) { calls++; lastDone, lastTotal = d, tot }); err != nil {
		t.Fatal(err)
	}
	if calls == 0 || lastDone != 5 || lastTotal != 5 {
		t.Errorf("progress calls %d last %d/%d", calls, lastDone, lastTotal)
	}
	p1, _ := ix.Posting("p1")
	if contains(p1.Skills, "docker") || p1.TaxonomyVersion != "fixture-2" {
		t.Errorf("after reindex p1 = %v %s", p1.Skills, p1.TaxonomyVersion)
	}
	if tv, _ := ix.Versions(); tv != "fixture-2" || ix.NeedsReindex() {
		t.Errorf("versions %s needs %v", tv, ix.NeedsReindex())
	}
	tb := ix.Snapshot()
	if _, ok := tb.SkillNum("docker"); ok {
		t.Errorf("docker still interned after reindex")
	}
	if tb.Len() != 3 || len(tb.Credentials()) != 2 {
		t.Errorf("table after reindex: %d rows %d creds", tb.Len(), len(tb.Credentials()))
	}
}

func TestChunkWithOnlyFailures(t *testing.T) {
	for _, dir := range []string{"", t.TempDir()} {
		ix := openFixture(t, dir) // batch size 2
		ps := []skillmatch.Posting{{ID: "e1"}, {ID: "e2"}, {ID: "ok", Title: "Accountant", Description: "Accounting."}}
		st, err := ix.AddPostings(context.Background(), ps)
		if err != nil || st.Failed != 2 || st.Added != 1 {
			t.Fatalf("dir %q: %+v %v", dir, st, err)
		}
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestLostBleveIndexDetectedAndRebuilt(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(dir, fixtureExtractor(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	mustAdd(t, ix)
	ix.Close()
	if err := os.RemoveAll(filepath.Join(dir, postingsDir)); err != nil {
		t.Fatal(err)
	}
	ix2 := openFixture(t, dir)
	if !ix2.NeedsReindex() {
		t.Fatal("missing postings index not detected")
	}
	if err := ix2.Reindex(context.Background(), nil, nil); err != nil {
		t.Fatal(err)
	}
	res, err := ix2.SearchPostings(context.Background(), PostingQuery{Skill: "python"})
	if err != nil || res.Total != 2 || ix2.NeedsReindex() {
		t.Errorf("after reindex: %d hits, %v, needs reindex %v", res.Total, err, ix2.NeedsReindex())
	}
}

func TestReindexReasonOnVersionChange(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(dir, fixtureExtractor(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if ix.NeedsReindex() {
		t.Error("empty index needs reindex")
	}
	mustAdd(t, ix)
	ix.Close()
	b := taxonomy.NewBuilder("fixture-9", "en")
	b.AddSkill(taxonomy.Skill{ID: "python", Label: "Python", Type: skillmatch.TypeTool})
	tax9, _ := b.Build()
	ex9, _ := extract.New(tax9, extract.Options{})
	ix9, err := Open(dir, ex9, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix9.Close()
	if r := ix9.ReindexReason(); !strings.Contains(r, "fixture-1") || !strings.Contains(r, "fixture-9") {
		t.Errorf("reason = %q", r)
	}
}

func TestTitleSkills(t *testing.T) {
	tax := fixtureTaxonomy(t)
	cases := []struct {
		title string
		want  []string
	}{
		{"Introduction to Docker", []string{"docker"}},
		{"Kubernetes Fundamentals", []string{"kubernetes"}},
		{"Advanced SQL for Beginners", []string{"sql"}},
		{"Data Bootcamp: Python - Machine Learning", []string{"python", "machine-learning"}},
		{"Docker at Scale", nil},
		{"Python for Data Science", nil},
		{"Introduction to", nil},
	}
	for _, c := range cases {
		if got := titleSkills(tax, c.title); !reflect.DeepEqual(got, c.want) {
			t.Errorf("titleSkills(%q) = %v, want %v", c.title, got, c.want)
		}
	}
}

func TestSalaryPeriodsNormalized(t *testing.T) {
	cases := []struct {
		period string
		annual float32
	}{
		{"YEAR", 50000}, {"Yearly", 50000}, {"per annum", 50000}, {"", 50000},
		{"MONTH", 600000}, {"hourly", 104000000}, {"fortnight", 0},
	}
	ix := openFixture(t, "")
	for i, c := range cases {
		p := skillmatch.Posting{ID: fmt.Sprintf("s%d", i), Title: "Accountant", Description: "Accounting.",
			Salary: &skillmatch.Salary{Min: 50000, Currency: "eur", Period: c.period}}
		if _, err := ix.AddPostings(context.Background(), []skillmatch.Posting{p}); err != nil {
			t.Fatal(err)
		}
	}
	tb := ix.Snapshot()
	for _, r := range tb.Rows() {
		i := 0
		fmt.Sscanf(tb.PostingID(r.Num), "s%d", &i)
		if r.Salary != cases[i].annual {
			t.Errorf("period %q: annual %v, want %v", cases[i].period, r.Salary, cases[i].annual)
		}
		if r.Salary > 0 && tb.Str(r.Currency) != "EUR" {
			t.Errorf("currency %q", tb.Str(r.Currency))
		}
	}
}

func TestSnippetPrefersAdjacentQueryTerms(t *testing.T) {
	text := "About Data Corp: we build tools. We are hiring a Data Engineer to join us."
	start, end := bestTermRun(text, queryTerms("data engineer"))
	if got := string([]rune(text)[start:end]); got != "Data Engineer" {
		t.Errorf("run = %q", got)
	}
	text2 := "Data matters. Head of Data, EMEA"
	start, end = bestTermRun(text2, queryTerms("head of data"))
	if got := string([]rune(text2)[start:end]); got != "Head of Data" {
		t.Errorf("run = %q", got)
	}
	if s, e := bestTermRun(text, queryTerms("kubernetes")); s != -1 || e != -1 {
		t.Errorf("no match gave %d,%d", s, e)
	}
}
