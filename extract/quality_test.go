package extract

import (
	"bufio"
	"strings"
	"unicode/utf8"

	"encoding/json"
	"github.com/skillmatch/skillmatch"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"

	"github.com/skillmatch/skillmatch/internal/testenv"
	"github.com/skillmatch/skillmatch/taxonomy"
)

// evalRow is one line of the ../shared/eval span files.
type evalRow struct {
	ID     string `json:"id"`
	Text   string `json:"text"`
	Skills []struct {
		Start int    `json:"start"`
		End   int    `json:"end"`
		Type  string `json:"type"`
	} `json:"skills"`
	Candidate *struct {
		Start int `json:"start"`
		End   int `json:"end"`
	} `json:"candidate"`
	IsSoft    *int   `json:"is_soft_skill"`
	PostingID string `json:"posting_id"`
}

func readEval(tb testing.TB, name string) []evalRow {
	tb.Helper()
	p := testenv.Shared(tb, filepath.Join("eval", name))
	f, err := os.Open(p)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var rows []evalRow
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var r evalRow
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			tb.Fatalf("%s: %v", name, err)
		}
		rows = append(rows, r)
	}
	return rows
}

// posting is SkillSpan rows of one posting joined with line breaks, as
// "skillmatch eval" extracts them by default.
type posting struct {
	text   string
	rows   []evalRow
	starts []int // code-point offset of each row in text
}

func joinPostings(rows []evalRow) []posting {
	var out []posting
	for i := 0; i < len(rows); {
		j := i + 1
		for rows[i].PostingID != "" && j < len(rows) && rows[j].PostingID == rows[i].PostingID {
			j++
		}
		p := posting{rows: rows[i:j]}
		var b strings.Builder
		off := 0
		for k := i; k < j; k++ {
			if k > i {
				b.WriteByte('\n')
				off++
			}
			p.starts = append(p.starts, off)
			b.WriteString(rows[k].Text)
			off += utf8.RuneCountInString(rows[k].Text)
		}
		p.text = b.String()
		out = append(out, p)
		i = j
	}
	return out
}

// row returns the row of p that [start, end) lies in and the offsets
// relative to it, or -1 when it crosses rows.
func (p *posting) row(start, end int) (int, int, int) {
	k := sort.Search(len(p.starts), func(k int) bool { return p.starts[k] > start }) - 1
	if k < 0 {
		return -1, 0, 0
	}
	s, e := start-p.starts[k], end-p.starts[k]
	if e > utf8.RuneCountInString(p.rows[k].Text) {
		return -1, 0, 0
	}
	return k, s, e
}

// extractRows extracts rows as postings and returns the mentions per row,
// with row-relative offsets.
func extractRows(e *Extractor, rows []evalRow) [][]skillmatch.Mention {
	out := make([][]skillmatch.Mention, 0, len(rows))
	for _, p := range joinPostings(rows) {
		per := make([][]skillmatch.Mention, len(p.rows))
		for _, m := range e.Extract(Document{Text: p.text}).Mentions {
			k, s, en := p.row(m.Start, m.End)
			if k < 0 {
				continue
			}
			m.Start, m.End = s, en
			per[k] = append(per[k], m)
		}
		out = append(out, per...)
	}
	return out
}

type spanScore struct{ strictTP, overlapPredTP, overlapGoldTP, pred, gold, emptySent, emptyFired int }

func (s spanScore) f1() (strict, overlap float64) {
	f := func(p, r float64) float64 {
		if p+r == 0 {
			return 0
		}
		return 2 * p * r / (p + r)
	}
	div := func(a, b int) float64 {
		if b == 0 {
			return 0
		}
		return float64(a) / float64(b)
	}
	return f(div(s.strictTP, s.pred), div(s.strictTP, s.gold)), f(div(s.overlapPredTP, s.pred), div(s.overlapGoldTP, s.gold))
}

func scoreSpans(e *Extractor, rows []evalRow, typ string) spanScore {
	var s spanScore
	preds := extractRows(e, rows)
	for x, r := range rows {
		res := Result{Mentions: preds[x]}
		type span struct{ a, b int }
		var gold []span
		for _, g := range r.Skills {
			if typ == "" || g.Type == typ {
				gold = append(gold, span{g.Start, g.End})
			}
		}
		if len(r.Skills) == 0 {
			s.emptySent++
			if len(res.Mentions) > 0 {
				s.emptyFired++
			}
		}
		s.gold += len(gold)
		s.pred += len(res.Mentions)
		for _, m := range res.Mentions {
			hitStrict, hitOverlap := false, false
			for _, g := range gold {
				if m.Start == g.a && m.End == g.b {
					hitStrict = true
				}
				if m.Start < g.b && g.a < m.End {
					hitOverlap = true
				}
			}
			if hitStrict {
				s.strictTP++
			}
			if hitOverlap {
				s.overlapPredTP++
			}
		}
		for _, g := range gold {
			for _, m := range res.Mentions {
				if m.Start < g.b && g.a < m.End {
					s.overlapGoldTP++
					break
				}
			}
		}
	}
	return s
}

// TestQualityReport measures the extractor on ../shared/eval with the
// taxonomy in SKILLMATCH_TAXONOMY (default "default"). It runs only when
// SKILLMATCH_QUALITY=1 and checks the quality bars when
// SKILLMATCH_QUALITY_BARS=1.
func TestQualityReport(t *testing.T) {
	if os.Getenv("SKILLMATCH_QUALITY") != "1" {
		t.Skip("set SKILLMATCH_QUALITY=1 to measure quality on ../shared/eval")
	}
	spec := os.Getenv("SKILLMATCH_TAXONOMY")
	if spec == "" {
		spec = "default"
	}
	tax, err := taxonomy.Load(spec)
	if err != nil {
		t.Fatal(err)
	}
	var minConf float64
	if v := os.Getenv("SKILLMATCH_MINCONF"); v != "" {
		minConf, _ = strconv.ParseFloat(v, 64)
	}
	e, err := New(tax, Options{MinConfidence: minConf})
	if err != nil {
		t.Fatal(err)
	}
	split := os.Getenv("SKILLMATCH_SPLIT")
	if split == "" {
		split = "dev"
	}
	rows := readEval(t, "skillspan-"+split+".jsonl")
	all := scoreSpans(e, rows, "")
	st, ov := all.f1()
	t.Logf("skillspan-%s %s: strict F1 %.3f overlap F1 %.3f (pred %d gold %d strictTP %d overlapP %.3f overlapR %.3f); skill-free sentences with a mention: %d/%d = %.1f%%",
		split, spec, st, ov, all.pred, all.gold, all.strictTP, float64(all.overlapPredTP)/float64(max(all.pred, 1)),
		float64(all.overlapGoldTP)/float64(max(all.gold, 1)), all.emptyFired, all.emptySent,
		100*float64(all.emptyFired)/float64(max(all.emptySent, 1)))
	for _, typ := range []string{"Skill", "Knowledge"} {
		s := scoreSpans(e, rows, typ)
		a, b := s.f1()
		t.Logf("  %s: strict F1 %.3f overlap-recall %.3f (gold %d)", typ, a, b, s.gold)
	}
	say := readEval(t, "sayfullina-"+split+".jsonl")
	tp, fp, fn := 0, 0, 0
	for _, r := range say {
		if r.Candidate == nil || r.IsSoft == nil {
			continue
		}
		res := e.Extract(Document{Text: r.Text})
		pos := false
		for _, m := range res.Mentions {
			if m.Start < r.Candidate.End && r.Candidate.Start < m.End {
				pos = true
			}
		}
		switch {
		case pos && *r.IsSoft == 1:
			tp++
		case pos:
			fp++
		case *r.IsSoft == 1:
			fn++
		}
	}
	prec := float64(tp) / float64(max(tp+fp, 1))
	t.Logf("sayfullina-%s: precision %.3f recall %.3f (tp %d fp %d fn %d)", split, prec, float64(tp)/float64(max(tp+fn, 1)), tp, fp, fn)
	if os.Getenv("SKILLMATCH_QUALITY_BARS") == "1" {
		if ov < 0.50 || st < 0.30 {
			t.Errorf("SkillSpan bars missed: overlap F1 %.3f (>= 0.50), strict F1 %.3f (>= 0.30)", ov, st)
		}
		if r := float64(all.emptyFired) / float64(max(all.emptySent, 1)); r >= 0.05 {
			t.Errorf("skill-free sentences with a mention: %.3f (< 0.05)", r)
		}
		if prec < 0.85 {
			t.Errorf("sayfullina precision %.3f (>= 0.85)", prec)
		}
	}
}

// TestQualityDump writes false positives and misses of SkillSpan to a file
// for inspection (SKILLMATCH_QUALITY_DUMP=path).
func TestQualityDump(t *testing.T) {
	out := os.Getenv("SKILLMATCH_QUALITY_DUMP")
	if out == "" {
		t.Skip("set SKILLMATCH_QUALITY_DUMP=path to dump errors")
	}
	tax, err := taxonomy.Load("default")
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(tax, Options{})
	if err != nil {
		t.Fatal(err)
	}
	rows := readEval(t, "skillspan-dev.jsonl")
	for _, r := range rows {
		if len(r.Skills) == 0 {
			rs := []rune(r.Text)
			for _, m := range e.Extract(Document{Text: r.Text}).Mentions {
				t.Logf("EMPTYFP %.2f %s %q || %s", m.Confidence, m.SkillID, string(rs[m.Start:m.End]), r.Text)
			}
		}
	}
	for _, r := range readEval(t, "sayfullina-dev.jsonl") {
		if r.Candidate != nil && r.IsSoft != nil && *r.IsSoft == 0 {
			rs := []rune(r.Text)
			for _, m := range e.Extract(Document{Text: r.Text}).Mentions {
				if m.Start < r.Candidate.End && r.Candidate.Start < m.End {
					t.Logf("SAYFP %s %q in %q", m.SkillID, string(rs[m.Start:m.End]), r.Text)
				}
			}
		}
		if false {
			r.Skills = nil
			if *r.IsSoft == 1 {
				r.Skills = append(r.Skills, struct {
					Start int    `json:"start"`
					End   int    `json:"end"`
					Type  string `json:"type"`
				}{r.Candidate.Start, r.Candidate.End, "Soft"})
			}
			rows = append(rows, r)
		}
	}
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	defer w.Flush()
	fpBy := map[string]int{}
	for _, r := range rows {
		rs := []rune(r.Text)
		res := e.Extract(Document{Text: r.Text})
		for _, m := range res.Mentions {
			ok := false
			for _, g := range r.Skills {
				if m.Start < g.End && g.Start < m.End {
					ok = true
				}
			}
			tag := "TP"
			if !ok {
				tag = "FP"
				fpBy[m.SkillID+" "+m.Surface]++
			}
			w.WriteString(tag + "\t" + m.SkillID + "\t" + string(rs[m.Start:m.End]) + "\t" + r.Text + "\n")
		}
		for _, g := range r.Skills {
			ok := false
			for _, m := range res.Mentions {
				if m.Start < g.End && g.Start < m.End {
					ok = true
				}
			}
			if !ok {
				w.WriteString("FN\t" + g.Type + "\t" + string(rs[g.Start:g.End]) + "\t" + r.Text + "\n")
			}
		}
	}
	type kv struct {
		k string
		v int
	}
	var kvs []kv
	for k, v := range fpBy {
		kvs = append(kvs, kv{k, v})
	}
	sort.Slice(kvs, func(a, b int) bool { return kvs[a].v > kvs[b].v })
	for i, x := range kvs {
		if i > 40 {
			break
		}
		t.Logf("FP %4d %s", x.v, x.k)
	}
}
