// Command skillmatch turns job postings and education catalogs into evidence
// about skills: it crawls, extracts, indexes and answers demand, learner and
// provider questions from the CLI, an HTTP API and a web page.
//
// Each subcommand lives in a file of its own in this package and adds itself
// to rootCmd from init; this package only wires the library packages together.
package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/skillmatch/skillmatch/taxonomy"
)

var rootCmd = &cobra.Command{
	Use:   "skillmatch",
	Short: "Skills evidence from job postings and credential catalogs",
	Long: `skillmatch crawls job postings and education-provider catalogs, extracts the
skills they mention against a skills taxonomy (a bundled default, ESCO, O*NET
or your own), indexes them, and answers three questions:

  researchers: which skills are in demand, where, for which roles, and how that changes
  learners:    which credentials close my gap for a target role, in which order
  providers:   which in-demand skills my catalog does not teach, and who does

Run "skillmatch serve" for the web page and HTTP API on the embedded sample corpus.`,
	SilenceUsage:  true,
	SilenceErrors: true,
}

func main() {
	if err := rootCmd.Execute(); err != nil {
		fmt.Fprintln(os.Stderr, "skillmatch:", err)
		os.Exit(1)
	}
}

// taxonomyFlagHelp documents the --taxonomy flag the same way everywhere.
const taxonomyFlagHelp = `taxonomy spec: "default", "esco:DIR", "onet:DIR", "file:PATH", or layers joined by commas (merged left to right)`

// addTaxonomyFlag registers --taxonomy on cmd and returns where its value lands.
func addTaxonomyFlag(cmd *cobra.Command) *string {
	spec := new(string)
	cmd.Flags().StringVar(spec, "taxonomy", "default", taxonomyFlagHelp)
	return spec
}

// loadTaxonomy loads spec and reports how many rows were skipped, so that
// nothing half-loaded is used silently.
func loadTaxonomy(spec string) (*taxonomy.Taxonomy, error) {
	t, err := taxonomy.Load(spec)
	if err != nil {
		return nil, err
	}
	if n := len(t.Problems()); n > 0 {
		fmt.Fprintf(os.Stderr, "skillmatch: taxonomy %s loaded with %d problems (run \"skillmatch taxonomy validate --taxonomy %s\" to list them)\n", t.Version, n, spec)
	}
	return t, nil
}
