package match

import (
	"sync"

	"github.com/skillmatch/skillmatch/extract"
	"github.com/skillmatch/skillmatch/index"
	"github.com/skillmatch/skillmatch/taxonomy"
)

// IndexSource serves datasets built from an index's analytics snapshots,
// rebuilding only when the index has published a new snapshot.
type IndexSource struct {
	ix *index.Index

	mu   sync.Mutex
	snap *index.Table
	d    *Dataset
}

// NewIndexSource returns a source over ix.
func NewIndexSource(ix *index.Index) *IndexSource { return &IndexSource{ix: ix} }

// FromIndex returns an engine over ix, resolving role text with the index's
// occupation matcher.
func FromIndex(ix *index.Index) *Engine {
	return New(NewIndexSource(ix), ix.MatchOccupation)
}

// Dataset returns the dataset of the index's current snapshot.
func (s *IndexSource) Dataset() (*Dataset, error) {
	t := s.ix.Snapshot()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.d != nil && s.snap == t {
		return s.d, nil
	}
	tv, ev := s.ix.Versions()
	tax := s.ix.Taxonomy()
	if tv == "" {
		tv = tax.Version
	}
	if ev == "" {
		ev = extract.Version
	}
	s.d = FromTable(t, Versions{Taxonomy: tv, Extractor: ev}, tax)
	s.snap = t
	return s.d, nil
}

// FromTable builds a dataset from an index snapshot. The dataset numbers
// skills and strings exactly as the table does, so rows are copied without
// translation.
func FromTable(t *index.Table, v Versions, tax *taxonomy.Taxonomy) *Dataset {
	b := NewDatasetBuilder(tax, v)
	b.SetTerms(index.Terms)
	d := b.d
	if t == nil {
		return b.Build()
	}
	for n := 0; n < t.NumSkills(); n++ {
		d.internSkill(t.SkillID(int32(n)))
	}
	for n := int32(0); ; n++ {
		s := t.Str(n)
		if s == "" {
			break
		}
		d.internStr(s)
	}
	rows := t.Rows()
	total := 0
	for i := range rows {
		total += len(rows[i].Skills)
	}
	d.skills = make([]int32, 0, total)
	d.level = make([]uint8, 0, total)
	for i := range rows {
		r := &rows[i]
		levels := make([]uint8, len(r.Skills))
		for j, s := range r.Skills {
			switch {
			case containsSorted(r.Required, s):
				levels[j] = lvlRequired
			case containsSorted(r.Preferred, s):
				levels[j] = lvlPreferred
			}
		}
		b.addRaw(t.PostingID(r.Num), r.Month, r.Occupation, r.Country, r.Region, r.Source, r.Org, r.Currency,
			r.Remote, r.Salary, r.Skills, levels, r.Title)
	}
	for _, c := range t.Credentials() {
		b.AddCredential(&Credential{Credential: &c.Credential, ProviderID: c.ProviderID, Skills: c.Skills})
	}
	return b.Build()
}

func containsSorted(xs []int32, x int32) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
		if y > x {
			return false
		}
	}
	return false
}
