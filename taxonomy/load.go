package taxonomy

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// LoaderFunc builds a taxonomy from the argument after "scheme:" in a spec
// (a directory or file path; empty for "default").
type LoaderFunc func(arg string) (*Taxonomy, error)

var (
	loadersMu sync.RWMutex
	loaders   = map[string]LoaderFunc{}
)

// Register makes a loader available under scheme, so that Load("scheme:arg")
// calls it. Loaders register themselves from init; registering a scheme twice
// panics.
func Register(scheme string, f LoaderFunc) {
	loadersMu.Lock()
	defer loadersMu.Unlock()
	if _, dup := loaders[scheme]; dup {
		panic("taxonomy: loader registered twice: " + scheme)
	}
	loaders[scheme] = f
}

// Schemes lists the registered loader schemes, sorted.
func Schemes() []string {
	loadersMu.RLock()
	defer loadersMu.RUnlock()
	var out []string
	for k := range loaders {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Load builds the taxonomy a spec names: "default", "esco:DIR", "onet:DIR",
// "file:PATH", or several of them comma-separated, merged left to right
// (see Merge). An empty spec means "default".
func Load(spec string) (*Taxonomy, error) {
	spec = strings.TrimSpace(spec)
	if spec == "" {
		spec = "default"
	}
	var layers []*Taxonomy
	for _, part := range strings.Split(spec, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		scheme, arg, _ := strings.Cut(part, ":")
		loadersMu.RLock()
		f, ok := loaders[scheme]
		loadersMu.RUnlock()
		if !ok {
			return nil, fmt.Errorf("taxonomy %q: unknown scheme %q (have %s)", part, scheme, strings.Join(Schemes(), ", "))
		}
		t, err := f(arg)
		if err != nil {
			return nil, fmt.Errorf("taxonomy %q: %w", part, err)
		}
		layers = append(layers, t)
	}
	if len(layers) == 0 {
		return nil, fmt.Errorf("taxonomy spec %q names no layer", spec)
	}
	return Merge(layers...), nil
}

// Merge layers taxonomies left to right into a new one. A skill of a later
// layer that has the ESCO concept URI of an earlier skill, or else whose
// preferred label equals a surface form of an earlier skill (after
// NormalizeLabel, same type family ignored), is merged into it: its forms,
// URIs and relations are added and its ID is mapped to the earlier one.
// Otherwise it is added as is. Occupations merge the same way by title.
// With one layer, Merge returns it unchanged.
func Merge(layers ...*Taxonomy) *Taxonomy {
	if len(layers) == 1 {
		return layers[0]
	}
	var versions []string
	for _, l := range layers {
		versions = append(versions, l.Version)
	}
	b := NewBuilder(strings.Join(versions, "+"), layers[0].Language)
	byForm := map[string]string{} // normalized form -> merged skill ID
	byESCO := map[string]string{} // ESCO concept URI -> merged skill ID
	byTitle := map[string]string{}
	for _, l := range layers {
		b.problems = append(b.problems, l.problems...)
		rename := map[string]string{}
		// A skill merges only into skills of earlier layers: the forms and
		// URIs this layer brings are indexed after the whole layer is in, so
		// that two skills of one layer never merge into each other.
		newForms, newESCO := map[string]string{}, map[string]string{}
		for _, s := range l.skills {
			key := NormalizeLabel(s.Label)
			into, ok := byESCO[s.ESCOURI()]
			if !ok || s.ESCOURI() == "" {
				into, ok = byForm[key]
			}
			if ok {
				rename[s.ID] = into
				dst := b.skillIdx[into]
				for _, f := range s.Forms {
					if f.Kind == FormPreferred {
						f.Kind = FormAlt
					}
					dst.Forms = dedupForms(append(dst.Forms, f))
					if k := NormalizeLabel(f.Text); newForms[k] == "" {
						newForms[k] = into
					}
				}
				dst.URIs = union(dst.URIs, s.URIs)
				if u := s.ESCOURI(); u != "" && newESCO[u] == "" {
					newESCO[u] = into
				}
				dst.HotTech = dst.HotTech || s.HotTech
				dst.InDemand = dst.InDemand || s.InDemand
				if dst.Description == "" {
					dst.Description = s.Description
				}
				continue
			}
			id := s.ID
			for n := 2; b.skillIdx[id] != nil; n++ { // ID clash across layers with different labels
				id = fmt.Sprintf("%s~%d", s.ID, n)
			}
			rename[s.ID] = id
			cp := *s
			cp.ID = id
			cp.Forms = append([]SurfaceForm(nil), s.Forms...)
			cp.URIs = append([]string(nil), s.URIs...)
			cp.Broader, cp.Related = nil, nil // added below, renamed
			p, _ := b.AddSkill(cp)
			if u := p.ESCOURI(); u != "" && newESCO[u] == "" {
				newESCO[u] = id
			}
			for _, f := range p.Forms {
				if k := NormalizeLabel(f.Text); newForms[k] == "" {
					newForms[k] = id
				}
			}
		}
		for k, id := range newForms {
			if byForm[k] == "" {
				byForm[k] = id
			}
		}
		for u, id := range newESCO {
			if byESCO[u] == "" {
				byESCO[u] = id
			}
		}
		// Relations are added after every skill of the layer has its final ID.
		for _, s := range l.skills {
			dst := b.skillIdx[rename[s.ID]]
			dst.Broader = union(dst.Broader, renamed(s.Broader, rename))
			dst.Related = union(dst.Related, renamed(s.Related, rename))
		}
		newTitles := map[string]string{}
		for _, o := range l.occupations {
			ess, opt := renamed(o.Essential, rename), renamed(o.Optional, rename)
			key := NormalizeLabel(o.Title)
			if into, ok := byTitle[key]; ok {
				dst := b.occIdx[into]
				dst.AltTitles = union(dst.AltTitles, o.AltTitles)
				dst.Essential = union(dst.Essential, ess)
				dst.Optional = union(dst.Optional, opt)
				dst.URIs = union(dst.URIs, o.URIs)
				continue
			}
			id := o.ID
			for n := 2; b.occIdx[id] != nil; n++ {
				id = fmt.Sprintf("%s~%d", o.ID, n)
			}
			cp := *o
			cp.ID, cp.Essential, cp.Optional = id, ess, opt
			cp.AltTitles = append([]string(nil), o.AltTitles...)
			cp.URIs = append([]string(nil), o.URIs...)
			b.AddOccupation(cp)
			if newTitles[key] == "" {
				newTitles[key] = id
			}
		}
		for k, id := range newTitles {
			byTitle[k] = id
		}
	}
	t, _ := b.Build() // layers are non-empty, so Build cannot fail
	return t
}

func renamed(ids []string, m map[string]string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if r, ok := m[id]; ok {
			id = r
		}
		out = append(out, id)
	}
	return out
}

func union(a, b []string) []string {
	seen := make(map[string]bool, len(a))
	for _, x := range a {
		seen[x] = true
	}
	for _, x := range b {
		if !seen[x] {
			seen[x] = true
			a = append(a, x)
		}
	}
	return a
}
