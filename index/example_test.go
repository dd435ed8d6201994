package index_test

import (
	"context"
	"fmt"

	"github.com/skillmatch/skillmatch"
	"github.com/skillmatch/skillmatch/extract"
	"github.com/skillmatch/skillmatch/index"
	"github.com/skillmatch/skillmatch/taxonomy"
)

// An in-memory index: ingest, search by text, map a title to an occupation
// and read the analytics table.
func Example() {
	b := taxonomy.NewBuilder("example-1", "en")
	b.AddSkill(taxonomy.Skill{ID: "python", Label: "Python", Type: skillmatch.TypeTool})
	b.AddOccupation(taxonomy.Occupation{ID: "data-scientist", Title: "Data Scientist", Essential: []string{"python"}})
	tax, _ := b.Build()
	ex, _ := extract.New(tax, extract.Options{})

	ix, err := index.Open("", ex, index.Options{}) // "" = in memory; a directory = on disk
	if err != nil {
		panic(err)
	}
	defer ix.Close()
	st, _ := ix.AddPostings(context.Background(), []skillmatch.Posting{
		{ID: "p1", Title: "Senior Data Scientist (m/f/d)", Description: "You have 3+ years of experience with Python."},
		{ID: "p2", Title: "Barista", Description: "Coffee, latte art and a smile."},
		{Title: "", Description: ""}, // reported, not indexed
	})
	fmt.Println("added", st.Added, "failed", st.Failed)

	res, _ := ix.SearchPostings(context.Background(), index.PostingQuery{Text: "scientists"})
	fmt.Println("hits", res.Total, res.Hits[0].Doc.ID, res.Hits[0].Doc.Occupation.ID)

	occ := ix.MatchOccupation("Lead Data Scientist (w/m/d)")
	fmt.Println(occ.ID, occ.Confidence)
	fmt.Println("rows", ix.Snapshot().Len())
	// Output:
	// added 2 failed 1
	// hits 1 p1 data-scientist
	// data-scientist 1
	// rows 2
}
