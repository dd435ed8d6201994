// Package api owns the HTTP interface: the chi router under /v1, JSON errors,
// the OpenAPI document, Prometheus metrics, ingestion auth and the web page.
//
// It translates HTTP to calls of match and index and back; it must not be
// imported by any library package (only by cmd).
package api

import (
	"crypto/subtle"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/go-chi/httprate"

	"github.com/skillmatch/skillmatch/index"
	"github.com/skillmatch/skillmatch/match"
)

// MaxBodyBytes caps request bodies (extraction and ingestion).
const MaxBodyBytes = 5 << 20

// Config configures a Server. Index is required; the rest has defaults.
type Config struct {
	Index  *index.Index
	Engine *match.Engine // nil: match.FromIndex(Index)
	// IngestToken enables POST /v1/ingest/* for requests bearing it
	// ("Authorization: Bearer TOKEN"). Empty: the endpoints do not exist.
	IngestToken string
	// RateLimit is the number of requests per minute one client (remote
	// address) may make; 0 means DefaultRateLimit, negative disables it.
	RateLimit int
	// Timeout bounds each request's work; 0 means DefaultTimeout.
	Timeout time.Duration
	// Log receives one line per request; nil means os.Stderr. Use io.Discard to silence.
	Log io.Writer
	// Assets is the web page served at /; nil serves no page.
	Assets fs.FS
}

// Defaults of Config.
const (
	DefaultRateLimit = 1200
	DefaultTimeout   = 15 * time.Second
)

// Server is the HTTP API. It is an http.Handler.
type Server struct {
	cfg     Config
	ix      *index.Index
	eng     *match.Engine
	router  chi.Router
	metrics *metrics
	openapi map[string]any
}

// New builds the router.
func New(cfg Config) (*Server, error) {
	if cfg.Index == nil {
		return nil, fmt.Errorf("api: no index")
	}
	if cfg.Engine == nil {
		cfg.Engine = match.FromIndex(cfg.Index)
	}
	if cfg.RateLimit == 0 {
		cfg.RateLimit = DefaultRateLimit
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Log == nil {
		cfg.Log = os.Stderr
	}
	s := &Server{cfg: cfg, ix: cfg.Index, eng: cfg.Engine}
	s.metrics = newMetrics(cfg.Index)
	s.openapi = openAPIDoc(cfg.IngestToken != "")
	s.router = s.routes()
	return s, nil
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.router.ServeHTTP(w, r) }

// Router returns the chi router, for walking its routes.
func (s *Server) Router() chi.Router { return s.router }

func (s *Server) routes() chi.Router {
	r := chi.NewRouter()
	r.Use(s.metrics.middleware)
	r.Use(s.logRequests)
	r.Use(recoverer)
	r.Use(middleware.ClientIPFromRemoteAddr)
	if s.cfg.RateLimit > 0 {
		r.Use(httprate.LimitBy(s.cfg.RateLimit, time.Minute, func(r *http.Request) (string, error) {
			return httprate.CanonicalizeIP(middleware.GetClientIP(r.Context())), nil
		}, httprate.WithLimitHandler(func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, http.StatusTooManyRequests, &Error{Code: CodeRateLimited, Msg: "too many requests; slow down"})
		})))
	}
	r.Use(validInput)
	r.Use(timeout(s.cfg.Timeout))
	r.Use(middleware.GetHead) // HEAD is answered by the GET route
	r.NotFound(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, notFound("no route %s", r.URL.Path))
	})
	r.MethodNotAllowed(methodNotAllowed)

	r.Get("/healthz", s.healthz)
	r.Method(http.MethodGet, "/metrics", s.metrics.handler())
	r.Route("/v1", func(r chi.Router) {
		r.NotFound(func(w http.ResponseWriter, r *http.Request) {
			writeError(w, r, notFound("no route %s", r.URL.Path))
		})
		r.MethodNotAllowed(methodNotAllowed)
		r.Get("/openapi.json", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, http.StatusOK, s.openapi) })
		r.Method(http.MethodPost, "/extract", handlerFunc(s.extract))
		r.Method(http.MethodGet, "/skills", handlerFunc(s.skills))
		r.Method(http.MethodGet, "/skills/{id}", handlerFunc(s.skill))
		r.Method(http.MethodGet, "/skills/{id}/cooccurring", handlerFunc(s.cooccurring))
		r.Method(http.MethodGet, "/occupations", handlerFunc(s.occupations))
		r.Method(http.MethodGet, "/occupations/{id}/skills", idAndFilter(s, s.eng.OccupationSkills))
		r.Method(http.MethodGet, "/postings", handlerFunc(s.postings))
		r.Method(http.MethodGet, "/postings/{id}", handlerFunc(s.posting))
		r.Method(http.MethodGet, "/demand", handlerFunc(s.demand))
		r.Method(http.MethodGet, "/trends", handlerFunc(s.trends))
		r.Method(http.MethodGet, "/charts/demand.svg", handlerFunc(s.demandChart))
		r.Method(http.MethodGet, "/charts/trends.svg", handlerFunc(s.trendsChart))
		r.Method(http.MethodGet, "/salary", handlerFunc(s.salary))
		r.Method(http.MethodGet, "/credentials", handlerFunc(s.credentials))
		r.Method(http.MethodGet, "/match", handlerFunc(s.match))
		r.Method(http.MethodGet, "/pathway", handlerFunc(s.pathway))
		r.Method(http.MethodGet, "/providers", handlerFunc(s.providers))
		r.Method(http.MethodGet, "/providers/{id}/gaps", idAndFilter(s, s.eng.Gaps))
		if s.cfg.IngestToken != "" {
			r.With(s.auth).Method(http.MethodPost, "/ingest/postings", handlerFunc(s.ingestPostings))
			r.With(s.auth).Method(http.MethodPost, "/ingest/credentials", handlerFunc(s.ingestCredentials))
		}
	})
	if s.cfg.Assets != nil {
		r.Method(http.MethodGet, "/*", newAssets(s.cfg.Assets))
	}
	return r
}

func methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusMethodNotAllowed, &Error{Code: CodeMethodNotAllowed, Msg: fmt.Sprintf("method %s not allowed on %s", r.Method, r.URL.Path)})
}

// recoverer turns a panic into a logged JSON 500 instead of a dropped connection.
func recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				log.Printf("api: panic serving %s %s: %v", r.Method, r.URL.Path, v)
				writeJSON(w, http.StatusInternalServerError, &Error{Code: CodeInternal, Msg: "internal error"})
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// logRequests writes one concise line per request: method, path, status,
// bytes and duration.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		start := time.Now()
		next.ServeHTTP(ww, r)
		status := ww.Status()
		if status == 0 {
			status = http.StatusOK
		}
		fmt.Fprintf(s.cfg.Log, "%s %s %s %d %dB %s\n", start.UTC().Format(time.RFC3339), r.Method, r.URL.RequestURI(), status, ww.BytesWritten(), time.Since(start).Round(time.Microsecond))
	})
}

// validInput rejects query strings that do not parse and paths or
// parameters that are not valid UTF-8.
func validInput(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !utf8.ValidString(r.URL.Path) {
			writeError(w, r, badParam("path is not valid UTF-8"))
			return
		}
		q, err := url.ParseQuery(r.URL.RawQuery)
		if err != nil {
			writeError(w, r, badParam("query string: %v", err))
			return
		}
		for k, vs := range q {
			if !utf8.ValidString(k) {
				writeError(w, r, badParam("parameter name is not valid UTF-8"))
				return
			}
			for _, v := range vs {
				if !utf8.ValidString(v) {
					writeError(w, r, badParam("parameter %s is not valid UTF-8", k))
					return
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// timeout gives each request a deadline; handlers pass the context down and
// answer 504 when it expires (see toError).
func timeout(d time.Duration) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx, cancel := contextWithTimeout(r, d)
			defer cancel()
			next.ServeHTTP(w, r.WithContext(ctx))
		})
	}
}

// auth checks the bearer token in constant time.
func (s *Server) auth(next http.Handler) http.Handler {
	want := []byte(s.cfg.IngestToken)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := r.Header.Get("Authorization")
		tok, ok := strings.CutPrefix(h, "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(tok)), want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="skillmatch ingest"`)
			writeJSON(w, http.StatusUnauthorized, &Error{Code: CodeUnauthorized, Msg: "missing or wrong bearer token"})
			return
		}
		next.ServeHTTP(w, r)
	})
}
