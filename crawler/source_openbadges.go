package crawler

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/skillmatch/skillmatch"
)

func init() { Register("openbadges", newOpenBadgesSource) }

// openBadgesSource reads Open Badges JSON: a 2.0 BadgeClass, a 3.0
// OpenBadgeCredential or Achievement, or any JSON document holding them
// (an array, a list object). Each becomes a credential whose declared
// skills come from alignment: an ESCO skill URI names the skill exactly,
// other targets keep their name, framework and code.
type openBadgesSource struct {
	url string
	org string
}

func newOpenBadgesSource(spec SourceSpec) (Source, error) {
	u, err := url.Parse(spec.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("openbadges: %q is not an absolute http(s) URL", spec.URL)
	}
	return &openBadgesSource{url: spec.URL, org: spec.Organization}, nil
}

func (s *openBadgesSource) Seeds() ([]Request, error) {
	return []Request{{URL: s.url, Kind: "badges"}}, nil
}

// obTypes returns the values of "type" and "@type".
func obTypes(o map[string]any) []string {
	var ts []string
	for _, k := range []string{"type", "@type"} {
		ts = append(ts, strs(o[k])...)
	}
	return ts
}

func obHas(o map[string]any, t string) bool {
	for _, x := range obTypes(o) {
		if strings.EqualFold(x, t) || strings.HasSuffix(x, ":"+t) || strings.HasSuffix(x, "/"+t) {
			return true
		}
	}
	return false
}

func (s *openBadgesSource) Handle(ctx context.Context, res *Response, out *Output) error {
	var v any
	if err := json.Unmarshal(res.Body, &v); err != nil {
		return fmt.Errorf("openbadges: %w", err)
	}
	found := 0
	var walk func(v any, issuer any)
	walk = func(v any, issuer any) {
		switch t := v.(type) {
		case []any:
			for _, e := range t {
				walk(e, issuer)
			}
		case map[string]any:
			switch {
			case obHas(t, "OpenBadgeCredential") || obHas(t, "AchievementCredential"):
				if sub := obj(t["credentialSubject"]); sub != nil {
					if a := obj(sub["achievement"]); a != nil {
						found++
						out.Emit(Record{Credential: s.badge(a, firstNonNil(a["creator"], t["issuer"], issuer), res.URL)})
					}
				}
				return
			case obHas(t, "BadgeClass") || obHas(t, "Achievement"):
				found++
				out.Emit(Record{Credential: s.badge(t, firstNonNil(t["issuer"], t["creator"], issuer), res.URL)})
				return
			}
			for _, k := range sortedKeys(t) {
				walk(t[k], firstNonNil(t["issuer"], issuer))
			}
		}
	}
	walk(v, nil)
	if found == 0 {
		out.Problem("openbadges_none", fmt.Errorf("%s: no BadgeClass, Achievement or OpenBadgeCredential found", res.URL))
	}
	return nil
}

func firstNonNil(vs ...any) any {
	for _, v := range vs {
		if v != nil {
			return v
		}
	}
	return nil
}

// escoSkillPrefix starts every ESCO skill URI.
const escoSkillPrefix = "data.europa.eu/esco/skill/"

// badge maps a BadgeClass or Achievement.
func (s *openBadgesSource) badge(a map[string]any, issuer any, pageURL string) *skillmatch.Credential {
	c := &skillmatch.Credential{
		Title: str(a["name"]),
		URL:   str(a["id"]),
		Type:  skillmatch.CredentialBadge,
	}
	if !strings.HasPrefix(c.URL, "http") {
		c.URL = pageURL
		if id := str(a["id"]); id != "" {
			c.ID = "openbadges:" + id
		}
	}
	desc := descText(str(a["description"]))
	var crit string
	if m := obj(a["criteria"]); m != nil {
		crit = descText(str(m["narrative"]))
	} else if s, ok := a["criteria"].(string); ok && !strings.HasPrefix(s, "http") {
		crit = descText(s)
	}
	if crit != "" {
		desc = strings.TrimSpace(desc + "\nCriteria\n" + crit)
	}
	c.Description = desc
	if issuer != nil {
		c.Provider.Name = str(issuer)
		if m := obj(issuer); m != nil {
			c.Provider.Name = str(m["name"])
			c.Provider.URL = str(m["url"])
			if c.Provider.URL == "" && strings.HasPrefix(str(m["id"]), "http") {
				c.Provider.URL = str(m["id"])
			}
		} else if strings.HasPrefix(c.Provider.Name, "http") {
			c.Provider.URL, c.Provider.Name = c.Provider.Name, ""
		}
	}
	if c.Provider.Name == "" {
		c.Provider.Name = s.org
	}
	switch t := strings.ToLower(str(a["achievementType"])); {
	case t == "":
	case strings.Contains(t, "degree") || strings.Contains(t, "diploma"):
		c.Type = skillmatch.CredentialDegree
	case strings.Contains(t, "certificat") || strings.Contains(t, "license"):
		c.Type = skillmatch.CredentialCertificate
	case strings.Contains(t, "course"):
		c.Type = skillmatch.CredentialCourse
	}
	for _, al := range objs(a["alignment"]) {
		d := skillmatch.DeclaredSkill{
			Name:      str(al["targetName"]),
			URI:       str(al["targetUrl"]),
			Framework: str(al["targetFramework"]),
			Code:      str(al["targetCode"]),
		}
		if d.Framework == "" && strings.Contains(d.URI, escoSkillPrefix) {
			d.Framework = "ESCO"
		}
		if d.Name != "" || d.URI != "" {
			c.DeclaredSkills = append(c.DeclaredSkills, d)
		}
	}
	if h, ok := ParseHours(str(a["timeRequired"])); ok {
		c.Hours = h
	}
	c.Language = str(a["inLanguage"])
	return c
}
