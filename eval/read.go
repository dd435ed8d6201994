// Package eval scores skill extraction against labeled JSONL files: span
// files (strict and overlap P/R/F1), ESCO-linked sentences (micro P/R/F1 and
// R-Precision@5) and soft-skill candidates (P/R/F1 and accuracy), plus speed.
//
// It imports the root domain package and extract only; never index, match,
// api or anything above them.
package eval

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"
)

// Kind is the format of a gold file.
type Kind string

// The gold formats. See docs/eval.md for their fields.
const (
	// KindSpan: {"text", "skills": [{"start","end","surface","type": "Skill"|"Knowledge"}]}.
	KindSpan Kind = "span"
	// KindESCO: {"text", "esco_uris": [...], "skills": [{"start","end","esco_uri"}]}.
	KindESCO Kind = "esco"
	// KindSoft: {"text", "candidate": {"start","end"}, "is_soft_skill": 0|1}.
	KindSoft Kind = "sayfullina"
)

// ParseKind accepts "", "auto", "span", "esco" and "sayfullina" (or "soft").
// The empty kind means: detect from the fields of the rows.
func ParseKind(s string) (Kind, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return "", nil
	case "span", "skillspan":
		return KindSpan, nil
	case "esco", "decorte":
		return KindESCO, nil
	case "sayfullina", "soft":
		return KindSoft, nil
	}
	return "", fmt.Errorf("unknown gold kind %q (want span, esco or sayfullina)", s)
}

// Span is a labeled stretch of an item's text. Offsets are Unicode code
// points, end-exclusive.
type Span struct {
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Surface string `json:"surface,omitempty"`
	Type    string `json:"type,omitempty"`  // span files: "Skill" or "Knowledge"
	URI     string `json:"uri,omitempty"`   // ESCO files: the concept, "" when none fits
	Label   string `json:"label,omitempty"` // ESCO files: the concept's label
}

// Item is one labeled sentence or snippet.
type Item struct {
	Line      int      // 1-based line in the file
	ID        string   // the row's id, or "line N"
	Text      string   // the text to extract from
	Split     string   // the row's split field, if any
	Group     string   // the row's posting_id, if any: rows of one posting
	Spans     []Span   // gold spans (span and ESCO files)
	URIs      []string // ESCO files: the gold concept URIs of the sentence
	Labels    []string // ESCO files: their labels, parallel to URIs when given
	Candidate Span     // sayfullina: the candidate span
	Soft      bool     // sayfullina: the candidate is a soft skill
}

// Dataset is a parsed gold file.
type Dataset struct {
	Name  string // file name or "-"
	Kind  Kind
	Items []Item
	// Skipped counts rows that cannot be scored and are left out: sayfullina
	// rows whose candidate is null (not located in the text).
	Skipped int
}

// HasPostings reports whether some rows carry a posting_id, so that they can
// be extracted in their posting's context (Options.Postings).
func (ds *Dataset) HasPostings() bool {
	for _, it := range ds.Items {
		if it.Group != "" {
			return true
		}
	}
	return false
}

type rawSpan struct {
	Start    *int    `json:"start"`
	End      *int    `json:"end"`
	Surface  string  `json:"surface"`
	Type     string  `json:"type"`
	ESCOURI  *string `json:"esco_uri"`
	ESCOName string  `json:"esco_label"`
}

type rawRow struct {
	ID         json.RawMessage `json:"id"`
	Text       *string         `json:"text"`
	Split      string          `json:"split"`
	PostingID  json.RawMessage `json:"posting_id"`
	Skills     []rawSpan       `json:"skills"`
	ESCOURIs   []string        `json:"esco_uris"`
	ESCOLabels []string        `json:"esco_labels"`
	Candidate  *rawSpan        `json:"candidate"`
	IsSoft     *int            `json:"is_soft_skill"`
}

// kindOf detects a row's format from its fields: is_soft_skill means
// sayfullina, esco_uris means ESCO, otherwise spans.
func (r *rawRow) kindOf() Kind {
	switch {
	case r.IsSoft != nil:
		return KindSoft
	case r.ESCOURIs != nil:
		return KindESCO
	}
	return KindSpan
}

// ReadFile reads the gold file at path ("-" for standard input).
// See Read for kind and split.
func ReadFile(path string, kind Kind, split string) (*Dataset, error) {
	var r io.Reader = os.Stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	ds, err := Read(r, kind, split)
	if err != nil {
		return nil, fmt.Errorf("%s:%w", path, err)
	}
	ds.Name = path
	return ds, nil
}

// Read parses JSONL gold rows. An empty kind is detected from the first row
// and every other row must agree. A non-empty split keeps only rows whose
// "split" field equals it. Blank lines are skipped; any malformed row, span
// outside its text or row of another format is an error naming its line.
func Read(r io.Reader, kind Kind, split string) (*Dataset, error) {
	ds := &Dataset{Kind: kind}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	line, total := 0, 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var row rawRow
		if err := json.Unmarshal(b, &row); err != nil {
			return nil, fmt.Errorf("%d: %w", line, err)
		}
		if row.Text == nil {
			return nil, fmt.Errorf("%d: row has no \"text\" field", line)
		}
		total++
		k := row.kindOf()
		if kind == "" && ds.Kind == "" {
			ds.Kind = k
		}
		if k != ds.Kind {
			if kind != "" {
				// A forced kind accepts any row whose fields it needs.
				if err := needs(ds.Kind, &row); err != nil {
					return nil, fmt.Errorf("%d: %w", line, err)
				}
			} else {
				return nil, fmt.Errorf("%d: row looks like %s but the file started as %s", line, k, ds.Kind)
			}
		}
		if split != "" && row.Split != split {
			continue
		}
		if ds.Kind == KindSoft && row.Candidate == nil && row.IsSoft != nil {
			ds.Skipped++
			continue
		}
		it, err := convert(&row, ds.Kind, line)
		if err != nil {
			return nil, fmt.Errorf("%d: %w", line, err)
		}
		ds.Items = append(ds.Items, it)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%d: %w", line+1, err)
	}
	if total == 0 {
		return nil, errors.New("no rows")
	}
	if len(ds.Items) == 0 && split != "" {
		return nil, fmt.Errorf("none of %d rows has split %q", total, split)
	}
	if len(ds.Items) == 0 {
		return nil, fmt.Errorf("none of %d rows can be scored", total)
	}
	return ds, nil
}

func needs(k Kind, r *rawRow) error {
	switch k {
	case KindSoft:
		if r.IsSoft == nil {
			return errors.New("sayfullina row needs \"candidate\" and \"is_soft_skill\"")
		}
	case KindESCO:
		if r.ESCOURIs == nil {
			return errors.New("ESCO row needs \"esco_uris\"")
		}
	}
	return nil
}

func convert(r *rawRow, k Kind, line int) (Item, error) {
	it := Item{Line: line, Text: *r.Text, Split: r.Split, ID: fmt.Sprintf("line %d", line)}
	if len(r.ID) > 0 && string(r.ID) != "null" {
		var s string
		if json.Unmarshal(r.ID, &s) == nil {
			it.ID = s
		} else {
			it.ID = string(r.ID)
		}
	}
	if len(r.PostingID) > 0 && string(r.PostingID) != "null" {
		var s string
		if json.Unmarshal(r.PostingID, &s) == nil {
			it.Group = s
		} else {
			it.Group = string(r.PostingID)
		}
	}
	n := utf8.RuneCountInString(it.Text)
	span := func(s *rawSpan, what string) (Span, error) {
		if s.Start == nil || s.End == nil {
			return Span{}, fmt.Errorf("%s without start/end", what)
		}
		if *s.Start < 0 || *s.Start >= *s.End || *s.End > n {
			return Span{}, fmt.Errorf("%s [%d,%d) outside the text's %d code points", what, *s.Start, *s.End, n)
		}
		sp := Span{Start: *s.Start, End: *s.End, Surface: s.Surface, Type: s.Type, Label: s.ESCOName}
		if s.ESCOURI != nil {
			sp.URI = *s.ESCOURI
		}
		return sp, nil
	}
	for i := range r.Skills {
		sp, err := span(&r.Skills[i], fmt.Sprintf("skills[%d]", i))
		if err != nil {
			return it, err
		}
		if k == KindSpan && sp.Type == "" {
			sp.Type = "Skill"
		}
		it.Spans = append(it.Spans, sp)
	}
	switch k {
	case KindESCO:
		seen := map[string]bool{}
		for i, u := range r.ESCOURIs {
			if u == "" || seen[u] {
				continue
			}
			seen[u] = true
			it.URIs = append(it.URIs, u)
			lab := ""
			if i < len(r.ESCOLabels) {
				lab = r.ESCOLabels[i]
			}
			it.Labels = append(it.Labels, lab)
		}
	case KindSoft:
		c, err := span(r.Candidate, "candidate")
		if err != nil {
			return it, err
		}
		it.Candidate = c
		it.Soft = *r.IsSoft != 0
	}
	return it, nil
}

// substr returns text[start:end] in code points, clamped.
func substr(text string, start, end int) string {
	i, from, to := 0, -1, len(text)
	for b := range text {
		if i == start {
			from = b
		}
		if i == end {
			to = b
			break
		}
		i++
	}
	if from < 0 {
		return ""
	}
	return text[from:to]
}
