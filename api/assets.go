package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

// assets serves the embedded web page with content types by extension,
// strong ETags (so browsers revalidate cheaply) and Cache-Control: HTML is
// revalidated on every load, other files are cached for an hour.
type assets struct {
	fsys fs.FS
}

func newAssets(fsys fs.FS) http.Handler { return &assets{fsys: fsys} }

func (a *assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if name == "" {
		name = "index.html"
	}
	data, err := fs.ReadFile(a.fsys, name)
	if err != nil {
		// A directory: its index.html.
		if d, derr := fs.ReadFile(a.fsys, path.Join(name, "index.html")); derr == nil {
			data, name, err = d, path.Join(name, "index.html"), nil
		}
	}
	if err != nil {
		writeError(w, r, notFound("no page or route %s", r.URL.Path))
		return
	}
	sum := sha256.Sum256(data)
	w.Header().Set("ETag", `"`+hex.EncodeToString(sum[:8])+`"`)
	if strings.HasSuffix(name, ".html") {
		w.Header().Set("Cache-Control", "no-cache")
	} else {
		w.Header().Set("Cache-Control", "public, max-age=3600")
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
}
