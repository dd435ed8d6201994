package taxonomy

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/skillmatch/skillmatch"
)

// This file is the "esco:" loader: an ESCO CSV download directory
// (v1.1.x or v1.2.x, any language) becomes a Taxonomy whose skill and
// occupation IDs are the ESCO concept URIs.

func init() { Register("esco", LoadESCO) }

var escoVersionRe = regexp.MustCompile(`v\d+\.\d+(\.\d+)?`)

// escoReport counts what the ESCO loader read, for tests and benchmarks.
type escoReport struct {
	skills, occupations                 int
	relationRows, relations             int // occupation-skill rows read / attached
	broaderRows, broader, relatedRows   int
	unknownRelationOccs                 int // distinct occupation URIs absent from the occupations file
	language, skillsFile, relationsFile string
}

// LoadESCO loads an ESCO CSV directory: arg is "DIR" or "DIR?lang=xx".
// Without lang it takes English when skills_en.csv is present, else the one
// language present. Skill and occupation IDs are the concept URIs, which are
// also the URIs of each. The version is "esco-" and the v1.x.y found in the
// directory name, else "esco".
func LoadESCO(arg string) (*Taxonomy, error) {
	t, _, err := loadESCO(arg)
	return t, err
}

func loadESCO(arg string) (*Taxonomy, escoReport, error) {
	var rep escoReport
	dir, opts, err := splitSpec(arg, "lang")
	if err != nil {
		return nil, rep, fmt.Errorf(`esco: %w (want "esco:DIR" or "esco:DIR?lang=de")`, err)
	}
	if fi, err := os.Stat(dir); err != nil {
		return nil, rep, err
	} else if !fi.IsDir() {
		return nil, rep, fmt.Errorf("%s: not a directory (esco: wants the directory of the ESCO CSV download)", dir)
	}
	lang, err := escoLanguage(dir, opts.Get("lang"))
	if err != nil {
		return nil, rep, err
	}
	rep.language = lang
	version := "esco"
	if v := escoVersionRe.FindString(filepath.Base(filepath.Clean(dir))); v != "" {
		version = "esco-" + v
	}
	l := &escoLoader{dir: dir, lang: lang, b: NewBuilder(version, lang), rep: &rep}
	if err := l.load(); err != nil {
		return nil, rep, err
	}
	t, err := l.b.Build()
	return t, rep, err
}

// escoLanguage picks the label language: the requested one, else English,
// else the only skills_XX.csv present.
func escoLanguage(dir, want string) (string, error) {
	matches, _ := filepath.Glob(filepath.Join(dir, "skills_*.csv"))
	var langs []string
	for _, m := range matches {
		code := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(m), "skills_"), ".csv")
		if len(code) >= 2 && len(code) <= 5 && !strings.Contains(code, "_") {
			langs = append(langs, code)
		}
	}
	sort.Strings(langs)
	switch {
	case want != "":
		if !contains(langs, want) {
			return "", fmt.Errorf("%s: no skills_%s.csv (languages present: %v)", dir, want, langs)
		}
		return want, nil
	case contains(langs, "en"):
		return "en", nil
	case len(langs) == 1:
		return langs[0], nil
	case len(langs) == 0:
		return "", fmt.Errorf("%s: not an ESCO CSV directory: no skills_XX.csv file", dir)
	}
	return "", fmt.Errorf("%s: several languages %v and no English: choose one with esco:DIR?lang=xx", dir, langs)
}

type escoLoader struct {
	dir, lang string
	b         *Builder
	rep       *escoReport
	skills    map[string]*Skill // concept URI -> skill (the builder's own)
	occs      map[string]*Occupation
}

// file returns the path of the first of the given base names (without .csv)
// that exists, trying the language suffix, no suffix and the English suffix
// in that order; "" when none does.
func (l *escoLoader) file(bases ...string) string {
	for _, base := range bases {
		for _, name := range []string{base + "_" + l.lang + ".csv", base + ".csv", base + "_en.csv"} {
			p := filepath.Join(l.dir, name)
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	return ""
}

func (l *escoLoader) load() error {
	l.skills = map[string]*Skill{}
	l.occs = map[string]*Occupation{}
	if err := l.loadSkills(); err != nil {
		return err
	}
	// Collections adjust the types and categories of skills already read.
	language := map[string]bool{}
	if p := l.file("languageSkillsCollection"); p != "" {
		if err := l.collection(p, func(s *Skill) { language[s.ID] = true; s.Type = skillmatch.TypeLanguage }); err != nil {
			return err
		}
	}
	digital := map[string]bool{}
	if p := l.file("digitalSkillsCollection"); p != "" {
		if err := l.collection(p, func(s *Skill) { digital[s.ID] = true; s.Category = "digital" }); err != nil {
			return err
		}
	}
	groups := map[string]string{}
	if p := l.file("skillGroups"); p != "" {
		if err := l.loadGroups(p, groups); err != nil {
			return err
		}
	}
	if p := l.file("broaderRelationsSkillPillar"); p != "" {
		if err := l.loadBroader(p, groups, digital); err != nil {
			return err
		}
	}
	if p := l.file("skillSkillRelations"); p != "" {
		if err := l.loadRelated(p); err != nil {
			return err
		}
	}
	p := l.file("occupations")
	if p == "" {
		return fmt.Errorf("%s: no occupations_%s.csv", l.dir, l.lang)
	}
	if err := l.loadOccupations(p); err != nil {
		return err
	}
	rel := l.file("occupationSkillRelations")
	if rel == "" {
		return fmt.Errorf("%s: no occupationSkillRelations.csv or occupationSkillRelations_%s.csv", l.dir, l.lang)
	}
	return l.loadOccupationSkills(rel)
}

func (l *escoLoader) loadSkills() error {
	p := filepath.Join(l.dir, "skills_"+l.lang+".csv")
	f, err := openCSV(p, l.b.Problem, "conceptUri", "preferredLabel")
	if err != nil {
		return err
	}
	defer f.close()
	l.rep.skillsFile = f.name
	if err := f.each(func() {
		if ct := f.get("conceptType"); ct != "" && ct != "KnowledgeSkillCompetence" {
			l.b.Problem(fmt.Errorf("%s: conceptType %q is not KnowledgeSkillCompetence; row skipped", f.where(), ct))
			return
		}
		uri := f.get("conceptUri")
		s := Skill{ID: uri, Label: f.get("preferredLabel"), URIs: []string{uri}, Description: f.get("description")}
		if s.Description == "" {
			s.Description = f.get("definition")
		}
		switch st := f.get("skillType"); st {
		case "knowledge":
			s.Type = skillmatch.TypeKnowledge
		case "skill/competence", "":
			s.Type = skillmatch.TypeSkill
		default:
			s.Type = skillmatch.TypeSkill
			l.b.Problem(fmt.Errorf("%s: %s: unknown skillType %q, taken as skill/competence", f.where(), uri, st))
		}
		if f.get("reuseLevel") == "transversal" {
			s.Type = skillmatch.TypeSoft
		}
		for _, a := range splitLines(f.get("altLabels")) {
			s.Forms = append(s.Forms, SurfaceForm{Text: a, Kind: FormAlt})
		}
		for _, h := range splitLines(f.get("hiddenLabels")) {
			s.Forms = append(s.Forms, SurfaceForm{Text: h, Kind: FormHidden})
		}
		added, err := l.b.AddSkill(s)
		if err != nil {
			l.b.Problem(fmt.Errorf("%s: %w; row skipped", f.where(), err))
			return
		}
		l.skills[uri] = added
		l.rep.skills++
	}); err != nil {
		return err
	}
	return nil
}

// collection applies set to every known skill listed in a collection file.
func (l *escoLoader) collection(p string, set func(*Skill)) error {
	f, err := openCSV(p, l.b.Problem, "conceptUri")
	if err != nil {
		return err
	}
	defer f.close()
	return f.each(func() {
		if s := l.skills[f.get("conceptUri")]; s != nil {
			set(s)
		} else {
			l.b.Problem(fmt.Errorf("%s: %s is not in %s; ignored", f.where(), f.get("conceptUri"), l.rep.skillsFile))
		}
	})
}

func (l *escoLoader) loadGroups(p string, groups map[string]string) error {
	f, err := openCSV(p, l.b.Problem, "conceptUri", "preferredLabel")
	if err != nil {
		return err
	}
	defer f.close()
	return f.each(func() {
		groups[f.get("conceptUri")] = strings.Clone(f.get("preferredLabel"))
	})
}

// loadBroader reads the skill pillar's broader relations: skill -> skill
// becomes Broader; skill -> skill group names the skill's category (the
// first group, unless the skill is in the digital collection).
func (l *escoLoader) loadBroader(p string, groups map[string]string, digital map[string]bool) error {
	f, err := openCSV(p, l.b.Problem, "conceptUri", "broaderUri")
	if err != nil {
		return err
	}
	defer f.close()
	return f.each(func() {
		l.rep.broaderRows++
		s := l.skills[f.get("conceptUri")]
		if s == nil {
			if f.get("conceptType") == "KnowledgeSkillCompetence" {
				l.b.Problem(fmt.Errorf("%s: skill %s is not in %s; ignored", f.where(), f.get("conceptUri"), l.rep.skillsFile))
			}
			return // a skill group's own hierarchy
		}
		bu := f.get("broaderUri")
		if parent := l.skills[bu]; parent != nil {
			s.Broader = append(s.Broader, parent.ID)
			l.rep.broader++
		} else if g, ok := groups[bu]; ok {
			if s.Category == "" && !digital[s.ID] {
				s.Category = g
			}
		} else if f.get("broaderType") != "SkillGroup" {
			l.b.Problem(fmt.Errorf("%s: broader %s of %s is neither a skill nor a skill group; ignored", f.where(), bu, s.ID))
		}
	})
}

func (l *escoLoader) loadRelated(p string) error {
	f, err := openCSV(p, l.b.Problem, "originalSkillUri", "relatedSkillUri")
	if err != nil {
		return err
	}
	defer f.close()
	return f.each(func() {
		l.rep.relatedRows++
		s, r := l.skills[f.get("originalSkillUri")], l.skills[f.get("relatedSkillUri")]
		if s == nil || r == nil {
			l.b.Problem(fmt.Errorf("%s: %s -> %s names a skill not in %s; ignored", f.where(),
				f.get("originalSkillUri"), f.get("relatedSkillUri"), l.rep.skillsFile))
			return
		}
		s.Related = append(s.Related, r.ID)
	})
}

func (l *escoLoader) loadOccupations(p string) error {
	f, err := openCSV(p, l.b.Problem, "conceptUri", "preferredLabel")
	if err != nil {
		return err
	}
	defer f.close()
	return f.each(func() {
		uri := f.get("conceptUri")
		o := Occupation{ID: uri, Title: f.get("preferredLabel"), AltTitles: splitLines(f.get("altLabels")),
			Code: f.get("code"), Description: f.get("description"), URIs: []string{uri}}
		if o.Code == "" {
			o.Code = f.get("iscoGroup")
		}
		added, err := l.b.AddOccupation(o)
		if err != nil {
			l.b.Problem(fmt.Errorf("%s: %w; row skipped", f.where(), err))
			return
		}
		l.occs[uri] = added
		l.rep.occupations++
	})
}

// loadOccupationSkills attaches the essential and optional skills. Rows for
// an occupation missing from the occupations file are reported once per
// occupation, with their count.
func (l *escoLoader) loadOccupationSkills(p string) error {
	f, err := openCSV(p, l.b.Problem, "occupationUri", "relationType", "skillUri")
	if err != nil {
		return err
	}
	defer f.close()
	l.rep.relationsFile = f.name
	type miss struct {
		first string
		n     int
	}
	missing := map[string]*miss{}
	var order []string
	if err := f.each(func() {
		l.rep.relationRows++
		ou := f.get("occupationUri")
		o := l.occs[ou]
		if o == nil {
			m := missing[ou]
			if m == nil {
				m = &miss{first: f.where()}
				missing[strings.Clone(ou)] = m
				order = append(order, strings.Clone(ou))
			}
			m.n++
			return
		}
		s := l.skills[f.get("skillUri")]
		if s == nil {
			l.b.Problem(fmt.Errorf("%s: skill %s is not in %s; relation skipped", f.where(), f.get("skillUri"), l.rep.skillsFile))
			return
		}
		switch rt := f.get("relationType"); rt {
		case "essential":
			o.Essential = append(o.Essential, s.ID)
		case "optional":
			o.Optional = append(o.Optional, s.ID)
		default:
			l.b.Problem(fmt.Errorf("%s: unknown relationType %q (want essential or optional); relation skipped", f.where(), rt))
			return
		}
		l.rep.relations++
	}); err != nil {
		return err
	}
	for _, ou := range order {
		m := missing[ou]
		l.b.Problem(fmt.Errorf("%s: occupation %s is not in the occupations file; its %d relation(s) skipped", m.first, ou, m.n))
	}
	l.rep.unknownRelationOccs = len(order)
	return nil
}

// splitLines splits an ESCO multi-valued cell (one value per line; the
// collections use " | "), trimming and dropping empty values.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, x := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '|' }) {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}
