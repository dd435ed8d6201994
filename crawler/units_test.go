package crawler

import (
	"bytes"
	"compress/gzip"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseHours(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"PT20H", 20, true},
		{"PT90M", 1.5, true},
		{"P6W", 240, true},
		{"P1DT4H", 12, true},
		{"P2D", 16, true},
		{"pt1h30m", 1.5, true},
		{"20 hours", 20, true},
		{"4 weeks, 5 hours/week", 20, true},
		{"5 hours per week for 6 weeks", 30, true},
		{"Approx. 2-3 hours", 2.5, true},
		{"90 minutes", 1.5, true},
		{"3 months part-time", 3 * 52.0 / 12 * 20, true},
		{"6 weeks", 240, true},
		{"10 hrs", 10, true},
		{"self-paced", 0, false},
		{"", 0, false},
		{"P", 0, false},
	}
	for _, tc := range tests {
		got, ok := ParseHours(tc.in)
		if ok != tc.ok || math.Abs(got-tc.want) > 1e-6 {
			t.Errorf("ParseHours(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestHTMLToText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<p>About us.</p><h2>Requirements</h2><ul><li>Go</li><li><p>SQL</p></li></ul>", "About us.\nRequirements\n- Go\n- SQL"},
		{"plain   text\n\n with  spaces", "plain text\nwith spaces"},
		{"Line one<br>Line two<script>alert(1)</script><style>p{}</style>", "Line one\nLine two"},
		{"<p><strong>What you'll do</strong></p><p>Build &amp; ship</p>", "What you'll do\nBuild & ship"},
		{"<table><tr><td>a</td><td>b</td></tr></table>", "a b"},
		{"bad \xff byte", "bad \uFFFD byte"},
	}
	for _, tc := range tests {
		if got := HTMLToText(tc.in); got != tc.want {
			t.Errorf("HTMLToText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCanonicalURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"HTTPS://Example.COM:443/jobs?b=2&a=1&utm_source=x#apply", "https://example.com/jobs?a=1&b=2"},
		{"http://example.com", "http://example.com/"},
		{"http://example.com:8080/x?gclid=1", "http://example.com:8080/x"},
		{"not a url", "not a url"},
	}
	for _, tc := range tests {
		if got := CanonicalURL(tc.in); got != tc.want {
			t.Errorf("CanonicalURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestJSONLDShapes(t *testing.T) {
	base, _ := url.Parse("https://site.example/jobs/1")
	tests := []struct {
		name      string
		html      string
		postings  int
		creds     int
		malformed int
	}{
		{"object", `<script type="application/ld+json">{"@type":"JobPosting","title":"A"}</script>`, 1, 0, 0},
		{"array", `<script type="application/ld+json">[{"@type":"JobPosting","title":"A"},{"@type":"Course","name":"C"}]</script>`, 1, 1, 0},
		{"graph", `<script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":["JobPosting"],"title":"A"}]}</script>`, 1, 0, 0},
		{"nested", `<script type="application/ld+json">{"@type":"WebPage","mainEntity":{"@type":"schema:JobPosting","title":"A"}}</script>`, 1, 0, 0},
		{"course instance stays inside its course", `<script type="application/ld+json">{"@type":"Course","name":"C","hasCourseInstance":[{"@type":"CourseInstance","courseMode":"online"}]}</script>`, 0, 1, 0},
		{"program", `<script type="application/ld+json">{"@type":"EducationalOccupationalProgram","name":"P","timeToComplete":"P6W"}</script>`, 0, 1, 0},
		{"malformed beside valid", `<script type="application/ld+json">{"@type":</script><script type="application/ld+json">{"@type":"JobPosting","title":"A"}</script>`, 1, 0, 1},
		{"raw newline in string", "<script type=\"application/ld+json\">{\"@type\":\"JobPosting\",\"title\":\"A\",\"description\":\"line\nbreak\"}</script>", 1, 0, 0},
		{"comment-wrapped", `<script type="application/ld+json"><!--{"@type":"JobPosting","title":"A"}--></script>`, 1, 0, 0},
		{"two postings without url", `<script type="application/ld+json">[{"@type":"JobPosting","title":"A"},{"@type":"JobPosting","title":"B","identifier":"b-2"}]</script>`, 2, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := parsePage([]byte("<html><head>"+tc.html+"</head></html>"), "text/html", base)
			if err != nil {
				t.Fatal(err)
			}
			recs := pageRecords(p.Objects, base.String())
			np, nc := 0, 0
			ids := map[string]bool{}
			for _, r := range recs {
				if r.Posting != nil {
					np++
				} else {
					nc++
				}
				if ids[r.ID()] {
					t.Errorf("two records with ID %s", r.ID())
				}
				ids[r.ID()] = true
			}
			if np != tc.postings || nc != tc.creds || len(p.Malformed) != tc.malformed {
				t.Errorf("postings %d creds %d malformed %d; want %d %d %d", np, nc, len(p.Malformed), tc.postings, tc.creds, tc.malformed)
			}
		})
	}
}

func TestSitemapIndexAndGzip(t *testing.T) {
	gz := func(s string) []byte {
		var b bytes.Buffer
		w := gzip.NewWriter(&b)
		io.WriteString(w, s)
		w.Close()
		return b.Bytes()
	}
	h := newHits()
	mux := http.NewServeMux()
	mux.HandleFunc("/sitemap_index.xml", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>/sm-jobs.xml.gz</loc><lastmod>2025-10-01</lastmod></sitemap><sitemap><loc>/sm-courses.xml</loc></sitemap></sitemapindex>`)
	})
	mux.HandleFunc("/sm-jobs.xml.gz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-gzip")
		w.Write(gz(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>/j/1</loc><lastmod>2025-10-01T10:00:00Z</lastmod></url><url><loc>/j/2</loc></url><url><loc>https://elsewhere.example/x</loc></url></urlset>`))
	})
	mux.HandleFunc("/sm-courses.xml", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>/c/1</loc></url></urlset>`)
	})
	mux.HandleFunc("/j/", func(w http.ResponseWriter, r *http.Request) { htmlHandler(jobPage("Job "+r.URL.Path, "x"))(w, r) })
	mux.HandleFunc("/c/1", serveFile(t, "course.html", "text/html"))
	srv := httptest.NewServer(h.wrap(mux))
	defer srv.Close()
	sum, recs := runCrawl(t, testConfig(srv, SourceSpec{Type: "jsonld", URL: srv.URL + "/sitemap_index.xml", MaxDepth: 1}))
	if len(recs) != 4 || sum.Records["posting"] != 2 || sum.Records["credential"] != 2 {
		t.Errorf("records %v (%d), want 2 postings + 2 credentials", sum.Records, len(recs))
	}
	if sum.Errors["sitemap_foreign_url"] != 1 {
		t.Errorf("errors %v, want one sitemap_foreign_url", sum.Errors)
	}
}

func TestCrawlDelayAndHostDelay(t *testing.T) {
	h := newHits()
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "User-agent: *\nCrawl-delay: 0.2\n")
	})
	mux.HandleFunc("/", htmlHandler(`<a href="/a">a</a><a href="/b">b</a><a href="/c">c</a>`))
	mux.HandleFunc("/a", htmlHandler("a"))
	mux.HandleFunc("/b", htmlHandler("b"))
	mux.HandleFunc("/c", htmlHandler("c"))
	srv := httptest.NewServer(h.wrap(mux))
	defer srv.Close()
	cfg := testConfig(srv, SourceSpec{Type: "jsonld", URL: srv.URL + "/"})
	cfg.HostParallelism = 4
	runCrawl(t, cfg)
	var ts []time.Time
	for _, p := range []string{"/", "/a", "/b", "/c"} {
		ts = append(ts, h.times(p)...)
	}
	if len(ts) != 4 {
		t.Fatalf("%d page requests, want 4", len(ts))
	}
	// Request starts to one host are at least Crawl-delay apart, so four
	// requests span at least three delays (lower bound only: no race).
	first, last := ts[0], ts[0]
	for _, x := range ts {
		if x.Before(first) {
			first = x
		}
		if x.After(last) {
			last = x
		}
	}
	if span := last.Sub(first); span < 550*time.Millisecond {
		t.Errorf("4 requests within %v; Crawl-delay 0.2s demands >= 600ms", span)
	}
}

func TestLoadConfigExample(t *testing.T) {
	cfg, err := LoadConfig(filepath.Join("..", "examples", "sources.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Sources) < 5 || !strings.Contains(cfg.UserAgent, "http") || cfg.Delay < time.Second {
		t.Errorf("example config: %d sources, UA %q, delay %v", len(cfg.Sources), cfg.UserAgent, cfg.Delay)
	}
	for _, s := range cfg.Sources {
		if _, err := newSource(s); err != nil {
			t.Errorf("source %s: %v", s.ID(), err)
		}
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("sources:\n  - type: gopher\n    url: x\n"), 0o644)
	if _, err := LoadConfig(bad); err == nil || !strings.Contains(err.Error(), "unknown type") {
		t.Errorf("bad config error %v", err)
	}
	os.WriteFile(bad, []byte("delay: 1s\nsourcez: []\n"), 0o644)
	if _, err := LoadConfig(bad); err == nil {
		t.Error("unknown key accepted")
	}
}

func TestParseSourceFlag(t *testing.T) {
	for in, ok := range map[string]bool{"jsonld:https://x.example/": true, "greenhouse:acme": true, "file:/tmp/a.csv": true, "nope:x": false, "jsonld:": false, "plain": false} {
		if _, err := ParseSourceFlag(in); (err == nil) != ok {
			t.Errorf("ParseSourceFlag(%q) error %v, want ok=%v", in, err, ok)
		}
	}
}

func TestRobotsSitemapDiscovery(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "User-agent: *\nDisallow: /admin\nDisallow: /robots.txt\nSitemap: /jobs-sitemap.xml\nsitemap: https://other.example/sm.xml\n")
	})
	mux.HandleFunc("/", htmlHandler("<p>home, no links</p>"))
	mux.HandleFunc("/jobs-sitemap.xml", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>/j/1</loc></url></urlset>`)
	})
	mux.HandleFunc("/j/1", htmlHandler(jobPage("Found via robots sitemap", "x")))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	for _, on := range []bool{false, true} {
		_, recs := runCrawl(t, testConfig(srv, SourceSpec{Type: "jsonld", URL: srv.URL + "/", RobotsSitemaps: on}))
		if want := map[bool]int{false: 0, true: 1}[on]; len(recs) != want {
			t.Errorf("robots_sitemaps=%v: %d records, want %d", on, len(recs), want)
		}
	}
}

func TestFeedFollow(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.rss", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Short title</title><link>/job/1</link><description>teaser only</description></item></channel></rss>`)
	})
	mux.HandleFunc("/job/1", htmlHandler(jobPage("Full posting title", "the whole description")))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	for _, follow := range []bool{false, true} {
		_, recs := runCrawl(t, testConfig(srv, SourceSpec{Type: "rss", URL: srv.URL + "/feed.rss", Follow: follow}))
		want := map[bool]string{false: "Short title", true: "Full posting title"}[follow]
		if len(recs) != 1 || recs[0].Posting.Title != want {
			t.Errorf("follow=%v: records %+v, want one titled %q", follow, recs, want)
		}
	}
}
