package crawler

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// FetchError is a failed fetch with the kind it is counted under in the
// summary (http_404, http_500, timeout, blocked_address, redirect_loop,
// robots, body_too_large, network).
type FetchError struct {
	Kind string
	URL  string
	Err  error
}

func (e *FetchError) Error() string { return fmt.Sprintf("%s: %s: %v", e.Kind, e.URL, e.Err) }
func (e *FetchError) Unwrap() error { return e.Err }

// errKind returns the summary kind of err.
func errKind(err error) string {
	var fe *FetchError
	if errors.As(err, &fe) {
		return fe.Kind
	}
	return "other"
}

// validators are what a conditional request sends.
type validators struct {
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"lm,omitempty"`
}

// fetchResult is one completed fetch.
type fetchResult struct {
	URL         string
	Status      int
	Header      http.Header
	Body        []byte
	NotModified bool
	Retries     int
}

// fetcher does HTTP with the address guard, limits, retries and backoff.
// It uses net/http directly rather than colly: colly's queue ignores a
// cancelled context, its LimitRule is shared across hosts, and its
// MaxBodySize cuts silently and counts compressed bytes (see docs/crawler.md).
type fetcher struct {
	cfg    Config
	client *http.Client
	// redirectOK, when set, vets each redirect target (robots.txt).
	redirectOK func(ctx context.Context, u *url.URL) error
	// hostWait, when set, is told that a host asked us to wait.
	hostWait func(host string, until time.Time)
	sleep    func(ctx context.Context, d time.Duration) error
	retries  atomic.Int64 // retries done, for the summary
}

func newFetcher(cfg Config, g *addrGuard) *fetcher {
	tr := &http.Transport{
		Proxy:                 nil, // a proxy would make the dial-time address check meaningless
		DialContext:           newDialer(g).DialContext,
		MaxIdleConnsPerHost:   max(cfg.HostParallelism, 2),
		IdleConnTimeout:       30 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: cfg.Timeout,
		DisableCompression:    true, // we decompress ourselves, with a limit
		ForceAttemptHTTP2:     true,
	}
	f := &fetcher{cfg: cfg, sleep: sleepCtx}
	f.client = &http.Client{Transport: tr, CheckRedirect: f.checkRedirect}
	return f
}

func (f *fetcher) checkRedirect(req *http.Request, via []*http.Request) error {
	for _, v := range via {
		if v.URL.String() == req.URL.String() {
			return &FetchError{Kind: "redirect_loop", URL: req.URL.String(), Err: fmt.Errorf("redirect loop after %d hops", len(via))}
		}
	}
	if len(via) >= 10 {
		return &FetchError{Kind: "redirect_loop", URL: req.URL.String(), Err: errors.New("more than 10 redirects")}
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return &FetchError{Kind: "redirect_scheme", URL: req.URL.String(), Err: errors.New("redirect to a non-HTTP scheme")}
	}
	if f.redirectOK != nil {
		if err := f.redirectOK(req.Context(), req.URL); err != nil {
			return err
		}
	}
	return nil
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// get fetches u, retrying timeouts, 5xx and 429 with exponential backoff and
// honouring Retry-After. retries < 0 means the configured number.
func (f *fetcher) get(ctx context.Context, u string, v validators, accept string, retries int) (*fetchResult, error) {
	if retries < 0 {
		retries = f.cfg.Retries
	}
	var lastErr error
	for attempt := 0; ; attempt++ {
		res, wait, err := f.once(ctx, u, v, accept)
		if err == nil {
			res.Retries = attempt
			return res, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		lastErr = err
		if wait < 0 || attempt >= retries {
			return nil, lastErr
		}
		if wait == 0 {
			wait = f.cfg.RetryBase << attempt
		}
		if f.hostWait != nil {
			if pu, perr := url.Parse(u); perr == nil {
				f.hostWait(hostKey(pu), time.Now().Add(wait))
			}
		}
		f.retries.Add(1)
		if err := f.sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// once does one attempt. wait < 0 means do not retry; 0 means use backoff;
// > 0 is the server's Retry-After.
func (f *fetcher) once(ctx context.Context, u string, v validators, accept string) (*fetchResult, time.Duration, error) {
	actx, cancel := context.WithTimeout(ctx, f.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodGet, u, nil)
	if err != nil {
		return nil, -1, &FetchError{Kind: "bad_url", URL: u, Err: err}
	}
	req.Header.Set("User-Agent", f.cfg.UserAgent)
	req.Header.Set("Accept-Encoding", "gzip")
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	if v.ETag != "" {
		req.Header.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		req.Header.Set("If-Modified-Since", v.LastModified)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		return nil, f.classifyWait(ctx, err), f.classify(ctx, u, err)
	}
	defer resp.Body.Close()
	res := &fetchResult{URL: resp.Request.URL.String(), Status: resp.StatusCode, Header: resp.Header}
	switch {
	case resp.StatusCode == http.StatusNotModified:
		res.NotModified = true
		return res, 0, nil
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		wait := retryAfter(resp.Header.Get("Retry-After"), time.Now())
		if wait > f.cfg.MaxRetryAfter {
			wait = f.cfg.MaxRetryAfter
		}
		if resp.StatusCode == http.StatusNotImplemented {
			wait = -1
		}
		return nil, wait, &FetchError{Kind: "http_" + strconv.Itoa(resp.StatusCode), URL: u, Err: errors.New(resp.Status)}
	case resp.StatusCode >= 300:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return nil, -1, &FetchError{Kind: "http_" + strconv.Itoa(resp.StatusCode), URL: u, Err: errors.New(resp.Status)}
	}
	body, err := readBody(resp, f.cfg.MaxBodySize)
	if err != nil {
		if ctx.Err() == nil && actx.Err() != nil {
			return nil, 0, &FetchError{Kind: "timeout", URL: u, Err: err}
		}
		var fe *FetchError
		if errors.As(err, &fe) {
			fe.URL = u
			return nil, -1, fe
		}
		return nil, -1, &FetchError{Kind: "network", URL: u, Err: err}
	}
	res.Body = body
	return res, 0, nil
}

// classify maps a client error to a FetchError.
func (f *fetcher) classify(ctx context.Context, u string, err error) error {
	var fe *FetchError
	if errors.As(err, &fe) {
		return fe
	}
	if errors.Is(err, ErrBlockedAddress) {
		return &FetchError{Kind: "blocked_address", URL: u, Err: err}
	}
	var ne net.Error
	if ctx.Err() == nil && (errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())) {
		return &FetchError{Kind: "timeout", URL: u, Err: err}
	}
	return &FetchError{Kind: "network", URL: u, Err: err}
}

// classifyWait says whether a client error is retried: only timeouts are.
func (f *fetcher) classifyWait(ctx context.Context, err error) time.Duration {
	if errKind(f.classify(ctx, "", err)) == "timeout" {
		return 0
	}
	return -1
}

// readBody reads at most limit bytes of the (decompressed) body. A body that
// is larger, compressed or not, is an error of kind body_too_large; the
// reader never holds more than limit+1 bytes.
func readBody(resp *http.Response, limit int64) ([]byte, error) {
	var r io.Reader = io.LimitReader(resp.Body, limit+1)
	switch strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))) {
	case "", "identity":
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			return nil, &FetchError{Kind: "bad_encoding", Err: err}
		}
		defer zr.Close()
		r = zr
	default:
		return nil, &FetchError{Kind: "bad_encoding", Err: fmt.Errorf("unsupported Content-Encoding %q", resp.Header.Get("Content-Encoding"))}
	}
	return readLimited(r, limit)
}

// readLimited reads r up to limit bytes; more is body_too_large.
func readLimited(r io.Reader, limit int64) ([]byte, error) {
	var buf bytes.Buffer
	n, err := buf.ReadFrom(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if n > limit {
		return nil, &FetchError{Kind: "body_too_large", Err: fmt.Errorf("body larger than %d bytes (after decompression); not parsed", limit)}
	}
	return buf.Bytes(), nil
}

// maybeGunzip decompresses b when it is gzip data (a .gz sitemap), with the
// same limit as a body.
func maybeGunzip(b []byte, limit int64) ([]byte, error) {
	if len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
		return b, nil
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, &FetchError{Kind: "bad_encoding", Err: err}
	}
	defer zr.Close()
	return readLimited(zr, limit)
}

// retryAfter parses a Retry-After header (seconds or an HTTP date).
func retryAfter(h string, now time.Time) time.Duration {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0
	}
	if s, err := strconv.Atoi(h); err == nil {
		if s < 0 {
			return 0
		}
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}

// hostKey is the politeness and robots unit: scheme://host:port.
func hostKey(u *url.URL) string {
	return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Host)
}
