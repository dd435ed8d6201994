package crawler

import (
	"context"
	"fmt"
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

// key identifies a request in the visited set.
func (r Request) key() string { return r.Source + " " + r.Kind + " " + r.URL }

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
func (o *Output) Follow(r Request) { o.follow = append(o.follow, r) }

// Problem counts a non-fatal problem of the given kind (for example
// "jsonld_malformed") in the summary.
func (o *Output) Problem(kind string, err error) { o.problem(kind, err) }
