package extract

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/skillmatch/skillmatch"
	"github.com/skillmatch/skillmatch/internal/testenv"
	"github.com/skillmatch/skillmatch/taxonomy"
)

func retrievalTaxonomy(t *testing.T) *taxonomy.Taxonomy {
	t.Helper()
	b := taxonomy.NewBuilder("retrieval-test", "en")
	alt := func(xs ...string) []taxonomy.SurfaceForm {
		var fs []taxonomy.SurfaceForm
		for _, x := range xs {
			fs = append(fs, taxonomy.SurfaceForm{Text: x, Kind: taxonomy.FormAlt})
		}
		return fs
	}
	for _, s := range []taxonomy.Skill{
		{ID: "accounting", Label: "accounting", Type: skillmatch.TypeKnowledge, Forms: alt("bookkeeping", "keep financial books"),
			Description: "The documentation and processing of data regarding financial activities.",
			URIs:        []string{"http://data.europa.eu/esco/skill/accounting"}},
		{ID: "determination", Label: "show determination", Type: skillmatch.TypeSoft, Forms: alt("demonstrate enthusiasm", "exhibit enthusiasm"),
			Description: "Show commitment to do something that is difficult and requires hard work."},
		{ID: "think-creatively", Label: "think creatively", Type: skillmatch.TypeSoft, Forms: alt("experiment", "innovate")},
		{ID: "teams", Label: "work in teams", Type: skillmatch.TypeSoft, Forms: alt("cooperate with colleagues"),
			Description: "Work confidently within a group with each doing their part."},
		{ID: "bake", Label: "bake bread", Type: skillmatch.TypeSkill, Description: "Make bread in an oven."},
		{ID: "books", Label: "manage library books", Type: skillmatch.TypeSkill},
	} {
		if _, err := b.AddSkill(s); err != nil {
			t.Fatal(err)
		}
	}
	// Background skills, so that term weights are those of a real-sized
	// taxonomy: a term found in a handful of forms is rare.
	verbs := []string{"inspect", "weld", "repair", "paint", "install", "calibrate", "survey", "harvest"}
	nouns := []string{"pipelines", "steel frames", "roofs", "boilers", "turbines", "vineyards", "engines", "bridges"}
	for i, v := range verbs {
		for j, n := range nouns {
			s := taxonomy.Skill{ID: fmt.Sprintf("bg-%d-%d", i, j), Label: v + " " + n, Type: skillmatch.TypeSkill,
				Description: "Carry out the work safely and on time."}
			if _, err := b.AddSkill(s); err != nil {
				t.Fatal(err)
			}
		}
	}
	tax, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return tax
}

func retrievalExtractor(t *testing.T, minConf float64) *Extractor {
	t.Helper()
	e, err := New(retrievalTaxonomy(t), Options{Retrieve: true, MinConfidence: minConf})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestImplicitMentions(t *testing.T) {
	e := retrievalExtractor(t, -1)
	for _, tc := range []struct {
		name, text string
		want       string // skill ID expected first, "" for none
		surface    string
	}{
		{"paraphrase", "You will keep the books for our clients.", "accounting", "keep the books"},
		{"inflection", "Enthusiasm is something you demonstrate daily", "determination", "Enthusiasm is something you demonstrate"},
		{"team", "You cooperate closely with your colleagues.", "teams", "cooperate closely with your colleagues"},
		{"code points", "Café owners: we bake our own bread.", "bake", "bake our own bread"},
		{"stem conflation", "Experience in retail", "", ""},
		{"nothing", "We offer a nice office near the station.", "", ""},
		{"empty", "", "", ""},
	} {
		ms := e.implicit(tc.text, nil)
		if tc.want == "" {
			if len(ms) != 0 {
				t.Errorf("%s: got %+v, want no mention", tc.name, ms)
			}
			continue
		}
		if len(ms) == 0 {
			t.Errorf("%s: no mention, want %s", tc.name, tc.want)
			continue
		}
		m := ms[0]
		if m.SkillID != tc.want || m.Surface != tc.surface {
			t.Errorf("%s: first mention %s %q, want %s %q", tc.name, m.SkillID, m.Surface, tc.want, tc.surface)
		}
		n := utf8.RuneCountInString(tc.text)
		if m.Start < 0 || m.Start >= m.End || m.End > n || []rune(tc.text)[m.Start] != []rune(tc.surface)[0] {
			t.Errorf("%s: offsets [%d,%d) do not point at %q in %q", tc.name, m.Start, m.End, tc.surface, tc.text)
		}
		if m.Confidence <= 0 || m.Confidence >= defaultRetrieval.confHigh {
			t.Errorf("%s: confidence %.3f outside (0, %.2f)", tc.name, m.Confidence, defaultRetrieval.confHigh)
		}
	}
}

func TestImplicitURIAndSentences(t *testing.T) {
	e := retrievalExtractor(t, -1)
	text := "We bake bread daily.\nYou keep the books."
	ms := e.implicit(text, nil)
	got := map[string]skillmatch.Mention{}
	for _, m := range ms {
		got[m.SkillID] = m
	}
	if got["accounting"].URI != "http://data.europa.eu/esco/skill/accounting" {
		t.Errorf("accounting mention lacks its ESCO URI: %+v", got["accounting"])
	}
	// Each sentence is its own query: "bake" and "books" are not joined.
	if _, ok := got["books"]; ok {
		t.Errorf("terms from two sentences were combined: %+v", ms)
	}
	if b := got["bake"]; b.Start != 3 || b.End != 13 {
		t.Errorf("bake bread at [%d,%d), want [3,13)", b.Start, b.End)
	}
}

func TestImplicitExcludesExplicitAndThreshold(t *testing.T) {
	e := retrievalExtractor(t, -1)
	text := "You will keep the books for our clients."
	explicit := []skillmatch.Mention{{SkillID: "accounting", Start: 9, End: 23}}
	for _, m := range e.implicit(text, explicit) {
		if m.SkillID == "accounting" {
			t.Errorf("explicit skill repeated as implicit: %+v", m)
		}
	}
	all := e.implicit(text, nil)
	if len(all) == 0 {
		t.Fatal("no mentions without a threshold")
	}
	// Left at zero, MinConfidence means the implicit default cut, not the
	// literal one (which would drop every implicit mention).
	for _, m := range retrievalExtractor(t, 0).implicit(text, nil) {
		if m.Confidence < DefaultImplicitMinConfidence {
			t.Errorf("default options kept %+v below %.2f", m, DefaultImplicitMinConfidence)
		}
	}
	if DefaultImplicitMinConfidence >= defaultRetrieval.confHigh {
		t.Errorf("implicit cut %.2f leaves no implicit mention (they stay below %.2f)", DefaultImplicitMinConfidence, defaultRetrieval.confHigh)
	}
	strict := retrievalExtractor(t, 0.99)
	if ms := strict.implicit(text, nil); len(ms) != 0 {
		t.Errorf("min confidence 0.99 kept %+v", ms)
	}
}

// Words of a form close together outrank the same words far apart.
func TestRetrievalProximity(t *testing.T) {
	r := retrievalExtractor(t, -1).ret
	near := r.query(r.norm.Tokenize("cooperate with colleagues"), nil)
	far := r.query(r.norm.Tokenize("cooperate on the new marketing plan, sales numbers and budgets of colleagues"), nil)
	score := func(hs []retrHit) float64 {
		for _, h := range hs {
			if r.skills[h.skill].ID == "teams" {
				return h.score
			}
		}
		return 0
	}
	if score(near) <= score(far) {
		t.Errorf("adjacent words score %.2f, scattered words %.2f", score(near), score(far))
	}
}

func TestImplicitConcurrentDeterministic(t *testing.T) {
	e := retrievalExtractor(t, -1)
	texts := []string{"You will keep the books.", "We bake bread.", "Enthusiasm you demonstrate", "cooperate with colleagues"}
	want := make([][]skillmatch.Mention, len(texts))
	for i, s := range texts {
		want[i] = e.implicit(s, nil)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 100)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 50; k++ {
				i := (g + k) % len(texts)
				got := e.implicit(texts[i], nil)
				if len(got) != len(want[i]) || (len(got) > 0 && got[0] != want[i][0]) {
					errs <- texts[i]
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for s := range errs {
		t.Errorf("concurrent result differs for %q", s)
	}
}

func TestSentenceBounds(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want [][2]int
	}{
		{"One. Two", [][2]int{{0, 4}, {4, 8}}},
		{"Node.js and C#\n• Go", [][2]int{{0, 15}, {15, 16}, {16, 19}}},
		{"", nil},
	} {
		got := retrSentences(tc.in)
		if len(got) != len(tc.want) {
			t.Errorf("%q: %v, want %v", tc.in, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%q: %v, want %v", tc.in, got, tc.want)
			}
		}
	}
}

func escoForBench(b *testing.B) *taxonomy.Taxonomy {
	b.Helper()
	dir := testenv.Shared(b, "taxonomies/esco-v1.1.1")
	tax, err := taxonomy.Load("esco:" + dir)
	if err != nil {
		b.Fatal(err)
	}
	return tax
}

// BenchmarkRetrieverBuildESCO measures indexing full ESCO for retrieval.
func BenchmarkRetrieverBuildESCO(b *testing.B) {
	tax := escoForBench(b)
	b.ResetTimer()
	for b.Loop() {
		newRetriever(tax)
	}
}

// BenchmarkRetrieveSentenceESCO measures the retrieval cost of one posting
// sentence against full ESCO (no literal matching).
func BenchmarkRetrieveSentenceESCO(b *testing.B) {
	tax := escoForBench(b)
	e := &Extractor{tax: tax, opts: Options{Retrieve: true}, ret: newRetriever(tax)}
	sentences := []string{
		"Ability to work in large collaborative teams to achieve organizational goals",
		"You will keep the books and prepare the monthly accounts.",
		"Strong knowledge of HTML and CSS, solid understanding of Angular, React or similar JS frameworks",
		"We are looking for an enthusiastic, self-motivated person who enjoys working independently.",
	}
	n := 0
	for _, s := range sentences {
		n += len(s)
	}
	b.SetBytes(int64(n / len(sentences)))
	b.ResetTimer()
	i := 0
	for b.Loop() {
		e.implicit(sentences[i%len(sentences)], nil)
		i++
	}
}

// Any input returns mentions whose offsets lie inside the text and whose
// surface is the text between them, long unpunctuated text included.
func TestImplicitAnyInput(t *testing.T) {
	e := retrievalExtractor(t, -1)
	long := strings.Repeat("lorem ipsum dolor ", 400) + "you will keep the books " + strings.Repeat("é ", 300)
	for _, text := range []string{
		long,
		"keep \xff\xfe the books\x00 and bake bread",
		"\xc3\x28 cooperate with colleagues \xe2\x82",
		"....;;;!!!\n\n•••",
		strings.Repeat("x", 100000),
	} {
		n := utf8.RuneCountInString(text)
		rs := []rune(text)
		for _, m := range e.implicit(text, nil) {
			if m.Start < 0 || m.Start >= m.End || m.End > n {
				t.Fatalf("offsets [%d,%d) outside %d code points", m.Start, m.End, n)
			}
			if want := string(rs[m.Start:m.End]); m.Surface != want && utf8.ValidString(text) {
				t.Errorf("surface %q, text there %q", m.Surface, want)
			}
		}
	}
	ms := e.implicit(long, nil)
	if len(ms) == 0 || ms[0].SkillID != "accounting" || ms[0].Surface != "keep the books" {
		t.Errorf("in a long unpunctuated text: %+v", ms)
	}
}

// BenchmarkRetrieve1MBESCO measures retrieval over a 1 MB posting.
func BenchmarkRetrieve1MBESCO(b *testing.B) {
	tax := escoForBench(b)
	e := &Extractor{tax: tax, opts: Options{Retrieve: true}, ret: newRetriever(tax)}
	var sb strings.Builder
	for sb.Len() < 1<<20 {
		sb.WriteString("We are looking for an enthusiastic engineer who enjoys working independently. ")
		sb.WriteString("You will keep the books, prepare the monthly accounts and liaise with our auditors.\n")
	}
	text := sb.String()
	b.SetBytes(int64(len(text)))
	b.ResetTimer()
	for b.Loop() {
		e.implicit(text, nil)
	}
}

// A candidate whose matched words are all explained by a better one is a
// rival reading of the same phrase: it is demoted.
func TestRetrievalDemotesRivalReadings(t *testing.T) {
	b := taxonomy.NewBuilder("rivals", "en")
	for _, s := range []taxonomy.Skill{
		{ID: "teams", Label: "work in teams", Type: skillmatch.TypeSoft},
		{ID: "fishery", Label: "work in a fishery team", Type: skillmatch.TypeSkill},
		{ID: "bake", Label: "bake bread", Type: skillmatch.TypeSkill},
		{ID: "weld", Label: "weld steel", Type: skillmatch.TypeSkill},
		{ID: "roof", Label: "repair roofs", Type: skillmatch.TypeSkill},
	} {
		if _, err := b.AddSkill(s); err != nil {
			t.Fatal(err)
		}
	}
	tax, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	scores := func(redundancy float64) map[string]float64 {
		p := defaultRetrieval
		p.redundancy = redundancy
		r := buildRetriever(tax, p)
		out := map[string]float64{}
		for _, h := range r.query(r.norm.Tokenize("You like to work in teams"), nil) {
			out[r.skills[h.skill].ID] = h.score
		}
		return out
	}
	keep, demote := scores(1), scores(0.5)
	if keep["teams"] == 0 || keep["fishery"] == 0 {
		t.Fatalf("both readings should be retrieved without demotion: %v", keep)
	}
	if demote["teams"] != keep["teams"] || demote["fishery"] >= keep["fishery"] {
		t.Errorf("with demotion %v, without %v: want only the rival demoted", demote, keep)
	}
}
