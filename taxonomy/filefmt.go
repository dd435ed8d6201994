package taxonomy

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/skillmatch/skillmatch"
)

// This file reads and writes skillmatch's own taxonomy format: skills*.csv,
// occupations*.csv and *.json files, alone or in a directory. The bundled
// default is the same format (see default.go). docs/taxonomy.md documents it.

func init() { Register("file", LoadFile) }

// skillColumns and occColumns are the CSV columns in the order Write*CSV
// emits them. Only id and label (skills) or id and title (occupations) are
// required when reading.
var (
	skillColumns = []string{"id", "label", "type", "category", "sector", "aliases", "hidden",
		"ambiguous", "case_sensitive", "broader", "related", "uris", "description",
		"hot_technology", "in_demand"}
	occColumns = []string{"id", "title", "alt_titles", "code", "sector", "essential", "optional",
		"uris", "description"}
)

// fileSkill is one skill as the file format spells it (a CSV row or a JSON object).
type fileSkill struct {
	ID            string   `json:"id"`
	Label         string   `json:"label"`
	Type          string   `json:"type,omitempty"`
	Category      string   `json:"category,omitempty"`
	Sector        string   `json:"sector,omitempty"`
	Aliases       []string `json:"aliases,omitempty"`
	Hidden        []string `json:"hidden,omitempty"`
	Ambiguous     []string `json:"ambiguous,omitempty"`
	CaseSensitive []string `json:"case_sensitive,omitempty"`
	Broader       []string `json:"broader,omitempty"`
	Related       []string `json:"related,omitempty"`
	URIs          []string `json:"uris,omitempty"`
	Description   string   `json:"description,omitempty"`
	HotTech       bool     `json:"hot_technology,omitempty"`
	InDemand      bool     `json:"in_demand,omitempty"`
}

// fileOccupation is one occupation as the file format spells it.
type fileOccupation struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	AltTitles   []string `json:"alt_titles,omitempty"`
	Code        string   `json:"code,omitempty"`
	Sector      string   `json:"sector,omitempty"`
	Essential   []string `json:"essential,omitempty"`
	Optional    []string `json:"optional,omitempty"`
	URIs        []string `json:"uris,omitempty"`
	Description string   `json:"description,omitempty"`
}

// fileDoc is the JSON form of a whole taxonomy.
type fileDoc struct {
	Version     string           `json:"version,omitempty"`
	Language    string           `json:"language,omitempty"`
	Skills      []fileSkill      `json:"skills"`
	Occupations []fileOccupation `json:"occupations"`
}

// LoadFile loads a taxonomy in the skillmatch CSV/JSON format from path: a
// skills*.csv, occupations*.csv or .json file, or a directory of them. It is
// the "file:" loader. The version is the JSON "version", else the first line
// of a VERSION file in the directory, else "file-" and the base name.
// Malformed rows are skipped and kept as Problems with file:line; a file
// that is not in the format is an error.
func LoadFile(p string) (*Taxonomy, error) {
	if p == "" {
		return nil, errors.New(`file: needs a path ("file:skills.csv" or "file:DIR")`)
	}
	fi, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	version := "file-" + strings.TrimSuffix(filepath.Base(filepath.Clean(p)), filepath.Ext(p))
	if !fi.IsDir() {
		l := newFileLoader(version)
		if err := l.readFile(os.DirFS(filepath.Dir(p)), filepath.Base(p), p, true); err != nil {
			return nil, err
		}
		return l.build()
	}
	if v, err := os.ReadFile(filepath.Join(p, "VERSION")); err == nil {
		if line, _, _ := strings.Cut(string(v), "\n"); strings.TrimSpace(line) != "" {
			version = strings.TrimSpace(line)
		}
	}
	return loadDirFS(os.DirFS(p), p, version, false)
}

// LoadFS loads the format from the root directory of fsys (skills*.csv,
// occupations*.csv and *.json files) under the given version. The bundled
// default is loaded this way from its embedded files.
func LoadFS(fsys fs.FS, version string) (*Taxonomy, error) {
	return loadDirFS(fsys, ".", version, true)
}

func loadDirFS(fsys fs.FS, display, version string, fixedVersion bool) (*Taxonomy, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	l := newFileLoader(version)
	l.fixedVersion = fixedVersion
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		n := e.Name()
		switch ext := strings.ToLower(path.Ext(n)); {
		case ext == ".json", ext == ".csv" && (isSkillsName(n) || isOccName(n)):
			names = append(names, n)
		case ext == ".csv":
			l.b.Problem(fmt.Errorf("%s: ignored: a CSV in a taxonomy directory must be named skills*.csv or occupations*.csv", filepath.Join(display, n)))
		}
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("%s: no skills*.csv, occupations*.csv or .json files", display)
	}
	// Skills files first so that the order of Skills() does not depend on
	// how occupation files sort among them.
	sort.SliceStable(names, func(i, j int) bool { return isSkillsName(names[i]) && !isSkillsName(names[j]) })
	for _, n := range names {
		if err := l.readFile(fsys, n, filepath.Join(display, n), false); err != nil {
			return nil, err
		}
	}
	return l.build()
}

func isSkillsName(n string) bool { return strings.HasPrefix(strings.ToLower(n), "skills") }
func isOccName(n string) bool    { return strings.HasPrefix(strings.ToLower(n), "occupations") }

// fileLoader accumulates the rows of one or more files into a Builder and
// remembers where each record came from, for reference problems.
type fileLoader struct {
	b            *Builder
	fixedVersion bool
	where        map[string]string // "s:"+skill ID or "o:"+occupation ID -> file:line
}

func newFileLoader(version string) *fileLoader {
	return &fileLoader{b: NewBuilder(version, "en"), where: map[string]string{}}
}

// readFile reads one file. name is its name inside fsys, display the name
// used in messages; single says the file was named on its own, so a CSV
// whose name says nothing is recognised by its header.
func (l *fileLoader) readFile(fsys fs.FS, name, display string, single bool) error {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return err
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	switch strings.ToLower(path.Ext(name)) {
	case ".json":
		return l.readJSON(display, data)
	case ".csv":
		kind := ""
		switch {
		case isSkillsName(name):
			kind = "skills"
		case isOccName(name):
			kind = "occupations"
		case !single:
			return fmt.Errorf("%s: not a skills*.csv or occupations*.csv file", display)
		}
		return l.readCSV(display, name, kind, data)
	default:
		return fmt.Errorf("%s: not a taxonomy file: want .csv or .json", display)
	}
}

// readCSV reads a skills or occupations CSV; kind "" means decide by header.
func (l *fileLoader) readCSV(display, name, kind string, data []byte) error {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err == io.EOF {
		return fmt.Errorf("%s: empty file, want a CSV header", display)
	}
	if err != nil {
		return fmt.Errorf("%s: reading the header: %w", display, err)
	}
	col := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if _, dup := col[h]; dup && h != "" {
			return fmt.Errorf("%s:1: column %q appears twice", display, h)
		}
		col[h] = i
	}
	_, hasID := col["id"]
	_, hasLabel := col["label"]
	_, hasTitle := col["title"]
	if kind == "" {
		switch {
		case hasID && hasLabel:
			kind = "skills"
		case hasID && hasTitle:
			kind = "occupations"
		default:
			return fmt.Errorf("%s: not a taxonomy CSV: the header needs id and label (skills) or id and title (occupations), found %s", display, strings.Join(header, ","))
		}
	}
	known := skillColumns
	if kind == "skills" && !(hasID && hasLabel) {
		return fmt.Errorf("%s: not a skills CSV: the header needs the columns id and label, found %s", display, strings.Join(header, ","))
	}
	if kind == "occupations" {
		if !(hasID && hasTitle) {
			return fmt.Errorf("%s: not an occupations CSV: the header needs the columns id and title, found %s", display, strings.Join(header, ","))
		}
		known = occColumns
	}
	for _, h := range header {
		if h = strings.ToLower(strings.TrimSpace(h)); !contains(known, h) {
			l.b.Problem(fmt.Errorf("%s:1: unknown column %q ignored (known: %s)", display, h, strings.Join(known, ", ")))
		}
	}
	sector := ""
	if kind == "skills" {
		base := strings.TrimSuffix(name, path.Ext(name))
		if _, rest, ok := strings.Cut(base, "_"); ok {
			sector = rest
		}
	}
	var rec []string
	get := func(c string) string {
		if i, ok := col[c]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	for {
		rec, err = r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				l.b.Problem(fmt.Errorf("%s:%d: %w; row skipped", display, pe.StartLine, pe.Err))
				continue
			}
			return fmt.Errorf("%s: %w", display, err)
		}
		line, _ := r.FieldPos(0)
		where := fmt.Sprintf("%s:%d", display, line)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // blank line
		}
		if len(rec) > len(header) && strings.TrimSpace(strings.Join(rec[len(header):], "")) != "" {
			l.b.Problem(fmt.Errorf("%s: %d cells but the header has %d (an unquoted comma?); row skipped", where, len(rec), len(header)))
			continue
		}
		if kind == "skills" {
			hot, err1 := parseBool(get("hot_technology"))
			dem, err2 := parseBool(get("in_demand"))
			if err := errors.Join(err1, err2); err != nil {
				l.b.Problem(fmt.Errorf("%s: %w; flag ignored", where, err))
			}
			l.addSkill(where, fileSkill{ID: get("id"), Label: get("label"), Type: get("type"),
				Category: get("category"), Sector: get("sector"), Aliases: splitList(get("aliases")),
				Hidden: splitList(get("hidden")), Ambiguous: splitList(get("ambiguous")),
				CaseSensitive: splitList(get("case_sensitive")), Broader: splitList(get("broader")),
				Related: splitList(get("related")), URIs: splitList(get("uris")),
				Description: get("description"), HotTech: hot, InDemand: dem}, sector)
		} else {
			l.addOccupation(where, fileOccupation{ID: get("id"), Title: get("title"),
				AltTitles: splitList(get("alt_titles")), Code: get("code"), Sector: get("sector"),
				Essential: splitList(get("essential")), Optional: splitList(get("optional")),
				URIs: splitList(get("uris")), Description: get("description")})
		}
	}
}

// readJSON reads a whole-taxonomy JSON document, element by element so that
// a bad element is reported with its line and skipped.
func (l *fileLoader) readJSON(display string, data []byte) error {
	notFormat := func(why string) error {
		return fmt.Errorf(`%s: not a skillmatch taxonomy JSON (want {"version": ..., "skills": [...], "occupations": [...]}): %s`, display, why)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return notFormat(err.Error())
	}
	if tok != json.Delim('{') {
		return notFormat(fmt.Sprintf("the top level is %v, not an object", tok))
	}
	found := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fmt.Errorf("%s:%d: %w", display, lineAt(data, dec.InputOffset()), err)
		}
		key, _ := tok.(string)
		switch key {
		case "version", "language":
			var v string
			if err := dec.Decode(&v); err != nil {
				return fmt.Errorf("%s:%d: %q: %w", display, lineAt(data, dec.InputOffset()), key, err)
			}
			if key == "language" && v != "" {
				l.b.language = v
			} else if key == "version" && v != "" && !l.fixedVersion {
				l.b.version = v
			}
		case "skills", "occupations":
			found = true
			if t, err := dec.Token(); err != nil || t != json.Delim('[') {
				return notFormat(fmt.Sprintf("%q must be an array", key))
			}
			for i := 0; dec.More(); i++ {
				off := dec.InputOffset()
				for off < int64(len(data)) && strings.IndexByte(" \t\r\n,", data[off]) >= 0 {
					off++
				}
				where := fmt.Sprintf("%s:%d", display, lineAt(data, off))
				var err error
				if key == "skills" {
					var s fileSkill
					if err = dec.Decode(&s); err == nil {
						l.addSkill(where, s, "")
					}
				} else {
					var o fileOccupation
					if err = dec.Decode(&o); err == nil {
						l.addOccupation(where, o)
					}
				}
				var te *json.UnmarshalTypeError
				if errors.As(err, &te) {
					l.b.Problem(fmt.Errorf("%s: %s[%d]: %w; skipped", where, key, i, err))
				} else if err != nil {
					return fmt.Errorf("%s: %s[%d]: %w", where, key, i, err)
				}
			}
			if _, err := dec.Token(); err != nil {
				return fmt.Errorf("%s: %w", display, err)
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return fmt.Errorf("%s:%d: %w", display, lineAt(data, dec.InputOffset()), err)
			}
			l.b.Problem(fmt.Errorf("%s: unknown key %q ignored", display, key))
		}
	}
	if !found {
		return notFormat(`it has neither "skills" nor "occupations"`)
	}
	return nil
}

// lineAt returns the 1-based line of byte offset off in data.
func lineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return 1 + bytes.Count(data[:off], []byte("\n"))
}

// addSkill checks one skill record and adds it; a bad record becomes a
// problem. sector is the default taken from the file name.
func (l *fileLoader) addSkill(where string, r fileSkill, sector string) {
	typ := skillmatch.SkillType(strings.ToLower(strings.TrimSpace(r.Type)))
	if typ == "" {
		typ = skillmatch.TypeSkill
	}
	if !typ.Valid() {
		l.b.Problem(fmt.Errorf("%s: skill %q: unknown type %q (want one of %v); row skipped", where, r.ID, r.Type, skillmatch.SkillTypes))
		return
	}
	if r.Sector == "" {
		r.Sector = sector
	}
	s := Skill{ID: r.ID, Label: r.Label, Type: typ, Category: r.Category, Sector: r.Sector,
		Broader: r.Broader, Related: r.Related, URIs: r.URIs, Description: r.Description,
		HotTech: r.HotTech, InDemand: r.InDemand}
	s.Forms = append(s.Forms, SurfaceForm{Text: strings.TrimSpace(r.Label), Kind: FormPreferred})
	for _, a := range r.Aliases {
		s.Forms = append(s.Forms, SurfaceForm{Text: a, Kind: FormAlt})
	}
	for _, h := range r.Hidden {
		s.Forms = append(s.Forms, SurfaceForm{Text: h, Kind: FormHidden})
	}
	flag := func(list []string, what string, set func(*SurfaceForm)) {
		for _, x := range list {
			if i := findForm(s.Forms, x); i >= 0 {
				set(&s.Forms[i])
			} else {
				l.b.Problem(fmt.Errorf("%s: skill %q: %s form %q is not its label, an alias or a hidden label; ignored", where, r.ID, what, x))
			}
		}
	}
	flag(r.Ambiguous, "ambiguous", func(f *SurfaceForm) { f.Ambiguous = true })
	flag(r.CaseSensitive, "case_sensitive", func(f *SurfaceForm) { f.CaseSensitive = true })
	p, err := l.b.AddSkill(s)
	if err != nil {
		if prev, ok := l.where["s:"+strings.TrimSpace(r.ID)]; ok {
			err = fmt.Errorf("%w (first at %s)", err, prev)
		}
		l.b.Problem(fmt.Errorf("%s: %w; row skipped", where, err))
		return
	}
	l.where["s:"+p.ID] = where
}

// findForm returns the index of the form whose text is x, exactly or else
// after NormalizeLabel, or -1.
func findForm(forms []SurfaceForm, x string) int {
	for i, f := range forms {
		if f.Text == x {
			return i
		}
	}
	k := NormalizeLabel(x)
	for i, f := range forms {
		if NormalizeLabel(f.Text) == k {
			return i
		}
	}
	return -1
}

func (l *fileLoader) addOccupation(where string, r fileOccupation) {
	o := Occupation{ID: r.ID, Title: r.Title, AltTitles: r.AltTitles, Code: r.Code, Sector: r.Sector,
		Essential: r.Essential, Optional: r.Optional, URIs: r.URIs, Description: r.Description}
	p, err := l.b.AddOccupation(o)
	if err != nil {
		if prev, ok := l.where["o:"+strings.TrimSpace(r.ID)]; ok {
			err = fmt.Errorf("%w (first at %s)", err, prev)
		}
		l.b.Problem(fmt.Errorf("%s: %w; row skipped", where, err))
		return
	}
	l.where["o:"+p.ID] = where
}

// build drops references to unknown skills with a file:line problem each
// (so that Build finds none to drop) and builds the taxonomy.
func (l *fileLoader) build() (*Taxonomy, error) {
	check := func(where, owner, what string, ids []string) []string {
		out := ids[:0]
		for _, id := range ids {
			if _, ok := l.b.skillIdx[id]; !ok {
				l.b.Problem(fmt.Errorf("%s: %s: %s %q is not a skill id; dropped", where, owner, what, id))
				continue
			}
			out = append(out, id)
		}
		return out
	}
	for _, s := range l.b.skills {
		w := l.where["s:"+s.ID]
		s.Broader = check(w, "skill "+s.ID, "broader", s.Broader)
		s.Related = check(w, "skill "+s.ID, "related", s.Related)
	}
	for _, o := range l.b.occs {
		w := l.where["o:"+o.ID]
		o.Essential = check(w, "occupation "+o.ID, "essential skill", o.Essential)
		o.Optional = check(w, "occupation "+o.ID, "optional skill", o.Optional)
	}
	return l.b.Build()
}

// splitList splits a |-separated (or newline-separated) cell, trimming and
// dropping empty items.
func splitList(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, x := range strings.FieldsFunc(s, func(r rune) bool { return r == '|' || r == '\n' }) {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

func parseBool(s string) (bool, error) {
	switch strings.ToLower(s) {
	case "", "n", "no", "false", "0":
		return false, nil
	case "y", "yes", "true", "1":
		return true, nil
	}
	return false, fmt.Errorf("%q is not a yes/no value", s)
}

func contains(list []string, x string) bool {
	for _, y := range list {
		if y == x {
			return true
		}
	}
	return false
}

// toFileSkill converts a skill back to the file format.
func toFileSkill(s *Skill) fileSkill {
	r := fileSkill{ID: s.ID, Label: s.Label, Type: string(s.Type), Category: s.Category, Sector: s.Sector,
		Broader: s.Broader, Related: s.Related, URIs: s.URIs, Description: s.Description,
		HotTech: s.HotTech, InDemand: s.InDemand}
	for _, f := range s.Forms {
		switch f.Kind {
		case FormAlt:
			r.Aliases = append(r.Aliases, f.Text)
		case FormHidden:
			r.Hidden = append(r.Hidden, f.Text)
		}
		if f.Ambiguous {
			r.Ambiguous = append(r.Ambiguous, f.Text)
		}
		if f.CaseSensitive {
			r.CaseSensitive = append(r.CaseSensitive, f.Text)
		}
	}
	return r
}

func toFileOccupation(o *Occupation) fileOccupation {
	return fileOccupation{ID: o.ID, Title: o.Title, AltTitles: o.AltTitles, Code: o.Code, Sector: o.Sector,
		Essential: o.Essential, Optional: o.Optional, URIs: o.URIs, Description: o.Description}
}

// WriteJSON writes t in the JSON file format, which LoadFile reads back.
func (t *Taxonomy) WriteJSON(w io.Writer) error {
	doc := fileDoc{Version: t.Version, Language: t.Language,
		Skills: make([]fileSkill, 0, len(t.skills)), Occupations: make([]fileOccupation, 0, len(t.occupations))}
	for _, s := range t.skills {
		doc.Skills = append(doc.Skills, toFileSkill(s))
	}
	for _, o := range t.occupations {
		doc.Occupations = append(doc.Occupations, toFileOccupation(o))
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// WriteSkillsCSV writes t's skills as a skills CSV with every column.
func (t *Taxonomy) WriteSkillsCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(skillColumns)
	yes := func(b bool) string {
		if b {
			return "yes"
		}
		return ""
	}
	for _, s := range t.skills {
		r := toFileSkill(s)
		cw.Write([]string{r.ID, r.Label, r.Type, r.Category, r.Sector, joinList(r.Aliases),
			joinList(r.Hidden), joinList(r.Ambiguous), joinList(r.CaseSensitive), joinList(r.Broader),
			joinList(r.Related), joinList(r.URIs), r.Description, yes(r.HotTech), yes(r.InDemand)})
	}
	cw.Flush()
	return cw.Error()
}

// WriteOccupationsCSV writes t's occupations as an occupations CSV.
func (t *Taxonomy) WriteOccupationsCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(occColumns)
	for _, o := range t.occupations {
		cw.Write([]string{o.ID, o.Title, joinList(o.AltTitles), o.Code, o.Sector, joinList(o.Essential),
			joinList(o.Optional), joinList(o.URIs), o.Description})
	}
	cw.Flush()
	return cw.Error()
}

// joinList joins list items with "|". An item holding "|" cannot round-trip;
// such labels do not occur in the supported sources.
func joinList(xs []string) string { return strings.Join(xs, "|") }
