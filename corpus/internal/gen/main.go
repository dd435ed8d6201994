// Command gen writes the embedded sample corpus (corpus/postings.jsonl and
// corpus/credentials.jsonl) from the role profiles and provider catalogs in
// this directory. It is deterministic: the same code writes the same bytes.
//
//	go generate ./corpus
//
// The companies, providers and URLs are fictional (example.com/.org/.edu).
// Trends are built in on purpose so that the demand views have something to
// show: each role's "rising" skills are asked for more often as the months go
// by, its "falling" skills less, and postings that ask for a rising skill
// advertise slightly higher pay.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/skillmatch/skillmatch"
)

type place struct {
	city, region, country, currency string
	pay                             float64 // multiplier from the USD base to local currency
}

var places = []place{
	{"New York", "NY", "US", "USD", 1.15}, {"San Francisco", "CA", "US", "USD", 1.22},
	{"Austin", "TX", "US", "USD", 0.98}, {"Chicago", "IL", "US", "USD", 1.0},
	{"Seattle", "WA", "US", "USD", 1.12}, {"Atlanta", "GA", "US", "USD", 0.93},
	{"Denver", "CO", "US", "USD", 0.97}, {"Boston", "MA", "US", "USD", 1.1},
	{"London", "England", "GB", "GBP", 0.66}, {"Manchester", "England", "GB", "GBP", 0.55},
	{"Leeds", "England", "GB", "GBP", 0.52}, {"Edinburgh", "Scotland", "GB", "GBP", 0.54},
	{"Berlin", "Berlin", "DE", "EUR", 0.68}, {"Munich", "Bavaria", "DE", "EUR", 0.75},
	{"Dublin", "Leinster", "IE", "EUR", 0.74}, {"Toronto", "ON", "CA", "CAD", 1.08},
	{"Vancouver", "BC", "CA", "CAD", 1.05}, {"Sydney", "NSW", "AU", "AUD", 1.3},
	{"Melbourne", "VIC", "AU", "AUD", 1.25}, {"Bengaluru", "Karnataka", "IN", "INR", 14},
}

var prefixes = []string{"Bluefin", "Northwind", "Cedar", "Harbor", "Quill", "Summit", "Lattice", "Kestrel",
	"Orchard", "Ironwood", "Beacon", "Copperleaf", "Tidewater", "Silverline", "Redwood", "Granite", "Aurora",
	"Evergreen", "Juniper", "Larkspur", "Meadowbrook", "Foxglove", "Stonebridge", "Bramble"}

var suffixes = map[string][]string{
	"data": {"Analytics", "Insights", "Data"}, "software": {"Systems", "Software", "Labs"},
	"cloud": {"Cloud", "Networks", "Systems"}, "security": {"Secure", "Defense", "Cyber"},
	"design": {"Studio", "Digital", "Apps"}, "product": {"Technologies", "Group", "Digital"},
	"marketing": {"Brands", "Media", "Commerce"}, "sales": {"Solutions", "Partners", "Commerce"},
	"finance": {"Capital", "Financial", "Partners"}, "hr": {"People", "Group", "Partners"},
	"healthcare": {"Health", "Medical Center", "Care"}, "pharmacy": {"Pharmacy", "Health"},
	"education": {"Academy", "Schools", "Learning Trust"}, "logistics": {"Logistics", "Freight", "Distribution"},
	"manufacturing": {"Manufacturing", "Precision", "Industries"}, "construction": {"Construction", "Builders", "Contracting"},
	"hospitality": {"Kitchen", "Hotels", "Dining"}, "retail": {"Stores", "Retail", "Outfitters"},
	"customer_service": {"Energy", "Telecom", "Direct"}, "administration": {"Partners", "Associates", "Group"},
	"science": {"Biosciences", "Therapeutics", "Labs"}, "energy": {"Renewables", "Solar", "Energy"},
	"legal": {"Legal", "LLP", "Law"},
}

var remoteSectors = map[string]bool{"data": true, "software": true, "cloud": true, "security": true,
	"design": true, "product": true, "marketing": true, "sales": true}

var hourlyTitles = []string{"Warehouse", "Picker", "Forklift", "Retail Sales", "Customer Service", "Call Centre",
	"Pharmacy", "Line Cook", "Cook", "Receptionist"}

var reqTemplates = []string{
	"%d+ years of experience with %s",
	"Strong proficiency in %s",
	"Hands-on experience with %s",
	"Solid understanding of %s",
	"Proven experience in %s",
	"Working knowledge of %s",
	"At least %d years' experience using %s",
	"Comfortable with %s in a professional setting",
	"Demonstrable skills in %s",
}

var niceTemplates = []string{
	"Experience with %s is a plus",
	"Familiarity with %s",
	"Bonus points for %s",
	"Exposure to %s would be an advantage",
	"Knowledge of %s is nice to have",
}

var softTemplates = []string{
	"Excellent %s",
	"Strong %s",
	"You bring %s",
	"Good %s",
}

var benefits = []string{
	"Competitive salary and annual bonus", "25 days of paid holiday plus public holidays",
	"Private health, dental and vision insurance", "Pension or 401(k) with employer match",
	"Flexible and hybrid working", "Annual learning budget for courses and conferences",
	"Paid parental leave", "Cycle-to-work scheme and gym discount", "Employee assistance programme",
	"Free meals on shift", "Staff discount", "Paid overtime",
}

var eeo = []string{
	"%s is an equal opportunity employer. We welcome applicants of every background, and we do not discriminate on the basis of race, religion, gender identity, sexual orientation, age, disability or veteran status.",
	"We are committed to building a diverse team. %s values every applicant and provides reasonable adjustments during the hiring process on request.",
	"%s is proud to be an equal opportunity workplace and an affirmative action employer.",
}

var sources = []string{"jsonld", "greenhouse", "lever"}

func main() {
	out := flag.String("out", ".", "directory to write postings.jsonl and credentials.jsonl into")
	nPostings := flag.Int("postings", 960, "number of postings to write")
	flag.Parse()
	rng := rand.New(rand.NewPCG(2026, 1))
	start := time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)
	const months = 18
	var postings []skillmatch.Posting
	total := 0
	for _, r := range roles {
		total += r.weight
	}
	for i := 0; i < *nPostings; i++ {
		// Volume grows over the period: month m has weight 1 + 0.6 m/(months-1).
		m := pickMonth(rng, months)
		day := 1 + rng.IntN(28)
		date := start.AddDate(0, m, day-1)
		t := float64(m) / float64(months-1)
		r := pickRole(rng, total)
		postings = append(postings, makePosting(rng, i, r, date, t))
	}
	if err := writeJSONL(filepath.Join(*out, "postings.jsonl"), postings); err != nil {
		log.Fatal(err)
	}
	var creds []skillmatch.Credential
	for _, p := range providers {
		for _, c := range p.courses {
			creds = append(creds, makeCredential(rng, p, c, len(creds)))
		}
	}
	if err := writeJSONL(filepath.Join(*out, "credentials.jsonl"), creds); err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "wrote %d postings and %d credentials from %d providers\n", len(postings), len(creds), len(providers))
}

func pickMonth(rng *rand.Rand, months int) int {
	weight := func(m int) float64 { return 1 + 0.6*float64(m)/float64(months-1) }
	total := 0.0
	for m := 0; m < months; m++ {
		total += weight(m)
	}
	x := rng.Float64() * total
	for m := 0; m < months; m++ {
		if x < weight(m) {
			return m
		}
		x -= weight(m)
	}
	return months - 1
}

func pickRole(rng *rand.Rand, total int) role {
	n := rng.IntN(total)
	for _, r := range roles {
		if n < r.weight {
			return r
		}
		n -= r.weight
	}
	return roles[len(roles)-1]
}

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

// sample returns up to n distinct elements of xs in random order.
func sample(rng *rand.Rand, xs []string, n int) []string {
	idx := rng.Perm(len(xs))
	var out []string
	for _, i := range idx {
		if len(out) == n {
			break
		}
		out = append(out, xs[i])
	}
	return out
}

func makePosting(rng *rand.Rand, i int, r role, date time.Time, t float64) skillmatch.Posting {
	title := pick(rng, r.titles)
	company := pick(rng, prefixes) + " " + pick(rng, suffixes[r.sector])
	pl := pick(rng, places)
	remote := remoteSectors[r.sector] && rng.Float64() < 0.25

	// Required skills: most of the core, some extras, and the trending ones
	// with a probability that moves over the period.
	var req []string
	for _, s := range r.core {
		if rng.Float64() < 0.75 {
			req = append(req, s)
		}
	}
	req = append(req, sample(rng, r.extra, 1+rng.IntN(3))...)
	hasRising := false
	for _, s := range r.rising {
		if rng.Float64() < 0.08+0.62*t {
			req = append(req, s)
			hasRising = true
		}
	}
	for _, s := range r.falling {
		if rng.Float64() < 0.55-0.5*t {
			req = append(req, s)
		}
	}
	req = dedup(req)
	nice := sample(rng, r.nice, 1+rng.IntN(2))
	nice = without(nice, req)

	var b strings.Builder
	ind := industryNoun(pick(rng, r.industry))
	fmt.Fprintf(&b, "About us\n%s is %s %s based in %s. We are growing and hiring %s %s to join our team.\n\n",
		company, article(ind), ind, pl.city, article(title), title)
	b.WriteString("What you'll do\n")
	for _, d := range sample(rng, r.duties, 3+rng.IntN(2)) {
		fmt.Fprintf(&b, "- %s\n", d)
	}
	b.WriteString("\nRequirements\n")
	years := 1 + rng.IntN(6)
	// Group two or three skills in one line now and then, the way postings do.
	for j := 0; j < len(req); j++ {
		if j+2 < len(req) && rng.Float64() < 0.2 {
			fmt.Fprintf(&b, "- Experience with %s, %s and %s\n", req[j], req[j+1], req[j+2])
			j += 2
			continue
		}
		tpl := pick(rng, reqTemplates)
		if strings.Count(tpl, "%d") == 1 {
			fmt.Fprintf(&b, "- "+tpl+"\n", years, req[j])
		} else {
			fmt.Fprintf(&b, "- "+tpl+"\n", req[j])
		}
	}
	for _, s := range sample(rng, r.soft, 2) {
		fmt.Fprintf(&b, "- "+pick(rng, softTemplates)+"\n", s)
	}
	if len(nice) > 0 {
		b.WriteString("\nNice to have\n")
		for _, s := range nice {
			fmt.Fprintf(&b, "- "+pick(rng, niceTemplates)+"\n", s)
		}
	}
	b.WriteString("\nBenefits\n")
	for _, s := range sample(rng, benefits, 3+rng.IntN(2)) {
		fmt.Fprintf(&b, "- %s\n", s)
	}
	b.WriteString("\n" + fmt.Sprintf(pick(rng, eeo), company) + "\n")

	src := pick(rng, sources)
	slug := strings.ToLower(strings.ReplaceAll(company, " ", ""))
	p := skillmatch.Posting{
		ID:             fmt.Sprintf("sample:%04d", i+1),
		Source:         src,
		URL:            fmt.Sprintf("https://careers.%s.example.com/jobs/%d", slug, 1000+i),
		Title:          title,
		Organization:   skillmatch.Organization{Name: company, URL: fmt.Sprintf("https://www.%s.example.com", slug)},
		Location:       skillmatch.Location{Locality: pl.city, Region: pl.region, Country: pl.country, Remote: remote},
		DatePosted:     date,
		ValidThrough:   date.AddDate(0, 0, 30+rng.IntN(31)),
		EmploymentType: []string{employmentType(rng, r)},
		Description:    b.String(),
	}
	// About a third of postings state pay, as in real JSON-LD.
	if rng.Float64() < 0.35 {
		lo := r.salary[0] + rng.Float64()*(r.salary[1]-r.salary[0])*0.6
		hi := lo * (1.1 + rng.Float64()*0.25)
		if hasRising {
			lo, hi = lo*1.08, hi*1.08
		}
		lo, hi = lo*pl.pay, hi*pl.pay
		s := &skillmatch.Salary{Min: round(lo, 1000), Max: round(hi, 1000), Currency: pl.currency, Period: "year"}
		if isHourly(title) {
			s = &skillmatch.Salary{Min: round(lo/2080, 0.25), Max: round(hi/2080, 0.25), Currency: pl.currency, Period: "hour"}
		}
		p.Salary = s
	}
	return p
}

// industryNoun makes an industry name a noun phrase: "fintech" -> "fintech company".
func industryNoun(s string) string {
	for _, n := range []string{"company", "firm", "startup", "group", "provider", "hospital", "centre", "home",
		"clinic", "pharmacy", "school", "trust", "district", "plant", "maker", "manufacturer", "producer",
		"retailer", "bank", "insurer", "supplier", "contractor", "caterer", "operator", "installer", "lab",
		"university", "team", "consultancy", "builder", "3PL", "factory", "charity", "agency", "organisation", "chain", "department"} {
		if strings.HasSuffix(s, n) {
			return s
		}
	}
	return s + " company"
}

// article returns "a" or "an" for the word that follows.
func article(w string) string {
	if w != "" && strings.ContainsRune("AEIOUaeiou", rune(w[0])) {
		return "an"
	}
	return "a"
}

func employmentType(rng *rand.Rand, r role) string {
	switch {
	case (r.sector == "retail" || r.sector == "hospitality") && rng.Float64() < 0.3:
		return "PART_TIME"
	case remoteSectors[r.sector] && rng.Float64() < 0.1:
		return "CONTRACTOR"
	}
	return "FULL_TIME"
}

func isHourly(title string) bool {
	for _, h := range hourlyTitles {
		if strings.Contains(title, h) {
			return true
		}
	}
	return false
}

// round rounds x to a multiple of unit; units below 1 go through their
// inverse so that 0.1 steps print as 4.6, not 4.6000000000000005.
func round(x, unit float64) float64 {
	if unit < 1 {
		k := math.Round(1 / unit)
		return math.Round(x*k) / k
	}
	return math.Round(x/unit) * unit
}

func dedup(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func without(xs, drop []string) []string {
	var out []string
	for _, x := range xs {
		found := false
		for _, d := range drop {
			if d == x {
				found = true
			}
		}
		if !found {
			out = append(out, x)
		}
	}
	return out
}

var outcomeTemplates = []string{
	"Apply %s to realistic workplace problems",
	"Use %s confidently in day-to-day work",
	"Explain the core concepts behind %s",
	"Build a portfolio piece that demonstrates %s",
}

func makeCredential(rng *rand.Rand, p provider, c course, i int) skillmatch.Credential {
	price := round(c.price*p.priceMul, 5)
	currency := "USD"
	if strings.HasSuffix(p.url, ".uk") {
		currency = "GBP"
	}
	handsOn := p.handsOn || c.hours >= 100
	var d strings.Builder
	fmt.Fprintf(&d, "%s is a %s-level %s from %s. ", c.title, c.level, c.typ, p.name)
	fmt.Fprintf(&d, "You will learn %s.", joinAnd(c.skills))
	if c.weeks > 0 {
		fmt.Fprintf(&d, " The programme runs over %d weeks, about %.0f hours in total.", c.weeks, c.hours)
	} else {
		fmt.Fprintf(&d, " Self-paced, about %.0f hours of study.", c.hours)
	}
	if handsOn {
		d.WriteString(" Every module ends with a hands-on project, and a capstone project reviewed by instructors.")
	}
	if p.mentor {
		d.WriteString(" Learners get one-to-one mentor support throughout.")
	}
	var outcomes []string
	for _, s := range sample(rng, c.skills, min(3, len(c.skills))) {
		outcomes = append(outcomes, fmt.Sprintf(pick(rng, outcomeTemplates), s))
	}
	cr := skillmatch.Credential{
		ID:               fmt.Sprintf("sample:c%03d", i+1),
		Source:           "jsonld",
		URL:              fmt.Sprintf("%s/catalog/%s", p.url, slugify(c.title)),
		Title:            c.title,
		Provider:         skillmatch.Organization{Name: p.name, URL: p.url},
		Type:             skillmatch.CredentialType(c.typ),
		Description:      d.String(),
		LearningOutcomes: outcomes,
		Hours:            c.hours,
		Price:            price,
		Currency:         currency,
		Mode:             p.mode,
		SelfPaced:        c.weeks == 0 && p.mode == "online",
		Level:            c.level,
		Language:         "en",
		Rating:           math.Min(5, math.Max(3.4, round(p.rating+(rng.Float64()-0.5)*0.6, 0.1))),
		ReviewCount:      20 + rng.IntN(3000),
		Enrollment:       100 + rng.IntN(40000),
		HandsOn:          handsOn,
		Mentor:           p.mentor,
	}
	switch p.kind {
	case "mooc", "public":
		cr.CompletionRate = round(0.08+rng.Float64()*0.17, 0.01)
	case "bootcamp":
		cr.CompletionRate = round(0.72+rng.Float64()*0.2, 0.01)
	default:
		cr.CompletionRate = round(0.5+rng.Float64()*0.35, 0.01)
	}
	// Half of the providers publish structured skills (schema.org teaches or
	// Open Badges alignments); the rest leave them to the text.
	if i%2 == 0 {
		for _, s := range c.skills {
			cr.DeclaredSkills = append(cr.DeclaredSkills, skillmatch.DeclaredSkill{Name: s})
		}
	}
	return cr
}

func joinAnd(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

func writeJSONL[T any](path string, xs []T) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, x := range xs {
		if err := enc.Encode(x); err != nil {
			f.Close()
			return err
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
