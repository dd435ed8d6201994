package crawler

import (
	"fmt"
	"os"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Config configures a Crawler. Zero values take the defaults noted on each
// field, which are polite for the open web.
type Config struct {
	// UserAgent is sent with every request and matched against robots.txt
	// groups by its product token (the part before the first "/").
	// It should name a contact URL. Default DefaultUserAgent.
	UserAgent string `yaml:"user_agent"`
	// Delay is the minimum time between request starts to one host (default
	// 1s). A larger robots.txt Crawl-delay wins. Negative means none.
	Delay time.Duration `yaml:"delay"`
	// Parallelism is the number of concurrent fetches overall (default 4).
	Parallelism int `yaml:"parallelism"`
	// HostParallelism is the number of concurrent fetches per host (default 1).
	HostParallelism int `yaml:"host_parallelism"`
	// MaxDepth bounds link following from a start page (default 5;
	// negative: fetch the start pages only).
	MaxDepth int `yaml:"max_depth"`
	// MaxPages stops fetching after this many fetches in one run (0: no
	// limit); the rest stays queued in the state for the next run.
	MaxPages int `yaml:"max_pages"`
	// MaxBodySize caps a response body after decompression (default 10 MiB).
	// A larger body is not parsed and is reported as body_too_large.
	MaxBodySize int64 `yaml:"max_body_size"`
	// Timeout bounds one request attempt (default 30s).
	Timeout time.Duration `yaml:"timeout"`
	// Retries is how often a timeout, 5xx or 429 is retried (default 3;
	// negative means none).
	Retries int `yaml:"retries"`
	// RetryBase is the first backoff wait, doubled per attempt (default 1s).
	RetryBase time.Duration `yaml:"retry_base"`
	// MaxRetryAfter caps a server's Retry-After (default 5m).
	MaxRetryAfter time.Duration `yaml:"max_retry_after"`
	// AllowPrivate permits private, loopback and link-local addresses.
	AllowPrivate bool `yaml:"allow_private"`
	// AllowAddrs permits these exact "ip:port" addresses even when private.
	AllowAddrs []string `yaml:"allow_addrs"`
	// RobotsTTL is how long a fetched robots.txt is trusted (default 24h).
	RobotsTTL time.Duration `yaml:"robots_ttl"`
	// RobotsErrorTTL is how long a host whose robots.txt answered 5xx or
	// could not be reached is treated as disallowed (default 10m).
	RobotsErrorTTL time.Duration `yaml:"robots_error_ttl"`
	// MaxCrawlDelay caps a robots.txt Crawl-delay (default 60s).
	MaxCrawlDelay time.Duration `yaml:"max_crawl_delay"`
	// StateDir holds the resumable crawl state; empty means none.
	StateDir string `yaml:"state"`
	// OutDir is where the CLI opens its DirSink; the library ignores it.
	OutDir string `yaml:"out"`
	// FlushInterval is how often records and state are made durable (default 1s).
	FlushInterval time.Duration `yaml:"flush_interval"`
	// Sources are the sources to crawl.
	Sources []SourceSpec `yaml:"sources"`

	// Progress, when set, is called every ProgressInterval (default 1s)
	// with the running summary, and once at the end.
	Progress         func(Summary) `yaml:"-"`
	ProgressInterval time.Duration `yaml:"-"`
	// Logf, when set, receives one line per notable event (errors, skips).
	Logf func(format string, args ...any) `yaml:"-"`
}

// DefaultUserAgent is used when Config.UserAgent is empty.
const DefaultUserAgent = "skillmatch-crawler/0.1 (+https://github.com/skillmatch/skillmatch)"

// SourceSpec is one source with its own limits. Zero limits inherit Config's.
type SourceSpec struct {
	// Type is the registered scheme: jsonld, greenhouse, lever, ashby, rss,
	// atom, openbadges, file.
	Type string `yaml:"type"`
	// URL is a start URL, a board or company name, or a file path.
	URL string `yaml:"url"`
	// Name identifies the source in records and state (default "type:url").
	Name string `yaml:"name"`
	// Organization names the employer or provider when the source does not.
	Organization string `yaml:"organization"`
	// Per-source limits.
	Delay       time.Duration `yaml:"delay"`
	Parallelism int           `yaml:"parallelism"`
	MaxDepth    int           `yaml:"max_depth"`
	MaxPages    int           `yaml:"max_pages"`
	// RobotsSitemaps makes a jsonld source also read the Sitemap: lines of
	// its start host's robots.txt.
	RobotsSitemaps bool `yaml:"robots_sitemaps"`
	// Follow makes an rss/atom source fetch each item's page and use its
	// schema.org data instead of the item itself.
	Follow bool `yaml:"follow"`
	// PageSize is the Lever page size (default 100).
	PageSize int `yaml:"page_size"`
	// Kind is "postings" or "credentials" for the file source.
	Kind string `yaml:"kind"`
	// Columns maps record fields to the file's column names (file source).
	Columns map[string]string `yaml:"columns"`
}

// ID returns the source's identifier.
func (s SourceSpec) ID() string {
	if s.Name != "" {
		return s.Name
	}
	return s.Type + ":" + s.URL
}

// ParseSourceFlag parses a "TYPE:URL" shortcut such as "jsonld:https://x/"
// or "greenhouse:acme".
func ParseSourceFlag(s string) (SourceSpec, error) {
	typ, rest, ok := strings.Cut(s, ":")
	if !ok || typ == "" || rest == "" {
		return SourceSpec{}, fmt.Errorf("source %q: want TYPE:URL (for example jsonld:https://example.com/jobs)", s)
	}
	typ = strings.ToLower(typ)
	if _, ok := registry[typ]; !ok {
		return SourceSpec{}, fmt.Errorf("source %q: unknown type %q (known: %s)", s, typ, strings.Join(SourceTypes(), ", "))
	}
	return SourceSpec{Type: typ, URL: rest}, nil
}

// LoadConfig reads a YAML config file (see examples/sources.yaml).
func LoadConfig(path string) (Config, error) {
	var c Config
	b, err := os.ReadFile(path)
	if err != nil {
		return c, fmt.Errorf("config: %w", err)
	}
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		return c, fmt.Errorf("config %s: %w", path, err)
	}
	for i, s := range c.Sources {
		if _, ok := registry[strings.ToLower(s.Type)]; !ok {
			return c, fmt.Errorf("config %s: source %d: unknown type %q (known: %s)", path, i+1, s.Type, strings.Join(SourceTypes(), ", "))
		}
		if s.URL == "" {
			return c, fmt.Errorf("config %s: source %d (%s): url is required", path, i+1, s.Type)
		}
		c.Sources[i].Type = strings.ToLower(s.Type)
	}
	return c, nil
}

// withDefaults fills zero fields.
func (c Config) withDefaults() Config {
	if c.UserAgent == "" {
		c.UserAgent = DefaultUserAgent
	}
	if c.Delay == 0 {
		c.Delay = time.Second
	} else if c.Delay < 0 {
		c.Delay = 0
	}
	if c.Parallelism <= 0 {
		c.Parallelism = 4
	}
	if c.HostParallelism <= 0 {
		c.HostParallelism = 1
	}
	if c.MaxDepth == 0 {
		c.MaxDepth = 5
	} else if c.MaxDepth < 0 {
		c.MaxDepth = 0
	}
	if c.MaxBodySize <= 0 {
		c.MaxBodySize = 10 << 20
	}
	if c.Timeout <= 0 {
		c.Timeout = 30 * time.Second
	}
	if c.Retries == 0 {
		c.Retries = 3
	} else if c.Retries < 0 {
		c.Retries = 0
	}
	if c.RetryBase <= 0 {
		c.RetryBase = time.Second
	}
	if c.MaxRetryAfter <= 0 {
		c.MaxRetryAfter = 5 * time.Minute
	}
	if c.RobotsTTL <= 0 {
		c.RobotsTTL = 24 * time.Hour
	}
	if c.RobotsErrorTTL <= 0 {
		c.RobotsErrorTTL = 10 * time.Minute
	}
	if c.MaxCrawlDelay <= 0 {
		c.MaxCrawlDelay = time.Minute
	}
	if c.FlushInterval <= 0 {
		c.FlushInterval = time.Second
	}
	if c.ProgressInterval <= 0 {
		c.ProgressInterval = time.Second
	}
	return c
}

// agentToken is the robots.txt product token of a User-Agent string.
func agentToken(ua string) string {
	tok, _, _ := strings.Cut(ua, "/")
	tok, _, _ = strings.Cut(tok, " ")
	return strings.ToLower(tok)
}
