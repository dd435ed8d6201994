package web_test

// The end-to-end test: the real server (the API on the embedded sample
// corpus, the embedded page) in-process, driven through the three views by
// headless Chromium. It asserts on what a person sees and writes screenshots
// at desktop and phone width to $SKILLMATCH_E2E_OUT (default: a temporary
// directory). Without Chromium it skips, except under CI=true where it fails.

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/skillmatch/skillmatch"
	"github.com/skillmatch/skillmatch/api"
	"github.com/skillmatch/skillmatch/corpus"
	"github.com/skillmatch/skillmatch/extract"
	"github.com/skillmatch/skillmatch/index"
	"github.com/skillmatch/skillmatch/taxonomy"
	"github.com/skillmatch/skillmatch/web"
)

// findChrome returns the browser to drive, or skips (fails under CI=true).
func findChrome(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CHROME_PATH"); p != "" {
		if _, err := os.Stat(p); err == nil {
			return p
		}
		t.Fatalf("CHROME_PATH=%s: no such file", p)
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	msg := "no Chromium found (looked for $CHROME_PATH, chromium, chromium-browser, google-chrome); install Debian's chromium package to run the browser test"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// startServer serves the API and the page on the embedded sample corpus, the
// way "skillmatch serve" does without --data.
func startServer(t *testing.T) *httptest.Server {
	t.Helper()
	tax, err := taxonomy.Load("default")
	if err != nil {
		t.Fatal(err)
	}
	ex, err := extract.New(tax, extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open("", ex, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	ps, err := corpus.Postings()
	if err != nil {
		t.Fatal(err)
	}
	cs, err := corpus.Credentials()
	if err != nil {
		t.Fatal(err)
	}
	ps = append(ps, hostilePosting)
	ctx := context.Background()
	if _, err := ix.AddPostings(ctx, ps); err != nil {
		t.Fatal(err)
	}
	if _, err := ix.AddCredentials(ctx, cs); err != nil {
		t.Fatal(err)
	}
	h, err := api.New(api.Config{Index: ix, Log: io.Discard, RateLimit: -1, Assets: web.Assets})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// hostilePosting carries markup and a javascript: URL, as a crawled page
// could; the page must show it as text and never run it.
var hostilePosting = skillmatch.Posting{
	ID: "e2e:hostile", Source: "e2e", Title: `Zyxwv Analyst <img src=x onerror="window.__xss=1">`,
	URL:         "javascript:window.__xss=2",
	DatePosted:  time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
	Location:    skillmatch.Location{Country: "GB", Region: "England"},
	Description: "Requirements:\n- Strong SQL <script>window.__xss=3</script> skills\n- Tableau <b onmouseover=\"window.__xss=4\">dashboards</b>\n",
}

// getJSON asks the API directly, for the answers the page must show.
func getJSON(t *testing.T, base, path string, v any) {
	t.Helper()
	resp, err := http.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, b)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

type demandAnswer struct {
	N      int `json:"n"`
	Skills []struct {
		ID    string  `json:"skill_id"`
		Label string  `json:"label"`
		Share float64 `json:"share"`
	} `json:"skills"`
}

// Timing is the first-render measurement the test writes to timing.json.
type Timing struct {
	DOMContentLoadedMS float64 `json:"dom_content_loaded_ms"`
	LoadMS             float64 `json:"load_ms"`
	FirstDataRenderMS  float64 `json:"first_data_render_ms"`
	TransferBytes      float64 `json:"page_transfer_bytes"`
}

func TestBrowser(t *testing.T) {
	chrome := findChrome(t)
	out := os.Getenv("SKILLMATCH_E2E_OUT")
	if out == "" {
		out = t.TempDir()
	} else if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	srv := startServer(t)

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chrome),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	bctx, cancelB := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	defer cancelB()
	// Start the browser without a deadline (a deadline on the first Run
	// would bound the browser's life), then bound the whole test.
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting %s: %v", chrome, err)
	}
	ctx, cancel := context.WithTimeout(bctx, 2*time.Minute)
	defer cancel()

	shot := func(t *testing.T, name string) {
		t.Helper()
		b, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		p := filepath.Join(out, name+".png")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot %s", p)
	}
	must := func(t *testing.T, what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	// run runs a JavaScript action. Right after a navigation it may still
	// address the old page's context, which Chromium has just destroyed:
	// that error is transient, so it runs again in the new one.
	run := func(act chromedp.Action[json.RawMessage]) (json.RawMessage, error) {
		var v json.RawMessage
		var err error
		for try := 0; try < 5; try++ {
			if v, err = chromedp.Run(ctx, act); err == nil || !strings.Contains(err.Error(), "Cannot find context with specified id") {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		return v, err
	}
	// poll waits until the JavaScript expression is truthy and returns it.
	poll := func(t *testing.T, what, expr string) string {
		t.Helper()
		v, err := run(chromedp.Poll[json.RawMessage](expr, chromedp.WithPollingTimeout(20*time.Second)))
		if err != nil {
			t.Fatalf("waiting for %s: %v", what, err)
		}
		var s string
		if json.Unmarshal(v, &s) == nil {
			return s
		}
		return string(v)
	}
	eval := func(t *testing.T, expr string, v any) {
		t.Helper()
		raw, err := run(chromedp.Evaluate[json.RawMessage](expr, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("evaluating %s: %v", expr, err)
		}
		if err := json.Unmarshal(raw, v); err != nil {
			t.Fatalf("decoding %s: %v", raw, err)
		}
	}
	// chart reads what the chart <img> shows: loaded, its size and the SVG
	// text behind it.
	type chartSeen struct {
		Loaded bool   `json:"loaded"`
		Width  int    `json:"width"`
		Alt    string `json:"alt"`
		Src    string `json:"src"`
		SVG    string `json:"svg"`
	}
	chart := func(t *testing.T, id string) chartSeen {
		t.Helper()
		poll(t, "chart "+id+" to load", fmt.Sprintf(`(() => { const i = document.getElementById(%q); return i && i.src && i.complete && i.naturalWidth > 0 && !i.closest("[hidden]"); })()`, id))
		var c chartSeen
		eval(t, fmt.Sprintf(`(async () => { const i = document.getElementById(%q);
			const svg = await (await fetch(i.src)).text();
			return {loaded: i.complete, width: i.naturalWidth, alt: i.alt, src: i.src, svg: svg}; })()`, id), &c)
		return c
	}
	// inChart reports whether a label is drawn in the SVG (go-chart shortens
	// long labels and escapes XML).
	inChart := func(svg, label string) bool {
		r := []rune(label)
		if len(r) > 18 {
			r = r[:18]
		}
		return strings.Contains(svg, html.EscapeString(string(r))) || strings.Contains(svg, string(r))
	}

	t.Run("demand", func(t *testing.T) {
		must(t, "open the page", chromedp.Navigate(srv.URL+"/"))
		first := poll(t, "the demand table", `(() => { const th = document.querySelector("#d-table tbody tr th"); return th && th.textContent; })()`)
		var all demandAnswer
		getJSON(t, srv.URL, "/v1/demand?limit=15", &all)
		if len(all.Skills) == 0 || first != all.Skills[0].Label {
			t.Fatalf("first row %q, API's top skill %+v", first, all.Skills)
		}
		c := chart(t, "d-chart")
		for _, s := range all.Skills[:5] {
			if !inChart(c.SVG, s.Label) {
				t.Errorf("bar %q not in the demand chart", s.Label)
			}
		}
		if !strings.Contains(c.Alt, all.Skills[0].Label) || !strings.Contains(c.Alt, fmt.Sprintf("%d postings", all.N)) {
			t.Errorf("chart alt text %q lacks the top skill or n", c.Alt)
		}
		status := poll(t, "status", `document.getElementById("d-status").textContent`)
		if !strings.Contains(status, fmt.Sprintf("%d postings", all.N)) {
			t.Errorf("status %q does not state n=%d", status, all.N)
		}
		// First render, twice: this first load of a cold browser, then a load
		// in the warm browser with its HTTP cache disabled (what a new
		// visitor's browser does).
		timing := func() Timing {
			var tm Timing
			eval(t, `(() => { const n = performance.getEntriesByType("navigation")[0];
				return {dom_content_loaded_ms: n.domContentLoadedEventEnd, load_ms: n.loadEventEnd, first_data_render_ms: window.__firstData || 0,
					page_transfer_bytes: performance.getEntriesByType("resource").filter(r => !r.name.includes("/v1/")).reduce((a, r) => a + r.transferSize, n.transferSize)}; })()`, &tm)
			if tm.FirstDataRenderMS <= 0 {
				t.Errorf("first data render not recorded: %+v", tm)
			}
			return tm
		}
		cold := timing()
		must(t, "disable the cache", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			if _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); err != nil {
				return err
			}
			_, err := cdp.Call(ctx, tg, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true})
			return err
		}), chromedp.Navigate(srv.URL+"/?timing"))
		poll(t, "the data of the second load", `window.__firstData > 0`)
		warm := timing()
		must(t, "enable the cache", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: false})
			return err
		}))
		for _, x := range []struct {
			name string
			tm   Timing
		}{{"cold browser", cold}, {"warm browser, no cache", warm}} {
			t.Logf("first render, %s: DOMContentLoaded %.0f ms, first data render %.0f ms, load %.0f ms, page assets %.0f bytes",
				x.name, x.tm.DOMContentLoadedMS, x.tm.FirstDataRenderMS, x.tm.LoadMS, x.tm.TransferBytes)
		}
		if b, err := json.MarshalIndent(map[string]Timing{"cold_browser": cold, "warm_browser_no_cache": warm}, "", "  "); err == nil {
			os.WriteFile(filepath.Join(out, "timing.json"), b, 0o644)
		}

		// A role by keyboard: type, arrow down to the first suggestion, Enter.
		must(t, "type a role", chromedp.SendKeys(chromedp.CSS("#d-role"), "data analyst"))
		sug := poll(t, "role suggestions", `(() => { const o = document.querySelector("#d-role-list:not([hidden]) [role=option]"); return o && o.firstChild.textContent; })()`)
		must(t, "pick it", chromedp.SendKeys(chromedp.CSS("#d-role"), kb.ArrowDown), chromedp.SendKeys(chromedp.CSS("#d-role"), kb.Enter))
		if v := poll(t, "the picked role", `document.getElementById("d-role").value`); v != sug {
			t.Errorf("role input %q after picking %q", v, sug)
		}
		must(t, "submit", chromedp.Click(chromedp.CSS("#demand-form button[type=submit]")))
		poll(t, "the role's demand", fmt.Sprintf(`document.getElementById("d-chart").src.includes(%q) && !document.getElementById("d-out").hasAttribute("aria-busy")`, "demand.svg?"))
		c = chart(t, "d-chart")
		u, err := url.Parse(c.Src)
		if err != nil {
			t.Fatal(err)
		}
		if u.Query().Get("role") == "" && u.Query().Get("occupation") == "" {
			t.Fatalf("the chart %s is not of the chosen role", c.Src)
		}
		var role demandAnswer
		getJSON(t, srv.URL, "/v1/demand?"+u.RawQuery, &role)
		first = poll(t, "the role's table", `document.querySelector("#d-table tbody tr th").textContent`)
		if len(role.Skills) == 0 || first != role.Skills[0].Label || !inChart(c.SVG, role.Skills[0].Label) {
			t.Fatalf("role %q: first row %q, chart has top? %v; API: %+v", sug, first, inChart(c.SVG, role.Skills[0].Label), role.Skills[:1])
		}

		// Choose the top skill: trend, co-occurring skills, highlighted evidence.
		must(t, "choose the top skill", chromedp.Click(chromedp.CSS("#d-table tbody tr th button")))
		mark := poll(t, "highlighted evidence", `(() => { const m = document.querySelector("#sd-evidence mark"); return m && m.textContent; })()`)
		if strings.TrimSpace(mark) == "" {
			t.Error("empty highlighted mention")
		}
		poll(t, "co-occurring skills", `document.querySelectorAll("#sd-co button").length > 0`)
		poll(t, "detail loaded", `!document.getElementById("skill-detail").hasAttribute("aria-busy")`)
		// A trend line, or, when the share is the same every month, a sentence.
		// trendShares returns a skill's shares in the months with postings.
		trendShares := func(id string) []float64 {
			var tr struct {
				Series []struct {
					Points []struct {
						N     int     `json:"n"`
						Share float64 `json:"share"`
					} `json:"points"`
				} `json:"series"`
			}
			tq := u.Query()
			tq.Del("limit")
			tq.Set("skill", id)
			getJSON(t, srv.URL, "/v1/trends?"+tq.Encode(), &tr)
			var shares []float64
			for _, p := range tr.Series[0].Points {
				if p.N > 0 {
					shares = append(shares, p.Share)
				}
			}
			return shares
		}
		flat := func(xs []float64) bool {
			for _, x := range xs {
				if x != xs[0] {
					return false
				}
			}
			return len(xs) > 1
		}
		if shares := trendShares(role.Skills[0].ID); flat(shares) {
			st := poll(t, "the flat-trend sentence", `document.getElementById("sd-status").textContent`)
			if want := fmt.Sprintf("%s was in %.0f%% of the postings of every month", role.Skills[0].Label, shares[0]*100); !strings.HasPrefix(st, want) {
				t.Errorf("flat trend: status %q, want %q...", st, want)
			}
		}
		// A skill whose share varies: its trend is drawn.
		varied := ""
		for _, s := range role.Skills {
			if xs := trendShares(s.ID); len(xs) > 1 && !flat(xs) {
				varied = s.ID
				must(t, "choose "+s.Label, chromedp.Click(chromedp.CSS(fmt.Sprintf(`#d-table tr[data-skill=%q] button`, s.ID))))
				poll(t, "its detail", fmt.Sprintf(`document.getElementById("sd-title").textContent === %q && !document.getElementById("skill-detail").hasAttribute("aria-busy")`, s.Label))
				tc := chart(t, "sd-chart")
				if !strings.Contains(tc.SVG, "<svg") || !strings.Contains(tc.SVG, "Share of postings by month") || !strings.Contains(tc.Alt, s.Label) {
					t.Errorf("trend chart of %s: alt %q", s.Label, tc.Alt)
				}
				break
			}
		}
		if varied == "" {
			t.Error("no skill of the role has a varying trend to draw")
		}
		shot(t, "desktop-demand")

		// A bad period shows the API's error message.
		must(t, "set a reversed period", chromedp.SetValue(chromedp.CSS("#d-from"), "2026-05"), chromedp.SetValue(chromedp.CSS("#d-to"), "2026-01"),
			chromedp.Click(chromedp.CSS("#demand-form button[type=submit]")))
		msg := poll(t, "the error message", `(() => { const e = document.getElementById("d-error"); return !e.hidden && e.textContent; })()`)
		if !strings.Contains(msg, "after") {
			t.Errorf("error message %q does not explain the reversed period", msg)
		}
		must(t, "clear the period", chromedp.SetValue(chromedp.CSS("#d-from"), ""), chromedp.SetValue(chromedp.CSS("#d-to"), ""))
	})

	t.Run("shared link", func(t *testing.T) {
		var d demandAnswer
		getJSON(t, srv.URL, "/v1/demand?role=data+analyst&from=2025-06-01&limit=15", &d)
		if len(d.Skills) < 2 {
			t.Fatalf("demand for data analyst: %+v", d)
		}
		s := d.Skills[1]
		must(t, "open a shared link", chromedp.Navigate(srv.URL+"/?role=data+analyst&from=2025-06&skill="+url.QueryEscape(s.ID)+"#demand"))
		title := poll(t, "the skill detail", `(() => { const h = document.getElementById("sd-title"); return !document.getElementById("skill-detail").hidden && h.textContent; })()`)
		if title != s.Label {
			t.Errorf("shared link opened %q, want %q", title, s.Label)
		}
		var form struct{ Role, From, Status string }
		eval(t, `({Role: document.getElementById("d-role").value, From: document.getElementById("d-from").value, Status: document.getElementById("d-status").textContent})`, &form)
		if form.Role != "data analyst" || form.From != "2025-06" || !strings.Contains(form.Status, fmt.Sprintf("%d postings match", d.N)) {
			t.Errorf("shared link restored %+v, want role, from and n=%d", form, d.N)
		}
	})

	t.Run("keyboard", func(t *testing.T) {
		must(t, "open the page", chromedp.Navigate(srv.URL+"/?keyboard"))
		poll(t, "the first demand", `document.querySelector("#d-table tbody tr") != null`)
		active := func() string {
			var s string
			eval(t, `(() => { const a = document.activeElement; return a.id || a.className || a.tagName; })()`, &s)
			return s
		}
		must(t, "Tab", chromedp.KeyEvent(kb.Tab))
		if a := active(); a != "skip" {
			t.Errorf("first Tab stop is %q, want the skip link", a)
		}
		must(t, "Tab", chromedp.KeyEvent(kb.Tab))
		if a := active(); a != "tab-demand" {
			t.Errorf("second Tab stop is %q, want the selected tab", a)
		}
		must(t, "ArrowRight", chromedp.KeyEvent(kb.ArrowRight))
		var shown struct {
			Active   string `json:"active"`
			Selected string `json:"selected"`
			Learner  bool   `json:"learner"`
			Demand   bool   `json:"demand"`
		}
		eval(t, `({active: document.activeElement.id, selected: document.querySelector("[role=tab][aria-selected=true]").id,
			learner: !document.getElementById("panel-learner").hidden, demand: !document.getElementById("panel-demand").hidden})`, &shown)
		if shown.Active != "tab-learner" || shown.Selected != "tab-learner" || !shown.Learner || shown.Demand {
			t.Errorf("after ArrowRight on the tabs: %+v", shown)
		}
		// Tab from the tab list goes into the panel: the role field.
		must(t, "Tab", chromedp.KeyEvent(kb.Tab))
		if a := active(); a != "panel-learner" && a != "l-role" {
			t.Errorf("Tab after the tabs went to %q", a)
		}
	})

	t.Run("hostile data is text", func(t *testing.T) {
		must(t, "open the page", chromedp.Navigate(srv.URL+"/?hostile#demand"))
		poll(t, "the first demand", `document.querySelector("#d-table tbody tr") != null && !document.getElementById("d-out").hasAttribute("aria-busy")`)
		must(t, "ask for the hostile posting's role", chromedp.SetValue(chromedp.CSS("#d-role"), "Zyxwv Analyst"),
			chromedp.Click(chromedp.CSS("#demand-form button[type=submit]")))
		poll(t, "its demand", `(() => { const b = document.querySelector('#d-table tr[data-skill="sql"] button'); return b && !document.getElementById("d-out").hasAttribute("aria-busy"); })()`)
		must(t, "choose SQL", chromedp.Click(chromedp.CSS(`#d-table tr[data-skill="sql"] button`)))
		title := poll(t, "the hostile posting quoted", `(() => { const a = document.querySelector("#sd-evidence li div"); return !document.getElementById("skill-detail").hasAttribute("aria-busy") && a && a.textContent; })()`)
		if title != hostilePosting.Title {
			t.Fatalf("first quoted posting %q, want the hostile one shown as text", title)
		}
		var seen struct {
			XSS    any    `json:"xss"`
			Img    bool   `json:"img"`
			Script bool   `json:"script"`
			JSLink bool   `json:"jslink"`
			Quote  string `json:"quote"`
		}
		eval(t, `({xss: window.__xss === undefined ? null : window.__xss, img: !!document.querySelector('#main img[src="x"]'),
			script: !!document.querySelector("#sd-evidence script"), jslink: !!document.querySelector('a[href^="javascript:"]'),
			quote: document.querySelector("#sd-evidence blockquote").textContent})`, &seen)
		if seen.XSS != nil || seen.Img || seen.Script || seen.JSLink {
			t.Errorf("hostile posting became markup or code: %+v", seen)
		}
		if !strings.Contains(seen.Quote, "<script>") {
			t.Errorf("the quote %q does not show the posting's text as written", seen.Quote)
		}
		must(t, "clear the role", chromedp.Evaluate[chromedp.Void](`document.getElementById("d-role").value = ""`))
	})

	t.Run("learner", func(t *testing.T) {
		must(t, "open the learner view", chromedp.Navigate(srv.URL+"/?learner#demand"), chromedp.Click(chromedp.CSS("#tab-learner")), chromedp.WaitVisible(chromedp.CSS("#l-role")),
			chromedp.SendKeys(chromedp.CSS("#l-role"), "data analyst"), chromedp.SendKeys(chromedp.CSS("#l-role"), kb.Escape),
			chromedp.SendKeys(chromedp.CSS("#l-have"), "SQL"))
		poll(t, "skill suggestions", `document.querySelector("#l-have-list:not([hidden]) [role=option]") != null`)
		must(t, "pick SQL", chromedp.SendKeys(chromedp.CSS("#l-have"), kb.ArrowDown), chromedp.SendKeys(chromedp.CSS("#l-have"), kb.Enter))
		chip := poll(t, "a skill chip", `(() => { const c = document.querySelector("#l-have-chips li span"); return c && c.textContent; })()`)
		// Enter alone adds the first suggestion and does not submit the form.
		must(t, "type Excel and Enter", chromedp.SendKeys(chromedp.CSS("#l-have"), "Microsoft Ex"), chromedp.SendKeys(chromedp.CSS("#l-have"), kb.Enter))
		poll(t, "a second chip", `document.querySelectorAll("#l-have-chips li").length === 2`)
		if st := poll(t, "status", `document.getElementById("l-status").textContent || "empty"`); st != "empty" {
			t.Errorf("Enter in the skills field submitted the form: status %q", st)
		}
		must(t, "remove it again", chromedp.Click(chromedp.CSS("#l-have-chips li:nth-child(2) button")))
		poll(t, "one chip", `document.querySelectorAll("#l-have-chips li").length === 1`)
		must(t, "budget and submit", chromedp.SendKeys(chromedp.CSS("#l-budget"), "3000"), chromedp.Click(chromedp.CSS("#learner-form button[type=submit]")))
		title := poll(t, "a ranked credential", `(() => { const a = document.querySelector("#l-creds .card h4 a, #l-creds .card h4"); return !document.getElementById("l-out").hasAttribute("aria-busy") && a && a.textContent; })()`)
		var have struct {
			Skills []struct{ ID, Label string } `json:"skills"`
		}
		getJSON(t, srv.URL, "/v1/skills?q="+url.QueryEscape("SQL")+"&limit=8", &have)
		var m struct {
			Credentials []struct {
				Title    string  `json:"title"`
				Coverage float64 `json:"coverage"`
				Covers   []struct {
					Label string `json:"label"`
				} `json:"covers"`
			} `json:"credentials"`
		}
		haveID := ""
		for _, s := range have.Skills {
			if s.Label == chip {
				haveID = s.ID
			}
		}
		getJSON(t, srv.URL, "/v1/match?role=data+analyst&limit=8&max_price=3000&have="+url.QueryEscape(haveID), &m)
		if len(m.Credentials) == 0 || !strings.HasSuffix(title, m.Credentials[0].Title) {
			t.Fatalf("first credential shown %q; API: %+v", title, m.Credentials)
		}
		card := poll(t, "the first card", `document.querySelector("#l-creds .card").textContent`)
		wantCov := fmt.Sprintf("Covers %.0f%% of your gap", m.Credentials[0].Coverage*100)
		if !strings.Contains(card, wantCov) || !strings.Contains(card, m.Credentials[0].Covers[0].Label) {
			t.Errorf("first card %q lacks %q or the covered skill %q", card, wantCov, m.Credentials[0].Covers[0].Label)
		}
		steps := poll(t, "pathway steps", `document.querySelectorAll("#l-path > li").length`)
		if steps == "0" {
			t.Error("no pathway step shown")
		}
		gap := poll(t, "the gap table", `(() => { const th = document.querySelector("#l-gap tbody th"); return th && th.textContent; })()`)
		if gap == "" {
			t.Error("no gap skill shown")
		}
		shot(t, "desktop-learner")
	})

	t.Run("provider", func(t *testing.T) {
		must(t, "open the provider view", chromedp.Navigate(srv.URL+"/?provider#demand"), chromedp.Click(chromedp.CSS("#tab-provider")))
		poll(t, "providers", `document.querySelectorAll("#p-provider option").length > 2`)
		// The provider whose data-analyst gaps the API lists first.
		var provs struct {
			Providers []struct {
				ID   string `json:"id"`
				Name string `json:"name"`
			} `json:"providers"`
		}
		getJSON(t, srv.URL, "/v1/providers", &provs)
		type gapAnswer struct {
			Coverage float64 `json:"coverage"`
			Gaps     []struct {
				Label string `json:"label"`
			} `json:"gaps"`
		}
		var pick string
		var want gapAnswer
		for _, p := range provs.Providers {
			var g gapAnswer
			getJSON(t, srv.URL, "/v1/providers/"+url.PathEscape(p.ID)+"/gaps?role=data+analyst&limit=15", &g)
			if len(g.Gaps) > 0 && g.Coverage > 0 {
				pick, want = p.ID, g
				break
			}
		}
		if pick == "" {
			t.Fatal("no provider with data analyst gaps in the sample corpus")
		}
		must(t, "choose provider and role", chromedp.SetValue(chromedp.CSS("#p-provider"), pick),
			chromedp.SendKeys(chromedp.CSS("#p-role"), "data analyst"), chromedp.SendKeys(chromedp.CSS("#p-role"), kb.Escape),
			chromedp.SendKeys(chromedp.CSS("#p-role"), kb.Enter))
		poll(t, "the role chip", `document.querySelectorAll("#p-role-chips li").length === 1`)
		must(t, "submit", chromedp.Click(chromedp.CSS("#provider-form button[type=submit]")))
		first := poll(t, "the gap list", `(() => { const th = document.querySelector("#p-results tbody th"); return !document.getElementById("p-out").hasAttribute("aria-busy") && th && th.textContent; })()`)
		if first != want.Gaps[0].Label {
			t.Errorf("first gap shown %q, API %q", first, want.Gaps[0].Label)
		}
		note := poll(t, "coverage note", `document.querySelector("#p-results .note").textContent`)
		if !strings.Contains(note, fmt.Sprintf("%.0f%%", want.Coverage*100)) {
			t.Errorf("coverage note %q lacks %.0f%%", note, want.Coverage*100)
		}
		shot(t, "desktop-provider")
	})

	t.Run("phone", func(t *testing.T) {
		must(t, "phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(srv.URL+"/?phone#demand"))
		poll(t, "the demand table", `document.querySelector("#d-table tbody tr th") != null`)
		chart(t, "d-chart")
		var fit struct {
			Page  int `json:"page"`
			Width int `json:"width"`
		}
		eval(t, `({page: document.documentElement.scrollWidth, width: window.innerWidth})`, &fit)
		if fit.Page > fit.Width {
			t.Errorf("the page is %d px wide on a %d px phone: it scrolls sideways", fit.Page, fit.Width)
		}
		shot(t, "phone-demand")
		must(t, "learner on a phone", chromedp.Click(chromedp.CSS("#tab-learner")), chromedp.SendKeys(chromedp.CSS("#l-role"), "data analyst"),
			chromedp.SendKeys(chromedp.CSS("#l-role"), kb.Escape), chromedp.Click(chromedp.CSS("#learner-form button[type=submit]")))
		poll(t, "credentials", `document.querySelector("#l-creds .card") != null && !document.getElementById("l-out").hasAttribute("aria-busy")`)
		eval(t, `({page: document.documentElement.scrollWidth, width: window.innerWidth})`, &fit)
		if fit.Page > fit.Width {
			t.Errorf("learner view is %d px wide on a %d px phone", fit.Page, fit.Width)
		}
		shot(t, "phone-learner")
	})
}
