package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/skillmatch/skillmatch/match"
)

func init() { rootCmd.AddCommand(pathwayCmd()) }

func pathwayCmd() *cobra.Command {
	var df *dataFlags
	var lf *learnerFlags
	cmd := &cobra.Command{
		Use:   "pathway",
		Short: "An ordered list of credentials covering your gap within a budget and time",
		Long: `pathway picks credentials greedily, each step the one covering the most
remaining gap weight that still fits the total budget (--max-price) and time
(--max-hours), then orders them foundational first (level, then broader
skills before narrower ones) and shows the covered share after each step.`,
		Example: `  skillmatch pathway --role "data analyst" --have excel --max-price 500 --max-hours 120`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			req, err := lf.request()
			if err != nil {
				return err
			}
			if !cmd.Flags().Changed("limit") {
				req.Limit = 0
			}
			return answer(cmd, df, func(ctx context.Context, e *match.Engine) (*match.PathwayResult, error) {
				return e.Pathway(ctx, req)
			}, func(w io.Writer, res *match.PathwayResult) error {
				printLearnerBase(w, &res.LearnerBase)
				fmt.Fprintf(w, "\npathway (%d steps, %s of the gap covered, total %.0f, %g hours):\n", len(res.Steps), pct(res.GapCovered), res.TotalPrice, res.TotalHours)
				tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "STEP\tCREDENTIAL\tPROVIDER\tLEVEL\tPRICE\tHOURS\tGAP COVERED\tROLE COVERED\tADDS")
				for _, s := range res.Steps {
					var labels []string
					for _, c := range s.Covers {
						labels = append(labels, c.Label)
					}
					fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", s.Step, s.Title, s.Provider, s.Level, price(s.Price, s.Currency),
						num(s.Hours), pct(s.GapCoveredAfter), pct(s.RoleCoverAfter), strings.Join(labels, ", "))
				}
				tw.Flush()
				if len(res.Uncovered) > 0 {
					var labels []string
					for _, u := range res.Uncovered {
						labels = append(labels, u.Label)
					}
					fmt.Fprintf(w, "\nnot covered: %s\n", strings.Join(labels, ", "))
				}
				return nil
			})
		},
	}
	df = addDataFlags(cmd)
	lf = addLearnerFlags(cmd, match.MaxPathwaySteps)
	return cmd
}
