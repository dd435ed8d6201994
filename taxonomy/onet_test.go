package taxonomy

import (
	"reflect"
	"strings"
	"testing"

	"github.com/skillmatch/skillmatch"
	"github.com/skillmatch/skillmatch/internal/testenv"
)

const onetMini = "testdata/onet/onet-29.2-mini"

func TestLoadONET(t *testing.T) {
	tax, rep, err := loadONET(onetMini)
	if err != nil {
		t.Fatal(err)
	}
	if tax.Version != "onet-29.2" {
		t.Errorf("version = %q", tax.Version)
	}
	dev, ok := tax.Occupation("onet:15-1252.00")
	if !ok || dev.Title != "Software Developers" || dev.Code != "15-1252.00" {
		t.Fatalf("occupation = %+v", dev)
	}
	if !reflect.DeepEqual(dev.AltTitles, []string{"Application Developer", "Software Engineer"}) {
		t.Errorf("alt titles = %v", dev.AltTitles)
	}
	if rn, _ := tax.Occupation("onet:29-1141.00"); !reflect.DeepEqual(rn.AltTitles, []string{"Registered Nurse", "RN"}) {
		t.Errorf("short titles are kept: %v", rn.AltTitles)
	}
	// C, C++ and C# get distinct IDs.
	for _, tc := range []struct {
		id, label   string
		hot, demand bool
		uris        []string
		category    string
	}{
		{"onet:tool:c", "C", false, false, []string{"onet:commodity:43232405"}, "Object or component oriented development software"},
		{"onet:tool:c-plus-plus", "C++", true, true, []string{"onet:commodity:43232405"}, "Object or component oriented development software"},
		{"onet:tool:c-sharp", "C#", true, false, []string{"onet:commodity:43232405"}, "Object or component oriented development software"},
		{"onet:tool:microsoft-excel", "Microsoft Excel", true, false, []string{"onet:commodity:43232110"}, "Spreadsheet software"},
		{"onet:tool:epic-systems", "Epic Systems", false, true, []string{"onet:commodity:43231415", "onet:commodity:43232306"}, "Medical software"},
	} {
		s, ok := tax.Skill(tc.id)
		if !ok {
			t.Errorf("%s missing", tc.id)
			continue
		}
		if s.Label != tc.label || s.Type != skillmatch.TypeTool || s.HotTech != tc.hot || s.InDemand != tc.demand ||
			!reflect.DeepEqual(s.URIs, tc.uris) || s.Category != tc.category {
			t.Errorf("%s = %+v", tc.id, s)
		}
	}
	// Hot technologies and importance >= 3.5 are essential; other rows and
	// importance in [3.0, 3.5) optional; below 3.0, suppressed and LV rows unused.
	wantEss := []string{"onet:tool:c-plus-plus", "onet:tool:c-sharp", "onet:tool:microsoft-excel", "onet:2.B.3.e", "onet:2.C.3.a"}
	wantOpt := []string{"onet:tool:c", "onet:tool:epic-systems", "onet:2.B.1.a"}
	if !reflect.DeepEqual(dev.Essential, wantEss) || !reflect.DeepEqual(dev.Optional, wantOpt) {
		t.Errorf("developer skills = %v / %v, want %v / %v", dev.Essential, dev.Optional, wantEss, wantOpt)
	}
	ess, opt := tax.SkillsOf("onet:29-1141.00")
	if !reflect.DeepEqual(ess, []string{"onet:2.B.1.a", "onet:2.C.5.a"}) || !reflect.DeepEqual(opt, []string{"onet:tool:microsoft-excel", "onet:tool:epic-systems"}) {
		t.Errorf("nurse skills = %v / %v", ess, opt)
	}
	for id, want := range map[string]struct {
		typ      skillmatch.SkillType
		category string
	}{
		"onet:2.B.3.e": {skillmatch.TypeSkill, "technical skills"},
		"onet:2.B.1.a": {skillmatch.TypeSoft, "social skills"},
		"onet:2.A.1.a": {skillmatch.TypeSkill, "basic skills: content"},
		"onet:2.C.5.a": {skillmatch.TypeKnowledge, "health services"},
	} {
		if s, ok := tax.Skill(id); !ok || s.Type != want.typ || s.Category != want.category {
			t.Errorf("%s = %+v, want %v", id, s, want)
		}
	}
	if rep.tools != 6 || rep.elements != 5 || rep.occupations != 2 { // Python of the unknown 99-9999.00 is still a tool
		t.Errorf("report = %+v", rep)
	}
	for _, want := range [][]string{
		{"Occupation Data.txt:4:", "duplicate occupation id"},
		{"Technology Skills.txt:9:", "2 tab-separated cells"},
		{"Skills.txt:7:", `Data Value "n/a"`},
		{"99-9999.00", "2 row(s) skipped"},
	} {
		if got := problemsMatching(tax, want...); len(got) != 1 {
			t.Errorf("want one problem with %q; problems: %v", want, tax.Problems())
		}
	}
	if n := len(tax.Problems()); n != 4 {
		t.Errorf("%d problems, want 4: %v", n, tax.Problems())
	}
}

func TestLoadONETThreshold(t *testing.T) {
	tax, err := Load("onet:" + onetMini + "?min_importance=3.5")
	if err != nil {
		t.Fatal(err)
	}
	ess, opt := tax.SkillsOf("onet:15-1252.00")
	for _, id := range append(ess, opt...) {
		if id == "onet:2.B.1.a" {
			t.Errorf("importance 3.25 is below min_importance=3.5 but linked")
		}
	}
	if len(ess) != 5 {
		t.Errorf("essential = %v", ess)
	}
	for _, tc := range []struct{ spec, want string }{
		{"onet:" + onetMini + "?min_importance=high", "want a number from 1 to 5"},
		{"onet:" + onetMini + "?threshold=3", `unknown option "threshold"`},
		{"onet:testdata/onet/not-onet", "no Occupation Data.txt"},
		{"onet:testdata/onet/bad-header", `its header lacks "O*NET-SOC Code"`},
	} {
		if _, err := Load(tc.spec); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Load(%q) = %v, want %q", tc.spec, err, tc.want)
		}
	}
}

func TestToolSlug(t *testing.T) {
	for in, want := range map[string]string{
		"C++": "c-plus-plus", "C#": "c-sharp", "Microsoft Excel": "microsoft-excel",
		"ASP.NET": "asp-net", "Node.js": "node-js", "  ": "x", "Notepad++": "notepad-plus-plus",
	} {
		if got := toolSlug(in); got != want {
			t.Errorf("toolSlug(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLayering merges a base layer with O*NET: an O*NET skill whose label is
// a surface form of a base skill becomes that skill, keeping both URIs.
func TestLayering(t *testing.T) {
	tax, err := Load("file:testdata/layer/skills_base.csv,onet:" + onetMini)
	if err != nil {
		t.Fatal(err)
	}
	if tax.Version != "file-skills_base+onet-29.2" {
		t.Errorf("version = %q", tax.Version)
	}
	excel, _ := tax.Skill("excel")
	if !reflect.DeepEqual(excel.URIs, []string{"http://data.europa.eu/esco/skill/excel", "onet:commodity:43232110"}) || !excel.HotTech {
		t.Errorf("merged excel = %+v", excel)
	}
	if _, dup := tax.Skill("onet:tool:microsoft-excel"); dup {
		t.Error("the O*NET Excel stayed a skill of its own")
	}
	if got := tax.ByLabel("Microsoft Excel"); len(got) != 1 || got[0].ID != "excel" {
		t.Errorf("by label = %v", got)
	}
	if got := tax.ByLabel("Programming"); len(got) != 1 || got[0].ID != "programming" {
		t.Errorf("the O*NET Programming element should merge into programming: %v", got)
	}
	cpp, _ := tax.Skill("cpp")
	if !contains(cpp.URIs, "onet:commodity:43232405") {
		t.Errorf("cpp = %+v", cpp)
	}
	ess, _ := tax.SkillsOf("onet:15-1252.00")
	for _, want := range []string{"excel", "cpp", "programming"} {
		if !contains(ess, want) {
			t.Errorf("developer essential %v lacks %s (occupation links must follow the merge)", ess, want)
		}
	}
	if got := tax.OccupationsOf("excel"); len(got) != 2 {
		t.Errorf("occupations of excel = %v", got)
	}
}

// TestLayeringDefault checks the same property on the bundled default:
// every O*NET fixture skill whose label is a default surface form is merged.
func TestLayeringDefault(t *testing.T) {
	def, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	onet, err := LoadONET(onetMini)
	if err != nil {
		t.Fatal(err)
	}
	tax, err := Load("default,onet:" + onetMini)
	if err != nil {
		t.Fatal(err)
	}
	if tax.Version != DefaultVersion+"+onet-29.2" {
		t.Errorf("version = %q", tax.Version)
	}
	for _, s := range onet.Skills() {
		base := def.ByLabel(s.Label)
		got := tax.ByLabel(s.Label)
		if len(base) > 0 {
			if len(got) == 0 || got[0].ID != base[0].ID {
				t.Errorf("%q: merged into %v, want default %s", s.Label, got, base[0].ID)
				continue
			}
			for _, u := range s.URIs {
				if !contains(got[0].URIs, u) {
					t.Errorf("%q: URI %s lost in the merge", s.Label, u)
				}
			}
		} else if _, ok := tax.Skill(s.ID); !ok {
			t.Errorf("%s: an O*NET skill with no default match should keep its ID", s.ID)
		}
	}
}

// TestLoadONETShared loads the O*NET 29.2 text files from ../shared.
func TestLoadONETShared(t *testing.T) {
	dir := testenv.Shared(t, "taxonomies/onet-29.2")
	tax, rep, err := loadONET(dir)
	if err != nil {
		t.Fatal(err)
	}
	st := tax.Stats()
	// 1,016 occupations; 32,627 technology rows naming 8,768 distinct
	// examples; 35 skill and 33 knowledge elements.
	if st.Version != "onet-29.2" || st.Occupations != 1016 || rep.techRows != 32627 || rep.tools != 8768 || rep.elements != 68 {
		t.Errorf("version %s, %d occupations, %d tech rows, %d tools, %d elements", st.Version, st.Occupations, rep.techRows, rep.tools, rep.elements)
	}
	if st.Skills != 8768+68 || len(tax.Problems()) != 0 {
		t.Errorf("%d skills, problems %v", st.Skills, tax.Problems())
	}
	if st.ByType["tool"] != 8768 {
		t.Errorf("by type = %v", st.ByType)
	}
	t.Logf("O*NET 29.2: %+v report %+v", st, rep)
}

func BenchmarkLoadONET(b *testing.B) {
	dir := testenv.Shared(b, "taxonomies/onet-29.2")
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := LoadONET(dir); err != nil {
			b.Fatal(err)
		}
	}
}
