package eval_test

import (
	"fmt"
	"strings"

	"github.com/skillmatch/skillmatch"
	"github.com/skillmatch/skillmatch/eval"
)

// Score your own extractor's mentions against a span file: one gold row
// with two spans, one prediction exact and one overlapping.
func ExampleScoreSpans() {
	gold := `{"text": "Strong Python and SQL skills", "skills": [{"start": 7, "end": 13, "type": "Knowledge"}, {"start": 18, "end": 28, "type": "Skill"}]}`
	ds, err := eval.Read(strings.NewReader(gold), "", "")
	if err != nil {
		fmt.Println(err)
		return
	}
	preds := [][]skillmatch.Mention{{
		{SkillID: "python", Start: 7, End: 13, Type: skillmatch.TypeTool},
		{SkillID: "sql", Start: 18, End: 21, Type: skillmatch.TypeKnowledge},
	}}
	s := eval.ScoreSpans(ds.Items, preds)
	fmt.Printf("strict P %.2f R %.2f; overlap P %.2f R %.2f\n", s.Strict.Precision, s.Strict.Recall, s.Overlap.Precision, s.Overlap.Recall)
	// Output: strict P 0.50 R 0.50; overlap P 1.00 R 1.00
}

// Rank ESCO concepts by confidence and score R-Precision@5.
func ExampleScoreESCO() {
	gold := `{"text": "Keep the books", "esco_uris": ["http://data.europa.eu/esco/skill/acc"]}`
	ds, _ := eval.Read(strings.NewReader(gold), "", "")
	preds := [][]skillmatch.Mention{{
		{URI: "http://data.europa.eu/esco/skill/other", Confidence: 0.4},
		{URI: "http://data.europa.eu/esco/skill/acc", Confidence: 0.6},
	}}
	s := eval.ScoreESCO(ds.Items, preds)
	fmt.Printf("R-Precision@5 %.2f, micro precision %.2f\n", s.RPrecision5, s.Micro.Precision)
	// Output: R-Precision@5 1.00, micro precision 0.50
}
