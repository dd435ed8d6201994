package eval

import (
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/skillmatch/skillmatch"
	"github.com/skillmatch/skillmatch/extract"
)

// Extractor is what Run needs of an extractor; *extract.Extractor has it.
type Extractor interface {
	Extract(doc extract.Document) extract.Result
}

// Options tune Run.
type Options struct {
	// Workers extracting in parallel; 0 means runtime.GOMAXPROCS(0).
	// Results do not depend on it.
	Workers int
	// Errors is how many false positives and misses to keep for error
	// analysis (each); 0 keeps none.
	Errors int
	// Postings extracts consecutive rows with the same posting_id as one
	// document (their texts joined by newlines, in file order), so that the
	// extractor sees the posting's headings and sections, and scores each
	// row on the mentions that fall inside it. Rows without posting_id are
	// extracted alone.
	Postings bool
}

// Speed is the throughput of extraction alone (reading and scoring excluded).
type Speed struct {
	Documents   int     `json:"documents"`
	Bytes       int64   `json:"bytes"`
	Workers     int     `json:"workers"`
	WallSeconds float64 `json:"wall_seconds"`
	DocsPerSec  float64 `json:"docs_per_sec"` // wall clock, all workers
	MBPerSec    float64 `json:"mb_per_sec"`   // wall clock, all workers (MB = 10^6 bytes)
	// Per core: bytes over the summed per-document extraction time.
	MBPerSecPerCore float64 `json:"mb_per_sec_per_core"`
}

// Case is one error for analysis: a false positive or a miss.
type Case struct {
	ID      string  `json:"id"`
	Line    int     `json:"line"`
	Kind    string  `json:"kind"` // "false positive" or "miss"
	Surface string  `json:"surface,omitempty"`
	Start   int     `json:"start"`
	End     int     `json:"end"`
	Label   string  `json:"label,omitempty"` // predicted skill label or gold ESCO label
	URI     string  `json:"uri,omitempty"`
	Type    string  `json:"type,omitempty"`
	Conf    float64 `json:"confidence,omitempty"`
	Text    string  `json:"text"`
}

// Report is the outcome of Run. Exactly one of Span, ESCO and Soft is set.
type Report struct {
	Gold          string  `json:"gold"`
	Kind          Kind    `json:"kind"`
	Items         int     `json:"items"`
	Skipped       int     `json:"skipped,omitempty"` // rows left out (see Dataset.Skipped)
	Taxonomy      string  `json:"taxonomy,omitempty"`
	MinConfidence float64 `json:"min_confidence"`
	Retrieve      bool    `json:"retrieve"`
	// ImplicitMinConfidence is the cut applied to implicit (retrieved) mentions.
	ImplicitMinConfidence float64     `json:"implicit_min_confidence,omitempty"`
	Postings              bool        `json:"postings"` // rows extracted in their posting's context
	Span                  *SpanScores `json:"span,omitempty"`
	ESCO                  *ESCOScores `json:"esco,omitempty"`
	Soft                  *SoftScores `json:"sayfullina,omitempty"`
	Speed                 Speed       `json:"speed"`
	FalsePositives        []Case      `json:"false_positives,omitempty"`
	Misses                []Case      `json:"misses,omitempty"`
}

// doc is one extraction unit: items [from, to) joined by newlines.
type doc struct {
	from, to int
	text     string
	starts   []int // code-point offset of each item in text
}

func documents(ds *Dataset, postings bool) []doc {
	var docs []doc
	for i := 0; i < len(ds.Items); {
		j := i + 1
		if postings && ds.Items[i].Group != "" {
			for j < len(ds.Items) && ds.Items[j].Group == ds.Items[i].Group {
				j++
			}
		}
		d := doc{from: i, to: j}
		if j == i+1 {
			d.text, d.starts = ds.Items[i].Text, []int{0}
		} else {
			var b strings.Builder
			off := 0
			for k := i; k < j; k++ {
				if k > i {
					b.WriteByte('\n')
					off++
				}
				d.starts = append(d.starts, off)
				b.WriteString(ds.Items[k].Text)
				off += utf8.RuneCountInString(ds.Items[k].Text)
			}
			d.text = b.String()
		}
		docs = append(docs, d)
		i = j
	}
	return docs
}

// split hands each mention of a joined document to the item it lies in,
// with offsets relative to that item; mentions across items are dropped.
func (d *doc) split(ds *Dataset, ms []skillmatch.Mention, preds [][]skillmatch.Mention) {
	if d.to-d.from == 1 {
		preds[d.from] = ms
		return
	}
	for _, m := range ms {
		k := sort.Search(len(d.starts), func(k int) bool { return d.starts[k] > m.Start }) - 1
		if k < 0 {
			continue
		}
		it := d.from + k
		n := utf8.RuneCountInString(ds.Items[it].Text)
		m.Start -= d.starts[k]
		m.End -= d.starts[k]
		if m.End > n {
			continue
		}
		preds[it] = append(preds[it], m)
	}
}

// Predict extracts every item's text with ex, in parallel, and returns the
// explicit mentions per item (in item order) and the speed of extraction.
// With postings, rows of one posting are extracted together (see Options).
func Predict(ds *Dataset, ex Extractor, workers int, postings bool) ([][]skillmatch.Mention, Speed) {
	docs := documents(ds, postings)
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, max(1, len(docs)))
	preds := make([][]skillmatch.Mention, len(ds.Items))
	durs := make([]time.Duration, len(docs))
	var next int
	var mu sync.Mutex
	var wg sync.WaitGroup
	t0 := time.Now()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= len(docs) {
					return
				}
				s := time.Now()
				res := ex.Extract(extract.Document{Text: docs[i].text})
				durs[i] = time.Since(s)
				docs[i].split(ds, res.Mentions, preds)
			}
		}()
	}
	wg.Wait()
	wall := time.Since(t0)
	sp := Speed{Documents: len(docs), Workers: workers, WallSeconds: wall.Seconds()}
	var busy time.Duration
	for i, d := range docs {
		sp.Bytes += int64(len(d.text))
		busy += durs[i]
	}
	if wall > 0 {
		sp.DocsPerSec = float64(sp.Documents) / wall.Seconds()
		sp.MBPerSec = float64(sp.Bytes) / 1e6 / wall.Seconds()
	}
	if busy > 0 {
		sp.MBPerSecPerCore = float64(sp.Bytes) / 1e6 / busy.Seconds()
	}
	return preds, sp
}

// Run extracts every item of ds with ex and scores the result by ds.Kind.
func Run(ds *Dataset, ex Extractor, opts Options) *Report {
	preds, sp := Predict(ds, ex, opts.Workers, opts.Postings)
	r := Score(ds, preds, opts.Errors)
	r.Speed = sp
	r.Postings = opts.Postings
	if e, ok := ex.(*extract.Extractor); ok && e.Taxonomy() != nil {
		r.Taxonomy = e.Taxonomy().Version
	}
	return r
}

// Score scores given predictions (preds[i] for ds.Items[i]) and collects up
// to nErrors false positives and misses, in file order.
func Score(ds *Dataset, preds [][]skillmatch.Mention, nErrors int) *Report {
	r := &Report{Gold: ds.Name, Kind: ds.Kind, Items: len(ds.Items), Skipped: ds.Skipped}
	switch ds.Kind {
	case KindESCO:
		s := ScoreESCO(ds.Items, preds)
		r.ESCO = &s
	case KindSoft:
		s := ScoreSoft(ds.Items, preds)
		r.Soft = &s
	default:
		s := ScoreSpans(ds.Items, preds)
		r.Span = &s
	}
	if nErrors > 0 {
		r.FalsePositives, r.Misses = errorCases(ds, preds, nErrors)
	}
	return r
}

func errorCases(ds *Dataset, preds [][]skillmatch.Mention, n int) (fps, misses []Case) {
	for i, it := range ds.Items {
		if len(fps) >= n && len(misses) >= n {
			break
		}
		base := Case{ID: it.ID, Line: it.Line, Text: it.Text}
		fp := func(m skillmatch.Mention) {
			if len(fps) < n {
				c := base
				c.Kind, c.Surface, c.Start, c.End = "false positive", substr(it.Text, m.Start, m.End), m.Start, m.End
				c.Label, c.URI, c.Type, c.Conf = m.Label, m.URI, string(m.Type), m.Confidence
				fps = append(fps, c)
			}
		}
		miss := func(g Span, label, uri string) {
			if len(misses) < n {
				c := base
				c.Kind, c.Start, c.End, c.Label, c.URI, c.Type = "miss", g.Start, g.End, label, uri, g.Type
				if g.End > g.Start {
					c.Surface = substr(it.Text, g.Start, g.End)
				}
				misses = append(misses, c)
			}
		}
		switch ds.Kind {
		case KindESCO:
			gold := map[string]bool{}
			for _, u := range it.URIs {
				gold[u] = true
			}
			pred := map[string]bool{}
			for _, m := range sortedByConf(preds[i]) {
				if m.URI == "" || pred[m.URI] {
					continue
				}
				pred[m.URI] = true
				if !gold[m.URI] {
					fp(m)
				}
			}
			for j, u := range it.URIs {
				if !pred[u] {
					g := Span{}
					for _, s := range it.Spans {
						if s.URI == u {
							g = s
							break
						}
					}
					miss(g, it.Labels[j], u)
				}
			}
		case KindSoft:
			p := SoftPositive(it, preds[i], false)
			if p && !it.Soft {
				for _, m := range preds[i] {
					if overlaps(m.Start, m.End, it.Candidate.Start, it.Candidate.End) {
						fp(m)
						break
					}
				}
			}
			if !p && it.Soft {
				miss(it.Candidate, "", "")
			}
		default:
			for _, m := range preds[i] {
				hit := false
				for _, g := range it.Spans {
					if overlaps(m.Start, m.End, g.Start, g.End) {
						hit = true
						break
					}
				}
				if !hit {
					fp(m)
				}
			}
			for _, g := range it.Spans {
				hit := false
				for _, m := range preds[i] {
					if overlaps(m.Start, m.End, g.Start, g.End) {
						hit = true
						break
					}
				}
				if !hit {
					miss(g, "", "")
				}
			}
		}
	}
	return fps, misses
}

func sortedByConf(ms []skillmatch.Mention) []skillmatch.Mention {
	out := append([]skillmatch.Mention(nil), ms...)
	sort.SliceStable(out, func(a, b int) bool { return out[a].Confidence > out[b].Confidence })
	return out
}
