package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/skillmatch/skillmatch/crawler"
)

func init() { rootCmd.AddCommand(newCrawlCmd()) }

func newCrawlCmd() *cobra.Command {
	var (
		configPath   string
		sources      []string
		out, state   string
		delay        time.Duration
		parallelism  int
		allowPrivate bool
		userAgent    string
		maxDepth     int
		maxPages     int
	)
	cmd := &cobra.Command{
		Use:   "crawl",
		Short: "Fetch job postings and credentials politely into DIR/postings.jsonl and DIR/credentials.jsonl",
		Long: `crawl discovers and fetches postings and credentials from schema.org pages and
sitemaps (jsonld), Greenhouse, Lever and Ashby boards, RSS/Atom feeds, Open Badges
and local files, and appends them as JSON lines to DIR/postings.jsonl and
DIR/credentials.jsonl. robots.txt is obeyed, each host gets one request per
--delay, and the crawl state (under --state) lets an interrupted crawl resume and a
later crawl fetch only what changed.

Sources: --source TYPE:URL (repeatable) or a --config file (see examples/sources.yaml):
  jsonld:https://example.com/jobs/       jsonld:https://example.com/sitemap.xml
  greenhouse:BOARD-or-URL  lever:COMPANY-or-URL  ashby:BOARD-or-URL
  rss:URL  atom:URL  openbadges:URL  file:PATH.jsonl|PATH.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var cfg crawler.Config
			if configPath != "" {
				c, err := crawler.LoadConfig(configPath)
				if err != nil {
					return err
				}
				cfg = c
			}
			for _, s := range sources {
				spec, err := crawler.ParseSourceFlag(s)
				if err != nil {
					return err
				}
				cfg.Sources = append(cfg.Sources, spec)
			}
			if len(cfg.Sources) == 0 {
				return errors.New("crawl: no sources: give --source TYPE:URL or --config FILE")
			}
			f := cmd.Flags()
			if f.Changed("out") || cfg.OutDir == "" {
				cfg.OutDir = out
			}
			if f.Changed("state") {
				cfg.StateDir = state
			}
			if cfg.StateDir == "" {
				cfg.StateDir = filepath.Join(cfg.OutDir, ".crawl-state")
			}
			if f.Changed("delay") {
				cfg.Delay = delay
				if delay == 0 {
					cfg.Delay = -1
				}
			}
			if f.Changed("parallelism") {
				cfg.Parallelism = parallelism
			}
			if f.Changed("allow-private") {
				cfg.AllowPrivate = allowPrivate
			}
			if f.Changed("user-agent") {
				cfg.UserAgent = userAgent
			}
			if f.Changed("max-depth") {
				cfg.MaxDepth = maxDepth
			}
			if f.Changed("max-pages") {
				cfg.MaxPages = maxPages
			}
			return runCrawl(cmd.Context(), cfg)
		},
	}
	f := cmd.Flags()
	f.StringVar(&configPath, "config", "", "YAML config listing sources with their own limits (see examples/sources.yaml)")
	f.StringArrayVar(&sources, "source", nil, "source as TYPE:URL (repeatable): jsonld, greenhouse, lever, ashby, rss, atom, openbadges, file")
	f.StringVar(&out, "out", "crawl-out", "output directory for postings.jsonl and credentials.jsonl")
	f.StringVar(&state, "state", "", "crawl state directory (default OUT/.crawl-state); reuse it to resume or re-crawl incrementally")
	f.DurationVar(&delay, "delay", time.Second, "minimum delay between requests to one host (robots.txt Crawl-delay wins if larger; 0 = none)")
	f.IntVar(&parallelism, "parallelism", 4, "concurrent requests overall (one per host unless the config says otherwise)")
	f.BoolVar(&allowPrivate, "allow-private", false, "allow private, loopback and link-local addresses (refused by default, also after redirects)")
	f.StringVar(&userAgent, "user-agent", crawler.DefaultUserAgent, "User-Agent with a contact URL; its first word is matched against robots.txt")
	f.IntVar(&maxDepth, "max-depth", 5, "maximum link depth from a start page (negative: start pages only)")
	f.IntVar(&maxPages, "max-pages", 0, "stop after this many fetches in this run (0 = no limit); the rest stays queued")
	return cmd
}

func runCrawl(parent context.Context, cfg crawler.Config) error {
	if parent == nil {
		parent = context.Background()
	}
	ctx, stop := signal.NotifyContext(parent, os.Interrupt, syscall.SIGTERM)
	defer stop()
	sink, err := crawler.OpenDirSink(cfg.OutDir)
	if err != nil {
		return err
	}
	defer sink.Close()
	logger := log.New(os.Stderr, "crawl: ", log.LstdFlags)
	line := func(s crawler.Summary) string {
		return fmt.Sprintf("pages %d (304: %d) | postings %d credentials %d | dup %d | robots %d | errors %d | queued %d",
			s.Pages, s.NotModified, s.Records["posting"], s.Records["credential"], s.Duplicates, s.SkippedRobots, s.ErrorCount(), s.Queued)
	}
	if term.IsTerminal(int(os.Stderr.Fd())) {
		bar := progressbar.NewOptions(-1,
			progressbar.OptionSetWriter(os.Stderr),
			progressbar.OptionSpinnerType(14),
			progressbar.OptionThrottle(200*time.Millisecond),
			progressbar.OptionClearOnFinish(),
		)
		cfg.ProgressInterval = 250 * time.Millisecond
		cfg.Progress = func(s crawler.Summary) {
			bar.Describe(line(s))
			bar.Set(s.Pages + s.NotModified)
		}
		defer bar.Finish()
	} else {
		cfg.ProgressInterval = 10 * time.Second
		cfg.Progress = func(s crawler.Summary) { logger.Print(line(s)) }
		cfg.Logf = logger.Printf
	}
	c, err := crawler.New(cfg, sink)
	if err != nil {
		return err
	}
	sum, err := c.Run(ctx)
	fmt.Fprintf(os.Stderr, "\n%s", sum)
	fmt.Fprintf(os.Stderr, "output: %s/postings.jsonl, %s/credentials.jsonl; state: %s\n", cfg.OutDir, cfg.OutDir, cfg.StateDir)
	if errors.Is(err, context.Canceled) {
		return errors.New("crawl interrupted; run the same command again to resume")
	}
	return err
}
