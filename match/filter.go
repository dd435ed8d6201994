package match

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/skillmatch/skillmatch"
	"github.com/skillmatch/skillmatch/taxonomy"
)

// Errors callers map to statuses: ErrNotFound for unknown IDs, ErrBadInput
// for parameters that cannot be answered.
var (
	ErrNotFound = errors.New("not found")
	ErrBadInput = errors.New("bad input")
)

// Filter selects postings. Zero fields select everything.
type Filter struct {
	Role       string    // free text resolved to occupations (title, alternates, tokens)
	Occupation string    // taxonomy occupation ID
	Location   string    // country code, region name, or "remote"
	Source     string    // posting source
	From, To   time.Time // inclusive, month granularity; zero = open
	Limit      int       // result rows; 0 = default
}

// FilterEcho is the filter as it was applied, returned with results.
type FilterEcho struct {
	Role        string          `json:"role,omitempty"`
	Occupations []OccupationRef `json:"occupations,omitempty"`
	TitleTerms  []string        `json:"title_terms,omitempty"` // when the role named no occupation: postings whose title has every term
	Location    string          `json:"location,omitempty"`
	Source      string          `json:"source,omitempty"`
	From        string          `json:"from,omitempty"` // YYYY-MM
	To          string          `json:"to,omitempty"`   // YYYY-MM
}

// OccupationRef names an occupation a role resolved to.
type OccupationRef struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Code  string `json:"code,omitempty"`
}

// Period is a span of months with the number of postings in it.
type Period struct {
	From string `json:"from,omitempty"` // YYYY-MM
	To   string `json:"to,omitempty"`   // YYYY-MM
	N    int    `json:"n"`
}

// MonthOf returns the month number (year*12 + month-1) of t.
func MonthOf(t time.Time) int { return t.Year()*12 + int(t.Month()) - 1 }

// RoleResolver maps free text to an occupation, as the index does for titles.
type RoleResolver func(title string) *skillmatch.OccupationRef

// resolved is a filter compiled against one dataset.
type resolved struct {
	echo     FilterEcho
	occ      []bool  // by string number; nil = any
	occList  []int32 // the occupation string numbers set in occ
	rows     []int32 // candidate rows (sorted) when useRows
	useRows  bool
	title    []int32 // title terms every row must have; nil = any
	locs     []bool  // by string number; nil = any
	remote   bool
	source   int32 // -2 = any
	from, to int32 // month range; -1 open
	limit    int
	empty    bool // the filter matches nothing in this dataset
}

const anySource = -2

// MinRoleConfidence is the confidence the title matcher needs for a role
// text to resolve to its occupation; weaker matches ("data analyst" to
// "energy analyst") fall through to posting titles.
const MinRoleConfidence = 0.8

// resolveRoleStrong finds the occupation a role text names for sure: an
// occupation ID, an exact title or alternate title, or a confident match of
// the resolver (the index's title matcher).
func resolveRoleStrong(tax *taxonomy.Taxonomy, rr RoleResolver, role string) []*taxonomy.Occupation {
	role = strings.TrimSpace(role)
	if role == "" || tax == nil {
		return nil
	}
	if o, ok := tax.Occupation(role); ok {
		return []*taxonomy.Occupation{o}
	}
	if occs := tax.OccupationsByTitle(role); len(occs) > 0 {
		return occs
	}
	if rr != nil {
		if ref := rr(role); ref != nil && ref.Confidence >= MinRoleConfidence {
			if o, ok := tax.Occupation(ref.ID); ok {
				return []*taxonomy.Occupation{o}
			}
		}
	}
	return nil
}

// resolveRoleWords finds the occupations whose title or an alternate title
// contains every word of the role.
func resolveRoleWords(tax *taxonomy.Taxonomy, role string) []*taxonomy.Occupation {
	words := tokens(role)
	if len(words) == 0 || tax == nil {
		return nil
	}
	var out []*taxonomy.Occupation
	for _, o := range tax.Occupations() {
		for _, t := range append([]string{o.Title}, o.AltTitles...) {
			if containsAll(tokens(t), words) {
				out = append(out, o)
				break
			}
		}
	}
	return out
}

// titleRows returns the title-term numbers of role and the rows whose title
// has every one of them; ok is false when no row does.
func (d *Dataset) titleRows(role string) (terms []string, nums, rows []int32, ok bool) {
	terms = d.terms(role)
	if len(terms) == 0 {
		return nil, nil, nil, false
	}
	var shortest []int32
	for k, t := range terms {
		n, found := d.strNum[t]
		if !found {
			return nil, nil, nil, false
		}
		nums = append(nums, n)
		if tr := d.termRows[n]; k == 0 || len(tr) < len(shortest) {
			shortest = tr
		}
	}
	for _, i := range shortest {
		if d.titleHasAll(i, nums) {
			rows = append(rows, i)
		}
	}
	return terms, nums, rows, len(rows) > 0
}

func (d *Dataset) titleHasAll(i int32, nums []int32) bool {
	t := d.rowTitle(i)
	for _, w := range nums {
		if !containsInt32(t, w) {
			return false
		}
	}
	return true
}

var stop = map[string]bool{"a": true, "an": true, "and": true, "the": true, "of": true, "for": true, "in": true, "to": true, "with": true, "on": true, "or": true, "senior": true, "junior": true, "sr": true, "jr": true, "lead": true}

// tokens lower-cases s and splits it into words, dropping stop words and
// seniority words.
func tokens(s string) []string {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '+' && r != '#'
	})
	out := f[:0]
	for _, w := range f {
		if !stop[w] {
			out = append(out, w)
		}
	}
	return out
}

func containsAll(have, want []string) bool {
	for _, w := range want {
		found := false
		for _, h := range have {
			if h == w || strings.TrimSuffix(h, "s") == strings.TrimSuffix(w, "s") {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// resolve compiles f against d. An unknown occupation ID or a role that names
// no occupation is ErrNotFound.
func (d *Dataset) resolve(f Filter, rr RoleResolver, defLimit, maxLimit int) (*resolved, error) {
	r := &resolved{source: anySource, from: -1, to: -1}
	r.limit = f.Limit
	if r.limit <= 0 {
		r.limit = defLimit
	}
	if r.limit > maxLimit {
		r.limit = maxLimit
	}
	var occs []*taxonomy.Occupation
	if f.Occupation != "" {
		o, ok := d.tax.Occupation(f.Occupation)
		if !ok {
			return nil, fmt.Errorf("occupation %q: %w", f.Occupation, ErrNotFound)
		}
		occs = append(occs, o)
	}
	if f.Role != "" {
		r.echo.Role = f.Role
		ro := resolveRoleStrong(d.tax, rr, f.Role)
		if len(ro) == 0 {
			// Postings titled with every word of the role, else occupations
			// whose titles contain them.
			if terms, nums, rows, ok := d.titleRows(f.Role); ok {
				r.echo.TitleTerms, r.title, r.rows, r.useRows = terms, nums, rows, true
			} else if ro = resolveRoleWords(d.tax, f.Role); len(ro) == 0 {
				return nil, fmt.Errorf("role %q matches no occupation of taxonomy %s and no posting title: %w", f.Role, d.versions.Taxonomy, ErrNotFound)
			}
		}
		if len(ro) > 0 && len(occs) > 0 { // both given: intersect
			keep := occs[:0]
			for _, o := range occs {
				for _, x := range ro {
					if x.ID == o.ID {
						keep = append(keep, o)
					}
				}
			}
			occs = keep
			if len(occs) == 0 {
				r.empty = true
			}
		} else if len(ro) > 0 {
			occs = ro
		}
	}
	var occRows []int32
	if len(occs) > 0 {
		r.occ = make([]bool, len(d.strs))
		for _, o := range occs {
			r.echo.Occupations = append(r.echo.Occupations, OccupationRef{ID: o.ID, Title: o.Title, Code: o.Code})
			if n, ok := d.strNum[o.ID]; ok && !r.occ[n] {
				r.occ[n] = true
				r.occList = append(r.occList, n)
				occRows = append(occRows, d.occRows[n]...)
			}
		}
		if len(occRows) == 0 {
			r.empty = true
		}
		if ur := sortedUnique(occRows); !r.useRows || len(ur) < len(r.rows) {
			r.rows, r.useRows = ur, true
		}
	}
	if loc := strings.TrimSpace(f.Location); loc != "" {
		r.echo.Location = loc
		l := strings.ToLower(loc)
		if l == "remote" {
			r.remote = true
		} else {
			r.locs = make([]bool, len(d.strs))
			var locRows []int32
			for i, s := range d.lower {
				if s == l {
					r.locs[i] = true
					locRows = append(locRows, d.locRows[int32(i)]...)
				}
			}
			if len(locRows) == 0 {
				r.empty = true
			}
			// Scan the shorter candidate list; keep() checks the other condition.
			if ur := sortedUnique(locRows); !r.useRows || len(ur) < len(r.rows) {
				r.rows, r.useRows = ur, true
			}
		}
	}
	if f.Source != "" {
		r.echo.Source = f.Source
		n, ok := d.strNum[f.Source]
		if !ok {
			r.empty = true
		}
		r.source = n
	}
	if !f.From.IsZero() {
		r.from = int32(MonthOf(f.From))
		r.echo.From = monthString(r.from)
	}
	if !f.To.IsZero() {
		r.to = int32(MonthOf(f.To))
		r.echo.To = monthString(r.to)
	}
	if r.from >= 0 && r.to >= 0 && r.from > r.to {
		return nil, fmt.Errorf("from %s is after to %s: %w", r.echo.From, r.echo.To, ErrBadInput)
	}
	return r, nil
}

// keep reports whether row i passes every non-date condition.
func (d *Dataset) keep(r *resolved, i int32) bool {
	if r.occ != nil && (d.occ[i] < 0 || !r.occ[d.occ[i]]) {
		return false
	}
	if r.remote && !d.remote[i] {
		return false
	}
	if r.locs != nil && !(d.country[i] >= 0 && r.locs[d.country[i]]) && !(d.region[i] >= 0 && r.locs[d.region[i]]) {
		return false
	}
	if r.source != anySource && d.source[i] != r.source {
		return false
	}
	if r.title != nil && !d.titleHasAll(i, r.title) {
		return false
	}
	return true
}

// inPeriod reports whether month m is inside [from, to] (open ends allowed);
// an undated row is inside only when both ends are open.
func inPeriod(m, from, to int32) bool {
	if from < 0 && to < 0 {
		return true
	}
	if m < 0 {
		return false
	}
	return (from < 0 || m >= from) && (to < 0 || m <= to)
}

// scan calls fn for every row passing the non-date conditions, checking the
// context every few thousand rows.
func (d *Dataset) scan(ctx context.Context, r *resolved, fn func(i int32)) error {
	if r.empty {
		return nil
	}
	if r.useRows {
		for k, i := range r.rows {
			if k&4095 == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			if d.keep(r, i) {
				fn(i)
			}
		}
		return nil
	}
	n := int32(len(d.month))
	for i := int32(0); i < n; i++ {
		if i&4095 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if d.keep(r, i) {
			fn(i)
		}
	}
	return nil
}

// sortedUnique sorts rows and drops repeats, in place.
func sortedUnique(rows []int32) []int32 {
	sort.Slice(rows, func(i, j int) bool { return rows[i] < rows[j] })
	out := rows[:0]
	for k, x := range rows {
		if k == 0 || x != rows[k-1] {
			out = append(out, x)
		}
	}
	return out
}
