package crawler_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/skillmatch/skillmatch/crawler"
)

func ExampleParseHours() {
	for _, s := range []string{"PT20H", "P6W", "4 weeks, 5 hours/week", "90 minutes"} {
		h, _ := crawler.ParseHours(s)
		fmt.Println(s, "=", h, "hours")
	}
	// Output:
	// PT20H = 20 hours
	// P6W = 240 hours
	// 4 weeks, 5 hours/week = 20 hours
	// 90 minutes = 1.5 hours
}

func ExampleHTMLToText() {
	fmt.Println(crawler.HTMLToText("<p>We build tools.</p><h3>Requirements</h3><ul><li>Go</li><li>SQL</li></ul>"))
	// Output:
	// We build tools.
	// Requirements
	// - Go
	// - SQL
}

func ExampleCrawler_Run() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<script type="application/ld+json">{"@type":"JobPosting","title":"Welder","hiringOrganization":"Steel Co","description":"MIG and TIG"}</script>`)
	}))
	defer srv.Close()

	sink := &crawler.MemSink{}
	c, err := crawler.New(crawler.Config{
		UserAgent:    "example-bot/1.0 (+https://example.org/contact)",
		AllowPrivate: true, // the test server is on loopback
		Sources:      []crawler.SourceSpec{{Type: "jsonld", URL: srv.URL + "/jobs/1"}},
	}, sink)
	if err != nil {
		panic(err)
	}
	sum, err := c.Run(context.Background())
	if err != nil {
		panic(err)
	}
	p := sink.Snapshot()[0].Posting
	fmt.Println(sum.Pages, sum.Records["posting"], p.Title, p.Organization.Name)
	// Output: 1 1 Welder Steel Co
}
