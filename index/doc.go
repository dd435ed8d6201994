// Package index owns the searchable store of postings and credentials: Bleve
// mappings and analyzer, ingestion (extraction + occupation assignment), the
// on-disk or in-memory store and the in-memory analytics Table.
//
// It imports the root domain package, taxonomy and extract only; it must not
// import match, api or cmd.
package index

import (
	"errors"
	"fmt"
	"time"

	"github.com/skillmatch/skillmatch"
)

// ErrNotFound is returned for an unknown posting or credential ID.
var ErrNotFound = errors.New("not found")

// Options tune an Index.
type Options struct {
	// BatchSize is the number of documents per Bleve batch and store
	// transaction; 0 means DefaultBatchSize.
	BatchSize int
	// Workers is the number of extraction goroutines; 0 means GOMAXPROCS.
	Workers int
	// SafeBatches makes every on-disk batch wait until Bleve has persisted
	// it. Off by default: batches are persisted in the background and Close
	// waits for them, which is several times faster. Ingestion is
	// idempotent, so after a crash re-ingesting the same files heals.
	SafeBatches bool
}

// DefaultBatchSize is the batch size used when Options.BatchSize is 0.
const DefaultBatchSize = 1000

// PostingDoc is a stored posting with what the index derived from it.
type PostingDoc struct {
	skillmatch.Posting
	// Mentions are every mention the extractor found in the description,
	// with offsets in code points into Description (negated and about-section
	// mentions included, flagged).
	Mentions []skillmatch.Mention `json:"mentions"`
	// Skills are the demand-bearing skills: explicit, not negated, not in the
	// about/benefits/EEO section. Sorted IDs.
	Skills []string `json:"skills"`
	// Required and Preferred are the subsets asked for at those levels.
	Required  []string `json:"required,omitempty"`
	Preferred []string `json:"preferred,omitempty"`
	// OccupationFromTitle is true when the index assigned Occupation by
	// matching the title (false when the record came with one).
	OccupationFromTitle bool   `json:"occupation_from_title,omitempty"`
	TaxonomyVersion     string `json:"taxonomy_version"`
	ExtractorVersion    string `json:"extractor_version"`
}

// CredentialDoc is a stored credential with what the index derived from it.
type CredentialDoc struct {
	skillmatch.Credential
	// ProviderID is the slug of the provider's name.
	ProviderID string `json:"provider_id"`
	// Mentions were extracted from title, description and learning outcomes
	// joined by newlines (offsets into that text).
	Mentions []skillmatch.Mention `json:"mentions"`
	// Skills are the taught skills: extracted (explicit, not negated) plus
	// declared skills resolved by ESCO URI or label. Sorted IDs.
	Skills []string `json:"skills"`
	// UnresolvedSkills are declared skill names no taxonomy skill matched.
	UnresolvedSkills []string `json:"unresolved_skills,omitempty"`
	TaxonomyVersion  string   `json:"taxonomy_version"`
	ExtractorVersion string   `json:"extractor_version"`
}

// IngestStats reports what one AddPostings or AddCredentials call did.
type IngestStats struct {
	Received int           `json:"received"`
	Added    int           `json:"added"`   // new IDs
	Updated  int           `json:"updated"` // IDs already present, replaced
	Failed   int           `json:"failed"`
	Errors   []RecordError `json:"errors,omitempty"`
	Elapsed  time.Duration `json:"elapsed_ns"`
}

// RecordError is one record that could not be indexed. Index is its
// position in the input slice, so callers can map it back to file:line.
type RecordError struct {
	Index int    `json:"index"`
	ID    string `json:"id"`
	Err   string `json:"error"`
}

// Error formats the record error with its position and ID.
func (e RecordError) Error() string {
	return fmt.Sprintf("record %d (id %q): %s", e.Index, e.ID, e.Err)
}

// PostingQuery selects postings. Empty fields do not filter.
type PostingQuery struct {
	Text       string    // BM25 over title (boosted) and description
	Skill      string    // skill ID (or a label the taxonomy resolves) among demand-bearing skills
	Occupation string    // occupation ID
	Location   string    // country code, region, locality or "remote", case-insensitive
	Source     string    // exact source name
	From, To   time.Time // DatePosted range, inclusive; zero means open
	Limit      int       // 0 means 20; capped at MaxLimit
	Offset     int
}

// MaxLimit caps PostingQuery.Limit and CredentialQuery.Limit.
const MaxLimit = 1000

// Snippet is a short excerpt of a document with one highlighted span.
// Start and End are code-point offsets into Text (End exclusive); both are 0
// when nothing is highlighted.
type Snippet struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// PostingHit is one search result.
type PostingHit struct {
	Doc     *PostingDoc `json:"doc"`
	Score   float64     `json:"score"`
	Snippet Snippet     `json:"snippet"`
}

// PostingResults is a page of search results with the total match count.
type PostingResults struct {
	Total int          `json:"total"`
	Hits  []PostingHit `json:"hits"`
}

// CredentialQuery selects credentials. Zero fields do not filter.
type CredentialQuery struct {
	Text      string // BM25 over title (boosted), description and outcomes
	Skill     string // skill ID (or label) among taught skills
	Provider  string // provider ID (slug) or name
	Type      string
	Mode      string
	Level     string
	MaxPrice  float64
	MaxHours  float64
	MinRating float64
	Limit     int
	Offset    int
}

// CredentialHit is one credential search result.
type CredentialHit struct {
	Doc     *CredentialDoc `json:"doc"`
	Score   float64        `json:"score"`
	Snippet Snippet        `json:"snippet"`
}

// CredentialResults is a page of credential results with the total count.
type CredentialResults struct {
	Total int             `json:"total"`
	Hits  []CredentialHit `json:"hits"`
}
