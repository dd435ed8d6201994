// Package web holds the browser page served by "skillmatch serve" at /: static
// HTML, CSS and JavaScript embedded in the binary, using only the public /v1 API.
//
// It imports nothing of the project; the api package serves Assets.
package web

import (
	"embed"
	"io/fs"
)

//go:embed static
var static embed.FS

// Assets is the page's file tree, rooted so that "index.html" is at the top.
var Assets fs.FS = mustSub(static, "static")

func mustSub(f fs.FS, dir string) fs.FS {
	s, err := fs.Sub(f, dir)
	if err != nil {
		panic(err)
	}
	return s
}
