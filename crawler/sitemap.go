package crawler

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// sitemapEntry is one <url> or <sitemap> of a sitemap file.
type sitemapEntry struct {
	Loc     string `xml:"loc"`
	Lastmod string `xml:"lastmod"`
}

// parseSitemap parses a urlset or a sitemapindex (gzip is undone by the
// caller). isIndex reports a sitemapindex, whose entries are sitemaps.
func parseSitemap(b []byte) (entries []sitemapEntry, isIndex bool, err error) {
	var doc struct {
		XMLName  xml.Name
		URLs     []sitemapEntry `xml:"url"`
		Sitemaps []sitemapEntry `xml:"sitemap"`
	}
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict = false
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	if err := dec.Decode(&doc); err != nil {
		return nil, false, fmt.Errorf("sitemap: %w", err)
	}
	switch doc.XMLName.Local {
	case "urlset":
		entries = doc.URLs
	case "sitemapindex":
		entries, isIndex = doc.Sitemaps, true
	default:
		return nil, false, fmt.Errorf("sitemap: root element <%s>, want urlset or sitemapindex", doc.XMLName.Local)
	}
	for i := range entries {
		entries[i].Loc = strings.TrimSpace(entries[i].Loc)
		entries[i].Lastmod = strings.TrimSpace(entries[i].Lastmod)
	}
	return entries, isIndex, nil
}

// looksLikeSitemap sniffs an XML sitemap (after gunzip).
func looksLikeSitemap(b []byte) bool {
	head := b
	if len(head) > 1024 {
		head = head[:1024]
	}
	return bytes.Contains(head, []byte("<urlset")) || bytes.Contains(head, []byte("<sitemapindex"))
}
