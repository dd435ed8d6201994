package crawler

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"
)

// jobPage renders a minimal JSON-LD JobPosting page.
func jobPage(title, desc string, links ...string) string {
	var b strings.Builder
	q := func(s string) string { return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"` }
	fmt.Fprintf(&b, `<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"JobPosting","title":%s,"description":%s,"hiringOrganization":{"name":"Acme"},"jobLocation":{"address":{"addressLocality":"Berlin","addressCountry":"DE"}}}</script></head><body>`, q(title), q(desc))
	for _, l := range links {
		fmt.Fprintf(&b, `<a href="%s">x</a>`, l)
	}
	b.WriteString("</body></html>")
	return b.String()
}

func htmlHandler(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, body)
	}
}

func TestRobots(t *testing.T) {
	h := newHits()
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "User-agent: *\nDisallow: /private\n\nUser-agent: skillmatch-test\nDisallow: /private\nDisallow: /hidden\nCrawl-delay: 0.05\n")
	})
	mux.HandleFunc("/sitemap.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		io.WriteString(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>/jobs/a</loc><lastmod>2025-10-01</lastmod></url>
<url><loc>/private/b</loc></url>
<url><loc>/hidden/c</loc></url>
<url><loc>/jobs/redirect</loc></url>
</urlset>`)
	})
	mux.HandleFunc("/jobs/a", htmlHandler(jobPage("Allowed job", "fine")))
	mux.HandleFunc("/jobs/redirect", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/private/d", http.StatusFound)
	})
	for _, p := range []string{"/private/b", "/hidden/c", "/private/d"} {
		mux.HandleFunc(p, htmlHandler(jobPage("Forbidden "+p, "must not be fetched")))
	}
	srv := httptest.NewServer(h.wrap(mux))
	defer srv.Close()

	sum, recs := runCrawl(t, testConfig(srv, SourceSpec{Type: "jsonld", URL: srv.URL + "/sitemap.xml"}))
	for _, p := range []string{"/private/b", "/hidden/c", "/private/d"} {
		if n := h.get(p); n != 0 {
			t.Errorf("%s fetched %d times despite robots.txt", p, n)
		}
	}
	if h.get("/robots.txt") != 1 {
		t.Errorf("robots.txt fetched %d times, want 1 (cached)", h.get("/robots.txt"))
	}
	if sum.SkippedRobots != 3 || len(recs) != 1 || recs[0].Posting.Title != "Allowed job" {
		t.Errorf("skipped %d (want 3: two sitemap entries and one redirect), records %d", sum.SkippedRobots, len(recs))
	}
}

func TestRobotsStatus(t *testing.T) {
	tests := []struct {
		status  int
		fetched bool
		errKind string
	}{
		{404, true, ""},
		{403, true, ""}, // RFC 9309: 4xx means no restrictions
		{503, false, "robots_unavailable"},
		{500, false, "robots_unavailable"},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint(tc.status), func(t *testing.T) {
			h := newHits()
			mux := http.NewServeMux()
			mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(tc.status) })
			mux.HandleFunc("/job", htmlHandler(jobPage("Job", "text")))
			srv := httptest.NewServer(h.wrap(mux))
			defer srv.Close()
			sum, _ := runCrawl(t, testConfig(srv, SourceSpec{Type: "jsonld", URL: srv.URL + "/job"}))
			if got := h.get("/job") > 0; got != tc.fetched {
				t.Errorf("page fetched = %v, want %v", got, tc.fetched)
			}
			if tc.errKind != "" && sum.Errors[tc.errKind] != 1 {
				t.Errorf("errors %v, want %s", sum.Errors, tc.errKind)
			}
		})
	}
}

func TestHTTPFailures(t *testing.T) {
	var flaky, limited atomic.Int32
	h := newHits()
	release := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, `<a href="/missing">a</a><a href="/flaky">b</a><a href="/limited">c</a><a href="/loop1">d</a><a href="/slow">e</a>`)
	})
	mux.HandleFunc("/missing", http.NotFound)
	mux.HandleFunc("/flaky", func(w http.ResponseWriter, r *http.Request) {
		if flaky.Add(1) == 1 {
			http.Error(w, "boom", http.StatusInternalServerError)
			return
		}
		htmlHandler(jobPage("Flaky job", "second time lucky"))(w, r)
	})
	mux.HandleFunc("/limited", func(w http.ResponseWriter, r *http.Request) {
		if limited.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		htmlHandler(jobPage("Limited job", "after waiting"))(w, r)
	})
	mux.HandleFunc("/loop1", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop2", http.StatusFound) })
	mux.HandleFunc("/loop2", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop1", http.StatusFound) })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	srv := httptest.NewServer(h.wrap(mux))
	defer srv.Close()
	defer close(release)

	cfg := testConfig(srv, SourceSpec{Type: "jsonld", URL: srv.URL + "/"})
	cfg.Timeout = 400 * time.Millisecond
	cfg.Retries = 2
	sum, recs := runCrawl(t, cfg)

	got := postings(recs)
	if got["Flaky job"].Posting == nil || got["Limited job"].Posting == nil || len(recs) != 2 {
		t.Errorf("records %v, want the flaky and the rate-limited job", got)
	}
	want := map[string]int{"http_404": 1, "redirect_loop": 1, "timeout": 1}
	for k, v := range want {
		if sum.Errors[k] != v {
			t.Errorf("errors[%s] = %d, want %d (all: %v)", k, sum.Errors[k], v, sum.Errors)
		}
	}
	if len(sum.Errors) != len(want) {
		t.Errorf("unexpected errors %v", sum.Errors)
	}
	if h.get("/missing") != 1 {
		t.Errorf("404 retried: %d requests", h.get("/missing"))
	}
	if h.get("/slow") != 3 {
		t.Errorf("timeout attempts %d, want 3 (1 + 2 retries)", h.get("/slow"))
	}
	ts := h.times("/limited")
	if len(ts) != 2 || ts[1].Sub(ts[0]) < 900*time.Millisecond {
		t.Errorf("429 with Retry-After: 1 retried after %v (requests %d), want >= 1s", ts[len(ts)-1].Sub(ts[0]), len(ts))
	}
	if sum.Retries < 4 {
		t.Errorf("retries %d, want >= 4 (500 once, 429 once, timeout twice)", sum.Retries)
	}
}

func TestPrivateAddressesRefused(t *testing.T) {
	// A second loopback server on another port stands in for an internal
	// service; it must never be reached.
	var internal atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { internal.Add(1) }))
	defer other.Close()
	_, otherPort, _ := net.SplitHostPort(other.Listener.Addr().String())

	targets := map[string]string{
		"/to-10":      "http://10.0.0.1/admin",
		"/to-meta":    "http://169.254.169.254/latest/meta-data/",
		"/to-v6":      "http://[::1]:" + otherPort + "/",
		"/to-other":   other.URL + "/",
		"/to-name":    "http://localhost:" + otherPort + "/",
		"/to-mapped":  "http://[::ffff:127.0.0.1]:" + otherPort + "/",
		"/to-private": "http://192.168.1.1/",
	}
	mux := http.NewServeMux()
	var links strings.Builder
	for p, target := range targets {
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, target, http.StatusFound) })
		links.WriteString(`<a href="` + p + `">x</a>`)
	}
	mux.HandleFunc("/", htmlHandler(links.String()))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	sum, _ := runCrawl(t, testConfig(srv, SourceSpec{Type: "jsonld", URL: srv.URL + "/"}))
	if sum.Errors["blocked_address"] != len(targets) {
		t.Errorf("blocked_address = %d, want %d (errors %v)", sum.Errors["blocked_address"], len(targets), sum.Errors)
	}
	if internal.Load() != 0 {
		t.Errorf("internal server reached %d times", internal.Load())
	}

	// The guard refuses in Control, before connect(2): check it directly.
	g, err := newAddrGuard(false, []string{"127.0.0.1:8080"})
	if err != nil {
		t.Fatal(err)
	}
	for addr, ok := range map[string]bool{
		"127.0.0.1:8080": true, "127.0.0.1:8081": false, "10.0.0.1:80": false, "169.254.169.254:80": false,
		"[::1]:8080": false, "[fe80::1]:80": false, "172.16.3.4:443": false, "100.64.0.1:80": false,
		"[::ffff:10.1.2.3]:80": false, "0.0.0.0:80": false, "93.184.216.34:443": true, "[2606:4700::1111]:443": true,
	} {
		if err := g.control("tcp", addr, nil); (err == nil) != ok {
			t.Errorf("control(%s) = %v, want allowed=%v", addr, err, ok)
		}
	}
}

// zeros is an endless reader of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestBodyLimits(t *testing.T) {
	const limit = 1 << 20
	var bomb bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&bomb, gzip.BestCompression)
	io.Copy(zw, io.LimitReader(zeros{}, 64<<20)) // 64 MiB of zeros, ~64 KiB compressed
	zw.Close()

	mux := http.NewServeMux()
	mux.HandleFunc("/", htmlHandler(`<a href="/huge">a</a><a href="/bomb">b</a><a href="/ok">c</a><a href="/gz-ok">d</a>`))
	mux.HandleFunc("/huge", func(w http.ResponseWriter, r *http.Request) {
		// 50 MB streamed from a generator: never held in memory here.
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<html><body>")
		io.Copy(w, io.LimitReader(zeros{}, 50<<20))
	})
	mux.HandleFunc("/bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb.Bytes())
	})
	mux.HandleFunc("/ok", htmlHandler(jobPage("Small job", "fits")))
	mux.HandleFunc("/gz-ok", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		io.WriteString(zw, jobPage("Gzipped job", "compressed but small"))
		zw.Close()
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	cfg := testConfig(srv, SourceSpec{Type: "jsonld", URL: srv.URL + "/"})
	cfg.MaxBodySize = limit
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	sum, recs := runCrawl(t, cfg)
	runtime.ReadMemStats(&after)

	if sum.Errors["body_too_large"] != 2 || len(recs) != 2 {
		t.Errorf("body_too_large = %d (want 2: the 50 MB page and the gzip bomb), records %d (want 2), errors %v", sum.Errors["body_too_large"], len(recs), sum.Errors)
	}
	// Everything the crawl allocated, cumulatively, stays far below the 50 MB
	// body and the 64 MiB bomb: bodies are cut at the limit while streaming.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 24<<20 {
		t.Errorf("crawl allocated %d MiB in total, want < 24 MiB", alloc>>20)
	}
}

func TestInvalidUTF8(t *testing.T) {
	page := []byte(jobPage("Caf\xe9 manager", "Run the caf\xff\xfe and order coffee"))
	mux := http.NewServeMux()
	mux.HandleFunc("/j", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	_, recs := runCrawl(t, testConfig(srv, SourceSpec{Type: "jsonld", URL: srv.URL + "/j"}))
	if len(recs) != 1 {
		t.Fatalf("records %d, want 1", len(recs))
	}
	p := recs[0].Posting
	if !utf8.ValidString(p.Title) || !utf8.ValidString(p.Description) || !strings.Contains(p.Description, "and order coffee") || !strings.Contains(p.Description, "\uFFFD") {
		t.Errorf("title %q description %q", p.Title, p.Description)
	}
}

func TestLatin1Page(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/j", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=iso-8859-1")
		w.Write([]byte(jobPage("Caf\xe9 manager", "Cr\xe8me br\xfbl\xe9e")))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	_, recs := runCrawl(t, testConfig(srv, SourceSpec{Type: "jsonld", URL: srv.URL + "/j"}))
	if len(recs) != 1 || recs[0].Posting.Title != "Café manager" || recs[0].Posting.Description != "Crème brûlée" {
		t.Errorf("records %+v", recs)
	}
}

func TestSamePostingOnGreenhouseAndJSONLD(t *testing.T) {
	srv, _ := newFixtureSite(t)
	cfg := testConfig(srv,
		SourceSpec{Type: "greenhouse", URL: srv.URL + "/v1/boards/acme/jobs"},
		SourceSpec{Type: "jsonld", URL: srv.URL + "/jobs/data-engineer", MaxDepth: -1},
	)
	sum, recs := runCrawl(t, cfg)
	n := 0
	for _, r := range recs {
		if r.Posting != nil && r.Posting.Title == "Data Engineer" {
			n++
		}
	}
	if n != 1 || sum.Duplicates != 1 || sum.Records["posting"] != 2 {
		t.Errorf("Data Engineer records %d (want 1), duplicates %d (want 1), postings %d (want 2)", n, sum.Duplicates, sum.Records["posting"])
	}
}

func TestCancelStopsPromptly(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		var links strings.Builder
		for i := 0; i < 200; i++ {
			fmt.Fprintf(&links, `<a href="/p/%d">x</a>`, i)
		}
		htmlHandler(links.String())(w, r)
	})
	mux.HandleFunc("/p/", htmlHandler(jobPage("Job", "x")))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	cfg := testConfig(srv, SourceSpec{Type: "jsonld", URL: srv.URL + "/"})
	cfg.Delay = time.Hour // everything after the first page waits on politeness
	c, err := New(cfg, &MemSink{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := c.Run(ctx); done <- err }()
	for c.Snapshot().Pages < 1 {
		time.Sleep(time.Millisecond)
	}
	cancel()
	select {
	case err := <-done:
		if err != context.Canceled {
			t.Errorf("Run returned %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return within 5s of cancellation")
	}
}

func TestDisallowedLinksDoNotWaitForTheHost(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "User-agent: *\nDisallow: /private/\n")
	})
	mux.HandleFunc("/", htmlHandler(`<a href="/private/1">a</a><a href="/private/2">b</a><a href="/private/3">c</a>`))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	cfg := testConfig(srv, SourceSpec{Type: "jsonld", URL: srv.URL + "/"})
	cfg.Delay = time.Hour // were the skips queued, each would wait an hour: runCrawl's 20 s deadline fails
	sum, _ := runCrawl(t, cfg)
	if sum.SkippedRobots != 3 || sum.Pages != 1 {
		t.Errorf("skipped %d pages %d, want 3 and 1", sum.SkippedRobots, sum.Pages)
	}
}
