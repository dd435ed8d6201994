package crawler

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// testConfig returns a fast config that may reach only srv (by an explicit
// allow-list of its ip:port, not AllowPrivate).
func testConfig(srv *httptest.Server, sources ...SourceSpec) Config {
	return Config{
		UserAgent:       "skillmatch-test/1.0 (+https://example.test/contact)",
		Delay:           time.Millisecond,
		Parallelism:     4,
		HostParallelism: 2,
		Timeout:         2 * time.Second,
		RetryBase:       time.Millisecond,
		MaxRetryAfter:   3 * time.Second,
		AllowAddrs:      []string{srv.Listener.Addr().String()},
		FlushInterval:   10 * time.Millisecond,
		Sources:         sources,
	}
}

// hits counts requests per path.
type hits struct {
	mu sync.Mutex
	n  map[string]int
	at map[string][]time.Time
}

func newHits() *hits { return &hits{n: map[string]int{}, at: map[string][]time.Time{}} }

func (h *hits) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.mu.Lock()
		h.n[r.URL.Path]++
		h.at[r.URL.Path] = append(h.at[r.URL.Path], time.Now())
		h.mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

func (h *hits) get(p string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.n[p]
}

func (h *hits) times(p string) []time.Time {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]time.Time(nil), h.at[p]...)
}

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func serveFile(t testing.TB, name, ctype string) http.HandlerFunc {
	b := fixture(t, name)
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ctype)
		w.Write(b)
	}
}

// runCrawl runs cfg into a MemSink.
func runCrawl(t *testing.T, cfg Config) (Summary, []Record) {
	t.Helper()
	sink := &MemSink{}
	c, err := New(cfg, sink)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	sum, err := c.Run(ctx)
	if err != nil {
		t.Fatalf("run: %v (summary %+v)", err, sum)
	}
	return sum, sink.Snapshot()
}

func postings(recs []Record) map[string]Record {
	m := map[string]Record{}
	for _, r := range recs {
		if r.Posting != nil {
			m[r.Posting.Title] = r
		}
	}
	return m
}

func credentials(recs []Record) map[string]Record {
	m := map[string]Record{}
	for _, r := range recs {
		if r.Credential != nil {
			m[r.Credential.Title] = r
		}
	}
	return m
}
