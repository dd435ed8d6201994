package api

import (
	"reflect"
	"strings"
	"time"

	"github.com/skillmatch/skillmatch/index"
	"github.com/skillmatch/skillmatch/match"
)

// Response schemas are derived from the Go types the handlers encode, so
// the OpenAPI document cannot drift from what is sent.

// Envelope types of handlers that answer with an ad-hoc map.
type (
	healthResponse struct {
		Status      string         `json:"status"`
		Postings    int            `json:"postings"`
		Credentials int            `json:"credentials"`
		Versions    match.Versions `json:"versions"`
	}
	skillsResponse struct {
		Q        string     `json:"q"`
		Skills   []skillOut `json:"skills"`
		Taxonomy string     `json:"taxonomy"`
	}
	occupationsResponse struct {
		Q           string          `json:"q"`
		Occupations []occupationOut `json:"occupations"`
		Taxonomy    string          `json:"taxonomy"`
	}
	postingsResponse struct {
		Total    int            `json:"total"`
		Limit    int            `json:"limit"`
		Offset   int            `json:"offset"`
		Postings []postingOut   `json:"postings"`
		Versions match.Versions `json:"versions"`
	}
	credentialsResponse struct {
		Total       int             `json:"total"`
		Limit       int             `json:"limit"`
		Offset      int             `json:"offset"`
		Credentials []credentialOut `json:"credentials"`
	}
	providersResponse struct {
		Providers []match.ProviderInfo `json:"providers"`
	}
)

// responseTypes maps "method path" to the type of its 200 JSON body.
var responseTypes = map[string]reflect.Type{
	"get /healthz":                    reflect.TypeFor[healthResponse](),
	"post /v1/extract":                reflect.TypeFor[extractResponse](),
	"get /v1/skills":                  reflect.TypeFor[skillsResponse](),
	"get /v1/skills/{id}":             reflect.TypeFor[skillOut](),
	"get /v1/skills/{id}/cooccurring": reflect.TypeFor[match.CooccurResult](),
	"get /v1/occupations":             reflect.TypeFor[occupationsResponse](),
	"get /v1/occupations/{id}/skills": reflect.TypeFor[match.OccupationProfile](),
	"get /v1/postings":                reflect.TypeFor[postingsResponse](),
	"get /v1/postings/{id}":           reflect.TypeFor[postingOut](),
	"get /v1/demand":                  reflect.TypeFor[match.DemandResult](),
	"get /v1/trends":                  reflect.TypeFor[match.TrendsResult](),
	"get /v1/salary":                  reflect.TypeFor[match.SalaryResult](),
	"get /v1/credentials":             reflect.TypeFor[credentialsResponse](),
	"get /v1/match":                   reflect.TypeFor[match.MatchResult](),
	"get /v1/pathway":                 reflect.TypeFor[match.PathwayResult](),
	"get /v1/providers":               reflect.TypeFor[providersResponse](),
	"get /v1/providers/{id}/gaps":     reflect.TypeFor[match.GapsResult](),
	"post /v1/ingest/postings":        reflect.TypeFor[index.IngestStats](),
	"post /v1/ingest/credentials":     reflect.TypeFor[index.IngestStats](),
}

// schemaOf returns the JSON schema of t, registering named struct types in
// defs and referring to them.
func schemaOf(t reflect.Type, defs map[string]any) map[string]any {
	if t == reflect.TypeFor[time.Time]() {
		return map[string]any{"type": "string", "format": "date-time"}
	}
	switch t.Kind() {
	case reflect.Pointer:
		s := schemaOf(t.Elem(), defs)
		if _, ref := s["$ref"]; ref {
			return map[string]any{"allOf": []any{s}, "nullable": true}
		}
		s["nullable"] = true
		return s
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem(), defs)}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem(), defs)}
	case reflect.Struct:
		name := schemaName(t)
		if name != "" {
			if _, done := defs[name]; !done {
				defs[name] = map[string]any{} // placeholder against cycles
				defs[name] = structSchema(t, defs)
			}
			return map[string]any{"$ref": "#/components/schemas/" + name}
		}
		return structSchema(t, defs)
	}
	return map[string]any{}
}

func schemaName(t reflect.Type) string {
	if t.Name() == "" {
		return ""
	}
	pkg := t.PkgPath()
	pkg = pkg[strings.LastIndex(pkg, "/")+1:]
	n := t.Name()
	return strings.ToUpper(pkg[:1]) + pkg[1:] + strings.ToUpper(n[:1]) + n[1:]
}

func structSchema(t reflect.Type, defs map[string]any) map[string]any {
	props := map[string]any{}
	var required []string
	var add func(t reflect.Type)
	add = func(t reflect.Type) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			ft := f.Type
			if f.Anonymous && name == "" {
				if ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if ft.Kind() == reflect.Struct {
					add(ft) // embedded fields are promoted
					continue
				}
			}
			if !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			props[name] = schemaOf(ft, defs)
			if !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") && ft.Kind() != reflect.Pointer {
				required = append(required, name)
			}
		}
	}
	add(t)
	s := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

// addResponseSchemas fills the 200 JSON schemas of the paths' operations
// and the named types into defs.
func addResponseSchemas(paths map[string]any, defs map[string]any) {
	for path, ops := range paths {
		for method, o := range ops.(map[string]any) {
			t, ok := responseTypes[method+" "+path]
			if !ok {
				continue
			}
			resp := o.(map[string]any)["responses"].(map[string]any)["200"].(map[string]any)
			resp["content"] = map[string]any{"application/json": map[string]any{"schema": schemaOf(t, defs)}}
		}
	}
}
