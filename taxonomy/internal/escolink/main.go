// Command escolink records ESCO concept URIs in the bundled default
// taxonomy's CSV files: a default skill whose label or an alias equals an
// ESCO skill's preferred label (compared after taxonomy.NormalizeLabel, with
// a trailing parenthetical qualifier such as "(computer programming)"
// stripped from the ESCO label) gets that concept's URI in its uris column,
// provided exactly one ESCO concept matches: the one whose preferred label is
// the skill's label, else the only concept whose preferred label is the
// label or an alias, and only if no other concept has the skill's label as
// an alternative label. Aliases the skill flags ambiguous are not compared
// (ESCO's "SPARK" is a Java framework, not Apache Spark's alias "Spark").
// ESCO's alternative labels never make a link by
// themselves: its catch-all concepts list product names and near-synonyms
// as alternatives ("Avaya" under "procurement of ICT network equipment",
// "reporting" under "journalism"), which linked default skills to the wrong
// concepts.
//
// It rewrites the skills*.csv files of -dir in place, keeping their column
// order (adding a uris column before description, or last, when missing), a
// BOM and CRLF line ends if they had them, and every other cell as it was.
// Skills that already carry an ESCO URI are left alone. Run it from the
// repository root:
//
//	go run ./taxonomy/internal/escolink -esco ../shared/taxonomies/esco-v1.1.1 -dir taxonomy/default
//
// It imports only taxonomy and the standard library.
package main

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/skillmatch/skillmatch/taxonomy"
)

func main() {
	escoDir := flag.String("esco", "", "ESCO CSV directory (e.g. ../shared/taxonomies/esco-v1.1.1)")
	dir := flag.String("dir", "taxonomy/default", "directory of skills*.csv files to rewrite")
	dry := flag.Bool("n", false, "dry run: report, change no file")
	verbose := flag.Bool("v", false, "print each link made and each skill left ambiguous")
	flag.Parse()
	if *escoDir == "" {
		fmt.Fprintln(os.Stderr, "escolink: -esco DIR is required")
		flag.Usage()
		os.Exit(2)
	}
	var log io.Writer = io.Discard
	if *verbose {
		log = os.Stderr
	}
	sum, err := run(*escoDir, *dir, !*dry, log)
	if err != nil {
		fmt.Fprintln(os.Stderr, "escolink:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "escolink: %d skills: %d newly linked, %d already linked, %d ambiguous (several ESCO concepts), %d without a match\n",
		sum.skills, sum.linked, sum.already, sum.ambiguous, sum.none)
}

// summary counts what run did across all files.
type summary struct {
	skills, linked, already, ambiguous, none int
}

var qualifierRe = regexp.MustCompile(`\s*\([^()]*\)\s*$`)

// stripQualifier removes a trailing parenthetical: "Python (computer
// programming)" -> "Python".
func stripQualifier(label string) string {
	if s := qualifierRe.ReplaceAllString(label, ""); s != "" {
		return s
	}
	return label
}

// escoIndex maps a normalized label to the ESCO concept URIs carrying it:
// pref holds preferred labels only, any preferred and alternative labels.
type escoIndex struct {
	pref, any map[string][]string
}

func buildIndex(esco *taxonomy.Taxonomy) escoIndex {
	idx := escoIndex{pref: map[string][]string{}, any: map[string][]string{}}
	add := func(m map[string][]string, text, uri string) {
		for _, k := range []string{taxonomy.NormalizeLabel(text), taxonomy.NormalizeLabel(stripQualifier(text))} {
			if !contains(m[k], uri) {
				m[k] = append(m[k], uri)
			}
		}
	}
	for _, s := range esco.Skills() {
		uri := s.ESCOURI()
		if uri == "" {
			uri = s.ID
		}
		add(idx.pref, s.Label, uri)
		for _, f := range s.Forms {
			if f.Kind != taxonomy.FormHidden {
				add(idx.any, f.Text, uri)
			}
		}
	}
	return idx
}

// match returns the ESCO concepts a default skill matches. When the skill's
// label is the preferred label of exactly one concept, that concept alone.
// Otherwise every concept whose preferred label is the label or an alias,
// together with every concept that has the label among its alternative
// labels; the skill is linked only when that is a single concept reached by a
// preferred label (cand). ESCO's catch-all concepts list many names as
// alternatives, so an alternative label only ever blocks a link.
func (idx escoIndex) match(label string, aliases []string) (all, cand []string) {
	if m := idx.pref[taxonomy.NormalizeLabel(label)]; len(m) == 1 {
		return m, m
	}
	for _, l := range append([]string{label}, aliases...) {
		for _, uri := range idx.pref[taxonomy.NormalizeLabel(l)] {
			if !contains(cand, uri) {
				cand = append(cand, uri)
			}
		}
	}
	all = append(all, cand...)
	for _, uri := range idx.any[taxonomy.NormalizeLabel(label)] {
		if !contains(all, uri) {
			all = append(all, uri)
		}
	}
	sort.Strings(all)
	sort.Strings(cand)
	return all, cand
}

func run(escoDir, dir string, write bool, log io.Writer) (summary, error) {
	var sum summary
	esco, err := taxonomy.LoadESCO(escoDir)
	if err != nil {
		return sum, err
	}
	idx := buildIndex(esco)
	files, err := filepath.Glob(filepath.Join(dir, "skills*.csv"))
	if err != nil {
		return sum, err
	}
	if len(files) == 0 {
		return sum, fmt.Errorf("%s: no skills*.csv files", dir)
	}
	sort.Strings(files)
	for _, f := range files {
		if err := linkFile(f, idx, write, log, &sum); err != nil {
			return sum, err
		}
	}
	return sum, nil
}

// linkFile adds ESCO URIs to one skills CSV, rewriting it only if a cell changed.
func linkFile(path string, idx escoIndex, write bool, log io.Writer, sum *summary) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	bom := bytes.HasPrefix(data, []byte("\ufeff"))
	crlf := bytes.Contains(data, []byte("\r\n"))
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	var rows [][]string
	var lines []int // the line each row starts on, for messages
	for {
		row, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		line, _ := r.FieldPos(0)
		rows, lines = append(rows, row), append(lines, line)
	}
	if len(rows) == 0 {
		return fmt.Errorf("%s: empty file", path)
	}
	col := columns(rows[0])
	if _, ok := col["id"]; !ok {
		return fmt.Errorf("%s: not a skills CSV: the header needs id and label", path)
	}
	if _, ok := col["label"]; !ok {
		return fmt.Errorf("%s: not a skills CSV: the header needs id and label", path)
	}
	changed := false
	if _, ok := col["uris"]; !ok {
		// Add the column before description, else last, in every row.
		at := len(rows[0])
		if d, ok := col["description"]; ok {
			at = d
		}
		for n, row := range rows {
			cell := ""
			if n == 0 {
				cell = "uris"
			}
			if at <= len(row) {
				rows[n] = append(row[:at:at], append([]string{cell}, row[at:]...)...)
			}
		}
		col = columns(rows[0])
		changed = true
	}
	iLabel, iURIs := col["label"], col["uris"]
	iAliases, hasAliases := col["aliases"]
	for n, row := range rows[1:] {
		if len(row) <= iLabel || strings.TrimSpace(row[iLabel]) == "" {
			continue
		}
		sum.skills++
		var uris []string
		if iURIs < len(row) {
			uris = splitList(row[iURIs])
		}
		if hasESCO(uris) {
			sum.already++
			continue
		}
		var aliases []string
		if hasAliases && iAliases < len(row) {
			flagged := map[string]bool{}
			if iAmb, ok := col["ambiguous"]; ok && iAmb < len(row) {
				for _, f := range splitList(row[iAmb]) {
					flagged[taxonomy.NormalizeLabel(f)] = true
				}
			}
			for _, a := range splitList(row[iAliases]) {
				if !flagged[taxonomy.NormalizeLabel(a)] {
					aliases = append(aliases, a)
				}
			}
		}
		all, m := idx.match(row[iLabel], aliases)
		switch {
		case len(m) == 0:
			sum.none++
		case len(all) == 1:
			for len(row) <= iURIs { // a short row: pad it to reach the uris cell
				row = append(row, "")
			}
			rows[n+1] = row
			row[iURIs] = strings.Join(append(uris, m[0]), "|")
			changed = true
			sum.linked++
			fmt.Fprintf(log, "%s:%d: %s -> %s\n", filepath.Base(path), lines[n+1], row[iLabel], m[0])
		default:
			sum.ambiguous++
			fmt.Fprintf(log, "%s:%d: %s: %d ESCO concepts match, left unlinked: %s\n", filepath.Base(path), lines[n+1], row[iLabel], len(all), strings.Join(all, " "))
		}
	}
	if !changed || !write {
		return nil
	}
	var buf bytes.Buffer
	if bom {
		buf.WriteString("\ufeff")
	}
	w := csv.NewWriter(&buf)
	w.UseCRLF = crlf
	if err := w.WriteAll(rows); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// columns maps lower-cased header names to their index.
func columns(header []string) map[string]int {
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	return col
}

func hasESCO(uris []string) bool {
	for _, u := range uris {
		if strings.HasPrefix(u, "http://data.europa.eu/esco/") {
			return true
		}
	}
	return false
}

func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, "|") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
