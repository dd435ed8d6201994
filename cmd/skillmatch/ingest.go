package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/skillmatch/skillmatch"
	"github.com/skillmatch/skillmatch/extract"
	"github.com/skillmatch/skillmatch/index"
)

func init() { rootCmd.AddCommand(ingestCmd()) }

func ingestCmd() *cobra.Command {
	var dir string
	var chunk, workers, showErrors int
	cmd := &cobra.Command{
		Use:   "ingest --data DIR [--taxonomy SPEC] FILE...",
		Short: "Extract skills from postings and credentials (JSONL) and add them to an index",
		Long: `ingest reads JSONL files of postings and credentials (the crawler's
postings.jsonl and credentials.jsonl, or any JSONL of Posting or Credential
records; each line's kind is told by its fields), extracts skills, assigns
occupations and adds them to the index in --data, creating it if needed.
"-" reads standard input. Records are idempotent by ID: ingesting a file
again updates its records. A line that is not valid JSON or a record that
cannot be indexed is reported with file:line and the rest goes in; the
command then exits non-zero.

The taxonomy spec is recorded in DIR, so later commands (and ingests
without --taxonomy) use the same taxonomy.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if dir == "" {
				return errors.New("--data DIR is required")
			}
			ctx, stop := signal.NotifyContext(cmdContext(cmd), os.Interrupt)
			defer stop()
			ix, spec, err := openForWrite(cmd, dir, workers)
			if err != nil {
				return err
			}
			ing := &ingester{ix: ix, chunk: chunk, log: cmd.ErrOrStderr(), stdin: cmd.InOrStdin()}
			runErr := ing.run(ctx, args)
			closeErr := ix.Close()
			ing.report(cmd.OutOrStdout(), showErrors)
			if runErr != nil {
				return runErr
			}
			if closeErr != nil {
				return closeErr
			}
			if err := index.WriteTaxonomySpec(dir, spec); err != nil {
				return err
			}
			if n := len(ing.errs); n > 0 {
				return fmt.Errorf("%d records or lines could not be ingested (listed above); everything else was", n)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&dir, "data", "", "index directory (created if missing)")
	addTaxonomyFlag(cmd)
	cmd.Flags().IntVar(&chunk, "chunk", 5000, "records read before each indexing call")
	cmd.Flags().IntVar(&workers, "workers", 0, "extraction workers (default: all cores)")
	cmd.Flags().IntVar(&showErrors, "show-errors", 20, "errors to list (all are counted)")
	return cmd
}

func cmdContext(cmd *cobra.Command) context.Context {
	if ctx := cmd.Context(); ctx != nil {
		return ctx
	}
	return context.Background()
}

// openForWrite opens the index in dir with --taxonomy when given, else with
// the spec recorded in dir, and returns the spec to record.
func openForWrite(cmd *cobra.Command, dir string, workers int) (*index.Index, string, error) {
	spec, _ := cmd.Flags().GetString("taxonomy")
	recorded, err := index.ReadTaxonomySpec(dir)
	if err != nil {
		return nil, "", fmt.Errorf("--data %s: %w", dir, err)
	}
	if !cmd.Flags().Changed("taxonomy") {
		spec = recorded
	}
	tax, err := loadTaxonomy(spec)
	if err != nil {
		return nil, "", err
	}
	ex, err := extract.New(tax, extract.Options{})
	if err != nil {
		return nil, "", err
	}
	ix, err := index.Open(dir, ex, index.Options{Workers: workers})
	if err != nil {
		return nil, "", err
	}
	if r := ix.ReindexReason(); cmd.Name() == "ingest" && r != "" {
		fmt.Fprintf(cmd.ErrOrStderr(), "skillmatch: %s: %s; new records use taxonomy %s (run \"skillmatch reindex --data %s --taxonomy %s\" to bring the rest in line)\n", dir, r, tax.Version, dir, spec)
	}
	return ix, spec, nil
}

// lineRef is where a record came from.
type lineRef struct {
	file string
	line int
}

type ingestErr struct {
	at  lineRef
	id  string
	msg string
}

type ingester struct {
	ix    *index.Index
	chunk int
	log   io.Writer
	stdin io.Reader

	ps    []skillmatch.Posting
	pRefs []lineRef
	cs    []skillmatch.Credential
	cRefs []lineRef

	postings, credentials index.IngestStats
	errs                  []ingestErr
	read                  atomic.Int64 // bytes read, for progress
	records               atomic.Int64
	start                 time.Time
}

func (in *ingester) run(ctx context.Context, files []string) error {
	in.start = time.Now()
	var total int64
	for _, f := range files {
		if f == "-" {
			total = -1
			break
		}
		st, err := os.Stat(f)
		if err != nil {
			return fmt.Errorf("ingest: %w", err)
		}
		total += st.Size()
	}
	stopProgress := in.progress(total)
	defer stopProgress()
	for _, f := range files {
		if err := in.file(ctx, f); err != nil {
			return err
		}
	}
	return in.flush(ctx)
}

// progress shows a bar on a terminal and a log line every 10 s otherwise.
func (in *ingester) progress(total int64) func() {
	done := make(chan struct{})
	stopped := make(chan struct{})
	tty := term.IsTerminal(int(os.Stderr.Fd()))
	var bar *progressbar.ProgressBar
	if tty {
		bar = progressbar.NewOptions64(total, progressbar.OptionSetWriter(os.Stderr), progressbar.OptionShowBytes(true),
			progressbar.OptionSetDescription("ingest"), progressbar.OptionThrottle(200*time.Millisecond),
			progressbar.OptionClearOnFinish(), progressbar.OptionSetPredictTime(true))
	}
	go func() {
		defer close(stopped)
		every := 10 * time.Second
		if tty {
			every = 200 * time.Millisecond
		}
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				if bar != nil {
					bar.Finish()
				}
				return
			case <-t.C:
				if bar != nil {
					bar.Set64(in.read.Load())
					continue
				}
				n := in.records.Load()
				fmt.Fprintf(in.log, "ingest: %d records read (%.0f/s)\n", n, float64(n)/time.Since(in.start).Seconds())
			}
		}
	}()
	return func() { close(done); <-stopped }
}

func (in *ingester) file(ctx context.Context, name string) error {
	var r io.Reader
	display := name
	if name == "-" {
		r, display = in.stdin, "stdin"
	} else {
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("ingest: %w", err)
		}
		defer f.Close()
		r = f
	}
	hint := kindFromName(name)
	br := bufio.NewReaderSize(r, 1<<20)
	for n := 1; ; n++ {
		line, err := br.ReadBytes('\n')
		in.read.Add(int64(len(line)))
		if len(bytes.TrimSpace(line)) > 0 {
			in.records.Add(1)
			if perr := in.add(line, hint, lineRef{display, n}); perr != nil {
				in.errs = append(in.errs, ingestErr{at: lineRef{display, n}, msg: perr.Error()})
			}
			if len(in.ps)+len(in.cs) >= in.chunk {
				if ferr := in.flush(ctx); ferr != nil {
					return ferr
				}
			}
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s:%d: %w", display, n, err)
		}
	}
}

func kindFromName(name string) string {
	base := strings.ToLower(name)
	switch {
	case strings.Contains(base, "credential"), strings.Contains(base, "course"), strings.Contains(base, "badge"):
		return "credential"
	case strings.Contains(base, "posting"), strings.Contains(base, "job"):
		return "posting"
	}
	return ""
}

// credentialFields and postingFields tell the kinds apart by their keys.
var (
	credentialKeys = []string{"provider", "learning_outcomes", "hours", "price", "mode", "level", "rating", "prerequisites"}
	postingKeys    = []string{"organization", "date_posted", "valid_through", "location", "salary", "employment_type", "occupational_category"}
)

// add decodes one line as a posting or a credential.
func (in *ingester) add(line []byte, hint string, at lineRef) error {
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(line, &keys); err != nil {
		return fmt.Errorf("not a JSON object: %w", err)
	}
	kind := hint
	cred, post := 0, 0
	for _, k := range credentialKeys {
		if _, ok := keys[k]; ok {
			cred++
		}
	}
	for _, k := range postingKeys {
		if _, ok := keys[k]; ok {
			post++
		}
	}
	switch {
	case cred > post:
		kind = "credential"
	case post > cred:
		kind = "posting"
	}
	if kind == "" {
		kind = "posting"
	}
	if kind == "credential" {
		var c skillmatch.Credential
		if err := json.Unmarshal(line, &c); err != nil {
			return fmt.Errorf("credential: %w", err)
		}
		in.cs, in.cRefs = append(in.cs, c), append(in.cRefs, at)
		return nil
	}
	var p skillmatch.Posting
	if err := json.Unmarshal(line, &p); err != nil {
		return fmt.Errorf("posting: %w", err)
	}
	in.ps, in.pRefs = append(in.ps, p), append(in.pRefs, at)
	return nil
}

func (in *ingester) flush(ctx context.Context) error {
	if len(in.ps) > 0 {
		st, err := in.ix.AddPostings(ctx, in.ps)
		merge(&in.postings, st)
		for _, e := range st.Errors {
			in.errs = append(in.errs, ingestErr{at: in.pRefs[e.Index], id: e.ID, msg: e.Err})
		}
		in.ps, in.pRefs = in.ps[:0], in.pRefs[:0]
		if err != nil {
			return err
		}
	}
	if len(in.cs) > 0 {
		st, err := in.ix.AddCredentials(ctx, in.cs)
		merge(&in.credentials, st)
		for _, e := range st.Errors {
			in.errs = append(in.errs, ingestErr{at: in.cRefs[e.Index], id: e.ID, msg: e.Err})
		}
		in.cs, in.cRefs = in.cs[:0], in.cRefs[:0]
		if err != nil {
			return err
		}
	}
	return nil
}

func merge(dst *index.IngestStats, st index.IngestStats) {
	dst.Received += st.Received
	dst.Added += st.Added
	dst.Updated += st.Updated
	dst.Failed += st.Failed
	dst.Elapsed += st.Elapsed
}

func (in *ingester) report(w io.Writer, show int) {
	el := time.Since(in.start)
	fmt.Fprintf(w, "postings:    %d added, %d updated, %d failed\n", in.postings.Added, in.postings.Updated, in.postings.Failed)
	fmt.Fprintf(w, "credentials: %d added, %d updated, %d failed\n", in.credentials.Added, in.credentials.Updated, in.credentials.Failed)
	n := in.postings.Received + in.credentials.Received
	fmt.Fprintf(w, "%d records in %s (%.0f records/s)\n", n, el.Round(time.Millisecond), float64(n)/el.Seconds())
	for i, e := range in.errs {
		if i == show {
			fmt.Fprintf(w, "... and %d more errors\n", len(in.errs)-show)
			break
		}
		id := ""
		if e.id != "" {
			id = fmt.Sprintf(" (id %q)", e.id)
		}
		fmt.Fprintf(w, "%s:%d%s: %s\n", e.at.file, e.at.line, id, e.msg)
	}
}
