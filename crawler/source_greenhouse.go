package crawler

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"strconv"
	"strings"

	"github.com/skillmatch/skillmatch"
)

func init() { Register("greenhouse", newGreenhouseSource) }

// greenhouseSource reads a Greenhouse job board:
// GET https://boards-api.greenhouse.io/v1/boards/{board}/jobs?content=true
// (no paging). The spec URL is a board token or a full API URL.
type greenhouseSource struct {
	api   string
	board string
	org   string
}

func newGreenhouseSource(spec SourceSpec) (Source, error) {
	s := &greenhouseSource{org: spec.Organization}
	if strings.HasPrefix(spec.URL, "http://") || strings.HasPrefix(spec.URL, "https://") {
		u, err := url.Parse(spec.URL)
		if err != nil {
			return nil, fmt.Errorf("greenhouse: %w", err)
		}
		q := u.Query()
		q.Set("content", "true")
		u.RawQuery = q.Encode()
		s.api = u.String()
		parts := strings.Split(strings.Trim(u.Path, "/"), "/")
		for i, p := range parts {
			if p == "boards" && i+1 < len(parts) {
				s.board = parts[i+1]
			}
		}
	} else {
		s.board = strings.TrimSpace(spec.URL)
		s.api = "https://boards-api.greenhouse.io/v1/boards/" + url.PathEscape(s.board) + "/jobs?content=true"
	}
	if s.org == "" {
		s.org = s.board
	}
	return s, nil
}

func (s *greenhouseSource) Seeds() ([]Request, error) {
	return []Request{{URL: s.api, Kind: "jobs"}}, nil
}

type ghJob struct {
	ID            json.Number `json:"id"`
	InternalJobID json.Number `json:"internal_job_id"`
	Title         string      `json:"title"`
	UpdatedAt     string      `json:"updated_at"`
	FirstPublish  string      `json:"first_published"`
	RequisitionID string      `json:"requisition_id"`
	Location      struct {
		Name string `json:"name"`
	} `json:"location"`
	AbsoluteURL string `json:"absolute_url"`
	Content     string `json:"content"`
	Departments []struct {
		Name string `json:"name"`
	} `json:"departments"`
	Offices []struct {
		Name     string `json:"name"`
		Location string `json:"location"`
	} `json:"offices"`
	Metadata []struct {
		Name  string `json:"name"`
		Value any    `json:"value"`
	} `json:"metadata"`
}

func (s *greenhouseSource) Handle(ctx context.Context, res *Response, out *Output) error {
	var doc struct {
		Jobs []ghJob `json:"jobs"`
	}
	if err := json.Unmarshal(res.Body, &doc); err != nil {
		return fmt.Errorf("greenhouse: %w", err)
	}
	for _, j := range doc.Jobs {
		p := &skillmatch.Posting{
			ID:           "greenhouse:" + s.board + ":" + j.ID.String(),
			URL:          j.AbsoluteURL,
			Title:        strings.TrimSpace(html.UnescapeString(j.Title)),
			Organization: skillmatch.Organization{Name: s.org},
			Location:     placeLocation(j.Location.Name),
			// Greenhouse content is entity-escaped HTML: unescape, then render.
			Description: HTMLToText(html.UnescapeString(j.Content)),
			DatePosted:  parseDate(j.FirstPublish),
		}
		if p.DatePosted.IsZero() {
			p.DatePosted = parseDate(j.UpdatedAt)
		}
		if len(j.Departments) > 0 && j.Departments[0].Name != "" {
			p.OccupationalCategory = j.Departments[0].Name
		}
		for _, m := range j.Metadata {
			name := strings.ToLower(m.Name)
			val := str(m.Value)
			switch {
			case val == "":
			case strings.Contains(name, "employment type") || strings.Contains(name, "job type"):
				p.EmploymentType = append(p.EmploymentType, strings.ToUpper(strings.NewReplacer(" ", "_", "-", "_").Replace(val)))
			case strings.Contains(name, "skill"):
				p.DeclaredSkills = append(p.DeclaredSkills, strs(m.Value)...)
			case strings.Contains(name, "salary") || strings.Contains(name, "compensation"):
				if mm, ok := m.Value.(map[string]any); ok {
					sal := &skillmatch.Salary{Currency: strings.ToUpper(str(mm["unit"]))}
					sal.Min, _ = number(mm["min_value"])
					sal.Max, _ = number(mm["max_value"])
					if sal.Min > 0 || sal.Max > 0 {
						p.Salary = sal
					}
				}
			}
		}
		if _, err := strconv.ParseInt(j.ID.String(), 10, 64); err != nil || p.Title == "" {
			out.Problem("greenhouse_bad_job", fmt.Errorf("%s: job without id or title", res.URL))
			continue
		}
		out.Emit(Record{Posting: p})
	}
	return nil
}
