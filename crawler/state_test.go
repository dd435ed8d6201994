package crawler

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	bolt "go.etcd.io/bbolt"
)

// TestProducedRequestsChunked writes one page's produced requests again and
// again with different lengths: long lists go to the outs bucket in chunks,
// short ones stay in the page entry, stale chunks are dropped, and a page
// copied from the state (Out not loaded) keeps its chunks.
func TestProducedRequestsChunked(t *testing.T) {
	st, err := openStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.close()
	k := Request{URL: "https://example.test/sitemap.xml", Source: "s"}.key()
	reqs := func(n int) []Request {
		var out []Request
		for i := 0; i < n; i++ {
			out = append(out, Request{URL: fmt.Sprintf("https://example.test/j/%d", i), Source: "s", Depth: 1, Lastmod: "2025-10-01"})
		}
		return out
	}
	chunks := func() int {
		n := 0
		st.view(func(tx *bolt.Tx) {
			c := tx.Bucket(bucketOuts).Cursor()
			for ck, _ := c.Seek(k[:]); ck != nil && bytes.HasPrefix(ck, k[:]); ck, _ = c.Next() {
				n++
			}
		})
		return n
	}
	for _, tc := range []struct {
		name       string
		out        int
		copyStored bool // write the stored page back without loading Out
		wantChunks int
		wantOut    int
	}{
		{"none", 0, false, 0, 0},
		{"inline", outInline, false, 0, outInline},
		{"chunked", 5*outChunk + 3, false, 6, 5*outChunk + 3},
		{"copy keeps chunks", 0, true, 6, 5*outChunk + 3},
		{"shorter list drops the tail", 2*outChunk + 1, false, 3, 2*outChunk + 1},
		{"inline again drops all chunks", 3, false, 0, 3},
		{"chunked again", maxReplayLinks, false, (maxReplayLinks + outChunk - 1) / outChunk, maxReplayLinks},
		{"no links drops all chunks", 0, false, 0, 0},
	} {
		p := pageState{Gen: st.gen, Key: k, Status: 200, Out: reqs(tc.out)}
		if tc.copyStored {
			p = *st.page(k)
			if p.Out != nil || p.OutChunks == 0 {
				t.Fatalf("%s: stored page has Out %d, chunks %d; want chunks only", tc.name, len(p.Out), p.OutChunks)
			}
		}
		st.done(p)
		if err := st.flush(&MemSink{}); err != nil {
			t.Fatal(err)
		}
		got := st.page(k)
		out, err := st.outOf(got)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		want := reqs(tc.wantOut)
		if fmt.Sprint(out) != fmt.Sprint(want) {
			t.Errorf("%s: %d produced requests read back, want %d", tc.name, len(out), len(want))
		}
		if n := chunks(); n != tc.wantChunks || got.OutChunks != tc.wantChunks {
			t.Errorf("%s: %d chunks stored, page says %d, want %d", tc.name, n, got.OutChunks, tc.wantChunks)
		}
	}
}

// TestBigSitemapNotModifiedReplaysEntries re-crawls a sitemap of more
// entries than fit in its page entry: on the 304 every entry is replayed
// from the chunks and skipped by its unchanged lastmod.
func TestBigSitemapNotModifiedReplaysEntries(t *testing.T) {
	const n = 3*outChunk + 7
	var mu sync.Mutex
	fetched := map[string]int{}
	mux := http.NewServeMux()
	mux.HandleFunc("/sitemap.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"v1"`)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		io.WriteString(w, `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for i := 0; i < n; i++ {
			fmt.Fprintf(w, "<url><loc>/p/%d</loc><lastmod>2025-10-01</lastmod></url>", i)
		}
		io.WriteString(w, `</urlset>`)
	})
	mux.HandleFunc("/p/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		fetched[r.URL.Path]++
		mu.Unlock()
		htmlHandler(jobPage("Job "+r.URL.Path, "text "+r.URL.Path))(w, r)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	dir := t.TempDir()
	cfg := testConfig(srv, SourceSpec{Type: "jsonld", URL: srv.URL + "/sitemap.xml"})
	cfg.StateDir = filepath.Join(dir, "state")
	out := filepath.Join(dir, "out")
	if sum, err := runDir(t, cfg, out, context.Background()); err != nil || sum.Records["posting"] != n {
		t.Fatalf("run 1: %v, %d postings, want %d", err, sum.Records["posting"], n)
	}
	sum, err := runDir(t, cfg, out, context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if sum.NotModified != 1 || sum.SkippedUnchanged != n || sum.Pages != 0 {
		t.Errorf("run 2: not modified %d (want 1), skipped unchanged %d (want %d), pages %d (want 0)", sum.NotModified, sum.SkippedUnchanged, n, sum.Pages)
	}
	for p, c := range fetched {
		if c != 1 {
			t.Errorf("%s fetched %d times, want 1", p, c)
		}
	}
}

func TestScanSitemap(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		want      string // entries as loc|lastmod, space-separated
		index     bool
		err       string // substring of the error, "" for none
	}{
		{"urlset", `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc> /a </loc><lastmod>2025-10-01</lastmod></url><url><loc>/b</loc></url></urlset>`, "/a|2025-10-01 /b|", false, ""},
		{"index", `<sitemapindex><sitemap><loc>/s1.xml</loc></sitemap><sitemap><lastmod>x</lastmod><loc>/s2.xml</loc></sitemap></sitemapindex>`, "/s1.xml| /s2.xml|x", true, ""},
		{"cdata and image extension", `<urlset xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"><url><loc><![CDATA[/c?a=1&b=2]]></loc><image:image><image:loc>/img.png</image:loc></image:image></url></urlset>`, "/c?a=1&b=2|", false, ""},
		{"empty", `<urlset></urlset>`, "", false, ""},
		{"wrong root", `<rss><channel/></rss>`, "", false, "root element <rss>"},
		{"no root", ``, "", false, "no root element"},
		{"truncated keeps earlier entries", `<urlset><url><loc>/a</loc></url><url><loc>/b`, "/a|", false, "sitemap:"},
	} {
		var got []string
		var index bool
		err := scanSitemap(strings.NewReader(tc.doc), func(e sitemapEntry, idx bool) error {
			got, index = append(got, e.Loc+"|"+e.Lastmod), idx
			return nil
		})
		if tc.err == "" && err != nil || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.err)
		}
		if strings.Join(got, " ") != tc.want || index != tc.index {
			t.Errorf("%s: entries %q index %v, want %q index %v", tc.name, strings.Join(got, " "), index, tc.want, tc.index)
		}
	}
}

// TestFlushKilledBetweenTransactions fills the state with many queued
// requests, then finishes them all while queueing a child of each, and
// stops that flush before its k-th write transaction (as a kill would) for
// several k. After reopening, every parent is either finished or still
// queued, never both or neither, and every finished parent's child is
// queued: no transaction boundary loses a link.
func TestFlushKilledBetweenTransactions(t *testing.T) {
	const n = 3000
	req := func(kind string, i int) Request {
		return Request{URL: fmt.Sprintf("https://h%d.example.test/%s/%d", i%3, kind, i), Source: "s", Depth: 1}
	}
	// scenario runs the two flushes, the second stopped before its
	// killAt-th transaction (0: not stopped); it returns the second
	// flush's transaction count and the reopened store.
	scenario := func(killAt int) (int, *store) {
		dir := t.TempDir()
		st, err := openStore(dir)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < n; i++ {
			if v, _ := st.tryEnqueue(req("parent", i), ""); v != enqQueued {
				t.Fatalf("parent %d: verdict %d", i, v)
			}
			// Pages finished earlier make the pages bucket big too.
			st.done(pageState{Gen: st.gen, Key: req("other", i).key(), Status: 200})
		}
		if err := st.flush(&MemSink{}); err != nil {
			t.Fatal(err)
		}
		// A small budget makes this small state behave like a big one:
		// every transaction touches more nodes than it may hold.
		st.nodeBudget = 16
		txs := 0
		st.beforeTx = func() error {
			txs++
			if txs == killAt {
				return fmt.Errorf("killed before transaction %d", txs)
			}
			return nil
		}
		for i := 0; i < n; i++ {
			st.tryEnqueue(req("child", i), "")
			st.done(pageState{Gen: st.gen, Key: req("parent", i).key(), Status: 200})
		}
		err = st.flush(&MemSink{})
		if (err != nil) != (killAt > 0 && killAt <= txs) {
			t.Fatalf("kill at %d of %d transactions: flush error %v", killAt, txs, err)
		}
		st.close()
		if st, err = openStore(dir); err != nil {
			t.Fatal(err)
		}
		return txs, st
	}
	check := func(killAt int, st *store) (finished int) {
		defer st.close()
		if !st.resumed {
			t.Fatalf("kill at %d: state not resumed", killAt)
		}
		pending := map[string]bool{}
		if err := st.pending(func(r Request, _ uint64) { pending[r.URL] = true }); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < n; i++ {
			parent, child := req("parent", i), req("child", i)
			p := st.page(parent.key())
			done := p != nil && p.Gen == st.gen && p.Status == 200
			if done == pending[parent.URL] {
				t.Fatalf("kill at %d: parent %d finished %v and queued %v", killAt, i, done, pending[parent.URL])
			}
			if done {
				finished++
				if !pending[child.URL] {
					t.Fatalf("kill at %d: parent %d finished but its child is not queued", killAt, i)
				}
			}
		}
		return finished
	}
	txs, st := scenario(0)
	if got := check(0, st); got != n {
		t.Fatalf("unstopped flush: %d parents finished, want %d", got, n)
	}
	if txs < 4 {
		t.Fatalf("second flush took %d write transactions; the node budget should split it", txs)
	}
	partial := false
	for _, killAt := range []int{1, txs / 2, txs - 1} {
		_, st := scenario(killAt)
		got := check(killAt, st)
		partial = partial || (got > 0 && got < n)
	}
	if !partial {
		t.Errorf("no kill point (of %d transactions) left some parents finished and others queued", txs)
	}
}
