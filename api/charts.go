package api

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	chart "github.com/wcharczuk/go-chart/v2"
	"github.com/wcharczuk/go-chart/v2/drawing"

	"github.com/skillmatch/skillmatch/match"
	"github.com/skillmatch/skillmatch/plot"
)

// The chart endpoints draw the answers of /v1/demand and /v1/trends
// server-side (package plot, go-chart) as SVG, or PNG with ?format=png.
// They take the same parameters as the JSON endpoints and answer the same
// 400 and 404 errors as JSON. A filter that leaves nothing to draw is not an
// error: the answer is 200 with a small image saying "no data" and the
// header X-Skillmatch-No-Data: 1.

// noDataHeader marks an image that says "no data" instead of a chart.
const noDataHeader = "X-Skillmatch-No-Data"

func (p *params) chartFormat() plot.Format {
	switch p.oneOf("format", "svg", "png") {
	case "png":
		return plot.PNG
	}
	return plot.SVG
}

// demandChart draws the top skills' share of the filtered postings as bars.
func (s *Server) demandChart(w http.ResponseWriter, r *http.Request) error {
	p := s.params(r)
	f := p.filter()
	format := p.chartFormat()
	if p.err != nil {
		return p.err
	}
	res, err := s.eng.Demand(r.Context(), f)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	err = DrawDemand(&buf, format, res, f)
	return writeChart(w, format, &buf, err)
}

// DrawDemand draws the top skills' share of the filtered postings as bars.
// It returns plot.ErrNoData when there is nothing to draw. The CLI's
// "demand --plot" and GET /v1/charts/demand.svg both use it.
func DrawDemand(w io.Writer, format plot.Format, res *match.DemandResult, f match.Filter) error {
	bars := make([]plot.Bar, 0, len(res.Skills))
	for _, sk := range res.Skills {
		bars = append(bars, plot.Bar{Label: sk.Label, Value: sk.Share})
	}
	title := fmt.Sprintf("Share of %d postings mentioning each skill%s", res.N, filterSuffix(f))
	return plot.Bars(w, format, title, bars, true)
}

// trendsChart draws one line per skill: its monthly (or quarterly) share.
func (s *Server) trendsChart(w http.ResponseWriter, r *http.Request) error {
	p := s.params(r)
	f := p.filter()
	skills := p.list("skill")
	interval := p.oneOf("interval", "month", "quarter")
	format := p.chartFormat()
	if p.err != nil {
		return p.err
	}
	if len(skills) == 0 {
		return badParam("give at least one skill (skill=a&skill=b or skill=a,b)")
	}
	res, err := s.eng.Trends(r.Context(), skills, f, interval)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	err = DrawTrends(&buf, format, res, f)
	return writeChart(w, format, &buf, err)
}

// DrawTrends draws one line per skill: its monthly (or quarterly) share of
// postings, leaving out periods with no posting. It returns plot.ErrNoData
// when there is nothing to draw. The CLI's "trends --plot" and
// GET /v1/charts/trends.svg both use it.
func DrawTrends(w io.Writer, format plot.Format, res *match.TrendsResult, f match.Filter) error {
	series := make([]plot.Series, 0, len(res.Series))
	for _, ts := range res.Series {
		sr := plot.Series{Name: ts.Label}
		for _, pt := range ts.Points {
			t, ok := periodStart(pt.Period)
			if !ok || pt.N == 0 { // no posting that month: no share, not 0%
				continue
			}
			sr.Times = append(sr.Times, t)
			sr.Values = append(sr.Values, pt.Share)
		}
		series = append(series, sr)
	}
	per := "month"
	if res.Interval == "quarter" {
		per = "quarter"
	}
	// Short: the chart is 720 px wide and its legend sits at the top left.
	title := fmt.Sprintf("Share of postings by %s (n=%d)%s", per, res.N, filterSuffix(match.Filter{Role: f.Role, Occupation: f.Occupation}))
	return plot.Lines(w, format, title, series, true)
}

// periodStart parses "YYYY-MM" or "YYYY-Qn" to the first day of the period.
func periodStart(p string) (time.Time, bool) {
	if t, err := time.Parse("2006-01", p); err == nil {
		return t, true
	}
	y, q, ok := strings.Cut(p, "-Q")
	if !ok {
		return time.Time{}, false
	}
	year, err1 := strconv.Atoi(y)
	n, err2 := strconv.Atoi(q)
	if err1 != nil || err2 != nil || n < 1 || n > 4 {
		return time.Time{}, false
	}
	return time.Date(year, time.Month(3*(n-1)+1), 1, 0, 0, 0, 0, time.UTC), true
}

// filterSuffix says in the title which filter the chart is of.
func filterSuffix(f match.Filter) string {
	var parts []string
	if f.Role != "" {
		parts = append(parts, f.Role)
	}
	if f.Occupation != "" {
		parts = append(parts, f.Occupation)
	}
	if f.Location != "" {
		parts = append(parts, f.Location)
	}
	if !f.From.IsZero() || !f.To.IsZero() {
		from, to := "…", "…"
		if !f.From.IsZero() {
			from = f.From.Format("2006-01")
		}
		if !f.To.IsZero() {
			to = f.To.Format("2006-01")
		}
		parts = append(parts, from+" to "+to)
	}
	if len(parts) == 0 {
		return ""
	}
	return ": " + strings.Join(parts, ", ")
}

// writeChart sends the drawn chart, or the "no data" image when plot had
// nothing to draw.
func writeChart(w http.ResponseWriter, format plot.Format, buf *bytes.Buffer, err error) error {
	if errors.Is(err, plot.ErrNoData) {
		buf.Reset()
		if err = noData(buf, format); err == nil {
			w.Header().Set(noDataHeader, "1")
		}
	}
	if err != nil {
		return fmt.Errorf("drawing chart: %w", err)
	}
	w.Header().Set("Content-Type", format.ContentType())
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	buf.WriteTo(w) // an error here means the client went away; the status is sent
	return nil
}

// noData draws a small image that says "no data", with go-chart's renderer.
func noData(buf *bytes.Buffer, format plot.Format) error {
	const width, height = 480, 80
	mk := chart.SVG
	if format == plot.PNG {
		mk = chart.PNG
	}
	rd, err := mk(width, height)
	if err != nil {
		return err
	}
	font, err := chart.GetDefaultFont()
	if err != nil {
		return err
	}
	rd.SetFillColor(drawing.ColorWhite)
	rd.SetStrokeColor(drawing.ColorFromHex("999999"))
	rd.SetStrokeWidth(1)
	rd.MoveTo(0, 0)
	rd.LineTo(width-1, 0)
	rd.LineTo(width-1, height-1)
	rd.LineTo(0, height-1)
	rd.Close()
	rd.FillStroke()
	msg := "no data to draw for this filter"
	rd.SetFont(font)
	rd.SetFontSize(14)
	rd.SetFontColor(drawing.ColorFromHex("333333"))
	box := rd.MeasureText(msg)
	rd.Text(msg, (width-box.Width())/2, (height+box.Height())/2)
	return rd.Save(buf)
}

// trendsPs are the parameters of /v1/trends and its chart.
var trendsPs = append([]param{{name: "skill", in: "query", typ: "string", array: true, required: true, desc: "skill IDs or labels, repeatable or comma-separated (at most 20)"}, q("interval", "string", "month (default) or quarter")}, filterPs...)

// chartOp documents a chart endpoint: the JSON endpoint's parameters plus
// format, an SVG or PNG answer, JSON errors.
func chartOp(summary string, ps []param) map[string]any {
	o := op(summary, "", append(append([]param{}, ps...), q("format", "string", "svg (default) or png")), 400, 404)
	o["responses"].(map[string]any)["200"] = map[string]any{
		"description": "the chart; with nothing to draw, a small image saying \"no data\" and the header " + noDataHeader + ": 1",
		"content": map[string]any{
			"image/svg+xml": map[string]any{"schema": map[string]any{"type": "string"}},
			"image/png":     map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}},
		}}
	return o
}
