package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/skillmatch/skillmatch/corpus"
	"github.com/skillmatch/skillmatch/extract"
	"github.com/skillmatch/skillmatch/index"
	"github.com/skillmatch/skillmatch/match"
)

// dataFlags are the flags every read command shares: where the data is and
// how to print it.
type dataFlags struct {
	dir    string
	spec   *string
	asJSON bool
}

func addDataFlags(cmd *cobra.Command) *dataFlags {
	f := &dataFlags{}
	cmd.Flags().StringVar(&f.dir, "data", "", "index directory (default: the embedded sample corpus, indexed in memory)")
	f.spec = addTaxonomyFlag(cmd)
	cmd.Flags().BoolVar(&f.asJSON, "json", false, "print JSON instead of tables")
	return f
}

// open returns the index of --data (opened with the taxonomy recorded in it,
// unless --taxonomy was given explicitly) or, without --data, an in-memory
// index of the embedded sample corpus.
func (f *dataFlags) open(cmd *cobra.Command) (*index.Index, error) {
	explicit := cmd.Flags().Changed("taxonomy")
	return openData(cmd.Context(), f.dir, *f.spec, explicit, cmd.ErrOrStderr())
}

func openData(ctx context.Context, dir, spec string, explicitSpec bool, log io.Writer) (*index.Index, error) {
	if ctx == nil {
		ctx = context.Background()
	}
	if dir != "" {
		st, err := os.Stat(dir)
		if err != nil || !st.IsDir() {
			return nil, fmt.Errorf("--data %s: no index there (build one with \"skillmatch ingest --data %s FILE...\")", dir, dir)
		}
		if !explicitSpec {
			if spec, err = index.ReadTaxonomySpec(dir); err != nil {
				return nil, fmt.Errorf("--data %s: %w", dir, err)
			}
		}
	}
	tax, err := loadTaxonomy(spec)
	if err != nil {
		return nil, err
	}
	ex, err := extract.New(tax, extract.Options{})
	if err != nil {
		return nil, err
	}
	ix, err := index.Open(dir, ex, index.Options{})
	if err != nil {
		return nil, err
	}
	if dir != "" {
		if ix.NeedsReindex() {
			fmt.Fprintf(log, "skillmatch: the index in %s was extracted with another taxonomy or extractor version; run \"skillmatch reindex --data %s\"\n", dir, dir)
		}
		return ix, nil
	}
	start := time.Now()
	ps, err := corpus.Postings()
	if err != nil {
		ix.Close()
		return nil, err
	}
	cs, err := corpus.Credentials()
	if err != nil {
		ix.Close()
		return nil, err
	}
	if _, err := ix.AddPostings(ctx, ps); err != nil {
		ix.Close()
		return nil, fmt.Errorf("indexing the sample corpus: %w", err)
	}
	if _, err := ix.AddCredentials(ctx, cs); err != nil {
		ix.Close()
		return nil, fmt.Errorf("indexing the sample corpus: %w", err)
	}
	fmt.Fprintf(log, "skillmatch: sample corpus: %d postings, %d credentials indexed in memory in %s (use --data DIR for your own index)\n",
		len(ps), len(cs), time.Since(start).Round(time.Millisecond))
	return ix, nil
}

// printJSON writes v indented.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// filterFlags are the posting filter flags of demand, trends, match,
// pathway and gaps.
type filterFlags struct {
	role, occupation, location, source, from, to string
	limit                                        int
}

func addFilterFlags(cmd *cobra.Command, limit int) *filterFlags {
	f := &filterFlags{}
	fl := cmd.Flags()
	fl.StringVar(&f.role, "role", "", "target role, free text (e.g. \"data analyst\")")
	fl.StringVar(&f.occupation, "occupation", "", "taxonomy occupation ID")
	fl.StringVar(&f.location, "location", "", "country code, region or \"remote\"")
	fl.StringVar(&f.source, "source", "", "posting source")
	fl.StringVar(&f.from, "from", "", "start date YYYY-MM-DD (month granularity)")
	fl.StringVar(&f.to, "to", "", "end date YYYY-MM-DD, inclusive")
	fl.IntVar(&f.limit, "limit", limit, "rows to show (at most 100)")
	return f
}

func parseDate(flag, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{"2006-01-02", time.RFC3339, "2006-01"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("--%s %q: not a date (YYYY-MM-DD, YYYY-MM or RFC 3339)", flag, v)
}

func (f *filterFlags) filter() (match.Filter, error) {
	from, err := parseDate("from", f.from)
	if err != nil {
		return match.Filter{}, err
	}
	to, err := parseDate("to", f.to)
	if err != nil {
		return match.Filter{}, err
	}
	if f.to != "" && len(f.to) == 7 { // YYYY-MM: the whole month
		to = to.AddDate(0, 1, -1)
	}
	if f.limit < 1 {
		return match.Filter{}, errors.New("--limit must be at least 1")
	}
	return match.Filter{Role: f.role, Occupation: f.occupation, Location: f.location, Source: f.source, From: from, To: to, Limit: f.limit}, nil
}

// splitList splits repeated, comma-separated flag values.
func splitList(vs []string) []string {
	var out []string
	for _, v := range vs {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

func pct(x float64) string { return fmt.Sprintf("%.1f%%", x*100) }

func growthStr(r *float64) string {
	if r == nil {
		return "n/a"
	}
	return fmt.Sprintf("%+.0f%%", *r*100)
}

// answer opens the data the flags name, asks the engine one question and
// prints the answer: as JSON with --json, else with table. The read commands
// differ only in their question and their table.
func answer[T any](cmd *cobra.Command, df *dataFlags, ask func(context.Context, *match.Engine) (T, error), table func(io.Writer, T) error) error {
	ix, err := df.open(cmd)
	if err != nil {
		return err
	}
	defer ix.Close()
	res, err := ask(cmd.Context(), match.FromIndex(ix))
	if err != nil {
		return err
	}
	return show(cmd, df, res, table)
}

// show prints res as JSON with --json, else with table.
func show[T any](cmd *cobra.Command, df *dataFlags, res T, table func(io.Writer, T) error) error {
	if df.asJSON {
		return printJSON(cmd.OutOrStdout(), res)
	}
	return table(cmd.OutOrStdout(), res)
}
