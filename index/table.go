package index

import (
	"encoding/binary"
	"math"
	"sort"
	"sync"
)

// Row is one posting in the analytics Table. Every string is interned: use
// Table.Str for Occupation, Country, Region, Source, Org, Currency and Title,
// and Table.SkillID for skills. -1 means none.
type Row struct {
	Num        int32 // index of the row in Table.Rows, and the argument of PostingID
	Month      int32 // year*12 + month-1 of DatePosted (CrawledAt when absent), -1 unknown
	Occupation int32
	Country    int32
	Region     int32
	Source     int32
	Org        int32
	Currency   int32
	Salary     float32 // annual midpoint in Currency, 0 none
	Remote     bool
	Skills     []int32 // sorted skill numbers: explicit, non-negated, demand-bearing
	Required   []int32 // sorted subset of Skills
	Preferred  []int32 // sorted subset of Skills
	Title      []int32 // the title's normalized terms (see Terms), interned, in order
}

// HasSkill reports whether the row's Skills contain s.
func (r *Row) HasSkill(s int32) bool { return containsSorted(r.Skills, s) }

func containsSorted(xs []int32, x int32) bool {
	i := sort.Search(len(xs), func(i int) bool { return xs[i] >= x })
	return i < len(xs) && xs[i] == x
}

// MonthOf returns the Row.Month value of a year and month (1-12).
func MonthOf(year, month int) int32 { return int32(year*12 + month - 1) }

// MonthYear splits a Row.Month value into year and month (1-12).
func MonthYear(m int32) (year, month int) { return int(m / 12), int(m%12) + 1 }

// interner maps strings to dense numbers. Numbers are never reused or
// removed, so a snapshot's numbers stay valid. The slice is append-only: a
// snapshot reads its own prefix without locking; look-ups by string lock.
type interner struct {
	mu   sync.RWMutex
	m    map[string]int32
	strs []string
}

func newInterner() *interner { return &interner{m: map[string]int32{}} }

func (in *interner) num(s string) (int32, bool) {
	in.mu.RLock()
	n, ok := in.m[s]
	in.mu.RUnlock()
	return n, ok
}

// intern returns s's number, adding it when new. -1 for "".
func (in *interner) intern(s string) int32 {
	if s == "" {
		return -1
	}
	if n, ok := in.num(s); ok {
		return n
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	if n, ok := in.m[s]; ok {
		return n
	}
	n := int32(len(in.strs))
	in.strs = append(in.strs, s)
	in.m[s] = n
	return n
}

// internBytes is intern without allocating for a string already known.
func (in *interner) internBytes(s []byte) int32 {
	if len(s) == 0 {
		return -1
	}
	in.mu.RLock()
	n, ok := in.m[string(s)]
	in.mu.RUnlock()
	if ok {
		return n
	}
	return in.intern(string(s))
}

func (in *interner) view() []string {
	in.mu.RLock()
	defer in.mu.RUnlock()
	return in.strs[:len(in.strs):len(in.strs)]
}

// Table is an immutable snapshot of the postings (as compact rows) and the
// credentials for analytics. It is safe for concurrent use, also while the
// index ingests: ingestion publishes new snapshots and never changes one
// that was handed out. Callers must not modify what it returns.
type Table struct {
	rows   []Row
	ids    []string
	creds  []*CredentialDoc
	skills *interner
	strs   *interner
	skillV []string // snapshot views of the interners
	strV   []string
}

// Rows returns every posting row; Row.Num is its index.
func (t *Table) Rows() []Row { return t.rows }

// Len returns the number of postings.
func (t *Table) Len() int { return len(t.rows) }

// PostingID returns the ID of the posting in row num.
func (t *Table) PostingID(num int32) string { return t.ids[num] }

// Credentials returns every credential.
func (t *Table) Credentials() []*CredentialDoc { return t.creds }

// NumSkills is one more than the largest skill number in the snapshot, for
// sizing per-skill count arrays.
func (t *Table) NumSkills() int { return len(t.skillV) }

// SkillNum returns the number of a skill ID.
func (t *Table) SkillNum(id string) (int32, bool) {
	n, ok := t.skills.num(id)
	if !ok || int(n) >= len(t.skillV) {
		return -1, false
	}
	return n, true
}

// SkillID returns the skill ID of a number.
func (t *Table) SkillID(n int32) string {
	if n < 0 || int(n) >= len(t.skillV) {
		return ""
	}
	return t.skillV[n]
}

// StrNum returns the number of an interned string (occupation ID, country,
// region, source, organization, currency or title term).
func (t *Table) StrNum(s string) (int32, bool) {
	n, ok := t.strs.num(s)
	if !ok || int(n) >= len(t.strV) {
		return -1, false
	}
	return n, true
}

// Str returns the string of a number; "" for -1.
func (t *Table) Str(n int32) string {
	if n < 0 || int(n) >= len(t.strV) {
		return ""
	}
	return t.strV[n]
}

// TitleTerms returns the interned numbers of the normalized terms of a role
// text, for matching against Row.Title. ok is false when some term occurs in
// no title (then no row can contain all of them) or the text has no term.
func (t *Table) TitleTerms(role string) (nums []int32, ok bool) {
	terms := Terms(role)
	if len(terms) == 0 {
		return nil, false
	}
	for _, w := range terms {
		n, found := t.StrNum(w)
		if !found {
			return nil, false
		}
		nums = append(nums, n)
	}
	return nums, true
}

// TitleHasAll reports whether every term of nums occurs in the row's title.
func (r *Row) TitleHasAll(nums []int32) bool {
	for _, n := range nums {
		found := false
		for _, x := range r.Title {
			if x == n {
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

// tableBuilder is the writer's side of the Table: append-only slices whose
// prefixes are published as snapshots.
type tableBuilder struct {
	rows   []Row
	ids    []string
	byID   map[string]int32
	creds  []*CredentialDoc
	credBy map[string]int
	skills *interner
	strs   *interner
	shared bool // rows/ids have been handed out: copy before replacing in place
}

func newTableBuilder() *tableBuilder {
	return &tableBuilder{byID: map[string]int32{}, credBy: map[string]int{},
		skills: newInterner(), strs: newInterner()}
}

// putRow adds or replaces the row of a posting and reports whether it was new.
func (b *tableBuilder) putRow(id string, r rowRecord) bool { return b.putRowValue(id, b.toRow(r)) }

func (b *tableBuilder) putRowValue(id string, row Row) bool {
	if n, ok := b.byID[id]; ok {
		if b.shared {
			b.rows = append([]Row(nil), b.rows...)
			b.shared = false
		}
		row.Num = n
		b.rows[n] = row
		return false
	}
	n := int32(len(b.rows))
	row.Num = n
	b.rows = append(b.rows, row)
	b.ids = append(b.ids, id)
	b.byID[id] = n
	return true
}

// putCred adds or replaces a credential; credentials are copied on write.
func (b *tableBuilder) putCred(d *CredentialDoc) bool {
	if i, ok := b.credBy[d.ID]; ok {
		cp := append([]*CredentialDoc(nil), b.creds...)
		cp[i] = d
		b.creds = cp
		return false
	}
	b.credBy[d.ID] = len(b.creds)
	b.creds = append(b.creds, d)
	return true
}

func (b *tableBuilder) snapshot() *Table {
	b.shared = true
	return &Table{
		rows:   b.rows[:len(b.rows):len(b.rows)],
		ids:    b.ids[:len(b.ids):len(b.ids)],
		creds:  b.creds[:len(b.creds):len(b.creds)],
		skills: b.skills, strs: b.strs,
		skillV: b.skills.view(), strV: b.strs.view(),
	}
}

// rowRecord is the stored form of a Row, with strings instead of numbers.
type rowRecord struct {
	Month      int32    `json:"m"`
	Occupation string   `json:"o,omitempty"`
	Country    string   `json:"c,omitempty"`
	Region     string   `json:"r,omitempty"`
	Source     string   `json:"s,omitempty"`
	Org        string   `json:"g,omitempty"`
	Currency   string   `json:"cu,omitempty"`
	Salary     float32  `json:"sa,omitempty"`
	Remote     bool     `json:"re,omitempty"`
	Skills     []string `json:"k,omitempty"`
	Required   []string `json:"q,omitempty"`
	Preferred  []string `json:"p,omitempty"`
	Title      []string `json:"t,omitempty"`
}

func (b *tableBuilder) toRow(r rowRecord) Row {
	nums := func(ids []string, dst []int32) []int32 {
		for _, id := range ids {
			dst = append(dst, b.skills.intern(id))
		}
		s := dst[len(dst)-len(ids):]
		sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
		return dst
	}
	// One backing array for the three skill lists and the title.
	buf := make([]int32, 0, len(r.Skills)+len(r.Required)+len(r.Preferred)+len(r.Title))
	buf = nums(r.Skills, buf)
	k := len(buf)
	buf = nums(r.Required, buf)
	q := len(buf)
	buf = nums(r.Preferred, buf)
	p := len(buf)
	for _, w := range r.Title {
		buf = append(buf, b.strs.intern(w))
	}
	return Row{
		Month: r.Month, Occupation: b.strs.intern(r.Occupation), Country: b.strs.intern(r.Country),
		Region: b.strs.intern(r.Region), Source: b.strs.intern(r.Source), Org: b.strs.intern(r.Org),
		Currency: b.strs.intern(r.Currency), Salary: r.Salary, Remote: r.Remote,
		Skills: buf[:k:k], Required: buf[k:q:q], Preferred: buf[q:p:p], Title: buf[p:len(buf):len(buf)],
	}
}

// rowFromBytes decodes what encodeRow wrote straight into a Row (the Open
// path: no intermediate strings for values already interned).
func (b *tableBuilder) rowFromBytes(v []byte, scratch []int32) (Row, []int32, error) {
	if len(v) == 0 || v[0] != rowVersion {
		return Row{}, scratch, errBadRow
	}
	v = v[1:]
	m, n := binary.Varint(v)
	if n <= 0 {
		return Row{}, scratch, errBadRow
	}
	v = v[n:]
	next := func() ([]byte, bool) {
		l, n := binary.Uvarint(v)
		if n <= 0 || uint64(len(v)-n) < l {
			return nil, false
		}
		s := v[n : n+int(l)]
		v = v[n+int(l):]
		return s, true
	}
	var strs [6]int32
	for i := range strs {
		s, ok := next()
		if !ok {
			return Row{}, scratch, errBadRow
		}
		strs[i] = b.strs.internBytes(s)
	}
	if len(v) < 5 {
		return Row{}, scratch, errBadRow
	}
	row := Row{Month: int32(m), Occupation: strs[0], Country: strs[1], Region: strs[2], Source: strs[3], Org: strs[4], Currency: strs[5],
		Salary: math.Float32frombits(binary.LittleEndian.Uint32(v)), Remote: v[4] == 1}
	v = v[5:]
	scratch = scratch[:0]
	var ends [4]int
	for li := 0; li < 4; li++ {
		c, n := binary.Uvarint(v)
		if n <= 0 || c > uint64(len(v)) {
			return Row{}, scratch, errBadRow
		}
		v = v[n:]
		from := len(scratch)
		for i := uint64(0); i < c; i++ {
			s, ok := next()
			if !ok {
				return Row{}, scratch, errBadRow
			}
			if li < 3 {
				scratch = append(scratch, b.skills.internBytes(s))
			} else {
				scratch = append(scratch, b.strs.internBytes(s))
			}
		}
		if li < 3 {
			l := scratch[from:]
			sort.Slice(l, func(i, j int) bool { return l[i] < l[j] })
		}
		ends[li] = len(scratch)
	}
	buf := append([]int32(nil), scratch...)
	k, q, p, t := ends[0], ends[1], ends[2], ends[3]
	row.Skills, row.Required, row.Preferred, row.Title = buf[:k:k], buf[k:q:q], buf[q:p:p], buf[p:t:t]
	return row, scratch, nil
}
