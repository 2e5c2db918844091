package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/scimdrift/scimdrift/internal/secret"
)

// runFingerprint reads one token from stdin and prints its fingerprint, never the token.
func runFingerprint(e *env, args []string) error {
	fs := newFlags(e, "fingerprint", "< TOKEN", joinLines(
		"Reads a bearer token on standard input and prints its fingerprint, sha256: and the first",
		"16 hex digits of SHA-256 of the token (an auth scheme like \"Bearer \" is not part of it).",
		"Put fingerprints, never tokens, in the migration map and the inventory."))
	if err := parseFlags(fs, args, "printf %s \"$TOKEN\" | scimdrift fingerprint"); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{"fingerprint reads the token from stdin, not from arguments (they end up in shell history)", "printf %s \"$TOKEN\" | scimdrift fingerprint"}
	}
	data, err := io.ReadAll(bufio.NewReader(io.LimitReader(e.stdin, 1<<20)))
	if err != nil {
		return fmt.Errorf("reading the token from stdin: %w", err)
	}
	token := strings.TrimSpace(string(data))
	if token == "" {
		return usageError{"no token on stdin", "printf %s \"$TOKEN\" | scimdrift fingerprint"}
	}
	fmt.Fprintln(e.stdout, secret.Fingerprint(token))
	return nil
}
