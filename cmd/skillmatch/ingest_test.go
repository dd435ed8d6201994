package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/skillmatch/skillmatch/index"
)

// ingestTestTaxonomy writes a small skills and occupations CSV pair and
// returns its file: spec.
func ingestTestTaxonomy(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"skills_test.csv": "id,label,type\npython,Python,tool\nsql,SQL,tool\naccounting,accounting,knowledge\n",
		"occupations_test.csv": "id,title,alt_titles,code,sector,essential,optional,description\n" +
			"data-scientist,Data Scientist,ML Scientist,,,python|sql,,\n",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return "file:" + dir
}

func runCmd(t *testing.T, c *cobra.Command, stdin string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	c.SetArgs(args)
	c.SetIn(strings.NewReader(stdin))
	c.SetOut(&out)
	c.SetErr(&bytes.Buffer{})
	err := c.Execute()
	return out.String(), err
}

func TestIngestAndReindexCommands(t *testing.T) {
	spec := ingestTestTaxonomy(t)
	data := filepath.Join(t.TempDir(), "idx")
	in := filepath.Join(t.TempDir(), "mixed.jsonl")
	lines := []string{
		`{"id":"p1","source":"t","title":"Senior Data Scientist (m/f/d)","organization":{"name":"A"},"date_posted":"2025-03-01T00:00:00Z","description":"Requirements\n- 3+ years of experience with Python and SQL."}`,
		`{not json`,
		`{"id":"c1","title":"Python basics","provider":{"name":"Learn Co"},"type":"course","description":"Learn Python.","price":10,"hours":4}`,
		``,
		`{"title":"","description":""}`,
	}
	if err := os.WriteFile(in, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := runCmd(t, ingestCmd(), "", "--data", data, "--taxonomy", spec, in)
	if err == nil || !strings.Contains(err.Error(), "2 records or lines") {
		t.Fatalf("err = %v, want 2 failures reported", err)
	}
	for _, want := range []string{"postings:    1 added, 0 updated, 1 failed", "credentials: 1 added", in + ":2: not a JSON object", in + ":5 (id \"sha256:"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if got, _ := index.ReadTaxonomySpec(data); got != spec {
		t.Errorf("recorded spec = %q, want %q", got, spec)
	}
	// Again from stdin, without --taxonomy: the recorded spec is used and
	// records are updated, not duplicated.
	out, err = runCmd(t, ingestCmd(), lines[0]+"\n", "--data", data, "-")
	if err != nil || !strings.Contains(out, "postings:    0 added, 1 updated, 0 failed") {
		t.Fatalf("stdin re-ingest: %v\n%s", err, out)
	}
	out, err = runCmd(t, reindexCmd(), "", "--data", data)
	if err != nil || !strings.Contains(out, "reindexed 2 records") {
		t.Fatalf("reindex: %v\n%s", err, out)
	}
	ix, err := openData(t.Context(), data, "default", false, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	p, err := ix.Posting("p1")
	if err != nil || p.Occupation == nil || p.Occupation.ID != "data-scientist" || len(p.Skills) != 2 {
		t.Errorf("p1 after reopen = %+v, %v", p, err)
	}
}
