package api

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/skillmatch/skillmatch/match"
)

// Limits of list parameters.
const (
	DefaultLimit = 20
	MaxLimit     = 100
	MaxOffset    = 10000
)

// params reads query parameters and collects the first error.
type params struct {
	q   url.Values
	err *Error
}

func (p *params) fail(e *Error) {
	if p.err == nil {
		p.err = e
	}
}

func (p *params) str(name string) string { return strings.TrimSpace(p.q.Get(name)) }

// list returns a repeatable, comma-separable parameter: ?skill=a&skill=b,c.
func (p *params) list(name string) []string {
	var out []string
	for _, v := range p.q[name] {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// date parses an ISO 8601 date (YYYY-MM-DD) or an RFC 3339 timestamp.
func (p *params) date(name string) time.Time {
	v := p.str(name)
	if v == "" {
		return time.Time{}
	}
	if t, err := time.Parse("2006-01-02", v); err == nil {
		return t
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t
	}
	p.fail(badParam("%s=%q is not an ISO 8601 date (YYYY-MM-DD or RFC 3339)", name, v))
	return time.Time{}
}

func (p *params) limit(def int) int {
	v := p.str("limit")
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		p.fail(badParam("limit=%q is not a positive integer", v))
		return def
	}
	return min(n, MaxLimit)
}

func (p *params) offset() int {
	v := p.str("offset")
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > MaxOffset {
		p.fail(badParam("offset=%q is not an integer between 0 and %d", v, MaxOffset))
		return 0
	}
	return n
}

// float parses a non-negative number no larger than max; ok is false when absent.
func (p *params) float(name string, max float64) (float64, bool) {
	v := p.str(name)
	if v == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 || f > max || f != f {
		p.fail(badParam("%s=%q is not a number between 0 and %g", name, v, max))
		return 0, false
	}
	return f, true
}

func (p *params) integer(name string, def, lo, hi int) int {
	v := p.str(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		p.fail(badParam("%s=%q is not an integer between %d and %d", name, v, lo, hi))
		return def
	}
	return n
}

func (p *params) boolean(name string) bool {
	switch strings.ToLower(p.str(name)) {
	case "", "0", "false", "no":
		return false
	case "1", "true", "yes":
		return true
	}
	p.fail(badParam("%s=%q is not a boolean (true or false)", name, p.str(name)))
	return false
}

// oneOf returns the lower-cased value if it is one of allowed (or empty).
func (p *params) oneOf(name string, allowed ...string) string {
	v := strings.ToLower(p.str(name))
	if v == "" {
		return ""
	}
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	p.fail(badParam("%s=%q is not one of %s", name, v, strings.Join(allowed, ", ")))
	return ""
}

// filter reads the common posting filter: role, occupation, location,
// source, from, to, limit.
func (p *params) filter() match.Filter {
	f := match.Filter{Role: p.str("role"), Occupation: p.str("occupation"), Location: p.str("location"),
		Source: p.str("source"), From: p.date("from"), To: p.date("to"), Limit: p.limit(DefaultLimit)}
	if !f.From.IsZero() && !f.To.IsZero() && f.From.After(f.To) {
		p.fail(badParam("from %s is after to %s", p.str("from"), p.str("to")))
	}
	return f
}

func (p *params) constraints() match.Constraints {
	c := match.Constraints{Mode: p.oneOf("mode", "online", "onsite", "blended"),
		Level:   p.oneOf("level", "beginner", "intermediate", "advanced"),
		HandsOn: p.boolean("hands_on"), Mentor: p.boolean("mentor")}
	if v, ok := p.float("max_price", 1e9); ok {
		c.MaxPrice = &v
	}
	c.MaxHours, _ = p.float("max_hours", 1e6)
	c.MinRating, _ = p.float("min_rating", 5)
	return c
}
