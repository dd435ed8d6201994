package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/spf13/cobra"

	"github.com/skillmatch/skillmatch"
	"github.com/skillmatch/skillmatch/extract"
	"github.com/skillmatch/skillmatch/index"
	"github.com/skillmatch/skillmatch/internal/synth"
	"github.com/skillmatch/skillmatch/match"
)

func init() { rootCmd.AddCommand(benchCmd()) }

type benchOpts struct {
	postings, credentials, queries int
	dir                            string
	bare                           bool
	seed                           uint64
}

func benchCmd() *cobra.Command {
	var o benchOpts
	cmd := &cobra.Command{
		Use:   "bench [--postings N] [--credentials N] [--queries N] [--data DIR]",
		Short: "Measure ingestion, demand and match speed on synthetic data",
		Long: `bench generates deterministic synthetic postings and credentials from the
taxonomy (internal/synth), ingests them into an on-disk index (extraction
included) and, unless --bare=false, the same postings into bare Bleve
(default mapping, no extraction) for comparison; then it times demand and
match queries over the index and prints rates, sizes and latency
percentiles. Without --data the index goes to a temporary directory that is
removed afterwards.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			spec, _ := cmd.Flags().GetString("taxonomy")
			return runBench(cmdContext(cmd), cmd.OutOrStdout(), spec, o)
		},
	}
	cmd.Flags().IntVar(&o.postings, "postings", 20000, "synthetic postings")
	cmd.Flags().IntVar(&o.credentials, "credentials", 2000, "synthetic credentials")
	cmd.Flags().IntVar(&o.queries, "queries", 200, "demand and match queries to time")
	cmd.Flags().StringVar(&o.dir, "data", "", "index directory (default: a temporary one)")
	cmd.Flags().BoolVar(&o.bare, "bare", true, "also index the postings with bare Bleve")
	cmd.Flags().Uint64Var(&o.seed, "seed", 1, "generator seed")
	addTaxonomyFlag(cmd)
	return cmd
}

func runBench(ctx context.Context, w io.Writer, spec string, o benchOpts) error {
	if o.postings < 1 || o.queries < 1 || o.credentials < 0 {
		return fmt.Errorf("--postings and --queries must be at least 1")
	}
	tax, err := loadTaxonomy(spec)
	if err != nil {
		return err
	}
	ex, err := extract.New(tax, extract.Options{})
	if err != nil {
		return err
	}
	dir := o.dir
	if dir == "" {
		if dir, err = os.MkdirTemp("", "skillmatch-bench-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	}
	gen := synth.New(tax, synth.Config{Seed: o.seed})
	ps := gen.Postings(0, o.postings)
	cs := gen.Credentials(0, o.credentials)
	var text int64
	for _, p := range ps {
		text += int64(len(p.Title) + len(p.Description))
	}
	fmt.Fprintf(w, "taxonomy %s, %d synthetic postings (%.1f MB of text), %d credentials\n", tax.Version, len(ps), float64(text)/1e6, len(cs))

	ixDir := filepath.Join(dir, "index")
	start := time.Now()
	ix, err := index.Open(ixDir, ex, index.Options{})
	if err != nil {
		return err
	}
	const chunk = 5000
	for lo := 0; lo < len(ps); lo += chunk {
		if _, err := ix.AddPostings(ctx, ps[lo:min(lo+chunk, len(ps))]); err != nil {
			return err
		}
	}
	ingest := time.Since(start)
	if _, err := ix.AddCredentials(ctx, cs); err != nil {
		ix.Close()
		return err
	}
	if err := ix.Close(); err != nil {
		return err
	}
	size := treeSize(ixDir)
	fmt.Fprintf(w, "ingest:  %d postings in %s = %.0f postings/s (extraction included); index %.1f MB = %.1fx the text\n",
		len(ps), ingest.Round(time.Millisecond), float64(len(ps))/ingest.Seconds(), float64(size)/1e6, float64(size)/float64(text))
	if o.bare {
		bs, bsize, err := benchBare(filepath.Join(dir, "bare.bleve"), ps)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "bare:    %d postings in %s = %.0f docs/s (bare Bleve, default mapping, no extraction); %.1fx the text; skillmatch/bare speed = %.2f\n",
			len(ps), bs.Round(time.Millisecond), float64(len(ps))/bs.Seconds(), float64(bsize)/float64(text), bs.Seconds()/ingest.Seconds())
	}

	start = time.Now()
	if ix, err = index.Open(ixDir, ex, index.Options{}); err != nil {
		return err
	}
	defer ix.Close()
	fmt.Fprintf(w, "reopen:  %s (analytics table rebuilt from the store)\n", time.Since(start).Round(time.Millisecond))
	eng := match.FromIndex(ix)
	roles := gen.Roles()
	countries := []string{"DE", "GB", "US", "FR", "remote"}
	t0 := time.Now()
	if _, err := eng.Demand(ctx, match.Filter{}); err != nil { // builds the dataset once
		return err
	}
	fmt.Fprintf(w, "first demand query (builds the analytics dataset): %s\n", time.Since(t0).Round(time.Millisecond))
	demand := make([]time.Duration, 0, o.queries)
	for i := 0; i < o.queries; i++ {
		ro := roles[i%len(roles)]
		f := match.Filter{Limit: 20}
		switch i % 4 {
		case 1:
			f.Role = ro.Title
		case 2:
			f.Location = countries[i%len(countries)]
			if _, ok := tax.Occupation(ro.ID); ok {
				f.Occupation = ro.ID
			} else { // a role synth made from a sector
				f.Role = ro.Title
			}
		case 3:
			f.Role, f.From = ro.Title, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		t := time.Now()
		if _, err := eng.Demand(ctx, f); err != nil {
			return fmt.Errorf("demand %+v: %w", f, err)
		}
		demand = append(demand, time.Since(t))
	}
	var matchT []time.Duration
	if len(cs) > 0 {
		for i := 0; i < o.queries; i++ {
			ro := roles[i%len(roles)]
			req := match.MatchRequest{Role: ro.Title, Limit: 10}
			if len(ro.Essential) > 1 {
				req.Have = ro.Essential[:1]
			}
			t := time.Now()
			if _, err := eng.Match(ctx, req); err != nil {
				return fmt.Errorf("match %q: %w", ro.Title, err)
			}
			matchT = append(matchT, time.Since(t))
		}
	}
	p50, p99 := percentiles(demand)
	fmt.Fprintf(w, "demand:  %d queries, p50 %s, p99 %s\n", len(demand), p50, p99)
	if len(matchT) > 0 {
		p50, p99 = percentiles(matchT)
		fmt.Fprintf(w, "match:   %d queries over %d credentials, p50 %s, p99 %s\n", len(matchT), len(cs), p50, p99)
	}
	return nil
}

func benchBare(dir string, ps []skillmatch.Posting) (time.Duration, int64, error) {
	defer os.RemoveAll(dir)
	start := time.Now()
	bi, err := bleve.New(dir, bleve.NewIndexMapping())
	if err != nil {
		return 0, 0, err
	}
	b := bi.NewBatch()
	for _, p := range ps {
		if err := b.Index(p.ID, p); err != nil {
			bi.Close()
			return 0, 0, err
		}
		if b.Size() >= index.DefaultBatchSize {
			if err := bi.Batch(b); err != nil {
				bi.Close()
				return 0, 0, err
			}
			b = bi.NewBatch()
		}
	}
	err = bi.Batch(b)
	if cerr := bi.Close(); err == nil {
		err = cerr
	}
	return time.Since(start), treeSize(dir), err
}

func treeSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

// percentiles returns the 50th and 99th percentile (nearest rank).
func percentiles(ds []time.Duration) (p50, p99 time.Duration) {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	at := func(p float64) time.Duration {
		i := int(p*float64(len(s))+0.5) - 1
		return s[max(0, min(i, len(s)-1))].Round(10 * time.Microsecond)
	}
	return at(0.50), at(0.99)
}
