package main

import (
	"bytes"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const (
	escoMini = "../../testdata/esco/esco-v1.1.1-mini"
	skill    = "http://data.europa.eu/esco/skill/"
)

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func copyFixtures(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, n := range []string{"skills_a.csv", "skills_b.csv"} {
		data, err := os.ReadFile(filepath.Join("testdata", n))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, n), data, 0o644)
	}
	return dir
}

func TestStripQualifier(t *testing.T) {
	for in, want := range map[string]string{
		"Python (computer programming)": "Python",
		"R (statistics) ":               "R",
		"(just a qualifier)":            "(just a qualifier)",
		"use spreadsheets software":     "use spreadsheets software",
		"C++ (language) (old)":          "C++ (language)",
	} {
		if got := stripQualifier(in); got != want {
			t.Errorf("stripQualifier(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRun(t *testing.T) {
	dir := copyFixtures(t)
	before := readCSV(t, filepath.Join(dir, "skills_a.csv"))
	var log strings.Builder
	sum, err := run(escoMini, dir, true, &log)
	if err != nil {
		t.Fatal(err)
	}
	if want := (summary{skills: 9, linked: 4, already: 1, ambiguous: 1, none: 3}); sum != want {
		t.Errorf("summary = %+v, want %+v\n%s", sum, want, log.String())
	}
	raw, _ := os.ReadFile(filepath.Join(dir, "skills_a.csv"))
	if !bytes.HasPrefix(raw, []byte("\ufeffid,label,type,aliases,uris,description\r\n")) {
		t.Errorf("BOM, CRLF or the new uris column lost: %q", raw[:60])
	}
	after := readCSV(t, filepath.Join(dir, "skills_a.csv"))
	// sheets: Excel is only an alternative label of spreadsheets, which links nothing.
	wantURIs := map[string]string{"python": skill + "python", "prog": skill + "programming",
		"sheets": "", "mixed": "", "nomatch": "", "short": skill + "teamwork",
		"precise": skill + "spreadsheets"}
	for i, row := range after[1:] {
		if got := row[4]; got != wantURIs[row[0]] {
			t.Errorf("%s: uris = %q, want %q", row[0], got, wantURIs[row[0]])
		}
		// Every other cell is unchanged.
		orig := before[i+1]
		rest := append(append([]string(nil), row[:4]...), row[5:]...)
		if len(orig) < len(rest) { // the short row was padded to hold its URI
			rest = rest[:len(orig)]
		}
		if !reflect.DeepEqual(rest, orig) {
			t.Errorf("row %d changed beyond uris: %q -> %q", i+2, orig, row)
		}
	}
	b := readCSV(t, filepath.Join(dir, "skills_b.csv"))
	// German is only an alternative label of "speak German": no link.
	if b[1][2] != "onet:element:x" || b[2][2] != skill+"custom-curated" {
		t.Errorf("skills_b = %q", b)
	}
	if !strings.Contains(log.String(), "skills_a.csv:6: Programming: 2 ESCO concepts match") {
		t.Errorf("log lacks the ambiguous skill:\n%s", log.String())
	}

	// A second run changes nothing.
	first, _ := os.ReadFile(filepath.Join(dir, "skills_a.csv"))
	sum, err = run(escoMini, dir, true, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	second, _ := os.ReadFile(filepath.Join(dir, "skills_a.csv"))
	if !bytes.Equal(first, second) || sum.linked != 0 || sum.already != 5 {
		t.Errorf("second run: %+v, file changed: %v", sum, !bytes.Equal(first, second))
	}
}

func TestRunDryAndErrors(t *testing.T) {
	dir := copyFixtures(t)
	orig, _ := os.ReadFile(filepath.Join(dir, "skills_a.csv"))
	if sum, err := run(escoMini, dir, false, io.Discard); err != nil || sum.linked != 4 {
		t.Fatalf("dry run: %+v %v", sum, err)
	}
	if now, _ := os.ReadFile(filepath.Join(dir, "skills_a.csv")); !bytes.Equal(orig, now) {
		t.Error("a dry run changed the file")
	}
	if _, err := run(escoMini, t.TempDir(), true, io.Discard); err == nil || !strings.Contains(err.Error(), "no skills*.csv") {
		t.Errorf("empty dir: %v", err)
	}
	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, "skills_x.csv"), []byte("name,value\na,b\n"), 0o644)
	if _, err := run(escoMini, bad, true, io.Discard); err == nil || !strings.Contains(err.Error(), "needs id and label") {
		t.Errorf("bad header: %v", err)
	}
}

// TestAmbiguousAliasNotCompared checks that an alias the skill flags
// ambiguous does not link it, while the same alias unflagged does.
func TestAmbiguousAliasNotCompared(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "skills_c.csv"), []byte("id,label,aliases,ambiguous,uris\n"+
		"flagged,Snake language,Python,Python,\n"+
		"plain,Snake language two,Python,,\n"), 0o644)
	sum, err := run(escoMini, dir, true, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if sum.linked != 1 || sum.none != 1 {
		t.Errorf("summary = %+v, want 1 linked and 1 without a match", sum)
	}
	rows := readCSV(t, filepath.Join(dir, "skills_c.csv"))
	if rows[1][4] != "" || rows[2][4] != skill+"python" {
		t.Errorf("uris = %q, %q; want none for the flagged alias, python for the plain one", rows[1][4], rows[2][4])
	}
}
