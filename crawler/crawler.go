package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

var zeroTime time.Time

// Summary counts what a run did.
type Summary struct {
	Pages            int            `json:"pages"`             // responses parsed (2xx)
	NotModified      int            `json:"not_modified"`      // 304 answers to conditional requests
	Records          map[string]int `json:"records"`           // new records written, by kind
	Updated          int            `json:"updated"`           // records re-written because their content changed
	Unchanged        int            `json:"unchanged"`         // records seen again with the same content
	Duplicates       int            `json:"duplicates"`        // same posting under another ID (URL or content match)
	SkippedRobots    int            `json:"skipped_robots"`    // requests refused by robots.txt (also on redirect)
	SkippedUnchanged int            `json:"skipped_unchanged"` // sitemap entries whose lastmod did not change
	Deferred         int            `json:"deferred"`          // left queued by max-pages for the next run
	Retries          int            `json:"retries"`
	Errors           map[string]int `json:"errors"` // by kind: http_404, timeout, body_too_large, jsonld_malformed, ...
	Queued           int            `json:"queued"` // still in the frontier when the run ended
	Resumed          bool           `json:"resumed"`
	Elapsed          time.Duration  `json:"elapsed"`
}

func (s Summary) clone() Summary {
	c := s
	c.Records = map[string]int{}
	for k, v := range s.Records {
		c.Records[k] = v
	}
	c.Errors = map[string]int{}
	for k, v := range s.Errors {
		c.Errors[k] = v
	}
	return c
}

// ErrorCount is the total of Errors.
func (s Summary) ErrorCount() int {
	n := 0
	for _, v := range s.Errors {
		n += v
	}
	return n
}

// String renders the summary as a few human-readable lines.
func (s Summary) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "pages fetched: %d (not modified: %d, retries: %d) in %s\n", s.Pages, s.NotModified, s.Retries, s.Elapsed.Round(time.Millisecond))
	fmt.Fprintf(&b, "records: %d postings, %d credentials new; %d updated, %d unchanged, %d duplicates\n",
		s.Records["posting"], s.Records["credential"], s.Updated, s.Unchanged, s.Duplicates)
	fmt.Fprintf(&b, "skipped: %d by robots.txt, %d unchanged in sitemaps, %d deferred by max-pages\n", s.SkippedRobots, s.SkippedUnchanged, s.Deferred)
	if len(s.Errors) == 0 {
		b.WriteString("errors: none\n")
	} else {
		var parts []string
		for _, k := range sortedKeys(s.Errors) {
			parts = append(parts, fmt.Sprintf("%s=%d", k, s.Errors[k]))
		}
		fmt.Fprintf(&b, "errors: %d (%s)\n", s.ErrorCount(), strings.Join(parts, ", "))
	}
	if s.Queued > 0 {
		fmt.Fprintf(&b, "still queued: %d (run again with the same --state to resume)\n", s.Queued)
	}
	return b.String()
}

// Crawler runs the configured sources into a Sink.
type Crawler struct {
	cfg     Config
	sink    Sink
	specs   map[string]SourceSpec
	sources map[string]Source
	order   []string

	fetch  *fetcher
	robots *robotsCache
	front  *frontier
	st     *store

	mu        sync.Mutex // guards the fields below
	sum       Summary
	fetched   int            // fetches started; guarded by the frontier's lock (see admit)
	bySource  map[string]int // same, per source
	deferred  atomic.Int64   // requests left queued by a page limit
	fatal     error
	cancelRun context.CancelFunc
	flushNow  chan struct{}
	// crashAtEnd makes Run skip its final commit, as a kill would (tests).
	crashAtEnd bool
	memCap     int        // frontierMemCap; tests lower it
	enqMu      sync.Mutex // orders tryEnqueue and push
	// sitemapSlots bounds the sitemaps read at once (maxSitemapsAtOnce).
	sitemapSlots chan struct{}
}

// New checks cfg and builds a Crawler writing to sink.
func New(cfg Config, sink Sink) (*Crawler, error) {
	if sink == nil {
		return nil, errors.New("crawler: nil sink")
	}
	cfg = cfg.withDefaults()
	if len(cfg.Sources) == 0 {
		return nil, errors.New("crawler: no sources configured")
	}
	c := &Crawler{cfg: cfg, sink: sink, specs: map[string]SourceSpec{}, sources: map[string]Source{}, bySource: map[string]int{}, memCap: frontierMemCap}
	for _, spec := range cfg.Sources {
		spec.Type = strings.ToLower(spec.Type)
		id := spec.ID()
		if _, dup := c.specs[id]; dup {
			return nil, fmt.Errorf("crawler: source %s listed twice", id)
		}
		src, err := newSource(spec)
		if err != nil {
			return nil, fmt.Errorf("crawler: %w", err)
		}
		c.specs[id], c.sources[id] = spec, src
		c.order = append(c.order, id)
	}
	g, err := newAddrGuard(cfg.AllowPrivate, cfg.AllowAddrs)
	if err != nil {
		return nil, fmt.Errorf("crawler: %w", err)
	}
	c.fetch = newFetcher(cfg, g)
	c.robots = newRobotsCache(cfg.UserAgent, cfg.RobotsTTL, cfg.RobotsErrorTTL, func(ctx context.Context, u string) (*fetchResult, error) {
		return c.fetch.get(context.WithValue(ctx, robotsFetchKey{}, true), u, validators{}, "text/plain", 0)
	})
	c.fetch.redirectOK = c.redirectOK
	return c, nil
}

type robotsFetchKey struct{}

// redirectOK refuses redirects into paths robots.txt disallows.
func (c *Crawler) redirectOK(ctx context.Context, u *url.URL) error {
	if ctx.Value(robotsFetchKey{}) != nil {
		return nil
	}
	ok, _, err := c.robots.check(ctx, u)
	if errKind(err) == "blocked_address" {
		return err
	}
	if err != nil {
		return &FetchError{Kind: "robots_unavailable", URL: u.String(), Err: err}
	}
	if !ok {
		return &FetchError{Kind: "robots", URL: u.String(), Err: errors.New("redirect target disallowed by robots.txt")}
	}
	return nil
}

func (c *Crawler) logf(format string, args ...any) {
	if c.cfg.Logf != nil {
		c.cfg.Logf(format, args...)
	}
}

// Run crawls until the frontier is empty, the page limit is reached or ctx
// is cancelled. It returns the summary and, when cancelled, ctx's error; the
// state written so far lets the next Run resume.
func (c *Crawler) Run(ctx context.Context) (Summary, error) {
	start := time.Now()
	c.fetch.retries.Store(0)
	st, err := openStore(c.cfg.StateDir)
	if err != nil {
		return Summary{}, err
	}
	defer st.close()
	if rp, ok := c.sink.(Replayer); ok {
		if err := st.replay(rp); err != nil {
			return Summary{}, fmt.Errorf("crawler: %w", err)
		}
	}
	front := newFrontier()
	c.mu.Lock()
	c.sum = Summary{Records: map[string]int{}, Errors: map[string]int{}, Resumed: st.resumed}
	c.st, c.front = st, front
	c.fetched, c.bySource, c.fatal = 0, map[string]int{}, nil
	c.deferred.Store(0)
	front.refuse, front.admit = c.refuse, c.admit
	if st.db != nil {
		front.refill, front.memCap = c.refill, c.memCap
	}
	c.flushNow = make(chan struct{}, 1)
	c.sitemapSlots = make(chan struct{}, maxSitemapsAtOnce)
	c.mu.Unlock()
	c.fetch.hostWait = front.holdUntil

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	c.cancelRun = cancel
	c.fetch.start(ctx) // colly collectors whose requests carry the run's context

	// Local sources first: they need no fetching.
	for _, id := range c.order {
		if ls, ok := c.sources[id].(LocalSource); ok {
			out := c.newOutput(id)
			if err := ls.Local(ctx, out); err != nil && ctx.Err() == nil {
				c.count("source_"+c.specs[id].Type, err)
			}
			if out.err != nil {
				return c.finish(start, out.err)
			}
		}
	}
	if err := st.pending(c.push); err != nil {
		return c.finish(start, err)
	}
	for _, id := range c.order {
		seeds, err := c.sources[id].Seeds()
		if err != nil {
			c.count("seed", err)
			continue
		}
		for _, r := range seeds {
			r.Source = id
			c.enqueue(r)
		}
	}

	var bg sync.WaitGroup
	stopBG := make(chan struct{})
	bg.Add(1)
	go func() { // group commits
		defer bg.Done()
		t := time.NewTicker(c.cfg.FlushInterval)
		defer t.Stop()
		for {
			select {
			case <-stopBG:
				return
			case <-t.C:
			case <-c.flushNow:
			}
			if err := st.flush(c.sink); err != nil {
				c.setFatal(err)
			}
		}
	}()
	if c.cfg.Progress != nil {
		bg.Add(1)
		go func() {
			defer bg.Done()
			t := time.NewTicker(c.cfg.ProgressInterval)
			defer t.Stop()
			for {
				select {
				case <-stopBG:
					return
				case <-t.C:
					c.cfg.Progress(c.Snapshot())
				}
			}
		}()
	}
	var wg sync.WaitGroup
	for i := 0; i < c.cfg.Parallelism; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				r, h, ok := c.front.next(ctx)
				if !ok {
					return
				}
				c.process(ctx, r, h)
				c.front.done(h)
			}
		}()
	}
	wg.Wait()
	close(stopBG)
	bg.Wait()
	c.mu.Lock()
	fatal := c.fatal
	c.mu.Unlock()
	if fatal == nil && ctx.Err() == nil && c.front.size() == 0 && c.deferred.Load() == 0 {
		st.end()
	}
	if fatal == nil {
		fatal = ctx.Err()
	}
	return c.finish(start, fatal)
}

func (c *Crawler) finish(start time.Time, err error) (Summary, error) {
	if c.crashAtEnd {
		// Tests: end like a killed process, without the final commit.
	} else if ferr := c.st.flush(c.sink); ferr != nil && err == nil {
		err = ferr
	}
	c.mu.Lock()
	c.sum.Queued = c.front.size()
	c.sum.Elapsed = time.Since(start)
	c.sum.Retries = int(c.fetch.retries.Load())
	c.sum.Deferred = int(c.deferred.Load())
	s := c.sum.clone()
	c.mu.Unlock()
	if c.cfg.Progress != nil {
		c.cfg.Progress(s)
	}
	return s, err
}

// Snapshot returns the running summary.
func (c *Crawler) Snapshot() Summary {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := c.sum.clone()
	s.Retries = int(c.fetch.retries.Load())
	s.Deferred = int(c.deferred.Load())
	if c.front != nil {
		s.Queued = c.front.size()
	}
	return s
}

func (c *Crawler) setFatal(err error) {
	c.mu.Lock()
	if c.fatal == nil {
		c.fatal = err
	}
	c.mu.Unlock()
	if c.cancelRun != nil {
		c.cancelRun()
	}
}

// count adds one error of kind.
func (c *Crawler) count(kind string, err error) {
	c.mu.Lock()
	c.sum.Errors[kind]++
	c.mu.Unlock()
	if errKind(err) == kind {
		c.logf("%v", err) // a FetchError already starts with its kind
		return
	}
	c.logf("%s: %v", kind, err)
}

func (c *Crawler) newOutput(source string) *Output {
	return &Output{
		emit:    func(r Record) error { return c.emitRecord(source, r) },
		problem: c.count,
	}
}

// limits returns the effective limits of a source.
func (c *Crawler) limits(id string) (depth, hostPar int, delay time.Duration) {
	spec := c.specs[id]
	depth, hostPar, delay = c.cfg.MaxDepth, c.cfg.HostParallelism, c.cfg.Delay
	if spec.MaxDepth != 0 {
		depth = spec.MaxDepth
	}
	depth = max(depth, 0) // negative: seeds only
	if spec.Parallelism > 0 {
		hostPar = spec.Parallelism
	}
	if spec.Delay > 0 {
		delay = spec.Delay
	} else if spec.Delay < 0 {
		delay = 0
	}
	return
}

// enqueue adds r to the frontier unless it was seen in this generation, is
// too deep, is known to be disallowed by robots.txt, or is a sitemap entry
// whose lastmod has not changed.
func (c *Crawler) enqueue(r Request) bool {
	if _, ok := c.specs[r.Source]; !ok {
		return false
	}
	r.URL = CanonicalURL(r.URL)
	u, err := url.Parse(r.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		c.count("bad_url", fmt.Errorf("%q: not an absolute http(s) URL", r.URL))
		return false
	}
	depth, _, _ := c.limits(r.Source)
	if r.Depth > depth {
		return false
	}
	skip := ""
	allowed, known, unavailable := c.robots.peek(u)
	switch {
	case unavailable:
		skip = "robots_unavailable"
	case known && !allowed:
		skip = "robots"
	}
	// Sequence numbers must reach the frontier in order, so that a host's
	// requests spilled to the state are reloaded after those in memory.
	c.enqMu.Lock()
	verdict, seq := c.st.tryEnqueue(r, skip)
	if verdict == enqQueued {
		c.push(r, seq)
	}
	c.enqMu.Unlock()
	switch verdict {
	case enqQueued:
		c.maybeFlush()
		return true
	case enqUnchanged:
		c.mu.Lock()
		c.sum.SkippedUnchanged++
		c.mu.Unlock()
	case enqSkipped:
		// Known already: skip it now rather than after waiting for the
		// host's turn.
		if skip == "robots" {
			c.mu.Lock()
			c.sum.SkippedRobots++
			c.mu.Unlock()
			c.logf("robots: %s disallowed", r.URL)
		} else {
			c.count(skip, fmt.Errorf("%s: %w", r.URL, errRobotsUnavailable))
		}
	}
	return false
}

// push hands a queued request to the frontier.
func (c *Crawler) push(r Request, seq uint64) {
	u, err := url.Parse(r.URL)
	if err != nil {
		return
	}
	if _, ok := c.specs[r.Source]; !ok {
		return // from a state written for another config
	}
	_, hostPar, delay := c.limits(r.Source)
	c.front.push(hostKey(u), r, seq, hostPar, delay)
}

// refill loads a host's spilled requests from the state, after a commit so
// that every queued request is on disk.
func (c *Crawler) refill(host string, after uint64, max int) []queued {
	if err := c.st.flush(c.sink); err != nil {
		c.setFatal(err)
		return nil
	}
	items, err := c.st.loadQueue(host, after, max)
	if err != nil {
		c.setFatal(err)
		return nil
	}
	return items
}

// markDone records a finished request in the state.
func (c *Crawler) markDone(r Request, p pageState) {
	p.Gen, p.Key = c.st.gen, r.key()
	if p.Lastmod == "" {
		p.Lastmod = r.Lastmod
	}
	c.st.done(p)
	c.maybeFlush()
}

// maybeFlush keeps the uncommitted layer (in memory) small: past
// asyncCommitAt changes it asks the flusher for an early group commit; past
// syncCommitAt the caller commits itself, which holds back a burst of
// discoveries (a big sitemap) until the state catches up.
func (c *Crawler) maybeFlush() {
	n := c.st.uncommitted()
	switch {
	case n > syncCommitAt:
		if err := c.st.flush(c.sink); err != nil {
			c.setFatal(err)
		}
	case n > asyncCommitAt:
		select {
		case c.flushNow <- struct{}{}:
		default:
		}
	}
}

// Commit thresholds in uncommitted changes (see maybeFlush). They bound
// the changes held in memory; the memory of writing them is bounded
// separately, per transaction (txNodeBudget).
const (
	asyncCommitAt = 128
	syncCommitAt  = 512
)

// frontierMemCap is how many queued requests per host are kept in memory
// when a state directory holds the rest.
const frontierMemCap = 1024

// maxSitemapsAtOnce is how many sitemap documents are read (and their
// entries enqueued) at once; the others wait, fetched.
const maxSitemapsAtOnce = 1

// maxReplayLinks bounds the links remembered per page for replay on a 304.
// A page producing more (a big sitemap) keeps no validators instead, so it
// is fetched in full next time and its entries are filtered by lastmod.
const maxReplayLinks = 2000

const acceptAny = "text/html,application/xhtml+xml,application/ld+json;q=0.9,application/json;q=0.9,application/xml;q=0.8,*/*;q=0.5"

// refuse is asked by the frontier, under its lock, about each queued
// request before it waits for the host. Past a page limit the request is
// dropped from this run at once; it stays queued in the state for the
// next run.
func (c *Crawler) refuse(r Request) bool {
	spec := c.specs[r.Source]
	if (c.cfg.MaxPages > 0 && c.fetched >= c.cfg.MaxPages) || (spec.MaxPages > 0 && c.bySource[r.Source] >= spec.MaxPages) {
		c.deferred.Add(1)
		return true
	}
	return false
}

// admit counts a request the frontier hands out (under its lock).
func (c *Crawler) admit(r Request) {
	c.fetched++
	c.bySource[r.Source]++
}

// process fetches one request and hands it to its source.
func (c *Crawler) process(ctx context.Context, r Request, host string) {
	prev := c.st.page(r.key())

	u, _ := url.Parse(r.URL)
	ok, crawlDelay, err := c.robots.check(ctx, u)
	if ctx.Err() != nil {
		return
	}
	if err != nil {
		kind := "robots_unavailable"
		if errKind(err) == "blocked_address" {
			kind = "blocked_address"
		}
		c.count(kind, fmt.Errorf("%s: %w", r.URL, err))
		c.markDone(r, pageState{Err: kind})
		return
	}
	if !ok {
		c.mu.Lock()
		c.sum.SkippedRobots++
		c.mu.Unlock()
		c.logf("robots: %s disallowed", r.URL)
		c.markDone(r, pageState{Err: "robots"})
		return
	}
	if crawlDelay > 0 {
		c.front.setDelay(host, min(crawlDelay, c.cfg.MaxCrawlDelay))
	}
	var v validators
	if prev != nil && prev.Err == "" {
		v = validators{ETag: prev.ETag, LastModified: prev.LastModified}
	}
	res, err := c.fetch.get(ctx, r.URL, v, acceptAny, -1)
	if ctx.Err() != nil {
		return // not finished: stays queued for a resume
	}
	if err != nil {
		kind := errKind(err)
		if kind == "robots" {
			c.mu.Lock()
			c.sum.SkippedRobots++
			c.mu.Unlock()
			c.logf("robots: %v", err)
		} else {
			c.count(kind, err)
		}
		c.markDone(r, pageState{Err: kind})
		return
	}
	if res.NotModified {
		c.mu.Lock()
		c.sum.NotModified++
		c.mu.Unlock()
		p := pageState{Status: http304, ETag: v.ETag, LastModified: v.LastModified}
		if e := res.Header.Get("ETag"); e != "" {
			p.ETag = e
		}
		out, err := c.st.outOf(prev)
		if err != nil {
			c.setFatal(err)
			return
		}
		p.Out = out
		for _, ch := range p.Out {
			c.enqueue(ch)
		}
		c.markDone(r, p)
		return
	}
	c.mu.Lock()
	c.sum.Pages++
	c.mu.Unlock()
	resp := &Response{Request: r, URL: res.URL, Status: res.Status, Header: res.Header, Body: res.Body, Fetched: time.Now().UTC(), MaxBody: c.cfg.MaxBodySize, page: res.Page}
	out := c.newOutput(r.Source)
	// Children are enqueued as the source finds them; up to maxReplayLinks
	// of them are kept for replay on a 304.
	var children []Request
	tooMany := false
	out.onFollow = func(ch Request) {
		if ch.Source == "" {
			ch.Source = r.Source
		}
		ch.URL = CanonicalURL(ch.URL)
		c.enqueue(ch)
		switch {
		case tooMany:
		case len(children) == maxReplayLinks:
			children, tooMany = nil, true
		default:
			children = append(children, ch)
		}
	}
	out.sitemapSlots = c.sitemapSlots
	herr := c.sources[r.Source].Handle(ctx, resp, out)
	if out.err != nil {
		c.setFatal(out.err)
		return
	}
	if ctx.Err() != nil {
		return // not finished: stays queued for a resume
	}
	if herr != nil {
		c.count("parse", fmt.Errorf("%s: %w", r.URL, herr))
	}
	p := pageState{Status: res.Status, ETag: res.Header.Get("ETag"), LastModified: res.Header.Get("Last-Modified"), Out: children}
	if tooMany {
		p.ETag, p.LastModified, p.Out = "", "", nil
	}
	c.markDone(r, p)
}

const http304 = 304

// stamp fills the provenance a source left empty: where the record came
// from, when, and an ID from its canonical URL.
func stamp(source *string, crawledAt *time.Time, id *string, url, from string, now time.Time) {
	if *source == "" {
		*source = from
	}
	if crawledAt.IsZero() {
		*crawledAt = now
	}
	if *id == "" {
		*id = CanonicalURL(url)
	}
}

// emitRecord fills provenance, filters duplicates and writes r to the sink.
func (c *Crawler) emitRecord(source string, r Record) error {
	now := time.Now().UTC().Truncate(time.Second)
	switch {
	case r.Posting != nil:
		p := r.Posting
		stamp(&p.Source, &p.CrawledAt, &p.ID, p.URL, source, now)
		p.ContentHash = contentHash(r)
	case r.Credential != nil:
		cr := r.Credential
		stamp(&cr.Source, &cr.CrawledAt, &cr.ID, cr.URL, source, now)
		cr.ContentHash = contentHash(r)
	default:
		return nil
	}
	if r.ID() == "" {
		c.count("record_without_id", errors.New("record has neither ID nor URL; dropped"))
		return nil
	}
	k := keysOf(r)
	switch c.st.dedupCheck(k) {
	case verdictUnchanged:
		c.mu.Lock()
		c.sum.Unchanged++
		c.mu.Unlock()
		return nil
	case verdictDuplicate:
		c.mu.Lock()
		c.sum.Duplicates++
		c.mu.Unlock()
		return nil
	case verdictUpdate:
		c.mu.Lock()
		c.sum.Updated++
		c.mu.Unlock()
	default:
		c.mu.Lock()
		c.sum.Records[r.Kind()]++
		c.mu.Unlock()
	}
	return c.sink.Write(r)
}
