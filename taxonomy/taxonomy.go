// Package taxonomy owns the skills model: skills with their surface forms,
// hierarchy and relations, occupations with their skills, the look-ups over
// them, and the loaders that build a Taxonomy from the bundled default, ESCO,
// O*NET or a user's own CSV/JSON files.
//
// It imports only the root domain package; it must not import extract, index,
// match or anything above them.
package taxonomy

import (
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/skillmatch/skillmatch"
)

// FormKind says where a surface form comes from.
type FormKind string

// The surface form kinds. Hidden forms match but are never shown.
const (
	FormPreferred FormKind = "preferred"
	FormAlt       FormKind = "alt"
	FormHidden    FormKind = "hidden"
)

// SurfaceForm is one way a skill is written in text.
type SurfaceForm struct {
	Text          string   `json:"text"`
	Kind          FormKind `json:"kind"`
	CaseSensitive bool     `json:"case_sensitive,omitempty"` // matches only in this exact case
	Ambiguous     bool     `json:"ambiguous,omitempty"`      // counts only with supporting context
}

// Skill is one concept of the taxonomy.
type Skill struct {
	ID          string               `json:"id"`
	Label       string               `json:"label"` // preferred label
	Type        skillmatch.SkillType `json:"type"`
	Category    string               `json:"category,omitempty"`
	Sector      string               `json:"sector,omitempty"`
	Forms       []SurfaceForm        `json:"forms"` // includes the preferred label first
	Broader     []string             `json:"broader,omitempty"`
	Related     []string             `json:"related,omitempty"`
	Description string               `json:"description,omitempty"`
	URIs        []string             `json:"uris,omitempty"` // external URIs: ESCO concept URI, O*NET commodity
	HotTech     bool                 `json:"hot_technology,omitempty"`
	InDemand    bool                 `json:"in_demand,omitempty"`
}

// ESCOURI returns the skill's ESCO concept URI, or "".
func (s *Skill) ESCOURI() string {
	for _, u := range s.URIs {
		if strings.HasPrefix(u, "http://data.europa.eu/esco/") {
			return u
		}
	}
	return ""
}

// AltLabels returns the alternative (shown) labels.
func (s *Skill) AltLabels() []string { return s.formsOf(FormAlt) }

// HiddenLabels returns the hidden labels: misspellings and abbreviations.
func (s *Skill) HiddenLabels() []string { return s.formsOf(FormHidden) }

func (s *Skill) formsOf(k FormKind) []string {
	var out []string
	for _, f := range s.Forms {
		if f.Kind == k {
			out = append(out, f.Text)
		}
	}
	return out
}

// Occupation is a job role with the skills it needs.
type Occupation struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	AltTitles   []string `json:"alt_titles,omitempty"`
	Code        string   `json:"code,omitempty"` // ISCO-08 or O*NET-SOC
	Sector      string   `json:"sector,omitempty"`
	Description string   `json:"description,omitempty"`
	Essential   []string `json:"essential,omitempty"` // skill IDs
	Optional    []string `json:"optional,omitempty"`  // skill IDs
	URIs        []string `json:"uris,omitempty"`
}

// Taxonomy is an immutable, indexed set of skills and occupations.
// Build one with a Builder or Load; it is safe for concurrent reads.
type Taxonomy struct {
	Version  string // e.g. "default-2026.1", "esco-v1.1.1", "default-2026.1+onet-29.2"
	Language string // ISO 639-1 code of the labels, "en" by default

	skills      []*Skill
	occupations []*Occupation
	skillByID   map[string]*Skill
	occByID     map[string]*Occupation
	byLabel     map[string][]*Skill // normalized surface form -> skills
	occByLabel  map[string][]*Occupation
	narrower    map[string][]string // skill ID -> narrower skill IDs
	occsOfSkill map[string][]string // skill ID -> occupation IDs
	sortedForms []formEntry         // for prefix search, sorted by key
	problems    []error
}

type formEntry struct {
	key   string
	skill *Skill
}

// Skills returns every skill in a stable order. The slice must not be modified.
func (t *Taxonomy) Skills() []*Skill { return t.skills }

// Occupations returns every occupation in a stable order. The slice must not be modified.
func (t *Taxonomy) Occupations() []*Occupation { return t.occupations }

// Skill returns the skill with the given ID.
func (t *Taxonomy) Skill(id string) (*Skill, bool) {
	s, ok := t.skillByID[id]
	return s, ok
}

// Occupation returns the occupation with the given ID.
func (t *Taxonomy) Occupation(id string) (*Occupation, bool) {
	o, ok := t.occByID[id]
	return o, ok
}

// ByLabel returns the skills that have label among their surface forms,
// compared after NormalizeLabel.
func (t *Taxonomy) ByLabel(label string) []*Skill { return t.byLabel[NormalizeLabel(label)] }

// OccupationsByTitle returns the occupations whose title or alternative title
// equals title after NormalizeLabel.
func (t *Taxonomy) OccupationsByTitle(title string) []*Occupation {
	return t.occByLabel[NormalizeLabel(title)]
}

// Prefix returns up to limit skills with a shown surface form starting with
// prefix (after NormalizeLabel), preferred-label matches and shorter labels first.
func (t *Taxonomy) Prefix(prefix string, limit int) []*Skill {
	p := NormalizeLabel(prefix)
	if p == "" || limit <= 0 {
		return nil
	}
	i := sort.Search(len(t.sortedForms), func(i int) bool { return t.sortedForms[i].key >= p })
	seen := map[string]bool{}
	var hits []*Skill
	for ; i < len(t.sortedForms) && strings.HasPrefix(t.sortedForms[i].key, p); i++ {
		s := t.sortedForms[i].skill
		if !seen[s.ID] {
			seen[s.ID] = true
			hits = append(hits, s)
		}
	}
	sort.SliceStable(hits, func(a, b int) bool {
		pa := strings.HasPrefix(NormalizeLabel(hits[a].Label), p)
		pb := strings.HasPrefix(NormalizeLabel(hits[b].Label), p)
		if pa != pb {
			return pa
		}
		return len(hits[a].Label) < len(hits[b].Label)
	})
	if len(hits) > limit {
		hits = hits[:limit]
	}
	return hits
}

// Ancestors returns the IDs of every broader skill of id, nearest first,
// each once, cycles tolerated.
func (t *Taxonomy) Ancestors(id string) []string {
	return walk(id, func(x string) []string {
		if s, ok := t.skillByID[x]; ok {
			return s.Broader
		}
		return nil
	})
}

// Descendants returns the IDs of every narrower skill of id, nearest first.
func (t *Taxonomy) Descendants(id string) []string {
	return walk(id, func(x string) []string { return t.narrower[x] })
}

// Narrower returns the IDs of the direct narrower skills of id.
func (t *Taxonomy) Narrower(id string) []string { return t.narrower[id] }

func walk(start string, next func(string) []string) []string {
	seen := map[string]bool{start: true}
	var out []string
	queue := []string{start}
	for len(queue) > 0 {
		x := queue[0]
		queue = queue[1:]
		for _, y := range next(x) {
			if !seen[y] {
				seen[y] = true
				out = append(out, y)
				queue = append(queue, y)
			}
		}
	}
	return out
}

// SkillsOf returns the essential and optional skill IDs of an occupation.
func (t *Taxonomy) SkillsOf(occupationID string) (essential, optional []string) {
	o, ok := t.occByID[occupationID]
	if !ok {
		return nil, nil
	}
	return o.Essential, o.Optional
}

// OccupationsOf returns the IDs of the occupations that list the skill.
func (t *Taxonomy) OccupationsOf(skillID string) []string { return t.occsOfSkill[skillID] }

// Stats summarises a taxonomy.
type Stats struct {
	Version      string         `json:"version"`
	Language     string         `json:"language"`
	Skills       int            `json:"skills"`
	SurfaceForms int            `json:"surface_forms"`
	Ambiguous    int            `json:"ambiguous_forms"`
	Occupations  int            `json:"occupations"`
	Relations    int            `json:"relations"` // broader + related + occupation-skill links
	Broader      int            `json:"broader_links"`
	Related      int            `json:"related_links"`
	OccSkill     int            `json:"occupation_skill_links"`
	ByType       map[string]int `json:"by_type"`
	BySector     map[string]int `json:"by_sector,omitempty"`
}

// Stats counts the taxonomy's contents.
func (t *Taxonomy) Stats() Stats {
	st := Stats{Version: t.Version, Language: t.Language, Skills: len(t.skills),
		Occupations: len(t.occupations), ByType: map[string]int{}, BySector: map[string]int{}}
	for _, s := range t.skills {
		st.SurfaceForms += len(s.Forms)
		for _, f := range s.Forms {
			if f.Ambiguous {
				st.Ambiguous++
			}
		}
		st.Broader += len(s.Broader)
		st.Related += len(s.Related)
		st.ByType[string(s.Type)]++
		if s.Sector != "" {
			st.BySector[s.Sector]++
		}
	}
	for _, o := range t.occupations {
		st.OccSkill += len(o.Essential) + len(o.Optional)
	}
	st.Relations = st.Broader + st.Related + st.OccSkill
	return st
}

// NormalizeLabel folds a label for look-ups: NFKC, lower case, curly quotes
// and dashes made plain, runs of space collapsed. It is not the extractor's
// matching normalization (that one also stems); it is for exact look-ups.
func NormalizeLabel(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch r {
		case '\u2018', '\u2019', '\u02bc':
			r = '\''
		case '\u201c', '\u201d':
			r = '"'
		case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2212':
			r = '-'
		}
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
