package crawler

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/skillmatch/skillmatch"
)

// readPostings returns the IDs in DIR/postings.jsonl, failing on any line
// that is not a complete record.
func readPostings(t *testing.T, dir string) []string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "postings.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var ids []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var p skillmatch.Posting
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatalf("bad line %q: %v", sc.Text(), err)
		}
		ids = append(ids, p.ID)
	}
	return ids
}

func runDir(t *testing.T, cfg Config, out string, ctx context.Context) (Summary, error) {
	return runDirMode(t, cfg, out, ctx, false)
}

// runDirMode runs cfg into a DirSink in out; with crash set the run ends
// like a killed process: no final commit of the state. The frontier keeps
// only 4 requests per host in memory, so spilling to the state is exercised.
func runDirMode(t *testing.T, cfg Config, out string, ctx context.Context, crash bool) (Summary, error) {
	t.Helper()
	sink, err := OpenDirSink(out)
	if err != nil {
		t.Fatal(err)
	}
	defer sink.Close()
	c, err := New(cfg, sink)
	if err != nil {
		t.Fatal(err)
	}
	c.crashAtEnd = crash
	c.memCap = 4
	return c.Run(ctx)
}

func TestKillAndResume(t *testing.T) {
	const pages = 40
	for _, mode := range []string{"cancel", "crash with a torn line"} {
		t.Run(mode, func(t *testing.T) {
			var mu sync.Mutex
			run := 1
			requested := map[int]map[string]int{1: {}, 2: {}}
			var cancel1 context.CancelFunc
			fetchedInRun1 := 0
			mux := http.NewServeMux()
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
				var b strings.Builder
				for i := 0; i < pages; i++ {
					fmt.Fprintf(&b, `<a href="/p/%d">x</a>`, i)
				}
				htmlHandler(b.String())(w, r)
			})
			mux.HandleFunc("/p/", func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				requested[run][r.URL.Path]++
				if run == 1 {
					fetchedInRun1++
					if fetchedInRun1 == 12 {
						cancel1()
					}
				}
				mu.Unlock()
				htmlHandler(jobPage("Job "+r.URL.Path, "Description of "+r.URL.Path))(w, r)
			})
			srv := httptest.NewServer(mux)
			defer srv.Close()
			dir := t.TempDir()
			out, state := filepath.Join(dir, "out"), filepath.Join(dir, "state")
			cfg := testConfig(srv, SourceSpec{Type: "jsonld", URL: srv.URL + "/"})
			cfg.StateDir = state
			crash := mode != "cancel"
			if crash {
				cfg.FlushInterval = 5 * time.Millisecond // some commits happen, the last is lost
			} else {
				cfg.FlushInterval = time.Hour // only the final commit
			}

			ctx, c1 := context.WithCancel(context.Background())
			cancel1 = c1
			sum1, err := runDirMode(t, cfg, out, ctx, crash)
			if err != context.Canceled {
				t.Fatalf("run 1: %v, want context.Canceled", err)
			}
			ids1 := readPostings(t, out)
			if len(ids1) == 0 || len(ids1) >= pages || sum1.Queued == 0 {
				t.Fatalf("run 1 wrote %d records with %d queued; want a partial crawl", len(ids1), sum1.Queued)
			}
			t.Logf("run 1: %d records written, %d queued", len(ids1), sum1.Queued)
			if crash {
				// A kill mid-write also leaves a torn last line in the output.
				appendTo(t, filepath.Join(out, "postings.jsonl"), `{"id":"torn","title":"half a rec`)
			}

			mu.Lock()
			run = 2
			mu.Unlock()
			sum2, err := runDir(t, cfg, out, context.Background())
			if err != nil {
				t.Fatalf("run 2: %v", err)
			}
			t.Logf("run 2: %d pages, %d new, %d unchanged", sum2.Pages, sum2.Records["posting"], sum2.Unchanged)
			if !sum2.Resumed {
				t.Error("run 2 did not resume the unfinished generation")
			}
			ids := readPostings(t, out)
			seen := map[string]bool{}
			for _, id := range ids {
				if seen[id] {
					t.Errorf("duplicate record %s", id)
				}
				seen[id] = true
			}
			if len(seen) != pages || len(ids) != pages {
				t.Errorf("%d records (%d distinct) after resume, want %d", len(ids), len(seen), pages)
			}
			if mode == "cancel" {
				// Every page whose record was written in run 1 is finished and
				// must not be fetched again.
				for _, id := range ids1 {
					p := strings.TrimPrefix(id, srv.URL)
					if requested[2][p] > 0 {
						t.Errorf("%s finished in run 1 but fetched again in run 2", p)
					}
				}
			}
			for p, n := range requested[2] {
				if n > 1 {
					t.Errorf("%s fetched %d times in run 2", p, n)
				}
			}
		})
	}
}

func appendTo(t *testing.T, path, s string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	io.WriteString(f, s)
}

func TestIncrementalRecrawl(t *testing.T) {
	var mu sync.Mutex
	version := map[string]int{"/p/1": 1, "/p/2": 1, "/p/3": 1}
	lastmod := map[string]string{"/p/1": "2025-10-01", "/p/2": "2025-10-01", "/p/3": "2025-10-01"}
	listModified := time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC)
	h := newHits()
	status := map[string][]int{}
	mux := http.NewServeMux()
	record := func(p string, code int) {
		mu.Lock()
		status[p] = append(status[p], code)
		mu.Unlock()
	}
	mux.HandleFunc("/sitemap.xml", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		etag := fmt.Sprintf(`"sm-%d-%d-%d"`, version["/p/1"], version["/p/2"], version["/p/3"])
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>/list</loc></url>`)
		for _, p := range []string{"/p/1", "/p/2", "/p/3"} {
			fmt.Fprintf(&b, `<url><loc>%s</loc><lastmod>%s</lastmod></url>`, p, lastmod[p])
		}
		b.WriteString(`</urlset>`)
		mu.Unlock()
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			record("/sitemap.xml", 304)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		record("/sitemap.xml", 200)
		io.WriteString(w, b.String())
	})
	mux.HandleFunc("/list", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Last-Modified", listModified.Format(http.TimeFormat))
		if ims, err := http.ParseTime(r.Header.Get("If-Modified-Since")); err == nil && !listModified.After(ims) {
			record("/list", 304)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		record("/list", 200)
		htmlHandler(jobPage("Listed job", "on the list page"))(w, r)
	})
	mux.HandleFunc("/p/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		v := version[r.URL.Path]
		mu.Unlock()
		etag := fmt.Sprintf(`"v%d"`, v)
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			record(r.URL.Path, 304)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		record(r.URL.Path, 200)
		htmlHandler(jobPage("Job "+r.URL.Path, fmt.Sprintf("version %d", v)))(w, r)
	})
	srv := httptest.NewServer(h.wrap(mux))
	defer srv.Close()
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	cfg := testConfig(srv, SourceSpec{Type: "jsonld", URL: srv.URL + "/sitemap.xml"})
	cfg.StateDir = filepath.Join(dir, "state")

	take := func() map[string][]int {
		mu.Lock()
		defer mu.Unlock()
		s := status
		status = map[string][]int{}
		return s
	}
	sum, err := runDir(t, cfg, out, context.Background())
	if err != nil || sum.Pages != 5 || sum.Records["posting"] != 4 {
		t.Fatalf("run 1: %v pages %d records %v", err, sum.Pages, sum.Records)
	}
	take()

	// Nothing changed: the sitemap and the list answer 304, entries whose
	// lastmod is unchanged are not fetched at all.
	sum, err = runDir(t, cfg, out, context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := take()
	want := map[string][]int{"/sitemap.xml": {304}, "/list": {304}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("run 2 requests %v, want %v", got, want)
	}
	if sum.NotModified != 2 || sum.SkippedUnchanged != 3 || sum.Pages != 0 || sum.Resumed {
		t.Errorf("run 2 summary %+v", sum)
	}

	// One page changed: only it (and the changed sitemap) is fetched.
	mu.Lock()
	version["/p/2"], lastmod["/p/2"] = 2, "2025-10-02"
	mu.Unlock()
	sum, err = runDir(t, cfg, out, context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got = take()
	want = map[string][]int{"/sitemap.xml": {200}, "/list": {304}, "/p/2": {200}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("run 3 requests %v, want %v", got, want)
	}
	if sum.Updated != 1 || sum.SkippedUnchanged != 2 {
		t.Errorf("run 3 summary %+v", sum)
	}
	if ids := readPostings(t, out); len(ids) != 5 {
		t.Errorf("postings.jsonl has %d lines, want 5 (4 + 1 update)", len(ids))
	}
}

func TestMaxPagesDefersTheRest(t *testing.T) {
	h := newHits()
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		var b strings.Builder
		for i := 0; i < 10; i++ {
			fmt.Fprintf(&b, `<a href="/p/%d">x</a>`, i)
		}
		htmlHandler(b.String())(w, r)
	})
	mux.HandleFunc("/p/", func(w http.ResponseWriter, r *http.Request) {
		htmlHandler(jobPage("Job "+r.URL.Path, "text "+r.URL.Path))(w, r)
	})
	srv := httptest.NewServer(h.wrap(mux))
	defer srv.Close()
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	cfg := testConfig(srv, SourceSpec{Type: "jsonld", URL: srv.URL + "/"})
	cfg.StateDir = filepath.Join(dir, "state")
	cfg.MaxPages = 1
	cfg.Delay = time.Hour // a deferred request must not wait for its host's turn
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	sum, err := runDir(t, cfg, out, ctx)
	if err != nil {
		t.Fatalf("run 1: %v", err)
	}
	if sum.Pages != 1 || sum.Deferred != 10 || sum.Queued != 0 {
		t.Fatalf("run 1: pages %d deferred %d queued %d, want 1, 10, 0", sum.Pages, sum.Deferred, sum.Queued)
	}
	cfg.MaxPages = 0
	cfg.Delay = time.Millisecond
	sum2, err := runDir(t, cfg, out, ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !sum2.Resumed || len(readPostings(t, out)) != 10 {
		t.Errorf("run 2: resumed %v, %d postings, want 10", sum2.Resumed, len(readPostings(t, out)))
	}
	if h.get("/") != 1 {
		t.Errorf("start page fetched %d times, want 1", h.get("/"))
	}
}
