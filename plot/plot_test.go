package plot

import (
	"bytes"
	"errors"
	"image/png"
	"strings"
	"testing"
	"time"
)

func TestBarsSVGHasEveryLabel(t *testing.T) {
	var buf bytes.Buffer
	bars := []Bar{{"SQL", 0.62}, {"Python", 0.48}, {"Tableau", 0.31}}
	if err := Bars(&buf, SVG, "Top skills", bars, true); err != nil {
		t.Fatal(err)
	}
	svg := buf.String()
	if !strings.HasPrefix(svg, "<svg") {
		t.Fatalf("not an SVG: %.60q", svg)
	}
	for _, want := range []string{"SQL", "Python", "Tableau", "Top skills"} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG lacks %q", want)
		}
	}
	// One filled rectangle path per bar, in the bar colour.
	if n := strings.Count(svg, "fill:rgba(0,114,178,1.0)"); n < len(bars) {
		t.Errorf("%d bars drawn, want %d", n, len(bars))
	}
}

func TestBarsPNGDecodes(t *testing.T) {
	var buf bytes.Buffer
	if err := Bars(&buf, PNG, "", []Bar{{"Go", 3}, {"Rust", 1}}, false); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds().Dx() < 400 {
		t.Errorf("width %d, want >= 400", img.Bounds().Dx())
	}
}

func TestLines(t *testing.T) {
	t0 := time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)
	s := Series{Name: "dbt", Times: []time.Time{t0, t0.AddDate(0, 1, 0), t0.AddDate(0, 2, 0)}, Values: []float64{0.1, 0.2, 0.35}}
	var buf bytes.Buffer
	if err := Lines(&buf, SVG, "Trend", []Series{s}, true); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "dbt") || !strings.Contains(buf.String(), "2025-06") {
		t.Errorf("SVG lacks the legend or the month axis")
	}
}

// A flat line (the same share every month) must still be drawn: the range
// is fixed from zero, not taken from the data.
func TestFlatLineIsDrawn(t *testing.T) {
	t0 := time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)
	s := Series{Name: "SQL", Times: []time.Time{t0, t0.AddDate(0, 1, 0), t0.AddDate(0, 2, 0)}, Values: []float64{1, 1, 1}}
	var buf bytes.Buffer
	if err := Lines(&buf, SVG, "", []Series{s}, true); err != nil {
		t.Fatal(err)
	}
	// The series is stroked in the first palette colour.
	if !strings.Contains(buf.String(), "stroke:rgba(0,114,178,1.0)") {
		t.Error("flat series not drawn")
	}
	if !strings.Contains(buf.String(), "100%") {
		t.Error("y axis lacks the 100% tick")
	}
}

func TestNothingToDraw(t *testing.T) {
	var buf bytes.Buffer
	cases := map[string]error{
		"no bars":   Bars(&buf, SVG, "", nil, false),
		"all zero":  Bars(&buf, SVG, "", []Bar{{"a", 0}}, false),
		"no series": Lines(&buf, SVG, "", nil, false),
		"one point": Lines(&buf, SVG, "", []Series{{Name: "x", Times: []time.Time{time.Now()}, Values: []float64{1}}}, false),
	}
	for name, err := range cases {
		if !errors.Is(err, ErrNoData) {
			t.Errorf("%s: err = %v, want ErrNoData", name, err)
		}
	}
}

func TestFormatOf(t *testing.T) {
	for path, want := range map[string]Format{"a.svg": SVG, "b.PNG": PNG} {
		if got, err := FormatOf(path); err != nil || got != want {
			t.Errorf("FormatOf(%q) = %v, %v", path, got, err)
		}
	}
	if _, err := FormatOf("c.pdf"); err == nil {
		t.Error("FormatOf(c.pdf) accepted")
	}
}
