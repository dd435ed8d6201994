package index

import (
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Postings and credentials live in two Bleve indexes rather than two types
// in one: BM25 statistics (document frequencies, average field lengths) stay
// per corpus, a query never needs a type filter, and each index is rebuilt
// independently.

// postingFields is what Bleve indexes for a posting. The document itself is
// kept in the side store, so Bleve stores no field values.
type postingFields struct {
	Title       string    `json:"title"`
	Description string    `json:"description"`
	Skills      []string  `json:"skills"`
	Required    []string  `json:"required"`
	Preferred   []string  `json:"preferred"`
	Occupation  string    `json:"occupation"`
	Org         string    `json:"org"`
	Location    []string  `json:"location"` // lower-cased locality, region, country, "remote"
	Country     string    `json:"country"`
	Source      string    `json:"source"`
	Date        time.Time `json:"date"`
	Salary      float64   `json:"salary"` // annual midpoint, 0 none
	Currency    string    `json:"currency"`
	Remote      bool      `json:"remote"`
}

// credentialFields is what Bleve indexes for a credential.
type credentialFields struct {
	Title       string   `json:"title"`
	Description string   `json:"description"` // description + learning outcomes
	Skills      []string `json:"skills"`
	Provider    string   `json:"provider"` // provider ID
	Type        string   `json:"type"`
	Mode        string   `json:"mode"`
	Level       string   `json:"level"`
	Source      string   `json:"source"`
	Price       float64  `json:"price"`
	Hours       float64  `json:"hours"`
	Rating      float64  `json:"rating"`
}

func textField() *mapping.FieldMapping {
	f := bleve.NewTextFieldMapping()
	f.Analyzer = AnalyzerName
	f.Store = false
	f.IncludeTermVectors = false // snippets come from extractor offsets, not Bleve highlighting
	f.IncludeInAll = false
	f.DocValues = false
	return f
}

func keywordField(docValues bool) *mapping.FieldMapping {
	f := bleve.NewKeywordFieldMapping()
	f.Store = false
	f.IncludeTermVectors = false
	f.IncludeInAll = false
	f.DocValues = docValues
	return f
}

func numericField() *mapping.FieldMapping {
	f := bleve.NewNumericFieldMapping()
	f.Store = false
	f.IncludeInAll = false
	f.DocValues = false
	return f
}

func newIndexMapping(doc *mapping.DocumentMapping) *mapping.IndexMappingImpl {
	im := bleve.NewIndexMapping()
	im.ScoringModel = bindex.BM25Scoring
	im.DefaultAnalyzer = AnalyzerName
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	// No composite _all field: every query names its fields.
	doc.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	im.DefaultMapping = doc
	return im
}

func postingMapping() *mapping.IndexMappingImpl {
	d := bleve.NewDocumentStaticMapping()
	d.AddFieldMappingsAt("title", textField())
	d.AddFieldMappingsAt("description", textField())
	// Skill fields keep doc values so that Bleve facets ("top skills among
	// matching postings") work on them.
	d.AddFieldMappingsAt("skills", keywordField(true))
	d.AddFieldMappingsAt("required", keywordField(true))
	d.AddFieldMappingsAt("preferred", keywordField(true))
	d.AddFieldMappingsAt("occupation", keywordField(false))
	d.AddFieldMappingsAt("org", keywordField(false))
	d.AddFieldMappingsAt("location", keywordField(false))
	d.AddFieldMappingsAt("country", keywordField(false))
	d.AddFieldMappingsAt("source", keywordField(false))
	d.AddFieldMappingsAt("currency", keywordField(false))
	date := bleve.NewDateTimeFieldMapping()
	date.Store, date.IncludeInAll = false, false
	date.DocValues = true // sort by date when there is no text query
	d.AddFieldMappingsAt("date", date)
	d.AddFieldMappingsAt("salary", numericField())
	remote := bleve.NewBooleanFieldMapping()
	remote.Store, remote.IncludeInAll, remote.DocValues = false, false, false
	d.AddFieldMappingsAt("remote", remote)
	return newIndexMapping(d)
}

func credentialMapping() *mapping.IndexMappingImpl {
	d := bleve.NewDocumentStaticMapping()
	d.AddFieldMappingsAt("title", textField())
	d.AddFieldMappingsAt("description", textField())
	d.AddFieldMappingsAt("skills", keywordField(true))
	for _, f := range []string{"provider", "type", "mode", "level", "source"} {
		d.AddFieldMappingsAt(f, keywordField(false))
	}
	for _, f := range []string{"price", "hours"} {
		d.AddFieldMappingsAt(f, numericField())
	}
	rating := numericField()
	rating.DocValues = true // sort by rating when there is no text query
	d.AddFieldMappingsAt("rating", rating)
	return newIndexMapping(d)
}
