package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// extractTestTaxonomy writes a small skills CSV and returns its file: spec.
func extractTestTaxonomy(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "skills_test.csv")
	csv := "id,label,type,category,aliases,ambiguous,case_sensitive,broader\n" +
		"programming,computer programming,skill,,coding,,,\n" +
		"python,Python,tool,programming language,,,,programming\n" +
		"sql,SQL,tool,database,,,,\n" +
		"go,Go,tool,programming language,Golang,Go,Go,programming\n"
	if err := os.WriteFile(p, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	return "file:" + p
}

func runExtract(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	cmd := extractCmd()
	cmd.SetArgs(args)
	cmd.SetIn(strings.NewReader(stdin))
	cmd.SetOut(&out)
	cmd.SetErr(&bytes.Buffer{})
	err := cmd.Execute()
	return out.String(), err
}

func TestExtractJSONLOrderAndErrors(t *testing.T) {
	spec := extractTestTaxonomy(t)
	var in strings.Builder
	const n = 200
	for i := 0; i < n; i++ {
		switch {
		case i == 7:
			in.WriteString("{not json\n")
		case i%3 == 0:
			fmt.Fprintf(&in, `{"id":"p%d","text":"Python and SQL, %d","source":"x"}`+"\n", i, i)
		default:
			fmt.Fprintf(&in, `{"id":%d,"text":"<p>Go, Python</p>","html":true}`+"\n", i)
		}
	}
	out, err := runExtract(t, in.String(), "--taxonomy", spec, "--format", "jsonl", "--workers", "4", "--min-confidence", "0.3")
	if err == nil || !strings.Contains(err.Error(), "1 lines could not be read") {
		t.Fatalf("want an error naming the bad line, got %v", err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != n {
		t.Fatalf("%d output lines, want %d", len(lines), n)
	}
	for i, l := range lines {
		var o struct {
			ID       json.RawMessage `json:"id"`
			Mentions []struct {
				SkillID    string `json:"skill_id"`
				Start, End int
			} `json:"mentions"`
			Error string `json:"error"`
		}
		if err := json.Unmarshal([]byte(l), &o); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		switch {
		case i == 7:
			if o.Error == "" || string(o.ID) != "8" {
				t.Errorf("bad line: %s", l)
			}
		case i%3 == 0:
			if string(o.ID) != fmt.Sprintf(`"p%d"`, i) || len(o.Mentions) != 2 || o.Mentions[1].SkillID != "sql" {
				t.Errorf("line %d out of order or wrong: %s", i+1, l)
			}
		default:
			if string(o.ID) != fmt.Sprint(i) || len(o.Mentions) != 2 || o.Mentions[0].SkillID != "go" || o.Mentions[0].Start != 3 {
				t.Errorf("line %d out of order or wrong: %s", i+1, l)
			}
		}
	}
}

func TestExtractTextTableAndJSON(t *testing.T) {
	spec := extractTestTaxonomy(t)
	out, err := runExtract(t, "Requirements:\n5+ years of Python\n", "--taxonomy", spec)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "python") || !strings.Contains(out, "requirements") || !strings.Contains(out, "programming") {
		t.Errorf("table lacks the mention, its section or the implied skill:\n%s", out)
	}
	out, err = runExtract(t, "<ul><li>Golang</li></ul>", "--taxonomy", spec, "--format", "html", "--json", "--min-confidence", "0.3")
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Mentions []struct {
			SkillID    string `json:"skill_id"`
			Start, End int
		} `json:"mentions"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Mentions) != 1 || res.Mentions[0].SkillID != "go" || res.Mentions[0].Start != 8 || res.Mentions[0].End != 14 {
		t.Errorf("html mention = %+v", res.Mentions)
	}
	if _, err := runExtract(t, "x", "--taxonomy", spec, "--format", "pdf"); err == nil {
		t.Error("unknown format accepted")
	}
	if _, err := runExtract(t, "x", "--taxonomy", spec, "--occupation", "nope"); err == nil {
		t.Error("unknown occupation accepted")
	}
}
