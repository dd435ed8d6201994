package taxonomy

import (
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Lint checks a loaded taxonomy for what a careful curator avoids but a
// loader accepts: broader cycles, surface forms that two or more skills
// carry without flagging them ambiguous (a matcher cannot choose between
// them), and forms of one or two letters or digits ("R", "AP", "5S", "o9")
// that are not both ambiguous and case-sensitive (in lower case they are
// ordinary words or other codes; "C#" has a symbol and is exempt). The bundled default passes; large imported vocabularies
// such as ESCO share many labels and do not.
func Lint(t *Taxonomy) []error {
	var out []error
	for _, c := range broaderCycles(t) {
		out = append(out, fmt.Errorf("broader cycle: %s", strings.Join(c, " -> ")))
	}
	for _, c := range formClashes(t) {
		out = append(out, fmt.Errorf("surface form %q belongs to %s; flag it ambiguous on all but one", c.form, strings.Join(c.ids, ", ")))
	}
	for _, sf := range shortForms(t) {
		out = append(out, fmt.Errorf("skill %s: short form %q must be both ambiguous and case_sensitive", sf.id, sf.form))
	}
	return out
}

// maxShortForm is the length in letters or digits up to which a form must be
// flagged both ambiguous and case-sensitive.
const maxShortForm = 2

type shortForm struct{ id, form string }

// shortForms lists the forms of at most maxShortForm characters, all letters
// or digits (after NormalizeLabel), that lack the ambiguous or the
// case-sensitive flag.
func shortForms(tax *Taxonomy) []shortForm {
	var out []shortForm
	for _, s := range tax.Skills() {
		for _, f := range s.Forms {
			k := NormalizeLabel(f.Text)
			if isShortCode(k) && !(f.Ambiguous && f.CaseSensitive) {
				out = append(out, shortForm{s.ID, f.Text})
			}
		}
	}
	return out
}

// isShortCode reports whether s has 1..maxShortForm characters, all letters
// or digits.
func isShortCode(s string) bool {
	if n := utf8.RuneCountInString(s); n == 0 || n > maxShortForm {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

type formClash struct {
	form string
	ids  []string
}

// formClashes lists the normalized forms that two or more skills carry
// without the ambiguous flag.
func formClashes(tax *Taxonomy) []formClash {
	unflagged := map[string][]string{}
	for _, s := range tax.Skills() {
		seen := map[string]bool{}
		flagged := map[string]bool{}
		for _, f := range s.Forms {
			k := NormalizeLabel(f.Text)
			seen[k] = true
			flagged[k] = flagged[k] || f.Ambiguous
		}
		for k := range seen {
			if !flagged[k] {
				unflagged[k] = append(unflagged[k], s.ID)
			}
		}
	}
	var out []formClash
	for k, ids := range unflagged {
		if len(ids) > 1 {
			out = append(out, formClash{k, ids})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].form < out[j].form })
	return out
}

// broaderCycles returns each broader cycle found by a depth-first walk.
func broaderCycles(tax *Taxonomy) [][]string {
	const (
		unseen = iota
		active
		done
	)
	state := map[string]int{}
	var stack []string
	var cycles [][]string
	var visit func(id string)
	visit = func(id string) {
		state[id] = active
		stack = append(stack, id)
		s, _ := tax.Skill(id)
		for _, p := range s.Broader {
			switch state[p] {
			case unseen:
				visit(p)
			case active:
				for i := len(stack) - 1; i >= 0; i-- {
					if stack[i] == p {
						cycles = append(cycles, append(append([]string(nil), stack[i:]...), p))
						break
					}
				}
			}
		}
		stack = stack[:len(stack)-1]
		state[id] = done
	}
	for _, s := range tax.Skills() {
		if state[s.ID] == unseen {
			visit(s.ID)
		}
	}
	return cycles
}
