package crawler

import (
	"html"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/skillmatch/skillmatch"
)

// Helpers over decoded JSON (map[string]any) that accept the shapes
// schema.org data takes in the wild: a value, an array of values, an object
// with name / @value / value.

// str returns the text of v.
func str(v any) string {
	switch t := v.(type) {
	case string:
		return strings.TrimSpace(t)
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(t)
	case []any:
		for _, e := range t {
			if s := str(e); s != "" {
				return s
			}
		}
	case map[string]any:
		for _, k := range []string{"name", "@value", "value", "text", "@id", "url"} {
			if s := str(t[k]); s != "" {
				return s
			}
		}
	}
	return ""
}

// strs returns every text of v (arrays flattened).
func strs(v any) []string {
	switch t := v.(type) {
	case nil:
		return nil
	case []any:
		var out []string
		for _, e := range t {
			out = append(out, strs(e)...)
		}
		return out
	default:
		if s := str(v); s != "" {
			return []string{s}
		}
	}
	return nil
}

// obj returns v, or the first element of v, as an object.
func obj(v any) map[string]any {
	switch t := v.(type) {
	case map[string]any:
		return t
	case []any:
		for _, e := range t {
			if m := obj(e); m != nil {
				return m
			}
		}
	}
	return nil
}

// objs returns every object in v.
func objs(v any) []map[string]any {
	switch t := v.(type) {
	case map[string]any:
		return []map[string]any{t}
	case []any:
		var out []map[string]any
		for _, e := range t {
			out = append(out, objs(e)...)
		}
		return out
	}
	return nil
}

var numRe = regexp.MustCompile(`-?\d[\d,]*(?:\.\d+)?`)

// number returns v as a float: numbers, numeric strings ("1,200.50"),
// or objects with value.
func number(v any) (float64, bool) {
	switch t := v.(type) {
	case float64:
		return t, true
	case string:
		m := numRe.FindString(t)
		if m == "" {
			return 0, false
		}
		f, err := strconv.ParseFloat(strings.ReplaceAll(m, ",", ""), 64)
		return f, err == nil
	case map[string]any:
		if f, ok := number(t["value"]); ok {
			return f, true
		}
		return number(t["@value"])
	case []any:
		if len(t) > 0 {
			return number(t[0])
		}
	}
	return 0, false
}

var dateLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02", "2006-01", time.RFC1123Z, time.RFC1123, "Mon, 2 Jan 2006 15:04:05 -0700", "2006-01-02 15:04:05", "January 2, 2006", "2 January 2006"}

// parseDate parses the date formats seen in feeds and schema.org data.
func parseDate(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// descText turns a description (HTML, entity-escaped HTML or text) into text.
func descText(s string) string {
	if !strings.Contains(s, "<") && strings.Contains(s, "&lt;") {
		s = html.UnescapeString(s)
	}
	return HTMLToText(s)
}

var countryNames = map[string]string{
	"united states": "US", "usa": "US", "united states of america": "US", "united kingdom": "GB", "uk": "GB",
	"great britain": "GB", "germany": "DE", "deutschland": "DE", "france": "FR", "spain": "ES", "italy": "IT",
	"netherlands": "NL", "canada": "CA", "australia": "AU", "ireland": "IE", "india": "IN", "poland": "PL",
	"sweden": "SE", "switzerland": "CH", "austria": "AT", "belgium": "BE", "portugal": "PT", "denmark": "DK",
	"norway": "NO", "finland": "FI", "brazil": "BR", "mexico": "MX", "japan": "JP", "singapore": "SG",
}

// countryCode maps a country name or code to ISO 3166-1 alpha-2 when known.
func countryCode(s string) string {
	s = strings.TrimSpace(s)
	if len(s) == 2 {
		return strings.ToUpper(s)
	}
	if c, ok := countryNames[strings.ToLower(s)]; ok {
		return c
	}
	return s
}

// placeLocation splits "Berlin, Germany" or "Austin, TX, United States".
func placeLocation(s string) skillmatch.Location {
	var l skillmatch.Location
	low := strings.ToLower(s)
	if strings.Contains(low, "remote") {
		l.Remote = true
	}
	parts := strings.Split(s, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	if len(parts) > 0 && !strings.EqualFold(parts[0], "remote") {
		l.Locality = parts[0]
	}
	switch len(parts) {
	case 2:
		if cc := countryCode(parts[1]); len(cc) == 2 {
			l.Country = cc
		} else {
			l.Region = parts[1]
		}
	case 3:
		l.Region = parts[1]
		l.Country = countryCode(parts[2])
	}
	return l
}

// periodOf maps unitText / interval spellings to hour, day, week, month, year.
func periodOf(s string) string {
	s = strings.ToLower(s)
	for _, p := range []struct{ key, period string }{
		{"hour", "hour"}, {"day", "day"}, {"daily", "day"}, {"week", "week"}, {"month", "month"},
		{"year", "year"}, {"annual", "year"}, {"salary", "year"},
	} {
		if strings.Contains(s, p.key) {
			return p.period
		}
	}
	return ""
}

// jobPosting maps a schema.org JobPosting.
func jobPosting(o map[string]any, pageURL string, index int) *skillmatch.Posting {
	p := &skillmatch.Posting{
		Title:                str(o["title"]),
		URL:                  str(o["url"]),
		OccupationalCategory: str(o["occupationalCategory"]),
		DatePosted:           parseDate(str(o["datePosted"])),
		ValidThrough:         parseDate(str(o["validThrough"])),
	}
	if p.Title == "" {
		p.Title = str(o["name"])
	}
	if oc := obj(o["occupationalCategory"]); oc != nil {
		p.OccupationalCategory = strings.TrimSpace(str(oc["codeValue"]) + " " + str(oc["name"]))
	}
	if p.URL == "" {
		p.URL = pageURL
	}
	p.ID = CanonicalURL(p.URL)
	if str(o["url"]) == "" && index > 0 {
		id := str(o["identifier"])
		if id == "" {
			id = strconv.Itoa(index)
		}
		p.ID += "#" + id
	}
	desc := descText(str(o["description"]))
	// Some sites put requirements in their own fields instead of the text.
	for _, f := range []struct{ key, head string }{
		{"responsibilities", "Responsibilities"}, {"qualifications", "Qualifications"},
		{"educationRequirements", "Education requirements"}, {"experienceRequirements", "Experience requirements"},
	} {
		if t := descText(strings.Join(strs(o[f.key]), "\n")); t != "" && !strings.Contains(desc, t) {
			desc = strings.TrimSpace(desc + "\n" + f.head + "\n" + t)
		}
	}
	p.Description = desc
	if org := o["hiringOrganization"]; org != nil {
		p.Organization.Name = str(org)
		if m := obj(org); m != nil {
			p.Organization.URL = str(m["sameAs"])
			if p.Organization.URL == "" {
				p.Organization.URL = str(m["url"])
			}
		}
	}
	if jl := obj(o["jobLocation"]); jl != nil {
		addr := jl["address"]
		if a := obj(addr); a != nil {
			p.Location = skillmatch.Location{
				Locality: str(a["addressLocality"]),
				Region:   str(a["addressRegion"]),
				Country:  countryCode(str(a["addressCountry"])),
			}
		} else if s := str(addr); s != "" {
			p.Location = placeLocation(s)
		} else if s := str(jl); s != "" {
			p.Location = placeLocation(s)
		}
	}
	if strings.EqualFold(str(o["jobLocationType"]), "TELECOMMUTE") {
		p.Location.Remote = true
		if p.Location.Country == "" {
			p.Location.Country = countryCode(str(obj(o["applicantLocationRequirements"])["name"]))
		}
	}
	for _, e := range strs(o["employmentType"]) {
		for _, part := range strings.Split(e, ",") {
			if part = strings.ToUpper(strings.TrimSpace(part)); part != "" {
				p.EmploymentType = append(p.EmploymentType, strings.ReplaceAll(part, " ", "_"))
			}
		}
	}
	p.Salary = salary(o["baseSalary"])
	if p.Salary == nil {
		p.Salary = salary(o["estimatedSalary"])
	}
	for _, s := range strs(o["skills"]) {
		for _, part := range strings.Split(s, ",") {
			if part = strings.TrimSpace(HTMLToText(part)); part != "" && !strings.Contains(part, "\n") {
				p.DeclaredSkills = append(p.DeclaredSkills, part)
			}
		}
	}
	return p
}

// salary maps a MonetaryAmount (baseSalary / estimatedSalary).
func salary(v any) *skillmatch.Salary {
	m := obj(v)
	if m == nil {
		if f, ok := number(v); ok && f > 0 {
			return &skillmatch.Salary{Min: f, Max: f}
		}
		return nil
	}
	s := &skillmatch.Salary{Currency: strings.ToUpper(str(m["currency"]))}
	val := m["value"]
	if q := obj(val); q != nil {
		if f, ok := number(q["minValue"]); ok {
			s.Min = f
		}
		if f, ok := number(q["maxValue"]); ok {
			s.Max = f
		}
		if f, ok := number(q["value"]); ok && s.Min == 0 && s.Max == 0 {
			s.Min, s.Max = f, f
		}
		s.Period = periodOf(str(q["unitText"]))
	} else if f, ok := number(val); ok {
		s.Min, s.Max = f, f
	}
	if f, ok := number(m["minValue"]); ok && s.Min == 0 {
		s.Min = f
	}
	if f, ok := number(m["maxValue"]); ok && s.Max == 0 {
		s.Max = f
	}
	if s.Period == "" {
		s.Period = periodOf(str(m["unitText"]))
	}
	if s.Min == 0 && s.Max == 0 {
		return nil
	}
	return s
}

var (
	handsOnRe = regexp.MustCompile(`(?i)\bhands[- ]on\b|\bcapstone\b|\bportfolio project|\breal[- ]world projects?\b|\bguided projects?\b`)
	mentorRe  = regexp.MustCompile(`(?i)\bmentor(s|ship|ing)?\b|\bpersonal tutor\b|\bcoach(es|ing)?\b`)
	selfRe    = regexp.MustCompile(`(?i)\bself[- ]paced\b|\bat your own pace\b|\bon[- ]demand\b`)
)

// credentialTypes maps schema.org types to credential types.
var credentialTypeNames = []string{"Course", "CourseInstance", "EducationalOccupationalCredential", "EducationalOccupationalProgram", "WorkBasedProgram"}

// credential maps a Course, CourseInstance, EducationalOccupationalCredential
// or EducationalOccupationalProgram.
func credential(typ string, o map[string]any, pageURL string, index int) *skillmatch.Credential {
	c := &skillmatch.Credential{
		Title:    str(o["name"]),
		URL:      str(o["url"]),
		Language: str(o["inLanguage"]),
		Level:    normLevel(str(o["educationalLevel"])),
	}
	if c.URL == "" {
		c.URL = pageURL
	}
	c.ID = CanonicalURL(c.URL)
	if str(o["url"]) == "" && index > 0 {
		id := str(o["courseCode"])
		if id == "" {
			id = strconv.Itoa(index)
		}
		c.ID += "#" + id
	}
	c.Description = descText(str(o["description"]))
	for _, k := range []string{"provider", "creator", "publisher", "recognizedBy"} {
		if v := o[k]; v != nil && c.Provider.Name == "" {
			c.Provider.Name = str(v)
			if m := obj(v); m != nil {
				c.Provider.URL = str(m["url"])
				if c.Provider.URL == "" {
					c.Provider.URL = str(m["sameAs"])
				}
			}
		}
	}
	switch typ {
	case "Course", "CourseInstance":
		c.Type = skillmatch.CredentialCourse
	case "EducationalOccupationalProgram", "WorkBasedProgram":
		c.Type = skillmatch.CredentialProgram
		if h, ok := ParseHours(str(o["timeToComplete"])); ok {
			c.Hours = h
		}
		c.Prerequisites = append(c.Prerequisites, strs(o["programPrerequisites"])...)
		setMode(c, str(o["educationalProgramMode"]))
	case "EducationalOccupationalCredential":
		c.Type = credentialCategory(str(o["credentialCategory"]))
	}
	aw := strings.ToLower(str(o["educationalCredentialAwarded"]) + " " + str(o["occupationalCredentialAwarded"]))
	if strings.Contains(aw, "degree") || strings.Contains(aw, "bachelor") || strings.Contains(aw, "master") {
		c.Type = skillmatch.CredentialDegree
	}
	for _, k := range []string{"teaches", "assesses", "competencyRequired"} {
		c.DeclaredSkills = append(c.DeclaredSkills, declaredSkills(o[k])...)
	}
	for _, v := range strs(o["coursePrerequisites"]) {
		c.Prerequisites = append(c.Prerequisites, v)
	}
	for _, off := range objs(o["offers"]) {
		if f, ok := number(off["price"]); ok {
			c.Price, c.Currency = f, strings.ToUpper(str(off["priceCurrency"]))
			break
		}
		if strings.EqualFold(str(off["category"]), "free") {
			c.Price, c.Currency = 0, strings.ToUpper(str(off["priceCurrency"]))
			if c.Currency == "" {
				c.Currency = "USD"
			}
		}
	}
	if r := obj(o["aggregateRating"]); r != nil {
		c.Rating, _ = number(r["ratingValue"])
		if best, ok := number(r["bestRating"]); ok && best > 0 && best != 5 {
			c.Rating = c.Rating * 5 / best
		}
		if n, ok := number(r["reviewCount"]); ok {
			c.ReviewCount = int(n)
		} else if n, ok := number(r["ratingCount"]); ok {
			c.ReviewCount = int(n)
		}
	}
	if n, ok := number(o["totalHistoricalEnrollment"]); ok {
		c.Enrollment = int(n)
	}
	if h, ok := ParseHours(str(o["timeRequired"])); ok {
		c.Hours = h
	}
	instances := objs(o["hasCourseInstance"])
	if typ == "CourseInstance" {
		instances = append(instances, o)
	}
	for _, in := range instances {
		setMode(c, strings.Join(strs(in["courseMode"]), " "))
		if h, ok := ParseHours(str(in["courseWorkload"])); ok && c.Hours == 0 {
			c.Hours = h
		}
		if sch := obj(in["courseSchedule"]); sch != nil && c.Hours == 0 {
			c.Hours = scheduleHours(sch)
		}
		if c.Language == "" {
			c.Language = str(in["inLanguage"])
		}
	}
	text := c.Title + "\n" + c.Description
	c.HandsOn = handsOnRe.MatchString(text)
	c.Mentor = mentorRe.MatchString(text)
	if selfRe.MatchString(text) {
		c.SelfPaced = true
	}
	c.LearningOutcomes = outcomes(c.Description)
	return c
}

// scheduleHours is duration x repeatCount for a courseSchedule.
func scheduleHours(s map[string]any) float64 {
	h, ok := ParseHours(str(s["duration"]))
	if !ok {
		return 0
	}
	if n, ok := number(s["repeatCount"]); ok && n > 0 {
		return h * n
	}
	return h
}

func setMode(c *skillmatch.Credential, m string) {
	m = strings.ToLower(m)
	switch {
	case m == "":
	case strings.Contains(m, "blended") || strings.Contains(m, "hybrid") || strings.Contains(m, "mixed"):
		c.Mode = "blended"
	case strings.Contains(m, "online") || strings.Contains(m, "distance") || strings.Contains(m, "remote"):
		c.Mode = "online"
	case strings.Contains(m, "onsite") || strings.Contains(m, "on-site") || strings.Contains(m, "in-person") || strings.Contains(m, "campus") || strings.Contains(m, "offline"):
		c.Mode = "onsite"
	}
	if strings.Contains(m, "self") {
		c.SelfPaced = true
	}
}

func credentialCategory(s string) skillmatch.CredentialType {
	s = strings.ToLower(s)
	switch {
	case strings.Contains(s, "badge"):
		return skillmatch.CredentialBadge
	case strings.Contains(s, "degree") || strings.Contains(s, "bachelor") || strings.Contains(s, "master") || strings.Contains(s, "diploma"):
		return skillmatch.CredentialDegree
	case strings.Contains(s, "program"):
		return skillmatch.CredentialProgram
	case strings.Contains(s, "course"):
		return skillmatch.CredentialCourse
	}
	return skillmatch.CredentialCertificate
}

// normLevel maps educationalLevel spellings to beginner, intermediate, advanced.
func normLevel(s string) string {
	l := strings.ToLower(s)
	switch {
	case l == "":
		return ""
	case strings.Contains(l, "begin") || strings.Contains(l, "intro") || strings.Contains(l, "foundation") || strings.Contains(l, "basic"):
		return "beginner"
	case strings.Contains(l, "intermediate"):
		return "intermediate"
	case strings.Contains(l, "advanced") || strings.Contains(l, "expert"):
		return "advanced"
	}
	return s
}

// declaredSkills maps teaches / competencyRequired values: text, URL or
// DefinedTerm{name, termCode, inDefinedTermSet, @id/url}.
func declaredSkills(v any) []skillmatch.DeclaredSkill {
	var out []skillmatch.DeclaredSkill
	var add func(v any)
	add = func(v any) {
		switch t := v.(type) {
		case []any:
			for _, e := range t {
				add(e)
			}
		case string:
			t = strings.TrimSpace(t)
			if strings.HasPrefix(t, "http://") || strings.HasPrefix(t, "https://") {
				out = append(out, skillmatch.DeclaredSkill{URI: t})
			} else {
				for _, part := range strings.Split(t, ",") {
					if part = strings.TrimSpace(part); part != "" {
						out = append(out, skillmatch.DeclaredSkill{Name: part})
					}
				}
			}
		case map[string]any:
			d := skillmatch.DeclaredSkill{Name: str(t["name"]), Code: str(t["termCode"])}
			for _, k := range []string{"@id", "url", "sameAs"} {
				if u := str(t[k]); strings.HasPrefix(u, "http") {
					d.URI = u
					break
				}
			}
			if ts := t["inDefinedTermSet"]; ts != nil {
				d.Framework = str(ts)
			}
			if d.Name != "" || d.URI != "" {
				out = append(out, d)
			}
		}
	}
	add(v)
	return out
}

var outcomeHead = regexp.MustCompile(`(?i)^(what you('|’)ll learn|what you will learn|learning outcomes|you will learn|skills you('|’)ll gain|outcomes)\b`)

// outcomes returns the list items under a "What you'll learn" style heading.
func outcomes(desc string) []string {
	var out []string
	in := false
	for _, line := range strings.Split(desc, "\n") {
		switch {
		case outcomeHead.MatchString(line):
			in = true
		case in && strings.HasPrefix(line, "- "):
			out = append(out, strings.TrimPrefix(line, "- "))
		case in && len(out) > 0:
			in = false
		}
	}
	return out
}

// pageRecords maps the schema.org items of one page to records.
func pageRecords(items []map[string]any, pageURL string) []Record {
	var recs []Record
	n := 0
	findTyped(items, append([]string{"JobPosting"}, credentialTypeNames...), func(typ string, o map[string]any) {
		n++
		if typ == "JobPosting" {
			recs = append(recs, Record{Posting: jobPosting(o, pageURL, n-1)})
		} else {
			recs = append(recs, Record{Credential: credential(typ, o, pageURL, n-1)})
		}
	})
	return recs
}
