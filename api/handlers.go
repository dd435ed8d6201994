package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/skillmatch/skillmatch"
	"github.com/skillmatch/skillmatch/extract"
	"github.com/skillmatch/skillmatch/index"
	"github.com/skillmatch/skillmatch/match"
	"github.com/skillmatch/skillmatch/taxonomy"
)

func contextWithTimeout(r *http.Request, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(r.Context(), d)
}

func (s *Server) params(r *http.Request) *params { return &params{q: r.URL.Query()} }

// pathID returns a path parameter, URL-unescaped (IDs such as ESCO URIs
// arrive with %2F for their slashes).
func pathID(r *http.Request, name string) (string, error) {
	raw := chi.URLParam(r, name)
	id, err := url.PathUnescape(raw)
	if err != nil || strings.TrimSpace(id) == "" {
		return "", badParam("%s %q is not a valid escaped ID", name, raw)
	}
	return id, nil
}

// versions returns the taxonomy and extractor versions of the served data.
func (s *Server) versions() match.Versions {
	tv, ev := s.ix.Versions()
	if tv == "" {
		tv = s.ix.Taxonomy().Version
	}
	if ev == "" {
		ev = extract.Version
	}
	return match.Versions{Taxonomy: tv, Extractor: ev}
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	t := s.ix.Snapshot()
	n, c := 0, 0
	if t != nil {
		n, c = t.Len(), len(t.Credentials())
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "postings": n, "credentials": c, "versions": s.versions()})
}

// requireJSON checks the request's content type against the allowed ones.
func requireJSON(r *http.Request, allowed ...string) error {
	ct := r.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if err == nil {
		for _, a := range allowed {
			if mt == a {
				return nil
			}
		}
	}
	return &Error{Status: http.StatusUnsupportedMediaType, Code: CodeUnsupportedType,
		Msg: "Content-Type " + ct + " is not supported; send " + strings.Join(allowed, " or ")}
}

type extractRequest struct {
	Text     string `json:"text"`
	HTML     string `json:"html"`
	Taxonomy string `json:"taxonomy"`
}

type extractResponse struct {
	extract.Result
	Versions match.Versions `json:"versions"`
}

func (s *Server) extract(w http.ResponseWriter, r *http.Request) error {
	if err := requireJSON(r, "application/json"); err != nil {
		return err
	}
	var req extractRequest
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return badParam("body is not a JSON object {\"text\"|\"html\", \"taxonomy\"?}: %v", err)
	}
	if dec.More() {
		return badParam("body has data after the JSON object")
	}
	ex := s.ix.Extractor()
	tv := ex.Taxonomy().Version
	if req.Taxonomy != "" && req.Taxonomy != "default" && req.Taxonomy != tv {
		return badParam("taxonomy %q is not the one this server has loaded (%s)", req.Taxonomy, tv)
	}
	if (req.Text == "") == (req.HTML == "") {
		return badParam("give exactly one of text and html")
	}
	doc := extract.Document{Text: req.Text}
	if req.HTML != "" {
		doc = extract.Document{Text: req.HTML, HTML: true}
	}
	res := ex.Extract(doc)
	if res.Mentions == nil {
		res.Mentions = []skillmatch.Mention{}
	}
	if res.Skills == nil {
		res.Skills = []extract.SkillSummary{}
	}
	writeJSON(w, http.StatusOK, extractResponse{Result: res, Versions: match.Versions{Taxonomy: tv, Extractor: extract.Version}})
	return nil
}

type skillOut struct {
	ID          string               `json:"id"`
	Label       string               `json:"label"`
	Type        skillmatch.SkillType `json:"type"`
	Category    string               `json:"category,omitempty"`
	Sector      string               `json:"sector,omitempty"`
	AltLabels   []string             `json:"alt_labels,omitempty"`
	Broader     []string             `json:"broader,omitempty"`
	Narrower    []string             `json:"narrower,omitempty"`
	Related     []string             `json:"related,omitempty"`
	URIs        []string             `json:"uris,omitempty"`
	Description string               `json:"description,omitempty"`
	Occupations []string             `json:"occupations,omitempty"`
}

func skillView(t *taxonomy.Taxonomy, sk *taxonomy.Skill, full bool) skillOut {
	o := skillOut{ID: sk.ID, Label: sk.Label, Type: sk.Type, Category: sk.Category, Sector: sk.Sector}
	if full {
		o.AltLabels, o.Broader, o.Narrower, o.Related = sk.AltLabels(), sk.Broader, t.Narrower(sk.ID), sk.Related
		o.URIs, o.Description, o.Occupations = sk.URIs, sk.Description, t.OccupationsOf(sk.ID)
	}
	return o
}

func (s *Server) skills(w http.ResponseWriter, r *http.Request) error {
	p := s.params(r)
	q, limit := p.str("q"), p.limit(DefaultLimit)
	if p.err != nil {
		return p.err
	}
	t := s.ix.Taxonomy()
	var hits []*taxonomy.Skill
	if q == "" {
		hits = t.Skills()
		if len(hits) > limit {
			hits = hits[:limit]
		}
	} else {
		hits = t.Prefix(q, limit)
	}
	out := make([]skillOut, 0, len(hits))
	for _, sk := range hits {
		out = append(out, skillView(t, sk, false))
	}
	writeJSON(w, http.StatusOK, map[string]any{"q": q, "skills": out, "taxonomy": t.Version})
	return nil
}

func (s *Server) skill(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	t := s.ix.Taxonomy()
	sk, ok := t.Skill(id)
	if !ok {
		return notFound("skill %q is not in taxonomy %s", id, t.Version)
	}
	writeJSON(w, http.StatusOK, skillView(t, sk, true))
	return nil
}

func (s *Server) cooccurring(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := s.params(r)
	f := p.filter()
	sortBy := p.oneOf("sort", "count", "lift")
	minCount := p.integer("min_count", 2, 1, 1<<30)
	if p.err != nil {
		return p.err
	}
	if _, ok := s.ix.Taxonomy().Skill(id); !ok {
		return notFound("skill %q is not in taxonomy %s", id, s.ix.Taxonomy().Version)
	}
	res, err := s.eng.Cooccurring(r.Context(), id, f, sortBy, minCount)
	return reply(w, res, err)
}

type occupationOut struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	AltTitles []string `json:"alt_titles,omitempty"`
	Code      string   `json:"code,omitempty"`
	Sector    string   `json:"sector,omitempty"`
	Essential []string `json:"essential,omitempty"`
	Optional  []string `json:"optional,omitempty"`
}

func (s *Server) occupations(w http.ResponseWriter, r *http.Request) error {
	p := s.params(r)
	q, limit := p.str("q"), p.limit(DefaultLimit)
	if p.err != nil {
		return p.err
	}
	t := s.ix.Taxonomy()
	nq := taxonomy.NormalizeLabel(q)
	type scored struct {
		o    *taxonomy.Occupation
		rank int
	}
	var hits []scored
	var matched *skillmatch.OccupationRef
	if nq != "" {
		matched = s.ix.MatchOccupation(q)
	}
	for _, o := range t.Occupations() {
		rank := -1
		for _, title := range append([]string{o.Title}, o.AltTitles...) {
			nt := taxonomy.NormalizeLabel(title)
			switch {
			case nq == "":
				rank = 3
			case nt == nq:
				rank = 0
			case strings.HasPrefix(nt, nq) && (rank < 0 || rank > 1):
				rank = 1
			case strings.Contains(nt, nq) && (rank < 0 || rank > 2):
				rank = 2
			}
		}
		if rank < 0 && matched != nil && matched.ID == o.ID {
			rank = 2
		}
		if rank >= 0 {
			hits = append(hits, scored{o, rank})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].rank < hits[j].rank })
	if len(hits) > limit {
		hits = hits[:limit]
	}
	out := make([]occupationOut, 0, len(hits))
	for _, h := range hits {
		o := h.o
		out = append(out, occupationOut{ID: o.ID, Title: o.Title, AltTitles: o.AltTitles, Code: o.Code, Sector: o.Sector, Essential: o.Essential, Optional: o.Optional})
	}
	writeJSON(w, http.StatusOK, map[string]any{"q": q, "occupations": out, "taxonomy": t.Version})
	return nil
}

// evidence is one mention with the text around it, split so that a client
// can highlight it: Before + Match + After is an excerpt of the description.
type evidence struct {
	SkillID string           `json:"skill_id"`
	Label   string           `json:"label"`
	Level   skillmatch.Level `json:"level"`
	Section string           `json:"section"`
	Start   int              `json:"start"` // code points into the description
	End     int              `json:"end"`
	Before  string           `json:"before"`
	Match   string           `json:"match"`
	After   string           `json:"after"`
}

type postingOut struct {
	ID           string                    `json:"id"`
	Title        string                    `json:"title"`
	Organization string                    `json:"organization,omitempty"`
	Location     skillmatch.Location       `json:"location"`
	DatePosted   string                    `json:"date_posted,omitempty"`
	URL          string                    `json:"url,omitempty"`
	Source       string                    `json:"source"`
	Occupation   *skillmatch.OccupationRef `json:"occupation,omitempty"`
	Salary       *skillmatch.Salary        `json:"salary,omitempty"`
	Skills       []string                  `json:"skills"`
	Required     []string                  `json:"required,omitempty"`
	Preferred    []string                  `json:"preferred,omitempty"`
	Score        float64                   `json:"score,omitempty"`
	Snippet      *index.Snippet            `json:"snippet,omitempty"`
	Evidence     []evidence                `json:"evidence"`
	Description  string                    `json:"description,omitempty"`
	Versions     match.Versions            `json:"versions"`
}

const evidenceWindow = 60

// evidenceOf returns up to max mentions (of skill, when given) with context.
func evidenceOf(d *index.PostingDoc, skill string, max int) []evidence {
	runes := []rune(d.Description)
	out := []evidence{}
	seen := map[string]bool{}
	for _, m := range d.Mentions {
		if len(out) >= max {
			break
		}
		if m.Negated || (skill != "" && m.SkillID != skill) || (skill == "" && seen[m.SkillID]) {
			continue
		}
		if m.Start < 0 || m.End > len(runes) || m.Start >= m.End {
			continue
		}
		seen[m.SkillID] = true
		lo, hi := max0(m.Start-evidenceWindow), min(len(runes), m.End+evidenceWindow)
		out = append(out, evidence{SkillID: m.SkillID, Label: m.Label, Level: m.Level, Section: string(m.Section),
			Start: m.Start, End: m.End, Before: string(runes[lo:m.Start]), Match: string(runes[m.Start:m.End]), After: string(runes[m.End:hi])})
	}
	return out
}

func max0(x int) int {
	if x < 0 {
		return 0
	}
	return x
}

func (s *Server) postingView(d *index.PostingDoc, skill string, full bool) postingOut {
	o := postingOut{ID: d.ID, Title: d.Title, Organization: d.Organization.Name, Location: d.Location, URL: d.URL,
		Source: d.Source, Occupation: d.Occupation, Salary: d.Salary, Skills: d.Skills, Required: d.Required, Preferred: d.Preferred,
		Versions: match.Versions{Taxonomy: d.TaxonomyVersion, Extractor: d.ExtractorVersion}}
	if o.Skills == nil {
		o.Skills = []string{}
	}
	if !d.DatePosted.IsZero() {
		o.DatePosted = d.DatePosted.Format("2006-01-02")
	}
	n := 3
	if full {
		n = 1000
		o.Description = d.Description
	}
	o.Evidence = evidenceOf(d, skill, n)
	return o
}

func (s *Server) postings(w http.ResponseWriter, r *http.Request) error {
	p := s.params(r)
	q := index.PostingQuery{Text: p.str("q"), Skill: p.str("skill"), Occupation: p.str("occupation"), Location: p.str("location"),
		Source: p.str("source"), From: p.date("from"), To: p.date("to"), Limit: p.limit(DefaultLimit), Offset: p.offset()}
	if p.err != nil {
		return p.err
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.From.After(q.To) {
		return badParam("from is after to")
	}
	skill := ""
	if q.Skill != "" {
		t := s.ix.Taxonomy()
		if sk, ok := t.Skill(q.Skill); ok {
			skill = sk.ID
		} else if c := t.ByLabel(q.Skill); len(c) > 0 {
			skill = c[0].ID
		} else {
			return notFound("skill %q is not in taxonomy %s", q.Skill, t.Version)
		}
		q.Skill = skill
	}
	res, err := s.ix.SearchPostings(r.Context(), q)
	if err != nil {
		return err
	}
	hits := make([]postingOut, 0, len(res.Hits))
	for _, h := range res.Hits {
		o := s.postingView(h.Doc, skill, false)
		o.Score = h.Score
		sn := h.Snippet
		o.Snippet = &sn
		hits = append(hits, o)
	}
	writeJSON(w, http.StatusOK, map[string]any{"total": res.Total, "limit": q.Limit, "offset": q.Offset, "postings": hits, "versions": s.versions()})
	return nil
}

func (s *Server) posting(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.ix.Posting(id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.postingView(d, "", true))
	return nil
}

func (s *Server) demand(w http.ResponseWriter, r *http.Request) error {
	p := s.params(r)
	f := p.filter()
	if p.err != nil {
		return p.err
	}
	res, err := s.eng.Demand(r.Context(), f)
	return reply(w, res, err)
}

func (s *Server) trends(w http.ResponseWriter, r *http.Request) error {
	p := s.params(r)
	f := p.filter()
	skills := p.list("skill")
	interval := p.oneOf("interval", "month", "quarter")
	if p.err != nil {
		return p.err
	}
	if len(skills) == 0 {
		return badParam("give at least one skill (skill=a&skill=b or skill=a,b)")
	}
	res, err := s.eng.Trends(r.Context(), skills, f, interval)
	return reply(w, res, err)
}

func (s *Server) salary(w http.ResponseWriter, r *http.Request) error {
	p := s.params(r)
	f := p.filter()
	skill, cur := p.str("skill"), strings.ToUpper(p.str("currency"))
	if p.err != nil {
		return p.err
	}
	if skill == "" {
		return badParam("give a skill")
	}
	res, err := s.eng.SalaryPremium(r.Context(), skill, f, cur)
	return reply(w, res, err)
}

type credentialOut struct {
	skillmatch.Credential
	ProviderID string         `json:"provider_id"`
	Skills     []string       `json:"skills"`
	Score      float64        `json:"score,omitempty"`
	Snippet    index.Snippet  `json:"snippet"`
	Versions   match.Versions `json:"versions"`
}

func (s *Server) credentials(w http.ResponseWriter, r *http.Request) error {
	p := s.params(r)
	q := index.CredentialQuery{Text: p.str("q"), Skill: p.str("skill"), Provider: p.str("provider"),
		Type: p.oneOf("type", "course", "certificate", "badge", "program", "degree"),
		Mode: p.oneOf("mode", "online", "onsite", "blended"), Level: p.oneOf("level", "beginner", "intermediate", "advanced"),
		Limit: p.limit(DefaultLimit), Offset: p.offset()}
	q.MaxPrice, _ = p.float("max_price", 1e9)
	q.MaxHours, _ = p.float("max_hours", 1e6)
	q.MinRating, _ = p.float("min_rating", 5)
	if p.err != nil {
		return p.err
	}
	if q.Skill != "" {
		t := s.ix.Taxonomy()
		if _, ok := t.Skill(q.Skill); !ok && len(t.ByLabel(q.Skill)) == 0 {
			return notFound("skill %q is not in taxonomy %s", q.Skill, t.Version)
		}
	}
	res, err := s.ix.SearchCredentials(r.Context(), q)
	if err != nil {
		return err
	}
	out := make([]credentialOut, 0, len(res.Hits))
	for _, h := range res.Hits {
		d := h.Doc
		sk := d.Skills
		if sk == nil {
			sk = []string{}
		}
		out = append(out, credentialOut{Credential: d.Credential, ProviderID: d.ProviderID, Skills: sk, Score: h.Score, Snippet: h.Snippet,
			Versions: match.Versions{Taxonomy: d.TaxonomyVersion, Extractor: d.ExtractorVersion}})
	}
	writeJSON(w, http.StatusOK, map[string]any{"total": res.Total, "limit": q.Limit, "offset": q.Offset, "credentials": out})
	return nil
}

func (s *Server) matchRequest(r *http.Request) (match.MatchRequest, error) {
	p := s.params(r)
	f := p.filter()
	req := match.MatchRequest{Role: f.Role, Occupation: f.Occupation, Have: p.list("have"), Constraints: p.constraints(), Filter: f, Limit: f.Limit}
	if p.err != nil {
		return req, p.err
	}
	if req.Role == "" && req.Occupation == "" {
		return req, badParam("give a role (free text) or an occupation ID")
	}
	return req, nil
}

func (s *Server) match(w http.ResponseWriter, r *http.Request) error {
	req, err := s.matchRequest(r)
	if err != nil {
		return err
	}
	res, err := s.eng.Match(r.Context(), req)
	return reply(w, res, err)
}

func (s *Server) pathway(w http.ResponseWriter, r *http.Request) error {
	req, err := s.matchRequest(r)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("limit") == "" {
		req.Limit = 0
	}
	res, err := s.eng.Pathway(r.Context(), req)
	return reply(w, res, err)
}

func (s *Server) providers(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.eng.Providers()
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"providers": ps})
	return nil
}

// decodeRecords reads a JSON array or JSON lines of T from the body.
func decodeRecords[T any](w http.ResponseWriter, r *http.Request) ([]T, error) {
	if err := requireJSON(r, "application/json", "application/x-ndjson", "application/jsonl", "application/x-jsonlines"); err != nil {
		return nil, err
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if err != nil {
		return nil, err
	}
	trimmed := strings.TrimSpace(string(body))
	var out []T
	if strings.HasPrefix(trimmed, "[") {
		if err := json.Unmarshal([]byte(trimmed), &out); err != nil {
			return nil, badParam("body is not a JSON array of records: %v", err)
		}
		return out, nil
	}
	for i, line := range strings.Split(trimmed, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		var v T
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			return nil, badParam("line %d: %v", i+1, err)
		}
		out = append(out, v)
	}
	return out, nil
}

func (s *Server) ingestPostings(w http.ResponseWriter, r *http.Request) error {
	return ingest(w, r, func(p skillmatch.Posting) string { return p.ID }, s.ix.AddPostings)
}

func (s *Server) ingestCredentials(w http.ResponseWriter, r *http.Request) error {
	return ingest(w, r, func(c skillmatch.Credential) string { return c.ID }, s.ix.AddCredentials)
}

// ingest decodes records of T from the body, insists that each has an ID
// (the API does not invent IDs: a client re-sending a batch must update, not
// duplicate) and adds them with add.
func ingest[T any](w http.ResponseWriter, r *http.Request, idOf func(T) string,
	add func(context.Context, []T) (index.IngestStats, error)) error {
	recs, err := decodeRecords[T](w, r)
	if err != nil {
		return err
	}
	for i, rec := range recs {
		if strings.TrimSpace(idOf(rec)) == "" {
			return badParam("record %d has no id", i+1)
		}
	}
	// Ingestion is not cut short by the request timeout: a half-ingested
	// batch is harmless (idempotent) but wasteful.
	st, err := add(context.WithoutCancel(r.Context()), recs)
	return reply(w, st, err)
}

// reply writes res as JSON with status 200, or hands err to the error
// writer: the last step of every handler that answers with one value.
func reply[T any](w http.ResponseWriter, res T, err error) error {
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

// idAndFilter serves a route answered by one engine call on a path ID and
// the common filter parameters (/occupations/{id}/skills, /providers/{id}/gaps).
func idAndFilter[T any](s *Server, call func(context.Context, string, match.Filter) (T, error)) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		p := s.params(r)
		f := p.filter()
		if p.err != nil {
			return p.err
		}
		res, err := call(r.Context(), id, f)
		return reply(w, res, err)
	}
}
