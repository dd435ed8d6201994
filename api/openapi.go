package api

import "github.com/skillmatch/skillmatch/extract"

// The OpenAPI 3 document is built as a Go value: one entry per route, with
// shared parameters. TestOpenAPIMatchesRoutes keeps it in step with the router.

type param struct {
	name, in, desc, typ string
	required            bool
	array               bool
}

func (p param) doc() map[string]any {
	schema := map[string]any{"type": p.typ}
	if p.array {
		schema = map[string]any{"type": "array", "items": map[string]any{"type": p.typ}}
	}
	d := map[string]any{"name": p.name, "in": p.in, "description": p.desc, "required": p.required || p.in == "path", "schema": schema}
	if p.array {
		d["style"], d["explode"] = "form", true
	}
	return d
}

func q(name, typ, desc string) param { return param{name: name, in: "query", typ: typ, desc: desc} }

var (
	pRole       = q("role", "string", "target role as free text; resolved to taxonomy occupations by title, alternate titles or words, else matched against posting titles")
	pOccupation = q("occupation", "string", "taxonomy occupation ID")
	pLocation   = q("location", "string", "country code, region, or \"remote\" (case-insensitive)")
	pSource     = q("source", "string", "posting source")
	pFrom       = q("from", "string", "start date, ISO 8601 (YYYY-MM-DD or RFC 3339); analytics use month granularity")
	pTo         = q("to", "string", "end date, inclusive, ISO 8601")
	pLimit      = q("limit", "integer", "results to return (default 20, capped at 100)")
	pOffset     = q("offset", "integer", "results to skip (0..10000)")
	pID         = param{name: "id", in: "path", typ: "string", desc: "ID, URL-escaped (ESCO URIs: %2F for /)"}
	filterPs    = []param{pRole, pOccupation, pLocation, pSource, pFrom, pTo, pLimit}
	learnerPs   = append(append([]param{}, filterPs...),
		param{name: "have", in: "query", typ: "string", array: true, desc: "skills the learner has (IDs or labels), repeatable or comma-separated"},
		q("max_price", "number", "match: per credential; pathway: total budget"),
		q("max_hours", "number", "match: per credential; pathway: total hours"),
		q("mode", "string", "online, onsite or blended"),
		q("level", "string", "beginner, intermediate or advanced"),
		q("min_rating", "number", "minimum rating 0..5; unrated credentials are excluded"),
		q("hands_on", "boolean", "prefer credentials with hands-on projects"),
		q("mentor", "boolean", "prefer credentials with mentor support"))
)

func errResp(desc string) map[string]any {
	return map[string]any{"description": desc, "content": map[string]any{"application/json": map[string]any{
		"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}}
}

func op(summary, okDesc string, ps []param, errs ...int) map[string]any {
	var params []any
	for _, p := range ps {
		params = append(params, p.doc())
	}
	resp := map[string]any{"200": map[string]any{"description": okDesc, "content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"type": "object"}}}}}
	for _, e := range errs {
		switch e {
		case 400:
			resp["400"] = errResp("bad parameter (bad date, non-numeric limit, unknown value, invalid UTF-8)")
		case 401:
			resp["401"] = errResp("missing or wrong bearer token")
		case 404:
			resp["404"] = errResp("unknown ID, role or route")
		case 413:
			resp["413"] = errResp("body over 5 MB")
		case 415:
			resp["415"] = errResp("unsupported Content-Type")
		}
	}
	resp["429"] = errResp("rate limited")
	o := map[string]any{"summary": summary, "responses": resp}
	if len(params) > 0 {
		o["parameters"] = params
	}
	return o
}

func withBody(o map[string]any, desc string, types ...string) map[string]any {
	content := map[string]any{}
	for _, t := range types {
		content[t] = map[string]any{"schema": map[string]any{"type": "object"}}
	}
	o["requestBody"] = map[string]any{"required": true, "description": desc, "content": content}
	return o
}

func openAPIDoc(ingest bool) map[string]any {
	paths := map[string]any{
		"/healthz": map[string]any{"get": op("Liveness, index size and versions", "status", nil)},
		"/metrics": map[string]any{"get": map[string]any{"summary": "Prometheus metrics (text exposition format)",
			"responses": map[string]any{"200": map[string]any{"description": "metrics", "content": map[string]any{"text/plain": map[string]any{"schema": map[string]any{"type": "string"}}}}}}},
		"/v1/openapi.json": map[string]any{"get": op("This document", "OpenAPI 3 document", nil)},
		"/v1/extract": map[string]any{"post": withBody(op("Extract skill mentions from text or HTML with the serving extractor",
			"mentions with offsets (code points), skills summary, versions", nil, 400, 413, 415),
			`{"text": "..."} or {"html": "..."}, optional "taxonomy" (must be the loaded one or "default")`, "application/json")},
		"/v1/skills":                  map[string]any{"get": op("Skill autocomplete by label prefix", "skills", []param{q("q", "string", "label prefix"), pLimit}, 400)},
		"/v1/skills/{id}":             map[string]any{"get": op("One skill with labels, hierarchy and occupations", "skill", []param{pID}, 404)},
		"/v1/skills/{id}/cooccurring": map[string]any{"get": op("Skills co-occurring with a skill: counts, lift and PMI", "co-occurring skills with n", append([]param{pID, q("sort", "string", "count (default) or lift"), q("min_count", "integer", "with sort=lift, minimum joint count (default 2)")}, filterPs...), 400, 404)},
		"/v1/occupations":             map[string]any{"get": op("Occupation search by title", "occupations", []param{q("q", "string", "title text"), pLimit}, 400)},
		"/v1/occupations/{id}/skills": map[string]any{"get": op("Defining (share inside) and distinguishing (concentration) skills of an occupation", "profile with n", []param{pID, pLocation, pSource, pFrom, pTo, pLimit}, 400, 404)},
		"/v1/postings":                map[string]any{"get": op("Search postings with evidence snippets", "postings with highlighted evidence", []param{q("q", "string", "full text"), q("skill", "string", "skill ID or label"), pOccupation, pLocation, pSource, pFrom, pTo, pLimit, pOffset}, 400, 404)},
		"/v1/postings/{id}":           map[string]any{"get": op("One posting with all its evidence", "posting", []param{pID}, 404)},
		"/v1/demand":                  map[string]any{"get": op("Top skills of the filtered postings with shares, levels and growth", "demand with n", filterPs, 400, 404)},
		"/v1/trends":                  map[string]any{"get": op("Monthly or quarterly share series of skills", "series with n per interval", append([]param{{name: "skill", in: "query", typ: "string", array: true, required: true, desc: "skill IDs or labels, repeatable or comma-separated (at most 20)"}, q("interval", "string", "month (default) or quarter")}, filterPs...), 400, 404)},
		"/v1/charts/demand.svg":       map[string]any{"get": chartOp("Chart of /v1/demand: top skills' share of postings as bars", filterPs)},
		"/v1/charts/trends.svg":       map[string]any{"get": chartOp("Chart of /v1/trends: one line per skill, share of postings per interval", trendsPs)},
		"/v1/salary":                  map[string]any{"get": op("Median advertised annual salary with vs without a skill", "medians with n each", append([]param{{name: "skill", in: "query", typ: "string", required: true, desc: "skill ID or label"}, q("currency", "string", "ISO 4217 code; default the most common")}, filterPs...), 400, 404)},
		"/v1/credentials":             map[string]any{"get": op("Search credentials", "credentials", []param{q("q", "string", "full text"), q("skill", "string", "skill ID or label"), q("provider", "string", "provider ID or name"), q("type", "string", "course, certificate, badge, program, degree"), q("mode", "string", "online, onsite, blended"), q("level", "string", "beginner, intermediate, advanced"), q("max_price", "number", ""), q("max_hours", "number", ""), q("min_rating", "number", ""), pLimit, pOffset}, 400, 404)},
		"/v1/match":                   map[string]any{"get": op("The learner's gap for a role and the credentials that close it, explained", "gap and ranked credentials", learnerPs, 400, 404)},
		"/v1/pathway":                 map[string]any{"get": op("An ordered set of credentials covering the gap within budget and time", "steps with covered share after each", learnerPs, 400, 404)},
		"/v1/providers":               map[string]any{"get": op("Providers with credential counts", "providers", nil)},
		"/v1/providers/{id}/gaps":     map[string]any{"get": op("Demanded skills the provider's catalog does not teach, with competitors' credentials", "gaps and coverage", append([]param{pID}, filterPs...), 400, 404)},
	}
	if ingest {
		for _, kind := range []string{"postings", "credentials"} {
			paths["/v1/ingest/"+kind] = map[string]any{"post": withBody(op("Ingest "+kind+" (bearer token)", "ingestion stats", nil, 400, 401, 413, 415),
				"JSON array or JSON lines of records", "application/json", "application/x-ndjson")}
		}
	}
	schemas := map[string]any{"Error": map[string]any{"type": "object", "required": []string{"error", "code"},
		"properties": map[string]any{"error": map[string]any{"type": "string"}, "code": map[string]any{"type": "string"}}}}
	addResponseSchemas(paths, schemas)
	return map[string]any{
		"openapi": "3.0.3",
		"info": map[string]any{"title": "skillmatch API", "version": "1.0.0",
			"description": "Skill demand from job postings, credential matching for learners, curriculum gaps for providers. Extractor " + extract.Version + "."},
		"paths": paths,
		"components": map[string]any{
			"schemas":         schemas,
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
		},
	}
}
