package taxonomy

import (
	"io/fs"
	"testing"
)

func loadDefaultForTest(t *testing.T) *Taxonomy {
	t.Helper()
	tax, err := Default()
	if err != nil {
		t.Fatalf("bundled default: %v", err)
	}
	return tax
}

// TestDefaultValid checks the bundled data's integrity: it loads without a
// single problem (unique IDs, known types, every broader/related/occupation
// reference resolves, every ambiguous/case_sensitive entry is one of the
// skill's forms), no empty labels, no broader cycles, and no surface form
// shared by two skills unless all but one of them flag it ambiguous.
func TestDefaultValid(t *testing.T) {
	tax := loadDefaultForTest(t)
	if tax.Version != DefaultVersion {
		t.Errorf("version = %q, want %q", tax.Version, DefaultVersion)
	}
	for _, p := range tax.Problems() {
		t.Errorf("problem: %v", p)
	}
	for _, s := range tax.Skills() {
		for _, f := range s.Forms {
			if NormalizeLabel(f.Text) == "" {
				t.Errorf("skill %s has an empty surface form", s.ID)
			}
		}
	}
	for _, o := range tax.Occupations() {
		for _, title := range append([]string{o.Title}, o.AltTitles...) {
			if NormalizeLabel(title) == "" {
				t.Errorf("occupation %s has an empty title", o.ID)
			}
		}
	}
	for _, err := range Lint(tax) {
		t.Error(err)
	}
}

func TestCheckersFindFaults(t *testing.T) {
	b := NewBuilder("t", "en")
	b.AddSkill(Skill{ID: "a", Label: "A", Type: "skill", Broader: []string{"b"}, Forms: []SurfaceForm{{Text: "shared", Kind: FormAlt}}})
	b.AddSkill(Skill{ID: "b", Label: "B", Type: "skill", Broader: []string{"a"}, Forms: []SurfaceForm{{Text: "Shared", Kind: FormAlt}}})
	b.AddSkill(Skill{ID: "c", Label: "C", Type: "skill", Forms: []SurfaceForm{{Text: "shared", Kind: FormAlt, Ambiguous: true}, {Text: "b", Kind: FormHidden, Ambiguous: true}}})
	tax, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	if c := broaderCycles(tax); len(c) != 1 || len(c[0]) != 3 {
		t.Errorf("cycles = %v", c)
	}
	if c := formClashes(tax); len(c) != 1 || c[0].form != "shared" || len(c[0].ids) != 2 {
		t.Errorf("clashes = %v (b is flagged on c, shared unflagged on a and b)", c)
	}
}

// TestDefaultMinimums checks the size the issue asks of the bundled data.
func TestDefaultMinimums(t *testing.T) {
	tax := loadDefaultForTest(t)
	st := tax.Stats()
	if st.Skills < 3000 {
		t.Errorf("%d skills, want >= 3000", st.Skills)
	}
	if len(st.BySector) < 25 {
		t.Errorf("%d sectors, want >= 25: %v", len(st.BySector), st.BySector)
	}
	if st.SurfaceForms < 10000 {
		t.Errorf("%d surface forms, want >= 10000", st.SurfaceForms)
	}
	if st.Occupations < 300 {
		t.Errorf("%d occupations, want >= 300", st.Occupations)
	}
	for _, o := range tax.Occupations() {
		if len(o.Essential) < 5 {
			t.Errorf("occupation %s has %d essential skills, want >= 5", o.ID, len(o.Essential))
		}
	}
	for _, word := range []string{"Go", "R", "C", "Swift", "Spark", "Excel", "Access", "Word", "Teams",
		"Rust", "Ruby", "Chef", "Puppet", "Shell", "Lean", "Express"} {
		flagged := false
		for _, s := range tax.ByLabel(word) {
			for _, f := range s.Forms {
				flagged = flagged || f.Ambiguous && NormalizeLabel(f.Text) == NormalizeLabel(word)
			}
		}
		if !flagged {
			t.Errorf("%q is not an ambiguous surface form of any default skill", word)
		}
	}
}

func BenchmarkLoadDefault(b *testing.B) {
	sub, err := fs.Sub(defaultFiles, "default")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := LoadFS(sub, DefaultVersion); err != nil {
			b.Fatal(err)
		}
	}
}

func TestDefaultSpec(t *testing.T) {
	a, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	b, err := Load("default")
	if err != nil {
		t.Fatal(err)
	}
	if a != b || a.Version != DefaultVersion {
		t.Errorf("an empty spec should be the shared default, got %q", a.Version)
	}
	if _, err := Load("default:x"); err == nil {
		t.Error("default:x accepted")
	}
}

// TestShortFormsNeedBothFlags checks that Lint reports a form of one or two
// letters or digits unless it is both ambiguous and case-sensitive.
func TestShortFormsNeedBothFlags(t *testing.T) {
	for _, tc := range []struct {
		form      string
		amb, cs   bool
		wantFault bool
	}{
		{"AP", false, true, true},
		{"AP", true, false, true},
		{"AP", true, true, false},
		{"5S", false, false, true},
		{"o9", false, true, true},
		{"R", true, true, false},
		{"C#", false, false, false},  // a symbol: not a bare code
		{"SQL", false, false, false}, // three letters
		{" GL ", false, true, true},  // measured after normalization
	} {
		b := NewBuilder("t", "en")
		b.AddSkill(Skill{ID: "x", Label: "long label", Type: "skill",
			Forms: []SurfaceForm{{Text: tc.form, Kind: FormAlt, Ambiguous: tc.amb, CaseSensitive: tc.cs}}})
		tax, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		got := shortForms(tax)
		if (len(got) > 0) != tc.wantFault {
			t.Errorf("form %q ambiguous=%v case_sensitive=%v: faults %v, want fault %v", tc.form, tc.amb, tc.cs, got, tc.wantFault)
		}
		if len(Lint(tax)) != len(got) {
			t.Errorf("form %q: Lint reports %v, shortForms %v", tc.form, Lint(tax), got)
		}
	}
}
