package crawler

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// benchSite serves n JSON-LD job pages of about 4 KB each, generated on
// request, listed in /sitemap.xml (all n) and in /sitemap_index.xml (an index
// of sitemaps of 1,000 URLs each, as large sites split them).
func benchSite(n int) *httptest.Server {
	para := strings.Repeat("We build reliable data systems with Python, SQL and Kubernetes. ", 12)
	mux := http.NewServeMux()
	mux.HandleFunc("/sitemap.xml", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for i := 0; i < n; i++ {
			fmt.Fprintf(w, "<url><loc>/job/%d</loc><lastmod>2025-10-01</lastmod></url>\n", i)
		}
		io.WriteString(w, `</urlset>`)
	})
	mux.HandleFunc("/sitemap_index.xml", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for i := 0; i < n; i += 1000 {
			fmt.Fprintf(w, "<sitemap><loc>/sitemap-%d.xml</loc></sitemap>\n", i/1000)
		}
		io.WriteString(w, `</sitemapindex>`)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/sitemap-") {
			http.NotFound(w, r)
			return
		}
		part, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/sitemap-"), ".xml"))
		io.WriteString(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for i := part * 1000; i < min(n, (part+1)*1000); i++ {
			fmt.Fprintf(w, "<url><loc>/job/%d</loc><lastmod>2025-10-01</lastmod></url>\n", i)
		}
		io.WriteString(w, `</urlset>`)
	})
	mux.HandleFunc("/job/", func(w http.ResponseWriter, r *http.Request) {
		id := strings.TrimPrefix(r.URL.Path, "/job/")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		desc := "<p>" + para + "</p><h3>Requirements</h3><ul><li>Python</li><li>SQL</li><li>Role " + id + "</li></ul>"
		fmt.Fprintf(w, `<!doctype html><html><head><title>Job %s</title><script type="application/ld+json">{"@context":"https://schema.org","@type":"JobPosting","title":"Data Engineer %s","description":%s,"datePosted":"2025-10-01","hiringOrganization":{"name":"Bench Corp"},"jobLocation":{"address":{"addressLocality":"Berlin","addressCountry":"DE"}},"baseSalary":{"currency":"EUR","value":{"minValue":60000,"maxValue":80000,"unitText":"YEAR"}}}</script></head><body><h1>Data Engineer %s</h1><p>%s</p><a href="/">home</a></body></html>`,
			id, id, strconv.Quote(desc), id, para)
	})
	return httptest.NewServer(mux)
}

// BenchmarkCrawl measures pages/s on a local site with politeness off, the
// peak heap in use (live data plus garbage not yet collected), and the peak
// and mean of the live heap measured by the GC (sampled every 5 ms): the
// peak catches the transient memory of a commit or a burst of bodies in
// flight, the mean the steady state. The test server runs in the same
// process and its work is included. "index" discovers the pages through a
// sitemap index of 1,000-URL sitemaps, "one-sitemap" through a single
// sitemap listing all of them.
func BenchmarkCrawl(b *testing.B) {
	for _, tc := range []struct {
		layout string
		n      int
	}{{"index", 1000}, {"index", 10000}, {"index", 30000}, {"index", 100000}, {"index", 300000}, {"one-sitemap", 1000}, {"one-sitemap", 10000}, {"one-sitemap", 50000}} {
		n := tc.n
		start := map[string]string{"index": "/sitemap_index.xml", "one-sitemap": "/sitemap.xml"}[tc.layout]
		b.Run(fmt.Sprintf("%s/pages=%d", tc.layout, n), func(b *testing.B) {
			srv := benchSite(n)
			defer srv.Close()
			var total time.Duration
			var peak, peakLive, sumLive, samples uint64
			live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
			// CRAWL_BENCH_HEAPPROFILE=DIR writes a heap profile at each
			// new peak of the live heap (the last one is the peak).
			prof := ""
			if d := os.Getenv("CRAWL_BENCH_HEAPPROFILE"); d != "" {
				prof = filepath.Join(d, fmt.Sprintf("heap-%s-%d.pprof", tc.layout, n))
				runtime.MemProfileRate = 8 << 10
			}
			for i := 0; i < b.N; i++ {
				dir := b.TempDir()
				sink, err := OpenDirSink(filepath.Join(dir, "out"))
				if err != nil {
					b.Fatal(err)
				}
				cfg := testConfig(srv, SourceSpec{Type: "jsonld", URL: srv.URL + start, MaxDepth: 1})
				cfg.Delay = -1
				cfg.Parallelism = 8
				cfg.HostParallelism = 8
				cfg.StateDir = filepath.Join(dir, "state")
				cfg.FlushInterval = 500 * time.Millisecond
				c, err := New(cfg, sink)
				if err != nil {
					b.Fatal(err)
				}
				runtime.GC()
				stop := make(chan struct{})
				var wg sync.WaitGroup
				wg.Add(1)
				go func() {
					defer wg.Done()
					var ms runtime.MemStats
					t := time.NewTicker(5 * time.Millisecond)
					defer t.Stop()
					for {
						runtime.ReadMemStats(&ms)
						if ms.HeapInuse > peak {
							peak = ms.HeapInuse
						}
						metrics.Read(live)
						v := live[0].Value.Uint64()
						sumLive += v
						samples++
						if v > peakLive {
							peakLive = v
							if prof != "" {
								// The heap profile's in-use figures are
								// those of the last GC: the new peak.
								if f, err := os.Create(prof); err == nil {
									pprof.WriteHeapProfile(f)
									f.Close()
								}
							}
						}
						select {
						case <-stop:
							return
						case <-t.C:
						}
					}
				}()
				start := time.Now()
				sum, err := c.Run(context.Background())
				total += time.Since(start)
				close(stop)
				wg.Wait()
				sink.Close()
				if err != nil || sum.Records["posting"] != n {
					b.Fatalf("run: %v, %d postings, want %d (summary %+v)", err, sum.Records["posting"], n, sum)
				}
			}
			b.ReportMetric(float64(n*b.N)/total.Seconds(), "pages/s")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-inuse-MiB")
			b.ReportMetric(float64(peakLive)/(1<<20), "peak-live-heap-MiB")
			b.ReportMetric(float64(sumLive)/float64(max(samples, 1))/(1<<20), "mean-live-heap-MiB")
		})
	}
}
