// Package skillmatch holds the domain types every other package shares:
// postings, credentials, providers, skill mentions and occupation references.
//
// It imports nothing of the project. The stages are separate packages that
// depend one way: taxonomy <- extract <- index <- match <- api <- cmd; the
// crawler emits these records and knows nothing of extraction or the index.
package skillmatch

import "time"

// SkillType classifies a skill. The set is closed; importers map their own
// vocabularies onto it.
type SkillType string

// The skill types.
const (
	TypeSkill         SkillType = "skill"
	TypeKnowledge     SkillType = "knowledge"
	TypeTool          SkillType = "tool" // software, platforms, equipment
	TypeSoft          SkillType = "soft" // transversal / interpersonal
	TypeLanguage      SkillType = "language"
	TypeCertification SkillType = "certification"
)

// SkillTypes lists every SkillType in a stable order.
var SkillTypes = []SkillType{TypeSkill, TypeKnowledge, TypeTool, TypeSoft, TypeLanguage, TypeCertification}

// Valid reports whether t is one of the known skill types.
func (t SkillType) Valid() bool {
	for _, k := range SkillTypes {
		if t == k {
			return true
		}
	}
	return false
}

// Section is the part of a posting a mention was found in.
type Section string

// The sections the extractor recognises.
const (
	SectionRequirements     Section = "requirements"
	SectionNiceToHave       Section = "nice_to_have"
	SectionResponsibilities Section = "responsibilities"
	SectionAbout            Section = "about" // company blurb, benefits, EEO: no demand by default
	SectionOther            Section = "other"
)

// Level is how strongly a posting asks for a skill.
type Level string

// The requirement levels.
const (
	LevelRequired    Level = "required"
	LevelPreferred   Level = "preferred"
	LevelUnspecified Level = "unspecified"
)

// Mention is one piece of evidence that a text refers to a skill.
// Offsets are Unicode code points into the original input, end-exclusive.
type Mention struct {
	SkillID    string    `json:"skill_id"`
	Label      string    `json:"label"`
	Type       SkillType `json:"type"`
	URI        string    `json:"uri,omitempty"` // ESCO concept URI when known
	Surface    string    `json:"surface"`
	Start      int       `json:"start"`
	End        int       `json:"end"`
	Confidence float64   `json:"confidence"`
	Section    Section   `json:"section"`
	Level      Level     `json:"level"`
	Years      float64   `json:"years,omitempty"` // stated years of experience, 0 when none
	Negated    bool      `json:"negated,omitempty"`
	Implied    bool      `json:"implied,omitempty"` // inferred through the hierarchy, not written
}

// OccupationRef links a record to a taxonomy occupation.
type OccupationRef struct {
	ID         string  `json:"id"`
	Title      string  `json:"title"`
	Code       string  `json:"code,omitempty"` // ISCO-08 or O*NET-SOC
	Confidence float64 `json:"confidence"`
}

// Organization is an employer or a provider.
type Organization struct {
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

// Location is where a job is done.
type Location struct {
	Locality string `json:"locality,omitempty"`
	Region   string `json:"region,omitempty"`
	Country  string `json:"country,omitempty"` // ISO 3166-1 alpha-2 when known
	Remote   bool   `json:"remote,omitempty"`
}

// Salary is an advertised pay range. Period is hour, day, week, month or year.
type Salary struct {
	Min      float64 `json:"min,omitempty"`
	Max      float64 `json:"max,omitempty"`
	Currency string  `json:"currency,omitempty"`
	Period   string  `json:"period,omitempty"`
}

// Annual returns the midpoint of s converted to a yearly amount, and false
// when s has no usable amount or period.
func (s *Salary) Annual() (float64, bool) {
	if s == nil {
		return 0, false
	}
	mid := s.Min
	switch {
	case s.Min > 0 && s.Max > 0:
		mid = (s.Min + s.Max) / 2
	case s.Max > 0:
		mid = s.Max
	}
	if mid <= 0 {
		return 0, false
	}
	perYear := map[string]float64{"hour": 2080, "day": 260, "week": 52, "month": 12, "year": 1, "": 1}
	f, ok := perYear[s.Period]
	if !ok {
		return 0, false
	}
	return mid * f, true
}

// Posting is one job advertisement.
type Posting struct {
	ID                   string         `json:"id"` // source + native ID, or canonical URL
	Source               string         `json:"source"`
	URL                  string         `json:"url,omitempty"`
	Title                string         `json:"title"`
	Organization         Organization   `json:"organization"`
	Location             Location       `json:"location"`
	DatePosted           time.Time      `json:"date_posted,omitzero"`
	ValidThrough         time.Time      `json:"valid_through,omitzero"`
	CrawledAt            time.Time      `json:"crawled_at,omitzero"`
	EmploymentType       []string       `json:"employment_type,omitempty"`
	Salary               *Salary        `json:"salary,omitempty"`
	OccupationalCategory string         `json:"occupational_category,omitempty"`
	Occupation           *OccupationRef `json:"occupation,omitempty"` // set by the index from the title
	Description          string         `json:"description"`          // plain text, section headings kept as lines
	DeclaredSkills       []string       `json:"declared_skills,omitempty"`
	ContentHash          string         `json:"content_hash,omitempty"`
}

// CredentialType is the kind of a credential.
type CredentialType string

// The credential types.
const (
	CredentialCourse      CredentialType = "course"
	CredentialCertificate CredentialType = "certificate"
	CredentialBadge       CredentialType = "badge"
	CredentialProgram     CredentialType = "program"
	CredentialDegree      CredentialType = "degree"
)

// DeclaredSkill is a skill a record names itself (an Open Badges alignment,
// a Course's teaches, a posting's skills field). URI is set when the source
// gives one (an ESCO skill URI names the skill exactly).
type DeclaredSkill struct {
	Name      string `json:"name"`
	URI       string `json:"uri,omitempty"`
	Framework string `json:"framework,omitempty"`
	Code      string `json:"code,omitempty"`
}

// Credential is a course, certificate, badge, program or degree.
type Credential struct {
	ID               string          `json:"id"`
	Source           string          `json:"source"`
	URL              string          `json:"url,omitempty"`
	Title            string          `json:"title"`
	Provider         Organization    `json:"provider"`
	Type             CredentialType  `json:"type"`
	Description      string          `json:"description"`
	LearningOutcomes []string        `json:"learning_outcomes,omitempty"`
	DeclaredSkills   []DeclaredSkill `json:"declared_skills,omitempty"`
	Hours            float64         `json:"hours,omitempty"` // total workload; 0 when unknown
	Price            float64         `json:"price"`           // 0 with Currency set means free
	Currency         string          `json:"currency,omitempty"`
	Mode             string          `json:"mode,omitempty"` // online, onsite, blended
	SelfPaced        bool            `json:"self_paced,omitempty"`
	Level            string          `json:"level,omitempty"` // beginner, intermediate, advanced
	Language         string          `json:"language,omitempty"`
	Rating           float64         `json:"rating,omitempty"` // 0..5
	ReviewCount      int             `json:"review_count,omitempty"`
	Enrollment       int             `json:"enrollment,omitempty"`
	CompletionRate   float64         `json:"completion_rate,omitempty"` // 0..1 when stated
	Prerequisites    []string        `json:"prerequisites,omitempty"`
	HandsOn          bool            `json:"hands_on,omitempty"`
	Mentor           bool            `json:"mentor,omitempty"`
	CrawledAt        time.Time       `json:"crawled_at,omitzero"`
	ContentHash      string          `json:"content_hash,omitempty"`
}

// Provider is an organization that offers credentials.
type Provider struct {
	ID   string `json:"id"` // slug of the name
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}
