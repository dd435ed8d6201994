package index

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/golang/snappy"
	bolt "go.etcd.io/bbolt"
)

// The side store keeps each document as JSON (to rebuild PostingDoc and
// CredentialDoc without Bleve stored fields) and each posting's compact
// analytics row (so that Open rebuilds the Table without decoding
// descriptions). On disk it is a bbolt file; in memory, maps.
const (
	bucketPostings    = "postings"
	bucketRows        = "rows"
	bucketCredentials = "credentials"
	bucketMeta        = "meta"
)

var allBuckets = []string{bucketPostings, bucketRows, bucketCredentials, bucketMeta}

type storeOp struct {
	bucket  string
	key     string
	val     []byte
	encoded bool // val is already in the on-disk encoding (see encodeValue)
}

type docStore interface {
	get(bucket, key string) ([]byte, bool, error)
	put(ops []storeOp) error // atomically
	keys(bucket string) ([]string, error)
	forEach(bucket string, fn func(k string, v []byte) error) error
	close() error
}

// memStore is the in-memory docStore.
type memStore struct {
	mu sync.RWMutex
	b  map[string]map[string][]byte
}

func newMemStore() *memStore {
	s := &memStore{b: map[string]map[string][]byte{}}
	for _, n := range allBuckets {
		s.b[n] = map[string][]byte{}
	}
	return s
}

func (s *memStore) get(bucket, key string) ([]byte, bool, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	v, ok := s.b[bucket][key]
	return v, ok, nil
}

func (s *memStore) put(ops []storeOp) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, op := range ops {
		v, err := op.decodedValue()
		if err != nil {
			return err
		}
		s.b[op.bucket][op.key] = v
	}
	return nil
}

func (s *memStore) keys(bucket string) ([]string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]string, 0, len(s.b[bucket]))
	for k := range s.b[bucket] {
		out = append(out, k)
	}
	sort.Strings(out)
	return out, nil
}

func (s *memStore) forEach(bucket string, fn func(string, []byte) error) error {
	ks, _ := s.keys(bucket)
	for _, k := range ks {
		v, ok, _ := s.get(bucket, k)
		if !ok {
			continue
		}
		if err := fn(k, v); err != nil {
			return err
		}
	}
	return nil
}

func (s *memStore) close() error { return nil }

// boltStore is the on-disk docStore. Documents are snappy-compressed: a
// posting's JSON is a few KB, which bbolt would put in overflow pages of 4 KB
// each; compressed, two or three fit on a page. (Deflate at its fastest
// level shrinks them 2.5x against snappy's 1.9x but took 18 times longer,
// 183 against 10 microseconds per posting.)
//
// Documents and rows are keyed by a sequence number given to each ID on
// first write (bucket "keys": group + ID -> sequence), so new records are
// appended in key order and pages fill to 95% instead of the half that
// B+tree splits leave after random inserts; each value carries its ID.
type boltStore struct{ db *bolt.DB }

// bucketKeys maps IDs to sequence numbers; meta is keyed directly.
const bucketKeys = "keys"

// keyGroup returns the ID namespace of a sequenced bucket ("" for meta):
// a posting's document and row share one sequence number.
func keyGroup(bucket string) string {
	switch bucket {
	case bucketPostings, bucketRows:
		return "p\x00"
	case bucketCredentials:
		return "c\x00"
	}
	return ""
}

func openBoltStore(path string) (*boltStore, error) {
	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: 5 * time.Second, NoFreelistSync: true, FreelistType: bolt.FreelistMapType})
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, n := range append(allBuckets, bucketKeys) {
			if _, err := tx.CreateBucketIfNotExists([]byte(n)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("init store %s: %w", path, err)
	}
	return &boltStore{db: db}, nil
}

// frame prefixes a value with its ID; unframe splits them.
func frame(key string, v []byte) []byte {
	b := make([]byte, 0, binary.MaxVarintLen32+len(key)+len(v))
	b = binary.AppendUvarint(b, uint64(len(key)))
	return append(append(b, key...), v...)
}

func unframe(b []byte) (key string, v []byte, err error) {
	n, k := binary.Uvarint(b)
	if k <= 0 || uint64(len(b)-k) < n {
		return "", nil, errors.New("malformed stored value")
	}
	return string(b[k : k+int(n)]), b[k+int(n):], nil
}

func (s *boltStore) get(bucket, key string) ([]byte, bool, error) {
	var out []byte
	err := s.db.View(func(tx *bolt.Tx) error {
		k := []byte(key)
		if g := keyGroup(bucket); g != "" {
			if k = tx.Bucket([]byte(bucketKeys)).Get([]byte(g + key)); k == nil {
				return nil
			}
		}
		v := tx.Bucket([]byte(bucket)).Get(k)
		if v == nil {
			return nil
		}
		if keyGroup(bucket) != "" {
			var err error
			if _, v, err = unframe(v); err != nil {
				return fmt.Errorf("store %s/%s: %w", bucket, key, err)
			}
		}
		var derr error
		if out, derr = decodeValue(bucket, nil, v); derr != nil {
			return fmt.Errorf("store %s/%s: %w", bucket, key, derr)
		}
		return nil
	})
	return out, out != nil, err
}

func (s *boltStore) put(ops []storeOp) error {
	return s.db.Update(func(tx *bolt.Tx) error {
		keys := tx.Bucket([]byte(bucketKeys))
		for _, op := range ops {
			b := tx.Bucket([]byte(op.bucket))
			g := keyGroup(op.bucket)
			if g == "" {
				if err := b.Put([]byte(op.key), op.diskValue()); err != nil {
					return fmt.Errorf("store %s/%s: %w", op.bucket, op.key, err)
				}
				continue
			}
			b.FillPercent = 0.95 // appends in key order
			seq := keys.Get([]byte(g + op.key))
			if seq == nil {
				n, err := keys.NextSequence()
				if err != nil {
					return fmt.Errorf("store %s/%s: %w", op.bucket, op.key, err)
				}
				seq = binary.BigEndian.AppendUint64(nil, n)
				if err := keys.Put([]byte(g+op.key), seq); err != nil {
					return fmt.Errorf("store %s/%s: %w", op.bucket, op.key, err)
				}
			}
			if err := b.Put(append([]byte(nil), seq...), frame(op.key, op.diskValue())); err != nil {
				return fmt.Errorf("store %s/%s: %w", op.bucket, op.key, err)
			}
		}
		return nil
	})
}

func (s *boltStore) keys(bucket string) ([]string, error) {
	var out []string
	err := s.db.View(func(tx *bolt.Tx) error {
		seq := keyGroup(bucket) != ""
		return tx.Bucket([]byte(bucket)).ForEach(func(k, v []byte) error {
			if !seq {
				out = append(out, string(k))
				return nil
			}
			key, _, err := unframe(v)
			if err != nil {
				return fmt.Errorf("store %s: %w", bucket, err)
			}
			out = append(out, key)
			return nil
		})
	})
	return out, err
}

// forEach visits a bucket in key order (for documents and rows: first
// ingestion order).
func (s *boltStore) forEach(bucket string, fn func(string, []byte) error) error {
	return s.db.View(func(tx *bolt.Tx) error {
		var buf []byte
		seq := keyGroup(bucket) != ""
		return tx.Bucket([]byte(bucket)).ForEach(func(k, v []byte) error {
			key := string(k)
			if seq {
				var err error
				if key, v, err = unframe(v); err != nil {
					return fmt.Errorf("store %s: %w", bucket, err)
				}
			}
			var err error
			if buf, err = decodeValue(bucket, buf[:0], v); err != nil {
				return fmt.Errorf("store %s/%s: %w", bucket, key, err)
			}
			return fn(key, buf)
		})
	})
}

func (s *boltStore) close() error { return s.db.Close() }

// compressed reports whether a bucket's values are compressed: documents
// are; rows (a few hundred bytes, read all at once on Open) are not.
func compressed(bucket string) bool { return bucket == bucketPostings || bucket == bucketCredentials }

func encodeValue(bucket string, v []byte) []byte {
	if compressed(bucket) {
		return compress(v)
	}
	return v
}

func (op storeOp) diskValue() []byte {
	if op.encoded {
		return op.val
	}
	return encodeValue(op.bucket, op.val)
}

// decodedValue returns the logical value of op.
func (op storeOp) decodedValue() ([]byte, error) {
	if !op.encoded {
		return op.val, nil
	}
	return decodeValue(op.bucket, nil, op.val)
}

func decodeValue(bucket string, dst, v []byte) ([]byte, error) {
	if compressed(bucket) {
		return decompress(dst, v)
	}
	return append(dst, v...), nil
}

func compress(v []byte) []byte { return snappy.Encode(nil, v) }

func decompress(dst, v []byte) ([]byte, error) {
	n, err := snappy.DecodedLen(v)
	if err != nil {
		return nil, fmt.Errorf("decompress: %w", err)
	}
	out, err := snappy.Decode(make([]byte, n), v)
	if err != nil {
		return nil, fmt.Errorf("decompress: %w", err)
	}
	return append(dst, out...), nil
}
