package extract

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
)

// htmlText is the visible text of an HTML document with, for every code point
// of the text, the code-point span of the input it came from.
type htmlText struct {
	text     string
	from, to []int32 // per text code point: input span [from, to)
	inputLen int     // input length in code points
}

// blockTags end a line: text on either side of them never joins.
var blockTags = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "br": true, "dd": true,
	"div": true, "dl": true, "dt": true, "fieldset": true, "figcaption": true, "figure": true,
	"footer": true, "form": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true,
	"h6": true, "header": true, "hr": true, "li": true, "main": true, "nav": true, "ol": true,
	"option": true, "p": true, "pre": true, "section": true, "table": true, "tbody": true,
	"td": true, "tfoot": true, "th": true, "thead": true, "title": true, "tr": true, "ul": true,
	"summary": true, "details": true, "caption": true, "legend": true,
}

// skipTags hide their content.
var skipTags = map[string]bool{"script": true, "style": true, "noscript": true, "template": true,
	"svg": true, "math": true, "iframe": true, "object": true}

// fromHTML extracts the visible text of doc: tags, comments, script and
// style dropped, entities decoded, block elements and list items turned into
// line breaks, white space inside text made plain spaces.
func fromHTML(doc string) htmlText {
	var out strings.Builder
	out.Grow(len(doc) / 2)
	h := htmlText{from: make([]int32, 0, len(doc)/2), to: make([]int32, 0, len(doc)/2)}
	z := html.NewTokenizer(strings.NewReader(doc))
	pos := 0 // code points of the input consumed so far
	skipDepth := 0
	lastNL := true
	emit := func(r rune, from, to int) {
		out.WriteRune(r)
		h.from = append(h.from, int32(from))
		h.to = append(h.to, int32(to))
		lastNL = r == '\n'
	}
	for {
		tt := z.Next()
		if tt == html.ErrorToken { // io.EOF, or a read error of the in-memory reader: the end either way
			break
		}
		raw := z.Raw()
		start := pos
		pos += utf8.RuneCount(raw)
		switch tt {
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if skipTags[tag] && tt != html.SelfClosingTagToken {
				if tt == html.StartTagToken {
					skipDepth++
				} else if skipDepth > 0 {
					skipDepth--
				}
			}
			if blockTags[tag] && !lastNL {
				emit('\n', start, start)
			}
			if tag == "li" && tt == html.StartTagToken {
				emit('•', start, start) // a bullet, as plain-text postings write list items
				emit(' ', start, start)
				lastNL = false
			}
		case html.TextToken:
			if skipDepth > 0 {
				continue
			}
			decodeText(raw, start, emit)
		}
	}
	h.text = out.String()
	h.inputLen = utf8.RuneCountInString(doc)
	return h
}

// decodeText emits the runes of raw HTML text starting at code point start,
// decoding character references and mapping each rune back to its source.
func decodeText(raw []byte, start int, emit func(r rune, from, to int)) {
	p := start
	for i := 0; i < len(raw); {
		if raw[i] == '&' {
			if end := entityEnd(raw, i); end > 0 {
				ent := string(raw[i:end])
				if dec := html.UnescapeString(ent); dec != ent {
					n := utf8.RuneCountInString(ent)
					for _, r := range dec {
						emit(foldSpace(r), p, p+n)
					}
					p += n
					i = end
					continue
				}
			}
		}
		r, size := utf8.DecodeRune(raw[i:])
		emit(foldSpace(r), p, p+1)
		p++
		i += size
	}
}

// foldSpace turns line breaks and tabs inside HTML text into spaces: only
// elements break lines.
func foldSpace(r rune) rune {
	switch r {
	case '\n', '\r', '\t', '\f':
		return ' '
	}
	return r
}

// entityEnd returns the index after the ';' of a character reference
// starting at raw[i], or -1.
func entityEnd(raw []byte, i int) int {
	lim := i + 40
	if lim > len(raw) {
		lim = len(raw)
	}
	j := bytes.IndexByte(raw[i+1:lim], ';')
	if j <= 0 {
		return -1
	}
	for _, c := range raw[i+1 : i+1+j] {
		if !(c == '#' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return -1
		}
	}
	return i + 1 + j + 1
}
