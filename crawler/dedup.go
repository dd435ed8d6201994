package crawler

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"sort"
	"strings"
	"unicode"

	"github.com/skillmatch/skillmatch"
)

// CanonicalURL normalizes u for identity: lower-case scheme and host,
// default port, fragment and tracking parameters (utm_*, gclid, fbclid)
// removed, remaining query parameters sorted, empty path as "/". It returns
// u unchanged when it does not parse as an absolute URL.
func CanonicalURL(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || p.Host == "" || p.Scheme == "" {
		return strings.TrimSpace(u)
	}
	p.Scheme = strings.ToLower(p.Scheme)
	p.Host = strings.ToLower(p.Host)
	if (p.Scheme == "http" && strings.HasSuffix(p.Host, ":80")) || (p.Scheme == "https" && strings.HasSuffix(p.Host, ":443")) {
		p.Host = p.Host[:strings.LastIndexByte(p.Host, ':')]
	}
	p.Fragment, p.RawFragment = "", ""
	if p.Path == "" {
		p.Path = "/"
	}
	if p.RawQuery != "" {
		q := p.Query()
		for k := range q {
			lk := strings.ToLower(k)
			if strings.HasPrefix(lk, "utm_") || lk == "gclid" || lk == "fbclid" || lk == "gh_src" {
				q.Del(k)
			}
		}
		p.RawQuery = q.Encode() // sorted by key
	}
	return p.String()
}

// normText lower-cases s and keeps letters and digits, single-spaced.
func normText(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		} else {
			space = true
		}
	}
	return b.String()
}

// orgSuffixes are legal-form words dropped when comparing employers.
var orgSuffixes = map[string]bool{"inc": true, "llc": true, "ltd": true, "limited": true, "gmbh": true,
	"ag": true, "sa": true, "plc": true, "corp": true, "corporation": true, "co": true, "bv": true, "srl": true, "oy": true, "ab": true}

// normOrg normalizes an organization name for duplicate detection.
func normOrg(s string) string {
	f := strings.Fields(normText(s))
	for len(f) > 1 && orgSuffixes[f[len(f)-1]] {
		f = f[:len(f)-1]
	}
	return strings.Join(f, " ")
}

// normPlace is the locality (first comma-separated part), or "remote".
func normPlace(l skillmatch.Location) string {
	loc := l.Locality
	if loc == "" {
		loc = l.Region
	}
	if loc == "" && l.Remote {
		return "remote"
	}
	loc, _, _ = strings.Cut(loc, ",")
	return normText(loc)
}

func sha(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// contentKey is the hash of normalized title, organization, location and
// description used to catch the same posting under different URLs.
func contentKey(r Record) string {
	if p := r.Posting; p != nil {
		return sha("p", normText(p.Title), normOrg(p.Organization.Name), normPlace(p.Location), normText(p.Description))
	}
	c := r.Credential
	return sha("c", normText(c.Title), normOrg(c.Provider.Name), normText(c.Description))
}

// contentHash hashes the record's content (without crawl time and hash).
func contentHash(r Record) string {
	var b []byte
	if p := r.Posting; p != nil {
		cp := *p
		cp.CrawledAt, cp.ContentHash = zeroTime, ""
		b, _ = json.Marshal(cp)
	} else {
		cp := *r.Credential
		cp.CrawledAt, cp.ContentHash = zeroTime, ""
		b, _ = json.Marshal(cp)
	}
	return sha(string(b))
}

func recordURL(r Record) string {
	u := ""
	if r.Posting != nil {
		u = r.Posting.URL
	} else {
		u = r.Credential.URL
	}
	if u == "" {
		return ""
	}
	return CanonicalURL(u)
}

// keysOf computes the duplicate-filter keys of r.
func keysOf(r Record) recKeys {
	h := ""
	if r.Posting != nil {
		h = r.Posting.ContentHash
	} else {
		h = r.Credential.ContentHash
	}
	if h == "" {
		h = contentHash(r)
	}
	return recKeys{ID: r.ID(), Hash: h, URL: recordURL(r), CK: contentKey(r)}
}

// Verdicts of the duplicate filter (store.dedupCheck): a record is new, an
// update of one already emitted (same ID, new content), unchanged (same ID
// and content) or a duplicate (another ID with the same canonical URL or
// content key).
const (
	verdictNew = iota
	verdictUpdate
	verdictUnchanged
	verdictDuplicate
)

// sortedKeys returns m's keys sorted (for stable output).
func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
