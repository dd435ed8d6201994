package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestCharts(t *testing.T) {
	ix := openIndex(t, "")
	defer ix.Close()
	fill(t, ix)
	s := newServer(t, ix, Config{})
	pngMagic := "\x89PNG\r\n\x1a\n"
	for _, tc := range []struct {
		name, url string
		status    int
		ctype     string
		contains  []string // in the body
		noData    bool
		errCode   string
	}{
		{"demand svg", "/v1/charts/demand.svg?role=data+analyst", 200, "image/svg+xml", []string{"<svg", "PostgreSQL", "Python", "Share of 4 postings", "data analyst"}, false, ""},
		{"demand png", "/v1/charts/demand.svg?role=data+analyst&format=png", 200, "image/png", []string{pngMagic}, false, ""},
		{"demand by location", "/v1/charts/demand.svg?location=DE", 200, "image/svg+xml", []string{"Kubernetes", "Share of 5 postings"}, false, ""},
		{"demand, empty period", "/v1/charts/demand.svg?from=2030-01-01&to=2030-02-01", 200, "image/svg+xml", []string{"<svg", "no data"}, true, ""},
		{"demand, empty period png", "/v1/charts/demand.svg?from=2030-01-01&format=png", 200, "image/png", []string{pngMagic}, true, ""},
		{"demand bad date", "/v1/charts/demand.svg?from=2025-13-01", 400, "application/json", nil, false, CodeBadParameter},
		{"demand bad format", "/v1/charts/demand.svg?format=gif", 400, "application/json", nil, false, CodeBadParameter},
		{"demand unknown role", "/v1/charts/demand.svg?role=zzzz+qqqq", 404, "application/json", nil, false, CodeNotFound},
		{"trends svg", "/v1/charts/trends.svg?skill=python,postgresql&role=data+analyst", 200, "image/svg+xml", []string{"<svg", "Python", "PostgreSQL", "by month (n=4): data analyst"}, false, ""},
		// All data is in 2025-Q1 except a4 (April): two quarters, a line.
		{"trends quarter", "/v1/charts/trends.svg?skill=python&interval=quarter", 200, "image/svg+xml", []string{"by quarter", "Python"}, false, ""},
		// One month only: go-chart cannot draw a range; the answer says no data.
		{"trends one month", "/v1/charts/trends.svg?skill=python&from=2025-02-01&to=2025-02-28", 200, "image/svg+xml", []string{"no data"}, true, ""},
		{"trends png", "/v1/charts/trends.svg?skill=python&format=png", 200, "image/png", []string{pngMagic}, false, ""},
		{"trends no skill", "/v1/charts/trends.svg?role=data+analyst", 400, "application/json", nil, false, CodeBadParameter},
		{"trends unknown skill", "/v1/charts/trends.svg?skill=no-such-skill", 404, "application/json", nil, false, CodeNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tc.url, nil))
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.status, rec.Body.String())
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, tc.ctype) {
				t.Errorf("Content-Type %q, want %q", ct, tc.ctype)
			}
			if got := rec.Header().Get(noDataHeader) == "1"; got != tc.noData && tc.status == 200 {
				t.Errorf("no-data header %v, want %v", got, tc.noData)
			}
			for _, c := range tc.contains {
				if !bytes.Contains(rec.Body.Bytes(), []byte(c)) {
					t.Errorf("body lacks %q", c)
				}
			}
			if tc.errCode != "" {
				var e Error
				if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Code != tc.errCode || e.Msg == "" {
					t.Errorf("error body %s, want code %s", rec.Body.String(), tc.errCode)
				}
			}
		})
	}
}

func TestPeriodStart(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
		ok   bool
	}{
		{"2025-05", "2025-05-01", true},
		{"2025-Q1", "2025-01-01", true},
		{"2025-Q4", "2025-10-01", true},
		{"2025-Q5", "", false},
		{"2025", "", false},
		{"", "", false},
	} {
		got, ok := periodStart(tc.in)
		if ok != tc.ok || (ok && got.Format(time.DateOnly) != tc.want) {
			t.Errorf("periodStart(%q) = %v, %v; want %s, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}
