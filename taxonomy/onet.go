package taxonomy

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/skillmatch/skillmatch"
)

// This file is the "onet:" loader: the O*NET database text files (tab
// separated, one header line) become occupations with O*NET-SOC codes,
// technology skills as tools, and the Skills and Knowledge elements.

func init() { Register("onet", LoadONET) }

// Importance thresholds on O*NET's 1-5 importance (IM) scale: an element at
// or above MinImportance is one of the occupation's skills, essential at or
// above EssentialImportance. "onet:DIR?min_importance=3.5" overrides the first,
// "?essential_importance=4" the second.
const (
	ONETMinImportance       = 3.0
	ONETEssentialImportance = 3.5
)

var onetVersionRe = regexp.MustCompile(`\d+\.\d+`)

// onetCategories names the O*NET content model groups of the Skills and
// Knowledge elements, by Element ID prefix (longest prefix first).
var onetCategories = []struct{ prefix, name string }{
	{"2.A.1", "basic skills: content"}, {"2.A.2", "basic skills: process"},
	{"2.B.1", "social skills"}, {"2.B.2", "complex problem solving skills"},
	{"2.B.3", "technical skills"}, {"2.B.4", "systems skills"}, {"2.B.5", "resource management skills"},
	{"2.C.10", "transportation"}, {"2.C.1", "business and management"},
	{"2.C.2", "manufacturing and production"}, {"2.C.3", "engineering and technology"},
	{"2.C.4", "mathematics and science"}, {"2.C.5", "health services"},
	{"2.C.6", "education and training"}, {"2.C.7", "arts and humanities"},
	{"2.C.8", "law and public safety"}, {"2.C.9", "communications"},
}

func onetCategory(elementID string) string {
	for _, c := range onetCategories {
		if elementID == c.prefix || strings.HasPrefix(elementID, c.prefix+".") {
			return c.name
		}
	}
	return ""
}

// onetReport counts what the O*NET loader read, for tests and benchmarks.
type onetReport struct {
	occupations, altTitles, techRows, tools, elements, ratingRows, occSkills int
}

// LoadONET loads an O*NET database text directory: arg is "DIR", optionally
// with "?min_importance=X&essential_importance=Y". Occupation IDs are
// "onet:" and the O*NET-SOC code; each distinct Technology Skills example is
// a tool skill "onet:tool:<slug>"; Skills and Knowledge elements are skills
// "onet:<Element ID>". The version is "onet-" and the NN.N in the directory
// name, else "onet".
func LoadONET(arg string) (*Taxonomy, error) {
	t, _, err := loadONET(arg)
	return t, err
}

func loadONET(arg string) (*Taxonomy, onetReport, error) {
	var rep onetReport
	dir, opts, err := splitSpec(arg, "min_importance", "essential_importance")
	if err != nil {
		return nil, rep, fmt.Errorf(`onet: %w (want "onet:DIR" or "onet:DIR?min_importance=3.5")`, err)
	}
	l := &onetLoader{dir: dir, rep: &rep, minIM: ONETMinImportance, essIM: ONETEssentialImportance,
		occs: map[string]*Occupation{}, unknownOcc: map[string]int{}}
	for key, dst := range map[string]*float64{"min_importance": &l.minIM, "essential_importance": &l.essIM} {
		if v := opts.Get(key); v != "" {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil || f < 1 || f > 5 {
				return nil, rep, fmt.Errorf("onet: %s=%q: want a number from 1 to 5", key, v)
			}
			*dst = f
		}
	}
	if fi, err := os.Stat(dir); err != nil {
		return nil, rep, err
	} else if !fi.IsDir() {
		return nil, rep, fmt.Errorf("%s: not a directory (onet: wants the directory of the O*NET text files)", dir)
	}
	version := "onet"
	if v := onetVersionRe.FindString(filepath.Base(filepath.Clean(dir))); v != "" {
		version = "onet-" + v
	}
	l.b = NewBuilder(version, "en")
	if err := l.load(); err != nil {
		return nil, rep, err
	}
	for _, code := range l.unknownOrder {
		l.b.Problem(fmt.Errorf("O*NET-SOC code %s is not in Occupation Data.txt; its %d row(s) skipped", code, l.unknownOcc[code]))
	}
	t, err := l.b.Build()
	return t, rep, err
}

type onetLoader struct {
	dir          string
	b            *Builder
	rep          *onetReport
	minIM, essIM float64
	occs         map[string]*Occupation // SOC code -> occupation
	unknownOcc   map[string]int         // SOC code missing from Occupation Data -> rows
	unknownOrder []string
}

// path returns the file named name in the directory, also accepting
// underscores for spaces; "" when absent.
func (l *onetLoader) path(name string) string {
	for _, n := range []string{name, strings.ReplaceAll(name, " ", "_")} {
		p := filepath.Join(l.dir, n)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

func (l *onetLoader) load() error {
	occFile := l.path("Occupation Data.txt")
	if occFile == "" {
		return fmt.Errorf("%s: not an O*NET text directory: no Occupation Data.txt", l.dir)
	}
	if err := l.readTSV(occFile, []string{"O*NET-SOC Code", "Title"}, l.occupationRow); err != nil {
		return err
	}
	if p := l.path("Alternate Titles.txt"); p != "" {
		if err := l.readTSV(p, []string{"O*NET-SOC Code", "Alternate Title"}, l.altTitleRow); err != nil {
			return err
		}
	}
	if p := l.path("Technology Skills.txt"); p != "" {
		tools := map[string]*Skill{} // example -> skill
		slugs := map[string]bool{}
		err := l.readTSV(p, []string{"O*NET-SOC Code", "Example", "Commodity Code", "Commodity Title"},
			func(where string, get func(string) string) { l.techRow(where, get, tools, slugs) })
		if err != nil {
			return err
		}
		l.rep.tools = len(tools)
	}
	for _, f := range []struct {
		name string
		typ  skillmatch.SkillType
	}{{"Skills.txt", skillmatch.TypeSkill}, {"Knowledge.txt", skillmatch.TypeKnowledge}} {
		p := l.path(f.name)
		if p == "" {
			continue
		}
		err := l.readTSV(p, []string{"O*NET-SOC Code", "Element ID", "Element Name", "Scale ID", "Data Value"},
			func(where string, get func(string) string) { l.ratingRow(where, get, f.typ) })
		if err != nil {
			return err
		}
	}
	return nil
}

// readTSV reads a tab-separated O*NET file with a header line, calling row
// for each data line with its file:line and a column getter. The required
// columns must be in the header, else the file is not what its name says.
func (l *onetLoader) readTSV(p string, required []string, row func(where string, get func(string) string)) error {
	f, err := os.Open(p)
	if err != nil {
		return err
	}
	defer f.Close()
	name := filepath.Base(p)
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	if !sc.Scan() {
		if err := sc.Err(); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		return fmt.Errorf("%s: empty file, want a tab-separated header", name)
	}
	header := strings.Split(strings.TrimRight(strings.TrimPrefix(sc.Text(), "\ufeff"), "\r"), "\t")
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(h)] = i
	}
	for _, req := range required {
		if _, ok := col[req]; !ok {
			return fmt.Errorf("%s: not the expected O*NET file: its header lacks %q (found %q)", name, req, header)
		}
	}
	var cells []string
	get := func(c string) string {
		if i, ok := col[c]; ok && i < len(cells) {
			return strings.TrimSpace(cells[i])
		}
		return ""
	}
	for n := 2; sc.Scan(); n++ {
		line := bytes.TrimRight(sc.Bytes(), "\r")
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		cells = strings.Split(string(line), "\t")
		where := fmt.Sprintf("%s:%d", name, n)
		if len(cells) != len(header) {
			l.b.Problem(fmt.Errorf("%s: %d tab-separated cells, the header has %d; row skipped", where, len(cells), len(header)))
			continue
		}
		row(where, get)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

func (l *onetLoader) occupationRow(where string, get func(string) string) {
	code := get("O*NET-SOC Code")
	o, err := l.b.AddOccupation(Occupation{ID: "onet:" + code, Title: get("Title"), Code: code,
		Description: get("Description")})
	if err != nil {
		l.b.Problem(fmt.Errorf("%s: %w; row skipped", where, err))
		return
	}
	l.occs[code] = o
	l.rep.occupations++
}

// occupation returns the occupation of a row's SOC code, counting rows for
// codes that Occupation Data.txt lacks (reported once per code at the end).
func (l *onetLoader) occupation(code string) *Occupation {
	if o := l.occs[code]; o != nil {
		return o
	}
	if l.unknownOcc[code] == 0 {
		l.unknownOrder = append(l.unknownOrder, code)
	}
	l.unknownOcc[code]++
	return nil
}

func (l *onetLoader) altTitleRow(where string, get func(string) string) {
	o := l.occupation(get("O*NET-SOC Code"))
	if o == nil {
		return
	}
	for _, t := range []string{get("Alternate Title"), get("Short Title")} {
		if t != "" && t != "n/a" && !contains(o.AltTitles, t) && t != o.Title {
			o.AltTitles = append(o.AltTitles, t)
			l.rep.altTitles++
		}
	}
}

func (l *onetLoader) techRow(where string, get func(string) string, tools map[string]*Skill, slugs map[string]bool) {
	l.rep.techRows++
	example := get("Example")
	if example == "" {
		l.b.Problem(fmt.Errorf("%s: empty Example; row skipped", where))
		return
	}
	hot, err1 := parseBool(get("Hot Technology"))
	demand, err2 := parseBool(get("In Demand"))
	if err1 != nil || err2 != nil {
		l.b.Problem(fmt.Errorf("%s: Hot Technology %q / In Demand %q: want Y or N; taken as N", where, get("Hot Technology"), get("In Demand")))
	}
	s := tools[example]
	if s == nil {
		base := "onet:tool:" + toolSlug(example)
		id := base
		for n := 2; slugs[id]; n++ {
			id = fmt.Sprintf("%s-%d", base, n)
		}
		slugs[id] = true
		var err error
		s, err = l.b.AddSkill(Skill{ID: id, Label: example, Type: skillmatch.TypeTool, Category: get("Commodity Title")})
		if err != nil {
			l.b.Problem(fmt.Errorf("%s: %w; row skipped", where, err))
			return
		}
		tools[example] = s
	}
	if code := get("Commodity Code"); code != "" {
		s.URIs = union(s.URIs, []string{"onet:commodity:" + code})
	}
	s.HotTech = s.HotTech || hot
	s.InDemand = s.InDemand || demand
	o := l.occupation(get("O*NET-SOC Code"))
	if o == nil {
		return
	}
	if hot {
		o.Essential = append(o.Essential, s.ID)
	} else {
		o.Optional = append(o.Optional, s.ID)
	}
	l.rep.occSkills++
}

// toolSlug makes an ID slug of a product name: lower case, runs of other
// characters as "-", with "+" and "#" spelled out so that C, C++ and C# differ.
func toolSlug(s string) string {
	s = strings.NewReplacer("+", " plus ", "#", " sharp ").Replace(strings.ToLower(s))
	var b strings.Builder
	dash := false
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		} else {
			dash = true
		}
	}
	if b.Len() == 0 {
		return "x"
	}
	return b.String()
}

// ratingRow reads one Skills or Knowledge row: the element becomes a skill
// on first sight; an importance rating at or above the threshold links it to
// the occupation. Rows O*NET recommends suppressing are not used.
func (l *onetLoader) ratingRow(where string, get func(string) string, typ skillmatch.SkillType) {
	l.rep.ratingRows++
	eid := get("Element ID")
	id := "onet:" + eid
	s, ok := l.b.Skill(id)
	if !ok {
		if typ == skillmatch.TypeSkill && strings.HasPrefix(eid, "2.B.1.") {
			typ = skillmatch.TypeSoft
		}
		var err error
		s, err = l.b.AddSkill(Skill{ID: id, Label: get("Element Name"), Type: typ, Category: onetCategory(eid),
			URIs: []string{"onet:element:" + eid}})
		if err != nil {
			l.b.Problem(fmt.Errorf("%s: %w; row skipped", where, err))
			return
		}
		l.rep.elements++
	}
	if get("Scale ID") != "IM" || strings.EqualFold(get("Recommend Suppress"), "Y") {
		return
	}
	v, err := strconv.ParseFloat(get("Data Value"), 64)
	if err != nil {
		l.b.Problem(fmt.Errorf("%s: Data Value %q is not a number; row skipped", where, get("Data Value")))
		return
	}
	if v < l.minIM {
		return
	}
	o := l.occupation(get("O*NET-SOC Code"))
	if o == nil {
		return
	}
	if v >= l.essIM {
		o.Essential = append(o.Essential, s.ID)
	} else {
		o.Optional = append(o.Optional, s.ID)
	}
	l.rep.occSkills++
}
