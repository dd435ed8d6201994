package crawler

import (
	"html"
	"strings"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTMLToText renders an HTML fragment as plain text: block elements and
// headings become their own lines, list items become lines starting with
// "- ", script and style are dropped, whitespace inside a line collapses.
// Text that contains no markup is returned with whitespace tidied. Invalid
// UTF-8 is replaced by U+FFFD.
func HTMLToText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if !strings.ContainsAny(s, "<&") {
		return tidyLines(s)
	}
	nodes, err := xhtml.ParseFragment(strings.NewReader(s), &xhtml.Node{Type: xhtml.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return tidyLines(html.UnescapeString(s))
	}
	var w textWriter
	for _, n := range nodes {
		w.node(n)
	}
	return tidyLines(w.b.String())
}

// nodeText renders a parsed node's content as HTMLToText does.
func nodeText(n *xhtml.Node) string {
	var w textWriter
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.node(c)
	}
	return tidyLines(w.b.String())
}

type textWriter struct{ b strings.Builder }

var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Header: true, atom.Footer: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Table: true, atom.Tr: true,
	atom.Blockquote: true, atom.Pre: true, atom.Hr: true, atom.Main: true, atom.Aside: true, atom.Nav: true,
	atom.Form: true, atom.Fieldset: true, atom.Address: true, atom.Figure: true, atom.Figcaption: true,
}

func (w *textWriter) node(n *xhtml.Node) {
	switch n.Type {
	case xhtml.TextNode:
		w.b.WriteString(n.Data)
		return
	case xhtml.ElementNode:
	default:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w.node(c)
		}
		return
	}
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Head:
		return
	case atom.Br:
		w.b.WriteByte('\n')
		return
	case atom.Li:
		w.b.WriteString("\n- ")
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w.node(c)
		}
		w.b.WriteByte('\n')
		return
	case atom.Td, atom.Th:
		w.b.WriteByte(' ')
	}
	block := blockTags[n.DataAtom]
	if block {
		w.b.WriteByte('\n')
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.node(c)
	}
	if block {
		w.b.WriteByte('\n')
	}
}

// tidyLines collapses whitespace in each line and drops empty lines; a
// list item whose text landed on the next line is joined back.
func tidyLines(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = strings.ReplaceAll(s, "\u00a0", " ")
	var out []string
	for _, line := range strings.Split(s, "\n") {
		line = strings.Join(strings.Fields(line), " ")
		if line == "" {
			continue
		}
		if n := len(out); n > 0 && out[n-1] == "-" {
			out[n-1] = "- " + line
			continue
		}
		out = append(out, line)
	}
	if n := len(out); n > 0 && out[n-1] == "-" {
		out = out[:n-1]
	}
	return strings.Join(out, "\n")
}
