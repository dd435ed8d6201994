package eval

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// WriteText prints r as a readable report.
func (r *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "gold:      %s (%s, %d items)\n", r.Gold, r.Kind, r.Items)
	if r.Skipped > 0 {
		fmt.Fprintf(&b, "skipped:   %d rows whose candidate is null (not located in the text)\n", r.Skipped)
	}
	if r.Taxonomy != "" {
		fmt.Fprintf(&b, "taxonomy:  %s   min-confidence %.2f   retrieve %v", r.Taxonomy, r.MinConfidence, r.Retrieve)
		if r.Retrieve {
			fmt.Fprintf(&b, " (implicit mentions from %.2f)", r.ImplicitMinConfidence)
		}
		b.WriteByte('\n')
	}
	prf := func(name string, p PRF) {
		fmt.Fprintf(&b, "  %-22s P %.3f  R %.3f  F1 %.3f   (%d/%d predictions correct, %d/%d gold found)\n",
			name, p.Precision, p.Recall, p.F1, p.Correct, p.Predicted, p.Found, p.Gold)
	}
	switch {
	case r.Span != nil:
		s := r.Span
		b.WriteString("spans (predictions deduplicated by offsets):\n")
		prf("strict, all", s.Strict)
		prf("overlap, all", s.Overlap)
		for _, c := range sortedKeys(s.StrictByType) {
			prf("strict, "+c, s.StrictByType[c])
			prf("overlap, "+c, s.OverlapByType[c])
		}
		b.WriteString("  type-blind recall by gold class:\n")
		for _, c := range sortedKeys(s.StrictByType) {
			fmt.Fprintf(&b, "    %-10s strict %.3f  overlap %.3f\n", c, s.RecallByType[c]["strict"], s.RecallByType[c]["overlap"])
		}
		fmt.Fprintf(&b, "items with no gold span: %d, with any mention: %d (%.1f%%)\n",
			s.NoGold.Items, s.NoGold.WithMent, 100*s.NoGold.Rate)
	case r.ESCO != nil:
		s := r.ESCO
		b.WriteString("ESCO concepts per sentence:\n")
		prf("micro", s.Micro)
		fmt.Fprintf(&b, "  R-Precision@5          %.3f   (over %d sentences with a gold URI)\n", s.RPrecision5, s.RPItems)
		fmt.Fprintf(&b, "  sentences with no gold URI: %d, with a predicted URI: %d; mentions without URI: %d\n",
			s.NoGold.Items, s.NoGold.WithMent, s.NoURI)
	case r.Soft != nil:
		for _, x := range []struct {
			name string
			r    SoftResult
		}{{"any mention", r.Soft.AnyMention}, {"soft-typed mention", r.Soft.SoftTyped}} {
			fmt.Fprintf(&b, "soft-skill class, positive = %s overlaps the candidate:\n", x.name)
			prf("soft", x.r.PRF)
			fmt.Fprintf(&b, "  accuracy %.3f   (tp %d fp %d fn %d tn %d)\n", x.r.Accuracy, x.r.TP, x.r.FP, x.r.FN, x.r.TN)
		}
	}
	sp := r.Speed
	fmt.Fprintf(&b, "speed: %d docs, %.2f MB in %.3f s on %d workers: %.0f docs/s, %.2f MB/s (%.2f MB/s per core)\n",
		sp.Documents, float64(sp.Bytes)/1e6, sp.WallSeconds, sp.Workers, sp.DocsPerSec, sp.MBPerSec, sp.MBPerSecPerCore)
	cases := func(title string, cs []Case) {
		if len(cs) == 0 {
			return
		}
		fmt.Fprintf(&b, "\n%s:\n", title)
		for _, c := range cs {
			fmt.Fprintf(&b, "- %s", c.ID)
			if c.End > c.Start {
				fmt.Fprintf(&b, " [%d,%d) %q", c.Start, c.End, c.Surface)
			}
			if c.Label != "" {
				fmt.Fprintf(&b, " -> %s", c.Label)
			}
			if c.Type != "" {
				fmt.Fprintf(&b, " (%s)", c.Type)
			}
			if c.Conf > 0 {
				fmt.Fprintf(&b, " conf %.2f", c.Conf)
			}
			if c.URI != "" {
				fmt.Fprintf(&b, " %s", c.URI)
			}
			fmt.Fprintf(&b, "\n    %s\n", c.Text)
		}
	}
	cases("false positives", r.FalsePositives)
	cases("misses", r.Misses)
	_, err := io.WriteString(w, b.String())
	return err
}

func sortedKeys(m map[string]PRF) []string {
	var out []string
	for _, c := range []string{"Skill", "Knowledge"} {
		if _, ok := m[c]; ok {
			out = append(out, c)
		}
	}
	var rest []string
	for c := range m {
		if c != "Skill" && c != "Knowledge" {
			rest = append(rest, c)
		}
	}
	sort.Strings(rest)
	return append(out, rest...)
}
