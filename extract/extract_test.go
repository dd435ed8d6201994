package extract

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/skillmatch/skillmatch"
	"github.com/skillmatch/skillmatch/taxonomy"
)

// testTaxonomy builds a small taxonomy with the kinds of forms the
// extractor must handle.
func testTaxonomy(t testing.TB) *taxonomy.Taxonomy {
	t.Helper()
	b := taxonomy.NewBuilder("test-1", "en")
	alt := func(s ...string) []taxonomy.SurfaceForm {
		var out []taxonomy.SurfaceForm
		for _, x := range s {
			out = append(out, taxonomy.SurfaceForm{Text: x, Kind: taxonomy.FormAlt})
		}
		return out
	}
	amb := func(text string, cs bool) taxonomy.SurfaceForm {
		return taxonomy.SurfaceForm{Text: text, Kind: taxonomy.FormPreferred, Ambiguous: true, CaseSensitive: cs}
	}
	pl := "programming language"
	skills := []taxonomy.Skill{
		{ID: "programming", Label: "computer programming", Type: skillmatch.TypeSkill, Forms: alt("coding")},
		{ID: "python", Label: "Python", Type: skillmatch.TypeTool, Category: pl, Broader: []string{"programming"}},
		{ID: "java", Label: "Java", Type: skillmatch.TypeTool, Category: pl, Broader: []string{"programming"}},
		{ID: "cpp", Label: "C++", Type: skillmatch.TypeTool, Category: pl, Broader: []string{"programming"}},
		{ID: "csharp", Label: "C#", Type: skillmatch.TypeTool, Category: pl, Broader: []string{"programming"}},
		{ID: "c", Label: "C", Type: skillmatch.TypeTool, Category: pl, Forms: []taxonomy.SurfaceForm{amb("C", true)}},
		{ID: "r", Label: "R", Type: skillmatch.TypeTool, Category: pl, Forms: []taxonomy.SurfaceForm{amb("R", true)}},
		{ID: "go", Label: "Go", Type: skillmatch.TypeTool, Category: pl, Forms: append(alt("Golang"), amb("Go", true))},
		{ID: "dotnet", Label: ".NET", Type: skillmatch.TypeTool, Category: "framework"},
		{ID: "nodejs", Label: "Node.js", Type: skillmatch.TypeTool, Category: "framework", Forms: alt("NodeJS")},
		{ID: "cicd", Label: "CI/CD", Type: skillmatch.TypeSkill, Forms: alt("continuous integration")},
		{ID: "tcpip", Label: "TCP/IP", Type: skillmatch.TypeKnowledge},
		{ID: "abtest", Label: "A/B testing", Type: skillmatch.TypeSkill},
		{ID: "k8s", Label: "Kubernetes", Type: skillmatch.TypeTool, Forms: []taxonomy.SurfaceForm{{Text: "k8s", Kind: taxonomy.FormHidden}}},
		{ID: "s3", Label: "Amazon S3", Type: skillmatch.TypeTool, Forms: alt("S3")},
		{ID: "sql", Label: "SQL", Type: skillmatch.TypeTool, Category: "database"},
		{ID: "ml", Label: "machine learning", Type: skillmatch.TypeKnowledge},
		{ID: "excel", Label: "Microsoft Excel", Type: skillmatch.TypeTool, Category: "office software", Forms: []taxonomy.SurfaceForm{{Text: "Excel", Kind: taxonomy.FormAlt, Ambiguous: true}}},
		{ID: "word", Label: "Microsoft Word", Type: skillmatch.TypeTool, Category: "office software", Forms: []taxonomy.SurfaceForm{{Text: "Word", Kind: taxonomy.FormAlt, Ambiguous: true}}},
		{ID: "powerpoint", Label: "Microsoft PowerPoint", Type: skillmatch.TypeTool, Category: "office software", Forms: alt("PowerPoint")},
		{ID: "written-communication", Label: "written communication", Type: skillmatch.TypeSoft},
		{ID: "verbal-communication", Label: "verbal communication", Type: skillmatch.TypeSoft},
		{ID: "communication", Label: "communication skills", Type: skillmatch.TypeSoft},
		{ID: "teamwork", Label: "teamwork", Type: skillmatch.TypeSoft, Forms: alt("team player")},
		{ID: "frontend", Label: "front-end development", Type: skillmatch.TypeSkill},
		{ID: "esco-python", Label: "Python (computer programming)", Type: skillmatch.TypeKnowledge,
			URIs: []string{"http://data.europa.eu/esco/skill/python"}, Broader: []string{"programming"}},
		{ID: "stakeholder", Label: "stakeholder management", Type: skillmatch.TypeSkill},
		{ID: "cafe", Label: "café management", Type: skillmatch.TypeSkill},
		{ID: "modelling", Label: "data modelling", Type: skillmatch.TypeSkill},
		{ID: "licence", Label: "driving licence", Type: skillmatch.TypeCertification},
		{ID: "solid", Label: "SOLID principles", Type: skillmatch.TypeKnowledge, Category: "software design", Forms: alt("SOLID")},
	}
	for _, s := range skills {
		if _, err := b.AddSkill(s); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := b.AddOccupation(taxonomy.Occupation{ID: "dev", Title: "software developer",
		Essential: []string{"programming", "sql"}}); err != nil {
		t.Fatal(err)
	}
	tax, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return tax
}

// newTest builds an extractor on the test taxonomy. The confidence model is
// fitted on the default taxonomy's categories, which this small taxonomy
// lacks, so tests of matching mechanics use a low threshold unless they set one.
func newTest(t testing.TB, opts Options) *Extractor {
	t.Helper()
	if opts.MinConfidence == 0 {
		opts.MinConfidence = 0.3
	}
	e, err := New(testTaxonomy(t), opts)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func ids(ms []skillmatch.Mention) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.SkillID)
	}
	return out
}

func TestExtractSkills(t *testing.T) {
	e := newTest(t, Options{})
	cases := []struct {
		name, text string
		want       []string
	}{
		{"list", "Python, Java or C++", []string{"python", "java", "cpp"}},
		{"tech tokens", "You will use C#, .NET and Node.js with CI/CD over TCP/IP.", []string{"csharp", "dotnet", "nodejs", "cicd", "tcpip"}},
		{"ab testing and k8s", "Run A/B testing on k8s and S3.", []string{"abtest", "k8s", "s3"}},
		{"stemming", "Experience with machine-learning and Machine Learning models", []string{"ml", "ml"}},
		{"longest match", "Knowledge of Microsoft Excel", []string{"excel"}},
		{"go with cue", "Experience with the Go programming language", []string{"go"}},
		{"go in list", "Languages: Python, Go, Java", []string{"python", "go", "java"}},
		{"go-getter", "You are a go-getter with a can-do attitude.", nil},
		{"go lowercase", "Ready to go the extra mile", nil},
		{"go capitalized after a weak cue", "Experience with Go.", []string{"go"}},
		{"go inside a longer name", "Be part of the Mobile Go Platform team in Berlin.", nil},
		{"r and d", "Work in our R&D department.", nil},
		{"c-suite", "Report to the C-suite and C level executives.", nil},
		{"excel verb", "You will excel at building relationships.", nil},
		{"coordination head", "Excellent written and verbal communication.", []string{"written-communication", "verbal-communication"}},
		{"coordination prefix", "Microsoft Excel, Word and PowerPoint", []string{"excel", "word", "powerpoint"}},
		{"hyphen variants", "Frontend development and front end development", []string{"frontend", "frontend"}},
		{"qualifier stripped", "Strong Golang skills.", []string{"go"}},
		{"accents", "Cafe management and café management", []string{"cafe", "cafe"}},
		{"british and american spelling", "Data modeling, data modelling", []string{"modelling", "modelling"}},
		{"acronym written as a word", "Solid understanding of solid state physics", nil},
		{"acronym", "Apply SOLID and clean code", []string{"solid"}},
		{"curly and dashes", "Team\u2011player \u2014 strong teamwork", []string{"teamwork", "teamwork"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := ids(e.Extract(Document{Text: c.text}).Mentions)
			if strings.Join(got, ",") != strings.Join(c.want, ",") {
				t.Errorf("%q: got %v, want %v", c.text, got, c.want)
			}
		})
	}
}

func TestOffsetsAreCodePoints(t *testing.T) {
	e := newTest(t, Options{})
	text := "Über-cool café: 5+ years of Python — and SQL."
	res := e.Extract(Document{Text: text})
	runes := []rune(text)
	if len(res.Mentions) != 2 {
		t.Fatalf("got %v", res.Mentions)
	}
	for _, m := range res.Mentions {
		if got := string(runes[m.Start:m.End]); got != m.Surface {
			t.Errorf("runes[%d:%d] = %q, surface %q", m.Start, m.End, got, m.Surface)
		}
		if m.Years != 5 {
			t.Errorf("%s years = %v, want 5", m.SkillID, m.Years)
		}
	}
}

func TestHTML(t *testing.T) {
	e := newTest(t, Options{})
	doc := `<html><head><style>.python{color:red}</style><script>var java = "Java";</script></head>
<body><h2>Requirements</h2><ul><li>Python</li><li>Java &amp; SQL</li></ul>
<p>Machine <b>learning</b> is&nbsp;a plus</p><!-- Kubernetes --></body></html>`
	res := e.Extract(Document{Text: doc, HTML: true})
	got := ids(res.Mentions)
	want := []string{"python", "java", "sql", "ml"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("got %v want %v", got, want)
	}
	runes := []rune(doc)
	for _, m := range res.Mentions {
		src := string(runes[m.Start:m.End])
		if m.SkillID == "ml" {
			if src != "Machine <b>learning" {
				t.Errorf("ml source span %q", src)
			}
			if m.Level != skillmatch.LevelPreferred {
				t.Errorf("ml level %s, want preferred", m.Level)
			}
			continue
		}
		if src != m.Surface {
			t.Errorf("source span %q != surface %q", src, m.Surface)
		}
		if m.Section != skillmatch.SectionRequirements || m.Level != skillmatch.LevelRequired {
			t.Errorf("%s: section %s level %s", m.SkillID, m.Section, m.Level)
		}
	}
}

func TestSectionsLevelsNegation(t *testing.T) {
	e := newTest(t, Options{})
	text := `Senior Engineer
What you'll do:
Build services in Python.
Requirements
- 3-5 years of experience with Java
- SQL
Nice to have
- Kubernetes
No C++ needed. Machine learning is not required.
Benefits
- Free Node.js courses
- Kubernetes meetups
We are an equal opportunity employer.`
	res := e.Extract(Document{Text: text})
	type exp struct {
		sec   skillmatch.Section
		lvl   skillmatch.Level
		years float64
		neg   bool
	}
	want := map[string]exp{
		"python": {skillmatch.SectionResponsibilities, skillmatch.LevelUnspecified, 0, false},
		"java":   {skillmatch.SectionRequirements, skillmatch.LevelRequired, 3, false},
		"sql":    {skillmatch.SectionRequirements, skillmatch.LevelRequired, 0, false},
		"k8s":    {skillmatch.SectionNiceToHave, skillmatch.LevelPreferred, 0, false},
		"cpp":    {skillmatch.SectionNiceToHave, skillmatch.LevelRequired, 0, true},
		"ml":     {skillmatch.SectionNiceToHave, skillmatch.LevelRequired, 0, true},
	}
	got := map[string]bool{}
	for _, m := range res.Mentions {
		got[m.SkillID] = true
		w, ok := want[m.SkillID]
		if !ok {
			t.Errorf("unexpected mention %s (%q, section %s)", m.SkillID, m.Surface, m.Section)
			continue
		}
		if m.Section != w.sec || m.Level != w.lvl || m.Years != w.years || m.Negated != w.neg {
			t.Errorf("%s: got section %s level %s years %v negated %v, want %+v", m.SkillID, m.Section, m.Level, m.Years, m.Negated, w)
		}
	}
	for id := range want {
		if !got[id] {
			t.Errorf("missing %s", id)
		}
	}
	for _, s := range res.Skills {
		if s.SkillID == "cpp" || s.SkillID == "ml" {
			t.Errorf("negated %s counted in the summary", s.SkillID)
		}
	}
	// with IncludeAbout, benefits and EEO mentions are kept and flagged
	all := newTest(t, Options{IncludeAbout: true, MinConfidence: -1}).Extract(Document{Text: text})
	about := 0
	for _, m := range all.Mentions {
		if m.Section == skillmatch.SectionAbout {
			about++
		}
	}
	if about != 2 {
		t.Errorf("IncludeAbout: %d about mentions, want 2 (node.js, kubernetes)", about)
	}
}

func TestImpliedAndOccupation(t *testing.T) {
	e := newTest(t, Options{})
	res := e.Extract(Document{Text: "Python and Java experience"})
	if len(res.Implied) != 1 || res.Implied[0].SkillID != "programming" || !res.Implied[0].Implied {
		t.Fatalf("implied = %+v", res.Implied)
	}
	if res.Implied[0].Confidence >= res.Mentions[0].Confidence {
		t.Errorf("implied confidence %v not below explicit %v", res.Implied[0].Confidence, res.Mentions[0].Confidence)
	}
	for _, m := range res.Mentions {
		if m.Implied {
			t.Errorf("implied mention among explicit ones: %+v", m)
		}
	}
	occ := newTest(t, Options{Occupation: "dev"})
	got := ids(occ.Extract(Document{Text: "Python, SQL and teamwork"}).Mentions)
	if strings.Join(got, ",") != "python,sql" {
		t.Errorf("occupation-restricted: got %v, want python (descendant of programming) and sql", got)
	}
	if _, err := New(testTaxonomy(t), Options{Occupation: "nope"}); err == nil {
		t.Error("unknown occupation accepted")
	}
}

func TestSummary(t *testing.T) {
	e := newTest(t, Options{MinConfidence: -1})
	res := e.Extract(Document{Text: "Python. Python is preferred. Requirements: SQL"})
	if len(res.Skills) != 2 || res.Skills[0].SkillID != "python" || res.Skills[0].Count != 2 {
		t.Fatalf("skills = %+v", res.Skills)
	}
	if res.Skills[0].Level != skillmatch.LevelPreferred || res.Skills[0].FirstEvidence != "Python" {
		t.Errorf("python summary = %+v", res.Skills[0])
	}
}

func TestEmptyAndBinary(t *testing.T) {
	e := newTest(t, Options{})
	for _, in := range []string{"", "   \n\t", "\x00\x01\x02Python\x00\xff\xfe", string([]byte{0x89, 'P', 'N', 'G', 0, 0, 0, 0x0d})} {
		res := e.Extract(Document{Text: in})
		if len(res.Mentions) != 0 || len(res.Skills) != 0 {
			t.Errorf("%q: got %+v", in, res)
		}
	}
}

func TestTokenize(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"C++, C# and .NET", []string{"C++", "C#", "and", ".NET"}},
		{"Node.js with CI/CD, TCP/IP, A/B testing", []string{"Node.js", "with", "CI/CD", "TCP/IP", "A/B", "testing"}},
		{"k8s S3 R&D 3.5 don’t", []string{"k8s", "S3", "R&D", "3.5", "don’t"}},
		{"Python/Java go-getter", []string{"Python/Java", "go", "getter"}},
	}
	for _, c := range cases {
		var got []string
		for _, tok := range Tokenize(c.in) {
			got = append(got, tok.Text)
			runes := []rune(c.in)
			if string(runes[tok.Start:tok.End]) != tok.Text {
				t.Errorf("%q: token %q at %d:%d", c.in, tok.Text, tok.Start, tok.End)
			}
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("Tokenize(%q) = %v, want %v", c.in, got, c.want)
		}
	}
	if n := Tokenize("Developing developers")[0].Norm; n != Stem("en", "develop") {
		t.Errorf("norm %q", n)
	}
	if !utf8.ValidString(Stem("fr", "Développement")) || Stem("fr", "développement") != Stem("fr", "DÉVELOPPEMENT") {
		t.Error("french stemming not case-insensitive")
	}
}

func TestConfidenceContext(t *testing.T) {
	e := newTest(t, Options{MinConfidence: -1})
	conf := func(text, id string) float64 {
		for _, m := range e.Extract(Document{Text: text}).Mentions {
			if m.SkillID == id {
				return m.Confidence
			}
		}
		return -1
	}
	req := conf("Requirements:\n- 3+ years of experience with Python", "python")
	title := conf("Senior Python Developer", "python")
	company := conf("We are a leader in machine learning research.", "ml")
	asked := conf("You have solid experience with machine learning.", "ml")
	if !(req > title) || !(asked > company) || req < DefaultMinConfidence {
		t.Errorf("requirement %.2f vs title %.2f; asked %.2f vs company %.2f", req, title, asked, company)
	}
	bare := conf("You will excel at this.", "excel")
	if bare >= DefaultMinConfidence {
		t.Errorf("unresolved ambiguous form scored %.2f", bare)
	}
}

func TestAboutSentences(t *testing.T) {
	e := newTest(t, Options{})
	cases := []struct {
		name, text string
		kept       []string
	}{
		{"benefits sentence", "We offer a yearly budget for machine learning courses and a pension plan.", nil},
		{"applying", "Please attach your CV and a note on stakeholder management before the deadline.", nil},
		{"company blurb, non-tool", "We are a leader in machine learning research.", nil},
		{"asked of the candidate", "You bring experience with machine learning.", []string{"ml"}},
		{"task naming our systems", "Maintain our machine learning pipelines.", []string{"ml"}},
		{"task in -ing form", "Developing our machine learning models.", []string{"ml"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := ids(e.Extract(Document{Text: c.text}).Mentions)
			if strings.Join(got, ",") != strings.Join(c.kept, ",") {
				t.Errorf("%q: got %v, want %v", c.text, got, c.kept)
			}
		})
	}
	all := newTest(t, Options{IncludeAbout: true, MinConfidence: -1}).Extract(Document{Text: "We are a leader in machine learning research."})
	if len(all.Mentions) != 1 || all.Mentions[0].Section != skillmatch.SectionAbout {
		t.Errorf("IncludeAbout: %+v", all.Mentions)
	}
	// tools named in company text stay demand (the stack), at lower confidence
	tools := newTest(t, Options{MinConfidence: -1}).Extract(Document{Text: "We build our services in Python."})
	if len(tools.Mentions) != 1 || tools.Mentions[0].Section == skillmatch.SectionAbout {
		t.Errorf("company tool mention: %+v", tools.Mentions)
	}
}

func TestHTMLListItemsAreLines(t *testing.T) {
	e := newTest(t, Options{})
	doc := "<ul><li>Machine</li><li>learning</li></ul><ul><li>Python</li><li>Go</li></ul>"
	res := e.Extract(Document{Text: doc, HTML: true})
	got := ids(res.Mentions)
	// "Machine" and "learning" are separate items; Go is in a list of languages
	if strings.Join(got, ",") != "python,go" {
		t.Fatalf("got %v", got)
	}
	runes := []rune(doc)
	for _, m := range res.Mentions {
		if string(runes[m.Start:m.End]) != m.Surface {
			t.Errorf("%s at %d:%d is %q in the input", m.SkillID, m.Start, m.End, string(runes[m.Start:m.End]))
		}
	}
}

func TestSpanShape(t *testing.T) {
	text := "- Develop front-end development standards"
	wide := newTest(t, Options{}).Extract(Document{Text: text}).Mentions
	bare := newTest(t, Options{SpanShape: ShapeNone}).Extract(Document{Text: text}).Mentions
	if len(wide) != 1 || len(bare) != 1 {
		t.Fatalf("wide %v bare %v", wide, bare)
	}
	if wide[0].Surface != "Develop front-end development standards" || bare[0].Surface != "front-end development" {
		t.Errorf("wide %q bare %q", wide[0].Surface, bare[0].Surface)
	}
}

func TestSpellingVariants(t *testing.T) {
	e := newTest(t, Options{MinConfidence: -1})
	for _, text := range []string{"a driving license", "a driving licence", "Driving licences"} {
		if got := ids(e.Extract(Document{Text: text}).Mentions); strings.Join(got, ",") != "licence" {
			t.Errorf("%q: got %v", text, got)
		}
	}
	for _, pair := range [][2]string{{"organisation", "organization"}, {"analyse", "analyze"}, {"behaviour", "behavior"}, {"centre", "center"}, {"modelling", "modeling"}} {
		if Stem("en", pair[0]) != Stem("en", pair[1]) {
			t.Errorf("%s and %s normalize apart: %q %q", pair[0], pair[1], Stem("en", pair[0]), Stem("en", pair[1]))
		}
	}
	for _, w := range []string{"selling", "dwelling", "spelling"} {
		if got := Stem("en", w); !strings.HasSuffix(got, "ll") && !strings.HasSuffix(got, "llin") {
			t.Errorf("%s folded like modelling: %q", w, got)
		}
	}
}
