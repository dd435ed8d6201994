package taxonomy

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// csvFile reads a headed CSV file of an external source (ESCO) row by row,
// with columns looked up by header name. It strips a UTF-8 BOM, accepts CRLF
// and quoted multi-line cells, and turns a malformed row into a problem with
// file:line instead of stopping.
type csvFile struct {
	name    string // base name, for messages
	f       *os.File
	r       *csv.Reader
	col     map[string]int
	rec     []string
	problem func(error)
}

// openCSV opens path and reads its header. Every column in required must be
// present, else the file is not what its name claims and that is an error.
func openCSV(path string, problem func(error), required ...string) (*csvFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(f, 1<<16)
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\ufeff")) {
		br.Discard(3)
	}
	r := csv.NewReader(br)
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	c := &csvFile{name: filepath.Base(path), f: f, r: r, col: map[string]int{}, problem: problem}
	header, err := r.Read()
	if err != nil {
		f.Close()
		if err == io.EOF {
			return nil, fmt.Errorf("%s: empty file, want a CSV header", c.name)
		}
		return nil, fmt.Errorf("%s: reading the header: %w", c.name, err)
	}
	for i, h := range header {
		c.col[strings.TrimSpace(h)] = i
	}
	var missing []string
	for _, req := range required {
		if _, ok := c.col[req]; !ok {
			missing = append(missing, req)
		}
	}
	if len(missing) > 0 {
		f.Close()
		return nil, fmt.Errorf("%s: not the expected file: its header lacks %s (found %s)",
			c.name, strings.Join(missing, ", "), strings.Join(header, ","))
	}
	return c, nil
}

// next reads the next row, reporting malformed ones as problems and skipping
// them. It returns false at the end of the file or on a read error.
func (c *csvFile) next() (bool, error) {
	for {
		rec, err := c.r.Read()
		if err == io.EOF {
			return false, nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				c.problem(fmt.Errorf("%s:%d: %w; row skipped", c.name, pe.StartLine, pe.Err))
				continue
			}
			return false, fmt.Errorf("%s: %w", c.name, err)
		}
		if len(rec) == 1 && rec[0] == "" {
			continue
		}
		c.rec = rec
		return true, nil
	}
}

// get returns the trimmed cell of column name in the current row, or "".
func (c *csvFile) get(name string) string {
	if i, ok := c.col[name]; ok && i < len(c.rec) {
		return strings.TrimSpace(c.rec[i])
	}
	return ""
}

// has reports whether the header has column name.
func (c *csvFile) has(name string) bool {
	_, ok := c.col[name]
	return ok
}

// line returns the line the current row starts on.
func (c *csvFile) line() int {
	l, _ := c.r.FieldPos(0)
	return l
}

// where returns "file:line" of the current row.
func (c *csvFile) where() string { return fmt.Sprintf("%s:%d", c.name, c.line()) }

func (c *csvFile) close() { c.f.Close() }

// splitSpec splits a loader argument "DIR?key=value&..." into the path and
// its options, rejecting options not in allowed.
func splitSpec(arg string, allowed ...string) (string, url.Values, error) {
	p, q, found := strings.Cut(arg, "?")
	if p == "" {
		return "", nil, errors.New("needs a directory")
	}
	if !found {
		return p, url.Values{}, nil
	}
	v, err := url.ParseQuery(q)
	if err != nil {
		return "", nil, fmt.Errorf("options %q: %w", q, err)
	}
	for k := range v {
		if !contains(allowed, k) {
			return "", nil, fmt.Errorf("unknown option %q (known: %s)", k, strings.Join(allowed, ", "))
		}
	}
	return p, v, nil
}

// each calls row for every well-formed row until the end of the file, and
// returns the read error that stopped it, if any. A row callback returns to
// skip the rest of its row.
func (c *csvFile) each(row func()) error {
	for {
		ok, err := c.next()
		if err != nil || !ok {
			return err
		}
		row()
	}
}
