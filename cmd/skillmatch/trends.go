package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/skillmatch/skillmatch/api"
	"github.com/skillmatch/skillmatch/match"
	"github.com/skillmatch/skillmatch/plot"
)

func init() { rootCmd.AddCommand(trendsCmd()) }

func trendsCmd() *cobra.Command {
	var (
		df       *dataFlags
		ff       *filterFlags
		skills   []string
		interval string
		plotPath *string
	)
	cmd := &cobra.Command{
		Use:   "trends",
		Short: "Monthly or quarterly share of postings mentioning chosen skills",
		Example: `  skillmatch trends --skill python --skill sql --role "data analyst"
  skillmatch trends --skill kubernetes,terraform --interval quarter --json
  skillmatch trends --skill dbt --skill hadoop --plot data-tools.png`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := ff.filter()
			if err != nil {
				return err
			}
			sk := splitList(skills)
			if len(sk) == 0 {
				return fmt.Errorf("give at least one --skill")
			}
			if err := checkPlotPath(*plotPath); err != nil {
				return err
			}
			return answer(cmd, df, func(ctx context.Context, e *match.Engine) (*match.TrendsResult, error) {
				res, err := e.Trends(ctx, sk, f, interval)
				if err == nil {
					err = writePlot(cmd, *plotPath, func(w io.Writer, format plot.Format) error {
						return api.DrawTrends(w, format, res, f)
					})
				}
				return res, err
			}, func(w io.Writer, res *match.TrendsResult) error {
				fmt.Fprintf(w, "%s: share of postings per %s (taxonomy %s, extractor %s)\n", describeFilter(res.Filter), res.Interval, res.Versions.Taxonomy, res.Versions.Extractor)
				tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
				fmt.Fprint(tw, "PERIOD\tN\t")
				for _, s := range res.Series {
					fmt.Fprintf(tw, "%s\t", s.Label)
				}
				fmt.Fprintln(tw)
				if len(res.Series) > 0 {
					for i, p := range res.Series[0].Points {
						fmt.Fprintf(tw, "%s\t%d\t", p.Period, p.N)
						for _, s := range res.Series {
							q := s.Points[i]
							fmt.Fprintf(tw, "%s (%d)\t", pct(q.Share), q.Count)
						}
						fmt.Fprintln(tw)
					}
				}
				return tw.Flush()
			})
		},
	}
	df = addDataFlags(cmd)
	ff = addFilterFlags(cmd, 20)
	cmd.Flags().StringSliceVar(&skills, "skill", nil, "skill ID or label; repeat or comma-separate (at most 20)")
	cmd.Flags().StringVar(&interval, "interval", "month", "month or quarter")
	plotPath = addPlotFlag(cmd)
	return cmd
}
