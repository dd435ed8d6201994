package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/skillmatch/skillmatch/eval"
	"github.com/skillmatch/skillmatch/extract"
)

func init() {
	var (
		gold, split, kind string
		minConf           float64
		retrieve, asJSON  bool
		postings          bool
		nErrors, workers  int
	)
	cmd := &cobra.Command{
		Use:   "eval --gold FILE.jsonl",
		Short: "Score extraction against labeled data (span, ESCO or soft-skill JSONL)",
		Long: `eval extracts every row of a labeled JSONL file and scores the mentions.

The format is detected from the fields of the rows (or forced with --kind):
  span        {"text", "skills": [{"start","end","type": "Skill"|"Knowledge"}]}
              -> strict and overlap P/R/F1, per type and together, and the share
                 of rows with no gold span that get any mention
  esco        {"text", "esco_uris": [...]}
              -> micro P/R/F1 over (sentence, URI) pairs and R-Precision@5
  sayfullina  {"text", "candidate": {"start","end"}, "is_soft_skill": 0|1}
              -> P/R/F1 of the soft-skill class and accuracy
Offsets are Unicode code points, end-exclusive. Rows that share a posting_id
are extracted together as one posting (--postings=false extracts each row
alone); scores are always per row. Also reports documents/s and MB/s of
extraction alone. See docs/eval.md for the exact definitions.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if gold == "" {
				return errors.New("--gold FILE.jsonl is required")
			}
			k, err := eval.ParseKind(kind)
			if err != nil {
				return err
			}
			ds, err := eval.ReadFile(gold, k, split)
			if err != nil {
				return fmt.Errorf("reading gold: %w", err)
			}
			if !cmd.Flags().Changed("postings") {
				postings = ds.HasPostings()
			}
			spec, _ := cmd.Flags().GetString("taxonomy")
			if !cmd.Flags().Changed("retrieve") {
				retrieve = strings.Contains(spec, "esco:")
			}
			tax, err := loadTaxonomy(spec)
			if err != nil {
				return err
			}
			ex, err := extract.New(tax, extract.Options{MinConfidence: minConf, Retrieve: retrieve})
			if err != nil {
				return err
			}
			rep := eval.Run(ds, ex, eval.Options{Workers: workers, Errors: nErrors, Postings: postings})
			rep.Retrieve = retrieve
			rep.MinConfidence = ex.MinConfidence()
			if retrieve {
				rep.ImplicitMinConfidence = minConf
				if minConf == 0 {
					rep.ImplicitMinConfidence = extract.DefaultImplicitMinConfidence
				}
			}
			if asJSON {
				enc := json.NewEncoder(cmd.OutOrStdout())
				return enc.Encode(rep)
			}
			return rep.WriteText(cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.StringVar(&gold, "gold", "", "labeled JSONL file (\"-\" for standard input)")
	addTaxonomyFlag(cmd)
	f.StringVar(&split, "split", "", "score only rows whose \"split\" field equals NAME (e.g. dev, validation)")
	f.StringVar(&kind, "kind", "", "gold format: span, esco or sayfullina (default: detected from the rows)")
	f.Float64Var(&minConf, "min-confidence", 0, "drop mentions below this confidence (0: the extractor's default; negative keeps all)")
	f.BoolVar(&retrieve, "retrieve", false, "rank concepts for sentences with no literal label (default: on with an esco: taxonomy)")
	f.BoolVar(&postings, "postings", false, "extract rows with the same posting_id together (headings and sections in context), score per row (default: on when rows have posting_id)")
	f.BoolVar(&asJSON, "json", false, "print the report as one JSON object")
	f.IntVar(&nErrors, "errors", 0, "print N false positives and N misses for error analysis")
	f.IntVar(&workers, "workers", 0, "extraction workers (0: all cores); results do not depend on it")
	rootCmd.AddCommand(cmd)
}
