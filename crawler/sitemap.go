package crawler

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// sitemapEntry is one <url> or <sitemap> of a sitemap file.
type sitemapEntry struct {
	Loc     string
	Lastmod string
}

// scanSitemap reads a urlset or a sitemapindex (gzip is undone by the
// caller) token by token and calls fn for each entry as it is read, so
// memory does not grow with the number of entries. isIndex reports a
// sitemapindex, whose entries are sitemaps. Entries read before a syntax
// error have been passed to fn when the error is returned; an error from fn
// stops the scan and is returned.
func scanSitemap(r io.Reader, fn func(e sitemapEntry, isIndex bool) error) error {
	dec := xml.NewDecoder(r)
	dec.Strict = false
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	var (
		entry    string // "url" or "sitemap": the element an entry is
		isIndex  bool
		depth    int    // element depth, root = 1
		in       bool   // inside an entry (depth 2)
		field    string // "loc" or "lastmod" being read (depth 3)
		e        sitemapEntry
		text     strings.Builder
		seenRoot bool
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			if !seenRoot {
				return errors.New("sitemap: no root element")
			}
			return nil
		}
		if err != nil {
			return fmt.Errorf("sitemap: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case depth == 1:
				seenRoot = true
				switch t.Name.Local {
				case "urlset":
					entry = "url"
				case "sitemapindex":
					entry, isIndex = "sitemap", true
				default:
					return fmt.Errorf("sitemap: root element <%s>, want urlset or sitemapindex", t.Name.Local)
				}
			case depth == 2 && t.Name.Local == entry:
				in, e = true, sitemapEntry{}
			case depth == 3 && in && (t.Name.Local == "loc" || t.Name.Local == "lastmod"):
				field = t.Name.Local
				text.Reset()
			}
		case xml.CharData:
			if field != "" && text.Len() < maxSitemapField {
				text.Write(t)
			}
		case xml.EndElement:
			switch {
			case depth == 3 && field != "":
				if field == "loc" {
					e.Loc = strings.TrimSpace(text.String())
				} else {
					e.Lastmod = strings.TrimSpace(text.String())
				}
				field = ""
			case depth == 2 && in:
				in = false
				if err := fn(e, isIndex); err != nil {
					return err
				}
			}
			depth--
		}
	}
}

// maxSitemapField bounds the text kept of one <loc> or <lastmod> (the
// protocol allows URLs of up to 2,048 characters).
const maxSitemapField = 8 << 10

// looksLikeSitemap sniffs an XML sitemap (after gunzip).
func looksLikeSitemap(b []byte) bool {
	head := b
	if len(head) > 1024 {
		head = head[:1024]
	}
	return bytes.Contains(head, []byte("<urlset")) || bytes.Contains(head, []byte("<sitemapindex"))
}
