// Package plot draws the charts researchers and the web page ask for (top
// skills as bars, monthly trends as lines) as SVG or PNG, server-side, with
// github.com/wcharczuk/go-chart. It knows nothing of the index: callers pass
// plain labels and numbers.
//
// It imports nothing of the project.
package plot

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"time"

	chart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"
)

// Format is an output format.
type Format int

// The output formats.
const (
	SVG Format = iota
	PNG
)

// FormatOf picks the format from a file name's extension (.svg or .png).
func FormatOf(path string) (Format, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".svg":
		return SVG, nil
	case ".png":
		return PNG, nil
	}
	return 0, fmt.Errorf("plot %q: the file name must end in .svg or .png", path)
}

// ContentType is the HTTP media type of f.
func (f Format) ContentType() string {
	if f == PNG {
		return "image/png"
	}
	return "image/svg+xml"
}

func (f Format) renderer() chart.RendererProvider {
	if f == PNG {
		return chart.PNG
	}
	return chart.SVG
}

// Bar is one bar: a label and its value.
type Bar struct {
	Label string
	Value float64
}

// ErrNoData is returned when there is nothing to draw.
var ErrNoData = errors.New("plot: nothing to draw")

// palette is colour-blind safe (Okabe-Ito) and readable on white.
var palette = []drawing.Color{
	drawing.ColorFromHex("0072B2"), drawing.ColorFromHex("E69F00"), drawing.ColorFromHex("009E73"),
	drawing.ColorFromHex("CC79A7"), drawing.ColorFromHex("56B4E9"), drawing.ColorFromHex("D55E00"),
	drawing.ColorFromHex("F0E442"), drawing.ColorFromHex("000000"),
}

// Bars draws a vertical bar chart of bars, in the given order, with values
// formatted as percentages when percent is set.
func Bars(w io.Writer, f Format, title string, bars []Bar, percent bool) error {
	if len(bars) == 0 {
		return ErrNoData
	}
	values := make([]chart.Value, len(bars))
	allZero := true
	for i, b := range bars {
		values[i] = chart.Value{Label: shorten(b.Label, 22), Value: b.Value,
			Style: chart.Style{FillColor: palette[0], StrokeColor: palette[0]}}
		if b.Value != 0 {
			allZero = false
		}
	}
	if allZero { // go-chart cannot draw a zero range
		return ErrNoData
	}
	yfmt := func(v interface{}) string { return fmt.Sprintf("%.0f", v.(float64)) }
	if percent {
		yfmt = func(v interface{}) string { return fmt.Sprintf("%.0f%%", 100*v.(float64)) }
	}
	width := 120 + 56*len(bars)
	if width < 480 {
		width = 480
	}
	top := 0.0
	for _, b := range bars {
		top = max(top, b.Value)
	}
	ymax := top * 1.08
	if percent { // a share never exceeds 100%: keep the ticks honest
		ymax = min(1, ymax)
	}
	c := chart.BarChart{
		Title:      title,
		Width:      width,
		Height:     420,
		BarWidth:   36,
		Background: chart.Style{Padding: chart.Box{Top: 48, Left: 72, Right: 16, Bottom: 96}},
		XAxis:      chart.Style{TextRotationDegrees: 40, FontSize: 9, TextWrap: chart.TextWrapNone},
		// The axis starts at zero so that bar lengths compare honestly.
		YAxis: chart.YAxis{ValueFormatter: yfmt, Style: chart.Style{FontSize: 9},
			Range: &chart.ContinuousRange{Min: 0, Max: ymax}},
		UseBaseValue: true,
		Bars:         values,
	}
	return c.Render(f.renderer(), w)
}

// Series is one line of a time chart.
type Series struct {
	Name   string
	Times  []time.Time
	Values []float64
}

// Lines draws one line per series over time, with a legend, values as
// percentages when percent is set.
func Lines(w io.Writer, f Format, title string, series []Series, percent bool) error {
	var cs []chart.Series
	for i, s := range series {
		if len(s.Times) == 0 || len(s.Times) != len(s.Values) {
			continue
		}
		col := palette[i%len(palette)]
		cs = append(cs, chart.TimeSeries{Name: s.Name, XValues: s.Times, YValues: s.Values,
			Style: chart.Style{StrokeColor: col, StrokeWidth: 2, DotColor: col, DotWidth: 3}})
	}
	if len(cs) == 0 {
		return ErrNoData
	}
	if single(cs) { // go-chart needs two x values to draw a range
		return ErrNoData
	}
	yfmt := func(v interface{}) string { return fmt.Sprintf("%.1f", v.(float64)) }
	if percent {
		yfmt = func(v interface{}) string { return fmt.Sprintf("%.0f%%", 100*v.(float64)) }
	}
	// A fixed zero-based range: honest, and go-chart cannot draw the zero-height
	// range of a flat line.
	top := 0.0
	for _, s := range series {
		for _, v := range s.Values {
			top = max(top, v)
		}
	}
	if top <= 0 {
		top = 1
	}
	ymax := top * 1.08
	if percent { // a share never exceeds 100%: keep the ticks honest
		ymax = min(1, ymax)
	}
	c := chart.Chart{
		Title:      title,
		Width:      720,
		Height:     360,
		Background: chart.Style{Padding: chart.Box{Top: 48, Left: 16, Right: 16, Bottom: 16}},
		XAxis:      chart.XAxis{Ticks: monthTicks(series), Style: chart.Style{FontSize: 9}},
		YAxis: chart.YAxis{ValueFormatter: yfmt, Style: chart.Style{FontSize: 9},
			Range: &chart.ContinuousRange{Min: 0, Max: ymax}},
		Series: cs,
	}
	c.Elements = []chart.Renderable{chart.LegendLeft(&c)}
	return c.Render(f.renderer(), w)
}

// monthTicks puts one tick on each distinct time of the series (every
// second or third one when there are many), labelled YYYY-MM: go-chart's own
// ticks fall between months and repeat labels.
func monthTicks(series []Series) []chart.Tick {
	seen := map[int64]bool{}
	var ts []time.Time
	for _, s := range series {
		for _, t := range s.Times {
			if !seen[t.Unix()] {
				seen[t.Unix()] = true
				ts = append(ts, t)
			}
		}
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i].Before(ts[j]) })
	step := 1 + len(ts)/10
	var ticks []chart.Tick
	for i, t := range ts {
		if i%step == 0 {
			ticks = append(ticks, chart.Tick{Value: chart.TimeToFloat64(t), Label: t.Format("2006-01")})
		}
	}
	return ticks
}

func single(cs []chart.Series) bool {
	for _, s := range cs {
		ts := s.(chart.TimeSeries)
		for _, t := range ts.XValues {
			if !t.Equal(ts.XValues[0]) {
				return false
			}
		}
	}
	return true
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
