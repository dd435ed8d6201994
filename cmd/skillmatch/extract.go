package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/skillmatch/skillmatch"
	"github.com/skillmatch/skillmatch/extract"
)

func init() { rootCmd.AddCommand(extractCmd()) }

// extractMaxLine is the longest JSONL input line accepted (one posting).
const extractMaxLine = 64 << 20

func extractCmd() *cobra.Command {
	var (
		format       string
		minConf      float64
		occupation   string
		includeAbout bool
		asJSON       bool
		retrieve     bool
		workers      int
		spec         *string
	)
	cmd := &cobra.Command{
		Use:   "extract [FILE|-]",
		Short: "Find skill mentions in a posting or course text (text, HTML or JSONL)",
		Long: `extract finds the skills a text mentions, against the chosen taxonomy.

  --format text   the input is one plain-text document (default)
  --format html   the input is one HTML document; offsets refer to the HTML
  --format jsonl  each line is {"id": ..., "text": ..., "html": false}; each output
                  line is {"id": ..., "mentions": [...], "implied": [...], "skills": [...]}
                  in input order, extracted on all cores

Offsets (start, end) are Unicode code points into the input document,
end-exclusive. Mentions below --min-confidence, and mentions in company-blurb,
benefits and equal-opportunity text (unless --include-about), are left out.
Negated mentions ("no SQL needed") are kept with "negated": true but are not
counted in the per-skill summary.`,
		Args:          cobra.MaximumNArgs(1),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			in := io.Reader(cmd.InOrStdin())
			name := "-"
			if len(args) == 1 && args[0] != "-" {
				f, err := os.Open(args[0])
				if err != nil {
					return err
				}
				defer f.Close()
				in, name = f, args[0]
			}
			if minConf == 0 {
				minConf = -1 // 0 asks for everything; Options uses 0 for "the default"
			}
			tax, err := loadTaxonomy(*spec)
			if err != nil {
				return err
			}
			ex, err := extract.New(tax, extract.Options{MinConfidence: minConf, Occupation: occupation,
				IncludeAbout: includeAbout, Retrieve: retrieve})
			if err != nil {
				return err
			}
			out := bufio.NewWriterSize(cmd.OutOrStdout(), 1<<16)
			defer out.Flush()
			switch format {
			case "text", "html":
				data, err := io.ReadAll(in)
				if err != nil {
					return fmt.Errorf("reading %s: %w", name, err)
				}
				res := ex.Extract(extract.Document{Text: string(data), HTML: format == "html"})
				if asJSON {
					enc := json.NewEncoder(out)
					enc.SetIndent("", "  ")
					return enc.Encode(res)
				}
				return printExtractTable(out, res)
			case "jsonl":
				if workers <= 0 {
					workers = runtime.GOMAXPROCS(0)
				}
				bad, err := extractJSONL(in, out, ex, workers)
				if err != nil {
					return fmt.Errorf("%s: %w", name, err)
				}
				if bad > 0 {
					out.Flush()
					return fmt.Errorf("%s: %d lines could not be read; their output lines carry an \"error\" field", name, bad)
				}
				return nil
			}
			return fmt.Errorf("unknown --format %q (want text, html or jsonl)", format)
		},
	}
	spec = addTaxonomyFlag(cmd)
	cmd.Flags().StringVar(&format, "format", "text", "input format: text, html or jsonl")
	cmd.Flags().Float64Var(&minConf, "min-confidence", extract.DefaultMinConfidence, "drop mentions below this confidence (0 keeps everything)")
	cmd.Flags().StringVar(&occupation, "occupation", "", "keep only skills linked to this taxonomy occupation ID (and their narrower skills)")
	cmd.Flags().BoolVar(&includeAbout, "include-about", false, "keep mentions in company-blurb, benefits and EEO text (flagged section \"about\")")
	cmd.Flags().BoolVar(&asJSON, "json", false, "text and html formats: print the result as JSON instead of a table")
	cmd.Flags().BoolVar(&retrieve, "retrieve", false, "also rank concepts for sentences with no literal label (implicit mentions; useful with ESCO)")
	cmd.Flags().IntVar(&workers, "workers", 0, "jsonl: parallel workers (default: all cores)")
	return cmd
}

// printExtractTable prints mentions, implied skills and the per-skill summary.
func printExtractTable(w io.Writer, res extract.Result) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "START\tEND\tSKILL\tLABEL\tCONF\tSECTION\tLEVEL\tYEARS\tNEG\tTEXT")
	for _, m := range res.Mentions {
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%.2f\t%s\t%s\t%s\t%s\t%s\n", m.Start, m.End, m.SkillID, m.Label,
			m.Confidence, m.Section, m.Level, extractYears(m.Years), extractYesNo(m.Negated), extractClip(m.Surface, 60))
	}
	if len(res.Mentions) == 0 {
		fmt.Fprintln(tw, "(no mentions)")
	}
	if len(res.Implied) > 0 {
		fmt.Fprintln(tw, "\nIMPLIED\tLABEL\tCONF\tFROM")
		for _, m := range res.Implied {
			fmt.Fprintf(tw, "%s\t%s\t%.2f\t%s\n", m.SkillID, m.Label, m.Confidence, extractClip(m.Surface, 60))
		}
	}
	if len(res.Skills) > 0 {
		fmt.Fprintln(tw, "\nSKILL\tLABEL\tCOUNT\tBEST\tLEVEL\tFIRST EVIDENCE")
		for _, s := range res.Skills {
			fmt.Fprintf(tw, "%s\t%s\t%d\t%.2f\t%s\t%s\n", s.SkillID, s.Label, s.Count, s.BestConfidence, s.Level, extractClip(s.FirstEvidence, 60))
		}
	}
	return tw.Flush()
}

func extractYears(y float64) string {
	if y == 0 {
		return "-"
	}
	return strings.TrimSuffix(fmt.Sprintf("%.1f", y), ".0")
}

func extractYesNo(b bool) string {
	if b {
		return "yes"
	}
	return "-"
}

func extractClip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// extractLine is one JSONL input line; other fields are ignored.
type extractLine struct {
	ID   json.RawMessage `json:"id"`
	Text *string         `json:"text"`
	HTML bool            `json:"html"`
}

// extractOut is one JSONL output line.
type extractOut struct {
	ID       json.RawMessage        `json:"id"`
	Mentions []skillmatch.Mention   `json:"mentions"`
	Implied  []skillmatch.Mention   `json:"implied,omitempty"`
	Skills   []extract.SkillSummary `json:"skills"`
	Error    string                 `json:"error,omitempty"`
}

// extractJSONL extracts every line of in on workers goroutines and writes
// the results in input order. It returns how many lines were unreadable.
func extractJSONL(in io.Reader, out io.Writer, ex *extract.Extractor, workers int) (int, error) {
	type job struct {
		n    int
		line []byte
		done chan extractDone
	}
	jobs := make(chan job, workers*4)
	order := make(chan job, workers*4)
	badc := make(chan int, 1)
	for w := 0; w < workers; w++ {
		go func() {
			for j := range jobs {
				j.done <- extractOneLine(ex, j.n, j.line)
			}
		}()
	}
	writeErr := make(chan error, 1)
	go func() {
		bad := 0
		var err error
		for j := range order {
			d := <-j.done
			if d.bad {
				bad++
			}
			if err == nil {
				_, err = out.Write(d.line)
			}
		}
		badc <- bad
		writeErr <- err
	}()
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), extractMaxLine)
	n := 0
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		j := job{n: n, line: append([]byte(nil), line...), done: make(chan extractDone, 1)}
		order <- j
		jobs <- j
	}
	close(jobs)
	close(order)
	bad := <-badc
	if err := <-writeErr; err != nil {
		return bad, fmt.Errorf("writing output: %w", err)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return bad, fmt.Errorf("line %d: longer than %d MiB", n+1, extractMaxLine>>20)
		}
		return bad, fmt.Errorf("line %d: %w", n+1, err)
	}
	return bad, nil
}

// extractDone is one output line and whether its input was unreadable.
type extractDone struct {
	line []byte
	bad  bool
}

// extractOneLine extracts one JSONL line and returns its output line.
func extractOneLine(ex *extract.Extractor, n int, line []byte) extractDone {
	var in extractLine
	o := extractOut{Mentions: []skillmatch.Mention{}, Skills: []extract.SkillSummary{}}
	if err := json.Unmarshal(line, &in); err != nil {
		o.ID = json.RawMessage(fmt.Sprint(n))
		o.Error = fmt.Sprintf("line %d: %v", n, err)
	} else {
		o.ID = in.ID
		if len(o.ID) == 0 {
			o.ID = json.RawMessage(fmt.Sprint(n)) // no id: the line number
		}
		if in.Text == nil {
			o.Error = fmt.Sprintf("line %d: no \"text\" field", n)
		} else {
			res := ex.Extract(extract.Document{Text: *in.Text, HTML: in.HTML})
			if res.Mentions != nil {
				o.Mentions = res.Mentions
			}
			if res.Skills != nil {
				o.Skills = res.Skills
			}
			o.Implied = res.Implied
		}
	}
	b, err := json.Marshal(o)
	if err != nil { // cannot happen with these types; keep the line anyway
		b = []byte(fmt.Sprintf(`{"id":%d,"mentions":[],"skills":[],"error":%q}`, n, err.Error()))
	}
	return extractDone{line: append(b, '\n'), bad: o.Error != ""}
}
