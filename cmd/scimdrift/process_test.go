package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"testing"
)

// cliEnv, set in a test binary's environment, makes it run as scimdrift instead of running
// tests: tests that need a second process (a lock holder, a process to kill) start the test
// binary itself, which holds the whole CLI, rather than building one.
const cliEnv = "SCIMDRIFT_TEST_AS_CLI"

func TestMain(m *testing.M) {
	if os.Getenv(cliEnv) == "1" {
		os.Exit(Do(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// cliCommand returns scimdrift ARGS as a separate process.
func cliCommand(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), cliEnv+"=1")
	return cmd
}

// runCLIProcess runs scimdrift ARGS as a separate process to its end.
func runCLIProcess(t *testing.T, stdin io.Reader, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := cliCommand(t, args...)
	var out, errOut bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, &out, &errOut
	err := cmd.Run()
	if err != nil {
		if _, ok := err.(*exec.ExitError); !ok {
			t.Fatalf("running scimdrift %v: %v", args, err)
		}
	}
	return cmd.ProcessState.ExitCode(), out.String(), errOut.String()
}
