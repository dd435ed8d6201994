package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/skillmatch/skillmatch"
	"github.com/skillmatch/skillmatch/extract"
	"github.com/skillmatch/skillmatch/taxonomy"
)

// Files and directories under an on-disk index directory.
const (
	postingsDir    = "postings.bleve"
	credentialsDir = "credentials.bleve"
	storeFile      = "store.db"
	specFile       = "taxonomy.spec"
)

// Index is the searchable store of postings and credentials. It is safe for
// concurrent use: searches and snapshots run while ingestion runs; writers
// (AddPostings, AddCredentials, Reindex) are serialized.
type Index struct {
	dir  string
	opts Options

	mu       sync.RWMutex // guards ex, tax, occ, uriSkill, versions
	ex       *extract.Extractor
	tax      *taxonomy.Taxonomy
	occ      *occMatcher
	uriSkill map[string]string // external URI -> skill ID
	taxVer   string
	exVer    string

	writeMu  sync.Mutex // serializes writers; guards tb
	tb       *tableBuilder
	snap     atomic.Pointer[Table]
	postings bleve.Index
	creds    bleve.Index
	store    docStore
	closed   atomic.Bool

	// Batches are applied without waiting for Bleve to persist them (see
	// Options.SafeBatches); each writer call waits for its own batches at
	// its end, so a returned call is durable while the batches overlap.
	pending []chan error // guarded by writeMu

	// mismatch is set by Open when Bleve and the store disagree on the
	// number of documents (an interrupted write, a deleted directory);
	// Reindex rebuilds Bleve from the store and clears it.
	mismatch atomic.Bool
}

// Open opens (or creates) the index in dir, or an in-memory index when dir is
// "". ex is the extractor used for ingestion; an existing index keeps its
// documents as they were extracted (see NeedsReindex and Reindex).
func Open(dir string, ex *extract.Extractor, opts Options) (*Index, error) {
	if ex == nil {
		return nil, errors.New("index: nil extractor")
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = DefaultBatchSize
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	ix := &Index{dir: dir, opts: opts}
	ix.setExtractor(ex)
	var err error
	if dir == "" {
		ix.store = newMemStore()
		if ix.postings, err = bleve.NewUsing("", postingMapping(), "scorch", "scorch", nil); err != nil {
			return nil, fmt.Errorf("index: in-memory postings: %w", err)
		}
		if ix.creds, err = bleve.NewUsing("", credentialMapping(), "scorch", "scorch", nil); err != nil {
			ix.postings.Close()
			return nil, fmt.Errorf("index: in-memory credentials: %w", err)
		}
	} else {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("index: %w", err)
		}
		if ix.store, err = openBoltStore(filepath.Join(dir, storeFile)); err != nil {
			return nil, fmt.Errorf("index: %w", err)
		}
		if ix.postings, err = openBleve(filepath.Join(dir, postingsDir), postingMapping(), !opts.SafeBatches); err != nil {
			ix.store.close()
			return nil, err
		}
		if ix.creds, err = openBleve(filepath.Join(dir, credentialsDir), credentialMapping(), !opts.SafeBatches); err != nil {
			ix.postings.Close()
			ix.store.close()
			return nil, err
		}
	}
	if err := ix.load(); err != nil {
		ix.Close()
		return nil, err
	}
	return ix, nil
}

func openBleve(path string, m mapping.IndexMapping, unsafeBatch bool) (bleve.Index, error) {
	cfg := map[string]interface{}{"unsafe_batch": unsafeBatch}
	if _, err := os.Stat(path); err == nil {
		b, err := bleve.OpenUsing(path, cfg)
		if err != nil {
			return nil, fmt.Errorf("index: open %s: %w", path, err)
		}
		return b, nil
	}
	b, err := bleve.NewUsing(path, m, "scorch", "scorch", cfg)
	if err != nil {
		return nil, fmt.Errorf("index: create %s: %w", path, err)
	}
	return b, nil
}

// setExtractor switches the extractor and everything derived from its taxonomy.
func (ix *Index) setExtractor(ex *extract.Extractor) {
	t := ex.Taxonomy()
	uri := map[string]string{}
	for _, s := range t.Skills() {
		for _, u := range s.URIs {
			if _, dup := uri[u]; !dup {
				uri[u] = s.ID
			}
		}
	}
	occ := newOccMatcher(t)
	ix.mu.Lock()
	ix.ex, ix.tax, ix.occ, ix.uriSkill = ex, t, occ, uri
	ix.mu.Unlock()
}

func (ix *Index) current() (*extract.Extractor, *taxonomy.Taxonomy, *occMatcher, map[string]string) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.ex, ix.tax, ix.occ, ix.uriSkill
}

// load reads the versions and builds the Table from the store.
func (ix *Index) load() error {
	if v, ok, err := ix.store.get(bucketMeta, "taxonomy_version"); err != nil {
		return fmt.Errorf("index: read meta: %w", err)
	} else if ok {
		ix.taxVer = string(v)
	}
	if v, ok, _ := ix.store.get(bucketMeta, "extractor_version"); ok {
		ix.exVer = string(v)
	}
	tb, err := ix.buildTable()
	if err != nil {
		return err
	}
	ix.tb = tb
	ix.snap.Store(tb.snapshot())
	np, err1 := ix.postings.DocCount()
	nc, err2 := ix.creds.DocCount()
	if err := errors.Join(err1, err2); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	ix.mismatch.Store(int(np) != len(tb.rows) || int(nc) != len(tb.creds))
	return nil
}

func (ix *Index) buildTable() (*tableBuilder, error) {
	tb := newTableBuilder()
	_, tax, _, _ := ix.current()
	for _, s := range tax.Skills() { // dense skill numbers in taxonomy order
		tb.skills.intern(s.ID)
	}
	var scratch []int32
	err := ix.store.forEach(bucketRows, func(id string, v []byte) error {
		row, s, err := tb.rowFromBytes(v, scratch)
		if err != nil {
			return fmt.Errorf("index: row %q: %w", id, err)
		}
		scratch = s
		tb.putRowValue(id, row)
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Credentials are whole JSON documents: decode them on all workers.
	var ids []string
	var raw [][]byte
	err = ix.store.forEach(bucketCredentials, func(id string, v []byte) error {
		ids, raw = append(ids, id), append(raw, append([]byte(nil), v...))
		return nil
	})
	if err != nil {
		return nil, err
	}
	docs := make([]*CredentialDoc, len(raw))
	errs := make([]error, len(raw))
	parallel(ix.opts.Workers, len(raw), func(i int) {
		d, err := decodeCredential(raw[i], tax)
		if err != nil {
			errs[i] = fmt.Errorf("index: credential %q: %w", ids[i], err)
			return
		}
		docs[i] = d
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for _, d := range docs {
		tb.putCred(d)
	}
	return tb, nil
}

// Close flushes and closes the index. It waits for a running writer.
func (ix *Index) Close() error {
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	if ix.closed.Swap(true) {
		return nil
	}
	errs := []error{ix.waitPersisted()}
	if ix.postings != nil {
		errs = append(errs, ix.postings.Close())
	}
	if ix.creds != nil {
		errs = append(errs, ix.creds.Close())
	}
	if ix.store != nil {
		errs = append(errs, ix.store.close())
	}
	return errors.Join(errs...)
}

// Dir returns the index directory, "" for an in-memory index.
func (ix *Index) Dir() string { return ix.dir }

// Taxonomy returns the taxonomy of the current extractor.
func (ix *Index) Taxonomy() *taxonomy.Taxonomy {
	_, t, _, _ := ix.current()
	return t
}

// Extractor returns the current extractor.
func (ix *Index) Extractor() *extract.Extractor {
	e, _, _, _ := ix.current()
	return e
}

// Versions returns the taxonomy and extractor versions the stored documents
// were extracted with (set by the first ingestion and by Reindex); both are
// "" for an empty index.
func (ix *Index) Versions() (taxonomyVersion, extractorVersion string) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.taxVer, ix.exVer
}

// NeedsReindex reports whether documents are stored and were extracted with
// another taxonomy or extractor version than the current one, or whether
// Bleve and the store held different numbers of documents at Open.
func (ix *Index) NeedsReindex() bool { return ix.ReindexReason() != "" }

// ReindexReason says why NeedsReindex is true, or returns "".
func (ix *Index) ReindexReason() string {
	if ix.mismatch.Load() {
		return "the search index and the document store hold different numbers of documents"
	}
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	switch {
	case ix.taxVer == "" && ix.exVer == "":
		return ""
	case ix.taxVer != ix.tax.Version:
		return fmt.Sprintf("documents were extracted with taxonomy %s, the current one is %s", ix.taxVer, ix.tax.Version)
	case ix.exVer != extract.Version:
		return fmt.Sprintf("documents were extracted with extractor %s, the current one is %s", ix.exVer, extract.Version)
	}
	return ""
}

// Snapshot returns the current analytics Table. It never changes; call
// Snapshot again to see later ingestion.
func (ix *Index) Snapshot() *Table { return ix.snap.Load() }

// MatchOccupation maps a job title to a taxonomy occupation through its
// titles and alternative titles: normalized, gender markers such as "(m/f/d)"
// and seniority words dropped, then an exact match (confidence 1) or
// IDF-weighted term overlap. It returns nil when nothing matches well enough.
func (ix *Index) MatchOccupation(title string) *skillmatch.OccupationRef {
	_, _, occ, _ := ix.current()
	return occ.match(title)
}

// Posting returns a stored posting, or ErrNotFound.
func (ix *Index) Posting(id string) (*PostingDoc, error) {
	v, ok, err := ix.store.get(bucketPostings, id)
	if err != nil {
		return nil, fmt.Errorf("posting %q: %w", id, err)
	}
	if !ok {
		return nil, fmt.Errorf("posting %q: %w", id, ErrNotFound)
	}
	d, err := decodePosting(v, ix.Taxonomy())
	if err != nil {
		return nil, fmt.Errorf("posting %q: %w", id, err)
	}
	return d, nil
}

// Credential returns a stored credential, or ErrNotFound.
func (ix *Index) Credential(id string) (*CredentialDoc, error) {
	v, ok, err := ix.store.get(bucketCredentials, id)
	if err != nil {
		return nil, fmt.Errorf("credential %q: %w", id, err)
	}
	if !ok {
		return nil, fmt.Errorf("credential %q: %w", id, ErrNotFound)
	}
	d, err := decodeCredential(v, ix.Taxonomy())
	if err != nil {
		return nil, fmt.Errorf("credential %q: %w", id, err)
	}
	return d, nil
}

// WriteTaxonomySpec records in dir the taxonomy spec the index was built
// with, so that later commands reopen it with the same taxonomy.
func WriteTaxonomySpec(dir, spec string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, specFile), []byte(strings.TrimSpace(spec)+"\n"), 0o644)
}

// ReadTaxonomySpec returns the taxonomy spec recorded in dir, or "default"
// when none was recorded.
func ReadTaxonomySpec(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, specFile))
	if errors.Is(err, os.ErrNotExist) {
		return "default", nil
	}
	if err != nil {
		return "", err
	}
	if s := strings.TrimSpace(string(b)); s != "" {
		return s, nil
	}
	return "default", nil
}
