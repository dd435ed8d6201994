package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/skillmatch/skillmatch/index"
)

func init() { rootCmd.AddCommand(searchCmd()) }

func searchCmd() *cobra.Command {
	var (
		df                                *dataFlags
		skill, occupation, location, from string
		to, source, provider, mode, level string
		credentials                       bool
		limit, offset                     int
		maxPrice, maxHours, minRating     float64
	)
	cmd := &cobra.Command{
		Use:   "search [QUERY...]",
		Short: "Search postings (or, with --credentials, credentials) by text, skill, place and date",
		Example: `  skillmatch search "data analyst" --skill sql --location DE
  skillmatch search --credentials --skill python --max-price 100`,
		RunE: func(cmd *cobra.Command, args []string) error {
			text := strings.Join(args, " ")
			fromT, err := parseDate("from", from)
			if err != nil {
				return err
			}
			toT, err := parseDate("to", to)
			if err != nil {
				return err
			}
			ix, err := df.open(cmd)
			if err != nil {
				return err
			}
			defer ix.Close()
			if credentials {
				res, err := ix.SearchCredentials(cmd.Context(), index.CredentialQuery{Text: text, Skill: skill, Provider: provider, Mode: mode,
					Level: level, MaxPrice: maxPrice, MaxHours: maxHours, MinRating: minRating, Limit: limit, Offset: offset})
				if err != nil {
					return err
				}
				return show(cmd, df, res, func(w io.Writer, res index.CredentialResults) error {
					fmt.Fprintf(w, "%d credentials\n", res.Total)
					tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
					fmt.Fprintln(tw, "ID\tTITLE\tPROVIDER\tPRICE\tHOURS\tMODE\tLEVEL\tRATING\tSKILLS")
					for _, h := range res.Hits {
						d := h.Doc
						fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", d.ID, d.Title, d.Provider.Name, price(d.Price, d.Currency), num(d.Hours),
							d.Mode, d.Level, num(d.Rating), strings.Join(d.Skills, ","))
					}
					return tw.Flush()
				})
			}
			res, err := ix.SearchPostings(cmd.Context(), index.PostingQuery{Text: text, Skill: skill, Occupation: occupation, Location: location,
				Source: source, From: fromT, To: toT, Limit: limit, Offset: offset})
			if err != nil {
				return err
			}
			return show(cmd, df, res, func(w io.Writer, res index.PostingResults) error {
				fmt.Fprintf(w, "%d postings\n", res.Total)
				tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "#\tDATE\tTITLE\tORGANIZATION\tLOCATION\tOCCUPATION\tSKILLS")
				var evidence []string // printed under the table so it cannot widen a column
				for i, h := range res.Hits {
					d := h.Doc
					date, occ := "", ""
					if !d.DatePosted.IsZero() {
						date = d.DatePosted.Format("2006-01-02")
					}
					if d.Occupation != nil {
						occ = d.Occupation.ID
					}
					loc := strings.Trim(d.Location.Locality+" "+d.Location.Country, " ")
					if d.Location.Remote {
						loc += " (remote)"
					}
					fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", i+1, date, d.Title, d.Organization.Name, loc, occ, strings.Join(d.Skills, ","))
					if h.Snippet.End > h.Snippet.Start {
						r := []rune(h.Snippet.Text)
						evidence = append(evidence, fmt.Sprintf("%d  %s[%s]%s", i+1, string(r[:h.Snippet.Start]), string(r[h.Snippet.Start:h.Snippet.End]), string(r[h.Snippet.End:])))
					}
				}
				if err := tw.Flush(); err != nil {
					return err
				}
				if len(evidence) > 0 {
					fmt.Fprintf(w, "\nevidence (the matched words in brackets):\n%s\n", strings.Join(evidence, "\n"))
				}
				return nil
			})
		},
	}
	df = addDataFlags(cmd)
	fl := cmd.Flags()
	fl.BoolVar(&credentials, "credentials", false, "search credentials instead of postings")
	fl.StringVar(&skill, "skill", "", "skill ID or label")
	fl.StringVar(&occupation, "occupation", "", "occupation ID (postings)")
	fl.StringVar(&location, "location", "", "country code, region, locality or \"remote\" (postings)")
	fl.StringVar(&source, "source", "", "source (postings)")
	fl.StringVar(&from, "from", "", "posted on or after YYYY-MM-DD (postings)")
	fl.StringVar(&to, "to", "", "posted on or before YYYY-MM-DD (postings)")
	fl.StringVar(&provider, "provider", "", "provider ID or name (credentials)")
	fl.StringVar(&mode, "mode", "", "online, onsite or blended (credentials)")
	fl.StringVar(&level, "level", "", "beginner, intermediate or advanced (credentials)")
	fl.Float64Var(&maxPrice, "max-price", 0, "price cap (credentials)")
	fl.Float64Var(&maxHours, "max-hours", 0, "workload cap (credentials)")
	fl.Float64Var(&minRating, "min-rating", 0, "minimum rating (credentials)")
	fl.IntVar(&limit, "limit", 20, "results")
	fl.IntVar(&offset, "offset", 0, "results to skip")
	return cmd
}
