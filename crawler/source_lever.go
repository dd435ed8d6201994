package crawler

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/skillmatch/skillmatch"
)

func init() { Register("lever", newLeverSource) }

// leverSource reads the Lever postings API,
// GET https://api.lever.co/v0/postings/{company}?mode=json&skip=N&limit=M,
// paging until a page shorter than the limit. The spec URL is a company
// name or a full API URL.
type leverSource struct {
	api     *url.URL
	company string
	org     string
	limit   int
}

func newLeverSource(spec SourceSpec) (Source, error) {
	s := &leverSource{org: spec.Organization, limit: spec.PageSize}
	if s.limit <= 0 {
		s.limit = 100
	}
	raw := spec.URL
	if !strings.HasPrefix(raw, "http://") && !strings.HasPrefix(raw, "https://") {
		s.company = strings.TrimSpace(raw)
		raw = "https://api.lever.co/v0/postings/" + url.PathEscape(s.company)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("lever: %w", err)
	}
	if s.company == "" {
		parts := strings.Split(strings.Trim(u.Path, "/"), "/")
		s.company = parts[len(parts)-1]
	}
	if s.org == "" {
		s.org = s.company
	}
	s.api = u
	return s, nil
}

func (s *leverSource) page(skip int) string {
	u := *s.api
	q := u.Query()
	q.Set("mode", "json")
	q.Set("skip", strconv.Itoa(skip))
	q.Set("limit", strconv.Itoa(s.limit))
	u.RawQuery = q.Encode()
	return u.String()
}

func (s *leverSource) Seeds() ([]Request, error) {
	return []Request{{URL: s.page(0), Kind: "postings"}}, nil
}

type leverPosting struct {
	ID         string `json:"id"`
	Text       string `json:"text"`
	Categories struct {
		Location     string   `json:"location"`
		Commitment   string   `json:"commitment"`
		Team         string   `json:"team"`
		Department   string   `json:"department"`
		AllLocations []string `json:"allLocations"`
	} `json:"categories"`
	Country          string `json:"country"`
	CreatedAt        int64  `json:"createdAt"`
	DescriptionPlain string `json:"descriptionPlain"`
	Description      string `json:"description"`
	Lists            []struct {
		Text    string `json:"text"`
		Content string `json:"content"`
	} `json:"lists"`
	Additional      string `json:"additional"`
	AdditionalPlain string `json:"additionalPlain"`
	HostedURL       string `json:"hostedUrl"`
	WorkplaceType   string `json:"workplaceType"`
	SalaryRange     *struct {
		Currency string  `json:"currency"`
		Interval string  `json:"interval"`
		Min      float64 `json:"min"`
		Max      float64 `json:"max"`
	} `json:"salaryRange"`
}

func (s *leverSource) Handle(ctx context.Context, res *Response, out *Output) error {
	var posts []leverPosting
	if err := json.Unmarshal(res.Body, &posts); err != nil {
		return fmt.Errorf("lever: %w", err)
	}
	for _, lp := range posts {
		if lp.ID == "" || strings.TrimSpace(lp.Text) == "" {
			out.Problem("lever_bad_posting", fmt.Errorf("%s: posting without id or text", res.URL))
			continue
		}
		out.Emit(Record{Posting: s.posting(lp)})
	}
	if len(posts) >= s.limit {
		u, _ := url.Parse(res.Request.URL)
		skip, _ := strconv.Atoi(u.Query().Get("skip"))
		out.Follow(Request{URL: s.page(skip + len(posts)), Kind: "postings", Depth: res.Request.Depth})
	}
	return nil
}

func (s *leverSource) posting(lp leverPosting) *skillmatch.Posting {
	var parts []string
	if d := HTMLToText(lp.Description); d != "" {
		parts = append(parts, d)
	} else if lp.DescriptionPlain != "" {
		parts = append(parts, tidyLines(lp.DescriptionPlain))
	}
	// Each list keeps its heading ("Requirements", "Nice to have") as a line.
	for _, l := range lp.Lists {
		sec := strings.TrimSpace(HTMLToText(l.Text))
		items := HTMLToText("<ul>" + l.Content + "</ul>")
		parts = append(parts, strings.TrimSpace(sec+"\n"+items))
	}
	if a := HTMLToText(lp.Additional); a != "" {
		parts = append(parts, a)
	} else if lp.AdditionalPlain != "" {
		parts = append(parts, tidyLines(lp.AdditionalPlain))
	}
	p := &skillmatch.Posting{
		ID:           "lever:" + s.company + ":" + lp.ID,
		URL:          lp.HostedURL,
		Title:        strings.TrimSpace(lp.Text),
		Organization: skillmatch.Organization{Name: s.org},
		Location:     placeLocation(lp.Categories.Location),
		Description:  strings.Join(parts, "\n"),
	}
	if lp.Country != "" {
		p.Location.Country = countryCode(lp.Country)
	}
	if strings.EqualFold(lp.WorkplaceType, "remote") {
		p.Location.Remote = true
	}
	if lp.CreatedAt > 0 {
		p.DatePosted = time.UnixMilli(lp.CreatedAt).UTC()
	}
	if c := lp.Categories.Commitment; c != "" {
		p.EmploymentType = []string{strings.ToUpper(strings.ReplaceAll(strings.ReplaceAll(c, "-", "_"), " ", "_"))}
	}
	p.OccupationalCategory = lp.Categories.Team
	if p.OccupationalCategory == "" {
		p.OccupationalCategory = lp.Categories.Department
	}
	if sr := lp.SalaryRange; sr != nil && (sr.Min > 0 || sr.Max > 0) {
		p.Salary = &skillmatch.Salary{Min: sr.Min, Max: sr.Max, Currency: strings.ToUpper(sr.Currency), Period: periodOf(sr.Interval)}
	}
	return p
}
