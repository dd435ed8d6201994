package crawler

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"sort"
	"time"
)

// Request is one unit of work in the frontier.
type Request struct {
	URL     string `json:"u"`
	Source  string `json:"s"`            // SourceSpec.ID of the source that handles it
	Kind    string `json:"k,omitempty"`  // handler kind within the source
	Depth   int    `json:"d,omitempty"`  // link depth from a seed
	Lastmod string `json:"lm,omitempty"` // sitemap lastmod that listed it
}

// reqKey identifies a request in the visited set: a 128-bit digest of its
// source, kind and URL, so the in-memory sets cost 16 bytes per URL.
type reqKey [16]byte

// key returns r's digest.
func (r Request) key() reqKey { return digest(r.Source, r.Kind, r.URL) }

// digest is the first 128 bits of SHA-256 over the NUL-joined parts.
func digest(parts ...string) [16]byte {
	h := sha256.New()
	for i, p := range parts {
		if i > 0 {
			h.Write([]byte{0})
		}
		io.WriteString(h, p)
	}
	var k [16]byte
	copy(k[:], h.Sum(nil))
	return k
}

// MarshalText writes the key as hex (state lines).
func (k reqKey) MarshalText() ([]byte, error) {
	b := make([]byte, hex.EncodedLen(len(k)))
	hex.Encode(b, k[:])
	return b, nil
}

// UnmarshalText reads a hex key.
func (k *reqKey) UnmarshalText(b []byte) error {
	if hex.DecodedLen(len(b)) != len(k) {
		return fmt.Errorf("state: bad key %q", b)
	}
	_, err := hex.Decode(k[:], b)
	return err
}

// Response is a fetched page handed to a Source.
type Response struct {
	Request Request
	URL     string // final URL after redirects
	Status  int
	Header  http.Header
	Body    []byte
	Fetched time.Time
	// MaxBody is the configured body limit, for sources that decompress
	// (a .gz sitemap) to apply the same bound.
	MaxBody int64
	// page is what colly's OnHTML callback selected from an HTML body.
	page *page
}

// Source turns fetched responses into records and further requests. Sources
// register by type name with Register; adding one is adding one file.
type Source interface {
	// Seeds returns the requests a crawl of this source starts from.
	Seeds() ([]Request, error)
	// Handle parses res, emitting records and follow-up requests to out.
	Handle(ctx context.Context, res *Response, out *Output) error
}

// LocalSource is a source that reads records without fetching (the file
// source); the crawler calls Local once per run.
type LocalSource interface {
	Local(ctx context.Context, out *Output) error
}

// Factory builds a Source from its spec.
type Factory func(spec SourceSpec) (Source, error)

var registry = map[string]Factory{}

// Register makes a source type available by name; it panics on a duplicate.
func Register(typ string, f Factory) {
	if _, dup := registry[typ]; dup {
		panic("crawler: source type registered twice: " + typ)
	}
	registry[typ] = f
}

// SourceTypes lists the registered source types.
func SourceTypes() []string {
	var ts []string
	for t := range registry {
		ts = append(ts, t)
	}
	sort.Strings(ts)
	return ts
}

// newSource builds the source for spec.
func newSource(spec SourceSpec) (Source, error) {
	f, ok := registry[spec.Type]
	if !ok {
		return nil, fmt.Errorf("source %s: unknown type %q", spec.ID(), spec.Type)
	}
	s, err := f(spec)
	if err != nil {
		return nil, fmt.Errorf("source %s: %w", spec.ID(), err)
	}
	return s, nil
}

// Output collects what a Source found in one response.
type Output struct {
	emit    func(Record) error
	problem func(kind string, err error)
	follow  []Request
	err     error
	// onFollow, when set, takes each followed request at once instead of
	// collecting it in follow (the crawler enqueues while a big sitemap is
	// still being read).
	onFollow func(Request)
	// sitemapSlots, when set, bounds how many sitemaps are read at once.
	sitemapSlots chan struct{}
}

// Emit hands a record to the crawler (dedup, then the sink).
func (o *Output) Emit(r Record) {
	if o.err != nil {
		return
	}
	if err := o.emit(r); err != nil {
		o.err = err
	}
}

// Follow queues a further request.
func (o *Output) Follow(r Request) {
	if o.onFollow != nil {
		o.onFollow(r)
		return
	}
	o.follow = append(o.follow, r)
}

// acquireSitemap waits for a sitemap slot (see sitemapSlots) and returns
// its release, or ctx's error.
func (o *Output) acquireSitemap(ctx context.Context) (func(), error) {
	if o.sitemapSlots == nil {
		return func() {}, nil
	}
	select {
	case o.sitemapSlots <- struct{}{}:
		return func() { <-o.sitemapSlots }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Problem counts a non-fatal problem of the given kind (for example
// "jsonld_malformed") in the summary.
func (o *Output) Problem(kind string, err error) { o.problem(kind, err) }
