package crawler

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/skillmatch/skillmatch"
)

func init() {
	Register("rss", newFeedSource)
	Register("atom", newFeedSource)
}

// feedSource reads an RSS 2.0 or Atom job feed; each item becomes a
// posting (title, link, description, date). Organization comes from the
// item's author / dc:creator, else the spec's organization. With Follow set,
// the item pages are fetched instead and their schema.org data is used.
type feedSource struct {
	url    string
	org    string
	follow bool
}

func newFeedSource(spec SourceSpec) (Source, error) {
	u, err := url.Parse(spec.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("rss: %q is not an absolute http(s) URL", spec.URL)
	}
	return &feedSource{url: spec.URL, org: spec.Organization, follow: spec.Follow}, nil
}

func (s *feedSource) Seeds() ([]Request, error) {
	return []Request{{URL: s.url, Kind: "feed"}}, nil
}

type feedDoc struct {
	XMLName xml.Name
	// RSS
	Channel struct {
		Title string    `xml:"title"`
		Items []rssItem `xml:"item"`
	} `xml:"channel"`
	// Atom
	Entries []atomEntry `xml:"entry"`
}

type rssItem struct {
	Title       string   `xml:"title"`
	Link        string   `xml:"link"`
	GUID        string   `xml:"guid"`
	Description string   `xml:"description"`
	Content     string   `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
	PubDate     string   `xml:"pubDate"`
	Author      string   `xml:"author"`
	Creator     string   `xml:"http://purl.org/dc/elements/1.1/ creator"`
	Categories  []string `xml:"category"`
	Location    string   `xml:"location"`
}

type atomEntry struct {
	Title string `xml:"title"`
	ID    string `xml:"id"`
	Links []struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr"`
	} `xml:"link"`
	Updated   string `xml:"updated"`
	Published string `xml:"published"`
	Summary   string `xml:"summary"`
	Content   string `xml:"content"`
	Author    struct {
		Name string `xml:"name"`
	} `xml:"author"`
}

func (s *feedSource) Handle(ctx context.Context, res *Response, out *Output) error {
	if res.Request.Kind == "page" {
		base, err := url.Parse(res.URL)
		if err != nil {
			return err
		}
		_, err = emitPage(res, res.Body, base, out)
		return err
	}
	var doc feedDoc
	dec := xml.NewDecoder(bytes.NewReader(bytes.ToValidUTF8(res.Body, []byte("\uFFFD"))))
	dec.Strict = false
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	if err := dec.Decode(&doc); err != nil {
		return fmt.Errorf("feed: %w", err)
	}
	base, _ := url.Parse(res.URL)
	abs := func(l string) string {
		if u, err := base.Parse(strings.TrimSpace(l)); err == nil {
			return u.String()
		}
		return strings.TrimSpace(l)
	}
	switch doc.XMLName.Local {
	case "rss", "RDF":
		for _, it := range doc.Channel.Items {
			desc := it.Content
			if desc == "" {
				desc = it.Description
			}
			org := firstNonEmpty(it.Creator, it.Author, s.org)
			p := &skillmatch.Posting{
				URL:          abs(it.Link),
				Title:        strings.TrimSpace(it.Title),
				Organization: skillmatch.Organization{Name: org},
				Description:  descText(desc),
				DatePosted:   parseDate(it.PubDate),
			}
			if it.Location != "" {
				p.Location = placeLocation(it.Location)
			}
			p.ID = CanonicalURL(p.URL)
			if p.URL == "" && it.GUID != "" {
				p.ID = "rss:" + strings.TrimSpace(it.GUID)
			}
			s.emit(out, p, res.URL)
		}
	case "feed":
		for _, e := range doc.Entries {
			link := ""
			for _, l := range e.Links {
				if l.Rel == "" || l.Rel == "alternate" {
					link = abs(l.Href)
					break
				}
			}
			desc := e.Content
			if desc == "" {
				desc = e.Summary
			}
			p := &skillmatch.Posting{
				URL:          link,
				Title:        strings.TrimSpace(e.Title),
				Organization: skillmatch.Organization{Name: firstNonEmpty(e.Author.Name, s.org)},
				Description:  descText(desc),
				DatePosted:   parseDate(firstNonEmpty(e.Published, e.Updated)),
			}
			p.ID = CanonicalURL(link)
			if link == "" {
				p.ID = "atom:" + strings.TrimSpace(e.ID)
			}
			s.emit(out, p, res.URL)
		}
	default:
		return fmt.Errorf("feed: root element <%s>, want rss or feed", doc.XMLName.Local)
	}
	return nil
}

func (s *feedSource) emit(out *Output, p *skillmatch.Posting, feed string) {
	if p.Title == "" || (p.ID == "" || p.ID == "rss:" || p.ID == "atom:") {
		out.Problem("feed_bad_item", fmt.Errorf("%s: item without title or link", feed))
		return
	}
	if s.follow && p.URL != "" {
		out.Follow(Request{URL: p.URL, Kind: "page", Depth: 1})
		return
	}
	out.Emit(Record{Posting: p})
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}
