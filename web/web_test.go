package web

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// TestAssetsSelfContained checks that the page ships its own files and
// fetches nothing from the network: every src/href in the HTML and every
// url() in the CSS is local, and the script reaches only /v1.
func TestAssetsSelfContained(t *testing.T) {
	ref := regexp.MustCompile(`(?:src|href)="([^"]*)"`)
	for _, tc := range []struct {
		file string
		bad  []string // substrings that would mean a network dependency
	}{
		{"index.html", []string{"//fonts.", "cdn", "<script src=\"http", "<link rel=\"stylesheet\" href=\"http"}},
		{"style.css", []string{"@import", "url(http", "url(//"}},
		{"app.js", []string{"http://", "https://", "innerHTML =", "innerHTML=", "eval("}},
	} {
		b, err := fs.ReadFile(Assets, tc.file)
		if err != nil {
			t.Fatalf("%s is not embedded: %v", tc.file, err)
		}
		s := string(b)
		for _, bad := range tc.bad {
			if strings.Contains(s, bad) {
				t.Errorf("%s contains %q", tc.file, bad)
			}
		}
		if tc.file != "index.html" {
			continue
		}
		for _, m := range ref.FindAllStringSubmatch(s, -1) {
			u := m[1]
			if strings.Contains(u, "://") || strings.HasPrefix(u, "//") {
				t.Errorf("index.html refers to %s off the server", u)
				continue
			}
			if strings.HasPrefix(u, "#") || strings.HasPrefix(u, "/v1/") {
				continue
			}
			if _, err := fs.Stat(Assets, strings.TrimPrefix(u, "/")); err != nil {
				t.Errorf("index.html refers to %s, which is not embedded", u)
			}
		}
	}
}
