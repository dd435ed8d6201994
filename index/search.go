package index

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/skillmatch/skillmatch"
	"github.com/skillmatch/skillmatch/extract"
)

func clampPage(limit, offset int) (int, int) {
	if limit <= 0 {
		limit = 20
	}
	if limit > MaxLimit {
		limit = MaxLimit
	}
	if offset < 0 {
		offset = 0
	}
	return limit, offset
}

// resolveSkill returns a skill ID for an ID or a label; the input itself
// when the taxonomy knows neither (it then matches nothing, or skills of an
// older taxonomy still in the index).
func (ix *Index) resolveSkill(s string) string {
	t := ix.Taxonomy()
	if _, ok := t.Skill(s); ok {
		return s
	}
	if ss := t.ByLabel(s); len(ss) > 0 {
		return ss[0].ID
	}
	return s
}

func termQ(field, term string) query.Query {
	q := bleve.NewTermQuery(term)
	q.SetField(field)
	return q
}

func textQ(text string) query.Query {
	t := bleve.NewMatchQuery(text)
	t.SetField("title")
	t.SetBoost(2)
	d := bleve.NewMatchQuery(text)
	d.SetField("description")
	return bleve.NewDisjunctionQuery(t, d)
}

func conj(qs []query.Query) query.Query {
	if len(qs) == 0 {
		return bleve.NewMatchAllQuery()
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return bleve.NewConjunctionQuery(qs...)
}

// SearchPostings runs a BM25 text query on title and description with
// keyword filters and a date range. Without text, hits are newest first. A
// To date with no clock time includes that whole day.
func (ix *Index) SearchPostings(ctx context.Context, q PostingQuery) (PostingResults, error) {
	must, skill := ix.textAndSkill(q.Text, q.Skill)
	if q.Occupation != "" {
		must = append(must, termQ("occupation", q.Occupation))
	}
	if q.Location != "" {
		must = append(must, termQ("location", strings.ToLower(strings.TrimSpace(q.Location))))
	}
	if q.Source != "" {
		must = append(must, termQ("source", q.Source))
	}
	if !q.From.IsZero() || !q.To.IsZero() {
		to := q.To
		if !to.IsZero() && to.Equal(to.Truncate(24*time.Hour)) {
			to = to.Add(24*time.Hour - time.Nanosecond)
		}
		yes := true
		dq := bleve.NewDateRangeInclusiveQuery(q.From, to, &yes, &yes)
		dq.SetField("date")
		must = append(must, dq)
	}
	res, err := searchPage(ctx, ix.postings, must, q.Text, q.Limit, q.Offset, "-date", "_id")
	if err != nil {
		return PostingResults{}, fmt.Errorf("search postings: %w", err)
	}
	out := PostingResults{Total: int(res.Total), Hits: make([]PostingHit, 0, len(res.Hits))}
	terms := queryTerms(q.Text)
	for _, h := range res.Hits {
		d, err := ix.Posting(h.ID)
		if err != nil {
			continue // indexed in Bleve, store write still in flight
		}
		out.Hits = append(out.Hits, PostingHit{Doc: d, Score: h.Score, Snippet: snippetFor(d.Description, d.Mentions, skill, terms)})
	}
	return out, nil
}

// SearchCredentials runs a BM25 text query on title, description and
// outcomes with keyword and numeric filters. Without text, hits are ordered
// by rating, best first.
func (ix *Index) SearchCredentials(ctx context.Context, q CredentialQuery) (CredentialResults, error) {
	must, skill := ix.textAndSkill(q.Text, q.Skill)
	if q.Provider != "" {
		must = append(must, termQ("provider", Slug(q.Provider)))
	}
	for _, kv := range [][2]string{{"type", q.Type}, {"mode", q.Mode}, {"level", q.Level}} {
		if v := strings.ToLower(strings.TrimSpace(kv[1])); v != "" {
			must = append(must, termQ(kv[0], v))
		}
	}
	yes := true
	numQ := func(field string, lo, hi *float64) {
		nq := bleve.NewNumericRangeInclusiveQuery(lo, hi, &yes, &yes)
		nq.SetField(field)
		must = append(must, nq)
	}
	if q.MaxPrice > 0 {
		numQ("price", nil, &q.MaxPrice)
	}
	if q.MaxHours > 0 {
		numQ("hours", nil, &q.MaxHours)
	}
	if q.MinRating > 0 {
		numQ("rating", &q.MinRating, nil)
	}
	res, err := searchPage(ctx, ix.creds, must, q.Text, q.Limit, q.Offset, "-rating", "_id")
	if err != nil {
		return CredentialResults{}, fmt.Errorf("search credentials: %w", err)
	}
	out := CredentialResults{Total: int(res.Total), Hits: make([]CredentialHit, 0, len(res.Hits))}
	terms := queryTerms(q.Text)
	for _, h := range res.Hits {
		d, err := ix.Credential(h.ID)
		if err != nil {
			continue
		}
		text := d.Title + "\n" + d.Description
		if len(d.LearningOutcomes) > 0 {
			text += "\n" + strings.Join(d.LearningOutcomes, "\n")
		}
		out.Hits = append(out.Hits, CredentialHit{Doc: d, Score: h.Score, Snippet: snippetFor(text, d.Mentions, skill, terms)})
	}
	return out, nil
}

func queryTerms(text string) map[string]bool {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	m := map[string]bool{}
	for _, t := range Terms(text) {
		m[t] = true
	}
	return m
}

// Snippet window, in code points around the highlighted span.
const (
	snippetBefore = 80
	snippetAfter  = 140
)

// snippetFor cuts an excerpt of text around the first mention of skill (a
// non-negated one if any), else around the first word matching a query
// term, else the beginning. Mention offsets are code points into text.
func snippetFor(text string, ms []skillmatch.Mention, skill string, terms map[string]bool) Snippet {
	start, end := -1, -1
	if skill != "" {
		for _, m := range ms {
			if m.SkillID == skill && !m.Implied && (start < 0 || !m.Negated) {
				start, end = m.Start, m.End
				if !m.Negated {
					break
				}
			}
		}
	}
	if start < 0 && len(terms) > 0 {
		start, end = bestTermRun(text, terms)
	}
	runes := []rune(text)
	if start < 0 || end > len(runes) || start > end {
		n := min(len(runes), snippetBefore+snippetAfter)
		s := strings.TrimSpace(string(runes[:n]))
		if n < len(runes) {
			s += "…"
		}
		return Snippet{Text: collapse(s)}
	}
	lo, hi := max(0, start-snippetBefore), min(len(runes), end+snippetAfter)
	// Move the cut to a word boundary.
	for lo > 0 && lo < start && runes[lo-1] != ' ' && runes[lo-1] != '\n' {
		lo++
	}
	for hi < len(runes) && hi > end && runes[hi] != ' ' && runes[hi] != '\n' {
		hi--
	}
	pre, mid, post := collapse(string(runes[lo:start])), string(runes[start:end]), collapse(string(runes[end:hi]))
	if lo > 0 {
		pre = "…" + pre
	}
	if hi < len(runes) {
		post += "…"
	}
	s := utf8.RuneCountInString(pre)
	return Snippet{Text: pre + mid + post, Start: s, End: s + utf8.RuneCountInString(mid)}
}

// bestTermRun returns the code-point span of the run of adjacent words
// matching query terms that covers the most distinct terms (earliest on a
// tie), so "data engineer" highlights "Data Engineer" rather than the first
// "Data"; -1, -1 when no word matches.
func bestTermRun(text string, terms map[string]bool) (start, end int) {
	start, end = -1, -1
	best := 0
	toks := extract.Tokenize(text)
	for i := 0; i < len(toks); {
		if !terms[toks[i].Norm] {
			i++
			continue
		}
		j := i
		distinct := map[string]bool{}
		for j < len(toks) {
			if terms[toks[j].Norm] {
				distinct[toks[j].Norm] = true
				j++
				continue
			}
			// A stop word between two matching words stays inside the run ("Head of Data").
			if stopWords[toks[j].Norm] && j+1 < len(toks) && terms[toks[j+1].Norm] {
				j++
				continue
			}
			break
		}
		if len(distinct) > best {
			best, start, end = len(distinct), toks[i].Start, toks[j-1].End
		}
		i = j
	}
	return start, end
}

// collapse turns newlines and runs of spaces into single spaces, keeping a
// single leading or trailing space.
func collapse(s string) string {
	if !strings.ContainsAny(s, "\n\r\t") && !strings.Contains(s, "  ") {
		return s
	}
	var b strings.Builder
	sp := false
	for _, r := range s {
		if r == ' ' || r == '\n' || r == '\r' || r == '\t' {
			if !sp {
				b.WriteByte(' ')
			}
			sp = true
			continue
		}
		sp = false
		b.WriteRune(r)
	}
	return b.String()
}

// searchPage runs the conjunction of must on idx for one page: BM25 order
// when there is text, else the order of sortBy.
func searchPage(ctx context.Context, idx bleve.Index, must []query.Query, text string, limit, offset int, sortBy ...string) (*bleve.SearchResult, error) {
	limit, offset = clampPage(limit, offset)
	req := bleve.NewSearchRequestOptions(conj(must), limit, offset, false)
	if strings.TrimSpace(text) == "" {
		req.SortBy(sortBy)
	}
	return idx.SearchInContext(ctx, req)
}

// textAndSkill starts a search's clauses: BM25 text when there is any, and
// the skill (resolved to its ID) when one is given. It returns the resolved
// skill ID too, for the snippet.
func (ix *Index) textAndSkill(text, skill string) (must []query.Query, skillID string) {
	if strings.TrimSpace(text) != "" {
		must = append(must, textQ(text))
	}
	if skill != "" {
		skillID = ix.resolveSkill(skill)
		must = append(must, termQ("skills", skillID))
	}
	return must, skillID
}
