package match

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/skillmatch/skillmatch"
	"github.com/skillmatch/skillmatch/extract"
	"github.com/skillmatch/skillmatch/index"
	"github.com/skillmatch/skillmatch/internal/synth"
	"github.com/skillmatch/skillmatch/taxonomy"
)

// Benchmark corpus size; SKILLMATCH_BENCH_POSTINGS and
// SKILLMATCH_BENCH_CREDENTIALS override it (e.g. for a quick run).
func benchSize(env string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(env)); err == nil && v > 0 {
		return v
	}
	return def
}

var (
	benchOnce sync.Once
	benchData *Dataset
	benchGen  *synth.Generator
	benchErr  error
)

// demandOf mirrors the index's rule for demand-bearing skills: explicit,
// not negated, not in the about/benefits section; required wins.
func demandOf(ms []skillmatch.Mention) (all, req, pref []string) {
	a, r, p := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, m := range ms {
		if m.Negated || m.Implied || m.Section == skillmatch.SectionAbout {
			continue
		}
		a[m.SkillID] = true
		switch {
		case m.Level == skillmatch.LevelRequired:
			r[m.SkillID] = true
		case m.Level == skillmatch.LevelPreferred || m.Section == skillmatch.SectionNiceToHave:
			p[m.SkillID] = true
		}
	}
	keys := func(m map[string]bool, drop map[string]bool) []string {
		var out []string
		for k := range m {
			if !drop[k] {
				out = append(out, k)
			}
		}
		sort.Strings(out)
		return out
	}
	return keys(a, nil), keys(r, nil), keys(p, r)
}

// benchDataset builds the analytics dataset of a synthetic corpus the way
// the index does (the extractor on every description, occupations from
// titles), without Bleve, whose indexing speed is not what is measured here.
func benchDataset(b *testing.B) (*Dataset, *synth.Generator) {
	benchOnce.Do(func() {
		tax, err := taxonomy.Default()
		if err != nil {
			benchErr = err
			return
		}
		ex, err := extract.New(tax, extract.Options{})
		if err != nil {
			benchErr = err
			return
		}
		ix, err := index.Open("", ex, index.Options{}) // only for its title -> occupation matcher
		if err != nil {
			benchErr = err
			return
		}
		defer ix.Close()
		g := synth.New(tax, synth.Config{Seed: 7})
		np := benchSize("SKILLMATCH_BENCH_POSTINGS", 200000)
		nc := benchSize("SKILLMATCH_BENCH_CREDENTIALS", 20000)
		start := time.Now()
		rows := make([]PostingRow, np)
		var wg sync.WaitGroup
		workers := runtime.GOMAXPROCS(0)
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for i := w; i < np; i += workers {
					p := g.Posting(i)
					res := ex.Extract(extract.Document{Text: p.Description})
					all, req, pref := demandOf(res.Mentions)
					r := PostingRow{ID: p.ID, Month: MonthOf(p.DatePosted), Country: p.Location.Country, Region: p.Location.Region,
						Source: p.Source, Org: p.Organization.Name, Remote: p.Location.Remote, Skills: all, Required: req, Preferred: pref,
						Title: index.Terms(p.Title)}
					if o := ix.MatchOccupation(p.Title); o != nil {
						r.Occupation = o.ID
					}
					if a, ok := p.Salary.Annual(); ok {
						r.Salary, r.Currency = a, p.Salary.Currency
					}
					rows[i] = r
				}
			}(w)
		}
		wg.Wait()
		bd := NewDatasetBuilder(tax, Versions{Taxonomy: tax.Version, Extractor: extract.Version})
		bd.SetTerms(index.Terms)
		for _, r := range rows {
			bd.AddPosting(r)
		}
		for i := 0; i < nc; i++ {
			c := g.Credential(i)
			res := ex.Extract(extract.Document{Text: c.Title + "\n" + c.Description})
			all, _, _ := demandOf(res.Mentions)
			bd.AddCredential(&Credential{Credential: &c, ProviderID: Slug(c.Provider.Name), Skills: all})
		}
		benchData, benchGen = bd.Build(), g
		fmt.Fprintf(os.Stderr, "bench corpus: %d postings, %d credentials, %d skills seen, built in %s\n",
			np, nc, len(benchData.skillIDs), time.Since(start).Round(time.Millisecond))
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchData, benchGen
}

// latencies records per-query durations and reports p50 and p99.
type latencies []time.Duration

func (l latencies) report(b *testing.B) {
	if len(l) == 0 {
		return
	}
	sort.Slice(l, func(i, j int) bool { return l[i] < l[j] })
	q := func(p float64) float64 {
		return float64(l[min(len(l)-1, int(p*float64(len(l))))].Microseconds()) / 1000
	}
	b.ReportMetric(q(0.50), "p50-ms")
	b.ReportMetric(q(0.99), "p99-ms")
	b.ReportMetric(float64(l[len(l)-1].Microseconds())/1000, "max-ms")
}

// BenchmarkDemand200k answers a mix of demand questions (everything, a
// role, a country, a half-year, a role in a country over a year) over the
// 200,000-posting corpus.
func BenchmarkDemand200k(b *testing.B) {
	d, g := benchDataset(b)
	e := New(StaticSource{d}, nil)
	end := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	var filters []Filter
	filters = append(filters, Filter{}, Filter{Location: "DE"}, Filter{From: end.AddDate(0, -5, 0), To: end})
	for i, r := range g.Roles() {
		if i >= 6 {
			break
		}
		filters = append(filters, Filter{Role: r.Title}, Filter{Role: r.Title, Location: "US", From: end.AddDate(-1, 0, 0), To: end})
	}
	ctx := context.Background()
	var lat latencies
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f := filters[i%len(filters)]
		t0 := time.Now()
		res, err := e.Demand(ctx, f)
		if err != nil {
			b.Fatalf("%+v: %v", f, err)
		}
		lat = append(lat, time.Since(t0))
		if i < len(filters) && res.N == 0 {
			b.Logf("filter %+v matched no posting", f)
		}
	}
	b.StopTimer()
	lat.report(b)
}

// BenchmarkMatch20k ranks 20,000 credentials for a role's gap (the role's
// demand computed over the 200,000 postings each time).
func BenchmarkMatch20k(b *testing.B) {
	d, g := benchDataset(b)
	e := New(StaticSource{d}, nil)
	var reqs []MatchRequest
	for i, r := range g.Roles() {
		if i >= 8 {
			break
		}
		have := []string{}
		if len(r.Essential) > 0 {
			have = append(have, r.Essential[0])
		}
		max := 500.0
		reqs = append(reqs, MatchRequest{Role: r.Title, Have: have},
			MatchRequest{Role: r.Title, Have: have, Constraints: Constraints{MaxPrice: &max, Mode: "online", HandsOn: true}})
	}
	ctx := context.Background()
	var lat latencies
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q := reqs[i%len(reqs)]
		t0 := time.Now()
		if _, err := e.Match(ctx, q); err != nil {
			b.Fatalf("%+v: %v", q, err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	lat.report(b)
}

// BenchmarkPathway20k builds pathways over the same corpus.
func BenchmarkPathway20k(b *testing.B) {
	d, g := benchDataset(b)
	e := New(StaticSource{d}, nil)
	roles := g.Roles()
	ctx := context.Background()
	budget := 1000.0
	var lat latencies
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := roles[i%min(len(roles), 8)]
		t0 := time.Now()
		if _, err := e.Pathway(ctx, MatchRequest{Role: r.Title, Constraints: Constraints{MaxPrice: &budget, MaxHours: 200}}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	lat.report(b)
}

// BenchmarkIndexPath ingests synthetic postings through the real index
// (extraction + Bleve; SKILLMATCH_BENCH_INDEX_POSTINGS, default 20,000),
// then measures building the analytics dataset from the index snapshot
// (what happens once after each ingestion batch) and Demand through the
// index-backed engine.
func BenchmarkIndexPath(b *testing.B) {
	tax, err := taxonomy.Default()
	if err != nil {
		b.Fatal(err)
	}
	ex, err := extract.New(tax, extract.Options{})
	if err != nil {
		b.Fatal(err)
	}
	ix, err := index.Open("", ex, index.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	g := synth.New(tax, synth.Config{Seed: 7})
	n := benchSize("SKILLMATCH_BENCH_INDEX_POSTINGS", 20000)
	start := time.Now()
	for lo := 0; lo < n; lo += 5000 {
		if _, err := ix.AddPostings(context.Background(), g.Postings(lo, min(n, lo+5000))); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := ix.AddCredentials(context.Background(), g.Credentials(0, 2000)); err != nil {
		b.Fatal(err)
	}
	b.Logf("indexed %d postings in %s", n, time.Since(start).Round(time.Millisecond))
	b.Run("FromTable", func(b *testing.B) {
		var lat latencies
		for i := 0; i < b.N; i++ {
			t0 := time.Now()
			src := NewIndexSource(ix)
			if _, err := src.Dataset(); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(t0))
		}
		lat.report(b)
	})
	b.Run("Demand", func(b *testing.B) {
		e := FromIndex(ix)
		roles := g.Roles()
		var lat latencies
		for i := 0; i < b.N; i++ {
			t0 := time.Now()
			if _, err := e.Demand(context.Background(), Filter{Role: roles[i%min(len(roles), 8)].Title}); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(t0))
		}
		lat.report(b)
	})
}
