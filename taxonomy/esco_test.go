package taxonomy

import (
	"os"
	"reflect"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/skillmatch/skillmatch"
	"github.com/skillmatch/skillmatch/internal/testenv"
)

const escoSkill = "http://data.europa.eu/esco/skill/"
const escoOcc = "http://data.europa.eu/esco/occupation/"

func TestLoadESCOv11(t *testing.T) {
	tax, rep, err := loadESCO("testdata/esco/esco-v1.1.1-mini")
	if err != nil {
		t.Fatal(err)
	}
	if tax.Version != "esco-v1.1.1" || tax.Language != "en" {
		t.Errorf("version %q language %q", tax.Version, tax.Language)
	}
	py, ok := tax.Skill(escoSkill + "python")
	if !ok {
		t.Fatal("python missing: the skill ID must be the concept URI")
	}
	// BOM, CRLF inside and between records, newline-separated alt labels.
	if py.Label != "Python (computer programming)" || !reflect.DeepEqual(py.AltLabels(), []string{"Python", "python programming"}) {
		t.Errorf("python = %q %q", py.Label, py.AltLabels())
	}
	if !reflect.DeepEqual(py.URIs, []string{escoSkill + "python"}) || py.ESCOURI() != py.ID {
		t.Errorf("python URIs = %v", py.URIs)
	}
	for _, tc := range []struct {
		id, category string
		typ          skillmatch.SkillType
	}{
		{"python", "software and applications development and analysis", skillmatch.TypeKnowledge},
		{"programming", "software and applications development and analysis", skillmatch.TypeKnowledge},
		{"teamwork", "", skillmatch.TypeSoft},
		{"german", "", skillmatch.TypeLanguage},
		{"spreadsheets", "digital", skillmatch.TypeSkill},
		{"digitalcomm", "", skillmatch.TypeSkill},
		{"odd", "", skillmatch.TypeSkill},
	} {
		s, ok := tax.Skill(escoSkill + tc.id)
		if !ok {
			t.Errorf("%s missing", tc.id)
			continue
		}
		if s.Type != tc.typ || s.Category != tc.category {
			t.Errorf("%s: type %q category %q, want %q %q", tc.id, s.Type, s.Category, tc.typ, tc.category)
		}
	}
	if prog, _ := tax.Skill(escoSkill + "programming"); !reflect.DeepEqual(prog.HiddenLabels(), []string{"programing"}) {
		t.Errorf("hidden labels = %v", prog.HiddenLabels())
	}
	if got := tax.Ancestors(escoSkill + "python"); !reflect.DeepEqual(got, []string{escoSkill + "programming"}) {
		t.Errorf("ancestors = %v", got)
	}
	if !reflect.DeepEqual(py.Related, []string{escoSkill + "spreadsheets"}) {
		t.Errorf("related = %v", py.Related)
	}
	ess, opt := tax.SkillsOf(escoOcc + "dev")
	if !reflect.DeepEqual(ess, []string{escoSkill + "python", escoSkill + "programming"}) || !reflect.DeepEqual(opt, []string{escoSkill + "teamwork"}) {
		t.Errorf("dev skills = %v / %v", ess, opt)
	}
	dev, _ := tax.Occupation(escoOcc + "dev")
	if dev.Code != "2512.4" || !reflect.DeepEqual(dev.AltTitles, []string{"software engineer", "programmer"}) {
		t.Errorf("dev = %+v", dev)
	}
	if an, _ := tax.Occupation(escoOcc + "analyst"); an.Code != "2511" {
		t.Errorf("code falls back to the ISCO group, got %q", an.Code)
	}
	if len(tax.Skills()) != 7 || len(tax.Occupations()) != 2 {
		t.Errorf("%d skills %d occupations, want 7 and 2", len(tax.Skills()), len(tax.Occupations()))
	}
	if rep.relationRows != 9 || rep.relations != 5 || rep.unknownRelationOccs != 1 {
		t.Errorf("report %+v", rep)
	}
	for _, want := range [][]string{
		{"skills_en.csv:13:", `conceptType "SkillGroup"`},
		{"skills_en.csv:14:", "duplicate skill id"},
		{"skills_en.csv:15:", `unknown skillType "magic"`},
		{"occupationSkillRelations.csv:5:", `unknown relationType "sometimes"`},
		{"occupationSkillRelations.csv:8:", "nosuchskill"},
		{"occupationSkillRelations.csv:9:", escoOcc + "ghost", "2 relation(s) skipped"},
		{"broaderRelationsSkillPillar.csv:7:", "vanished"},
		{"digitalSkillsCollection_en.csv:3:", "notinskills"},
	} {
		if got := problemsMatching(tax, want...); len(got) != 1 {
			t.Errorf("want one problem with %q; problems: %v", want, tax.Problems())
		}
	}
	if n := len(tax.Problems()); n != 8 {
		t.Errorf("%d problems, want 8: %v", n, tax.Problems())
	}
}

func TestLoadESCOv12AndLanguages(t *testing.T) {
	tax, err := Load("esco:testdata/esco/esco-v1.2.0-mini")
	if err != nil {
		t.Fatal(err)
	}
	if tax.Version != "esco-v1.2.0" || len(tax.Problems()) != 0 {
		t.Errorf("version %q problems %v", tax.Version, tax.Problems())
	}
	if ess, opt := tax.SkillsOf(escoOcc + "dba"); len(ess) != 1 || len(opt) != 1 {
		t.Errorf("v1.2 _en relation files not read: %v %v", ess, opt)
	}
	if got := tax.Ancestors(escoSkill + "sql"); !reflect.DeepEqual(got, []string{escoSkill + "databases"}) {
		t.Errorf("v1.2 broader = %v", got)
	}
	if db, _ := tax.Skill(escoSkill + "databases"); !reflect.DeepEqual(db.Related, []string{escoSkill + "sql"}) {
		t.Errorf("v1.2 related = %v", db.Related)
	}

	de, err := Load("esco:testdata/esco/esco-v1.1.1-mini?lang=de")
	if err != nil {
		t.Fatal(err)
	}
	if de.Language != "de" {
		t.Errorf("language = %q", de.Language)
	}
	if got := de.ByLabel("Computerprogrammierung"); len(got) != 1 || got[0].ID != escoSkill+"programming" {
		t.Errorf("German label look-up = %v", got)
	}
	if o, _ := de.Occupation(escoOcc + "dev"); o.Title != "Softwareentwickler/Softwareentwicklerin" {
		t.Errorf("German occupation title = %q", o.Title)
	}
	if g, _ := de.Skill(escoSkill + "german"); g.Type != skillmatch.TypeLanguage {
		t.Errorf("the English collection applies to every language, got %q", g.Type)
	}
}

func TestLoadESCOErrors(t *testing.T) {
	for _, tc := range []struct{ spec, want string }{
		{"esco:testdata/esco/not-esco", "skills_en.csv: not the expected file: its header lacks conceptUri, preferredLabel"},
		{"esco:testdata/esco/two-langs", "choose one with esco:DIR?lang=xx"},
		{"esco:testdata/esco/esco-v1.1.1-mini?lang=fr", "no skills_fr.csv"},
		{"esco:testdata/esco/esco-v1.1.1-mini?lnag=de", `unknown option "lnag"`},
		{"esco:testdata/file", "no skills_XX.csv"},
		{"esco:testdata/esco/nosuch", "no such file"},
		{"esco:", "needs a directory"},
	} {
		_, err := Load(tc.spec)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Load(%q) error = %v, want it to contain %q", tc.spec, err, tc.want)
		}
	}
}

// TestLoadESCOShared loads the official ESCO v1.1.1 download from ../shared.
func TestLoadESCOShared(t *testing.T) {
	dir := testenv.Shared(t, "taxonomies/esco-v1.1.1")
	tax, rep, err := loadESCO(dir)
	if err != nil {
		t.Fatal(err)
	}
	st := tax.Stats()
	if st.Version != "esco-v1.1.1" || st.Skills != 13896 || st.Occupations != 3007 || rep.relationRows != 123855 {
		t.Errorf("version %s, %d skills, %d occupations, %d relation rows; want esco-v1.1.1, 13896, 3007, 123855",
			st.Version, st.Skills, st.Occupations, rep.relationRows)
	}
	// v1.1.1 has 67 relations for one occupation (.../a9e54177-...) that
	// occupations_en.csv lacks: they are reported, not attached.
	if st.OccSkill+67 != rep.relationRows || rep.unknownRelationOccs != 1 || len(tax.Problems()) != 1 {
		t.Errorf("%d links attached, %d unknown occupations, problems %v", st.OccSkill, rep.unknownRelationOccs, tax.Problems())
	}
	if st.ByType["language"] == 0 || st.ByType["soft"] == 0 || st.ByType["knowledge"] == 0 {
		t.Errorf("by type = %v", st.ByType)
	}
	// esco: alone gives pure ESCO IDs: every ID is the concept URI.
	for _, s := range tax.Skills() {
		if !strings.HasPrefix(s.ID, escoSkill) || s.ESCOURI() != s.ID {
			t.Fatalf("skill ID %q is not its ESCO concept URI (%v)", s.ID, s.URIs)
		}
	}
	for _, o := range tax.Occupations() {
		if !strings.HasPrefix(o.ID, escoOcc) {
			t.Fatalf("occupation ID %q is not an ESCO URI", o.ID)
		}
	}
	if got := tax.ByLabel("Python (computer programming)"); len(got) != 1 || !strings.HasPrefix(got[0].ID, escoSkill) {
		t.Errorf("Python look-up = %v", got)
	}
}

// BenchmarkLoadESCO loads ESCO v1.1.1 and reports, besides time and
// allocations: peak-heap-MB, the largest live heap sampled (every millisecond,
// runtime/metrics) while loading; live-heap-MB, the heap the loaded taxonomy
// keeps after a GC; and peak-rss-MB, the process's peak resident memory
// (Linux only; it includes the test binary).
func BenchmarkLoadESCO(b *testing.B) {
	dir := testenv.Shared(b, "taxonomies/esco-v1.1.1")
	b.ReportAllocs()
	var live, peak uint64
	for i := 0; i < b.N; i++ {
		stop := make(chan struct{})
		peakc := make(chan uint64)
		go func() { peakc <- samplePeakHeap(stop) }()
		tax, err := LoadESCO(dir)
		close(stop)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		peak = max(peak, <-peakc)
		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		live = max(live, ms.HeapAlloc)
		runtime.KeepAlive(tax)
		b.StartTimer()
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(live)/(1<<20), "live-heap-MB")
	if kb := peakRSSKB(); kb > 0 {
		b.ReportMetric(float64(kb)/1024, "peak-rss-MB")
	}
}

// samplePeakHeap samples the heap's object bytes until stop closes and
// returns the largest value seen.
func samplePeakHeap(stop <-chan struct{}) uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	t := time.NewTicker(time.Millisecond)
	defer t.Stop()
	for {
		metrics.Read(s)
		peak = max(peak, s[0].Value.Uint64())
		select {
		case <-stop:
			return peak
		case <-t.C:
		}
	}
}

// peakRSSKB returns VmHWM from /proc/self/status in kB, or 0 elsewhere.
func peakRSSKB() int {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return n
		}
	}
	return 0
}
