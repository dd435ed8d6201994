package main

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/skillmatch/skillmatch/index"
)

func init() { rootCmd.AddCommand(reindexCmd()) }

func reindexCmd() *cobra.Command {
	var dir string
	var workers int
	cmd := &cobra.Command{
		Use:   "reindex --data DIR [--taxonomy SPEC]",
		Short: "Re-extract every indexed posting and credential (after a taxonomy or extractor change)",
		Long: `reindex re-runs extraction and occupation assignment on every stored
posting and credential with the taxonomy given by --taxonomy (or the one
recorded in DIR), rewrites the index and records the new taxonomy spec and
versions. Searches on a running server see the old data until it finishes.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if dir == "" {
				return errors.New("--data DIR is required")
			}
			if _, err := os.Stat(dir); err != nil {
				return fmt.Errorf("--data %s: no index there: %w", dir, err)
			}
			ctx, stop := signal.NotifyContext(cmdContext(cmd), os.Interrupt)
			defer stop()
			ix, spec, err := openForWrite(cmd, dir, workers)
			if err != nil {
				return err
			}
			start := time.Now()
			var bar *progressbar.ProgressBar
			last := time.Now()
			progress := func(done, total int) {
				if term.IsTerminal(int(os.Stderr.Fd())) {
					if bar == nil {
						bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(os.Stderr), progressbar.OptionSetDescription("reindex"),
							progressbar.OptionShowCount(), progressbar.OptionThrottle(200*time.Millisecond), progressbar.OptionClearOnFinish())
					}
					bar.Set(done)
					return
				}
				if time.Since(last) >= 10*time.Second || done == total {
					last = time.Now()
					fmt.Fprintf(cmd.ErrOrStderr(), "reindex: %d/%d records\n", done, total)
				}
			}
			err = ix.Reindex(ctx, nil, progress)
			if bar != nil {
				bar.Finish()
			}
			tv, ev := ix.Versions()
			n := ix.Snapshot().Len() + len(ix.Snapshot().Credentials())
			if cerr := ix.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return err
			}
			if err := index.WriteTaxonomySpec(dir, spec); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "reindexed %d records in %s with taxonomy %s (%s), extractor %s\n",
				n, time.Since(start).Round(time.Millisecond), tv, spec, ev)
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "data", "", "index directory")
	addTaxonomyFlag(cmd)
	cmd.Flags().IntVar(&workers, "workers", 0, "extraction workers (default: all cores)")
	return cmd
}
