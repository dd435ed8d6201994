// Package synth generates deterministic, realistic-looking job postings and
// credentials from a taxonomy, for benchmarks and demos at any scale.
//
// It imports the root domain package and taxonomy only.
package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/skillmatch/skillmatch"
	"github.com/skillmatch/skillmatch/taxonomy"
)

// Config tunes a Generator. Zero values take the defaults.
type Config struct {
	Seed   uint64
	Months int       // span of DatePosted, default 24
	End    time.Time // last month of the span, default 2026-10
	// SalaryShare is the share of postings with a salary, default 0.25.
	SalaryShare float64
}

// Role is an occupation postings are generated for.
type Role struct {
	ID, Title string
	Titles    []string // title variants
	Essential []string // skill IDs
	Optional  []string
	Weight    float64 // relative share of postings
	BasePay   float64 // annual, in EUR-ish units
}

// Generator builds postings and credentials; Posting(i) and Credential(i)
// depend only on the seed and i, so any range can be generated on demand.
type Generator struct {
	tax       *taxonomy.Taxonomy
	cfg       Config
	roles     []Role
	cum       []float64 // cumulative role weights
	rising    map[string]bool
	falling   map[string]bool
	skillIDs  []string
	providers []string
}

type place struct{ city, region, country, currency string }

var places = []place{
	{"Berlin", "Berlin", "DE", "EUR"}, {"Munich", "Bavaria", "DE", "EUR"}, {"Hamburg", "Hamburg", "DE", "EUR"},
	{"London", "England", "GB", "GBP"}, {"Manchester", "England", "GB", "GBP"}, {"Paris", "Île-de-France", "FR", "EUR"},
	{"Lyon", "Auvergne-Rhône-Alpes", "FR", "EUR"}, {"Amsterdam", "North Holland", "NL", "EUR"}, {"Madrid", "Madrid", "ES", "EUR"},
	{"Barcelona", "Catalonia", "ES", "EUR"}, {"Milan", "Lombardy", "IT", "EUR"}, {"Warsaw", "Masovia", "PL", "PLN"},
	{"Stockholm", "Stockholm", "SE", "SEK"}, {"Dublin", "Leinster", "IE", "EUR"}, {"Vienna", "Vienna", "AT", "EUR"},
	{"Zurich", "Zurich", "CH", "CHF"}, {"New York", "NY", "US", "USD"}, {"San Francisco", "CA", "US", "USD"},
	{"Austin", "TX", "US", "USD"}, {"Chicago", "IL", "US", "USD"}, {"Toronto", "ON", "CA", "CAD"},
	{"Sydney", "NSW", "AU", "AUD"}, {"Lisbon", "Lisbon", "PT", "EUR"}, {"Prague", "Prague", "CZ", "CZK"},
}

var sources = []string{"greenhouse", "lever", "ashby", "jsonld", "rss"}

var orgWords = [][]string{
	{"Acme", "Nordwind", "Bluefin", "Helix", "Quantum", "Granite", "Silverline", "Orbit", "Northstar", "Cobalt", "Maple", "Vertex", "Lumen", "Harbor", "Summit", "Atlas"},
	{"Labs", "Health", "Systems", "Group", "Analytics", "Partners", "Software", "Finance", "Care", "Logistics", "Energy", "Legal", "Pharma", "Retail", "Learning", "Bank"},
}

var seniority = []string{"", "", "", "Senior ", "Junior ", "Lead ", "Principal ", "Sr. "}
var suffixes = []string{"", "", "", "", " (m/f/d)", " (w/m/d)", " - Remote", ", EMEA"}

// New prepares a generator over t. Roles come from the taxonomy's
// occupations with at least three essential skills; without such
// occupations, three roles per sector are made from the sector's skills.
func New(t *taxonomy.Taxonomy, cfg Config) *Generator {
	if cfg.Months <= 0 {
		cfg.Months = 24
	}
	if cfg.End.IsZero() {
		cfg.End = time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	}
	if cfg.SalaryShare == 0 {
		cfg.SalaryShare = 0.25
	}
	g := &Generator{tax: t, cfg: cfg, rising: map[string]bool{}, falling: map[string]bool{}}
	r := rand.New(rand.NewPCG(cfg.Seed, 0x5eed))
	for _, s := range t.Skills() {
		g.skillIDs = append(g.skillIDs, s.ID)
	}
	for _, o := range t.Occupations() {
		if len(o.Essential) < 3 {
			continue
		}
		g.roles = append(g.roles, Role{ID: o.ID, Title: o.Title, Titles: append([]string{o.Title}, o.AltTitles...),
			Essential: o.Essential, Optional: o.Optional})
	}
	if len(g.roles) == 0 {
		g.roles = sectorRoles(t, r)
	}
	for i := range g.roles { // Zipf-like popularity, 40k-120k base pay
		g.roles[i].Weight = 1 / math.Pow(float64(i%37+1), 0.8)
		g.roles[i].BasePay = 40000 + float64(r.IntN(80))*1000
	}
	total := 0.0
	for _, ro := range g.roles {
		total += ro.Weight
		g.cum = append(g.cum, total)
	}
	// About 8% of skills rise over the span and 5% fall.
	perm := r.Perm(len(g.skillIDs))
	for k, i := range perm {
		switch {
		case k < len(perm)*8/100:
			g.rising[g.skillIDs[i]] = true
		case k < len(perm)*13/100:
			g.falling[g.skillIDs[i]] = true
		}
	}
	for i := 0; i < 40; i++ {
		g.providers = append(g.providers, fmt.Sprintf("%s %s", orgWords[0][i%len(orgWords[0])], []string{"Academy", "University", "Institute", "School", "Online"}[i%5]))
	}
	return g
}

func sectorRoles(t *taxonomy.Taxonomy, r *rand.Rand) []Role {
	bySector := map[string][]string{}
	for _, s := range t.Skills() {
		sec := s.Sector
		if sec == "" {
			sec = "general"
		}
		bySector[sec] = append(bySector[sec], s.ID)
	}
	var secs []string
	for s := range bySector {
		secs = append(secs, s)
	}
	sort.Strings(secs)
	var roles []Role
	for _, sec := range secs {
		ids := bySector[sec]
		name := strings.Title(sec) //nolint:staticcheck // ASCII sector names
		for _, kind := range []string{"Specialist", "Analyst", "Manager"} {
			pick := func(n int) []string {
				var out []string
				for _, i := range r.Perm(len(ids))[:min(n, len(ids))] {
					out = append(out, ids[i])
				}
				return out
			}
			title := name + " " + kind
			roles = append(roles, Role{ID: Slug(title), Title: title, Titles: []string{title},
				Essential: pick(8), Optional: pick(8)})
		}
	}
	return roles
}

// Slug lower-cases s and joins its words with hyphens.
func Slug(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}), "-")
}

// Roles returns the roles postings are drawn from.
func (g *Generator) Roles() []Role { return g.roles }

// Rising reports whether a skill's share grows over the span.
func (g *Generator) Rising(id string) bool { return g.rising[id] }

func (g *Generator) rng(kind, i uint64) *rand.Rand {
	return rand.New(rand.NewPCG(g.cfg.Seed^kind, i))
}

func (g *Generator) surface(r *rand.Rand, id string) string {
	s, ok := g.tax.Skill(id)
	if !ok {
		return id
	}
	if r.IntN(4) == 0 {
		var alts []string
		for _, f := range s.Forms {
			if f.Kind == taxonomy.FormAlt && !f.Ambiguous && !f.CaseSensitive {
				alts = append(alts, f.Text)
			}
		}
		if len(alts) > 0 {
			return alts[r.IntN(len(alts))]
		}
	}
	return s.Label
}

// keep decides whether a skill appears in a posting of month m (0..Months-1):
// rising skills go from 30% to 170% of their base chance, falling the reverse.
func (g *Generator) keep(r *rand.Rand, id string, base float64, m int) bool {
	f := float64(m) / float64(max(1, g.cfg.Months-1))
	switch {
	case g.rising[id]:
		base *= 0.3 + 1.4*f
	case g.falling[id]:
		base *= 1.7 - 1.4*f
	}
	return r.Float64() < base
}

var (
	reqLines  = []string{"%d+ years of experience with %s", "Strong knowledge of %[2]s", "Hands-on experience in %[2]s", "Proficiency in %[2]s", "You have worked with %[2]s"}
	niceLines = []string{"Experience with %s is a plus", "Familiarity with %s", "Bonus: %s", "Exposure to %s"}
	dutyLines = []string{"Own and improve our %s practice", "Work with the team on %s", "Drive %s initiatives across departments", "Support colleagues with %s"}
	aboutText = []string{
		"We are a fast-growing company with offices across Europe and North America.",
		"Our mission is to make work better for everyone; we are proud of our inclusive culture.",
		"Founded ten years ago, we serve thousands of customers worldwide.",
	}
	benefits = []string{"30 days of paid vacation", "Flexible working hours", "Learning budget of 1,000 EUR per year", "Company pension plan", "Health insurance", "Home office allowance"}
)

// Posting returns the i-th synthetic posting.
func (g *Generator) Posting(i int) skillmatch.Posting {
	r := g.rng(1, uint64(i))
	ro := g.roles[sortSearch(g.cum, r.Float64()*g.cum[len(g.cum)-1])]
	m := r.IntN(g.cfg.Months)
	date := g.cfg.End.AddDate(0, m-g.cfg.Months+1, r.IntN(28))
	pl := places[r.IntN(len(places))]
	title := seniority[r.IntN(len(seniority))] + ro.Titles[r.IntN(len(ro.Titles))] + suffixes[r.IntN(len(suffixes))]
	org := orgWords[0][r.IntN(len(orgWords[0]))] + " " + orgWords[1][r.IntN(len(orgWords[1]))]
	var req, nice []string
	for _, id := range ro.Essential {
		if g.keep(r, id, 0.75, m) {
			req = append(req, id)
		}
	}
	for _, id := range ro.Optional {
		if g.keep(r, id, 0.35, m) {
			nice = append(nice, id)
		}
	}
	// A few skills from anywhere, as real postings have.
	for k := 0; k < 2; k++ {
		if id := g.skillIDs[r.IntN(len(g.skillIDs))]; g.keep(r, id, 0.5, m) {
			nice = append(nice, id)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\nAbout the role\nAs %s at %s in %s you join a team of %d people.\n\nResponsibilities\n", title, article(ro.Title), org, pl.city, 3+r.IntN(20))
	for k := 0; k < 3 && k < len(req); k++ {
		fmt.Fprintf(&b, "- %s\n", fmt.Sprintf(dutyLines[r.IntN(len(dutyLines))], g.surface(r, req[r.IntN(len(req))])))
	}
	b.WriteString("\nRequirements\n")
	for _, id := range req {
		fmt.Fprintf(&b, "- %s\n", fmt.Sprintf(reqLines[r.IntN(len(reqLines))], 1+r.IntN(6), g.surface(r, id)))
	}
	if len(nice) > 0 {
		b.WriteString("\nNice to have\n")
		for _, id := range nice {
			fmt.Fprintf(&b, "- %s\n", fmt.Sprintf(niceLines[r.IntN(len(niceLines))], g.surface(r, id)))
		}
	}
	if r.IntN(10) == 0 && len(ro.Optional) > 0 {
		fmt.Fprintf(&b, "\nNo prior experience with %s is required.\n", g.surface(r, ro.Optional[r.IntN(len(ro.Optional))]))
	}
	b.WriteString("\nAbout us\n" + aboutText[r.IntN(len(aboutText))] + "\n\nBenefits\n")
	for k := 0; k < 3; k++ {
		b.WriteString("- " + benefits[r.IntN(len(benefits))] + "\n")
	}
	b.WriteString("\nWe are an equal opportunity employer and value diversity.\n")
	p := skillmatch.Posting{
		ID:           fmt.Sprintf("synth-%d-%d", g.cfg.Seed, i),
		Source:       sources[r.IntN(len(sources))],
		URL:          fmt.Sprintf("https://jobs.example.com/%d/%d", g.cfg.Seed, i),
		Title:        title,
		Organization: skillmatch.Organization{Name: org},
		Location:     skillmatch.Location{Locality: pl.city, Region: pl.region, Country: pl.country, Remote: r.IntN(5) == 0},
		DatePosted:   date,
		Description:  b.String(),
	}
	if r.Float64() < g.cfg.SalaryShare {
		pay := ro.BasePay * (0.8 + 0.1*float64(len(req))/4 + 0.4*r.Float64())
		for _, id := range req {
			if g.rising[id] {
				pay *= 1.05
			}
		}
		s := &skillmatch.Salary{Currency: pl.currency, Period: "year", Min: math.Round(pay*0.9/1000) * 1000, Max: math.Round(pay*1.1/1000) * 1000}
		if r.IntN(8) == 0 {
			s.Period, s.Min, s.Max = "hour", math.Round(pay/2080), math.Round(pay*1.2/2080)
		}
		p.Salary = s
	}
	return p
}

func article(s string) string {
	if s != "" && strings.ContainsRune("AEIOUaeiou", rune(s[0])) {
		return "an " + s
	}
	return "a " + s
}

func sortSearch(cum []float64, x float64) int {
	return min(sort.SearchFloat64s(cum, x), len(cum)-1)
}

// Postings returns postings lo..hi-1.
func (g *Generator) Postings(lo, hi int) []skillmatch.Posting {
	out := make([]skillmatch.Posting, 0, max(0, hi-lo))
	for i := lo; i < hi; i++ {
		out = append(out, g.Posting(i))
	}
	return out
}

var (
	credTypes    = []skillmatch.CredentialType{skillmatch.CredentialCourse, skillmatch.CredentialCourse, skillmatch.CredentialCertificate, skillmatch.CredentialBadge, skillmatch.CredentialProgram}
	modes        = []string{"online", "online", "onsite", "blended"}
	levels       = []string{"beginner", "intermediate", "advanced"}
	credNames    = []string{"Introduction to %s", "%s Fundamentals", "Advanced %s", "%s Bootcamp", "Professional Certificate in %s", "%s in Practice"}
	outcomeLines = []string{"Use %s in practice", "Master %s", "Apply %s to real problems", "Hands-on experience with %s", "Explain and use %s"}
	formats      = []string{"hands-on exercises", "guided lectures and labs", "weekly projects", "case studies"}
)

// joinAnd joins "a", "b", "c" as "a, b and c".
func joinAnd(xs []string) string {
	if len(xs) <= 1 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

// Credential returns the i-th synthetic credential: it teaches two to six
// skills of one role (named in the description, a "skills you will gain"
// line and the learning outcomes; 40% also declare them, with ESCO URIs
// where the taxonomy has them), with varied price, hours, mode, level and
// rating.
func (g *Generator) Credential(i int) skillmatch.Credential {
	r := g.rng(2, uint64(i))
	ro := g.roles[r.IntN(len(g.roles))]
	pool := append(append([]string(nil), ro.Essential...), ro.Optional...)
	n := min(len(pool), 2+r.IntN(5))
	var taught []string
	for _, k := range r.Perm(len(pool))[:n] {
		taught = append(taught, pool[k])
	}
	surf := make([]string, len(taught))
	for k, id := range taught {
		surf[k] = g.surface(r, id)
	}
	main := surf[0]
	var outcomes []string
	for _, sf := range surf {
		outcomes = append(outcomes, fmt.Sprintf(outcomeLines[r.IntN(len(outcomeLines))], sf))
	}
	typ := credTypes[r.IntN(len(credTypes))]
	desc := fmt.Sprintf("This %s takes you from the basics to practical work in %s, for aspiring %s roles. You will learn %s through %s.\nSkills you will gain: %s.",
		typ, main, ro.Title, joinAnd(surf), formats[r.IntN(len(formats))], strings.Join(surf, ", "))
	var declared []skillmatch.DeclaredSkill
	if r.IntN(5) < 2 { // 40% declare their skills, as Open Badges alignments and Course "teaches" do
		for _, id := range taught {
			if s, ok := g.tax.Skill(id); ok {
				declared = append(declared, skillmatch.DeclaredSkill{Name: s.Label, URI: s.ESCOURI()})
			}
		}
	}
	c := skillmatch.Credential{
		ID:               fmt.Sprintf("synth-cred-%d-%d", g.cfg.Seed, i),
		Source:           "synth",
		URL:              fmt.Sprintf("https://learn.example.com/%d/%d", g.cfg.Seed, i),
		Title:            fmt.Sprintf(credNames[r.IntN(len(credNames))], main),
		Provider:         skillmatch.Organization{Name: g.providers[r.IntN(len(g.providers))]},
		Type:             typ,
		Description:      desc,
		LearningOutcomes: outcomes,
		DeclaredSkills:   declared,
		Hours:            float64(5 + r.IntN(120)),
		Price:            float64(r.IntN(40)) * 25,
		Currency:         "EUR",
		Mode:             modes[r.IntN(len(modes))],
		SelfPaced:        r.IntN(2) == 0,
		Level:            levels[r.IntN(len(levels))],
		Language:         "en",
		Rating:           math.Round((3+2*r.Float64())*10) / 10,
		ReviewCount:      r.IntN(5000),
		HandsOn:          r.IntN(2) == 0,
		Mentor:           r.IntN(4) == 0,
	}
	if r.IntN(3) == 0 {
		c.CompletionRate = math.Round((0.3+0.6*r.Float64())*100) / 100
	}
	return c
}

// Credentials returns credentials lo..hi-1.
func (g *Generator) Credentials(lo, hi int) []skillmatch.Credential {
	out := make([]skillmatch.Credential, 0, max(0, hi-lo))
	for i := lo; i < hi; i++ {
		out = append(out, g.Credential(i))
	}
	return out
}
