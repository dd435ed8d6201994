package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/skillmatch/skillmatch/taxonomy"
)

// The "taxonomy" command inspects, searches, exports and validates a skills
// taxonomy: the bundled default, ESCO, O*NET, a user's own files or layers.

func init() {
	cmd := &cobra.Command{
		Use:   "taxonomy",
		Short: "Inspect, search, export and validate a skills taxonomy",
		Long: `Inspect, search, export and validate the skills taxonomy that extraction
matches against. Every subcommand takes --taxonomy SPEC:

  default                  the bundled default (embedded; no files needed)
  esco:DIR[?lang=xx]       an ESCO v1.1/v1.2 CSV download directory; IDs are ESCO concept URIs
  onet:DIR[?min_importance=3.0]
                           an O*NET database text directory (e.g. onet-29.2)
  file:PATH                your own skills*.csv / occupations*.csv / .json file or directory
  default,onet:DIR         layers, merged left to right: a later skill whose label is a
                           surface form of an earlier one joins it, keeping its URIs

See docs/taxonomy.md for the file format.`,
		Example: `  skillmatch taxonomy stats
  skillmatch taxonomy stats --json --taxonomy esco:../shared/taxonomies/esco-v1.1.1
  skillmatch taxonomy search kube
  skillmatch taxonomy show python
  skillmatch taxonomy export --format json > taxonomy.json
  skillmatch taxonomy validate --taxonomy file:my-skills/`,
	}
	cmd.AddCommand(taxStatsCmd(), taxSearchCmd(), taxShowCmd(), taxExportCmd(), taxValidateCmd())
	rootCmd.AddCommand(cmd)
}

func taxStatsCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "Print counts of skills, surface forms, occupations and relations",
		Long: `Print a summary of the taxonomy: its version, how many skills, surface forms
(labels, aliases and hidden forms), occupations and relations (broader, related
and occupation-skill links) it holds, split by skill type and sector, and how
many rows were skipped while loading.

With --json, print one JSON object with the keys version, language, skills,
surface_forms, ambiguous_forms, occupations, relations, broader_links,
related_links, occupation_skill_links, by_type, by_sector and problems.`,
		Example: `  skillmatch taxonomy stats
  skillmatch taxonomy stats --json --taxonomy default,onet:../shared/taxonomies/onet-29.2`,
		Args: cobra.NoArgs,
	}
	spec := addTaxonomyFlag(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object instead of text")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		t, err := loadTaxonomy(*spec)
		if err != nil {
			return err
		}
		st := t.Stats()
		out := cmd.OutOrStdout()
		if asJSON {
			return writeJSON(out, struct {
				taxonomy.Stats
				Problems int `json:"problems"`
			}{st, len(t.Problems())})
		}
		w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
		fmt.Fprintf(w, "taxonomy\t%s (labels in %s)\n", st.Version, st.Language)
		fmt.Fprintf(w, "skills\t%s\n", thousands(st.Skills))
		fmt.Fprintf(w, "surface forms\t%s (%s ambiguous)\n", thousands(st.SurfaceForms), thousands(st.Ambiguous))
		fmt.Fprintf(w, "occupations\t%s\n", thousands(st.Occupations))
		fmt.Fprintf(w, "relations\t%s (broader %s, related %s, occupation-skill %s)\n", thousands(st.Relations),
			thousands(st.Broader), thousands(st.Related), thousands(st.OccSkill))
		fmt.Fprintf(w, "by type\t%s\n", countList(st.ByType, 0))
		if len(st.BySector) > 0 {
			fmt.Fprintf(w, "sectors\t%d: %s\n", len(st.BySector), countList(st.BySector, 0))
		}
		fmt.Fprintf(w, "problems\t%d\n", len(t.Problems()))
		return w.Flush()
	}
	return cmd
}

func taxSearchCmd() *cobra.Command {
	var limit int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "search QUERY",
		Short: "Find skills and occupations by label or label prefix",
		Long: `Find skills and occupations whose label, alias or title equals QUERY or starts
with it (case and punctuation variants folded). Exact matches come first, then
prefix matches by preferred label, shorter first. Hidden forms (misspellings)
match exactly but are not used for prefixes.`,
		Example: `  skillmatch taxonomy search python
  skillmatch taxonomy search "data sci" --limit 5
  skillmatch taxonomy search nurse --json`,
		Args: cobra.ExactArgs(1),
	}
	spec := addTaxonomyFlag(cmd)
	cmd.Flags().IntVar(&limit, "limit", 20, "at most this many skills and this many occupations")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array of hits")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		t, err := loadTaxonomy(*spec)
		if err != nil {
			return err
		}
		hits := searchTaxonomy(t, args[0], limit)
		out := cmd.OutOrStdout()
		if asJSON {
			if hits == nil {
				hits = []searchHit{}
			}
			return writeJSON(out, hits)
		}
		if len(hits) == 0 {
			fmt.Fprintf(out, "no skill or occupation matches %q\n", args[0])
			return nil
		}
		w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
		for _, h := range hits {
			label := h.Label
			if h.Match != "" {
				label += fmt.Sprintf(" (as %q)", h.Match)
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", h.Kind, h.ID, label, h.Detail)
		}
		return w.Flush()
	}
	return cmd
}

// searchHit is one line of "taxonomy search".
type searchHit struct {
	Kind   string `json:"kind"` // skill or occupation
	ID     string `json:"id"`
	Label  string `json:"label"`
	Detail string `json:"detail,omitempty"` // skill type or occupation code
	Match  string `json:"match,omitempty"`  // the alias or title matched, when not the label
	Exact  bool   `json:"exact"`
}

// matchedForm returns the first of forms equal to (exact) or starting with
// the normalized query p, or "" when it is the first form itself.
func matchedForm(forms []string, p string, exact bool) string {
	for i, f := range forms {
		k := taxonomy.NormalizeLabel(f)
		if k == p || !exact && strings.HasPrefix(k, p) {
			if i == 0 {
				return ""
			}
			return f
		}
	}
	return ""
}

func formTexts(s *taxonomy.Skill) []string {
	out := make([]string, len(s.Forms))
	for i, f := range s.Forms {
		out[i] = f.Text
	}
	return out
}

func searchTaxonomy(t *taxonomy.Taxonomy, q string, limit int) []searchHit {
	var hits []searchHit
	seen := map[string]bool{}
	p := taxonomy.NormalizeLabel(q)
	addSkill := func(s *taxonomy.Skill, exact bool) {
		if !seen["s:"+s.ID] {
			seen["s:"+s.ID] = true
			hits = append(hits, searchHit{"skill", s.ID, s.Label, string(s.Type), matchedForm(formTexts(s), p, exact), exact})
		}
	}
	for _, s := range t.ByLabel(q) {
		addSkill(s, true)
	}
	for _, s := range t.Prefix(q, limit) {
		addSkill(s, false)
	}
	if len(hits) > limit {
		hits = hits[:limit]
	}
	nSkills := len(hits)
	for _, o := range t.OccupationsByTitle(q) {
		seen["o:"+o.ID] = true
		hits = append(hits, searchHit{"occupation", o.ID, o.Title, o.Code, matchedForm(append([]string{o.Title}, o.AltTitles...), p, true), true})
	}
	var pre []*taxonomy.Occupation
	for _, o := range t.Occupations() {
		if seen["o:"+o.ID] || p == "" {
			continue
		}
		for _, title := range append([]string{o.Title}, o.AltTitles...) {
			if strings.HasPrefix(taxonomy.NormalizeLabel(title), p) {
				pre = append(pre, o)
				break
			}
		}
	}
	sort.SliceStable(pre, func(i, j int) bool { return len(pre[i].Title) < len(pre[j].Title) })
	for _, o := range pre {
		hits = append(hits, searchHit{"occupation", o.ID, o.Title, o.Code, matchedForm(append([]string{o.Title}, o.AltTitles...), p, false), false})
	}
	if len(hits)-nSkills > limit {
		hits = hits[:nSkills+limit]
	}
	return hits
}

func taxShowCmd() *cobra.Command {
	var asJSON, all bool
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Show a skill or an occupation with its relations",
		Long: `Show everything the taxonomy holds about one skill (labels, aliases, hidden
forms and their flags, type, category, URIs, broader, narrower and related
skills, and the occupations that need it) or one occupation (titles, code and
its essential and optional skills). ID is a skill or occupation ID as printed
by "taxonomy search"; an unknown ID is an error (exit status 1).`,
		Example: `  skillmatch taxonomy show python
  skillmatch taxonomy show http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d --taxonomy esco:DIR
  skillmatch taxonomy show onet:15-1252.00 --taxonomy onet:DIR --json`,
		Args: cobra.ExactArgs(1),
	}
	spec := addTaxonomyFlag(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object")
	cmd.Flags().BoolVar(&all, "all", false, "list every related occupation or skill (text output stops at 25)")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		t, err := loadTaxonomy(*spec)
		if err != nil {
			return err
		}
		id := args[0]
		max := 25
		if all || asJSON {
			max = -1
		}
		out := cmd.OutOrStdout()
		if s, ok := t.Skill(id); ok {
			v := skillView(t, s)
			if asJSON {
				return writeJSON(out, v)
			}
			return printSkill(out, v, max)
		}
		if o, ok := t.Occupation(id); ok {
			v := occupationView(t, o)
			if asJSON {
				return writeJSON(out, v)
			}
			return printOccupation(out, v, max)
		}
		msg := fmt.Sprintf("taxonomy %s has no skill or occupation with ID %q", t.Version, id)
		var guesses []string
		for _, s := range t.ByLabel(id) {
			guesses = append(guesses, fmt.Sprintf("skill %s (%s)", s.ID, s.Label))
		}
		for _, o := range t.OccupationsByTitle(id) {
			guesses = append(guesses, fmt.Sprintf("occupation %s (%s)", o.ID, o.Title))
		}
		if len(guesses) > 0 {
			return fmt.Errorf("%s; by label it is: %s", msg, strings.Join(guesses, "; "))
		}
		return fmt.Errorf("%s; try \"skillmatch taxonomy search %s\"", msg, id)
	}
	return cmd
}

// ref names a skill or occupation in show output.
type ref struct {
	ID       string `json:"id"`
	Label    string `json:"label"`
	Relation string `json:"relation,omitempty"` // essential or optional
}

type skillShow struct {
	*taxonomy.Skill
	Ancestors   []ref `json:"ancestors"`
	BroaderRefs []ref `json:"broader_skills"`
	Narrower    []ref `json:"narrower"`
	RelatedRefs []ref `json:"related_skills"`
	Occupations []ref `json:"occupations"`
}

func skillRefs(t *taxonomy.Taxonomy, ids []string) []ref {
	out := []ref{}
	for _, id := range ids {
		r := ref{ID: id}
		if s, ok := t.Skill(id); ok {
			r.Label = s.Label
		}
		out = append(out, r)
	}
	return out
}

func skillView(t *taxonomy.Taxonomy, s *taxonomy.Skill) skillShow {
	v := skillShow{Skill: s, Ancestors: skillRefs(t, t.Ancestors(s.ID)), BroaderRefs: skillRefs(t, s.Broader),
		Narrower: skillRefs(t, t.Narrower(s.ID)), RelatedRefs: skillRefs(t, s.Related), Occupations: []ref{}}
	for _, oid := range t.OccupationsOf(s.ID) {
		o, _ := t.Occupation(oid)
		rel := "optional"
		for _, e := range o.Essential {
			if e == s.ID {
				rel = "essential"
				break
			}
		}
		v.Occupations = append(v.Occupations, ref{oid, o.Title, rel})
	}
	sort.SliceStable(v.Occupations, func(i, j int) bool {
		return v.Occupations[i].Relation < v.Occupations[j].Relation // essential first
	})
	return v
}

func printSkill(out io.Writer, v skillShow, max int) error {
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	s := v.Skill
	fmt.Fprintf(w, "skill\t%s\n", s.ID)
	fmt.Fprintf(w, "label\t%s\n", s.Label)
	fmt.Fprintf(w, "type\t%s\n", s.Type)
	for _, kv := range [][2]string{{"category", s.Category}, {"sector", s.Sector}, {"description", s.Description}} {
		if kv[1] != "" {
			fmt.Fprintf(w, "%s\t%s\n", kv[0], strings.ReplaceAll(kv[1], "\n", " "))
		}
	}
	for _, kind := range []taxonomy.FormKind{taxonomy.FormPreferred, taxonomy.FormAlt, taxonomy.FormHidden} {
		var forms []string
		for _, f := range s.Forms {
			if f.Kind != kind || (kind == taxonomy.FormPreferred && !f.Ambiguous && !f.CaseSensitive) {
				continue
			}
			var flags []string
			if f.Ambiguous {
				flags = append(flags, "ambiguous")
			}
			if f.CaseSensitive {
				flags = append(flags, "case-sensitive")
			}
			if len(flags) > 0 {
				forms = append(forms, fmt.Sprintf("%s [%s]", f.Text, strings.Join(flags, ", ")))
			} else {
				forms = append(forms, f.Text)
			}
		}
		name := map[taxonomy.FormKind]string{taxonomy.FormPreferred: "label flags", taxonomy.FormAlt: "aliases", taxonomy.FormHidden: "hidden"}[kind]
		if len(forms) > 0 {
			fmt.Fprintf(w, "%s\t%s\n", name, strings.Join(forms, " | "))
		}
	}
	if len(s.URIs) > 0 {
		fmt.Fprintf(w, "uris\t%s\n", strings.Join(s.URIs, " "))
	}
	if s.HotTech || s.InDemand {
		fmt.Fprintf(w, "O*NET flags\thot technology: %v, in demand: %v\n", s.HotTech, s.InDemand)
	}
	printRefs(w, "broader", v.BroaderRefs, max)
	printRefs(w, "ancestors", v.Ancestors, max)
	printRefs(w, "narrower", v.Narrower, max)
	printRefs(w, "related", v.RelatedRefs, max)
	printRefs(w, "occupations", v.Occupations, max)
	return w.Flush()
}

func printRefs(w io.Writer, name string, refs []ref, max int) {
	if len(refs) == 0 {
		return
	}
	// Lines without a tab do not take part in tabwriter's columns.
	fmt.Fprintf(w, "%s (%d):\n", name, len(refs))
	for i, r := range refs {
		if max >= 0 && i == max {
			fmt.Fprintf(w, "  ... %d more (--all lists them)\n", len(refs)-max)
			break
		}
		line := "  " + r.ID
		if r.Label != "" {
			line += "  " + r.Label
		}
		if r.Relation != "" {
			line += "  (" + r.Relation + ")"
		}
		fmt.Fprintln(w, line)
	}
}

type occupationShow struct {
	*taxonomy.Occupation
	EssentialSkills []ref `json:"essential_skills"`
	OptionalSkills  []ref `json:"optional_skills"`
}

func occupationView(t *taxonomy.Taxonomy, o *taxonomy.Occupation) occupationShow {
	return occupationShow{o, skillRefs(t, o.Essential), skillRefs(t, o.Optional)}
}

func printOccupation(out io.Writer, v occupationShow, max int) error {
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	o := v.Occupation
	fmt.Fprintf(w, "occupation\t%s\n", o.ID)
	fmt.Fprintf(w, "title\t%s\n", o.Title)
	alts := o.AltTitles
	if max >= 0 && len(alts) > max {
		alts = append(alts[:max:max], fmt.Sprintf("... %d more (--all lists them)", len(o.AltTitles)-max))
	}
	for _, kv := range [][2]string{{"code", o.Code}, {"sector", o.Sector}, {"description", o.Description},
		{"alt titles", strings.Join(alts, " | ")}, {"uris", strings.Join(o.URIs, " ")}} {
		if kv[1] != "" {
			fmt.Fprintf(w, "%s\t%s\n", kv[0], strings.ReplaceAll(kv[1], "\n", " "))
		}
	}
	printRefs(w, "essential skills", v.EssentialSkills, max)
	printRefs(w, "optional skills", v.OptionalSkills, max)
	return w.Flush()
}

func taxExportCmd() *cobra.Command {
	var format, outPath string
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write the taxonomy in the skillmatch CSV or JSON file format",
		Long: `Write the loaded taxonomy (any spec, including merged layers) in skillmatch's
own file format, which "--taxonomy file:PATH" reads back unchanged.

  --format json   one JSON document, to stdout or to --out FILE
  --format csv    a directory (--out DIR, required) with skills.csv,
                  occupations.csv and a VERSION file`,
		Example: `  skillmatch taxonomy export --format json > default.json
  skillmatch taxonomy export --format csv --out my-taxonomy --taxonomy default,onet:DIR
  skillmatch taxonomy stats --taxonomy file:my-taxonomy`,
		Args: cobra.NoArgs,
	}
	spec := addTaxonomyFlag(cmd)
	cmd.Flags().StringVar(&format, "format", "json", "csv or json")
	cmd.Flags().StringVar(&outPath, "out", "", "output file (json) or directory (csv); json defaults to stdout")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		if format != "csv" && format != "json" {
			return fmt.Errorf("--format %q: want csv or json", format)
		}
		if format == "csv" && outPath == "" {
			return errors.New("--format csv writes two files: give the directory with --out DIR")
		}
		t, err := loadTaxonomy(*spec)
		if err != nil {
			return err
		}
		if format == "json" {
			if outPath == "" {
				return t.WriteJSON(cmd.OutOrStdout())
			}
			return writeFile(outPath, t.WriteJSON)
		}
		if err := os.MkdirAll(outPath, 0o755); err != nil {
			return err
		}
		if err := writeFile(filepath.Join(outPath, "skills.csv"), t.WriteSkillsCSV); err != nil {
			return err
		}
		if err := writeFile(filepath.Join(outPath, "occupations.csv"), t.WriteOccupationsCSV); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(outPath, "VERSION"), []byte(t.Version+"\n"), 0o644)
	}
	return cmd
}

// writeFile creates path and fills it with write, reporting close errors.
func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	return f.Close()
}

func taxValidateCmd() *cobra.Command {
	var strict bool
	cmd := &cobra.Command{
		Use:   "validate",
		Short: "List every problem met loading the taxonomy; exit 1 if there is any",
		Long: `Load the taxonomy and list every problem met on the way, one per line, with
file:line where there is one: skipped rows (unknown type, duplicate ID, missing
label, malformed CSV), references to unknown skills that were dropped, flags
naming a form the skill does not have, relations naming unknown occupations.
Exit status 1 when there is at least one problem, 0 when there is none.

With --strict, also report broader cycles and surface forms that two skills
share without an ambiguous flag (the bundled default passes; ESCO does not).`,
		Example: `  skillmatch taxonomy validate --taxonomy file:my-skills/
  skillmatch taxonomy validate --strict`,
		Args: cobra.NoArgs,
	}
	spec := addTaxonomyFlag(cmd)
	cmd.Flags().BoolVar(&strict, "strict", false, "also check for broader cycles and unflagged shared surface forms")
	cmd.RunE = func(cmd *cobra.Command, _ []string) error {
		t, err := taxonomy.Load(*spec)
		if err != nil {
			return err
		}
		problems := t.Problems()
		if strict {
			problems = append(append([]error(nil), problems...), taxonomy.Lint(t)...)
		}
		out := cmd.OutOrStdout()
		for _, p := range problems {
			fmt.Fprintln(out, p)
		}
		if len(problems) > 0 {
			return fmt.Errorf("taxonomy %s: %d problem(s)", t.Version, len(problems))
		}
		st := t.Stats()
		fmt.Fprintf(out, "taxonomy %s: no problems (%d skills, %d occupations)\n", t.Version, st.Skills, st.Occupations)
		return nil
	}
	return cmd
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// thousands formats n with comma separators: 13896 -> "13,896".
func thousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// countList renders a count map largest first: "skill 1,200, tool 800".
// max > 0 keeps only the first max entries.
func countList(m map[string]int, max int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	if max > 0 && len(keys) > max {
		keys = keys[:max]
	}
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + " " + thousands(m[k])
	}
	return strings.Join(parts, ", ")
}
