package match

import (
	"fmt"
	"strings"

	"github.com/skillmatch/skillmatch/taxonomy"
)

// Source hands out the current dataset. The index-backed source rebuilds it
// when the index has changed; a static source always returns the same one.
type Source interface {
	Dataset() (*Dataset, error)
}

// StaticSource serves one fixed dataset.
type StaticSource struct{ D *Dataset }

// Dataset returns the fixed dataset.
func (s StaticSource) Dataset() (*Dataset, error) { return s.D, nil }

// Engine answers the analytics and matching questions over a Source.
type Engine struct {
	src   Source
	roles RoleResolver
}

// New returns an engine over src. roles may be nil; it maps free role text
// to an occupation the way the index maps posting titles.
func New(src Source, roles RoleResolver) *Engine { return &Engine{src: src, roles: roles} }

// Dataset returns the engine's current dataset.
func (e *Engine) Dataset() (*Dataset, error) { return e.src.Dataset() }

// Result size limits.
const (
	DefaultLimit = 20
	MaxLimit     = 100
)

// resolveSkill maps an ID, a label or an alias to a skill of tax.
func resolveSkill(tax *taxonomy.Taxonomy, s string) (*taxonomy.Skill, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, fmt.Errorf("empty skill: %w", ErrBadInput)
	}
	if tax != nil {
		if sk, ok := tax.Skill(s); ok {
			return sk, nil
		}
		if c := tax.ByLabel(s); len(c) > 0 {
			return c[0], nil
		}
	}
	return nil, fmt.Errorf("skill %q: %w", s, ErrNotFound)
}

// ResolveSkill maps an ID, a label or an alias to a skill ID of the dataset's
// taxonomy; an unknown skill is ErrNotFound.
func (d *Dataset) ResolveSkill(s string) (string, error) {
	sk, err := resolveSkill(d.tax, s)
	if err != nil {
		return "", err
	}
	return sk.ID, nil
}
