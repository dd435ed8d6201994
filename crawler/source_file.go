package crawler

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/skillmatch/skillmatch"
)

func init() { Register("file", newFileSource) }

// fileSource reads a local .jsonl/.ndjson/.json or .csv file of postings or
// credentials. Without a column mapping a JSON line is read in the
// skillmatch record format itself; with one (or for CSV, whose header names
// the columns) each record field is taken from the mapped column (default:
// the field's own name). Bad lines are counted and skipped with their line
// number; good lines are never lost.
type fileSource struct {
	path    string
	kind    string // postings or credentials
	columns map[string]string
}

func newFileSource(spec SourceSpec) (Source, error) {
	s := &fileSource{path: spec.URL, kind: strings.ToLower(spec.Kind), columns: spec.Columns}
	switch s.kind {
	case "", "posting", "postings":
		s.kind = "postings"
		if spec.Kind == "" && strings.Contains(strings.ToLower(filepath.Base(s.path)), "credential") {
			s.kind = "credentials"
		}
	case "credential", "credentials", "course", "courses":
		s.kind = "credentials"
	default:
		return nil, fmt.Errorf("file: kind %q: want postings or credentials", spec.Kind)
	}
	return s, nil
}

func (s *fileSource) Seeds() ([]Request, error)                        { return nil, nil }
func (s *fileSource) Handle(context.Context, *Response, *Output) error { return nil }

// Local reads the whole file.
func (s *fileSource) Local(ctx context.Context, out *Output) error {
	f, err := os.Open(s.path)
	if err != nil {
		return fmt.Errorf("file: %w", err)
	}
	defer f.Close()
	name := filepath.Base(s.path)
	if strings.HasSuffix(strings.ToLower(s.path), ".csv") {
		return s.readCSV(ctx, f, name, out)
	}
	return s.readJSONL(ctx, f, name, out)
}

func (s *fileSource) readJSONL(ctx context.Context, r io.Reader, name string, out *Output) error {
	br := bufio.NewReader(r)
	for n := 1; ; n++ {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		line, err := br.ReadBytes('\n')
		if len(strings.TrimSpace(string(line))) > 0 {
			if rec, perr := s.jsonRecord(line, name, n); perr != nil {
				out.Problem("file_bad_line", fmt.Errorf("%s:%d: %w", name, n, perr))
			} else {
				out.Emit(rec)
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s:%d: %w", name, n, err)
		}
	}
}

func (s *fileSource) jsonRecord(line []byte, name string, n int) (Record, error) {
	if len(s.columns) == 0 {
		if s.kind == "postings" {
			var p skillmatch.Posting
			if err := json.Unmarshal(line, &p); err != nil {
				return Record{}, err
			}
			return s.finishPosting(&p, name)
		}
		var c skillmatch.Credential
		if err := json.Unmarshal(line, &c); err != nil {
			return Record{}, err
		}
		return s.finishCredential(&c, name)
	}
	var m map[string]any
	if err := json.Unmarshal(line, &m); err != nil {
		return Record{}, err
	}
	get := func(field string) any {
		col := field
		if c, ok := s.columns[field]; ok {
			col = c
		}
		return m[col]
	}
	return s.flatRecord(get, name)
}

func (s *fileSource) readCSV(ctx context.Context, r io.Reader, name string, out *Output) error {
	cr := csv.NewReader(bufio.NewReader(r))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return fmt.Errorf("%s:1: header: %w", name, err)
	}
	idx := map[string]int{}
	for i, h := range header {
		idx[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	for n := 2; ; n++ {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			out.Problem("file_bad_line", fmt.Errorf("%s:%d: %w", name, n, err))
			continue
		}
		get := func(field string) any {
			col := field
			if c, ok := s.columns[field]; ok {
				col = c
			}
			if i, ok := idx[col]; ok && i < len(row) {
				return row[i]
			}
			return nil
		}
		rec, perr := s.flatRecord(get, name)
		if perr != nil {
			out.Problem("file_bad_line", fmt.Errorf("%s:%d: %w", name, n, perr))
			continue
		}
		out.Emit(rec)
	}
}

// list splits "a|b|c" (or an array) into values.
func list(v any) []string {
	if arr, ok := v.([]any); ok {
		return strs(arr)
	}
	var out []string
	for _, p := range strings.Split(str(v), "|") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func boolOf(v any) bool {
	if b, ok := v.(bool); ok {
		return b
	}
	b, _ := strconv.ParseBool(strings.ToLower(str(v)))
	return b || strings.EqualFold(str(v), "yes")
}

func numOf(v any) float64 { f, _ := number(v); return f }

// flatRecord builds a record from flat fields.
func (s *fileSource) flatRecord(get func(string) any, name string) (Record, error) {
	if s.kind == "postings" {
		p := &skillmatch.Posting{
			ID:                   str(get("id")),
			URL:                  str(get("url")),
			Title:                str(get("title")),
			Organization:         skillmatch.Organization{Name: str(get("organization")), URL: str(get("organization_url"))},
			DatePosted:           parseDate(str(get("date_posted"))),
			ValidThrough:         parseDate(str(get("valid_through"))),
			OccupationalCategory: str(get("occupational_category")),
			Description:          descText(str(get("description"))),
			DeclaredSkills:       list(get("declared_skills")),
		}
		if loc := str(get("location")); loc != "" {
			p.Location = placeLocation(loc)
		}
		if v := str(get("locality")); v != "" {
			p.Location.Locality = v
		}
		if v := str(get("region")); v != "" {
			p.Location.Region = v
		}
		if v := str(get("country")); v != "" {
			p.Location.Country = countryCode(v)
		}
		if boolOf(get("remote")) {
			p.Location.Remote = true
		}
		for _, e := range list(get("employment_type")) {
			p.EmploymentType = append(p.EmploymentType, strings.ToUpper(e))
		}
		if mn, mx := numOf(get("salary_min")), numOf(get("salary_max")); mn > 0 || mx > 0 {
			p.Salary = &skillmatch.Salary{Min: mn, Max: mx, Currency: strings.ToUpper(str(get("salary_currency"))), Period: periodOf(str(get("salary_period")))}
		}
		return s.finishPosting(p, name)
	}
	c := &skillmatch.Credential{
		ID:               str(get("id")),
		URL:              str(get("url")),
		Title:            str(get("title")),
		Provider:         skillmatch.Organization{Name: str(get("provider")), URL: str(get("provider_url"))},
		Type:             skillmatch.CredentialType(strings.ToLower(str(get("type")))),
		Description:      descText(str(get("description"))),
		LearningOutcomes: list(get("learning_outcomes")),
		Price:            numOf(get("price")),
		Currency:         strings.ToUpper(str(get("currency"))),
		Mode:             strings.ToLower(str(get("mode"))),
		SelfPaced:        boolOf(get("self_paced")),
		Level:            normLevel(str(get("level"))),
		Language:         str(get("language")),
		Rating:           numOf(get("rating")),
		ReviewCount:      int(numOf(get("review_count"))),
		Enrollment:       int(numOf(get("enrollment"))),
		CompletionRate:   numOf(get("completion_rate")),
		Prerequisites:    list(get("prerequisites")),
		HandsOn:          boolOf(get("hands_on")),
		Mentor:           boolOf(get("mentor")),
		Hours:            numOf(get("hours")),
	}
	if c.Hours == 0 {
		c.Hours, _ = ParseHours(str(get("duration")))
	}
	for _, sk := range list(get("declared_skills")) {
		d := skillmatch.DeclaredSkill{Name: sk}
		if strings.HasPrefix(sk, "http://") || strings.HasPrefix(sk, "https://") {
			d = skillmatch.DeclaredSkill{URI: sk}
		}
		c.DeclaredSkills = append(c.DeclaredSkills, d)
	}
	return s.finishCredential(c, name)
}

func (s *fileSource) finishPosting(p *skillmatch.Posting, name string) (Record, error) {
	if strings.TrimSpace(p.Title) == "" {
		return Record{}, errors.New("posting without title")
	}
	if p.ID == "" && p.URL == "" {
		p.ID = "file:" + name + ":" + sha(p.Title, p.Organization.Name, p.Description)[:16]
	}
	return Record{Posting: p}, nil
}

func (s *fileSource) finishCredential(c *skillmatch.Credential, name string) (Record, error) {
	if strings.TrimSpace(c.Title) == "" {
		return Record{}, errors.New("credential without title")
	}
	if c.Type == "" {
		c.Type = skillmatch.CredentialCourse
	}
	if c.ID == "" && c.URL == "" {
		c.ID = "file:" + name + ":" + sha(c.Title, c.Provider.Name, c.Description)[:16]
	}
	return Record{Credential: c}, nil
}
