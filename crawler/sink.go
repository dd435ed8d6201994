package crawler

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"github.com/skillmatch/skillmatch"
)

// Record is one emitted item: exactly one of Posting or Credential is set.
type Record struct {
	Posting    *skillmatch.Posting
	Credential *skillmatch.Credential
}

// Kind returns "posting" or "credential".
func (r Record) Kind() string {
	if r.Posting != nil {
		return "posting"
	}
	return "credential"
}

// ID returns the record's stable ID.
func (r Record) ID() string {
	if r.Posting != nil {
		return r.Posting.ID
	}
	if r.Credential != nil {
		return r.Credential.ID
	}
	return ""
}

// Sink receives records as they are found.
type Sink interface {
	// Write stores one complete record.
	Write(Record) error
	// Sync makes every record written so far durable; the crawler marks a
	// page finished in its state only after a Sync that covers its records.
	Sync() error
}

// Replayer is implemented by sinks that can list the records they already
// hold, so a resumed crawl rebuilds its duplicate filter from the output
// itself and never writes a record twice even after a crash.
type Replayer interface {
	Replay(fn func(Record) error) error
}

// DirSink writes DIR/postings.jsonl and DIR/credentials.jsonl, one complete
// JSON record per line, appended as found.
type DirSink struct {
	mu          sync.Mutex
	postings    *os.File
	credentials *os.File
	buf         bytes.Buffer
}

// OpenDirSink opens (creating if needed) the two JSONL files in dir. A
// partial last line left by a killed process is cut off first, so every line
// in the files is a complete record.
func OpenDirSink(dir string) (*DirSink, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("sink: %w", err)
	}
	s := &DirSink{}
	var err error
	if s.postings, err = openAppend(filepath.Join(dir, "postings.jsonl")); err != nil {
		return nil, err
	}
	if s.credentials, err = openAppend(filepath.Join(dir, "credentials.jsonl")); err != nil {
		s.postings.Close()
		return nil, err
	}
	return s, nil
}

// openAppend opens path for appending after truncating a partial last line.
func openAppend(path string) (*os.File, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("sink: %w", err)
	}
	if err := truncatePartialLine(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("sink: %s: %w", path, err)
	}
	return f, nil
}

// truncatePartialLine cuts f after its last newline and leaves the offset at
// the end.
func truncatePartialLine(f *os.File) error {
	st, err := f.Stat()
	if err != nil {
		return err
	}
	size := st.Size()
	if size == 0 {
		return nil
	}
	// Scan backwards in chunks for the last '\n'.
	const chunk = 64 << 10
	end := size
	for end > 0 {
		start := max(end-chunk, 0)
		b := make([]byte, end-start)
		if _, err := f.ReadAt(b, start); err != nil && !errors.Is(err, io.EOF) {
			return err
		}
		if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
			cut := start + int64(i) + 1
			if cut != size {
				if err := f.Truncate(cut); err != nil {
					return err
				}
			}
			_, err := f.Seek(cut, io.SeekStart)
			return err
		}
		end = start
	}
	if err := f.Truncate(0); err != nil {
		return err
	}
	_, err = f.Seek(0, io.SeekStart)
	return err
}

// Write appends r as one line with a single write call.
func (s *DirSink) Write(r Record) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.buf.Reset()
	enc := json.NewEncoder(&s.buf)
	enc.SetEscapeHTML(false)
	f := s.credentials
	var err error
	if r.Posting != nil {
		f = s.postings
		err = enc.Encode(r.Posting)
	} else if r.Credential != nil {
		err = enc.Encode(r.Credential)
	} else {
		return errors.New("sink: empty record")
	}
	if err != nil {
		return fmt.Errorf("sink: encode %s: %w", r.ID(), err)
	}
	if _, err := f.Write(s.buf.Bytes()); err != nil {
		return fmt.Errorf("sink: write %s: %w", r.ID(), err)
	}
	return nil
}

// Sync flushes both files to stable storage.
func (s *DirSink) Sync() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.postings.Sync(); err != nil {
		return fmt.Errorf("sink: %w", err)
	}
	if err := s.credentials.Sync(); err != nil {
		return fmt.Errorf("sink: %w", err)
	}
	return nil
}

// Replay calls fn for every record already in the files.
func (s *DirSink) Replay(fn func(Record) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, f := range []*os.File{s.postings, s.credentials} {
		isPosting := f == s.postings
		if err := replayFile(f, func(line []byte) error {
			var r Record
			if isPosting {
				r.Posting = new(skillmatch.Posting)
				if err := json.Unmarshal(line, r.Posting); err != nil {
					return err
				}
			} else {
				r.Credential = new(skillmatch.Credential)
				if err := json.Unmarshal(line, r.Credential); err != nil {
					return err
				}
			}
			return fn(r)
		}); err != nil {
			return fmt.Errorf("sink: replay %s: %w", f.Name(), err)
		}
	}
	return nil
}

// replayFile reads every line of f from the start, then restores the offset.
func replayFile(f *os.File, fn func([]byte) error) error {
	end, err := f.Seek(0, io.SeekCurrent)
	if err != nil {
		return err
	}
	sc := bufio.NewScanner(io.NewSectionReader(f, 0, end))
	sc.Buffer(make([]byte, 64<<10), 64<<20)
	n := 0
	for sc.Scan() {
		n++
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		if err := fn(sc.Bytes()); err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
	}
	return sc.Err()
}

// Close syncs and closes both files.
func (s *DirSink) Close() error {
	err := s.Sync()
	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.postings.Close(); err == nil {
		err = e
	}
	if e := s.credentials.Close(); err == nil {
		err = e
	}
	return err
}

// MemSink keeps records in memory; it is safe for concurrent use.
type MemSink struct {
	mu      sync.Mutex
	Records []Record
}

// Write appends r.
func (m *MemSink) Write(r Record) error {
	m.mu.Lock()
	m.Records = append(m.Records, r)
	m.mu.Unlock()
	return nil
}

// Sync does nothing.
func (m *MemSink) Sync() error { return nil }

// Replay calls fn for every stored record.
func (m *MemSink) Replay(fn func(Record) error) error {
	m.mu.Lock()
	recs := append([]Record(nil), m.Records...)
	m.mu.Unlock()
	for _, r := range recs {
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

// Snapshot returns a copy of the stored records.
func (m *MemSink) Snapshot() []Record {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Record(nil), m.Records...)
}
