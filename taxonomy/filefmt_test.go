package taxonomy

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/skillmatch/skillmatch"
)

// problemsMatching returns the problems whose text contains every part.
func problemsMatching(t *Taxonomy, parts ...string) []string {
	var out []string
	for _, p := range t.Problems() {
		ok := true
		for _, part := range parts {
			ok = ok && strings.Contains(p.Error(), part)
		}
		if ok {
			out = append(out, p.Error())
		}
	}
	return out
}

func TestLoadFileDirectory(t *testing.T) {
	tax, err := Load("file:testdata/file/dir")
	if err != nil {
		t.Fatal(err)
	}
	if tax.Version != "mytax-1.0" {
		t.Errorf("version = %q, want the VERSION file's mytax-1.0", tax.Version)
	}
	var ids []string
	for _, s := range tax.Skills() {
		ids = append(ids, s.ID)
	}
	// The description of ml spans two lines, so later rows start one line down.
	// bad (unknown type), the second ml (duplicate) and toolong (extra cells) are skipped.
	if want := []string{"ml", "ai", "pytorch", "dl", "excel", "shortrow"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("skills = %v, want %v", ids, want)
	}
	ml, _ := tax.Skill("ml")
	if ml.Description != "Learning from data.\nSecond line, with a comma." {
		t.Errorf("multi-line CRLF cell = %q", ml.Description)
	}
	if ml.Sector != "data" {
		t.Errorf("sector from file name = %q, want data", ml.Sector)
	}
	if ml.Type != skillmatch.TypeKnowledge || ml.Category != "data science" {
		t.Errorf("ml = %+v", ml)
	}
	wantForms := []SurfaceForm{{Text: "machine learning", Kind: FormPreferred},
		{Text: "ML", Kind: FormAlt, Ambiguous: true}, {Text: "statistical learning", Kind: FormAlt}}
	if !reflect.DeepEqual(ml.Forms, wantForms) {
		t.Errorf("ml forms = %+v, want %+v", ml.Forms, wantForms)
	}
	ai, _ := tax.Skill("ai")
	if f := ai.Forms[1]; f.Text != "AI" || !f.Ambiguous || !f.CaseSensitive {
		t.Errorf("ai alias flags = %+v", f)
	}
	if short, ok := tax.Skill("shortrow"); !ok || short.Type != skillmatch.TypeSkill || short.Label != "short row" {
		t.Errorf("a row with missing trailing cells should load with defaults, got %+v", short)
	}
	if got := tax.Ancestors("pytorch"); !reflect.DeepEqual(got, []string{"dl", "ml", "ai"}) {
		t.Errorf("ancestors of pytorch = %v", got)
	}
	py, _ := tax.Skill("pytorch")
	if !reflect.DeepEqual(py.Related, []string{"ml"}) {
		t.Errorf("related = %v, want the dangling nosuch dropped", py.Related)
	}
	occ, ok := tax.Occupation("data-scientist")
	if !ok || occ.Title != "Data Scientist" || occ.Code != "2120" {
		t.Fatalf("occupation = %+v", occ)
	}
	if !reflect.DeepEqual(occ.AltTitles, []string{"Data Science Specialist", "ML Scientist"}) ||
		!reflect.DeepEqual(occ.Essential, []string{"ml", "pytorch"}) || !reflect.DeepEqual(occ.Optional, []string{"excel"}) {
		t.Errorf("occupation = %+v", occ)
	}
	if len(tax.Occupations()) != 1 {
		t.Errorf("occupations = %d, want the duplicate and the untitled skipped", len(tax.Occupations()))
	}
	for _, want := range [][]string{
		{"skills_data.csv:7:", `unknown type "gadget"`, "skipped"},
		{"skills_data.csv:8:", `duplicate skill id "ml"`, "first at", "skills_data.csv:2"},
		{"skills_data.csv:9:", `ambiguous form "Excell"`},
		{"skills_data.csv:12:", "12 cells but the header has 10"},
		{"skills_data.csv:5:", `related "nosuch"`},
		{"occupations.csv:2:", `optional skill "ghost"`},
		{"occupations.csv:4:", `duplicate occupation id "data-scientist"`},
		{"occupations.csv:5:", "empty title"},
		{"notes.csv", "ignored"},
	} {
		if len(problemsMatching(tax, want...)) != 1 {
			t.Errorf("want one problem with %q; problems:\n%v", want, tax.Problems())
		}
	}
	if n := len(tax.Problems()); n != 9 {
		t.Errorf("%d problems, want 9: %v", n, tax.Problems())
	}
}

func TestLoadFileJSON(t *testing.T) {
	tax, err := Load("file:testdata/file/tax.json")
	if err != nil {
		t.Fatal(err)
	}
	if tax.Version != "json-tax-2" {
		t.Errorf("version = %q", tax.Version)
	}
	if len(tax.Skills()) != 2 {
		t.Errorf("skills = %d, want 2 (broken and odd skipped)", len(tax.Skills()))
	}
	sql, _ := tax.Skill("sql")
	if got := sql.HiddenLabels(); !reflect.DeepEqual(got, []string{"sequel"}) || !sql.Forms[0].CaseSensitive {
		t.Errorf("sql = %+v", sql)
	}
	if got := tax.OccupationsOf("sql"); !reflect.DeepEqual(got, []string{"dba"}) {
		t.Errorf("occupations of sql = %v", got)
	}
	for _, want := range [][]string{
		{"tax.json:7:", "skills[2]", "skipped"},
		{"tax.json:8:", `unknown type "wizardry"`},
		{"tax.json", `unknown key "comment"`},
	} {
		if len(problemsMatching(tax, want...)) != 1 {
			t.Errorf("want one problem with %q; problems: %v", want, tax.Problems())
		}
	}
}

func TestLoadFileNotTheFormat(t *testing.T) {
	for _, tc := range []struct{ spec, want string }{
		{"file:testdata/file/array.json", "not a skillmatch taxonomy JSON"},
		{"file:testdata/file/package.json", `neither "skills" nor "occupations"`},
		{"file:testdata/file/skills_notreally.csv", "not a skills CSV: the header needs the columns id and label"},
		{"file:testdata/file/occupations_only.csv", "no skills loaded"},
		{"file:testdata/file/nosuch.csv", "no such file"},
		{"file:", "needs a path"},
		{"file:testdata", "no skills*.csv"},
	} {
		_, err := Load(tc.spec)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Load(%q) error = %v, want it to contain %q", tc.spec, err, tc.want)
		}
	}
}

func TestLoadFileSniffsHeader(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "mine.csv")
	if err := os.WriteFile(p, []byte("label,id\nRust,rust\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tax, err := Load("file:" + p)
	if err != nil {
		t.Fatal(err)
	}
	if s, ok := tax.Skill("rust"); !ok || s.Label != "Rust" || tax.Version != "file-mine" {
		t.Errorf("got %+v, version %q", s, tax.Version)
	}
}

// TestWriteRoundTrip exports a loaded taxonomy in both formats and loads it back.
func TestWriteRoundTrip(t *testing.T) {
	orig, err := Load("file:testdata/file/dir")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var sk, oc, js bytes.Buffer
	if err := orig.WriteSkillsCSV(&sk); err != nil {
		t.Fatal(err)
	}
	if err := orig.WriteOccupationsCSV(&oc); err != nil {
		t.Fatal(err)
	}
	if err := orig.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "skills.csv"), sk.Bytes(), 0o644)
	os.WriteFile(filepath.Join(dir, "occupations.csv"), oc.Bytes(), 0o644)
	os.WriteFile(filepath.Join(dir, "tax.json"), js.Bytes(), 0o644)
	for _, spec := range []string{"file:" + dir + "/skills.csv", "file:" + filepath.Join(dir, "tax.json")} {
		back, err := Load(spec)
		if err != nil {
			t.Fatal(err)
		}
		if len(back.Problems()) != 0 {
			t.Errorf("%s: problems %v", spec, back.Problems())
		}
		for _, s := range orig.Skills() {
			b, ok := back.Skill(s.ID)
			if !ok || !reflect.DeepEqual(s, b) {
				t.Errorf("%s: skill %s = %+v, want %+v", spec, s.ID, b, s)
			}
		}
	}
	os.Remove(filepath.Join(dir, "tax.json"))
	back, err := Load("file:" + dir)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(orig.Occupations(), back.Occupations()) || len(back.Skills()) != len(orig.Skills()) {
		t.Errorf("occupations after CSV round trip = %+v, want %+v", back.Occupations(), orig.Occupations())
	}
}

// FuzzFileFormat feeds arbitrary bytes to the CSV and JSON readers: they
// must return an error or a taxonomy, never panic.
func FuzzFileFormat(f *testing.F) {
	for _, seed := range []string{
		"id,label,type,aliases,ambiguous\nml,machine learning,knowledge,ML,ML\n",
		"\ufeffid,label,description\r\na,A,\"two\r\nlines\"\r\n",
		"id,title,essential\nx,X,a|b\n",
		`{"skills":[{"id":"a","label":"A","aliases":["x"]}],"occupations":[{"id":"o","title":"O","essential":["a"]}]}`,
		`{"skills":[{"id":1}]}`, "id,label\n\"unterminated\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, name := range []string{"skills_x.csv", "occupations.csv", "x.json"} {
			l := newFileLoader("fuzz")
			var err error
			if name == "x.json" {
				err = l.readJSON(name, data)
			} else {
				err = l.readCSV(name, name, map[bool]string{true: "skills", false: "occupations"}[name == "skills_x.csv"], data)
			}
			if err == nil {
				l.build()
			}
		}
	})
}

func TestLoadFileMalformedQuotes(t *testing.T) {
	p := filepath.Join(t.TempDir(), "skills_q.csv")
	os.WriteFile(p, []byte("id,label\na,A\nb,B \"quoted\" badly\nc,C\n"), 0o644)
	tax, err := Load("file:" + p)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := tax.Skill("c"); !ok || len(tax.Skills()) != 2 {
		t.Errorf("the rows around a malformed one should load: %d skills", len(tax.Skills()))
	}
	if got := problemsMatching(tax, "skills_q.csv:3:", "bare", "row skipped"); len(got) != 1 {
		t.Errorf("problems = %v", tax.Problems())
	}
}
