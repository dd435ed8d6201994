package crawler

import (
	"context"
	"sync"
	"time"
)

// frontier is the queue of pending requests, one FIFO per host, with
// per-host parallelism and minimum delay between request starts. Workers
// call next, which blocks until some host may be fetched, and done when
// they finish. Pending counts queued plus in-flight requests; next returns
// false when it reaches zero or the context ends.
//
// With refill set, at most memCap requests per host are kept in memory; the
// rest stay in the on-disk queue of the state (counted in spilled) and are
// loaded, in order, when the host's in-memory queue runs empty. Memory is
// then bounded by hosts x memCap, however long the queue.
type frontier struct {
	mu      sync.Mutex
	hosts   map[string]*hostQueue
	order   []string // hosts in first-seen order, for round robin
	rr      int
	pending int
	changed chan struct{}
	now     func() time.Time
	// refuse, when set, is asked (with mu held) about the head of each
	// queue before any waiting; a refused request is dropped at once, so a
	// page limit never waits on a host's delay. admit is told (with mu held)
	// of each request handed out.
	refuse func(Request) bool
	admit  func(Request)
	// refill loads up to max queued requests of host after seq from the
	// state; nil keeps every request in memory.
	refill func(host string, after uint64, max int) []queued
	memCap int
}

type hostQueue struct {
	queue     []Request
	head      int
	spilled   int    // queued in the state but not in memory
	lastSeq   uint64 // sequence number of the last request put in memory
	refilling bool
	inflight  int
	limit     int           // parallelism
	delay     time.Duration // between request starts
	next      time.Time     // earliest next start
}

func newFrontier() *frontier {
	return &frontier{hosts: map[string]*hostQueue{}, changed: make(chan struct{}), now: time.Now}
}

// signal wakes all waiters; call with mu held.
func (f *frontier) signal() {
	close(f.changed)
	f.changed = make(chan struct{})
}

// host returns the queue for h, creating it with the given limits; limits of
// an existing queue only get stricter.
func (f *frontier) host(h string, limit int, delay time.Duration) *hostQueue {
	q := f.hosts[h]
	if q == nil {
		q = &hostQueue{limit: limit, delay: delay}
		f.hosts[h] = q
		f.order = append(f.order, h)
		return q
	}
	if limit < q.limit {
		q.limit = limit
	}
	if delay > q.delay {
		q.delay = delay
	}
	return q
}

// push queues r (with its state sequence number) on host h.
func (f *frontier) push(h string, r Request, seq uint64, limit int, delay time.Duration) {
	f.mu.Lock()
	q := f.host(h, limit, delay)
	if f.refill != nil && (q.spilled > 0 || len(q.queue)-q.head >= f.memCap) {
		q.spilled++ // stays in the state's queue until the host gets to it
	} else {
		q.queue = append(q.queue, r)
		q.lastSeq = seq
	}
	f.pending++
	f.signal()
	f.mu.Unlock()
}

// setDelay raises a host's delay (a robots.txt Crawl-delay).
func (f *frontier) setDelay(h string, d time.Duration) {
	f.mu.Lock()
	if q := f.hosts[h]; q != nil && d > q.delay {
		q.next = q.next.Add(d - q.delay)
		q.delay = d
	}
	f.mu.Unlock()
}

// holdUntil keeps a host idle until t (Retry-After, backoff).
func (f *frontier) holdUntil(h string, t time.Time) {
	f.mu.Lock()
	if q := f.hosts[h]; q != nil && t.After(q.next) {
		q.next = t
	}
	f.mu.Unlock()
}

// next returns the next request that may start now, and its host.
func (f *frontier) next(ctx context.Context) (Request, string, bool) {
outer:
	for {
		f.mu.Lock()
		if f.pending == 0 || ctx.Err() != nil {
			f.mu.Unlock()
			return Request{}, "", false
		}
		now := f.now()
		var wake time.Time
		n := len(f.order)
		for i := 0; i < n; i++ {
			h := f.order[(f.rr+i)%n]
			q := f.hosts[h]
			for f.refuse != nil && q.head < len(q.queue) && f.refuse(q.queue[q.head]) {
				f.popHead(q)
				f.pending--
				f.signal()
			}
			if f.pending == 0 {
				f.mu.Unlock()
				return Request{}, "", false
			}
			if q.head == len(q.queue) && q.spilled > 0 && !q.refilling {
				f.refillHost(h, q)
				f.mu.Unlock()
				continue outer
			}
			if q.head == len(q.queue) || q.inflight >= q.limit {
				continue
			}
			if now.Before(q.next) {
				if wake.IsZero() || q.next.Before(wake) {
					wake = q.next
				}
				continue
			}
			r := f.popHead(q)
			if f.admit != nil {
				f.admit(r)
			}
			q.inflight++
			q.next = now.Add(q.delay)
			f.rr = (f.rr + i + 1) % n
			f.mu.Unlock()
			return r, h, true
		}
		ch := f.changed
		f.mu.Unlock()
		var timer <-chan time.Time
		if !wake.IsZero() {
			t := time.NewTimer(wake.Sub(now))
			timer = t.C
			select {
			case <-ctx.Done():
			case <-ch:
			case <-timer:
			}
			t.Stop()
			continue
		}
		select {
		case <-ctx.Done():
		case <-ch:
		}
	}
}

// refillHost loads the next spilled requests of h. It is called with mu
// held and returns with it held, releasing it while loading.
func (f *frontier) refillHost(h string, q *hostQueue) {
	q.refilling = true
	after := q.lastSeq
	f.mu.Unlock()
	items := f.refill(h, after, f.memCap)
	f.mu.Lock()
	q.refilling = false
	for _, it := range items {
		q.queue = append(q.queue, it.r)
		q.lastSeq = it.seq
	}
	q.spilled -= len(items)
	if len(items) == 0 && q.spilled > 0 {
		// The state has none left (a failed load): forget them rather
		// than wait forever; they stay queued on disk for a resume.
		f.pending -= q.spilled
		q.spilled = 0
	}
	f.signal()
}

// popHead removes and returns the head of q; call with mu held.
func (f *frontier) popHead(q *hostQueue) Request {
	r := q.queue[q.head]
	q.queue[q.head] = Request{}
	q.head++
	if q.head == len(q.queue) {
		if cap(q.queue) > 1024 {
			q.queue = nil // do not keep a burst's capacity around
		}
		q.queue, q.head = q.queue[:0], 0
	} else if q.head > 1024 && q.head*2 > len(q.queue) {
		q.queue = append(q.queue[:0], q.queue[q.head:]...)
		q.head = 0
	}
	return r
}

// done marks a request from host h finished.
func (f *frontier) done(h string) {
	f.mu.Lock()
	if q := f.hosts[h]; q != nil {
		q.inflight--
	}
	f.pending--
	f.signal()
	f.mu.Unlock()
}

// size returns the number of pending requests.
func (f *frontier) size() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.pending
}
