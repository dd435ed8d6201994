package crawler

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// page is what one HTML document yields.
type page struct {
	Objects   []map[string]any // schema.org items from JSON-LD and microdata, in document order
	Malformed []error          // JSON-LD blocks that did not parse
	Links     []string         // absolute http(s) links (a[href], link[rel=next])
	Canonical string           // link[rel=canonical], absolute
}

// parsePage decodes body to UTF-8 (by Content-Type, meta charset or
// sniffing; invalid bytes become U+FFFD) and extracts schema.org items,
// links and the canonical URL. base resolves relative links.
func parsePage(body []byte, contentType string, base *url.URL) (*page, error) {
	if enc, name, _ := charset.DetermineEncoding(body, contentType); name != "utf-8" && enc != nil {
		if dec, err := enc.NewDecoder().Bytes(body); err == nil {
			body = dec
		}
	}
	body = bytes.ToValidUTF8(body, []byte("\uFFFD"))
	doc, err := xhtml.Parse(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("html: %w", err)
	}
	p := &page{}
	var walk func(n *xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.ElementNode {
			switch n.DataAtom {
			case atom.Base:
				if h := attr(n, "href"); h != "" {
					if b, err := base.Parse(h); err == nil {
						base = b
					}
				}
			case atom.Script:
				if t := strings.ToLower(strings.TrimSpace(attr(n, "type"))); strings.HasPrefix(t, "application/ld+json") {
					var sb strings.Builder
					for c := n.FirstChild; c != nil; c = c.NextSibling {
						sb.WriteString(c.Data)
					}
					objs, err := decodeJSONLD([]byte(sb.String()))
					if err != nil {
						p.Malformed = append(p.Malformed, err)
					}
					p.Objects = append(p.Objects, objs...)
				}
				return
			case atom.A:
				if h := attr(n, "href"); h != "" {
					if rel := strings.ToLower(attr(n, "rel")); !strings.Contains(rel, "nofollow") {
						p.addLink(base, h)
					}
				}
			case atom.Link:
				rel := strings.ToLower(attr(n, "rel"))
				switch {
				case rel == "canonical":
					if u, err := base.Parse(attr(n, "href")); err == nil {
						p.Canonical = u.String()
					}
				case rel == "next":
					p.addLink(base, attr(n, "href"))
				}
			}
			if hasAttr(n, "itemscope") && !hasAttr(n, "itemprop") {
				if obj := microdataItem(n, base); obj != nil {
					p.Objects = append(p.Objects, obj)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return p, nil
}

// skipExt are link targets that are never pages.
var skipExt = []string{".pdf", ".jpg", ".jpeg", ".png", ".gif", ".svg", ".webp", ".css", ".js", ".zip", ".mp4", ".mp3", ".ico", ".woff", ".woff2", ".doc", ".docx"}

func (p *page) addLink(base *url.URL, h string) {
	u, err := base.Parse(strings.TrimSpace(h))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
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
func microdataItem(n *xhtml.Node, base *url.URL) map[string]any {
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
					val = microdataItem(c, base)
				} else {
					val = microdataValue(c, base)
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
func microdataValue(n *xhtml.Node, base *url.URL) any {
	if v, ok := attrOK(n, "content"); ok {
		return v
	}
	switch n.DataAtom {
	case atom.A, atom.Link, atom.Area:
		if u, err := base.Parse(attr(n, "href")); err == nil {
			return u.String()
		}
	case atom.Img, atom.Audio, atom.Video, atom.Source:
		if u, err := base.Parse(attr(n, "src")); err == nil {
			return u.String()
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
