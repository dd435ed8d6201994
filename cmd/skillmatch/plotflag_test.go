package main

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPlotFlag(t *testing.T) {
	dir, _ := readIndex(t)
	out := t.TempDir()

	svg := filepath.Join(out, "demand.svg")
	if _, err := runFresh(t, demandCmd(), "--data", dir, "--limit", "5", "--plot", svg); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(svg)
	if err != nil || !strings.HasPrefix(string(b), "<svg") {
		t.Fatalf("demand --plot wrote %.40q, %v; want an SVG", b, err)
	}

	pngPath := filepath.Join(out, "trends.png")
	if _, err := runFresh(t, trendsCmd(), "--data", dir, "--skill", "sql,python", "--plot", pngPath); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(pngPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := png.Decode(f); err != nil {
		t.Fatalf("trends --plot did not write a PNG: %v", err)
	}

	// A bad extension fails before any work and writes nothing.
	bad := filepath.Join(out, "demand.pdf")
	if _, err := runFresh(t, demandCmd(), "--data", dir, "--plot", bad); err == nil || !strings.Contains(err.Error(), ".svg or .png") {
		t.Fatalf("err = %v, want one naming the allowed extensions", err)
	}
	if _, err := os.Stat(bad); !os.IsNotExist(err) {
		t.Fatalf("%s exists after a failed plot", bad)
	}
}
