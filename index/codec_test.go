package index

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
)

func TestRowCodec(t *testing.T) {
	rows := []rowRecord{
		{Month: -1, Skills: []string{}, Required: []string{}, Preferred: []string{}, Title: []string{}},
		{Month: MonthOf(2026, 3), Occupation: "data-scientist", Country: "DE", Region: "Bavaria", Source: "greenhouse",
			Org: "Acme Ünïcode", Currency: "EUR", Salary: 70500.5, Remote: true,
			Skills: []string{"python", "sql"}, Required: []string{"python"}, Preferred: []string{"sql"}, Title: []string{"senior", "data", "scientist"}},
	}
	for _, r := range rows {
		b := encodeRow(&r)
		var got rowRecord
		if err := decodeRow(b, &got); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, r) {
			t.Errorf("round trip:\n got %+v\nwant %+v", got, r)
		}
		for cut := 0; cut < len(b); cut++ { // every truncation is an error, never a panic
			var x rowRecord
			if err := decodeRow(b[:cut], &x); err == nil {
				t.Errorf("truncated at %d/%d decoded without error", cut, len(b))
			}
		}
	}
}

// rowFromBytes (the Open path) must agree with toRow over decodeRow.
func TestRowFromBytesMatchesToRow(t *testing.T) {
	r := rowRecord{Month: MonthOf(2025, 7), Occupation: "o", Country: "DE", Source: "s", Org: "Acme", Currency: "EUR", Salary: 1,
		Skills: []string{"sql", "python", "go"}, Required: []string{"sql", "go"}, Preferred: []string{"python"}, Title: []string{"data", "engin"}}
	// Numbers depend on interning order, so compare what they stand for.
	resolve := func(b *tableBuilder, row Row) []string {
		sk, st := b.skills.view(), b.strs.view()
		str := func(n int32) string {
			if n < 0 {
				return ""
			}
			return st[n]
		}
		out := []string{fmt.Sprint(row.Month, row.Salary, row.Remote), str(row.Occupation), str(row.Country), str(row.Region),
			str(row.Source), str(row.Org), str(row.Currency)}
		for _, l := range [][]int32{row.Skills, row.Required, row.Preferred} {
			var names []string
			for _, n := range l {
				names = append(names, sk[n])
			}
			sort.Strings(names)
			out = append(out, strings.Join(names, ","), "|")
		}
		for _, n := range row.Title {
			out = append(out, st[n])
		}
		return out
	}
	a, b := newTableBuilder(), newTableBuilder()
	want := resolve(a, a.toRow(r))
	row, _, err := b.rowFromBytes(encodeRow(&r), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := resolve(b, row); !reflect.DeepEqual(got, want) {
		t.Errorf("rowFromBytes = %q, want %q", got, want)
	}
	enc := encodeRow(&r)
	for cut := 0; cut < len(enc); cut++ {
		if _, _, err := newTableBuilder().rowFromBytes(enc[:cut], nil); err == nil {
			t.Errorf("truncated at %d decoded", cut)
		}
	}
}
