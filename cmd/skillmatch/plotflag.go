package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/skillmatch/skillmatch/plot"
)

// addPlotFlag registers --plot on cmd and returns where its value lands.
func addPlotFlag(cmd *cobra.Command) *string {
	path := new(string)
	cmd.Flags().StringVar(path, "plot", "", "also draw the result as a chart into this file (.svg or .png)")
	return path
}

// checkPlotPath rejects a --plot name with an unknown extension before any
// work is done.
func checkPlotPath(path string) error {
	if path == "" {
		return nil
	}
	_, err := plot.FormatOf(path)
	return err
}

// writePlot draws into path with draw, writing the file only when drawing
// succeeded, so a failed plot never leaves half a file behind.
func writePlot(cmd *cobra.Command, path string, draw func(io.Writer, plot.Format) error) error {
	if path == "" {
		return nil
	}
	format, err := plot.FormatOf(path)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := draw(&buf, format); err != nil {
		if errors.Is(err, plot.ErrNoData) {
			return fmt.Errorf("--plot %s: nothing to draw for this filter", path)
		}
		return fmt.Errorf("--plot %s: %w", path, err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "wrote %s\n", path)
	return nil
}
