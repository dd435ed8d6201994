package taxonomy

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Builder assembles a Taxonomy. Importers add skills and occupations, report
// the rows they had to skip with Problem, and call Build once.
type Builder struct {
	version, language string
	skills            []*Skill
	occs              []*Occupation
	skillIdx          map[string]*Skill
	occIdx            map[string]*Occupation
	problems          []error
}

// NewBuilder starts an empty taxonomy with the given version string.
func NewBuilder(version, language string) *Builder {
	if language == "" {
		language = "en"
	}
	return &Builder{version: version, language: language,
		skillIdx: map[string]*Skill{}, occIdx: map[string]*Occupation{}}
}

// Problem records a non-fatal problem (a skipped row, a dangling reference),
// usually wrapped with file:line context. Build keeps them on the Taxonomy.
func (b *Builder) Problem(err error) { b.problems = append(b.problems, err) }

// Skill returns the skill added under id so far, for importers that add
// labels or relations in several passes.
func (b *Builder) Skill(id string) (*Skill, bool) {
	s, ok := b.skillIdx[id]
	return s, ok
}

// Occupation returns the occupation added under id so far.
func (b *Builder) Occupation(id string) (*Occupation, bool) {
	o, ok := b.occIdx[id]
	return o, ok
}

// AddSkill adds s. The preferred label becomes the first surface form if it
// is not already among s.Forms. A duplicate ID or an empty label is an error.
func (b *Builder) AddSkill(s Skill) (*Skill, error) {
	s.ID = strings.TrimSpace(s.ID)
	s.Label = strings.TrimSpace(s.Label)
	if s.ID == "" {
		return nil, errors.New("skill with empty id")
	}
	if s.Label == "" {
		return nil, fmt.Errorf("skill %q has an empty label", s.ID)
	}
	if _, dup := b.skillIdx[s.ID]; dup {
		return nil, fmt.Errorf("duplicate skill id %q", s.ID)
	}
	if !s.Type.Valid() {
		return nil, fmt.Errorf("skill %q has unknown type %q", s.ID, s.Type)
	}
	forms := []SurfaceForm{{Text: s.Label, Kind: FormPreferred}}
	for _, f := range s.Forms {
		f.Text = strings.TrimSpace(f.Text)
		if f.Text == "" {
			continue
		}
		if f.Kind == FormPreferred {
			// Flags given for the preferred label carry over.
			forms[0].Ambiguous = forms[0].Ambiguous || f.Ambiguous
			forms[0].CaseSensitive = forms[0].CaseSensitive || f.CaseSensitive
			continue
		}
		forms = append(forms, f)
	}
	s.Forms = dedupForms(forms)
	p := &s
	b.skills = append(b.skills, p)
	b.skillIdx[s.ID] = p
	return p, nil
}

// AddForm appends a surface form to an added skill, ignoring exact repeats.
func (b *Builder) AddForm(id string, f SurfaceForm) error {
	s, ok := b.skillIdx[id]
	if !ok {
		return fmt.Errorf("unknown skill %q", id)
	}
	f.Text = strings.TrimSpace(f.Text)
	if f.Text == "" {
		return nil
	}
	s.Forms = dedupForms(append(s.Forms, f))
	return nil
}

// AddOccupation adds o. A duplicate ID or an empty title is an error.
func (b *Builder) AddOccupation(o Occupation) (*Occupation, error) {
	o.ID = strings.TrimSpace(o.ID)
	o.Title = strings.TrimSpace(o.Title)
	if o.ID == "" {
		return nil, errors.New("occupation with empty id")
	}
	if o.Title == "" {
		return nil, fmt.Errorf("occupation %q has an empty title", o.ID)
	}
	if _, dup := b.occIdx[o.ID]; dup {
		return nil, fmt.Errorf("duplicate occupation id %q", o.ID)
	}
	p := &o
	b.occs = append(b.occs, p)
	b.occIdx[o.ID] = p
	return p, nil
}

// dedupForms drops forms whose exact text repeats, keeping the first and
// or-ing the flags of the repeats into it.
func dedupForms(in []SurfaceForm) []SurfaceForm {
	seen := make(map[string]int, len(in))
	out := in[:0:0]
	for _, f := range in {
		if i, ok := seen[f.Text]; ok {
			out[i].Ambiguous = out[i].Ambiguous || f.Ambiguous
			out[i].CaseSensitive = out[i].CaseSensitive || f.CaseSensitive
			continue
		}
		seen[f.Text] = len(out)
		out = append(out, f)
	}
	return out
}

// Build resolves references and indexes everything. References to unknown
// skills are dropped and reported as problems; a taxonomy with no skills is
// an error. The Builder must not be used afterwards.
func (b *Builder) Build() (*Taxonomy, error) {
	if len(b.skills) == 0 {
		return nil, fmt.Errorf("taxonomy %s: no skills loaded", b.version)
	}
	keep := func(owner string, ids []string, what string) []string {
		out := ids[:0]
		seen := map[string]bool{}
		for _, id := range ids {
			if _, ok := b.skillIdx[id]; !ok {
				b.Problem(fmt.Errorf("%s: %s references unknown skill %q", owner, what, id))
				continue
			}
			if id == owner || seen[id] {
				continue
			}
			seen[id] = true
			out = append(out, id)
		}
		return out
	}
	for _, s := range b.skills {
		s.Broader = keep(s.ID, s.Broader, "broader")
		s.Related = keep(s.ID, s.Related, "related")
	}
	for _, o := range b.occs {
		o.Essential = keep(o.ID, o.Essential, "essential skill")
		ess := map[string]bool{}
		for _, id := range o.Essential {
			ess[id] = true
		}
		opt := keep(o.ID, o.Optional, "optional skill")
		o.Optional = opt[:0]
		for _, id := range opt {
			if !ess[id] { // essential wins over optional
				o.Optional = append(o.Optional, id)
			}
		}
	}
	t := &Taxonomy{Version: b.version, Language: b.language, skills: b.skills, occupations: b.occs,
		skillByID: b.skillIdx, occByID: b.occIdx, problems: b.problems}
	t.index()
	return t, nil
}

func (t *Taxonomy) index() {
	t.byLabel = map[string][]*Skill{}
	t.occByLabel = map[string][]*Occupation{}
	t.narrower = map[string][]string{}
	t.occsOfSkill = map[string][]string{}
	t.sortedForms = t.sortedForms[:0]
	for _, s := range t.skills {
		seen := map[string]bool{}
		for _, f := range s.Forms {
			k := NormalizeLabel(f.Text)
			if k == "" || seen[k] {
				continue
			}
			seen[k] = true
			t.byLabel[k] = append(t.byLabel[k], s)
			if f.Kind != FormHidden {
				t.sortedForms = append(t.sortedForms, formEntry{k, s})
			}
		}
		for _, p := range s.Broader {
			t.narrower[p] = append(t.narrower[p], s.ID)
		}
	}
	sort.Slice(t.sortedForms, func(i, j int) bool { return t.sortedForms[i].key < t.sortedForms[j].key })
	for _, o := range t.occupations {
		seen := map[string]bool{}
		for _, title := range append([]string{o.Title}, o.AltTitles...) {
			k := NormalizeLabel(title)
			if k != "" && !seen[k] {
				seen[k] = true
				t.occByLabel[k] = append(t.occByLabel[k], o)
			}
		}
		for _, id := range o.Essential {
			t.occsOfSkill[id] = append(t.occsOfSkill[id], o.ID)
		}
		for _, id := range o.Optional {
			t.occsOfSkill[id] = append(t.occsOfSkill[id], o.ID)
		}
	}
}

// Problems returns the non-fatal problems met while loading (skipped rows,
// dropped references), each with file:line context where there was one.
func (t *Taxonomy) Problems() []error { return t.problems }
