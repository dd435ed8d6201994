package index

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/skillmatch/skillmatch"
	"github.com/skillmatch/skillmatch/extract"
	"github.com/skillmatch/skillmatch/taxonomy"
)

// ErrClosed is returned by writes to a closed Index.
var ErrClosed = errors.New("index closed")

// item is one record on its way into the index.
type item struct {
	idx     int // position in the caller's slice
	id      string
	fields  any    // postingFields or credentialFields
	docJSON []byte // in the store's on-disk encoding when encoded
	encoded bool
	row     *rowRecord // postings only
	rowJSON []byte
	cred    *CredentialDoc // credentials only
	err     error
}

// ingestEnv is what one writer call works with.
type ingestEnv struct {
	ex       *extract.Extractor
	tax      *taxonomy.Taxonomy
	occ      *occMatcher
	uriSkill map[string]string
}

func (ix *Index) env() ingestEnv {
	ex, tax, occ, uri := ix.current()
	return ingestEnv{ex, tax, occ, uri}
}

// AddPostings extracts skills from the postings (in parallel), assigns
// occupations and indexes them in batches. A posting whose ID is already
// stored is replaced. Records that fail are reported in IngestStats.Errors
// and the others go in. The returned error is for the index as a whole
// (cancelled context, store failure); stats then count what went in.
func (ix *Index) AddPostings(ctx context.Context, ps []skillmatch.Posting) (IngestStats, error) {
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	if ix.closed.Load() {
		return IngestStats{}, ErrClosed
	}
	env := ix.env()
	prep := func(i int) item { return ix.encoded(preparePosting(env, i, ps[i]), bucketPostings) }
	st, err := ix.ingest(ctx, len(ps), prep, ix.tb, nil)
	ix.snap.Store(ix.tb.snapshot())
	return st, err
}

// AddCredentials extracts the skills credentials teach (plus their declared
// skills resolved by URI or label) and indexes them; like AddPostings.
func (ix *Index) AddCredentials(ctx context.Context, cs []skillmatch.Credential) (IngestStats, error) {
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	if ix.closed.Load() {
		return IngestStats{}, ErrClosed
	}
	env := ix.env()
	prep := func(i int) item { return ix.encoded(prepareCredential(env, i, cs[i]), bucketCredentials) }
	st, err := ix.ingest(ctx, len(cs), prep, ix.tb, nil)
	ix.snap.Store(ix.tb.snapshot())
	return st, err
}

// encoded compresses an item's document for the on-disk store in the
// (parallel) prepare stage rather than inside the store transaction.
func (ix *Index) encoded(it item, bucket string) item {
	if it.err == nil && ix.dir != "" {
		it.docJSON, it.encoded = encodeValue(bucket, it.docJSON), true
	}
	return it
}

// ingest runs prepare over n records in chunks, extraction of the next chunk
// overlapping indexing of the current one, and writes each chunk to Bleve,
// the store and tb. done, when set, is called after each chunk.
func (ix *Index) ingest(ctx context.Context, n int, prepare func(int) item, tb *tableBuilder, done func(int)) (IngestStats, error) {
	start := time.Now()
	st := IngestStats{Received: n}
	if n == 0 {
		return st, nil
	}
	bs := ix.opts.BatchSize
	chunks := make(chan []item, 1)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		defer close(chunks)
		for lo := 0; lo < n; lo += bs {
			hi := min(lo+bs, n)
			out := make([]item, hi-lo)
			parallel(ix.opts.Workers, hi-lo, func(k int) { out[k] = prepare(lo + k) })
			select {
			case chunks <- out:
			case <-stop:
				return
			}
		}
	}()
	var err error
	processed := 0
	for items := range chunks {
		if err = ctx.Err(); err != nil {
			break
		}
		if err = ix.writeChunk(items, tb, &st); err != nil {
			break
		}
		processed += len(items)
		if done != nil {
			done(processed)
		}
		if tb == ix.tb {
			ix.snap.Store(tb.snapshot())
		}
	}
	if perr := ix.waitPersisted(); err == nil {
		err = perr
	}
	if err == nil && processed > 0 && ix.taxVer == "" && ix.exVer == "" {
		_, tax, _, _ := ix.current()
		err = ix.setVersions(tax.Version, extract.Version)
	}
	st.Elapsed = time.Since(start)
	return st, err
}

// parallel calls fn(0..n-1) on up to workers goroutines.
func parallel(workers, n int, fn func(int)) {
	if workers <= 1 || n < 2 {
		for i := 0; i < n; i++ {
			fn(i)
		}
		return
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	next := 0
	for w := 0; w < min(workers, n); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= n {
					return
				}
				fn(i)
			}
		}()
	}
	wg.Wait()
}

func (ix *Index) setVersions(taxVer, exVer string) error {
	err := ix.store.put([]storeOp{{bucket: bucketMeta, key: "taxonomy_version", val: []byte(taxVer)}, {bucket: bucketMeta, key: "extractor_version", val: []byte(exVer)}})
	if err != nil {
		return fmt.Errorf("index: write versions: %w", err)
	}
	ix.mu.Lock()
	ix.taxVer, ix.exVer = taxVer, exVer
	ix.mu.Unlock()
	return nil
}

// writeChunk indexes one chunk: Bleve first (a record Bleve rejects is
// reported and skipped), then the store in one transaction, then the table.
func (ix *Index) writeChunk(items []item, tb *tableBuilder, st *IngestStats) error {
	// Within a chunk the last record of an ID wins.
	last := map[string]int{}
	for k := range items {
		if items[k].err == nil {
			last[items[k].id] = k
		}
	}
	isCred := false
	for k := range items {
		if items[k].err == nil && items[k].cred != nil {
			isCred = true
			break
		}
	}
	bi := ix.postings
	if isCred {
		bi = ix.creds
	}
	batch := bi.NewBatch()
	var good []int
	for k := range items {
		it := &items[k]
		if it.err != nil {
			continue
		}
		if last[it.id] != k {
			st.Updated++ // superseded by a later copy in the same chunk
			continue
		}
		if err := batch.Index(it.id, it.fields); err != nil {
			it.err = fmt.Errorf("map document: %w", err)
			continue
		}
		good = append(good, k)
	}
	var persisted chan error
	if ix.dir != "" && !ix.opts.SafeBatches && len(good) > 0 {
		persisted = make(chan error, 1)
		batch.SetPersistedCallback(func(err error) { persisted <- err })
	}
	if len(good) > 0 {
		if err := bi.Batch(batch); err != nil {
			persisted = nil
			good = ix.indexOneByOne(bi, items, good)
		}
	}
	if persisted != nil {
		ix.pending = append(ix.pending, persisted)
	}
	ops := make([]storeOp, 0, 2*len(good))
	for _, k := range good {
		it := &items[k]
		if isCred {
			ops = append(ops, storeOp{bucketCredentials, it.id, it.docJSON, it.encoded})
		} else {
			ops = append(ops, storeOp{bucketPostings, it.id, it.docJSON, it.encoded}, storeOp{bucketRows, it.id, it.rowJSON, false})
		}
	}
	if err := ix.store.put(ops); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	for _, k := range good {
		it := &items[k]
		var isNew bool
		if isCred {
			isNew = tb.putCred(it.cred)
		} else {
			isNew = tb.putRow(it.id, *it.row)
		}
		if isNew {
			st.Added++
		} else {
			st.Updated++
		}
	}
	for k := range items {
		if it := &items[k]; it.err != nil {
			st.Failed++
			st.Errors = append(st.Errors, RecordError{Index: it.idx, ID: it.id, Err: it.err.Error()})
		}
	}
	return nil
}

// waitPersisted waits until Bleve has persisted every batch applied so far
// and returns (and clears) any persistence error.
// The caller holds writeMu.
func (ix *Index) waitPersisted() error {
	var errs []error
	timeout := time.After(persistTimeout)
	for _, ch := range ix.pending {
		select {
		case err := <-ch:
			errs = append(errs, err)
		case <-timeout:
			errs = append(errs, fmt.Errorf("not persisted after %v", persistTimeout))
		}
	}
	ix.pending = ix.pending[:0]
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("index: persist: %w", err)
	}
	return nil
}

// persistTimeout bounds the wait for Bleve's background persister.
const persistTimeout = 5 * time.Minute

// indexOneByOne indexes items[good...] one at a time after a failed batch,
// marking the ones Bleve rejects, and returns the rest.
func (ix *Index) indexOneByOne(bi bleve.Index, items []item, good []int) []int {
	var ok []int
	for _, k := range good {
		if err := bi.Index(items[k].id, items[k].fields); err != nil {
			items[k].err = fmt.Errorf("bleve: %w", err)
			continue
		}
		ok = append(ok, k)
	}
	return ok
}

// clean makes s valid UTF-8 without NUL bytes, trimmed.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "")
	}
	return strings.TrimSpace(s)
}

func cleanAll(ss []string) []string {
	for i := range ss {
		ss[i] = clean(ss[i])
	}
	return ss
}

// contentID derives an ID for a record that has none: its URL, else a hash
// of its content.
func contentID(url string, parts ...string) string {
	if url != "" {
		return url
	}
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil)[:12])
}

func sanitizePosting(p *skillmatch.Posting) {
	for _, s := range []*string{&p.ID, &p.Source, &p.URL, &p.Title, &p.Organization.Name, &p.Organization.URL,
		&p.Location.Locality, &p.Location.Region, &p.Location.Country, &p.OccupationalCategory,
		&p.Description, &p.ContentHash} {
		*s = clean(*s)
	}
	p.EmploymentType = cleanAll(append([]string(nil), p.EmploymentType...))
	p.DeclaredSkills = cleanAll(append([]string(nil), p.DeclaredSkills...))
	if p.Salary != nil {
		s := *p.Salary
		s.Currency, s.Period = strings.ToUpper(clean(s.Currency)), salaryPeriod(s.Period)
		p.Salary = &s
	}
	if p.Occupation != nil {
		o := *p.Occupation
		p.Occupation = &o
	}
	if c := p.Location.Country; len(c) == 2 {
		p.Location.Country = strings.ToUpper(c)
	}
	if p.ID == "" {
		p.ID = contentID(p.URL, p.Source, p.Title, p.Organization.Name, p.Description)
	}
}

// salaryPeriods maps the spellings sources use to Salary periods.
var salaryPeriods = map[string]string{
	"hour": "hour", "hourly": "hour", "per hour": "hour", "hr": "hour", "h": "hour",
	"day": "day", "daily": "day", "per day": "day",
	"week": "week", "weekly": "week", "per week": "week", "wk": "week",
	"month": "month", "monthly": "month", "per month": "month", "mo": "month",
	"year": "year", "yearly": "year", "annual": "year", "annually": "year", "per year": "year", "yr": "year", "annum": "year", "per annum": "year",
}

// salaryPeriod normalizes a period ("HOUR", "Yearly", "per annum"); an
// unknown one is kept lower-cased, and Salary.Annual then ignores it.
func salaryPeriod(p string) string {
	p = strings.ToLower(clean(p))
	if n, ok := salaryPeriods[p]; ok {
		return n
	}
	return p
}

// demand splits mentions into the demand-bearing skill lists.
func demand(ms []skillmatch.Mention) (skills, required, preferred []string) {
	all, req, pref := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, m := range ms {
		if m.Negated || m.Implied || m.Section == skillmatch.SectionAbout || m.SkillID == "" {
			continue
		}
		all[m.SkillID] = true
		switch {
		case m.Level == skillmatch.LevelRequired:
			req[m.SkillID] = true
		case m.Level == skillmatch.LevelPreferred || m.Section == skillmatch.SectionNiceToHave:
			pref[m.SkillID] = true
		}
	}
	for id := range req {
		delete(pref, id) // required anywhere wins
	}
	return sortedKeys(all), sortedKeys(req), sortedKeys(pref)
}

func sortedKeys(m map[string]bool) []string {
	if len(m) == 0 {
		return nil
	}
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func monthOf(t ...time.Time) int32 {
	for _, x := range t {
		if !x.IsZero() {
			return MonthOf(x.Year(), int(x.Month()))
		}
	}
	return -1
}

func preparePosting(env ingestEnv, idx int, p skillmatch.Posting) (it item) {
	it.idx = idx
	defer func() {
		if r := recover(); r != nil { // one bad record must not take the batch down
			it.err = fmt.Errorf("panic while preparing: %v", r)
		}
	}()
	sanitizePosting(&p)
	it.id = p.ID
	if p.Title == "" && p.Description == "" {
		it.err = errors.New("posting has neither title nor description")
		return it
	}
	res := env.ex.Extract(extract.Document{Text: p.Description})
	d := &PostingDoc{Posting: p, Mentions: res.Mentions,
		TaxonomyVersion: env.tax.Version, ExtractorVersion: extract.Version}
	if d.Mentions == nil {
		d.Mentions = []skillmatch.Mention{}
	}
	d.Skills, d.Required, d.Preferred = demand(res.Mentions)
	if d.Occupation == nil {
		d.Occupation = env.occ.match(p.Title)
		if d.Occupation == nil && p.OccupationalCategory != "" {
			d.Occupation = env.occ.match(p.OccupationalCategory)
		}
		d.OccupationFromTitle = d.Occupation != nil
	}
	row := &rowRecord{Month: monthOf(p.DatePosted, p.CrawledAt), Country: p.Location.Country,
		Region: p.Location.Region, Source: p.Source, Org: p.Organization.Name, Remote: p.Location.Remote,
		Skills: d.Skills, Required: d.Required, Preferred: d.Preferred, Title: Terms(p.Title)}
	f := postingFields{Title: p.Title, Description: p.Description, Skills: d.Skills, Required: d.Required,
		Preferred: d.Preferred, Org: p.Organization.Name, Country: strings.ToLower(p.Location.Country),
		Source: p.Source, Date: p.DatePosted, Remote: p.Location.Remote}
	if d.Occupation != nil {
		row.Occupation, f.Occupation = d.Occupation.ID, d.Occupation.ID
	}
	if a, ok := p.Salary.Annual(); ok {
		row.Salary, row.Currency = float32(a), p.Salary.Currency
		f.Salary, f.Currency = a, p.Salary.Currency
	}
	for _, l := range []string{p.Location.Locality, p.Location.Region, p.Location.Country} {
		if l != "" {
			f.Location = append(f.Location, strings.ToLower(l))
		}
	}
	if p.Location.Remote {
		f.Location = append(f.Location, "remote")
	}
	var err error
	if it.docJSON, err = encodePosting(d, env.tax); err != nil {
		it.err = fmt.Errorf("encode: %w", err)
		return it
	}
	it.rowJSON = encodeRow(row)
	it.row, it.fields = row, f
	return it
}

// Slug turns a provider name into its ID: lower case, runs of anything but
// letters and digits become one hyphen.
func Slug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if isWordRune(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			continue
		}
		dash = true
	}
	return b.String()
}

func sanitizeCredential(c *skillmatch.Credential) {
	for _, s := range []*string{&c.ID, &c.Source, &c.URL, &c.Title, &c.Provider.Name, &c.Provider.URL,
		&c.Description, &c.Currency, &c.Mode, &c.Level, &c.Language, &c.ContentHash} {
		*s = clean(*s)
	}
	c.Type = skillmatch.CredentialType(strings.ToLower(clean(string(c.Type))))
	c.Mode, c.Level = strings.ToLower(c.Mode), strings.ToLower(c.Level)
	c.LearningOutcomes = cleanAll(append([]string(nil), c.LearningOutcomes...))
	c.Prerequisites = cleanAll(append([]string(nil), c.Prerequisites...))
	ds := append([]skillmatch.DeclaredSkill(nil), c.DeclaredSkills...)
	for i := range ds {
		ds[i].Name, ds[i].URI, ds[i].Framework, ds[i].Code = clean(ds[i].Name), clean(ds[i].URI), clean(ds[i].Framework), clean(ds[i].Code)
	}
	c.DeclaredSkills = ds
	if c.ID == "" {
		c.ID = contentID(c.URL, c.Source, c.Title, c.Provider.Name, c.Description)
	}
}

// resolveDeclared maps a declared skill to a taxonomy skill ID: by URI, then
// by label, then by extracting from its name.
func resolveDeclared(env ingestEnv, s skillmatch.DeclaredSkill) string {
	if s.URI != "" {
		if id, ok := env.uriSkill[s.URI]; ok {
			return id
		}
	}
	if s.Name == "" {
		return ""
	}
	if ss := env.tax.ByLabel(s.Name); len(ss) > 0 {
		return ss[0].ID
	}
	res := env.ex.Extract(extract.Document{Text: s.Name})
	if len(res.Mentions) == 1 && !res.Mentions[0].Negated {
		return res.Mentions[0].SkillID
	}
	return ""
}

// courseWords are the generic words of credential titles ("Introduction to
// Docker", "Excel Fundamentals", "SQL for Beginners").
var courseWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields("introduction intro to fundamentals fundamental basics basic essentials essential advanced " +
		"intermediate beginner beginners for the a an bootcamp course certificate certification certified professional " +
		"in practice masterclass mastering master complete guide foundations foundation level i ii iii 101 201 " +
		"hands-on hands on training workshop program programme diploma nanodegree specialization specialisation with and of") {
		courseWords[w] = true
	}
}

// titleSkills returns the skills a credential title names on its own: each
// part of the title (split at ":", " - ", "|", ",", "(") with generic course
// words removed from both ends, when it equals a skill's label or alias.
// The whole remainder must match, so this is precise ("Excel
// Fundamentals" teaches Excel; "Excel at Work" teaches nothing by title).
func titleSkills(tax *taxonomy.Taxonomy, title string) []string {
	var out []string
	parts := strings.FieldsFunc(title, func(r rune) bool {
		return r == ':' || r == '|' || r == ',' || r == '(' || r == ')' || r == '–' || r == '—'
	})
	var split []string
	for _, p := range parts {
		split = append(split, strings.Split(p, " - ")...)
	}
	for _, p := range split {
		words := strings.Fields(p)
		for len(words) > 0 && courseWords[strings.ToLower(words[0])] {
			words = words[1:]
		}
		for len(words) > 0 && courseWords[strings.ToLower(words[len(words)-1])] {
			words = words[:len(words)-1]
		}
		if len(words) == 0 {
			continue
		}
		if ss := tax.ByLabel(strings.Join(words, " ")); len(ss) == 1 {
			out = append(out, ss[0].ID)
		}
	}
	return out
}

func prepareCredential(env ingestEnv, idx int, c skillmatch.Credential) (it item) {
	it.idx = idx
	defer func() {
		if r := recover(); r != nil {
			it.err = fmt.Errorf("panic while preparing: %v", r)
		}
	}()
	sanitizeCredential(&c)
	it.id = c.ID
	if c.Title == "" && c.Description == "" {
		it.err = errors.New("credential has neither title nor description")
		return it
	}
	body := c.Description
	if len(c.LearningOutcomes) > 0 {
		body += "\n" + strings.Join(c.LearningOutcomes, "\n")
	}
	res := env.ex.Extract(extract.Document{Text: credentialText(&c)})
	d := &CredentialDoc{Credential: c, ProviderID: Slug(c.Provider.Name), Mentions: res.Mentions,
		TaxonomyVersion: env.tax.Version, ExtractorVersion: extract.Version}
	if d.Mentions == nil {
		d.Mentions = []skillmatch.Mention{}
	}
	taught := map[string]bool{}
	for _, m := range res.Mentions {
		if !m.Negated && !m.Implied && m.Section != skillmatch.SectionAbout && m.SkillID != "" {
			taught[m.SkillID] = true
		}
	}
	for _, id := range titleSkills(env.tax, c.Title) {
		taught[id] = true
	}
	for _, s := range c.DeclaredSkills {
		if id := resolveDeclared(env, s); id != "" {
			taught[id] = true
		} else if s.Name != "" {
			d.UnresolvedSkills = append(d.UnresolvedSkills, s.Name)
		}
	}
	d.Skills = sortedKeys(taught)
	f := credentialFields{Title: c.Title, Description: body, Skills: d.Skills, Provider: d.ProviderID,
		Type: string(c.Type), Mode: c.Mode, Level: c.Level, Source: c.Source,
		Price: c.Price, Hours: c.Hours, Rating: c.Rating}
	var err error
	if it.docJSON, err = encodeCredential(d, env.tax); err != nil {
		it.err = fmt.Errorf("encode: %w", err)
		return it
	}
	it.cred, it.fields = d, f
	return it
}

// Reindex re-extracts every stored posting and credential with ex (after a
// taxonomy or extractor change), re-assigns title-derived occupations,
// rewrites Bleve and the store, rebuilds the Table and records the new
// versions. progress, when set, is called with done and total records.
// Searches keep working on the old data until the new Table is published.
func (ix *Index) Reindex(ctx context.Context, ex *extract.Extractor, progress func(done, total int)) error {
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	if ix.closed.Load() {
		return ErrClosed
	}
	if ex != nil {
		ix.setExtractor(ex)
	}
	env := ix.env()
	pkeys, err := ix.store.keys(bucketPostings)
	if err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	ckeys, err := ix.store.keys(bucketCredentials)
	if err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	total := len(pkeys) + len(ckeys)
	tb := newTableBuilder()
	for _, s := range env.tax.Skills() {
		tb.skills.intern(s.ID)
	}
	fail := func(err error) error {
		// Keep the published table consistent with what the store now holds.
		if rebuilt, berr := ix.buildTable(); berr == nil {
			ix.tb = rebuilt
			ix.snap.Store(rebuilt.snapshot())
		}
		return fmt.Errorf("reindex: %w", err)
	}
	done := 0
	report := func(n int) {
		if progress != nil {
			progress(done+n, total)
		}
	}
	for lo := 0; lo < len(pkeys); lo += ix.opts.BatchSize {
		keys := pkeys[lo:min(lo+ix.opts.BatchSize, len(pkeys))]
		ps := make([]skillmatch.Posting, 0, len(keys))
		for _, k := range keys {
			d, err := ix.Posting(k)
			if err != nil {
				return fail(err)
			}
			if d.OccupationFromTitle {
				d.Occupation = nil
			}
			ps = append(ps, d.Posting)
		}
		st, err := ix.ingest(ctx, len(ps), func(i int) item { return ix.encoded(preparePosting(env, i, ps[i]), bucketPostings) }, tb, report)
		if err != nil {
			return fail(err)
		}
		if len(st.Errors) > 0 {
			return fail(st.Errors[0])
		}
		done += len(keys)
	}
	for lo := 0; lo < len(ckeys); lo += ix.opts.BatchSize {
		keys := ckeys[lo:min(lo+ix.opts.BatchSize, len(ckeys))]
		cs := make([]skillmatch.Credential, 0, len(keys))
		for _, k := range keys {
			d, err := ix.Credential(k)
			if err != nil {
				return fail(err)
			}
			cs = append(cs, d.Credential)
		}
		st, err := ix.ingest(ctx, len(cs), func(i int) item { return ix.encoded(prepareCredential(env, i, cs[i]), bucketCredentials) }, tb, report)
		if err != nil {
			return fail(err)
		}
		if len(st.Errors) > 0 {
			return fail(st.Errors[0])
		}
		done += len(keys)
	}
	ix.tb = tb
	ix.snap.Store(tb.snapshot())
	ix.mismatch.Store(false)
	if err := ix.setVersions(env.tax.Version, extract.Version); err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	return nil
}
