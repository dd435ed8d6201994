package taxonomy

import (
	"reflect"
	"sync"
	"testing"
)

func mustBuild(t *testing.T, version string, skills []Skill, occs []Occupation) *Taxonomy {
	t.Helper()
	b := NewBuilder(version, "en")
	for _, s := range skills {
		if _, err := b.AddSkill(s); err != nil {
			t.Fatal(err)
		}
	}
	for _, o := range occs {
		if _, err := b.AddOccupation(o); err != nil {
			t.Fatal(err)
		}
	}
	tax, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return tax
}

func TestMergeByESCOURI(t *testing.T) {
	// The first layer links python to ESCO by URI; the ESCO label carries a
	// qualifier, so only the URI can join them.
	base := mustBuild(t, "base", []Skill{
		{ID: "python", Label: "Python", Type: "tool", URIs: []string{escoSkill + "python"}},
	}, nil)
	esco, err := LoadESCO("testdata/esco/esco-v1.1.1-mini")
	if err != nil {
		t.Fatal(err)
	}
	m := Merge(base, esco)
	py, _ := m.Skill("python")
	if _, dup := m.Skill(escoSkill + "python"); dup {
		t.Error("the ESCO Python concept stayed separate despite the shared URI")
	}
	if !reflect.DeepEqual(py.AltLabels(), []string{"Python (computer programming)", "python programming"}) {
		t.Errorf("merged forms = %+v", py.Forms)
	}
	if ess, _ := m.SkillsOf(escoOcc + "dev"); !contains(ess, "python") {
		t.Errorf("ESCO occupation links not renamed: %v", ess)
	}
}

// TestMergeKeepsLayersApart: two skills of one layer never merge into each
// other, however their labels overlap, and merging does not change a layer.
func TestMergeKeepsLayersApart(t *testing.T) {
	a := mustBuild(t, "a", []Skill{
		{ID: "excel", Label: "Excel", Type: "tool", Forms: []SurfaceForm{{Text: "Access", Kind: FormAlt, Ambiguous: true}}},
		{ID: "access", Label: "Access", Type: "tool"},
	}, []Occupation{{ID: "clerk", Title: "Clerk", Essential: []string{"excel"}, URIs: []string{"u1"}}})
	b := mustBuild(t, "b", []Skill{
		{ID: "b-access", Label: "access", Type: "tool", URIs: []string{"x:access"}},
		{ID: "b-new", Label: "New", Type: "tool", Forms: []SurfaceForm{{Text: "Newer", Kind: FormAlt}}},
		{ID: "b-newer", Label: "Newer", Type: "tool"},
	}, []Occupation{{ID: "b-clerk", Title: "clerk", Essential: []string{"b-access"}, URIs: []string{"u2"}}})
	before := *a.Skills()[0]
	beforeOcc := *a.Occupations()[0]
	m := Merge(a, b)
	var ids []string
	for _, s := range m.Skills() {
		ids = append(ids, s.ID)
	}
	// b-access joins excel (the first earlier skill with the form "access");
	// b-newer stays apart from b-new, which is of the same layer.
	if want := []string{"excel", "access", "b-new", "b-newer"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("merged skills = %v, want %v", ids, want)
	}
	if o, _ := m.Occupation("clerk"); !reflect.DeepEqual(o.URIs, []string{"u1", "u2"}) || len(m.Occupations()) != 1 {
		t.Errorf("occupations = %+v", m.Occupations())
	}
	if !reflect.DeepEqual(*a.Skills()[0], before) || !reflect.DeepEqual(*a.Occupations()[0], beforeOcc) {
		t.Error("Merge changed its input layer")
	}
	if m.Version != "a+b" {
		t.Errorf("version = %q", m.Version)
	}
}

// TestMergeConcurrent merges the shared default from several goroutines
// (run with -race): layers are read, never written.
func TestMergeConcurrent(t *testing.T) {
	onet, err := LoadONET(onetMini)
	if err != nil {
		t.Fatal(err)
	}
	def, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			Merge(def, onet)
		}()
	}
	wg.Wait()
}

func TestModelLookups(t *testing.T) {
	tax := mustBuild(t, "m", []Skill{
		{ID: "ai", Label: "artificial intelligence", Type: "knowledge"},
		{ID: "ml", Label: "machine learning", Type: "knowledge", Broader: []string{"ai"}, Forms: []SurfaceForm{{Text: "ML", Kind: FormAlt}}},
		{ID: "dl", Label: "deep learning", Type: "knowledge", Broader: []string{"ml"}},
		{ID: "pt", Label: "PyTorch", Type: "tool", Broader: []string{"dl", "ghost"}, Forms: []SurfaceForm{{Text: "pytorh", Kind: FormHidden}}},
		{ID: "mlops", Label: "MLOps", Type: "skill"},
	}, []Occupation{{ID: "mle", Title: "ML Engineer", Essential: []string{"pt", "ml"}, Optional: []string{"ml", "mlops"}}})
	if got := tax.Ancestors("pt"); !reflect.DeepEqual(got, []string{"dl", "ml", "ai"}) {
		t.Errorf("ancestors = %v", got)
	}
	if got := tax.Descendants("ai"); !reflect.DeepEqual(got, []string{"ml", "dl", "pt"}) {
		t.Errorf("descendants = %v", got)
	}
	if got := tax.ByLabel("PYTORH"); len(got) != 1 || got[0].ID != "pt" {
		t.Errorf("hidden forms match exactly: %v", got)
	}
	var prefix []string
	for _, s := range tax.Prefix("ml", 10) {
		prefix = append(prefix, s.ID)
	}
	if !reflect.DeepEqual(prefix, []string{"mlops", "ml"}) { // label prefix first
		t.Errorf("prefix = %v", prefix)
	}
	if len(tax.Prefix("pytorh", 5)) != 0 {
		t.Error("hidden forms must not autocomplete")
	}
	ess, opt := tax.SkillsOf("mle")
	if !reflect.DeepEqual(ess, []string{"pt", "ml"}) || !reflect.DeepEqual(opt, []string{"mlops"}) {
		t.Errorf("skills of = %v / %v (essential wins over optional)", ess, opt)
	}
	if got := tax.OccupationsOf("ml"); !reflect.DeepEqual(got, []string{"mle"}) {
		t.Errorf("occupations of = %v", got)
	}
	if len(tax.Problems()) != 1 {
		t.Errorf("the dangling broader ghost should be one problem: %v", tax.Problems())
	}
}
