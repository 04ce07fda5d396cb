package main

import (
	"context"
	"errors"
	"io"
)

// runReindex is being built (TODO).
func runReindex(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	return errors.New("not implemented yet")
}
