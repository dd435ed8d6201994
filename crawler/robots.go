package crawler

import (
	"context"
	"errors"
	"net/url"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

// errRobotsUnavailable marks a host whose robots.txt answered 5xx or could
// not be fetched: RFC 9309 says to assume complete disallow.
var errRobotsUnavailable = errors.New("robots.txt unavailable (5xx or unreachable): host treated as disallowed")

// robotsCache fetches and caches robots.txt per scheme://host:port.
//
// RFC 9309: 2xx is parsed; 4xx means no restrictions; 5xx or an unreachable
// host means complete disallow, re-checked after errTTL. A good answer is
// trusted for ttl (at most 24h is recommended).
type robotsCache struct {
	agent  string
	ttl    time.Duration
	errTTL time.Duration
	fetch  func(ctx context.Context, u string) (*fetchResult, error)
	now    func() time.Time

	mu    sync.Mutex
	hosts map[string]*robotsEntry
}

type robotsEntry struct {
	mu          sync.Mutex // held while fetching, so one fetch per host
	loaded      bool
	expires     time.Time
	group       *robotstxt.Group
	unavailable bool
	sitemaps    []string
}

func newRobotsCache(agent string, ttl, errTTL time.Duration, fetch func(ctx context.Context, u string) (*fetchResult, error)) *robotsCache {
	return &robotsCache{agent: agentToken(agent), ttl: ttl, errTTL: errTTL, fetch: fetch, now: time.Now, hosts: map[string]*robotsEntry{}}
}

// check reports whether u may be fetched and the host's Crawl-delay.
// A disallowed URL gives ok false and a nil error; an unavailable robots.txt
// gives ok false and errRobotsUnavailable.
func (rc *robotsCache) check(ctx context.Context, u *url.URL) (ok bool, crawlDelay time.Duration, err error) {
	e, err := rc.entry(ctx, u)
	if err != nil {
		return false, 0, err
	}
	if e.unavailable {
		return false, 0, errRobotsUnavailable
	}
	if e.group == nil || u.Path == "/robots.txt" {
		return true, 0, nil // robots.txt itself is always fetchable
	}
	return e.group.Test(robotsPath(u)), e.group.CrawlDelay, nil
}

func (rc *robotsCache) entry(ctx context.Context, u *url.URL) (*robotsEntry, error) {
	host := hostKey(u)
	rc.mu.Lock()
	e := rc.hosts[host]
	if e == nil {
		e = &robotsEntry{}
		rc.hosts[host] = e
	}
	rc.mu.Unlock()

	e.mu.Lock()
	defer e.mu.Unlock()
	now := rc.now()
	if e.loaded && now.Before(e.expires) {
		return e, nil
	}
	res, err := rc.fetch(ctx, host+"/robots.txt")
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	if errKind(err) == "blocked_address" {
		return nil, err // the host itself is refused; nothing to cache
	}
	e.loaded = true
	e.group, e.unavailable, e.sitemaps = nil, false, nil
	switch {
	case err != nil:
		var fe *FetchError
		if errors.As(err, &fe) && len(fe.Kind) == 8 && fe.Kind[:5] == "http_" && fe.Kind[5] == '4' && fe.Kind != "http_429" {
			e.expires = now.Add(rc.ttl) // 4xx: no restrictions
			return e, nil
		}
		e.unavailable = true
		e.expires = now.Add(rc.errTTL)
	default:
		data, perr := robotstxt.FromBytes(res.Body)
		if perr != nil {
			// An unparseable file is treated as no restrictions, as robotstxt
			// itself and major crawlers do.
			e.expires = now.Add(rc.ttl)
			return e, nil
		}
		e.group = data.FindGroup(rc.agent)
		e.sitemaps = data.Sitemaps
		e.expires = now.Add(rc.ttl)
	}
	return e, nil
}

// peek answers from the cache only, without fetching or waiting: known is
// false when the host's robots.txt is not loaded, expired or being fetched
// right now; unavailable reports a host whose robots.txt answered 5xx.
func (rc *robotsCache) peek(u *url.URL) (allowed, known, unavailable bool) {
	rc.mu.Lock()
	e := rc.hosts[hostKey(u)]
	rc.mu.Unlock()
	if e == nil || !e.mu.TryLock() {
		return false, false, false
	}
	defer e.mu.Unlock()
	if !e.loaded || !rc.now().Before(e.expires) {
		return false, false, false
	}
	if u.Path == "/robots.txt" {
		return true, true, false
	}
	if e.unavailable {
		return false, true, true
	}
	if e.group == nil {
		return true, true, false
	}
	return e.group.Test(robotsPath(u)), true, false
}

// robotsPath is the path and query robots.txt rules are matched against.
func robotsPath(u *url.URL) string {
	p := u.EscapedPath()
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return p
}
