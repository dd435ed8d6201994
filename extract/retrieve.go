package extract

import (
	"github.com/skillmatch/skillmatch"
	"github.com/skillmatch/skillmatch/taxonomy"
)

// retriever ranks taxonomy concepts for text that names no label literally.
// SCAFFOLD: the eval/retrieval work replaces this file.
type retriever struct{ tax *taxonomy.Taxonomy }

func newRetriever(t *taxonomy.Taxonomy) *retriever { return &retriever{tax: t} }

// implicit returns lower-confidence mentions of concepts the text implies,
// given the explicit mentions already found. Called by Extract when
// Options.Retrieve is set.
func (e *Extractor) implicit(text string, explicit []skillmatch.Mention) []skillmatch.Mention {
	return nil
}
