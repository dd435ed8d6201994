// Package crawler discovers and fetches job postings and credential catalogs
// (schema.org JSON-LD and microdata pages, sitemaps, Greenhouse, Lever, Ashby,
// RSS/Atom, Open Badges, local files) politely and resumably, and emits
// skillmatch.Posting and skillmatch.Credential records to a Sink.
//
// It imports only the root package: it must not import extract, index, match
// or taxonomy. Skill extraction happens downstream on the records it writes.
package crawler
