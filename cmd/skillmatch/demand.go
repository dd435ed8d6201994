package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/skillmatch/skillmatch/api"
	"github.com/skillmatch/skillmatch/match"
	"github.com/skillmatch/skillmatch/plot"
)

func init() { rootCmd.AddCommand(demandCmd()) }

func demandCmd() *cobra.Command {
	var df *dataFlags
	var ff *filterFlags
	var plotPath *string
	cmd := &cobra.Command{
		Use:   "demand",
		Short: "Top skills of the postings for a role, occupation, place or period, with growth",
		Long: `demand ranks the skills mentioned by the postings matching the filter: the
number of postings (count), their share of all matching postings (n), how
often the skill is required or only preferred, and its growth: the change of
its share against the previous period of equal length (with no dates: the
latest 12 months of data against the 12 before).`,
		Example: `  skillmatch demand --role "data analyst"
  skillmatch demand --role nurse --plot nurse-skills.svg
  skillmatch demand --location DE --from 2025-01-01 --to 2025-06-30 --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := ff.filter()
			if err != nil {
				return err
			}
			if err := checkPlotPath(*plotPath); err != nil {
				return err
			}
			return answer(cmd, df, func(ctx context.Context, e *match.Engine) (*match.DemandResult, error) {
				res, err := e.Demand(ctx, f)
				if err == nil {
					err = writePlot(cmd, *plotPath, func(w io.Writer, format plot.Format) error {
						return api.DrawDemand(w, format, res, f)
					})
				}
				return res, err
			}, printDemand)
		},
	}
	df = addDataFlags(cmd)
	ff = addFilterFlags(cmd, 20)
	plotPath = addPlotFlag(cmd)
	return cmd
}

func describeFilter(f match.FilterEcho) string {
	var parts []string
	if f.Role != "" {
		parts = append(parts, fmt.Sprintf("role %q", f.Role))
	}
	for _, o := range f.Occupations {
		parts = append(parts, "occupation "+o.ID+" ("+o.Title+")")
	}
	if len(f.TitleTerms) > 0 {
		parts = append(parts, "titles with "+strings.Join(f.TitleTerms, "+"))
	}
	if f.Location != "" {
		parts = append(parts, "location "+f.Location)
	}
	if f.Source != "" {
		parts = append(parts, "source "+f.Source)
	}
	if f.From != "" || f.To != "" {
		parts = append(parts, "months "+f.From+".."+f.To)
	}
	if len(parts) == 0 {
		return "all postings"
	}
	return strings.Join(parts, ", ")
}

func printDemand(w io.Writer, res *match.DemandResult) error {
	fmt.Fprintf(w, "%s: n = %d postings (taxonomy %s, extractor %s)\n", describeFilter(res.Filter), res.N, res.Versions.Taxonomy, res.Versions.Extractor)
	if g := res.Growth; g != nil {
		fmt.Fprintf(w, "growth: share in %s..%s (n = %d) vs %s..%s (n = %d)\n", g.Current.From, g.Current.To, g.Current.N, g.Previous.From, g.Previous.To, g.Previous.N)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "#\tSKILL\tCOUNT\tSHARE\tREQUIRED\tPREFERRED\tGROWTH\t")
	for i, s := range res.Skills {
		fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\t%s\t%s\t\n", i+1, s.Label, s.Count, pct(s.Share), pct(s.RequiredShare), pct(s.PreferredShare), growthStr(s.Growth.Rate))
	}
	return tw.Flush()
}
