package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/skillmatch/skillmatch"
	"github.com/skillmatch/skillmatch/index"
	"github.com/skillmatch/skillmatch/match"
)

func init() { rootCmd.AddCommand(exportCmd()) }

// Export columns. Every row carries the taxonomy and extractor versions.
var (
	postingColumns = []string{"id", "source", "url", "title", "organization", "country", "region", "locality", "remote",
		"date_posted", "occupation_id", "occupation_title", "occupation_confidence", "salary_annual", "salary_currency",
		"skills", "required", "preferred", "taxonomy_version", "extractor_version"}
	mentionColumns = []string{"posting_id", "skill_id", "label", "type", "uri", "surface", "start", "end", "section", "level",
		"confidence", "years", "negated", "implied", "taxonomy_version", "extractor_version"}
	demandColumns = []string{"month", "occupation", "n", "skill_id", "label", "count", "share", "required", "preferred",
		"taxonomy_version", "extractor_version"}
)

// recordWriter writes rows as CSV (with a header) or as JSON lines.
type recordWriter struct {
	csv  *csv.Writer
	json *json.Encoder
}

func newRecordWriter(w io.Writer, format string, header []string) (*recordWriter, error) {
	switch format {
	case "csv":
		cw := csv.NewWriter(w)
		return &recordWriter{csv: cw}, cw.Write(header)
	case "jsonl":
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return &recordWriter{json: enc}, nil
	}
	return nil, fmt.Errorf("--format %q: want csv or jsonl", format)
}

// write emits one row: fields for CSV, v for JSON lines.
func (rw *recordWriter) write(fields []string, v any) error {
	if rw.csv != nil {
		return rw.csv.Write(fields)
	}
	return rw.json.Encode(v)
}

func (rw *recordWriter) flush() error {
	if rw.csv != nil {
		rw.csv.Flush()
		return rw.csv.Error()
	}
	return nil
}

func f64(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

func exportCmd() *cobra.Command {
	var (
		df           *dataFlags
		what, format string
		out          string
	)
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Export postings, skill mentions or demand aggregates as CSV or JSON lines",
		Long: `export streams the index for pandas, R or DuckDB:

  --what postings  one row per posting: metadata, occupation, annual salary,
                   skills (|-joined IDs), required, preferred
  --what mentions  one row per skill mention with code-point offsets into the
                   description, section, level, confidence, negation
  --what demand    one row per (month, occupation, skill): n postings of the
                   month and occupation, count and share mentioning the skill

Every row carries the taxonomy and extractor versions. CSV has a header row.`,
		Example: `  skillmatch export --data idx --what demand --format csv --out demand.csv
  skillmatch export --data idx --what mentions --format jsonl | head`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) (err error) {
			var header []string
			switch what {
			case "postings":
				header = postingColumns
			case "mentions":
				header = mentionColumns
			case "demand":
				header = demandColumns
			default:
				return fmt.Errorf("--what %q: want postings, mentions or demand", what)
			}
			if format != "csv" && format != "jsonl" {
				return fmt.Errorf("--format %q: want csv or jsonl", format)
			}
			ix, err := df.open(cmd)
			if err != nil {
				return err
			}
			defer ix.Close()
			var w io.Writer = cmd.OutOrStdout()
			if out != "" && out != "-" {
				f, err := os.Create(out)
				if err != nil {
					return err
				}
				defer func() {
					if cerr := f.Close(); err == nil {
						err = cerr
					}
					if err != nil {
						os.Remove(out)
					}
				}()
				w = f
			}
			bw := bufio.NewWriterSize(w, 1<<16)
			rw, err := newRecordWriter(bw, format, header)
			if err != nil {
				return err
			}
			switch what {
			case "postings", "mentions":
				err = exportPostings(cmd, ix, rw, what == "mentions")
			case "demand":
				err = exportDemand(cmd, ix, rw)
			}
			if err != nil {
				return err
			}
			if err := rw.flush(); err != nil {
				return err
			}
			return bw.Flush()
		},
	}
	df = addDataFlags(cmd)
	cmd.Flags().StringVar(&what, "what", "postings", "postings, mentions or demand")
	cmd.Flags().StringVar(&format, "format", "csv", "csv or jsonl")
	cmd.Flags().StringVar(&out, "out", "", "output file (default standard output)")
	return cmd
}

type mentionRow struct {
	PostingID string `json:"posting_id"`
	skillmatch.Mention
	TaxonomyVersion  string `json:"taxonomy_version"`
	ExtractorVersion string `json:"extractor_version"`
}

// exportPostings streams one stored posting at a time.
func exportPostings(cmd *cobra.Command, ix *index.Index, rw *recordWriter, mentions bool) error {
	t := ix.Snapshot()
	for _, r := range t.Rows() {
		if err := cmd.Context().Err(); err != nil {
			return err
		}
		id := t.PostingID(r.Num)
		d, err := ix.Posting(id)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		if mentions {
			for _, m := range d.Mentions {
				fields := []string{d.ID, m.SkillID, m.Label, string(m.Type), m.URI, m.Surface, strconv.Itoa(m.Start), strconv.Itoa(m.End),
					string(m.Section), string(m.Level), f64(m.Confidence), f64(m.Years), strconv.FormatBool(m.Negated),
					strconv.FormatBool(m.Implied), d.TaxonomyVersion, d.ExtractorVersion}
				if err := rw.write(fields, mentionRow{d.ID, m, d.TaxonomyVersion, d.ExtractorVersion}); err != nil {
					return err
				}
			}
			continue
		}
		var occID, occTitle, occConf, date, sal, cur string
		if d.Occupation != nil {
			occID, occTitle, occConf = d.Occupation.ID, d.Occupation.Title, f64(d.Occupation.Confidence)
		}
		if !d.DatePosted.IsZero() {
			date = d.DatePosted.Format("2006-01-02")
		}
		if a, ok := d.Salary.Annual(); ok {
			sal, cur = f64(a), d.Salary.Currency
		}
		fields := []string{d.ID, d.Source, d.URL, d.Title, d.Organization.Name, d.Location.Country, d.Location.Region, d.Location.Locality,
			strconv.FormatBool(d.Location.Remote), date, occID, occTitle, occConf, sal, cur,
			strings.Join(d.Skills, "|"), strings.Join(d.Required, "|"), strings.Join(d.Preferred, "|"), d.TaxonomyVersion, d.ExtractorVersion}
		if err := rw.write(fields, d); err != nil {
			return err
		}
	}
	return nil
}

type demandRow struct {
	match.DemandCell
	TaxonomyVersion  string `json:"taxonomy_version"`
	ExtractorVersion string `json:"extractor_version"`
}

func exportDemand(cmd *cobra.Command, ix *index.Index, rw *recordWriter) error {
	d, err := match.NewIndexSource(ix).Dataset()
	if err != nil {
		return err
	}
	v := d.Versions()
	return d.DemandCells(cmd.Context(), func(c match.DemandCell) error {
		fields := []string{c.Month, c.Occupation, strconv.Itoa(c.N), c.SkillID, c.Label, strconv.Itoa(c.Count), f64(c.Share),
			strconv.Itoa(c.Required), strconv.Itoa(c.Preferred), v.Taxonomy, v.Extractor}
		return rw.write(fields, demandRow{c, v.Taxonomy, v.Extractor})
	})
}
