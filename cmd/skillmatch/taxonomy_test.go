package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/skillmatch/skillmatch/taxonomy"
)

// runCLI runs the root command with args, after resetting every flag of the
// taxonomy commands to its default (cobra keeps flag values between runs).
func runCLI(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var reset func(c *cobra.Command)
	reset = func(c *cobra.Command) {
		c.Flags().VisitAll(func(f *pflag.Flag) {
			f.Value.Set(f.DefValue)
			f.Changed = false
		})
		for _, sub := range c.Commands() {
			reset(sub)
		}
	}
	reset(rootCmd)
	var out bytes.Buffer
	rootCmd.SetOut(&out)
	rootCmd.SetArgs(args)
	err := rootCmd.Execute()
	return out.String(), err
}

const (
	fileFixture = "file:../../taxonomy/testdata/file/dir"
	layered     = "file:../../taxonomy/testdata/layer/skills_base.csv,onet:../../taxonomy/testdata/onet/onet-29.2-mini"
)

func TestTaxonomyStatsJSON(t *testing.T) {
	out, err := runCLI(t, "taxonomy", "stats", "--json", "--taxonomy", fileFixture)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, out)
	}
	tax, _ := taxonomy.Load(fileFixture)
	st := tax.Stats()
	for key, want := range map[string]any{"version": st.Version, "skills": float64(st.Skills),
		"surface_forms": float64(st.SurfaceForms), "occupations": float64(st.Occupations),
		"relations": float64(st.Relations), "problems": float64(len(tax.Problems()))} {
		if got[key] != want {
			t.Errorf("%s = %v, want %v", key, got[key], want)
		}
	}
	if bt, ok := got["by_type"].(map[string]any); !ok || bt["knowledge"] != float64(st.ByType["knowledge"]) {
		t.Errorf("by_type = %v", got["by_type"])
	}
}

func TestTaxonomyStatsText(t *testing.T) {
	out, err := runCLI(t, "taxonomy", "stats", "--taxonomy", layered)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"file-skills_base+onet-29.2", "skills ", "occupations ", "relations ", "by type "} {
		if !strings.Contains(out, want) {
			t.Errorf("stats output lacks %q:\n%s", want, out)
		}
	}
}

func TestTaxonomySearch(t *testing.T) {
	for _, tc := range []struct {
		query string
		want  []string // IDs in order, skills then occupations
	}{
		{"excel", []string{"excel"}},
		{"ms ex", []string{"excel"}},
		{"c", []string{"onet:tool:c", "onet:tool:c-sharp", "cpp", "programming", "onet:2.C.3.a"}}, // preferred-label prefix, shorter first
		{"software", []string{"onet:15-1252.00"}},
		{"RN", []string{"onet:29-1141.00"}},
		{"zzz", nil},
	} {
		out, err := runCLI(t, "taxonomy", "search", tc.query, "--json", "--taxonomy", layered)
		if err != nil {
			t.Fatal(err)
		}
		var hits []searchHit
		if err := json.Unmarshal([]byte(out), &hits); err != nil {
			t.Fatalf("%q: %v\n%s", tc.query, err, out)
		}
		var ids []string
		for _, h := range hits {
			ids = append(ids, h.ID)
		}
		if strings.Join(ids, " ") != strings.Join(tc.want, " ") {
			t.Errorf("search %q = %v, want %v", tc.query, ids, tc.want)
		}
	}
}

func TestTaxonomyShow(t *testing.T) {
	out, err := runCLI(t, "taxonomy", "show", "excel", "--taxonomy", layered)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"label        Excel", "Excel [ambiguous]", "onet:commodity:43232110",
		"occupations (2):", "onet:15-1252.00  Software Developers  (essential)", "onet:29-1141.00  Registered Nurses  (optional)"} {
		if !strings.Contains(out, want) {
			t.Errorf("show excel lacks %q:\n%s", want, out)
		}
	}
	out, err = runCLI(t, "taxonomy", "show", "onet:15-1252.00", "--json", "--taxonomy", layered)
	if err != nil {
		t.Fatal(err)
	}
	var occ struct {
		Title     string `json:"title"`
		Essential []ref  `json:"essential_skills"`
	}
	if err := json.Unmarshal([]byte(out), &occ); err != nil || occ.Title != "Software Developers" || len(occ.Essential) != 5 {
		t.Errorf("show occupation json = %+v (%v)\n%s", occ, err, out)
	}
	_, err = runCLI(t, "taxonomy", "show", "Microsoft Excel", "--taxonomy", layered)
	if err == nil || !strings.Contains(err.Error(), `no skill or occupation with ID "Microsoft Excel"`) || !strings.Contains(err.Error(), "skill excel (Excel)") {
		t.Errorf("unknown ID error = %v", err)
	}
}

func TestTaxonomyExportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	if _, err := runCLI(t, "taxonomy", "export", "--format", "csv", "--out", dir, "--taxonomy", layered); err != nil {
		t.Fatal(err)
	}
	jsonPath := filepath.Join(t.TempDir(), "tax.json")
	if _, err := runCLI(t, "taxonomy", "export", "--format", "json", "--out", jsonPath, "--taxonomy", layered); err != nil {
		t.Fatal(err)
	}
	orig, _ := taxonomy.Load(layered)
	for _, spec := range []string{"file:" + dir, "file:" + jsonPath} {
		back, err := taxonomy.Load(spec)
		if err != nil {
			t.Fatal(err)
		}
		if back.Version != orig.Version || len(back.Problems()) != 0 || back.Stats().Relations != orig.Stats().Relations ||
			back.Stats().SurfaceForms != orig.Stats().SurfaceForms || len(back.Skills()) != len(orig.Skills()) {
			t.Errorf("%s: %+v problems %v, want %+v", spec, back.Stats(), back.Problems(), orig.Stats())
		}
	}
	if _, err := runCLI(t, "taxonomy", "export", "--format", "csv"); err == nil || !strings.Contains(err.Error(), "--out DIR") {
		t.Errorf("csv without --out: %v", err)
	}
	if _, err := runCLI(t, "taxonomy", "export", "--format", "xml"); err == nil {
		t.Error("--format xml accepted")
	}
}

func TestTaxonomyValidate(t *testing.T) {
	out, err := runCLI(t, "taxonomy", "validate", "--taxonomy", fileFixture)
	if err == nil || !strings.Contains(err.Error(), "9 problem(s)") {
		t.Errorf("validate error = %v", err)
	}
	if !strings.Contains(out, "skills_data.csv:7:") || strings.Count(out, "\n") != 9 {
		t.Errorf("validate output:\n%s", out)
	}
	clean := filepath.Join(t.TempDir(), "skills_x.csv")
	os.WriteFile(clean, []byte("id,label,aliases\na,Alpha,shared\nb,Beta,shared\n"), 0o644)
	out, err = runCLI(t, "taxonomy", "validate", "--taxonomy", "file:"+clean)
	if err != nil || !strings.Contains(out, "no problems") {
		t.Errorf("clean file: %v\n%s", err, out)
	}
	out, err = runCLI(t, "taxonomy", "validate", "--strict", "--taxonomy", "file:"+clean)
	if err == nil || !strings.Contains(out, `surface form "shared" belongs to a, b`) {
		t.Errorf("--strict: %v\n%s", err, out)
	}
}
