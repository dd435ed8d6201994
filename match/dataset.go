// Package match owns the questions asked of indexed postings and credentials:
// skill demand, trends, co-occurrence, defining/distinguishing skills, salary
// premiums, the learner's gap with credential ranking and pathways, and
// provider curriculum gaps. Every statistic carries its sample size.
//
// It imports the root domain package, taxonomy, extract and index; it must not
// import api or cmd.
package match

import (
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/skillmatch/skillmatch"
	"github.com/skillmatch/skillmatch/taxonomy"
)

// Versions names the taxonomy and extractor that produced the data, so that
// every answer can be reproduced.
type Versions struct {
	Taxonomy  string `json:"taxonomy"`
	Extractor string `json:"extractor"`
}

// PostingRow is one posting as the analytics see it: skill IDs only, no text.
type PostingRow struct {
	ID         string
	Month      int // year*12 + month-1; -1 when the posting has no date
	Occupation string
	Country    string
	Region     string
	Source     string
	Org        string
	Remote     bool
	Skills     []string // demand-bearing skills (required, preferred or unspecified)
	Required   []string // subset of Skills asked for as required
	Preferred  []string // subset of Skills asked for as nice to have
	Salary     float64  // annual; 0 when none
	Currency   string
	Title      []string // normalized title terms, for role text that names no occupation
}

// Credential is one credential with the provider slug and the skill IDs it
// teaches.
type Credential struct {
	*skillmatch.Credential
	ProviderID string
	Skills     []string
}

// Level weights of a skill in one posting, used for the learner's gap.
const (
	weightRequired    = 1.0
	weightUnspecified = 0.75
	weightPreferred   = 0.5
)

const (
	lvlUnspecified uint8 = iota
	lvlRequired
	lvlPreferred
)

// Dataset is an immutable columnar view of postings and credentials that
// every query scans or looks up. Build one with a DatasetBuilder; it is safe
// for concurrent reads.
type Dataset struct {
	tax      *taxonomy.Taxonomy
	versions Versions

	// postings, one entry per row
	ids      []string
	month    []int32
	occ      []int32 // string numbers; -1 none
	country  []int32
	region   []int32
	source   []int32
	org      []int32
	remote   []bool
	salary   []float32
	currency []int32
	off      []int32 // skills of row i are skills[off[i]:off[i+1]]
	skills   []int32 // skill numbers, sorted within a row
	level    []uint8 // parallel to skills
	toff     []int32 // title terms of row i are title[toff[i]:toff[i+1]]
	title    []int32 // string numbers
	terms    func(string) []string

	occRows  map[int32][]int32 // occupation string number -> rows
	locRows  map[int32][]int32 // country or region string number -> rows
	termRows map[int32][]int32 // title term string number -> rows
	cubeOnce sync.Once
	cube     *cube
	minMonth int32
	maxMonth int32 // -1 when no dated row

	skillIDs []string
	skillNum map[string]int32
	strs     []string
	strNum   map[string]int32
	lower    []string // lower-cased strs, for location matching

	creds          []*credEntry
	credTokensOnce sync.Once
	bySkill        [][]*credEntry // skill number -> credentials teaching it
	providers      []*providerEntry
	provByID       map[string]*providerEntry
}

type credEntry struct {
	c      *Credential
	pid    string
	mode   string   // lower-cased
	lvl    string   // lower-cased
	tokens []string // title and learning-outcome words, set by tokenizeCredentials
	skills []int32
	level  int // 0 beginner, 1 intermediate or unknown, 2 advanced
}

type providerEntry struct {
	id, name string
	url      string
	creds    []*credEntry
}

// DatasetBuilder accumulates rows; Build freezes them.
type DatasetBuilder struct {
	d *Dataset
}

// NewDatasetBuilder starts a dataset over tax.
func NewDatasetBuilder(tax *taxonomy.Taxonomy, v Versions) *DatasetBuilder {
	d := &Dataset{tax: tax, versions: v, skillNum: map[string]int32{}, strNum: map[string]int32{},
		occRows: map[int32][]int32{}, locRows: map[int32][]int32{}, termRows: map[int32][]int32{}, minMonth: -1, maxMonth: -1, off: []int32{0}, toff: []int32{0},
		provByID: map[string]*providerEntry{}, terms: tokens}
	return &DatasetBuilder{d: d}
}

func (d *Dataset) internSkill(id string) int32 {
	if n, ok := d.skillNum[id]; ok {
		return n
	}
	n := int32(len(d.skillIDs))
	d.skillIDs = append(d.skillIDs, id)
	d.skillNum[id] = n
	return n
}

func (d *Dataset) internStr(s string) int32 {
	if s == "" {
		return -1
	}
	if n, ok := d.strNum[s]; ok {
		return n
	}
	n := int32(len(d.strs))
	d.strs = append(d.strs, s)
	d.lower = append(d.lower, strings.ToLower(s))
	d.strNum[s] = n
	return n
}

func (d *Dataset) str(n int32) string {
	if n < 0 || int(n) >= len(d.strs) {
		return ""
	}
	return d.strs[n]
}

// SetTerms sets the function that splits role text into title terms; it
// must normalize the same way as PostingRow.Title. The default lower-cases
// and splits on non-letters.
func (b *DatasetBuilder) SetTerms(f func(string) []string) { b.d.terms = f }

// AddPosting appends one posting row.
func (b *DatasetBuilder) AddPosting(r PostingRow) {
	d := b.d
	lv := map[string]uint8{}
	for _, s := range r.Preferred {
		lv[s] = lvlPreferred
	}
	for _, s := range r.Required {
		lv[s] = lvlRequired
	}
	type sk struct {
		n int32
		l uint8
	}
	var row []sk
	seen := map[int32]bool{}
	for _, s := range r.Skills {
		n := d.internSkill(s)
		if !seen[n] {
			seen[n] = true
			row = append(row, sk{n, lv[s]})
		}
	}
	sort.Slice(row, func(i, j int) bool { return row[i].n < row[j].n })
	skills := make([]int32, len(row))
	levels := make([]uint8, len(row))
	for i, x := range row {
		skills[i], levels[i] = x.n, x.l
	}
	title := make([]int32, len(r.Title))
	for i, w := range r.Title {
		title[i] = d.internStr(w)
	}
	m := int32(r.Month)
	if r.Month < 0 {
		m = -1
	}
	b.addRaw(r.ID, m, d.internStr(r.Occupation), d.internStr(r.Country), d.internStr(r.Region), d.internStr(r.Source),
		d.internStr(r.Org), d.internStr(r.Currency), r.Remote, float32(r.Salary), skills, levels, title)
}

// addRaw appends a row given in the dataset's own numbers; skills sorted.
func (b *DatasetBuilder) addRaw(id string, m, occ, country, region, source, org, cur int32, remote bool, salary float32, skills []int32, levels []uint8, title []int32) {
	d := b.d
	row := int32(len(d.month))
	d.ids = append(d.ids, id)
	if m >= 0 {
		if d.minMonth < 0 || m < d.minMonth {
			d.minMonth = m
		}
		if m > d.maxMonth {
			d.maxMonth = m
		}
	}
	d.month = append(d.month, m)
	d.occ = append(d.occ, occ)
	if occ >= 0 {
		d.occRows[occ] = append(d.occRows[occ], row)
	}
	d.country = append(d.country, country)
	d.region = append(d.region, region)
	if country >= 0 {
		d.locRows[country] = append(d.locRows[country], row)
	}
	if region >= 0 && region != country {
		d.locRows[region] = append(d.locRows[region], row)
	}
	d.source = append(d.source, source)
	d.org = append(d.org, org)
	d.remote = append(d.remote, remote)
	if salary <= 0 || cur < 0 {
		salary = 0
	}
	d.salary = append(d.salary, salary)
	d.currency = append(d.currency, cur)
	d.skills = append(d.skills, skills...)
	d.level = append(d.level, levels...)
	d.off = append(d.off, int32(len(d.skills)))
	d.title = append(d.title, title...)
	for k, w := range title {
		if w >= 0 && !containsInt32(title[:k], w) {
			d.termRows[w] = append(d.termRows[w], row)
		}
	}
	d.toff = append(d.toff, int32(len(d.title)))
}

// AddCredential appends one credential.
func (b *DatasetBuilder) AddCredential(c *Credential) {
	d := b.d
	e := &credEntry{c: c, level: levelRank(c.Level), mode: strings.ToLower(strings.TrimSpace(c.Mode)),
		lvl: strings.ToLower(strings.TrimSpace(c.Level))}
	seen := map[int32]bool{}
	for _, s := range c.Skills {
		n := d.internSkill(s)
		if !seen[n] {
			seen[n] = true
			e.skills = append(e.skills, n)
		}
	}
	d.creds = append(d.creds, e)
	pid := c.ProviderID
	if pid == "" {
		pid = Slug(c.Provider.Name)
	}
	e.pid = pid
	p := d.provByID[pid]
	if p == nil {
		p = &providerEntry{id: pid, name: c.Provider.Name, url: c.Provider.URL}
		d.provByID[pid] = p
		d.providers = append(d.providers, p)
	}
	p.creds = append(p.creds, e)
}

// Build returns the finished dataset. The builder must not be used afterwards.
func (b *DatasetBuilder) Build() *Dataset {
	d := b.d
	sort.Slice(d.providers, func(i, j int) bool { return d.providers[i].id < d.providers[j].id })
	d.bySkill = make([][]*credEntry, len(d.skillIDs))
	for _, e := range d.creds {
		for _, s := range e.skills {
			d.bySkill[s] = append(d.bySkill[s], e)
		}
	}
	b.d = nil
	return d
}

// Postings returns the number of posting rows.
func (d *Dataset) Postings() int { return len(d.month) }

// Credentials returns the number of credentials.
func (d *Dataset) Credentials() int { return len(d.creds) }

// Versions returns the taxonomy and extractor versions of the data.
func (d *Dataset) Versions() Versions { return d.versions }

// Taxonomy returns the taxonomy the data was extracted with.
func (d *Dataset) Taxonomy() *taxonomy.Taxonomy { return d.tax }

func (d *Dataset) rowTitle(i int32) []int32 { return d.title[d.toff[i]:d.toff[i+1]] }

func (d *Dataset) rowSkills(i int32) ([]int32, []uint8) {
	a, b := d.off[i], d.off[i+1]
	return d.skills[a:b], d.level[a:b]
}

// Slug makes a provider ID from a name: lower-case letters and digits joined
// by single hyphens.
func Slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		} else {
			dash = true
		}
	}
	return b.String()
}

func levelRank(l string) int {
	switch strings.ToLower(strings.TrimSpace(l)) {
	case "beginner", "introductory", "foundation", "foundational", "basic", "entry":
		return 0
	case "advanced", "expert":
		return 2
	}
	return 1
}

// skillInfo returns label and type of a skill ID, falling back to the ID.
func (d *Dataset) skillInfo(id string) (string, skillmatch.SkillType) {
	if d.tax != nil {
		if s, ok := d.tax.Skill(id); ok {
			return s.Label, s.Type
		}
	}
	return id, ""
}

// monthString formats a month number as YYYY-MM.
func monthString(m int32) string {
	if m < 0 {
		return ""
	}
	y, mo := m/12, m%12+1
	return itoa4(int(y)) + "-" + itoa2(int(mo))
}

func itoa4(n int) string {
	s := []byte{'0', '0', '0', '0'}
	for i := 3; i >= 0; i-- {
		s[i] = byte('0' + n%10)
		n /= 10
	}
	return string(s)
}

func itoa2(n int) string { return string([]byte{byte('0' + n/10%10), byte('0' + n%10)}) }

func containsInt32(xs []int32, x int32) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// tokenizeCredentials splits every credential's title and learning outcomes
// into words once, for text relevance.
func (d *Dataset) tokenizeCredentials() {
	for _, e := range d.creds {
		e.tokens = tokens(e.c.Title + " " + strings.Join(e.c.LearningOutcomes, " "))
	}
}
