package crawler

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strings"
)

func init() { Register("jsonld", newJSONLDSource) }

// jsonldSource crawls a site from a start page or a sitemap: pages whose
// schema.org data (JSON-LD or microdata) holds a JobPosting become
// postings; Course, CourseInstance, EducationalOccupationalCredential and
// EducationalOccupationalProgram become credentials. Links are followed
// within the start host up to the depth limit, so paginated listings are
// found without a sitemap; sitemap indexes, gzip sitemaps and lastmod are
// understood.
type jsonldSource struct {
	start          *url.URL
	robotsSitemaps bool
}

func newJSONLDSource(spec SourceSpec) (Source, error) {
	u, err := url.Parse(spec.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("jsonld: %q is not an absolute http(s) URL", spec.URL)
	}
	return &jsonldSource{start: u, robotsSitemaps: spec.RobotsSitemaps}, nil
}

func (s *jsonldSource) Seeds() ([]Request, error) {
	seeds := []Request{{URL: s.start.String(), Kind: "page"}}
	if s.robotsSitemaps {
		seeds = append(seeds, Request{URL: s.start.Scheme + "://" + s.start.Host + "/robots.txt", Kind: "robots"})
	}
	return seeds, nil
}

// robotsSitemapURLs returns the Sitemap: lines of a robots.txt.
func robotsSitemapURLs(body []byte) []string {
	var out []string
	for _, line := range strings.Split(string(body), "\n") {
		line = strings.TrimSpace(line)
		if k, v, ok := strings.Cut(line, ":"); ok && strings.EqualFold(strings.TrimSpace(k), "sitemap") {
			if v = strings.TrimSpace(v); v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}

// sameSite reports whether u is on the start host.
func (s *jsonldSource) sameSite(u *url.URL) bool {
	return strings.EqualFold(u.Host, s.start.Host)
}

func (s *jsonldSource) Handle(ctx context.Context, res *Response, out *Output) error {
	if res.Request.Kind == "robots" {
		base, _ := url.Parse(res.URL)
		for _, sm := range robotsSitemapURLs(res.Body) {
			if u, err := base.Parse(sm); err == nil && s.sameSite(u) {
				out.Follow(Request{URL: u.String(), Kind: "page", Depth: res.Request.Depth})
			}
		}
		return nil
	}
	body, err := maybeGunzip(res.Body, res.MaxBody)
	if err != nil {
		return err
	}
	base, err := url.Parse(res.URL)
	if err != nil {
		return err
	}
	if looksLikeSitemap(body) {
		// Entries are followed as they are read; the number of sitemaps
		// read at once is bounded, so a site of many big sitemaps costs
		// no more memory than one of a single sitemap.
		release, err := out.acquireSitemap(ctx)
		if err != nil {
			return err
		}
		defer release()
		return scanSitemap(bytes.NewReader(body), func(e sitemapEntry, isIndex bool) error {
			u, err := base.Parse(e.Loc)
			if err != nil || !s.sameSite(u) {
				out.Problem("sitemap_foreign_url", fmt.Errorf("%s lists %q, not on %s", res.URL, e.Loc, s.start.Host))
				return nil
			}
			// A sitemap's entries are one level below it; an index's
			// sitemaps stay at its level. Sitemaps are recognised by content.
			depth := res.Request.Depth + 1
			if isIndex {
				depth = res.Request.Depth
			}
			out.Follow(Request{URL: u.String(), Kind: "page", Depth: depth, Lastmod: e.Lastmod})
			return ctx.Err()
		})
	}
	p, err := emitPage(res, body, base, out)
	if err != nil || p == nil {
		return err
	}
	for _, l := range p.Links {
		u, err := url.Parse(l)
		if err != nil || !s.sameSite(u) {
			continue
		}
		out.Follow(Request{URL: l, Kind: "page", Depth: res.Request.Depth + 1})
	}
	return nil
}

// emitPage emits the schema.org records of a fetched page (HTML with JSON-LD
// or microdata, or a JSON-LD document) and returns the parsed HTML page for
// link following (nil for JSON and non-page content types). A canonical
// link on the page's own host becomes the record URL.
func emitPage(res *Response, body []byte, base *url.URL, out *Output) (*page, error) {
	ct := strings.ToLower(res.Header.Get("Content-Type"))
	for _, skip := range []string{"image/", "audio/", "video/", "font/", "application/pdf", "application/zip", "application/octet-stream", "text/css", "text/javascript", "application/javascript"} {
		if strings.HasPrefix(ct, skip) {
			return nil, nil // not a page; nothing to parse or follow
		}
	}
	if strings.Contains(ct, "json") {
		items, err := decodeJSONLD(body)
		if err != nil {
			out.Problem("jsonld_malformed", fmt.Errorf("%s: %w", res.URL, err))
			return nil, nil
		}
		for _, r := range pageRecords(items, res.URL) {
			out.Emit(r)
		}
		return nil, nil
	}
	p := res.page // parsed by colly's OnHTML during the fetch
	if p == nil || !sameSlice(body, res.Body) {
		var err error
		if p, err = parsePage(body, res.Header.Get("Content-Type"), base); err != nil {
			return nil, err
		}
	}
	for _, e := range p.Malformed {
		out.Problem("jsonld_malformed", fmt.Errorf("%s: %w", res.URL, e))
	}
	pageURL := res.URL
	if p.Canonical != "" {
		if cu, err := url.Parse(p.Canonical); err == nil && strings.EqualFold(cu.Host, base.Host) {
			pageURL = p.Canonical
		}
	}
	for _, r := range pageRecords(p.Objects, pageURL) {
		out.Emit(r)
	}
	return p, nil
}

// sameSlice reports whether a and b are the same bytes in memory (the body
// was not decompressed by the source).
func sameSlice(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}
