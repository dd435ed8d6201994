package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/skillmatch/skillmatch/api"
	"github.com/skillmatch/skillmatch/web"
)

func init() { rootCmd.AddCommand(serveCmd()) }

func serveCmd() *cobra.Command {
	var (
		addr, dir, tokenFile string
		rate                 int
		timeout              time.Duration
		quiet                bool
		spec                 *string
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the web page and the HTTP API (/v1) on the sample corpus or an index",
		Long: `serve answers the HTTP API under /v1 and serves the web page at /.

Without --data it indexes the embedded sample corpus in memory (a second or
two) and serves it; with --data DIR it serves that on-disk index, opened with
the taxonomy recorded in it. With --token-file the ingestion endpoints
POST /v1/ingest/postings and /v1/ingest/credentials accept requests bearing
"Authorization: Bearer <token>"; without it they do not exist.

The API is described by GET /v1/openapi.json; docs/api.md has examples.
SIGINT or SIGTERM shut the server down gracefully.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			token := ""
			if tokenFile != "" {
				b, err := os.ReadFile(tokenFile)
				if err != nil {
					return fmt.Errorf("--token-file: %w", err)
				}
				if token = strings.TrimSpace(string(b)); len(token) < 16 {
					return fmt.Errorf("--token-file %s: the token must be at least 16 characters", tokenFile)
				}
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			ix, err := openData(ctx, dir, *spec, cmd.Flags().Changed("taxonomy"), cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer ix.Close()
			logw := cmd.ErrOrStderr()
			if quiet {
				logw = io.Discard
			}
			h, err := api.New(api.Config{Index: ix, IngestToken: token, RateLimit: rate, Timeout: timeout, Log: logw, Assets: web.Assets})
			if err != nil {
				return err
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return err
			}
			srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute,
				WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute}
			t := ix.Snapshot()
			tv, _ := ix.Versions()
			fmt.Fprintf(cmd.ErrOrStderr(), "skillmatch: serving %d postings and %d credentials (taxonomy %s) on http://%s\n",
				t.Len(), len(t.Credentials()), firstNonEmpty(tv, ix.Taxonomy().Version), displayAddr(ln.Addr()))
			errc := make(chan error, 1)
			go func() { errc <- srv.Serve(ln) }()
			select {
			case err := <-errc:
				return err
			case <-ctx.Done():
			}
			fmt.Fprintln(cmd.ErrOrStderr(), "skillmatch: shutting down")
			sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
				return err
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&addr, "addr", ":8080", "listen address")
	fl.StringVar(&dir, "data", "", "index directory (default: the embedded sample corpus in memory)")
	fl.StringVar(&tokenFile, "token-file", "", "file holding the bearer token that enables the ingestion endpoints")
	fl.IntVar(&rate, "rate-limit", api.DefaultRateLimit, "requests per minute per client address (negative: no limit)")
	fl.DurationVar(&timeout, "timeout", api.DefaultTimeout, "time limit of one request")
	fl.BoolVar(&quiet, "quiet", false, "do not log requests")
	spec = addTaxonomyFlag(cmd)
	return cmd
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func displayAddr(a net.Addr) string {
	s := a.String()
	if strings.HasPrefix(s, "[::]:") {
		return "localhost:" + strings.TrimPrefix(s, "[::]:")
	}
	if strings.HasPrefix(s, "0.0.0.0:") {
		return "localhost:" + strings.TrimPrefix(s, "0.0.0.0:")
	}
	return s
}
