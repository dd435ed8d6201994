package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/skillmatch/skillmatch/match"
)

func init() { rootCmd.AddCommand(gapsCmd()) }

func gapsCmd() *cobra.Command {
	var df *dataFlags
	var ff *filterFlags
	cmd := &cobra.Command{
		Use:   "gaps [PROVIDER-ID]",
		Short: "In-demand skills a provider's catalog does not teach, and who does (no argument: list providers)",
		Long: `gaps compares a provider's credentials with the top 50 skills demanded by the
postings matching the filter (e.g. --role): the demanded skills none of its
credentials teaches, ranked by share x (1 + growth), with other providers'
credentials that teach them, and the share of demand the catalog covers.
Without an argument it lists the providers and their catalog sizes.`,
		Example: `  skillmatch gaps
  skillmatch gaps northwind-academy --role "data analyst"`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := ff.filter()
			if err != nil {
				return err
			}
			ix, err := df.open(cmd)
			if err != nil {
				return err
			}
			defer ix.Close()
			eng := match.FromIndex(ix)
			w := cmd.OutOrStdout()
			if len(args) == 0 {
				ps, err := eng.Providers()
				if err != nil {
					return err
				}
				if df.asJSON {
					return printJSON(w, ps)
				}
				tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tNAME\tCREDENTIALS\tSKILLS TAUGHT")
				for _, p := range ps {
					fmt.Fprintf(tw, "%s\t%s\t%d\t%d\n", p.ID, p.Name, p.Credentials, p.Skills)
				}
				return tw.Flush()
			}
			res, err := eng.Gaps(cmd.Context(), args[0], f)
			if err != nil {
				return err
			}
			if df.asJSON {
				return printJSON(w, res)
			}
			fmt.Fprintf(w, "%s (%d credentials) against %s: n = %d postings (taxonomy %s, extractor %s)\n", res.Provider.Name, res.Provider.Credentials,
				describeFilter(res.Filter), res.N, res.Versions.Taxonomy, res.Versions.Extractor)
			fmt.Fprintf(w, "the catalog teaches %d of the top %d demanded skills, %s of their demand\n\n", len(res.Covered), res.Demanded, pct(res.Coverage))
			tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "#\tMISSING SKILL\tCOUNT\tSHARE\tGROWTH\tTAUGHT ELSEWHERE BY")
			for i, g := range res.Gaps {
				var alt []string
				for _, a := range g.Alternatives {
					alt = append(alt, a.Title+" ("+a.Provider+")")
				}
				fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\t%s\n", i+1, g.Label, g.Count, pct(g.Share), growthStr(g.Growth.Rate), strings.Join(alt, "; "))
			}
			return tw.Flush()
		},
	}
	df = addDataFlags(cmd)
	ff = addFilterFlags(cmd, 20)
	return cmd
}
