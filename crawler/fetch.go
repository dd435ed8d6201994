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
	"sync"
	"sync/atomic"
	"time"

	"github.com/gocolly/colly/v2"
	"golang.org/x/net/html/charset"
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
	Page        *page // the HTML selected by colly's OnHTML (HTML responses only)
	NotModified bool
	Retries     int
}

// fetcher fetches with colly: one synchronous colly.Collector for pages and
// one for robots.txt (whose redirects are not checked against robots.txt),
// both built per run on the run's context. colly does the HTTP exchange,
// charset conversion by Content-Type and the HTML selection (OnHTML); the
// crawler keeps what colly v2.3.0 gets wrong for polite, resumable crawling
// (see docs/crawler.md): robots.txt, revisits, depth, per-host limits and
// backoff are the frontier's, the body limit is enforced on the decompressed
// body by the transport wrapper (an error, never a silent cut), and
// redirects are vetted by checkRedirect.
type fetcher struct {
	cfg       Config
	transport http.RoundTripper // limitTransport over the address-guarded http.Transport
	// redirectOK, when set, vets each redirect target (robots.txt).
	redirectOK func(ctx context.Context, u *url.URL) error
	// hostWait, when set, is told that a host asked us to wait.
	hostWait func(host string, until time.Time)
	sleep    func(ctx context.Context, d time.Duration) error
	retries  atomic.Int64 // retries done, for the summary

	mu     sync.Mutex
	pages  *colly.Collector // page fetches (redirects checked against robots.txt)
	robots *colly.Collector // robots.txt fetches
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
	f.transport = &limitTransport{next: tr, limit: cfg.MaxBodySize}
	f.start(context.Background())
	return f
}

// slotKey names the per-request result slot in a colly.Context.
const slotKey = "skillmatch.slot"

// fetchSlot receives what colly's callbacks see of one request.
type fetchSlot struct {
	got    bool // OnResponse ran
	url    string
	status int
	header http.Header
	body   []byte
	page   *page // filled by the OnHTML callback for HTML responses
	err    error // from OnError
}

func slotOf(c *colly.Context) *fetchSlot {
	s, _ := c.GetAny(slotKey).(*fetchSlot)
	return s
}

// start builds the run's collectors: requests carry ctx, so cancelling
// the run aborts requests in flight.
func (f *fetcher) start(ctx context.Context) {
	pages := f.newCollector(ctx, true)
	robots := f.newCollector(ctx, false)
	f.mu.Lock()
	f.pages, f.robots = pages, robots
	f.mu.Unlock()
}

// newCollector configures a synchronous collector with colly's own robots
// handling, revisit checks, depth limit, body limit and cookies off: the
// crawler does those itself.
func (f *fetcher) newCollector(ctx context.Context, pages bool) *colly.Collector {
	c := colly.NewCollector(
		colly.UserAgent(f.cfg.UserAgent),
		colly.IgnoreRobotsTxt(),
		colly.AllowURLRevisit(),
		colly.MaxDepth(0),
		colly.MaxBodySize(0), // limitTransport errors past the limit instead
		colly.ParseHTTPErrorResponse(),
		colly.StdlibContext(ctx),
	)
	c.WithTransport(f.transport)
	c.DisableCookies()
	c.SetRequestTimeout(f.cfg.Timeout)
	if pages {
		c.SetRedirectHandler(f.checkRedirect)
	} else {
		c.SetRedirectHandler(checkRedirectBasic)
	}
	c.OnResponse(func(r *colly.Response) {
		s := slotOf(r.Ctx)
		if s == nil {
			return
		}
		s.got, s.url, s.status = true, r.Request.URL.String(), r.StatusCode
		s.header = http.Header{}
		if r.Headers != nil {
			s.header = *r.Headers
		}
		if r.StatusCode < 200 || r.StatusCode >= 300 {
			r.Body = nil // not parsed
			return
		}
		if ct := s.header.Get("Content-Type"); len(r.Body) > 0 && collyConverted(ct) {
			s.header.Set("Content-Type", withUTF8(ct)) // colly decoded it
		}
		if pages && isHTMLResponse(s.header, r.Body) {
			// Before colly's HTML parse: <meta charset> and sniffing too.
			r.Body = toUTF8(r.Body, s.header)
			s.page = &page{}
		}
		s.body = r.Body
	})
	c.OnError(func(r *colly.Response, err error) {
		if s := slotOf(r.Ctx); s != nil && s.err == nil {
			s.err = err
		}
	})
	if pages {
		c.OnHTML(htmlSelector, func(e *colly.HTMLElement) {
			if s := slotOf(e.Request.Ctx); s != nil && s.page != nil {
				s.page.add(e)
			}
		})
	}
	return c
}

func (f *fetcher) checkRedirect(req *http.Request, via []*http.Request) error {
	if err := checkRedirectBasic(req, via); err != nil {
		return err
	}
	if f.redirectOK != nil {
		if err := f.redirectOK(req.Context(), req.URL); err != nil {
			return err
		}
	}
	return nil
}

// checkRedirectBasic refuses loops, more than 10 hops and non-HTTP targets.
func checkRedirectBasic(req *http.Request, via []*http.Request) error {
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

// once does one attempt through colly. wait < 0 means do not retry; 0
// means use backoff; > 0 is the server's Retry-After.
func (f *fetcher) once(ctx context.Context, u string, v validators, accept string) (*fetchResult, time.Duration, error) {
	if err := ctx.Err(); err != nil {
		return nil, -1, err
	}
	if _, err := url.Parse(u); err != nil {
		return nil, -1, &FetchError{Kind: "bad_url", URL: u, Err: err}
	}
	hdr := http.Header{}
	hdr.Set("User-Agent", f.cfg.UserAgent)
	hdr.Set("Accept-Encoding", "gzip")
	if accept != "" {
		hdr.Set("Accept", accept)
	}
	if v.ETag != "" {
		hdr.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		hdr.Set("If-Modified-Since", v.LastModified)
	}
	f.mu.Lock()
	c := f.pages
	if ctx.Value(robotsFetchKey{}) != nil {
		c = f.robots
	}
	f.mu.Unlock()
	cctx := colly.NewContext()
	s := &fetchSlot{}
	cctx.Put(slotKey, s)
	err := c.Request(http.MethodGet, u, nil, cctx, hdr)
	if !s.got {
		if err == nil {
			err = s.err
		}
		if err == nil {
			err = errors.New("no response")
		}
		return nil, f.classifyWait(ctx, err), f.classify(ctx, u, err)
	}
	if s.err != nil {
		s.page = nil // the HTML parse failed; the source parses again and reports it
	}
	res := &fetchResult{URL: s.url, Status: s.status, Header: s.header, Page: s.page}
	switch {
	case s.status == http.StatusNotModified:
		res.NotModified = true
		return res, 0, nil
	case s.status == http.StatusTooManyRequests || s.status >= 500:
		wait := retryAfter(s.header.Get("Retry-After"), time.Now())
		if wait > f.cfg.MaxRetryAfter {
			wait = f.cfg.MaxRetryAfter
		}
		if s.status == http.StatusNotImplemented {
			wait = -1
		}
		return nil, wait, &FetchError{Kind: "http_" + strconv.Itoa(s.status), URL: u, Err: errors.New(statusText(s.status))}
	case s.status >= 300:
		return nil, -1, &FetchError{Kind: "http_" + strconv.Itoa(s.status), URL: u, Err: errors.New(statusText(s.status))}
	}
	res.Body = s.body
	return res, 0, nil
}

func statusText(code int) string { return strconv.Itoa(code) + " " + http.StatusText(code) }

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

// limitTransport wraps the address-guarded transport: it decompresses gzip
// bodies itself and makes reading past limit bytes of the decompressed body
// an error of kind body_too_large, so colly (whose own MaxBodySize cuts
// silently and counts compressed bytes) never holds more than limit+1 bytes
// and a cut body is never parsed. Bodies of non-2xx answers are never
// parsed; at most 64 KiB of them are read.
type limitTransport struct {
	next  http.RoundTripper
	limit int64
}

func (t *limitTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	// Tell colly the body is already decoded: it would otherwise gunzip
	// it again, without a limit.
	resp.Uncompressed = true
	if resp.StatusCode < 200 || resp.StatusCode >= 300 {
		resp.Body = &limitBody{r: io.LimitReader(resp.Body, 64<<10), closer: resp.Body, limit: 64 << 10}
		return resp, nil
	}
	var r io.Reader = io.LimitReader(resp.Body, t.limit+1)
	switch enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(r)
		if err != nil {
			resp.Body.Close()
			return nil, &FetchError{Kind: "bad_encoding", URL: req.URL.String(), Err: err}
		}
		r = zr
		resp.Header.Del("Content-Encoding")
		resp.Header.Del("Content-Length")
		resp.ContentLength = -1
	default:
		resp.Body.Close()
		return nil, &FetchError{Kind: "bad_encoding", URL: req.URL.String(), Err: fmt.Errorf("unsupported Content-Encoding %q", resp.Header.Get("Content-Encoding"))}
	}
	resp.Body = &limitBody{r: r, closer: resp.Body, limit: t.limit, url: req.URL.String(), report: true}
	// colly converts any body whose Content-Type names a charset other than
	// UTF-8; a charset on a binary type (application/x-gzip; charset=binary)
	// would corrupt it, so such a parameter is dropped.
	if ct := resp.Header.Get("Content-Type"); collyConverted(ct) && !textualType(ct) {
		mt, _, _ := strings.Cut(ct, ";")
		resp.Header.Set("Content-Type", strings.TrimSpace(mt))
	}
	return resp, nil
}

// textualType reports whether a Content-Type is text a charset applies to.
func textualType(ct string) bool {
	mt, _, _ := strings.Cut(strings.ToLower(ct), ";")
	mt = strings.TrimSpace(mt)
	if strings.HasPrefix(mt, "text/") {
		return true
	}
	for _, k := range []string{"xml", "json", "html", "javascript"} {
		if strings.Contains(mt, k) {
			return true
		}
	}
	return false
}

// limitBody delivers at most limit bytes of r; with report, reading past
// the limit fails with body_too_large, otherwise the rest reads as EOF.
type limitBody struct {
	r      io.Reader
	closer io.Closer
	limit  int64
	n      int64
	url    string
	report bool
}

func (b *limitBody) Read(p []byte) (int, error) {
	if b.n > b.limit {
		return 0, b.tooLarge()
	}
	if room := b.limit + 1 - b.n; int64(len(p)) > room {
		p = p[:room]
	}
	n, err := b.r.Read(p)
	if b.n+int64(n) > b.limit {
		n = int(b.limit - b.n)
		b.n = b.limit + 1
		return n, b.tooLarge()
	}
	b.n += int64(n)
	return n, err
}

func (b *limitBody) tooLarge() error {
	if !b.report {
		return io.EOF
	}
	return &FetchError{Kind: "body_too_large", URL: b.url, Err: fmt.Errorf("body larger than %d bytes (after decompression); not parsed", b.limit)}
}

func (b *limitBody) Close() error { return b.closer.Close() }

// collyConverted reports whether colly converted a body with this
// Content-Type to UTF-8 (it does when the header names another charset).
func collyConverted(ct string) bool {
	ct = strings.ToLower(ct)
	for _, bin := range []string{"image/", "video/", "audio/", "font/"} {
		if strings.Contains(ct, bin) {
			return false
		}
	}
	return strings.Contains(ct, "charset") && !strings.Contains(ct, "utf-8") && !strings.Contains(ct, "utf8")
}

// withUTF8 is ct with its charset replaced by utf-8.
func withUTF8(ct string) string {
	mt, _, _ := strings.Cut(ct, ";")
	return strings.TrimSpace(mt) + "; charset=utf-8"
}

// isHTMLResponse applies colly's test for running OnHTML callbacks.
func isHTMLResponse(h http.Header, body []byte) bool {
	ct := h.Get("Content-Type")
	if ct == "" {
		ct = http.DetectContentType(body)
	}
	mt, _, _ := strings.Cut(ct, ";")
	mt = strings.TrimSpace(strings.ToLower(mt))
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// toUTF8 decodes body by the charset of Content-Type, <meta charset> or
// sniffing, replaces invalid bytes with U+FFFD and records in h that the
// body is now UTF-8.
func toUTF8(body []byte, h http.Header) []byte {
	ct := h.Get("Content-Type")
	if enc, name, _ := charset.DetermineEncoding(body, ct); name != "utf-8" && enc != nil {
		if dec, err := enc.NewDecoder().Bytes(body); err == nil {
			body = dec
		}
	}
	if ct != "" {
		h.Set("Content-Type", withUTF8(ct))
	}
	return bytes.ToValidUTF8(body, []byte("\uFFFD"))
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
