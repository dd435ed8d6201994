package taxonomy

import (
	"embed"
	"fmt"
	"io/fs"
	"sync"
)

// DefaultVersion is the version string of the bundled default taxonomy.
const DefaultVersion = "default-2026.1"

// defaultFiles holds the bundled default taxonomy in the file format
// (skills_<sector>.csv and occupations*.csv), reviewed and extended in the
// repository under taxonomy/default/.
//
//go:embed default/*.csv
var defaultFiles embed.FS

var loadDefault = sync.OnceValues(func() (*Taxonomy, error) {
	sub, err := fs.Sub(defaultFiles, "default")
	if err != nil {
		return nil, err
	}
	return LoadFS(sub, DefaultVersion)
})

func init() {
	Register("default", func(arg string) (*Taxonomy, error) {
		if arg != "" {
			return nil, fmt.Errorf("default takes no argument, got %q (for your own files use file:PATH)", arg)
		}
		return Default()
	})
}

// Default returns the bundled default taxonomy, loaded from the embedded
// files on first use and shared afterwards (a Taxonomy is immutable).
func Default() (*Taxonomy, error) { return loadDefault() }
