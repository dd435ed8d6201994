package crawler

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// pageState is what the state remembers about one finished request.
type pageState struct {
	Gen          int       `json:"g"`
	Key          reqKey    `json:"k"`
	Status       int       `json:"st,omitempty"`
	Err          string    `json:"err,omitempty"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"lm,omitempty"`
	Lastmod      string    `json:"slm,omitempty"` // sitemap lastmod it was fetched for
	Out          []Request `json:"out,omitempty"` // requests it produced, replayed on 304
	// OutChunks > 0: Out is stored in that many chunks of the outs bucket
	// and loaded only when needed (outOf).
	OutChunks int `json:"oc,omitempty"`
}

// recKeys are the duplicate-filter keys of one emitted record.
type recKeys struct {
	ID   string
	Hash string
	URL  string
	CK   string
}

// Buckets of the state database.
var (
	bucketMeta   = []byte("meta")
	bucketPages  = []byte("pages")  // reqKey -> pageState JSON, every generation
	bucketQueue  = []byte("queue")  // host NUL seq -> Request JSON, current generation, FIFO per host
	bucketQueued = []byte("queued") // reqKey -> queue key, every request queued in the current generation
	bucketIDs    = []byte("ids")    // digest(record ID) -> digest(content hash)
	bucketURLs   = []byte("urls")   // digest(canonical URL) -> digest(record ID)
	bucketCKs    = []byte("cks")    // digest(content key) -> digest(record ID)
	bucketOuts   = []byte("outs")   // reqKey chunk(uint16) -> JSON of up to outChunk produced requests
	allBuckets   = [][]byte{bucketMeta, bucketPages, bucketQueue, bucketQueued, bucketIDs, bucketURLs, bucketCKs, bucketOuts}
)

// store is the crawl state: visited set, queue, page validators, sitemap
// lastmods, produced links and the duplicate filter, in a bbolt database
// (STATE/state.db) so memory stays flat however many URLs a crawl has seen.
//
// A generation is one complete crawl of the configured sources. A run that
// finds the last generation unfinished resumes it: pages finished in it are
// not fetched again and its queued requests continue. A run after a
// finished generation starts a new one, sending conditional requests with
// the validators remembered from earlier generations.
//
// Changes collect in an in-memory layer and are written in group commits:
// the sink is synced first, then the layer's duplicate-filter keys, then
// its queue changes and finished pages, in transactions bounded by the
// nodes they touch (txNodeBudget; each fsynced), so a page is recorded as
// finished only once its records and their keys are durable. A kill loses
// at most the uncommitted layer: those pages are fetched again and their
// records recognised as already written.
type store struct {
	db      *bolt.DB // nil: kept in memory only
	gen     int
	resumed bool

	fmu sync.Mutex // serializes flushes
	mu  sync.Mutex // guards the layers and seq
	cur *layer     // changes since the last commit
	com *layer     // changes being committed, or nil
	seq uint64     // next queue sequence number

	nodeBudget int // txNodeBudget; tests lower it

	// beforeTx, when set (tests), runs before each write transaction of a
	// flush; an error ends the flush there, as a kill would.
	beforeTx func() error
}

// layer is a set of uncommitted changes.
type layer struct {
	pages    map[reqKey]*pageState
	queued   map[reqKey]queued
	dequeued map[reqKey]bool
	ids      map[[16]byte][16]byte
	urls     map[[16]byte][16]byte
	cks      map[[16]byte][16]byte
	ended    bool
	n        int
}

type queued struct {
	seq uint64
	r   Request
}

// queueKey is host NUL seq (big endian), so one host's queue is a range.
func queueKey(host string, seq uint64) []byte {
	k := make([]byte, 0, len(host)+9)
	k = append(k, host...)
	k = append(k, 0)
	return append(k, putUint(seq)...)
}

func splitQueueKey(k []byte) (host string, seq uint64, ok bool) {
	if len(k) < 9 || k[len(k)-9] != 0 {
		return "", 0, false
	}
	return string(k[:len(k)-9]), getUint(k[len(k)-8:]), true
}

// requestHost is the frontier host of r.
func requestHost(r Request) string {
	u, err := url.Parse(r.URL)
	if err != nil {
		return ""
	}
	return hostKey(u)
}

func newLayer() *layer {
	return &layer{pages: map[reqKey]*pageState{}, queued: map[reqKey]queued{}, dequeued: map[reqKey]bool{},
		ids: map[[16]byte][16]byte{}, urls: map[[16]byte][16]byte{}, cks: map[[16]byte][16]byte{}}
}

// openStore opens dir/state.db (dir "" gives a state kept in memory only).
func openStore(dir string) (*store, error) {
	s := &store{cur: newLayer(), gen: 1, nodeBudget: txNodeBudget}
	if dir == "" {
		return s, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("state: %w", err)
	}
	path := filepath.Join(dir, "state.db")
	// A large initial mmap (address space, not memory) avoids remaps as the
	// file grows; a remap copies every dirty node of the open write
	// transaction onto the heap. The free-page list is not written with
	// each commit (bbolt rebuilds it from the tree at open), which keeps
	// frequent small commits cheap.
	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: 2 * time.Second, InitialMmapSize: 256 << 20, NoFreelistSync: true, FreelistType: bolt.FreelistMapType})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("state %s: in use by another crawl", path)
	}
	if err != nil {
		return nil, fmt.Errorf("state %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, b := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		meta := tx.Bucket(bucketMeta)
		gen := int(getUint(meta.Get([]byte("gen"))))
		ended := getUint(meta.Get([]byte("ended"))) == 1
		if gen == 0 || ended {
			gen++
			for _, b := range [][]byte{bucketQueue, bucketQueued} {
				if err := tx.DeleteBucket(b); err != nil {
					return err
				}
				if _, err := tx.CreateBucket(b); err != nil {
					return err
				}
			}
			if err := meta.Put([]byte("gen"), putUint(uint64(gen))); err != nil {
				return err
			}
			if err := meta.Put([]byte("ended"), putUint(0)); err != nil {
				return err
			}
		} else {
			s.resumed = true
		}
		s.gen = gen
		return tx.Bucket(bucketQueue).ForEach(func(k, _ []byte) error {
			if _, seq, ok := splitQueueKey(k); ok && seq >= s.seq {
				s.seq = seq + 1
			}
			return nil
		})
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("state %s: %w", path, err)
	}
	s.db = db
	return s, nil
}

func putUint(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

func getUint(b []byte) uint64 {
	if len(b) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(b)
}

// pending calls fn for each request queued but not finished in the current
// generation, in queue order per host.
func (s *store) pending(fn func(Request, uint64)) error {
	if s.db == nil {
		return nil
	}
	return s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketQueue).ForEach(func(k, v []byte) error {
			_, seq, ok := splitQueueKey(k)
			var r Request
			if err := json.Unmarshal(v, &r); err != nil || !ok {
				return fmt.Errorf("state: bad queue entry %q", k)
			}
			fn(r, seq)
			return nil
		})
	})
}

// loadQueue returns up to max committed queued requests of host with a
// sequence number above after, in order. The caller flushes first.
func (s *store) loadQueue(host string, after uint64, max int) ([]queued, error) {
	if s.db == nil {
		return nil, nil
	}
	var out []queued
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketQueue).Cursor()
		for k, v := c.Seek(queueKey(host, after+1)); k != nil && len(out) < max; k, v = c.Next() {
			h, seq, ok := splitQueueKey(k)
			if !ok || h != host {
				break
			}
			var r Request
			if err := json.Unmarshal(v, &r); err != nil {
				return fmt.Errorf("state: bad queue entry %q", k)
			}
			out = append(out, queued{seq: seq, r: r})
		}
		return nil
	})
	return out, err
}

// view runs fn in a read transaction when there is a database.
func (s *store) view(fn func(tx *bolt.Tx)) {
	if s.db == nil {
		return
	}
	s.db.View(func(tx *bolt.Tx) error { fn(tx); return nil })
}

// pageLocked returns the latest state of k; call with mu held.
func (s *store) pageLocked(k reqKey) *pageState {
	if p := s.cur.pages[k]; p != nil {
		return p
	}
	if s.com != nil {
		if p := s.com.pages[k]; p != nil {
			return p
		}
	}
	var p *pageState
	s.view(func(tx *bolt.Tx) {
		if v := tx.Bucket(bucketPages).Get(k[:]); v != nil {
			p = new(pageState)
			if json.Unmarshal(v, p) != nil {
				p = nil
			}
		}
	})
	return p
}

// page returns the latest state of k, or nil.
func (s *store) page(k reqKey) *pageState {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pageLocked(k)
}

// seenLocked reports whether k was queued or finished in this generation.
func (s *store) seenLocked(k reqKey) bool {
	if _, ok := s.cur.queued[k]; ok {
		return true
	}
	if s.com != nil {
		if _, ok := s.com.queued[k]; ok {
			return true
		}
	}
	found := false
	s.view(func(tx *bolt.Tx) { found = tx.Bucket(bucketQueued).Get(k[:]) != nil })
	if found {
		return true
	}
	p := s.pageLocked(k)
	return p != nil && p.Gen == s.gen
}

// enqueue verdicts.
const (
	enqQueued    = iota // new in this generation: queue it
	enqSeen             // already queued or finished in this generation
	enqUnchanged        // a sitemap entry whose lastmod did not change
	enqSkipped          // marked finished with the given skip reason
)

// tryEnqueue records r as queued unless it was seen in this generation or
// is a sitemap entry whose lastmod did not change. With skip set (for
// example "robots"), r is recorded as finished with that reason instead.
// It returns the verdict and, when queued, r's sequence number.
func (s *store) tryEnqueue(r Request, skip string) (int, uint64) {
	k := r.key()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seenLocked(k) {
		return enqSeen, 0
	}
	if skip != "" {
		s.doneLocked(pageState{Gen: s.gen, Key: k, Err: skip})
		return enqSkipped, 0
	}
	if r.Lastmod != "" {
		if p := s.pageLocked(k); p != nil && p.Err == "" && p.Lastmod == r.Lastmod {
			cp := *p
			cp.Gen = s.gen // finished in this generation: nothing to fetch
			s.doneLocked(cp)
			return enqUnchanged, 0
		}
	}
	seq := s.seq
	s.cur.queued[k] = queued{seq: seq, r: r}
	s.seq++
	s.cur.n++
	return enqQueued, seq
}

// done records a finished request.
func (s *store) done(p pageState) {
	s.mu.Lock()
	s.doneLocked(p)
	s.mu.Unlock()
}

func (s *store) doneLocked(p pageState) {
	s.cur.pages[p.Key] = &p
	s.cur.dequeued[p.Key] = true
	s.cur.n++
}

// uncommitted returns the number of changes waiting for a commit.
func (s *store) uncommitted() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cur.n
}

// end marks the generation finished (committed with the next flush).
func (s *store) end() {
	s.mu.Lock()
	s.cur.ended = true
	s.mu.Unlock()
}

// lookup finds key in a dedup map of the layers, then the bucket.
func (s *store) lookup(pick func(*layer) map[[16]byte][16]byte, bucket []byte, key [16]byte) ([16]byte, bool) {
	if v, ok := pick(s.cur)[key]; ok {
		return v, true
	}
	if s.com != nil {
		if v, ok := pick(s.com)[key]; ok {
			return v, true
		}
	}
	var v [16]byte
	found := false
	s.view(func(tx *bolt.Tx) {
		if b := tx.Bucket(bucket).Get(key[:]); len(b) == 16 {
			copy(v[:], b)
			found = true
		}
	})
	return v, found
}

func layerIDs(l *layer) map[[16]byte][16]byte  { return l.ids }
func layerURLs(l *layer) map[[16]byte][16]byte { return l.urls }
func layerCKs(l *layer) map[[16]byte][16]byte  { return l.cks }

// dedupCheck classifies k (see the verdict constants) and records it unless
// it is unchanged or a duplicate: same ID with the same content is
// unchanged; same ID with new content is an update (written again, later
// lines win); another ID with the same canonical URL or content key is a
// duplicate. The keys are 128-bit digests.
func (s *store) dedupCheck(k recKeys) int {
	id, hash := digest(k.ID), digest(k.Hash)
	s.mu.Lock()
	defer s.mu.Unlock()
	if h, ok := s.lookup(layerIDs, bucketIDs, id); ok {
		if h == hash {
			return verdictUnchanged
		}
		s.addLocked(k, id, hash, true)
		return verdictUpdate
	}
	if k.URL != "" {
		if other, ok := s.lookup(layerURLs, bucketURLs, digest(k.URL)); ok && other != id {
			return verdictDuplicate
		}
	}
	if k.CK != "" {
		if other, ok := s.lookup(layerCKs, bucketCKs, digest(k.CK)); ok && other != id {
			return verdictDuplicate
		}
	}
	s.addLocked(k, id, hash, false)
	return verdictNew
}

func (s *store) addLocked(k recKeys, id, hash [16]byte, known bool) {
	s.cur.ids[id] = hash
	s.cur.n++
	if known {
		return // URL and content key already point at this ID or another
	}
	if k.URL != "" {
		s.cur.urls[digest(k.URL)] = id
	}
	if k.CK != "" {
		s.cur.cks[digest(k.CK)] = id
	}
}

// replayBatch is how many records' keys replay collects in memory before
// writing them.
const replayBatch = 1024

// replay adds the keys of records already in the sink, committing in
// batches so memory stays flat. Keys already present are kept.
func (s *store) replay(rp Replayer) error {
	batch := newLayer()
	commit := func() error {
		if s.db == nil {
			s.mu.Lock()
			mergeIDs(s.cur, batch)
			s.mu.Unlock()
		} else if err := s.writeDedup(batch); err != nil {
			return fmt.Errorf("state: %w", err)
		}
		batch = newLayer()
		return nil
	}
	err := rp.Replay(func(r Record) error {
		k := keysOf(r)
		id := digest(k.ID)
		batch.ids[id] = digest(k.Hash) // the last line of an ID wins
		if k.URL != "" {
			if _, ok := batch.urls[digest(k.URL)]; !ok {
				batch.urls[digest(k.URL)] = id
			}
		}
		if k.CK != "" {
			if _, ok := batch.cks[digest(k.CK)]; !ok {
				batch.cks[digest(k.CK)] = id
			}
		}
		if len(batch.ids) >= replayBatch {
			return commit()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return commit()
}

func mergeIDs(dst, src *layer) {
	for k, v := range src.ids {
		dst.ids[k] = v
	}
	for k, v := range src.urls {
		if _, ok := dst.urls[k]; !ok {
			dst.urls[k] = v
		}
	}
	for k, v := range src.cks {
		if _, ok := dst.cks[k]; !ok {
			dst.cks[k] = v
		}
	}
}

// txNodeBudget bounds the bbolt nodes one write transaction materializes.
// A transaction holds every node it touches in memory until it commits,
// and state keys are random digests, so once a bucket is larger than a
// flush each change lands on a leaf of its own and a single transaction's
// memory would grow with the flush and the tree. Committing at this budget
// keeps it flat whatever the crawl's size, at the price of more commits
// once the buckets are big. (While a bucket is small, its changes share a
// few nodes: the flush's size, bounded by the commit thresholds, bounds
// them.)
const txNodeBudget = 128

// updateInBudget runs op(tx, 0..n-1) in as few write transactions as the
// node budget allows. Each op must leave the state consistent on its own:
// a kill between two transactions keeps the ops of the first.
func (s *store) updateInBudget(n int, op func(tx *bolt.Tx, i int) error) error {
	for i := 0; i < n; {
		if s.beforeTx != nil {
			if err := s.beforeTx(); err != nil {
				return err
			}
		}
		err := s.db.Update(func(tx *bolt.Tx) error {
			for first := i; i < n; i++ {
				if st := tx.Stats(); i > first && st.GetNodeCount() >= int64(s.nodeBudget) {
					break
				}
				if err := op(tx, i); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

type dedupPut struct {
	bucket    []byte
	k, v      [16]byte
	keepFirst bool // do not overwrite a key already present
}

// writeDedup writes a layer's dedup keys (see updateInBudget). Record IDs
// are overwritten (an update's new content hash; no write when unchanged);
// URL and content keys already present are kept (the first record wins).
// A kill between two transactions leaves keys of records already in the
// sink, never keys of records not written.
func (s *store) writeDedup(l *layer) error {
	batch := make([]dedupPut, 0, len(l.ids)+len(l.urls)+len(l.cks))
	for _, m := range []struct {
		bucket    []byte
		m         map[[16]byte][16]byte
		keepFirst bool
	}{{bucketIDs, l.ids, false}, {bucketURLs, l.urls, true}, {bucketCKs, l.cks, true}} {
		for k, v := range m.m {
			batch = append(batch, dedupPut{m.bucket, k, v, m.keepFirst})
		}
	}
	return s.updateInBudget(len(batch), func(tx *bolt.Tx, i int) error {
		p := &batch[i]
		b := tx.Bucket(p.bucket)
		if old := b.Get(p.k[:]); old != nil && (p.keepFirst || bytes.Equal(old, p.v[:])) {
			return nil
		}
		return b.Put(p.k[:], p.v[:])
	})
}

// Produced requests of a page beyond outInline are kept out of its page
// entry, in chunks of outChunk under consecutive keys of the outs bucket:
// page entries stay small (a bbolt leaf is not split below four entries,
// so a few 100 KB entries of big sitemaps would make a leaf that every
// commit touching it rewrites whole).
const (
	outInline = 16
	outChunk  = 32
)

func outKey(k reqKey, i int) []byte {
	b := make([]byte, 0, len(k)+2)
	return binary.BigEndian.AppendUint16(append(b, k[:]...), uint16(i))
}

// putPage writes p, its produced requests beyond outInline in chunks.
func putPage(pages, outs *bolt.Bucket, k reqKey, p *pageState) error {
	v := *p
	n := 0 // chunks written
	if len(v.Out) > outInline {
		for i := 0; i < len(v.Out); i += outChunk {
			b, err := json.Marshal(v.Out[i:min(i+outChunk, len(v.Out))])
			if err != nil {
				return err
			}
			if err := outs.Put(outKey(k, n), b); err != nil {
				return err
			}
			n++
		}
		v.Out, v.OutChunks = nil, n
	}
	if p.Out != nil || p.OutChunks == 0 {
		// New produced requests (or none): drop chunks left from before.
		// (A page loaded from the state, Out nil and OutChunks set, keeps
		// its chunks.)
		c := outs.Cursor()
		for ck, _ := c.Seek(outKey(k, n)); ck != nil && bytes.HasPrefix(ck, k[:]); ck, _ = c.Seek(outKey(k, n)) {
			if err := outs.Delete(ck); err != nil {
				return err
			}
		}
	}
	b, err := json.Marshal(&v)
	if err != nil {
		return err
	}
	return pages.Put(k[:], b)
}

// outOf returns the requests p produced, loading them from the outs
// bucket when they are stored there.
func (s *store) outOf(p *pageState) ([]Request, error) {
	if p == nil || p.Out != nil || p.OutChunks == 0 || s.db == nil {
		if p == nil {
			return nil, nil
		}
		return p.Out, nil
	}
	var out []Request
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketOuts)
		for i := 0; i < p.OutChunks; i++ {
			v := b.Get(outKey(p.Key, i))
			var part []Request
			if v == nil || json.Unmarshal(v, &part) != nil {
				return fmt.Errorf("state: produced requests of %x: chunk %d missing or bad", p.Key, i)
			}
			out = append(out, part...)
		}
		return nil
	})
	return out, err
}

// apply writes a layer's pages and queue changes (see updateInBudget), in
// an order that keeps every transaction boundary safe: first the newly
// queued requests, then each finished page together with the removal of
// its queue entry, last the end-of-generation mark. A kill in the first
// part leaves queued requests whose parents are fetched again and find them
// already queued; a kill in the second leaves some pages finished and the
// rest still queued.
func (s *store) apply(l *layer) error {
	var add, fin []reqKey
	for k := range l.queued {
		if !l.dequeued[k] { // queued and finished between two commits: only fin
			add = append(add, k)
		}
	}
	for k := range l.pages {
		fin = append(fin, k)
	}
	ops := len(add) + len(fin)
	if l.ended {
		ops++
	}
	return s.updateInBudget(ops, func(tx *bolt.Tx, i int) error {
		queue, qd := tx.Bucket(bucketQueue), tx.Bucket(bucketQueued)
		queue.FillPercent = 0.9 // keys grow per host: mostly appends
		switch {
		case i < len(add):
			k := add[i]
			q := l.queued[k]
			b, err := json.Marshal(q.r)
			if err != nil {
				return err
			}
			qk := queueKey(requestHost(q.r), q.seq)
			if err := queue.Put(qk, b); err != nil {
				return err
			}
			return qd.Put(k[:], qk)
		case i < len(add)+len(fin):
			k := fin[i-len(add)]
			if err := putPage(tx.Bucket(bucketPages), tx.Bucket(bucketOuts), k, l.pages[k]); err != nil {
				return err
			}
			if _, ok := l.queued[k]; ok || !l.dequeued[k] {
				return nil // never committed to the queue
			}
			// The queued entry stays: a finished page counts as seen in
			// this generation anyway, and leaving it saves a write at a
			// random key (a leaf of its own) per page.
			if qk := qd.Get(k[:]); qk != nil {
				return queue.Delete(append([]byte(nil), qk...))
			}
			return nil
		default:
			return tx.Bucket(bucketMeta).Put([]byte("ended"), putUint(1))
		}
	})
}

// flush is one group commit: sync the sink, then commit the changes made
// before the flush began.
func (s *store) flush(sink Sink) error {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	if s.db == nil {
		return sink.Sync()
	}
	s.mu.Lock()
	l := s.cur
	s.com, s.cur = l, newLayer()
	s.mu.Unlock()
	if err := sink.Sync(); err != nil {
		return err
	}
	// Duplicate-filter keys first, in small transactions: a kill before
	// the pages are recorded leaves records recognised by ID when their
	// pages are fetched again.
	err := s.writeDedup(l)
	if err == nil {
		err = s.apply(l)
	}
	s.mu.Lock()
	if err != nil {
		mergeBack(s.cur, l) // keep the changes visible; the crawl stops on this error
	}
	s.com = nil
	s.mu.Unlock()
	if err != nil {
		return fmt.Errorf("state: %w", err)
	}
	return nil
}

// mergeBack puts an uncommitted layer's changes under the current ones.
func mergeBack(cur, old *layer) {
	for k, v := range old.pages {
		if _, ok := cur.pages[k]; !ok {
			cur.pages[k] = v
		}
	}
	for k, v := range old.queued {
		if _, ok := cur.queued[k]; !ok {
			cur.queued[k] = v
		}
	}
	for k := range old.dequeued {
		cur.dequeued[k] = true
	}
	for k, v := range old.ids {
		if _, ok := cur.ids[k]; !ok {
			cur.ids[k] = v
		}
	}
	mergeIDs(cur, &layer{urls: old.urls, cks: old.cks, ids: map[[16]byte][16]byte{}})
	cur.ended = cur.ended || old.ended
}

func (s *store) close() error {
	if s.db == nil {
		return nil
	}
	return s.db.Close()
}
