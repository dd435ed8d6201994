package eval

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/skillmatch/skillmatch"
	"github.com/skillmatch/skillmatch/extract"
)

const (
	uriA = "http://data.europa.eu/esco/skill/a"
	uriB = "http://data.europa.eu/esco/skill/b"
)

func near(t *testing.T, name string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-9 {
		t.Errorf("%s = %.6f, want %.6f", name, got, want)
	}
}

func mustRead(t *testing.T, path string, kind Kind, split string) *Dataset {
	t.Helper()
	ds, err := ReadFile(path, kind, split)
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func TestReadDetectsKind(t *testing.T) {
	for _, tc := range []struct {
		file  string
		kind  Kind
		items int
	}{
		{"testdata/span.jsonl", KindSpan, 5},
		{"testdata/esco.jsonl", KindESCO, 3},
		{"testdata/sayfullina.jsonl", KindSoft, 4},
	} {
		ds := mustRead(t, tc.file, "", "")
		if ds.Kind != tc.kind || len(ds.Items) != tc.items {
			t.Errorf("%s: kind %s with %d items, want %s with %d", tc.file, ds.Kind, len(ds.Items), tc.kind, tc.items)
		}
	}
}

func TestReadCodePointsAndFields(t *testing.T) {
	ds := mustRead(t, "testdata/span.jsonl", "", "dev")
	if len(ds.Items) != 4 {
		t.Fatalf("split dev: %d items, want 4", len(ds.Items))
	}
	it := ds.Items[1]
	g := it.Spans[0]
	if got := substr(it.Text, g.Start, g.End); got != "hygiène" || got != g.Surface {
		t.Errorf("code-point span [%d,%d) = %q, want hygiène", g.Start, g.End, got)
	}
	e := mustRead(t, "testdata/esco.jsonl", "", "")
	if got := e.Items[0]; len(got.URIs) != 2 || got.Labels[1] != "liaise with customers" || got.Spans[2].URI != "" {
		t.Errorf("ESCO row parsed as %+v", got)
	}
	s := mustRead(t, "testdata/sayfullina.jsonl", "", "")
	if c := s.Items[1]; c.Soft || c.Candidate.Start != 3 || c.Candidate.End != 14 {
		t.Errorf("sayfullina row parsed as %+v", c)
	}
}

func TestReadErrors(t *testing.T) {
	for _, tc := range []struct {
		name, in, split string
		kind            Kind
		want            string
	}{
		{"not json", "{\"text\": \"a\"}\nnope\n", "", "", "2:"},
		{"no text", `{"skills": []}`, "", "", `no "text"`},
		{"mixed kinds", "{\"text\":\"a\",\"skills\":[]}\n{\"text\":\"b\",\"esco_uris\":[]}\n", "", "", "2: row looks like esco"},
		{"span past end", `{"text":"abc","skills":[{"start":1,"end":9,"type":"Skill"}]}`, "", "", "outside the text's 3 code points"},
		{"empty span", `{"text":"abc","skills":[{"start":1,"end":1}]}`, "", "", "outside"},
		{"forced kind lacks fields", `{"text":"abc","skills":[]}`, "", KindSoft, "needs"},
		{"no such split", `{"text":"abc","skills":[],"split":"dev"}`, "test", "", `split "test"`},
		{"empty file", "\n\n", "", "", "no rows"},
		{"only unlocated candidates", `{"text":"abc","candidate":null,"is_soft_skill":1}`, "", "", "none of 1 rows can be scored"},
	} {
		_, err := Read(strings.NewReader(tc.in), tc.kind, tc.split)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

func TestReadSkipsUnlocatedCandidates(t *testing.T) {
	in := `{"text":"be flexible","candidate":{"start":3,"end":11},"is_soft_skill":1}
{"text":"team work","candidate":null,"is_soft_skill":0}
`
	ds, err := Read(strings.NewReader(in), "", "")
	if err != nil {
		t.Fatal(err)
	}
	if ds.Kind != KindSoft || len(ds.Items) != 1 || ds.Skipped != 1 {
		t.Errorf("got kind %s, %d items, %d skipped; want sayfullina, 1, 1", ds.Kind, len(ds.Items), ds.Skipped)
	}
	if r := Score(ds, make([][]skillmatch.Mention, 1), 0); r.Skipped != 1 {
		t.Errorf("report skipped = %d, want 1", r.Skipped)
	}
}

func TestParseKind(t *testing.T) {
	for in, want := range map[string]Kind{"": "", "auto": "", "span": KindSpan, "ESCO": KindESCO, "soft": KindSoft, "sayfullina": KindSoft} {
		if got, err := ParseKind(in); err != nil || got != want {
			t.Errorf("ParseKind(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseKind("xml"); err == nil {
		t.Error("ParseKind(xml) accepted")
	}
}

func m(start, end int, typ skillmatch.SkillType) skillmatch.Mention {
	return skillmatch.Mention{Start: start, End: end, Type: typ, Confidence: 0.9}
}

func mu(uri string, conf float64, start int) skillmatch.Mention {
	return skillmatch.Mention{URI: uri, Confidence: conf, Start: start, End: start + 1}
}

// Hand-computed: 4 distinct predicted spans (Python twice at one span is one),
// strict correct 1 of 4 and found 1 of 3 gold; overlap correct 3 of 4, found 3 of 3.
func TestScoreSpans(t *testing.T) {
	ds := mustRead(t, "testdata/span.jsonl", "", "dev")
	preds := [][]skillmatch.Mention{
		{m(16, 22, skillmatch.TypeTool), m(16, 22, skillmatch.TypeKnowledge), m(34, 54, skillmatch.TypeSkill)},
		{m(11, 24, skillmatch.TypeKnowledge)}, // "hygiène rules": overlap only
		{m(14, 19, skillmatch.TypeKnowledge)}, // "lunch": false positive on a no-gold sentence
		nil,
	}
	s := ScoreSpans(ds.Items, preds)
	for _, c := range []struct {
		name string
		got  PRF
		p, r float64
	}{
		{"strict", s.Strict, 1.0 / 4, 1.0 / 3},
		{"overlap", s.Overlap, 3.0 / 4, 1},
		{"strict Knowledge", s.StrictByType["Knowledge"], 1.0 / 3, 1.0 / 2},
		{"overlap Knowledge", s.OverlapByType["Knowledge"], 2.0 / 3, 1},
		{"strict Skill", s.StrictByType["Skill"], 0, 0},
		{"overlap Skill", s.OverlapByType["Skill"], 1, 1},
	} {
		near(t, c.name+" P", c.got.Precision, c.p)
		near(t, c.name+" R", c.got.Recall, c.r)
		f := 0.0
		if c.p+c.r > 0 {
			f = 2 * c.p * c.r / (c.p + c.r)
		}
		near(t, c.name+" F1", c.got.F1, f)
	}
	near(t, "blind strict recall Knowledge", s.RecallByType["Knowledge"]["strict"], 0.5)
	near(t, "blind overlap recall Skill", s.RecallByType["Skill"]["overlap"], 1)
	near(t, "blind strict recall Skill", s.RecallByType["Skill"]["strict"], 0)
	if s.NoGold.Items != 2 || s.NoGold.WithMent != 1 {
		t.Errorf("no-gold = %+v, want 2 items, 1 with mentions", s.NoGold)
	}
}

// Hand-computed: sentence 1 ranks C, A, B (A's best confidence 0.8), gold
// {A,B}, k=2, top-2 {C,A}: 1/2; sentence 2 has no prediction: 0; sentence 3
// has no gold (only precision). Micro: 4 predicted pairs, 2 correct, 3 gold.
func TestScoreESCO(t *testing.T) {
	ds := mustRead(t, "testdata/esco.jsonl", "", "")
	uriC, uriD := "http://data.europa.eu/esco/skill/c", "http://data.europa.eu/esco/skill/d"
	preds := [][]skillmatch.Mention{
		{mu(uriB, 0.3, 19), mu(uriA, 0.5, 0), mu(uriC, 0.9, 5), mu(uriA, 0.8, 9), {Start: 1, End: 2, Confidence: 1}},
		nil,
		{mu(uriD, 0.4, 0)},
	}
	s := ScoreESCO(ds.Items, preds)
	near(t, "R-Precision@5", s.RPrecision5, 0.25)
	near(t, "micro P", s.Micro.Precision, 0.5)
	near(t, "micro R", s.Micro.Recall, 2.0/3)
	near(t, "micro F1", s.Micro.F1, 2*0.5*(2.0/3)/(0.5+2.0/3))
	if s.RPItems != 2 || s.NoURI != 1 || s.NoGold.Items != 1 || s.NoGold.WithMent != 1 {
		t.Errorf("counts = %+v", s)
	}
	if got := RankedURIs(preds[0]); strings.Join(got, " ") != uriC+" "+uriA+" "+uriB {
		t.Errorf("RankedURIs = %v", got)
	}
}

// Hand-computed: any mention: tp 1 (f1) fp 1 (f2) fn 1 (f3) tn 1 (f4);
// soft-typed: f2's skill-typed mention no longer counts: tp 1 fn 1 tn 2.
func TestScoreSoft(t *testing.T) {
	ds := mustRead(t, "testdata/sayfullina.jsonl", "", "")
	preds := [][]skillmatch.Mention{
		{m(0, 17, skillmatch.TypeSoft)},
		{m(3, 14, skillmatch.TypeSkill)},
		nil,
		{m(10, 16, skillmatch.TypeSkill)}, // "market": does not overlap "dynamic"
	}
	s := ScoreSoft(ds.Items, preds)
	a, ty := s.AnyMention, s.SoftTyped
	if a.TP != 1 || a.FP != 1 || a.FN != 1 || a.TN != 1 {
		t.Errorf("any mention confusion = %+v", a)
	}
	near(t, "any P", a.Precision, 0.5)
	near(t, "any acc", a.Accuracy, 0.5)
	near(t, "typed P", ty.Precision, 1)
	near(t, "typed R", ty.Recall, 0.5)
	near(t, "typed F1", ty.F1, 2.0/3)
	near(t, "typed acc", ty.Accuracy, 0.75)
}

// fakeExtractor returns fixed mentions per text.
type fakeExtractor map[string][]skillmatch.Mention

func (f fakeExtractor) Extract(d extract.Document) extract.Result {
	return extract.Result{Mentions: f[d.Text]}
}

func TestRunIsDeterministicAndCollectsErrors(t *testing.T) {
	ds := mustRead(t, "testdata/esco.jsonl", "", "")
	fx := fakeExtractor{
		ds.Items[0].Text: {mu(uriB, 0.7, 19), skillmatch.Mention{URI: uriA + "x", Label: "wrong", Confidence: 0.6, Start: 0, End: 4}},
		ds.Items[2].Text: {mu(uriA, 0.2, 0)},
	}
	var outs []string
	for _, workers := range []int{1, 2, 3} {
		r := Run(ds, fx, Options{Workers: workers, Errors: 5})
		r.Speed = Speed{}
		b, _ := json.Marshal(r)
		outs = append(outs, string(b))
		if len(r.FalsePositives) != 2 || len(r.Misses) != 2 {
			t.Fatalf("workers %d: %d false positives, %d misses; want 2 and 2", workers, len(r.FalsePositives), len(r.Misses))
		}
		if r.Misses[0].Label != "accounting" || r.Misses[0].Surface != "Keep the books" || r.FalsePositives[0].Surface != "Keep" {
			t.Errorf("cases = %+v / %+v", r.FalsePositives, r.Misses)
		}
	}
	if outs[0] != outs[1] || outs[1] != outs[2] {
		t.Error("report depends on the number of workers")
	}
	var buf bytes.Buffer
	r := Run(ds, fx, Options{Errors: 1})
	if err := r.WriteText(&buf); err != nil || !strings.Contains(buf.String(), "R-Precision@5") || !strings.Contains(buf.String(), "misses:") {
		t.Errorf("text report:\n%s", buf.String())
	}
	if r.Speed.Documents != 3 || r.Speed.Bytes != int64(len(ds.Items[0].Text)+len(ds.Items[1].Text)+len(ds.Items[2].Text)) {
		t.Errorf("speed = %+v", r.Speed)
	}
}

// With Postings, rows of one posting are extracted as one document and the
// mentions are handed back to their rows with row-relative offsets.
func TestPostingsMode(t *testing.T) {
	in := `{"text":"Python here","skills":[{"start":0,"end":6,"type":"Knowledge"}],"posting_id":"p1"}
{"text":"Café and Go","skills":[{"start":9,"end":11,"type":"Knowledge"}],"posting_id":"p1"}
{"text":"alone","skills":[],"posting_id":"p2"}
`
	ds, err := Read(strings.NewReader(in), "", "")
	if err != nil {
		t.Fatal(err)
	}
	fx := fakeExtractor{
		"Python here\nCafé and Go": {m(0, 6, skillmatch.TypeTool), m(10, 14, skillmatch.TypeTool), m(21, 23, skillmatch.TypeTool)},
		"alone":                    {m(0, 5, skillmatch.TypeSkill)},
		// Row by row, the extractor would find nothing in the first two rows.
	}
	r := Run(ds, fx, Options{Postings: true})
	if r.Speed.Documents != 2 {
		t.Errorf("%d documents extracted, want 2", r.Speed.Documents)
	}
	s := r.Span
	if s.Strict.Correct != 2 || s.Strict.Predicted != 3 || s.Strict.Found != 2 || s.NoGold.WithMent != 1 {
		t.Errorf("postings mode: strict %+v, no-gold %+v; want 2 of 3 predictions correct, both gold found", s.Strict, s.NoGold)
	}
	r = Run(ds, fx, Options{})
	if r.Span.Strict.Predicted != 1 || r.Speed.Documents != 3 {
		t.Errorf("row mode: %d predictions over %d documents, want 1 over 3", r.Span.Strict.Predicted, r.Speed.Documents)
	}
}
