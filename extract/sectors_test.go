package extract

import (
	"testing"

	"github.com/skillmatch/skillmatch/taxonomy"
)

// Demand statistics cover every sector, not only software: a skill listed
// under a Requirements heading of a nursing, warehouse, accounting, kitchen or
// trades posting must survive the default confidence threshold. (Added by
// the lead: the confidence model was tuned on SkillSpan, whose postings are
// mostly tech, and dropped "IV therapy" and "wound care" at 0.48 and 0.35.)
func TestNonTechRequirementsSurviveDefaultThreshold(t *testing.T) {
	tax, err := taxonomy.Load("default")
	if err != nil {
		t.Fatal(err)
	}
	ex, err := New(tax, Options{})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, text string
		want       []string // skill labels, looked up in the taxonomy
	}{
		{"nurse", "Requirements\n- Current BLS certification\n- Demonstrable skills in wound care\n- Strong proficiency in IV therapy\n- Experience with medication administration and patient assessment\n",
			[]string{"wound care", "IV therapy", "medication administration", "patient assessment"}},
		{"warehouse", "What you'll need\n- Forklift operation experience\n- Familiar with inventory control and order picking\n- A good understanding of health and safety\n",
			[]string{"order picking", "inventory control"}},
		{"accountant", "Requirements\n- Solid knowledge of account reconciliation and accounts payable\n- Experience preparing financial reporting packs\n",
			[]string{"accounts payable", "financial reporting"}},
		{"chef", "Requirements\n- Proven experience in food preparation\n- Knowledge of HACCP and food safety\n",
			[]string{"food preparation", "HACCP", "food safety"}},
	}
	for _, c := range cases {
		res := ex.Extract(Document{Text: c.text})
		got := map[string]bool{}
		for _, m := range res.Mentions {
			got[m.SkillID] = true
		}
		for _, label := range c.want {
			skills := tax.ByLabel(label)
			if len(skills) == 0 {
				t.Errorf("%s: %q is not in the default taxonomy", c.name, label)
				continue
			}
			found := false
			for _, s := range skills {
				found = found || got[s.ID]
			}
			if !found {
				t.Errorf("%s: %q listed under a requirements heading was not extracted at the default confidence", c.name, label)
			}
		}
	}
}
