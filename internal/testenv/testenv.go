// Package testenv finds the optional ../shared directory (official taxonomy
// files and labeled evaluation data) beside the repository for tests and
// benchmarks, which skip cleanly when it is absent.
package testenv

import (
	"os"
	"path/filepath"
	"testing"
)

// RepoRoot returns the directory holding go.mod, walking up from the
// working directory, or "" when there is none.
func RepoRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// SharedDir returns ../shared beside the repository root, or "" when it does
// not exist. SKILLMATCH_SHARED overrides the location.
func SharedDir() string {
	if d := os.Getenv("SKILLMATCH_SHARED"); d != "" {
		return d
	}
	root := RepoRoot()
	if root == "" {
		return ""
	}
	d := filepath.Join(filepath.Dir(root), "shared")
	if fi, err := os.Stat(d); err == nil && fi.IsDir() {
		return d
	}
	return ""
}

// Shared returns the path of rel inside the shared directory, skipping tb
// when the shared directory or the path is missing.
func Shared(tb testing.TB, rel string) string {
	tb.Helper()
	d := SharedDir()
	if d == "" {
		tb.Skip("../shared is absent: skipping a test that needs the official taxonomy or eval files")
	}
	p := filepath.Join(d, rel)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("%s is absent: skipping", p)
	}
	return p
}
