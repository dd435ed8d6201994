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

func init() { rootCmd.AddCommand(matchCmd()) }

// learnerFlags are the flags of match and pathway.
type learnerFlags struct {
	have            []string
	maxPrice        float64
	maxHours        float64
	mode, level     string
	minRating       float64
	handsOn, mentor bool
	ff              *filterFlags
	cmd             *cobra.Command
}

func addLearnerFlags(cmd *cobra.Command, limit int) *learnerFlags {
	l := &learnerFlags{cmd: cmd}
	l.ff = addFilterFlags(cmd, limit)
	fl := cmd.Flags()
	fl.StringSliceVar(&l.have, "have", nil, "skills you have (IDs or labels); repeat or comma-separate")
	fl.Float64Var(&l.maxPrice, "max-price", 0, "match: price cap per credential; pathway: total budget (0 with the flag set: free only)")
	fl.Float64Var(&l.maxHours, "max-hours", 0, "match: workload cap per credential; pathway: total hours")
	fl.StringVar(&l.mode, "mode", "", "online, onsite or blended")
	fl.StringVar(&l.level, "level", "", "beginner, intermediate or advanced")
	fl.Float64Var(&l.minRating, "min-rating", 0, "minimum rating 0..5 (unrated credentials are left out)")
	fl.BoolVar(&l.handsOn, "hands-on", false, "prefer credentials with hands-on projects")
	fl.BoolVar(&l.mentor, "mentor", false, "prefer credentials with mentor support")
	return l
}

func (l *learnerFlags) request() (match.MatchRequest, error) {
	f, err := l.ff.filter()
	if err != nil {
		return match.MatchRequest{}, err
	}
	if f.Role == "" && f.Occupation == "" {
		return match.MatchRequest{}, fmt.Errorf("give --role or --occupation")
	}
	c := match.Constraints{MaxHours: l.maxHours, Mode: strings.ToLower(l.mode), Level: strings.ToLower(l.level),
		MinRating: l.minRating, HandsOn: l.handsOn, Mentor: l.mentor}
	if l.cmd.Flags().Changed("max-price") {
		p := l.maxPrice
		c.MaxPrice = &p
	}
	switch c.Mode {
	case "", "online", "onsite", "blended":
	default:
		return match.MatchRequest{}, fmt.Errorf("--mode %q: want online, onsite or blended", l.mode)
	}
	switch c.Level {
	case "", "beginner", "intermediate", "advanced":
	default:
		return match.MatchRequest{}, fmt.Errorf("--level %q: want beginner, intermediate or advanced", l.level)
	}
	if c.MinRating < 0 || c.MinRating > 5 || c.MaxHours < 0 || l.maxPrice < 0 {
		return match.MatchRequest{}, fmt.Errorf("--min-rating must be 0..5, --max-price and --max-hours not negative")
	}
	return match.MatchRequest{Role: f.Role, Occupation: f.Occupation, Have: splitList(l.have), Constraints: c, Filter: f, Limit: f.Limit}, nil
}

func matchCmd() *cobra.Command {
	var df *dataFlags
	var lf *learnerFlags
	cmd := &cobra.Command{
		Use:   "match",
		Short: "Your skill gap for a target role and the credentials that close it, explained",
		Long: `match computes the skills the role's postings demand (weighted by their share,
required above preferred), takes away the ones you have (a skill you have
half-covers its broader skills), and ranks the credentials that teach the
rest by how much of that gap they cover, their quality (rating, completion
rate, hands-on projects, mentor support) and how well their title fits the
role, within your price, time, mode, level and rating limits.`,
		Example: `  skillmatch match --role "data analyst" --have excel,sql
  skillmatch match --role "data analyst" --have excel --max-price 200 --mode online --hands-on`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			req, err := lf.request()
			if err != nil {
				return err
			}
			return answer(cmd, df, func(ctx context.Context, e *match.Engine) (*match.MatchResult, error) {
				return e.Match(ctx, req)
			}, func(w io.Writer, res *match.MatchResult) error {
				printLearnerBase(w, &res.LearnerBase)
				fmt.Fprintf(w, "\ncredentials (%d considered):\n", res.Considered)
				tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "#\tSCORE\tCOVERS\tCREDENTIAL\tPROVIDER\tPRICE\tHOURS\tMODE\tLEVEL\tRATING\tTEACHES")
				for i, c := range res.Credentials {
					var labels []string
					for _, s := range c.Covers {
						labels = append(labels, s.Label)
					}
					fmt.Fprintf(tw, "%d\t%.2f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", i+1, c.Score, pct(c.Coverage), c.Title, c.Provider,
						price(c.Price, c.Currency), num(c.Hours), c.Mode, c.Level, num(c.Rating), strings.Join(labels, ", "))
				}
				tw.Flush()
				if len(res.Credentials) > 0 {
					fmt.Fprintf(w, "\nwhy #1: %s\n", strings.Join(res.Credentials[0].Reasons, "; "))
				}
				return nil
			})
		},
	}
	df = addDataFlags(cmd)
	lf = addLearnerFlags(cmd, 10)
	return cmd
}

func printLearnerBase(w io.Writer, b *match.LearnerBase) {
	fmt.Fprintf(w, "%s: n = %d postings (taxonomy %s, extractor %s)\n", describeFilter(b.Filter), b.N, b.Versions.Taxonomy, b.Versions.Extractor)
	var have []string
	for _, h := range b.Have {
		have = append(have, h.Label)
	}
	if len(have) == 0 {
		fmt.Fprintln(w, "you have: no skills given (--have a,b); the gap is the role's whole demand")
	} else {
		fmt.Fprintf(w, "you have: %s; that covers %s of the role's demand\n", strings.Join(have, ", "), pct(b.HaveCoverage))
	}
	if len(b.UnknownHave) > 0 {
		fmt.Fprintf(w, "not in the taxonomy: %s\n", strings.Join(b.UnknownHave, ", "))
	}
	fmt.Fprintln(w, "\nyour gap (demand weight: share of postings, required 1, unspecified 0.75, preferred 0.5):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SKILL\tSHARE\tREQUIRED\tWEIGHT\tGAP")
	for i, g := range b.Gap {
		if i == 15 {
			fmt.Fprintf(tw, "... %d more\t\t\t\t\n", len(b.Gap)-15)
			break
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%.3f\t%.3f\n", g.Label, pct(g.Share), pct(g.RequiredShare), g.Weight, g.Gap)
	}
	tw.Flush()
}

func price(p float64, cur string) string {
	if p == 0 && cur != "" {
		return "free"
	}
	if p == 0 {
		return "?"
	}
	return fmt.Sprintf("%.0f %s", p, cur)
}

func num(x float64) string {
	if x == 0 {
		return "?"
	}
	return fmt.Sprintf("%g", x)
}
