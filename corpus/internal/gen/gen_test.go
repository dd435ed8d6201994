package main

import (
	"sort"
	"testing"

	"github.com/skillmatch/skillmatch/taxonomy"
)

// generatorPhrases returns every skill phrase the generator writes into
// postings (the core, extra, nice, rising, falling and soft lists of the
// roles) and into credentials (the skills of the providers' courses), each
// with where it comes from.
func generatorPhrases() map[string][]string {
	out := map[string][]string{}
	add := func(where string, phrases []string) {
		for _, p := range phrases {
			out[p] = append(out[p], where)
		}
	}
	for _, r := range roles {
		title := r.titles[0]
		add(title+" core", r.core)
		add(title+" extra", r.extra)
		add(title+" nice", r.nice)
		add(title+" rising", r.rising)
		add(title+" falling", r.falling)
		add(title+" soft", r.soft)
	}
	for _, p := range providers {
		for _, c := range p.courses {
			add(p.name+": "+c.title, c.skills)
		}
	}
	return out
}

// TestPhrasesResolveToDefaultSkills checks that every skill phrase of the
// sample corpus names a skill of the bundled default taxonomy by one of its
// labels, aliases or hidden forms, so that the sample postings and
// credentials exercise real taxonomy entries.
func TestPhrasesResolveToDefaultSkills(t *testing.T) {
	tax, err := taxonomy.Default()
	if err != nil {
		t.Fatal(err)
	}
	phrases := generatorPhrases()
	if len(phrases) < 100 {
		t.Fatalf("only %d distinct phrases found in roles and providers", len(phrases))
	}
	var missing []string
	for p := range phrases {
		if taxonomy.NormalizeLabel(p) == "" {
			t.Errorf("empty skill phrase in %v", phrases[p])
			continue
		}
		if len(tax.ByLabel(p)) == 0 {
			missing = append(missing, p)
		}
	}
	sort.Strings(missing)
	for _, p := range missing {
		t.Errorf("%q (used by %v) is not a form of any default skill", p, phrases[p])
	}
}
