package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/skillmatch/skillmatch/corpus"
	"github.com/skillmatch/skillmatch/extract"
	"github.com/skillmatch/skillmatch/index"
	"github.com/skillmatch/skillmatch/taxonomy"
)

// readIndex builds an on-disk index of the first 120 sample postings and
// every sample credential, and returns its directory and the demand-bearing
// (posting, skill) pairs it holds.
func readIndex(t *testing.T) (string, int) {
	t.Helper()
	dir := t.TempDir()
	tax, err := taxonomy.Default()
	if err != nil {
		t.Fatal(err)
	}
	ex, err := extract.New(tax, extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(dir, ex, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ps, err := corpus.Postings()
	if err != nil || len(ps) < 120 {
		t.Skipf("sample corpus not available (%d postings, %v)", len(ps), err)
	}
	cs, _ := corpus.Credentials()
	if _, err := ix.AddPostings(context.Background(), ps[:120]); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.AddCredentials(context.Background(), cs); err != nil {
		t.Fatal(err)
	}
	pairs := 0
	for _, r := range ix.Snapshot().Rows() {
		pairs += len(r.Skills)
	}
	if err := index.WriteTaxonomySpec(dir, "default"); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	return dir, pairs
}

// runFresh runs a newly built command (no flag state left from other runs).
func runFresh(t *testing.T, cmd *cobra.Command, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SetArgs(args)
	err := cmd.Execute()
	return out.String(), err
}

func TestExportDemandCSV(t *testing.T) {
	dir, pairs := readIndex(t)
	outFile := filepath.Join(t.TempDir(), "demand.csv")
	if _, err := runFresh(t, exportCmd(), "--data", dir, "--what", "demand", "--format", "csv", "--out", outFile); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(outFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != strings.Join(demandColumns, ",") {
		t.Fatalf("header %v", rows[0])
	}
	sum := 0
	for _, r := range rows[1:] {
		n, _ := strconv.Atoi(r[2])
		c, _ := strconv.Atoi(r[5])
		if c < 1 || c > n || r[9] != taxonomy.DefaultVersion || r[10] != extract.Version {
			t.Fatalf("row %v", r)
		}
		sum += c
	}
	if sum != pairs {
		t.Errorf("demand cells add up to %d (posting, skill) pairs, the index has %d", sum, pairs)
	}
}

func TestExportPostingsAndMentions(t *testing.T) {
	dir, _ := readIndex(t)
	out, err := runFresh(t, exportCmd(), "--data", dir, "--what", "postings", "--format", "jsonl")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	seen := map[string]bool{}
	for _, l := range lines {
		var p struct {
			ID  string `json:"id"`
			Tax string `json:"taxonomy_version"`
		}
		if err := json.Unmarshal([]byte(l), &p); err != nil || p.Tax == "" {
			t.Fatalf("line %q: %v", l, err)
		}
		seen[p.ID] = true
	}
	if len(lines) != 120 || len(seen) != 120 {
		t.Errorf("%d lines, %d distinct IDs; want 120", len(lines), len(seen))
	}
	out, err = runFresh(t, exportCmd(), "--data", dir, "--what", "mentions")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) < 2 || strings.Join(recs[0], ",") != strings.Join(mentionColumns, ",") {
		t.Fatalf("mentions csv: %d rows, %v", len(recs), err)
	}
	for _, r := range recs[1:] {
		s, _ := strconv.Atoi(r[6])
		e, _ := strconv.Atoi(r[7])
		if e <= s || r[14] == "" {
			t.Fatalf("row %v", r)
		}
	}
}

func TestReadCommands(t *testing.T) {
	dir, _ := readIndex(t)
	out, err := runFresh(t, demandCmd(), "--data", dir, "--json", "--limit", "3")
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		N      int               `json:"n"`
		Skills []json.RawMessage `json:"skills"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil || d.N != 120 || len(d.Skills) != 3 {
		t.Fatalf("demand --json: n %d, %d skills, %v", d.N, len(d.Skills), err)
	}
	if out, err = runFresh(t, demandCmd(), "--data", dir, "--limit", "3"); err != nil || !strings.Contains(out, "n = 120 postings") || !strings.Contains(out, "SHARE") {
		t.Errorf("demand table: %v\n%s", err, out)
	}
	if out, err = runFresh(t, gapsCmd(), "--data", dir); err != nil || !strings.Contains(out, "CREDENTIALS") {
		t.Errorf("gaps (providers): %v\n%s", err, out)
	}
	if out, err = runFresh(t, searchCmd(), "--data", dir, "--limit", "2", "--json"); err != nil || !strings.Contains(out, `"total": 120`) {
		t.Errorf("search: %v\n%.300s", err, out)
	}
	for _, tc := range []struct {
		cmd  *cobra.Command
		args []string
		want string
	}{
		{demandCmd(), []string{"--data", dir, "--from", "last year"}, "not a date"},
		{demandCmd(), []string{"--data", filepath.Join(dir, "missing")}, "no index there"},
		{demandCmd(), []string{"--data", dir, "--occupation", "astronaut"}, "not found"},
		{trendsCmd(), []string{"--data", dir}, "--skill"},
		{trendsCmd(), []string{"--data", dir, "--skill", "python", "--interval", "week"}, "interval"},
		{matchCmd(), []string{"--data", dir}, "--role"},
		{matchCmd(), []string{"--data", dir, "--role", "nurse", "--mode", "telepathy"}, "--mode"},
		{exportCmd(), []string{"--data", dir, "--what", "everything"}, "--what"},
		{exportCmd(), []string{"--data", dir, "--format", "xlsx"}, "--format"},
	} {
		if _, err := runFresh(t, tc.cmd, tc.args...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s %v: err %v, want it to mention %q", tc.cmd.Name(), tc.args, err, tc.want)
		}
	}
}
