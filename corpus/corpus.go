//go:generate go run ./internal/gen -out .

// Package corpus embeds the sample corpus that "skillmatch serve" indexes when
// no --data directory is given: realistic postings and credentials written for
// this project (not crawled from real sites).
//
// It imports only the root domain package.
package corpus

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"

	"github.com/skillmatch/skillmatch"
)

//go:embed postings.jsonl
var postingsJSONL []byte

//go:embed credentials.jsonl
var credentialsJSONL []byte

// Postings decodes the embedded sample postings.
func Postings() ([]skillmatch.Posting, error) {
	return decode[skillmatch.Posting]("postings.jsonl", postingsJSONL)
}

// Credentials decodes the embedded sample credentials.
func Credentials() ([]skillmatch.Credential, error) {
	return decode[skillmatch.Credential]("credentials.jsonl", credentialsJSONL)
}

func decode[T any](name string, data []byte) ([]T, error) {
	var out []T
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), 16<<20)
	for line := 1; sc.Scan(); line++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			return nil, fmt.Errorf("corpus %s:%d: %w", name, line, err)
		}
		out = append(out, v)
	}
	return out, sc.Err()
}
