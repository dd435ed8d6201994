package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/skillmatch/skillmatch/index"
)

// metrics holds the Prometheus collectors of one server, in a registry of
// its own so that several servers (tests) do not collide.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newMetrics(ix *index.Index) *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "skillmatch_http_requests_total", Help: "HTTP requests by route pattern, method and status.",
	}, []string{"route", "method", "status"})
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "skillmatch_http_request_duration_seconds", Help: "HTTP request durations by route pattern and method.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"route", "method"})
	snap := func(f func(*index.Table) int) func() float64 {
		return func() float64 {
			if t := ix.Snapshot(); t != nil {
				return float64(f(t))
			}
			return 0
		}
	}
	m.reg.MustRegister(m.requests, m.duration,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "skillmatch_index_postings", Help: "Postings in the served index."},
			snap(func(t *index.Table) int { return t.Len() })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "skillmatch_index_credentials", Help: "Credentials in the served index."},
			snap(func(t *index.Table) int { return len(t.Credentials()) })),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "skillmatch_index_skills", Help: "Distinct skills seen in the served index."},
			snap(func(t *index.Table) int { return t.NumSkills() })),
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	return m
}

// middleware counts requests by the route pattern chi matched ("unmatched"
// for 404s), never by raw path, so that label cardinality stays bounded.
func (m *metrics) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		start := time.Now()
		next.ServeHTTP(ww, r)
		route := "unmatched"
		if rc := chi.RouteContext(r.Context()); rc != nil {
			if p := rc.RoutePattern(); p != "" {
				route = p
			}
		}
		status := ww.Status()
		if status == 0 {
			status = http.StatusOK
		}
		m.requests.WithLabelValues(route, r.Method, strconv.Itoa(status)).Inc()
		m.duration.WithLabelValues(route, r.Method).Observe(time.Since(start).Seconds())
	})
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}
