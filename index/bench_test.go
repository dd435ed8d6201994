package index

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	bolt "go.etcd.io/bbolt"

	"github.com/skillmatch/skillmatch"
	"github.com/skillmatch/skillmatch/extract"
	"github.com/skillmatch/skillmatch/internal/synth"
	"github.com/skillmatch/skillmatch/taxonomy"
)

// benchPostings is the number of synthetic postings per benchmark run;
// SKILLMATCH_BENCH_POSTINGS overrides it.
var benchPostings = 5000

func init() {
	if n, err := strconv.Atoi(os.Getenv("SKILLMATCH_BENCH_POSTINGS")); err == nil && n > 0 {
		benchPostings = n
	}
}

// storeUsed is the bytes the store's pages use (the file is preallocated
// in steps of up to 16 MB, so its size overstates small stores).
func storeUsed(ix *Index) int64 {
	bs, ok := ix.store.(*boltStore)
	if !ok {
		return 0
	}
	var n int64
	bs.db.View(func(tx *bolt.Tx) error { n = tx.Size(); return nil })
	return n
}

func benchData(b *testing.B) (*extract.Extractor, []skillmatch.Posting) {
	b.Helper()
	tax, err := taxonomy.Default()
	if err != nil {
		b.Fatal(err)
	}
	ex, err := extract.New(tax, extract.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return ex, synth.New(tax, synth.Config{Seed: 1}).Postings(0, benchPostings)
}

// cpuTime is the process's user+system CPU time so far: on a shared
// machine, postings per CPU-second is steadier than wall-clock rate.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

func textSize(ps []skillmatch.Posting) int64 {
	var n int64
	for _, p := range ps {
		n += int64(len(p.Title) + len(p.Description))
	}
	return n
}

// BenchmarkIngest indexes the same synthetic postings with this package
// (extraction, occupation, Bleve, store and table included) and with bare
// Bleve (default mapping, no extraction), both on disk, and reports both
// rates, their ratio and the index size relative to the text.
func BenchmarkIngest(b *testing.B) {
	ex, ps := benchData(b)
	ctx := context.Background()
	var ours, bare, oursCPU, bareCPU time.Duration
	var oursSize, bareSize int64
	for i := 0; i < b.N; i++ {
		dir := b.TempDir()
		t0, c0 := time.Now(), cpuTime()
		ix, err := Open(dir, ex, Options{})
		if err != nil {
			b.Fatal(err)
		}
		st, err := ix.AddPostings(ctx, ps)
		if err != nil || st.Failed > 0 {
			b.Fatalf("%+v %v", st, err)
		}
		used := storeUsed(ix)
		if err := ix.Close(); err != nil {
			b.Fatal(err)
		}
		ours += time.Since(t0)
		oursCPU += cpuTime() - c0
		oursSize = dirSize(filepath.Join(dir, postingsDir)) + dirSize(filepath.Join(dir, credentialsDir)) + used

		bdir := filepath.Join(b.TempDir(), "bare")
		t0, c0 = time.Now(), cpuTime()
		bi, err := bleve.New(bdir, bleve.NewIndexMapping())
		if err != nil {
			b.Fatal(err)
		}
		batch := bi.NewBatch()
		for _, p := range ps {
			batch.Index(p.ID, p)
			if batch.Size() >= DefaultBatchSize {
				if err := bi.Batch(batch); err != nil {
					b.Fatal(err)
				}
				batch = bi.NewBatch()
			}
		}
		if err := bi.Batch(batch); err != nil {
			b.Fatal(err)
		}
		bi.Close()
		bare += time.Since(t0)
		bareCPU += cpuTime() - c0
		bareSize = dirSize(bdir)
	}
	n := float64(b.N * len(ps))
	b.ReportMetric(n/ours.Seconds(), "postings/s")
	b.ReportMetric(n/bare.Seconds(), "bare_docs/s")
	b.ReportMetric(bare.Seconds()/ours.Seconds(), "speed_vs_bare")
	b.ReportMetric(n/oursCPU.Seconds(), "postings/cpu_s")
	b.ReportMetric(n/bareCPU.Seconds(), "bare_docs/cpu_s")
	b.ReportMetric(float64(oursSize)/float64(textSize(ps)), "size/text") // Bleve + used store pages
	b.ReportMetric(float64(bareSize)/float64(textSize(ps)), "bare_size/text")
}

// BenchmarkIngestMemory is ingestion into an in-memory index.
func BenchmarkIngestMemory(b *testing.B) {
	ex, ps := benchData(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ix, err := Open("", ex, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ix.AddPostings(context.Background(), ps); err != nil {
			b.Fatal(err)
		}
		ix.Close()
	}
	b.ReportMetric(float64(b.N*len(ps))/b.Elapsed().Seconds(), "postings/s")
}

// BenchmarkExtractOnly is the extraction share of ingestion.
func BenchmarkExtractOnly(b *testing.B) {
	ex, ps := benchData(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		parallel(2, len(ps), func(k int) { ex.Extract(extract.Document{Text: ps[k].Description}) })
	}
	b.ReportMetric(float64(b.N*len(ps))/b.Elapsed().Seconds(), "postings/s")
}

// BenchmarkIngestDisk is ingestion into an on-disk index alone, by batch size.
func BenchmarkIngestDisk(b *testing.B) {
	for _, bs := range []int{250, 500, 1000, 2500} {
		b.Run(fmt.Sprintf("batch=%d", bs), func(b *testing.B) { benchIngestDisk(b, bs) })
	}
}

func benchIngestDisk(b *testing.B, batch int) {
	ex, ps := benchData(b)
	b.ResetTimer()
	var size int64
	for i := 0; i < b.N; i++ {
		dir := b.TempDir()
		ix, err := Open(dir, ex, Options{BatchSize: batch})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ix.AddPostings(context.Background(), ps); err != nil {
			b.Fatal(err)
		}
		used := storeUsed(ix)
		ix.Close()
		size = dirSize(filepath.Join(dir, postingsDir)) + used
		b.ReportMetric(float64(used)/float64(textSize(ps)), "store_used/text")
		b.ReportMetric(float64(dirSize(filepath.Join(dir, postingsDir)))/float64(textSize(ps)), "bleve_size/text")
		b.ReportMetric(float64(dirSize(filepath.Join(dir, storeFile)))/float64(textSize(ps)), "store_size/text")
	}
	b.ReportMetric(float64(b.N*len(ps))/b.Elapsed().Seconds(), "postings/s")
	b.ReportMetric(float64(size)/float64(textSize(ps)), "size/text")
}

// BenchmarkOpenTable measures rebuilding the analytics Table from the store
// on Open, with 200,000 stored rows (written directly, without extraction),
// and reports the Table's heap size per row.
func BenchmarkOpenTable(b *testing.B) {
	dir := b.TempDir()
	tax, err := taxonomy.Default()
	if err != nil {
		b.Fatal(err)
	}
	ex, _ := extract.New(tax, extract.Options{})
	st, err := openBoltStore(filepath.Join(dir, storeFile))
	if err != nil {
		b.Fatal(err)
	}
	skills := tax.Skills()
	const n = 200000
	for lo := 0; lo < n; lo += 10000 {
		var ops []storeOp
		for i := lo; i < lo+10000; i++ {
			r := rowRecord{Month: MonthOf(2025, 1+i%12), Occupation: fmt.Sprintf("occ-%d", i%300), Country: []string{"DE", "GB", "US", "FR"}[i%4],
				Region: fmt.Sprintf("r%d", i%50), Source: "greenhouse", Org: fmt.Sprintf("org %d", i%20000), Title: []string{"senior", "data", "engin"}}
			for k := 0; k < 12; k++ {
				id := skills[(i*7+k*131)%len(skills)].ID
				r.Skills = append(r.Skills, id)
				if k < 6 {
					r.Required = append(r.Required, id)
				}
			}
			v := encodeRow(&r)
			ops = append(ops, storeOp{bucket: bucketRows, key: fmt.Sprintf("p%07d", i), val: v})
		}
		if err := st.put(ops); err != nil {
			b.Fatal(err)
		}
	}
	st.close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var m0, m1 runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m0)
		ix, err := Open(dir, ex, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if ix.Snapshot().Len() != n {
			b.Fatalf("rows = %d", ix.Snapshot().Len())
		}
		runtime.GC()
		runtime.ReadMemStats(&m1)
		b.ReportMetric(float64(m1.HeapAlloc-m0.HeapAlloc)/n, "heap_B/row")
		ix.Close()
	}
}

// BenchmarkAnalyzer is the Bleve analyzer over synthetic descriptions.
func BenchmarkAnalyzer(b *testing.B) {
	_, ps := benchData(b)
	var n int64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := ps[i%len(ps)]
		n += int64(len(p.Description))
		textAnalyzer{}.Analyze([]byte(p.Description))
	}
	b.SetBytes(n / int64(b.N))
}
