package crawler

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// newTestFetcher returns a fetcher (colly collectors over the guarded
// transport) that may reach only srv.
func newTestFetcher(t *testing.T, srv *httptest.Server, maxBody int64) *fetcher {
	t.Helper()
	cfg := testConfig(srv)
	cfg.MaxBodySize = maxBody
	cfg = cfg.withDefaults()
	g, err := newAddrGuard(false, cfg.AllowAddrs)
	if err != nil {
		t.Fatal(err)
	}
	return newFetcher(cfg, g)
}

// TestFetchHeadersAndConditional checks what reaches the server through
// colly: the configured User-Agent, gzip and the per-request validators;
// and what comes back: status, validators and a 304 as not modified.
func TestFetchHeadersAndConditional(t *testing.T) {
	var mu sync.Mutex
	var got []http.Header
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got = append(got, r.Header.Clone())
		mu.Unlock()
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Last-Modified", "Mon, 06 Oct 2025 10:00:00 GMT")
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "hello")
	}))
	defer srv.Close()
	f := newTestFetcher(t, srv, 0)
	ctx := context.Background()

	res, err := f.get(ctx, srv.URL+"/a", validators{}, "text/plain", 0)
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != 200 || string(res.Body) != "hello" || res.Header.Get("ETag") != `"v1"` || res.NotModified {
		t.Fatalf("first fetch: status %d body %q etag %q notModified %v", res.Status, res.Body, res.Header.Get("ETag"), res.NotModified)
	}
	v := validators{ETag: res.Header.Get("ETag"), LastModified: res.Header.Get("Last-Modified")}
	res, err = f.get(ctx, srv.URL+"/a", v, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if !res.NotModified || res.Status != http.StatusNotModified {
		t.Fatalf("second fetch: status %d notModified %v, want 304", res.Status, res.NotModified)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 2 {
		t.Fatalf("server saw %d requests, want 2", len(got))
	}
	for i, h := range got {
		if ua := h.Get("User-Agent"); ua != f.cfg.UserAgent {
			t.Errorf("request %d: User-Agent %q, want %q", i, ua, f.cfg.UserAgent)
		}
		if ae := h.Get("Accept-Encoding"); ae != "gzip" {
			t.Errorf("request %d: Accept-Encoding %q", i, ae)
		}
	}
	if got[0].Get("Accept") != "text/plain" || got[0].Get("If-None-Match") != "" {
		t.Errorf("first request: Accept %q If-None-Match %q", got[0].Get("Accept"), got[0].Get("If-None-Match"))
	}
	if got[1].Get("If-None-Match") != `"v1"` || got[1].Get("If-Modified-Since") != "Mon, 06 Oct 2025 10:00:00 GMT" {
		t.Errorf("second request: If-None-Match %q If-Modified-Since %q", got[1].Get("If-None-Match"), got[1].Get("If-Modified-Since"))
	}
}

// TestFetchBodyLimit checks that a body over the limit, plain or gzip, is
// an error and never a silently cut body, and that one at the limit
// arrives whole.
func TestFetchBodyLimit(t *testing.T) {
	const limit = 1000
	gz := func(b []byte) []byte {
		var buf bytes.Buffer
		w := gzip.NewWriter(&buf)
		w.Write(b)
		w.Close()
		return buf.Bytes()
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := limit
		if strings.Contains(r.URL.Path, "over") {
			n = limit + 1
		}
		body := bytes.Repeat([]byte("x"), n)
		w.Header().Set("Content-Type", "text/plain")
		if strings.HasPrefix(r.URL.Path, "/gz") {
			w.Header().Set("Content-Encoding", "gzip")
			body = gz(body)
		}
		w.Write(body)
	}))
	defer srv.Close()
	f := newTestFetcher(t, srv, limit)
	tests := []struct {
		path    string
		wantErr string // error kind, "" for success
	}{
		{"/at", ""},
		{"/over", "body_too_large"},
		{"/gz-at", ""},
		{"/gz-over", "body_too_large"},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			res, err := f.get(context.Background(), srv.URL+tc.path, validators{}, "", 0)
			if tc.wantErr != "" {
				if errKind(err) != tc.wantErr {
					t.Fatalf("err %v (kind %s), want kind %s; body %d bytes", err, errKind(err), tc.wantErr, len(bodyOf(res)))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Body) != limit || res.Header.Get("Content-Encoding") != "" {
				t.Errorf("body %d bytes (want %d), Content-Encoding %q", len(res.Body), limit, res.Header.Get("Content-Encoding"))
			}
		})
	}
}

func bodyOf(r *fetchResult) []byte {
	if r == nil {
		return nil
	}
	return r.Body
}

// TestFetchHTMLSelection checks colly's OnHTML selection on a fetched
// page: JSON-LD blocks, links resolved against <base href>, the canonical
// link, and a page whose charset only <meta> names.
func TestFetchHTMLSelection(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, `<html><head><meta charset="iso-8859-1"><base href="/jobs/"><link rel="canonical" href="/jobs/1">`+
			`<script type="application/ld+json">{"@type":"JobPosting","title":"Caf`+"\xe9"+`"}</script></head>`+
			`<body><a href="2">two</a><a href="/x.pdf">pdf</a><a rel="nofollow" href="/no">no</a><link rel="next" href="?page=2"></body></html>`)
	}))
	defer srv.Close()
	f := newTestFetcher(t, srv, 0)
	res, err := f.get(context.Background(), srv.URL+"/start", validators{}, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	p := res.Page
	if p == nil {
		t.Fatal("no page selected by OnHTML for a text/html response")
	}
	if len(p.Objects) != 1 || p.Objects[0]["title"] != "Café" {
		t.Errorf("objects %v, want one JobPosting titled Café", p.Objects)
	}
	wantLinks := []string{srv.URL + "/jobs/2", srv.URL + "/jobs/?page=2"}
	if strings.Join(p.Links, " ") != strings.Join(wantLinks, " ") {
		t.Errorf("links %q, want %q", p.Links, wantLinks)
	}
	if p.Canonical != srv.URL+"/jobs/1" {
		t.Errorf("canonical %q", p.Canonical)
	}
	if !strings.Contains(res.Header.Get("Content-Type"), "utf-8") {
		t.Errorf("Content-Type %q: the decoded body should be marked UTF-8", res.Header.Get("Content-Type"))
	}
}

// TestFetchCancel checks that cancelling the crawl aborts a request in
// flight (colly's Request takes no context; the collector's does).
func TestFetchCancel(t *testing.T) {
	arrived := make(chan struct{})
	gone := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(arrived)
		<-r.Context().Done() // the client went away
		close(gone)
	}))
	defer srv.Close()
	f := newTestFetcher(t, srv, 0)
	f.cfg.Timeout = time.Minute
	ctx, cancel := context.WithCancel(context.Background())
	f.start(ctx)
	errc := make(chan error, 1)
	go func() {
		_, err := f.get(ctx, srv.URL+"/slow", validators{}, "", 0)
		errc <- err
	}()
	<-arrived
	cancel()
	select {
	case err := <-errc:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("request not aborted by cancelling the crawl context")
	}
	select {
	case <-gone:
	case <-time.After(10 * time.Second):
		t.Error("server never saw the client go away")
	}
}

// TestFetchCharsets checks which bodies are converted to UTF-8: text by its
// header charset (colly) and HTML by <meta charset> too; a binary body with
// a charset parameter arrives byte for byte.
func TestFetchCharsets(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	io.WriteString(zw, "<urlset></urlset>")
	zw.Close()
	tests := []struct {
		name, ctype string
		body, want  []byte
	}{
		{"gzip with a charset", "application/x-gzip; charset=binary", gz.Bytes(), gz.Bytes()},
		{"latin-1 xml by header", "application/xml; charset=iso-8859-1", []byte("<t>caf\xe9</t>"), []byte("<t>café</t>")},
		{"utf-8 json untouched", "application/json; charset=utf-8", []byte(`{"t":"café"}`), []byte(`{"t":"café"}`)},
		{"latin-1 html by meta", "text/html", []byte("<meta charset=\"iso-8859-1\"><p>caf\xe9"), []byte(`<meta charset="iso-8859-1"><p>café`)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tc.ctype)
				w.Write(tc.body)
			}))
			defer srv.Close()
			res, err := newTestFetcher(t, srv, 0).get(context.Background(), srv.URL+"/x", validators{}, "", 0)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(res.Body, tc.want) {
				t.Errorf("body %q, want %q", res.Body, tc.want)
			}
		})
	}
}
