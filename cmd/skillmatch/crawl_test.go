package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCrawlCommand(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/job" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, `<script type="application/ld+json">{"@type":"JobPosting","title":"Welder","description":"<p>MIG welding</p>","hiringOrganization":"Steel Co"}</script>`)
	}))
	defer srv.Close()
	out := filepath.Join(t.TempDir(), "out")
	run := func(args ...string) error {
		cmd := newCrawlCmd()
		cmd.SetArgs(args)
		cmd.SetOut(io.Discard)
		cmd.SetErr(io.Discard)
		return cmd.Execute()
	}
	lines := func() []string {
		b, err := os.ReadFile(filepath.Join(out, "postings.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		return strings.Split(strings.TrimSpace(string(b)), "\n")
	}
	args := []string{"--source", "jsonld:" + srv.URL + "/job", "--out", out, "--delay", "0", "--allow-private"}
	if err := run(args...); err != nil {
		t.Fatal(err)
	}
	if l := lines(); len(l) != 1 || !strings.Contains(l[0], `"title":"Welder"`) {
		t.Fatalf("postings.jsonl = %q", l)
	}
	if _, err := os.Stat(filepath.Join(out, ".crawl-state", "state.db")); err != nil {
		t.Errorf("state not written: %v", err)
	}
	// A second run finds nothing new and writes nothing.
	if err := run(args...); err != nil {
		t.Fatal(err)
	}
	if l := lines(); len(l) != 1 {
		t.Errorf("second run appended: %d lines", len(l))
	}
	// Without --allow-private the loopback test server is refused.
	out = filepath.Join(t.TempDir(), "out2")
	if err := run("--source", "jsonld:"+srv.URL+"/job", "--out", out, "--delay", "0"); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(out, "postings.jsonl")); len(b) != 0 {
		t.Errorf("loopback fetched without --allow-private: %s", b)
	}
	for _, bad := range [][]string{{"--source", "gopher:x"}, {}} {
		if err := run(bad...); err == nil {
			t.Errorf("crawl %v: want an error", bad)
		}
	}
}
