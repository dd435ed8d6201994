package index

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"math"
	"strings"

	"github.com/skillmatch/skillmatch"
	"github.com/skillmatch/skillmatch/taxonomy"
)

// Postings and credentials are stored with compact mentions: label, type
// and URI come back from the taxonomy and the surface from the text, which
// cuts the stored JSON of a typical posting by about half.

type storedMention struct {
	SkillID    string  `json:"k"`
	Start      int     `json:"s"`
	End        int     `json:"e"`
	Confidence float64 `json:"c"`
	Section    string  `json:"x,omitempty"`
	Level      string  `json:"l,omitempty"`
	Years      float64 `json:"y,omitempty"`
	Negated    bool    `json:"n,omitempty"`
	Implied    bool    `json:"i,omitempty"`
	Surface    string  `json:"u,omitempty"` // only when it differs from the text at Start:End
	Label      string  `json:"b,omitempty"` // only when the skill is not in the taxonomy
}

type storedPosting struct {
	skillmatch.Posting
	Mentions            []storedMention `json:"mentions"`
	Skills              []string        `json:"skills"`
	Required            []string        `json:"required,omitempty"`
	Preferred           []string        `json:"preferred,omitempty"`
	OccupationFromTitle bool            `json:"occupation_from_title,omitempty"`
	TaxonomyVersion     string          `json:"taxonomy_version"`
	ExtractorVersion    string          `json:"extractor_version"`
}

func encodePosting(d *PostingDoc, tax *taxonomy.Taxonomy) ([]byte, error) {
	sp := storedPosting{Posting: d.Posting, Skills: d.Skills, Required: d.Required, Preferred: d.Preferred,
		OccupationFromTitle: d.OccupationFromTitle, TaxonomyVersion: d.TaxonomyVersion, ExtractorVersion: d.ExtractorVersion,
		Mentions: compactMentions(d.Mentions, d.Description, tax)}
	return json.Marshal(&sp)
}

func decodePosting(b []byte, tax *taxonomy.Taxonomy) (*PostingDoc, error) {
	var sp storedPosting
	if err := json.Unmarshal(b, &sp); err != nil {
		return nil, err
	}
	return &PostingDoc{Posting: sp.Posting, Skills: sp.Skills, Required: sp.Required, Preferred: sp.Preferred,
		OccupationFromTitle: sp.OccupationFromTitle, TaxonomyVersion: sp.TaxonomyVersion, ExtractorVersion: sp.ExtractorVersion,
		Mentions: expandMentions(sp.Mentions, sp.Description, tax)}, nil
}

// rowVersion is the first byte of an encoded rowRecord.
const rowVersion = 1

// encodeRow writes a rowRecord in a compact binary form (JSON decoding was
// two thirds of Open's time on 200,000 rows).
func encodeRow(r *rowRecord) []byte {
	b := make([]byte, 0, 256)
	b = append(b, rowVersion)
	b = binary.AppendVarint(b, int64(r.Month))
	for _, s := range []string{r.Occupation, r.Country, r.Region, r.Source, r.Org, r.Currency} {
		b = appendString(b, s)
	}
	b = binary.LittleEndian.AppendUint32(b, math.Float32bits(r.Salary))
	if r.Remote {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	for _, l := range [][]string{r.Skills, r.Required, r.Preferred, r.Title} {
		b = binary.AppendUvarint(b, uint64(len(l)))
		for _, s := range l {
			b = appendString(b, s)
		}
	}
	return b
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

var errBadRow = errors.New("malformed row")

// decodeRow reads what encodeRow wrote.
func decodeRow(b []byte, r *rowRecord) error {
	if len(b) == 0 || b[0] != rowVersion {
		return errBadRow
	}
	b = b[1:]
	m, n := binary.Varint(b)
	if n <= 0 {
		return errBadRow
	}
	r.Month, b = int32(m), b[n:]
	str := func() (string, bool) {
		l, n := binary.Uvarint(b)
		if n <= 0 || uint64(len(b)-n) < l {
			return "", false
		}
		s := string(b[n : n+int(l)])
		b = b[n+int(l):]
		return s, true
	}
	for _, p := range []*string{&r.Occupation, &r.Country, &r.Region, &r.Source, &r.Org, &r.Currency} {
		s, ok := str()
		if !ok {
			return errBadRow
		}
		*p = s
	}
	if len(b) < 5 {
		return errBadRow
	}
	r.Salary = math.Float32frombits(binary.LittleEndian.Uint32(b))
	r.Remote = b[4] == 1
	b = b[5:]
	for _, p := range []*[]string{&r.Skills, &r.Required, &r.Preferred, &r.Title} {
		c, n := binary.Uvarint(b)
		if n <= 0 || c > uint64(len(b)) {
			return errBadRow
		}
		b = b[n:]
		l := make([]string, 0, c)
		for i := uint64(0); i < c; i++ {
			s, ok := str()
			if !ok {
				return errBadRow
			}
			l = append(l, s)
		}
		*p = l
	}
	return nil
}

// storedCredential is a credential with compact mentions (see storedPosting);
// the mention offsets are into credentialText.
type storedCredential struct {
	skillmatch.Credential
	ProviderID       string          `json:"provider_id"`
	Mentions         []storedMention `json:"mentions"`
	Skills           []string        `json:"skills"`
	UnresolvedSkills []string        `json:"unresolved_skills,omitempty"`
	TaxonomyVersion  string          `json:"taxonomy_version"`
	ExtractorVersion string          `json:"extractor_version"`
}

// credentialText is the text a credential's mentions point into: title,
// description and learning outcomes joined by newlines.
func credentialText(c *skillmatch.Credential) string {
	t := c.Title + "\n" + c.Description
	if len(c.LearningOutcomes) > 0 {
		t += "\n" + strings.Join(c.LearningOutcomes, "\n")
	}
	return t
}

func compactMentions(ms []skillmatch.Mention, text string, tax *taxonomy.Taxonomy) []storedMention {
	runes := []rune(text)
	out := make([]storedMention, len(ms))
	for i, m := range ms {
		sm := storedMention{SkillID: m.SkillID, Start: m.Start, End: m.End, Confidence: m.Confidence,
			Section: string(m.Section), Level: string(m.Level), Years: m.Years, Negated: m.Negated, Implied: m.Implied}
		if m.Start < 0 || m.End > len(runes) || m.Start > m.End || string(runes[m.Start:m.End]) != m.Surface {
			sm.Surface = m.Surface
		}
		if s, ok := tax.Skill(m.SkillID); !ok || s.Label != m.Label || s.Type != m.Type || s.ESCOURI() != m.URI {
			sm.Label = m.Label
		}
		out[i] = sm
	}
	return out
}

func expandMentions(sms []storedMention, text string, tax *taxonomy.Taxonomy) []skillmatch.Mention {
	out := make([]skillmatch.Mention, len(sms))
	var runes []rune
	for i, sm := range sms {
		m := skillmatch.Mention{SkillID: sm.SkillID, Start: sm.Start, End: sm.End, Confidence: sm.Confidence,
			Section: skillmatch.Section(sm.Section), Level: skillmatch.Level(sm.Level), Years: sm.Years,
			Negated: sm.Negated, Implied: sm.Implied, Surface: sm.Surface, Label: sm.Label}
		if m.Surface == "" {
			if runes == nil {
				runes = []rune(text)
			}
			if m.Start >= 0 && m.End <= len(runes) && m.Start <= m.End {
				m.Surface = string(runes[m.Start:m.End])
			}
		}
		if s, ok := tax.Skill(m.SkillID); ok {
			if m.Label == "" {
				m.Label = s.Label
			}
			m.Type, m.URI = s.Type, s.ESCOURI()
		} else if m.Label == "" {
			m.Label = m.SkillID
		}
		out[i] = m
	}
	return out
}

func encodeCredential(d *CredentialDoc, tax *taxonomy.Taxonomy) ([]byte, error) {
	sc := storedCredential{Credential: d.Credential, ProviderID: d.ProviderID, Skills: d.Skills,
		UnresolvedSkills: d.UnresolvedSkills, TaxonomyVersion: d.TaxonomyVersion, ExtractorVersion: d.ExtractorVersion,
		Mentions: compactMentions(d.Mentions, credentialText(&d.Credential), tax)}
	return json.Marshal(&sc)
}

func decodeCredential(b []byte, tax *taxonomy.Taxonomy) (*CredentialDoc, error) {
	var sc storedCredential
	if err := json.Unmarshal(b, &sc); err != nil {
		return nil, err
	}
	return &CredentialDoc{Credential: sc.Credential, ProviderID: sc.ProviderID, Skills: sc.Skills,
		UnresolvedSkills: sc.UnresolvedSkills, TaxonomyVersion: sc.TaxonomyVersion, ExtractorVersion: sc.ExtractorVersion,
		Mentions: expandMentions(sc.Mentions, credentialText(&sc.Credential), tax)}, nil
}
