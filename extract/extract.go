// Package extract finds skill mentions in posting and course text against a
// taxonomy: tokenizing and normalizing (snowball stemming), longest-match
// lookup of surface forms, ambiguity checks, sections, requirement levels,
// years of experience, negation and hierarchy-implied skills.
//
// It imports the root domain package and taxonomy only.
package extract

import (
	"errors"
	"fmt"

	"github.com/skillmatch/skillmatch"
	"github.com/skillmatch/skillmatch/taxonomy"
)

// Version identifies the extraction method; stored with indexed results.
const Version = "extract-0.1"

// Options tune an Extractor.
type Options struct {
	// MinConfidence drops mentions below it. Zero means DefaultMinConfidence
	// for literal mentions and DefaultImplicitMinConfidence for the implicit
	// ones Retrieve adds (they rank below literal mentions by design); a value
	// set here applies to both, and a negative value keeps everything.
	MinConfidence float64
	// Occupation, when set, keeps only skills linked to that occupation ID.
	Occupation string
	// IncludeAbout keeps mentions found in company-blurb, benefits and EEO text.
	IncludeAbout bool
	// SpanShape says how mention spans are drawn: ShapePhrase (the default)
	// widens skill mentions to the verb phrase they belong to, as span
	// annotators do; ShapeNone keeps the matched surface form only.
	SpanShape SpanShape
	// Retrieve ranks taxonomy concepts for sentences with no literal label
	// (implicit mentions, lower confidence). Useful with ESCO loaded.
	Retrieve bool
}

// SpanShape selects how mention spans are drawn.
type SpanShape int

// The span shapes.
const (
	ShapePhrase SpanShape = iota // widen skill mentions to their verb phrase ("develop scalable services")
	ShapeNone                    // the matched surface form only
)

// DefaultMinConfidence is chosen on the development data (see README).
const DefaultMinConfidence = 0.7

// Document is one input text.
type Document struct {
	Text string
	HTML bool // Text is HTML: tags, script and style are dropped
}

// SkillSummary aggregates the mentions of one skill in a document.
type SkillSummary struct {
	SkillID        string           `json:"skill_id"`
	Label          string           `json:"label"`
	Count          int              `json:"count"`
	BestConfidence float64          `json:"best_confidence"`
	FirstEvidence  string           `json:"first_evidence"`
	Level          skillmatch.Level `json:"level"`
}

// Result is what Extract finds in one document.
type Result struct {
	Mentions []skillmatch.Mention `json:"mentions"` // explicit, in text order
	Implied  []skillmatch.Mention `json:"implied,omitempty"`
	Skills   []SkillSummary       `json:"skills"`
}

// Extractor is built once per taxonomy and is safe for concurrent use.
type Extractor struct {
	tax     *taxonomy.Taxonomy
	opts    Options
	ret     *retriever // set when opts.Retrieve
	m       *matcher
	minConf float64
	allowed map[string]bool // Options.Occupation: skills kept, nil for all
	// trace, when set (by tests that fit the confidence model), sees every
	// pick's text span (code points of the extracted text), section and features.
	trace func(start, end int, section skillmatch.Section, feats []int)
}

// New builds the matcher for t. An unknown Options.Occupation is an error.
func New(t *taxonomy.Taxonomy, opts Options) (*Extractor, error) {
	if t == nil {
		return nil, errors.New("extract: nil taxonomy")
	}
	e := &Extractor{tax: t, opts: opts, m: newMatcher(t), minConf: opts.MinConfidence}
	if e.minConf == 0 {
		e.minConf = DefaultMinConfidence
	}
	if opts.Occupation != "" {
		o, ok := t.Occupation(opts.Occupation)
		if !ok {
			return nil, fmt.Errorf("extract: unknown occupation %q in taxonomy %s", opts.Occupation, t.Version)
		}
		e.allowed = map[string]bool{}
		for _, id := range append(append([]string{}, o.Essential...), o.Optional...) {
			e.allowed[id] = true
			for _, d := range t.Descendants(id) {
				e.allowed[d] = true
			}
		}
	}
	if opts.Retrieve {
		e.ret = newRetriever(t)
	}
	return e, nil
}

// Taxonomy returns the taxonomy the extractor was built on.
func (e *Extractor) Taxonomy() *taxonomy.Taxonomy { return e.tax }

// Options returns the options the extractor was built with.
func (e *Extractor) Options() Options { return e.opts }

// MinConfidence returns the effective minimum confidence.
func (e *Extractor) MinConfidence() float64 { return e.minConf }

// Forms returns the number of indexed (skill, surface form) entries.
func (e *Extractor) Forms() int { return e.m.forms }
