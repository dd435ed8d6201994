package crawler

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// pageState is what the state remembers about one fetched request.
type pageState struct {
	Gen          int       `json:"g"`
	Key          reqKey    `json:"k"`
	Status       int       `json:"st,omitempty"`
	Err          string    `json:"err,omitempty"`
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"lm,omitempty"`
	Lastmod      string    `json:"slm,omitempty"` // sitemap lastmod it was fetched for
	Out          []Request `json:"out,omitempty"` // requests it produced, replayed on 304
}

// recKeys are the duplicate-filter keys of one emitted record.
type recKeys struct {
	ID   string `json:"id"`
	Hash string `json:"h,omitempty"`
	URL  string `json:"u,omitempty"`
	CK   string `json:"ck,omitempty"`
}

// stateLine is one line of the state log.
type stateLine struct {
	Op   string     `json:"op"` // gen, end, enq, done, rec
	Gen  int        `json:"gen,omitempty"`
	Req  *Request   `json:"r,omitempty"`
	Page *pageState `json:"p,omitempty"`
	Rec  *recKeys   `json:"rec,omitempty"`
}

// store is the on-disk crawl state: an append-only JSONL log (state.jsonl)
// of generations, queued requests, finished pages and emitted records.
//
// A generation is one complete crawl of the configured sources. A run that
// finds the last generation unfinished resumes it: pages finished in it are
// not fetched again and its queued requests are continued. A run after a
// finished generation starts a new one, sending conditional requests with
// the validators remembered from earlier generations.
//
// Lines are buffered and written in group commits: the sink is synced
// first, then the buffered lines are appended and the log is fsynced, so a
// page is recorded as finished only once its records are durable. On open,
// a partial last line is ignored and the log is compacted by writing a
// temporary file and renaming it over the old one.
type store struct {
	path string
	f    *os.File

	mu  sync.Mutex // guards buf
	fmu sync.Mutex // serializes flushes, so group commits keep their order
	buf bytes.Buffer

	gen     int
	resumed bool
	history map[reqKey]*pageState // latest useful state per request (validators, lastmod, links), all generations
	doneNow map[reqKey]struct{}   // requests finished in the current generation
	pending []Request             // queued in the current generation, not finished
	recs    []recKeys             // emitted records, for the duplicate filter
}

// openStore loads dir/state.jsonl (dir "" gives a state kept in memory only).
func openStore(dir string) (*store, error) {
	s := &store{history: map[reqKey]*pageState{}, doneNow: map[reqKey]struct{}{}}
	if dir == "" {
		s.gen = 1
		return s, nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("state: %w", err)
	}
	s.path = filepath.Join(dir, "state.jsonl")
	lastGen, ended, enq, err := s.load()
	if err != nil {
		return nil, err
	}
	if lastGen == 0 || ended {
		s.gen = lastGen + 1
		s.doneNow = map[reqKey]struct{}{}
	} else {
		s.gen, s.resumed = lastGen, true
		for _, r := range enq {
			if _, done := s.doneNow[r.key()]; !done {
				s.pending = append(s.pending, r)
			}
		}
	}
	if err := s.compact(); err != nil {
		return nil, err
	}
	return s, nil
}

// load reads the log. It returns the last generation, whether it ended, and
// the requests queued in it.
func (s *store) load() (lastGen int, ended bool, enq []Request, err error) {
	f, err := os.Open(s.path)
	if os.IsNotExist(err) {
		return 0, false, nil, nil
	}
	if err != nil {
		return 0, false, nil, fmt.Errorf("state: %w", err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 64<<10)
	seenEnq := map[reqKey]bool{}
	for n := 1; ; n++ {
		line, rerr := r.ReadBytes('\n')
		if rerr == io.EOF {
			break // a partial last line (killed mid-write) is ignored
		}
		if rerr != nil {
			return 0, false, nil, fmt.Errorf("state %s:%d: %w", s.path, n, rerr)
		}
		var l stateLine
		if err := json.Unmarshal(line, &l); err != nil {
			return 0, false, nil, fmt.Errorf("state %s:%d: %w", s.path, n, err)
		}
		switch l.Op {
		case "gen":
			if l.Gen > lastGen {
				lastGen, ended = l.Gen, false
				enq, seenEnq = nil, map[reqKey]bool{}
				s.doneNow = map[reqKey]struct{}{}
			}
		case "end":
			if l.Gen == lastGen {
				ended = true
			}
		case "enq":
			if l.Req != nil && l.Gen == lastGen && !seenEnq[l.Req.key()] {
				seenEnq[l.Req.key()] = true
				enq = append(enq, *l.Req)
			}
		case "done":
			if l.Page != nil {
				s.remember(l.Page)
				if l.Page.Gen == lastGen {
					s.doneNow[l.Page.Key] = struct{}{}
				}
			}
		case "rec":
			if l.Rec != nil {
				s.recs = append(s.recs, *l.Rec)
			}
		}
	}
	return lastGen, ended, enq, nil
}

// compact rewrites the log with only what is still needed, via a temporary
// file and a rename, then opens it for appending.
func (s *store) compact() error {
	tmp := s.path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("state: %w", err)
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	for _, p := range s.history {
		enc.Encode(stateLine{Op: "done", Page: p})
	}
	if s.resumed {
		for k := range s.doneNow {
			if s.history[k] == nil || s.history[k].Gen != s.gen {
				enc.Encode(stateLine{Op: "done", Page: &pageState{Gen: s.gen, Key: k}})
			}
		}
	}
	for i := range s.recs {
		enc.Encode(stateLine{Op: "rec", Rec: &s.recs[i]})
	}
	enc.Encode(stateLine{Op: "gen", Gen: s.gen})
	for i := range s.pending {
		enc.Encode(stateLine{Op: "enq", Gen: s.gen, Req: &s.pending[i]})
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("state: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("state: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("state: %w", err)
	}
	if err := os.Rename(tmp, s.path); err != nil {
		return fmt.Errorf("state: %w", err)
	}
	if d, err := os.Open(filepath.Dir(s.path)); err == nil {
		d.Sync()
		d.Close()
	}
	s.f, err = os.OpenFile(s.path, os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("state: %w", err)
	}
	return nil
}

// remember keeps p in history when a later generation can use it (validators
// for a conditional request, a sitemap lastmod, links to replay on 304);
// otherwise it drops any older entry, so memory holds only what is useful.
func (s *store) remember(p *pageState) {
	if p.Err != "" || (p.ETag == "" && p.LastModified == "" && p.Lastmod == "" && len(p.Out) == 0) {
		delete(s.history, p.Key)
		return
	}
	s.history[p.Key] = p
}

func (s *store) append(l stateLine) {
	if s.f == nil {
		return
	}
	s.mu.Lock()
	json.NewEncoder(&s.buf).Encode(l)
	s.mu.Unlock()
}

func (s *store) logEnq(r Request)    { s.append(stateLine{Op: "enq", Gen: s.gen, Req: &r}) }
func (s *store) logRec(k recKeys)    { s.append(stateLine{Op: "rec", Rec: &k}) }
func (s *store) logEnd()             { s.append(stateLine{Op: "end", Gen: s.gen}) }
func (s *store) logDone(p pageState) { s.append(stateLine{Op: "done", Page: &p}) }

// bufferedBytes returns the size of the unflushed log.
func (s *store) bufferedBytes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Len()
}

// flush is one group commit: take the buffered lines, sync the sink, then
// append the lines and fsync the log.
func (s *store) flush(sink Sink) error {
	s.fmu.Lock()
	defer s.fmu.Unlock()
	s.mu.Lock()
	data := bytes.Clone(s.buf.Bytes())
	if s.buf.Cap() > 256<<10 {
		s.buf = bytes.Buffer{} // do not keep a burst's capacity around
	} else {
		s.buf.Reset()
	}
	s.mu.Unlock()
	if err := sink.Sync(); err != nil {
		return err
	}
	if s.f == nil || len(data) == 0 {
		return nil
	}
	if _, err := s.f.Write(data); err != nil {
		return fmt.Errorf("state: %w", err)
	}
	if err := s.f.Sync(); err != nil {
		return fmt.Errorf("state: %w", err)
	}
	return nil
}

func (s *store) close() error {
	if s.f == nil {
		return nil
	}
	return s.f.Close()
}
