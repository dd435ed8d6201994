package main

import (
	"strings"
	"testing"
)

func TestBenchCommandSmall(t *testing.T) {
	spec := ingestTestTaxonomy(t)
	out, err := runCmd(t, benchCmd(), "", "--taxonomy", spec, "--postings", "150", "--credentials", "20", "--queries", "8", "--data", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"150 synthetic postings", "ingest:  150 postings", "bare:    150 postings", "reopen:", "demand:  8 queries", "match:   8 queries over 20 credentials"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if _, err := runCmd(t, benchCmd(), "", "--postings", "0"); err == nil {
		t.Error("--postings 0 accepted")
	}
}
