package crawler

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/gocolly/colly/v2"
	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// page is what one HTML document yields.
type page struct {
	Objects   []map[string]any // schema.org items from JSON-LD and microdata, in document order
	Malformed []error          // JSON-LD blocks that did not parse
	Links     []string         // absolute http(s) links (a[href], link[rel=next])
	Canonical string           // link[rel=canonical], absolute
}

// htmlSelector matches every element a page parse looks at; goquery
// returns them in document order, so JSON-LD and microdata items keep
// their order on the page.
const htmlSelector = "script[type], a[href], link[href], [itemscope]"

// parsePage decodes body to UTF-8 (by Content-Type, meta charset or
// sniffing; invalid bytes become U+FFFD) and extracts schema.org items,
// links and the canonical URL with goquery and colly's HTMLElement, the
// same selection the fetcher's OnHTML callback makes on HTML responses.
// It is used for bodies colly did not parse as HTML (no text/html type, a
// gzip body). base resolves relative links.
func parsePage(body []byte, contentType string, base *url.URL) (*page, error) {
	h := http.Header{}
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	body = toUTF8(body, h)
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("html: %w", err)
	}
	if href, ok := doc.Find("base[href]").First().Attr("href"); ok {
		if b, err := base.Parse(strings.TrimSpace(href)); err == nil {
			base = b
		}
	}
	resp := &colly.Response{StatusCode: 200, Body: body, Headers: &h, Request: &colly.Request{URL: base}}
	p := &page{}
	doc.Find(htmlSelector).Each(func(i int, s *goquery.Selection) {
		p.add(colly.NewHTMLElementFromSelectionNode(resp, s, s.Nodes[0], i))
	})
	return p, nil
}

// add takes what one element matched by htmlSelector contributes.
func (p *page) add(e *colly.HTMLElement) {
	n := e.DOM.Nodes[0]
	switch n.DataAtom {
	case atom.Script:
		if t := strings.ToLower(strings.TrimSpace(e.Attr("type"))); strings.HasPrefix(t, "application/ld+json") {
			objs, err := decodeJSONLD([]byte(e.Text))
			if err != nil {
				p.Malformed = append(p.Malformed, err)
			}
			p.Objects = append(p.Objects, objs...)
		}
		return
	case atom.A:
		if rel := strings.ToLower(e.Attr("rel")); !strings.Contains(rel, "nofollow") {
			p.addLink(e.Request.AbsoluteURL(strings.TrimSpace(e.Attr("href"))))
		}
	case atom.Link:
		switch strings.ToLower(e.Attr("rel")) {
		case "canonical":
			if u := e.Request.AbsoluteURL(strings.TrimSpace(e.Attr("href"))); u != "" {
				p.Canonical = u
			}
		case "next":
			p.addLink(e.Request.AbsoluteURL(strings.TrimSpace(e.Attr("href"))))
		}
	}
	if hasAttr(n, "itemscope") && !hasAttr(n, "itemprop") {
		if obj := microdataItem(n, e.Request.AbsoluteURL); obj != nil {
			p.Objects = append(p.Objects, obj)
		}
	}
}

// skipExt are link targets that are never pages.
var skipExt = []string{".pdf", ".jpg", ".jpeg", ".png", ".gif", ".svg", ".webp", ".css", ".js", ".zip", ".mp4", ".mp3", ".ico", ".woff", ".woff2", ".doc", ".docx"}

// addLink keeps an absolute http(s) link to something that may be a page.
func (p *page) addLink(abs string) {
	u, err := url.Parse(abs)
	if abs == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return
	}
	lp := strings.ToLower(u.Path)
	for _, e := range skipExt {
		if strings.HasSuffix(lp, e) {
			return
		}
	}
	u.Fragment = ""
	p.Links = append(p.Links, u.String())
}

func attr(n *xhtml.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *xhtml.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// decodeJSONLD parses one JSON-LD block: an object, an array, or an object
// with @graph. It returns every object in it (graph members flattened).
func decodeJSONLD(b []byte) ([]map[string]any, error) {
	b = bytes.TrimSpace(b)
	// Some sites wrap the block in an HTML comment or CDATA.
	b = bytes.TrimPrefix(b, []byte("<!--"))
	b = bytes.TrimSuffix(b, []byte("-->"))
	b = bytes.TrimPrefix(b, []byte("//<![CDATA["))
	b = bytes.TrimSuffix(b, []byte("//]]>"))
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		// Raw control characters inside strings are a common authoring
		// slip; try once more with them replaced by spaces.
		fixed := bytes.Map(func(r rune) rune {
			if r < 0x20 {
				return ' '
			}
			return r
		}, b)
		if err2 := json.Unmarshal(fixed, &v); err2 != nil {
			return nil, fmt.Errorf("json-ld: %w", err)
		}
	}
	var out []map[string]any
	var add func(v any)
	add = func(v any) {
		switch t := v.(type) {
		case []any:
			for _, e := range t {
				add(e)
			}
		case map[string]any:
			if g, ok := t["@graph"]; ok {
				add(g)
				return
			}
			out = append(out, t)
		}
	}
	add(v)
	return out, nil
}

// schemaTypes returns the local schema.org type names of obj
// ("JobPosting" from "JobPosting", "schema:JobPosting" or
// "http://schema.org/JobPosting").
func schemaTypes(obj map[string]any) []string {
	var ts []string
	add := func(s string) {
		if i := strings.LastIndexAny(s, "/:#"); i >= 0 {
			s = s[i+1:]
		}
		if s != "" {
			ts = append(ts, s)
		}
	}
	switch t := obj["@type"].(type) {
	case string:
		add(t)
	case []any:
		for _, e := range t {
			if s, ok := e.(string); ok {
				add(s)
			}
		}
	}
	if t, ok := obj["type"].(string); ok && len(ts) == 0 {
		add(t)
	}
	return ts
}

func hasType(obj map[string]any, names ...string) string {
	for _, t := range schemaTypes(obj) {
		for _, n := range names {
			if strings.EqualFold(t, n) {
				return n
			}
		}
	}
	return ""
}

// findTyped walks objs (and everything nested in them) and calls fn for
// each object whose type is one of names. It does not descend into a
// matched object, so a CourseInstance inside a Course is not reported twice.
func findTyped(objs []map[string]any, names []string, fn func(typ string, obj map[string]any)) {
	var walk func(v any)
	walk = func(v any) {
		switch t := v.(type) {
		case []any:
			for _, e := range t {
				walk(e)
			}
		case map[string]any:
			if typ := hasType(t, names...); typ != "" {
				fn(typ, t)
				return
			}
			for _, k := range sortedKeys(t) {
				walk(t[k])
			}
		}
	}
	for _, o := range objs {
		walk(o)
	}
}

// microdataItem converts an itemscope element into a JSON-LD-like object.
func microdataItem(n *xhtml.Node, abs func(string) string) map[string]any {
	obj := map[string]any{}
	if t := attr(n, "itemtype"); t != "" {
		obj["@type"] = strings.Fields(t)[0]
	}
	var props func(e *xhtml.Node)
	props = func(e *xhtml.Node) {
		for c := e.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != xhtml.ElementNode {
				continue
			}
			if names := attr(c, "itemprop"); names != "" {
				var val any
				if hasAttr(c, "itemscope") {
					val = microdataItem(c, abs)
				} else {
					val = microdataValue(c, abs)
				}
				for _, name := range strings.Fields(names) {
					switch prev := obj[name].(type) {
					case nil:
						obj[name] = val
					case []any:
						obj[name] = append(prev, val)
					default:
						obj[name] = []any{prev, val}
					}
				}
				if hasAttr(c, "itemscope") {
					continue
				}
			} else if hasAttr(c, "itemscope") {
				continue // an unrelated nested item
			}
			props(c)
		}
	}
	props(n)
	return obj
}

// microdataValue is the value of an itemprop element per the HTML spec.
// Elements with markup inside (a description) keep it as HTML.
func microdataValue(n *xhtml.Node, abs func(string) string) any {
	if v, ok := attrOK(n, "content"); ok {
		return v
	}
	switch n.DataAtom {
	case atom.A, atom.Link, atom.Area:
		if u := abs(strings.TrimSpace(attr(n, "href"))); u != "" {
			return u
		}
	case atom.Img, atom.Audio, atom.Video, atom.Source:
		if u := abs(strings.TrimSpace(attr(n, "src"))); u != "" {
			return u
		}
	case atom.Time:
		if v, ok := attrOK(n, "datetime"); ok {
			return v
		}
	case atom.Meta:
		return attr(n, "content")
	case atom.Data, atom.Meter:
		return attr(n, "value")
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == xhtml.ElementNode {
			var b bytes.Buffer
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				xhtml.Render(&b, c)
			}
			return b.String()
		}
	}
	return nodeText(n)
}

func attrOK(n *xhtml.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}
