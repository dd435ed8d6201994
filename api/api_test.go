package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/skillmatch/skillmatch"
	"github.com/skillmatch/skillmatch/extract"
	"github.com/skillmatch/skillmatch/index"
	"github.com/skillmatch/skillmatch/taxonomy"
)

const escoID = "http://data.europa.eu/esco/skill/abc-123"

func testTaxonomy(t testing.TB) *taxonomy.Taxonomy {
	t.Helper()
	b := taxonomy.NewBuilder("apitest-1", "en")
	for _, s := range []taxonomy.Skill{
		{ID: "programming", Label: "computer programming", Type: skillmatch.TypeSkill},
		{ID: "python", Label: "Python", Type: skillmatch.TypeTool, Broader: []string{"programming"}},
		{ID: "postgresql", Label: "PostgreSQL", Type: skillmatch.TypeTool},
		{ID: "spreadsheets", Label: "spreadsheets", Type: skillmatch.TypeTool},
		{ID: "kubernetes", Label: "Kubernetes", Type: skillmatch.TypeTool},
		{ID: escoID, Label: "data visualisation", Type: skillmatch.TypeSkill},
	} {
		if _, err := b.AddSkill(s); err != nil {
			t.Fatal(err)
		}
	}
	for _, o := range []taxonomy.Occupation{
		{ID: "data-analyst", Title: "Data Analyst", Essential: []string{"postgresql"}},
		{ID: "platform-engineer", Title: "Platform Engineer"},
	} {
		if _, err := b.AddOccupation(o); err != nil {
			t.Fatal(err)
		}
	}
	tax, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return tax
}

func posting(id, title, month, body string) skillmatch.Posting {
	d, _ := time.Parse("2006-01", month)
	return skillmatch.Posting{ID: id, Source: "test", Title: title, DatePosted: d, Description: body,
		Organization: skillmatch.Organization{Name: "Acme"}, Location: skillmatch.Location{Country: "DE"}}
}

// req writes a requirements section naming each skill on a line of its own.
func req(skills ...string) string {
	var b strings.Builder
	b.WriteString("About the role\nYou will join our analytics team.\n\nRequirements\n")
	for _, s := range skills {
		b.WriteString("- Solid experience with " + s + " in production\n")
	}
	return b.String()
}

var testPostings = []skillmatch.Posting{
	posting("a1", "Data Analyst", "2025-01", req("Python", "PostgreSQL")),
	posting("a2", "Data Analyst", "2025-02", req("PostgreSQL", "spreadsheets")),
	posting("a3", "Data Analyst", "2025-03", req("Python", "PostgreSQL", "data visualisation")),
	posting("a4", "Data Analyst", "2025-04", req("PostgreSQL")),
	posting("e1", "Platform Engineer", "2025-02", req("Kubernetes", "Python")),
}

var testCredentials = []skillmatch.Credential{
	{ID: "k1", Title: "PostgreSQL for Analysts", Provider: skillmatch.Organization{Name: "Data School"}, Type: skillmatch.CredentialCourse,
		Description: "Learn PostgreSQL and Python.", Price: 50, Currency: "EUR", Hours: 10, Mode: "online", Level: "beginner", Rating: 4.5},
	{ID: "k2", Title: "Kubernetes Admin", Provider: skillmatch.Organization{Name: "Cloud Academy"}, Type: skillmatch.CredentialCertificate,
		Description: "Kubernetes in production.", Price: 300, Currency: "EUR", Hours: 40, Mode: "online", Level: "advanced", Rating: 4.8},
	{ID: "k3", Title: "Python Basics", Provider: skillmatch.Organization{Name: "Cloud Academy"}, Type: skillmatch.CredentialCourse,
		Description: "Learn Python.", Price: 0, Currency: "EUR", Hours: 8, Mode: "online", Level: "beginner", Rating: 4.1},
}

func openIndex(t testing.TB, dir string) *index.Index {
	t.Helper()
	// Keep every mention: these tests are about the API, not the extractor's thresholds.
	ex, err := extract.New(testTaxonomy(t), extract.Options{MinConfidence: -1})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(dir, ex, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func fill(t testing.TB, ix *index.Index) {
	t.Helper()
	ctx := context.Background()
	if st, err := ix.AddPostings(ctx, testPostings); err != nil || st.Failed > 0 {
		t.Fatalf("postings: %+v %v", st, err)
	}
	if st, err := ix.AddCredentials(ctx, testCredentials); err != nil || st.Failed > 0 {
		t.Fatalf("credentials: %+v %v", st, err)
	}
}

var testAssets = fstest.MapFS{
	"index.html": {Data: []byte("<!doctype html><title>t</title>")},
	"app.js":     {Data: []byte("console.log(1)")},
	"style.css":  {Data: []byte("body{}")},
}

func newServer(t testing.TB, ix *index.Index, cfg Config) *Server {
	t.Helper()
	cfg.Index = ix
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	if cfg.Assets == nil {
		cfg.Assets = testAssets
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func do(t testing.TB, h http.Handler, method, target string, body io.Reader, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, body)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

func decode(t testing.TB, w *httptest.ResponseRecorder) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil {
		t.Fatalf("body %q: %v", w.Body.String(), err)
	}
	return m
}

// The demand numbers are counted by hand from testPostings: four data
// analyst postings, all asking for PostgreSQL, two for Python.
func TestEndpoints(t *testing.T) {
	ix := openIndex(t, "")
	defer ix.Close()
	fill(t, ix)
	s := newServer(t, ix, Config{})
	tests := []struct {
		target string
		check  func(t *testing.T, m map[string]any)
	}{
		{"/healthz", func(t *testing.T, m map[string]any) {
			if m["postings"].(float64) != 5 || m["credentials"].(float64) != 3 {
				t.Errorf("%v", m)
			}
		}},
		{"/v1/skills?q=py", func(t *testing.T, m map[string]any) {
			sk := m["skills"].([]any)
			if len(sk) != 1 || sk[0].(map[string]any)["id"] != "python" {
				t.Errorf("%v", sk)
			}
		}},
		{"/v1/skills/python", func(t *testing.T, m map[string]any) {
			if m["label"] != "Python" || m["broader"].([]any)[0] != "programming" {
				t.Errorf("%v", m)
			}
		}},
		{"/v1/skills/" + url.PathEscape(escoID), func(t *testing.T, m map[string]any) {
			if m["id"] != escoID {
				t.Errorf("%v", m)
			}
		}},
		{"/v1/skills/python/cooccurring", func(t *testing.T, m map[string]any) {
			if m["n"].(float64) != 5 || m["n_skill"].(float64) != 3 {
				t.Errorf("%v", m)
			}
		}},
		{"/v1/occupations?q=data", func(t *testing.T, m map[string]any) {
			o := m["occupations"].([]any)
			if len(o) != 1 || o[0].(map[string]any)["id"] != "data-analyst" {
				t.Errorf("%v", o)
			}
		}},
		{"/v1/occupations/data-analyst/skills", func(t *testing.T, m map[string]any) {
			if m["n_occ"].(float64) != 4 || m["n"].(float64) != 5 {
				t.Errorf("%v", m)
			}
		}},
		{"/v1/postings?skill=python&limit=2", func(t *testing.T, m map[string]any) {
			ps := m["postings"].([]any)
			if m["total"].(float64) != 3 || len(ps) != 2 {
				t.Fatalf("%v", m)
			}
			ev := ps[0].(map[string]any)["evidence"].([]any)
			if len(ev) == 0 || ev[0].(map[string]any)["match"] != "Python" {
				t.Errorf("evidence %v", ev)
			}
		}},
		{"/v1/postings/a1", func(t *testing.T, m map[string]any) {
			if m["id"] != "a1" || m["description"] == "" {
				t.Errorf("%v", m)
			}
		}},
		{"/v1/demand?role=data+analyst", func(t *testing.T, m map[string]any) {
			sk := m["skills"].([]any)
			top := sk[0].(map[string]any)
			if m["n"].(float64) != 4 || top["skill_id"] != "postgresql" || top["count"].(float64) != 4 || top["share"].(float64) != 1 {
				t.Errorf("%v", m)
			}
			if sk[1].(map[string]any)["skill_id"] != "python" || sk[1].(map[string]any)["share"].(float64) != 0.5 {
				t.Errorf("second %v", sk[1])
			}
			if m["versions"].(map[string]any)["taxonomy"] != "apitest-1" {
				t.Errorf("versions %v", m["versions"])
			}
		}},
		{"/v1/trends?skill=python,postgresql&role=data+analyst&from=2025-01-01&to=2025-04-30", func(t *testing.T, m map[string]any) {
			series := m["series"].([]any)
			pts := series[0].(map[string]any)["points"].([]any)
			if len(series) != 2 || len(pts) != 4 || pts[0].(map[string]any)["count"].(float64) != 1 || pts[1].(map[string]any)["count"].(float64) != 0 {
				t.Errorf("%v", series)
			}
		}},
		{"/v1/salary?skill=python", func(t *testing.T, m map[string]any) {
			if m["n"].(float64) != 5 || m["n_salary"].(float64) != 0 {
				t.Errorf("%v", m)
			}
		}},
		{"/v1/credentials?skill=kubernetes", func(t *testing.T, m map[string]any) {
			cs := m["credentials"].([]any)
			if len(cs) != 1 || cs[0].(map[string]any)["id"] != "k2" {
				t.Errorf("%v", cs)
			}
		}},
		{"/v1/match?role=data+analyst&have=python&max_price=100", func(t *testing.T, m map[string]any) {
			cs := m["credentials"].([]any)
			if len(cs) == 0 || cs[0].(map[string]any)["id"] != "k1" {
				t.Errorf("%v", m)
			}
		}},
		{"/v1/pathway?role=data+analyst", func(t *testing.T, m map[string]any) {
			st := m["steps"].([]any)
			if len(st) == 0 || st[0].(map[string]any)["id"] != "k1" {
				t.Errorf("%v", m)
			}
		}},
		{"/v1/providers", func(t *testing.T, m map[string]any) {
			ps := m["providers"].([]any)
			if len(ps) != 2 || ps[0].(map[string]any)["id"] != "cloud-academy" || ps[0].(map[string]any)["credentials"].(float64) != 2 {
				t.Errorf("%v", ps)
			}
		}},
		{"/v1/providers/cloud-academy/gaps?role=data+analyst", func(t *testing.T, m map[string]any) {
			g := m["gaps"].([]any)
			if len(g) == 0 || g[0].(map[string]any)["skill_id"] != "postgresql" {
				t.Errorf("%v", m)
			}
		}},
		{"/v1/openapi.json", func(t *testing.T, m map[string]any) {
			if m["openapi"] != "3.0.3" {
				t.Errorf("%v", m["openapi"])
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.target, func(t *testing.T) {
			w := do(t, s, "GET", tc.target, nil)
			if w.Code != 200 {
				t.Fatalf("status %d: %s", w.Code, w.Body)
			}
			if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("content type %q", ct)
			}
			tc.check(t, decode(t, w))
		})
	}
}

func TestExtract(t *testing.T) {
	ix := openIndex(t, "")
	defer ix.Close()
	s := newServer(t, ix, Config{})
	for _, body := range []string{`{"text": "Requirements:\n- Solid experience with Kubernetes in production\n"}`,
		`{"html": "<h3>Requirements</h3><ul><li>Solid experience with <b>Kubernetes</b> in production</li></ul>", "taxonomy": "default"}`,
		`{"text": "Requirements:\n- Solid experience with Kubernetes in production\n", "taxonomy": "apitest-1"}`} {
		w := do(t, s, "POST", "/v1/extract", strings.NewReader(body), "Content-Type", "application/json")
		if w.Code != 200 {
			t.Fatalf("%s: %d %s", body, w.Code, w.Body)
		}
		m := decode(t, w)
		ms := m["mentions"].([]any)
		if len(ms) != 1 || ms[0].(map[string]any)["skill_id"] != "kubernetes" {
			t.Errorf("%s: mentions %v", body, ms)
		}
	}
}

func TestBadInput(t *testing.T) {
	ix := openIndex(t, "")
	defer ix.Close()
	fill(t, ix)
	s := newServer(t, ix, Config{})
	big := `{"text": "` + strings.Repeat("a", MaxBodyBytes) + `"}`
	tests := []struct {
		method, target, body, ctype string
		status                      int
		code                        string
	}{
		{"GET", "/v1/demand?from=2025-13-01", "", "", 400, CodeBadParameter},
		{"GET", "/v1/demand?from=yesterday", "", "", 400, CodeBadParameter},
		{"GET", "/v1/demand?from=2025-06-01&to=2025-01-01", "", "", 400, CodeBadParameter},
		{"GET", "/v1/demand?limit=ten", "", "", 400, CodeBadParameter},
		{"GET", "/v1/demand?limit=-1", "", "", 400, CodeBadParameter},
		{"GET", "/v1/demand?role=%FF%FE", "", "", 400, CodeBadParameter},
		{"GET", "/v1/demand?role=%zz", "", "", 400, CodeBadParameter},
		{"GET", "/v1/demand?role=astronaut", "", "", 404, CodeNotFound},
		{"GET", "/v1/demand?occupation=nope", "", "", 404, CodeNotFound},
		{"GET", "/v1/trends?skill=python&interval=week", "", "", 400, CodeBadParameter},
		{"GET", "/v1/trends", "", "", 400, CodeBadParameter},
		{"GET", "/v1/trends?skill=cobol", "", "", 404, CodeNotFound},
		{"GET", "/v1/skills/cobol", "", "", 404, CodeNotFound},
		{"GET", "/v1/skills/cobol/cooccurring", "", "", 404, CodeNotFound},
		{"GET", "/v1/skills/python/cooccurring?sort=weird", "", "", 400, CodeBadParameter},
		{"GET", "/v1/occupations/nope/skills", "", "", 404, CodeNotFound},
		{"GET", "/v1/postings/nope", "", "", 404, CodeNotFound},
		{"GET", "/v1/postings?offset=-3", "", "", 400, CodeBadParameter},
		{"GET", "/v1/postings?skill=cobol", "", "", 404, CodeNotFound},
		{"GET", "/v1/credentials?max_price=cheap", "", "", 400, CodeBadParameter},
		{"GET", "/v1/credentials?mode=telepathy", "", "", 400, CodeBadParameter},
		{"GET", "/v1/match", "", "", 400, CodeBadParameter},
		{"GET", "/v1/match?role=data+analyst&min_rating=6", "", "", 400, CodeBadParameter},
		{"GET", "/v1/match?role=data+analyst&hands_on=maybe", "", "", 400, CodeBadParameter},
		{"GET", "/v1/pathway?role=data+analyst&max_hours=-5", "", "", 400, CodeBadParameter},
		{"GET", "/v1/providers/nobody/gaps", "", "", 404, CodeNotFound},
		{"GET", "/v1/salary", "", "", 400, CodeBadParameter},
		{"GET", "/v1/salary?skill=cobol", "", "", 404, CodeNotFound},
		{"GET", "/v1/skills/%FF%FE", "", "", 400, CodeBadParameter},
		{"GET", "/v1/skills?limit=1.5", "", "", 400, CodeBadParameter},
		{"GET", "/v1/occupations?limit=0", "", "", 400, CodeBadParameter},
		{"GET", "/v1/nothing", "", "", 404, CodeNotFound},
		{"GET", "/nothing.js", "", "", 404, CodeNotFound},
		{"POST", "/v1/demand", "", "", 405, CodeMethodNotAllowed},
		{"GET", "/v1/extract", "", "", 405, CodeMethodNotAllowed},
		{"DELETE", "/healthz", "", "", 405, CodeMethodNotAllowed},
		{"POST", "/v1/extract", `{"text": "x"}`, "text/plain", 415, CodeUnsupportedType},
		{"POST", "/v1/extract", `{"text": "x"`, "application/json", 400, CodeBadParameter},
		{"POST", "/v1/extract", `{"text": "x", "taxonomy": "esco-v1.2"}`, "application/json", 400, CodeBadParameter},
		{"POST", "/v1/extract", `{}`, "application/json", 400, CodeBadParameter},
		{"POST", "/v1/extract", `{"text": "x", "extra": 1}`, "application/json", 400, CodeBadParameter},
		{"POST", "/v1/extract", big, "application/json", 413, CodeTooLarge},
		{"POST", "/v1/ingest/postings", `[]`, "application/json", 404, CodeNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.method+" "+tc.target, func(t *testing.T) {
			var hdr []string
			if tc.ctype != "" {
				hdr = []string{"Content-Type", tc.ctype}
			}
			w := do(t, s, tc.method, tc.target, strings.NewReader(tc.body), hdr...)
			if w.Code != tc.status {
				t.Fatalf("status %d, want %d: %s", w.Code, tc.status, w.Body)
			}
			m := decode(t, w)
			if m["code"] != tc.code || m["error"] == "" {
				t.Errorf("body %v, want code %s", m, tc.code)
			}
		})
	}
}

func TestLimitsCapped(t *testing.T) {
	ix := openIndex(t, "")
	defer ix.Close()
	fill(t, ix)
	s := newServer(t, ix, Config{})
	w := do(t, s, "GET", "/v1/postings?limit=5000", nil)
	if w.Code != 200 || decode(t, w)["limit"].(float64) != MaxLimit {
		t.Errorf("%d %s", w.Code, w.Body)
	}
}

func TestOpenAPIMatchesRoutes(t *testing.T) {
	ix := openIndex(t, "")
	defer ix.Close()
	for _, token := range []string{"", "secret"} {
		s := newServer(t, ix, Config{IngestToken: token})
		routes := map[string]bool{}
		err := chi.Walk(s.Router(), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
			if route == "/*" { // the web page
				return nil
			}
			routes[strings.ToLower(method)+" "+strings.TrimSuffix(route, "/")] = true
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		documented := map[string]bool{}
		for path, ops := range s.openapi["paths"].(map[string]any) {
			for m := range ops.(map[string]any) {
				documented[m+" "+path] = true
			}
		}
		var missing, extra []string
		for r := range routes {
			if !documented[r] {
				missing = append(missing, r)
			}
		}
		for d := range documented {
			if !routes[d] {
				extra = append(extra, d)
			}
		}
		sort.Strings(missing)
		sort.Strings(extra)
		if len(missing) > 0 || len(extra) > 0 {
			t.Errorf("token %q: routes not documented %v; documented but not routed %v", token, missing, extra)
		}
		if len(routes) < 19 {
			t.Errorf("only %d routes walked", len(routes))
		}
	}
}

func TestAssets(t *testing.T) {
	ix := openIndex(t, "")
	defer ix.Close()
	s := newServer(t, ix, Config{})
	for _, tc := range []struct{ path, ctype, cache string }{
		{"/", "text/html", "no-cache"},
		{"/app.js", "javascript", "max-age"},
		{"/style.css", "text/css", "max-age"},
	} {
		w := do(t, s, "GET", tc.path, nil)
		if w.Code != 200 || !strings.Contains(w.Header().Get("Content-Type"), tc.ctype) || !strings.Contains(w.Header().Get("Cache-Control"), tc.cache) {
			t.Errorf("%s: %d %v", tc.path, w.Code, w.Header())
		}
		etag := w.Header().Get("ETag")
		if etag == "" {
			t.Fatalf("%s: no ETag", tc.path)
		}
		if h := do(t, s, "HEAD", tc.path, nil); h.Code != 200 || h.Header().Get("ETag") != etag {
			t.Errorf("HEAD %s: %d", tc.path, h.Code)
		}
		if w2 := do(t, s, "GET", tc.path, nil, "If-None-Match", etag); w2.Code != http.StatusNotModified {
			t.Errorf("%s revalidation: %d", tc.path, w2.Code)
		}
	}
}

func TestMetrics(t *testing.T) {
	ix := openIndex(t, "")
	defer ix.Close()
	fill(t, ix)
	s := newServer(t, ix, Config{})
	do(t, s, "GET", "/v1/skills/python", nil)
	do(t, s, "GET", "/v1/skills/nope", nil)
	w := do(t, s, "GET", "/metrics", nil)
	body := w.Body.String()
	for _, want := range []string{
		`skillmatch_http_requests_total{method="GET",route="/v1/skills/{id}",status="200"} 1`,
		`skillmatch_http_requests_total{method="GET",route="/v1/skills/{id}",status="404"} 1`,
		`skillmatch_index_postings 5`,
		`skillmatch_http_request_duration_seconds_bucket{method="GET",route="/v1/skills/{id}"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestRateLimit(t *testing.T) {
	ix := openIndex(t, "")
	defer ix.Close()
	s := newServer(t, ix, Config{RateLimit: 3})
	codes := []int{}
	for i := 0; i < 4; i++ {
		codes = append(codes, do(t, s, "GET", "/healthz", nil).Code)
	}
	if fmt.Sprint(codes) != "[200 200 200 429]" {
		t.Errorf("codes %v", codes)
	}
}

func jsonl[T any](t testing.TB, recs []T) string {
	var b bytes.Buffer
	for _, r := range recs {
		line, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.String()
}

// A server over an on-disk index keeps everything ingested through the API
// after it is closed and reopened.
func TestIngestAndRestart(t *testing.T) {
	dir := t.TempDir()
	ix := openIndex(t, dir)
	s := newServer(t, ix, Config{IngestToken: "s3cret"})
	auth := []string{"Content-Type", "application/x-ndjson", "Authorization", "Bearer s3cret"}
	if w := do(t, s, "POST", "/v1/ingest/postings", strings.NewReader(jsonl(t, testPostings)), "Content-Type", "application/x-ndjson", "Authorization", "Bearer wrong"); w.Code != 401 {
		t.Fatalf("wrong token: %d", w.Code)
	}
	if w := do(t, s, "POST", "/v1/ingest/postings", strings.NewReader(jsonl(t, testPostings)), auth...); w.Code != 200 || decode(t, w)["added"].(float64) != 5 {
		t.Fatalf("ingest: %d %s", w.Code, w.Body)
	}
	arr, _ := json.Marshal(testCredentials)
	if w := do(t, s, "POST", "/v1/ingest/credentials", bytes.NewReader(arr), "Content-Type", "application/json", "Authorization", "Bearer s3cret"); w.Code != 200 {
		t.Fatalf("ingest credentials: %d %s", w.Code, w.Body)
	}
	// Idempotent: the same postings again update, never duplicate.
	if w := do(t, s, "POST", "/v1/ingest/postings", strings.NewReader(jsonl(t, testPostings)), auth...); w.Code != 200 || decode(t, w)["updated"].(float64) != 5 {
		t.Fatalf("re-ingest: %d %s", w.Code, w.Body)
	}
	if w := do(t, s, "POST", "/v1/ingest/postings", strings.NewReader("{not json}\n"), auth...); w.Code != 400 {
		t.Fatalf("bad line: %d", w.Code)
	}
	before := do(t, s, "GET", "/v1/demand?role=data+analyst", nil).Body.String()
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix2 := openIndex(t, dir)
	defer ix2.Close()
	s2 := newServer(t, ix2, Config{})
	after := do(t, s2, "GET", "/v1/demand?role=data+analyst", nil).Body.String()
	if before != after {
		t.Errorf("demand changed across restart:\n%s\n%s", before, after)
	}
	h := decode(t, do(t, s2, "GET", "/healthz", nil))
	if h["postings"].(float64) != 5 || h["credentials"].(float64) != 3 {
		t.Errorf("after restart: %v", h)
	}
	if w := do(t, s2, "GET", "/v1/postings/a3", nil); w.Code != 200 {
		t.Errorf("posting after restart: %d", w.Code)
	}
}

// Queries run while the index ingests (run with -race).
func TestQueriesDuringIngestion(t *testing.T) {
	ix := openIndex(t, "")
	defer ix.Close()
	fill(t, ix)
	s := newServer(t, ix, Config{RateLimit: -1})
	var wg sync.WaitGroup
	stop := make(chan struct{})
	errs := make(chan string, 100)
	for g := 0; g < 3; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				for _, target := range []string{"/v1/demand?role=data+analyst", "/v1/match?role=data+analyst", "/v1/postings?skill=python", "/v1/providers"} {
					if w := do(t, s, "GET", target, nil); w.Code != 200 {
						errs <- fmt.Sprintf("%s: %d %s", target, w.Code, w.Body)
					}
				}
			}
		}()
	}
	for i := 0; i < 20; i++ {
		p := posting(fmt.Sprintf("x%d", i), "Data Analyst", "2025-05", req("Python", "PostgreSQL"))
		if _, err := ix.AddPostings(context.Background(), []skillmatch.Posting{p}); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	m := decode(t, do(t, s, "GET", "/v1/demand?role=data+analyst", nil))
	if m["n"].(float64) != 24 {
		t.Errorf("n after ingestion = %v", m["n"])
	}
}

func TestTimeoutRespected(t *testing.T) {
	ix := openIndex(t, "")
	defer ix.Close()
	fill(t, ix)
	s := newServer(t, ix, Config{Timeout: time.Nanosecond})
	w := do(t, s, "GET", "/v1/demand", nil)
	if w.Code != http.StatusGatewayTimeout || decode(t, w)["code"] != CodeTimeout {
		t.Errorf("%d %s", w.Code, w.Body)
	}
}

func TestRecovererAnswersJSON(t *testing.T) {
	h := recoverer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	w := do(t, h, "GET", "/x", nil)
	if w.Code != http.StatusInternalServerError || decode(t, w)["code"] != CodeInternal {
		t.Errorf("%d %s", w.Code, w.Body)
	}
}

// The documented response schemas name exactly the top-level fields the
// handlers send (required ones always present).
func TestResponseSchemasMatchBodies(t *testing.T) {
	ix := openIndex(t, "")
	defer ix.Close()
	fill(t, ix)
	s := newServer(t, ix, Config{})
	schemas := s.openapi["components"].(map[string]any)["schemas"].(map[string]any)
	paths := s.openapi["paths"].(map[string]any)
	for _, tc := range []struct{ path, target string }{
		{"/healthz", "/healthz"},
		{"/v1/demand", "/v1/demand?role=data+analyst"},
		{"/v1/match", "/v1/match?role=data+analyst&have=python"},
		{"/v1/pathway", "/v1/pathway?role=data+analyst"},
		{"/v1/postings", "/v1/postings?skill=python"},
		{"/v1/skills/{id}", "/v1/skills/python"},
		{"/v1/providers/{id}/gaps", "/v1/providers/cloud-academy/gaps"},
		{"/v1/credentials", "/v1/credentials"},
	} {
		resp := paths[tc.path].(map[string]any)["get"].(map[string]any)["responses"].(map[string]any)["200"].(map[string]any)
		sch := resp["content"].(map[string]any)["application/json"].(map[string]any)["schema"].(map[string]any)
		ref, _ := sch["$ref"].(string)
		def, ok := schemas[strings.TrimPrefix(ref, "#/components/schemas/")].(map[string]any)
		if !ok {
			t.Errorf("%s: schema %v is not a named object", tc.path, sch)
			continue
		}
		props := def["properties"].(map[string]any)
		body := decode(t, do(t, s, "GET", tc.target, nil))
		for k := range body {
			if _, ok := props[k]; !ok {
				t.Errorf("%s: field %q sent but not documented", tc.path, k)
			}
		}
		req, _ := def["required"].([]string)
		for _, k := range req {
			if _, ok := body[k]; !ok {
				t.Errorf("%s: required field %q not sent", tc.path, k)
			}
		}
	}
}
