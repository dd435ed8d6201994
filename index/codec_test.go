package index

import (
	"reflect"
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
