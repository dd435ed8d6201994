package crawler

import (
	"context"
	"net/url"
	"testing"
)

// BenchmarkFetchPage measures one fetch and parse of a ~4 KB JSON-LD job
// page of the benchmark site, without the state and sink: the part of a
// crawl that goes through colly (and the part BenchmarkCrawl's bbolt
// writes hide).
func BenchmarkFetchPage(b *testing.B) {
	srv := benchSite(1)
	defer srv.Close()
	cfg := Config{AllowAddrs: []string{srv.Listener.Addr().String()}}.withDefaults()
	g, err := newAddrGuard(false, cfg.AllowAddrs)
	if err != nil {
		b.Fatal(err)
	}
	f := newFetcher(cfg, g)
	base, _ := url.Parse(srv.URL + "/job/0")
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		res, err := f.get(ctx, srv.URL+"/job/0", validators{}, acceptAny, 0)
		if err != nil {
			b.Fatal(err)
		}
		p := res.Page // what emitPage uses: colly's OnHTML selection
		if p == nil {
			p, err = parsePage(res.Body, res.Header.Get("Content-Type"), base)
		}
		if err != nil || len(p.Objects) != 1 {
			b.Fatalf("objects %d, err %v", len(p.Objects), err)
		}
	}
}
