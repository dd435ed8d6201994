package extract

import (
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	ahocorasick "github.com/petar-dambovaliev/aho-corasick"

	"github.com/skillmatch/skillmatch/internal/testenv"
	"github.com/skillmatch/skillmatch/taxonomy"
)

// benchDocs returns real posting text: the SkillSpan sentences of ../shared/eval
// joined back into their postings (when present), plus the fixtures in testdata.
var benchDocs = sync.OnceValue(func() []Document {
	var docs []Document
	if d := testenv.SharedDir(); d != "" {
		for _, name := range []string{"skillspan-train.jsonl", "skillspan-dev.jsonl"} {
			if _, err := os.Stat(filepath.Join(d, "eval", name)); err != nil {
				continue
			}
			rows := readEval(&testing.T{}, name)
			byPosting := map[string][]string{}
			var order []string
			for _, r := range rows {
				if _, ok := byPosting[r.PostingID]; !ok {
					order = append(order, r.PostingID)
				}
				byPosting[r.PostingID] = append(byPosting[r.PostingID], r.Text)
			}
			for _, id := range order {
				docs = append(docs, Document{Text: strings.Join(byPosting[id], "\n")})
			}
		}
	}
	files, _ := filepath.Glob(filepath.Join("testdata", "posting_*"))
	sort.Strings(files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err == nil {
			docs = append(docs, Document{Text: string(b), HTML: strings.HasSuffix(f, ".html")})
		}
	}
	return docs
})

func docBytes(docs []Document) int64 {
	var n int64
	for _, d := range docs {
		n += int64(len(d.Text))
	}
	return n
}

var benchTax = map[string]*taxonomy.Taxonomy{}
var benchTaxMu sync.Mutex

func loadBenchTaxonomy(b *testing.B, spec string) *taxonomy.Taxonomy {
	benchTaxMu.Lock()
	defer benchTaxMu.Unlock()
	if t, ok := benchTax[spec]; ok {
		return t
	}
	t, err := taxonomy.Load(spec)
	if err != nil {
		b.Fatal(err)
	}
	benchTax[spec] = t
	return t
}

// benchSpecs returns the taxonomies to benchmark: the default, and ESCO +
// O*NET when ../shared has them.
func benchSpecs(b *testing.B) map[string]string {
	specs := map[string]string{"default": "default"}
	if d := testenv.SharedDir(); d != "" {
		esco := filepath.Join(d, "taxonomies", "esco-v1.1.1")
		onet := filepath.Join(d, "taxonomies", "onet-29.2")
		if _, err := os.Stat(esco); err == nil {
			if _, err := os.Stat(onet); err == nil {
				specs["esco+onet"] = "esco:" + esco + ",onet:" + onet
			}
		}
	}
	return specs
}

// BenchmarkExtract measures extraction on real posting text, one core, and in
// the same run a bare tokenizer pass and an Aho-Corasick scan over the same
// surface forms, reporting MB/s, bytes allocated per document and the ratios.
//
//	go test ./extract -run '^$' -bench 'Extract$' -benchtime 3x -cpu 1
func BenchmarkExtract(b *testing.B) {
	docs := benchDocs()
	if len(docs) == 0 {
		b.Skip("no documents")
	}
	size := docBytes(docs)
	for name, spec := range benchSpecs(b) {
		tax := loadBenchTaxonomy(b, spec)
		e, err := New(tax, Options{})
		if err != nil {
			b.Fatal(err)
		}
		var extractNs, tokNs float64
		b.Run(name+"/extract", func(b *testing.B) {
			b.SetBytes(size)
			var ms0, ms1 runtime.MemStats
			runtime.ReadMemStats(&ms0)
			b.ResetTimer()
			cpu0 := processCPU()
			for i := 0; i < b.N; i++ {
				for _, d := range docs {
					e.Extract(d)
				}
			}
			reportCPUSpeed(b, size, cpu0)
			b.StopTimer()
			runtime.ReadMemStats(&ms1)
			extractNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			b.ReportMetric(float64(ms1.TotalAlloc-ms0.TotalAlloc)/float64(b.N*len(docs)), "B/doc")
		})
		b.Run(name+"/tokenize", func(b *testing.B) {
			b.SetBytes(size)
			var buf []atom
			cpu0 := processCPU()
			for i := 0; i < b.N; i++ {
				for _, d := range docs {
					buf = scanAtoms(d.Text, buf)
				}
			}
			reportCPUSpeed(b, size, cpu0)
			tokNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			if extractNs > 0 {
				b.ReportMetric(extractNs/tokNs, "extract/tokenize")
			}
		})
		b.Run(name+"/ahocorasick", func(b *testing.B) {
			var pats []string
			seen := map[string]bool{}
			for _, s := range tax.Skills() {
				for _, f := range s.Forms {
					for _, v := range formVariants(f.Text) {
						if p := strings.ToLower(v.text); !seen[p] {
							seen[p] = true
							pats = append(pats, p)
						}
					}
				}
			}
			bld := ahocorasick.NewAhoCorasickBuilder(ahocorasick.Opts{AsciiCaseInsensitive: true,
				MatchOnlyWholeWords: true, MatchKind: ahocorasick.LeftMostLongestMatch, DFA: true})
			ac := bld.Build(pats)
			b.SetBytes(size)
			b.ResetTimer()
			n := 0
			cpu0 := processCPU()
			for i := 0; i < b.N; i++ {
				for _, d := range docs {
					n += len(ac.FindAll(d.Text))
				}
			}
			reportCPUSpeed(b, size, cpu0)
			acNs := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			if extractNs > 0 {
				b.ReportMetric(extractNs/acNs, "extract/ac")
			}
			b.ReportMetric(float64(len(pats)), "patterns")
		})
	}
}

// reportCPUSpeed reports MB/s by the CPU time the process used since cpu0
// ("cpu-MB/s"): on a machine shared with other jobs the wall-clock MB/s
// varies with their load, CPU time much less.
func reportCPUSpeed(b *testing.B, size int64, cpu0 time.Duration) {
	if cpu0 < 0 {
		return
	}
	if d := processCPU() - cpu0; d > 0 {
		b.ReportMetric(float64(size)*float64(b.N)/1e6/d.Seconds(), "cpu-MB/s")
	}
}

// BenchmarkBuild measures building the matcher (New) for each taxonomy.
//
//	go test ./extract -run '^$' -bench Build -benchtime 3x -cpu 1
func BenchmarkBuild(b *testing.B) {
	for name, spec := range benchSpecs(b) {
		tax := loadBenchTaxonomy(b, spec)
		b.Run(name, func(b *testing.B) {
			var forms int
			start := time.Now()
			for i := 0; i < b.N; i++ {
				e, err := New(tax, Options{})
				if err != nil {
					b.Fatal(err)
				}
				forms = e.Forms()
			}
			b.ReportMetric(float64(forms), "forms")
			b.ReportMetric(time.Since(start).Seconds()/float64(b.N), "s/build")
		})
	}
}
