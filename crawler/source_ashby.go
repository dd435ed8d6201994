package crawler

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/skillmatch/skillmatch"
)

func init() { Register("ashby", newAshbySource) }

// ashbySource reads the Ashby public job board API,
// GET https://api.ashbyhq.com/posting-api/job-board/{board}?includeCompensation=true.
// The spec URL is a board name or a full API URL.
type ashbySource struct {
	api   string
	board string
	org   string
}

func newAshbySource(spec SourceSpec) (Source, error) {
	s := &ashbySource{org: spec.Organization}
	raw := spec.URL
	if !strings.HasPrefix(raw, "http://") && !strings.HasPrefix(raw, "https://") {
		s.board = strings.TrimSpace(raw)
		raw = "https://api.ashbyhq.com/posting-api/job-board/" + url.PathEscape(s.board)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("ashby: %w", err)
	}
	if s.board == "" {
		parts := strings.Split(strings.Trim(u.Path, "/"), "/")
		s.board = parts[len(parts)-1]
	}
	q := u.Query()
	q.Set("includeCompensation", "true")
	u.RawQuery = q.Encode()
	s.api = u.String()
	if s.org == "" {
		s.org = s.board
	}
	return s, nil
}

func (s *ashbySource) Seeds() ([]Request, error) {
	return []Request{{URL: s.api, Kind: "jobs"}}, nil
}

type ashbyJob struct {
	ID               string `json:"id"`
	Title            string `json:"title"`
	Department       string `json:"department"`
	Team             string `json:"team"`
	EmploymentType   string `json:"employmentType"`
	Location         string `json:"location"`
	IsRemote         bool   `json:"isRemote"`
	IsListed         *bool  `json:"isListed"`
	PublishedAt      string `json:"publishedAt"`
	JobURL           string `json:"jobUrl"`
	DescriptionHTML  string `json:"descriptionHtml"`
	DescriptionPlain string `json:"descriptionPlain"`
	Address          *struct {
		PostalAddress struct {
			AddressLocality string `json:"addressLocality"`
			AddressRegion   string `json:"addressRegion"`
			AddressCountry  string `json:"addressCountry"`
		} `json:"postalAddress"`
	} `json:"address"`
	Compensation *struct {
		SummaryComponents []struct {
			CompensationType string   `json:"compensationType"`
			Interval         string   `json:"interval"`
			CurrencyCode     string   `json:"currencyCode"`
			MinValue         *float64 `json:"minValue"`
			MaxValue         *float64 `json:"maxValue"`
		} `json:"summaryComponents"`
	} `json:"compensation"`
}

func (s *ashbySource) Handle(ctx context.Context, res *Response, out *Output) error {
	var doc struct {
		Jobs []ashbyJob `json:"jobs"`
	}
	if err := json.Unmarshal(res.Body, &doc); err != nil {
		return fmt.Errorf("ashby: %w", err)
	}
	for _, j := range doc.Jobs {
		if j.IsListed != nil && !*j.IsListed {
			continue
		}
		if j.ID == "" || strings.TrimSpace(j.Title) == "" {
			out.Problem("ashby_bad_job", fmt.Errorf("%s: job without id or title", res.URL))
			continue
		}
		p := &skillmatch.Posting{
			ID:                   "ashby:" + s.board + ":" + j.ID,
			URL:                  j.JobURL,
			Title:                strings.TrimSpace(j.Title),
			Organization:         skillmatch.Organization{Name: s.org},
			Location:             placeLocation(j.Location),
			DatePosted:           parseDate(j.PublishedAt),
			OccupationalCategory: j.Department,
		}
		if a := j.Address; a != nil && a.PostalAddress.AddressLocality != "" {
			p.Location.Locality = a.PostalAddress.AddressLocality
			p.Location.Region = a.PostalAddress.AddressRegion
			p.Location.Country = countryCode(a.PostalAddress.AddressCountry)
		}
		p.Location.Remote = p.Location.Remote || j.IsRemote
		p.Description = HTMLToText(j.DescriptionHTML)
		if p.Description == "" {
			p.Description = tidyLines(j.DescriptionPlain)
		}
		if et := j.EmploymentType; et != "" {
			// Ashby spells FullTime, PartTime, Intern, Contract, Temporary.
			var b strings.Builder
			for i, r := range et {
				if i > 0 && r >= 'A' && r <= 'Z' {
					b.WriteByte('_')
				}
				b.WriteRune(r)
			}
			p.EmploymentType = []string{strings.ToUpper(b.String())}
		}
		if c := j.Compensation; c != nil {
			for _, sc := range c.SummaryComponents {
				if !strings.EqualFold(sc.CompensationType, "salary") || (sc.MinValue == nil && sc.MaxValue == nil) {
					continue
				}
				sal := &skillmatch.Salary{Currency: strings.ToUpper(sc.CurrencyCode), Period: periodOf(sc.Interval)}
				if sc.MinValue != nil {
					sal.Min = *sc.MinValue
				}
				if sc.MaxValue != nil {
					sal.Max = *sc.MaxValue
				}
				p.Salary = sal
				break
			}
		}
		out.Emit(Record{Posting: p})
	}
	return nil
}
