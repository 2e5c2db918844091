package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/scimdrift/scimdrift/ingest"
)

// The progress line is tested on a writer the test holds, told it is a terminal (or not); the
// line is then read back as a terminal would show it: a carriage return goes back to the start
// of the line and later characters overwrite earlier ones.

// lockedBuffer is a bytes.Buffer that the drawing goroutine and the test may share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// never keeps the drawing goroutine from drawing, so that a test draws when it wants to.
const never = time.Hour

// progressInputs writes files of the given sizes and expands them as ingest does; "-" is stdin.
func progressInputs(t *testing.T, sizes ...int) []ingest.Input {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for i, n := range sizes {
		if n < 0 {
			paths = append(paths, "-")
			continue
		}
		paths = append(paths, writeInput(t, dir, string(rune('a'+i))+"-export.ndjson", strings.Repeat("x", n)))
	}
	inputs, _, err := ingest.Expand(paths, strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	return inputs
}

func onTerminal(w *lockedBuffer, columns int) progressTerm {
	return progressTerm{w: w, terminal: true, width: func() int { return columns }}
}

// screenLine is what a terminal shows on the line after output that never moves to another line.
func screenLine(t *testing.T, out string) string {
	t.Helper()
	if strings.ContainsAny(out, "\n\x1b") {
		t.Errorf("the progress display wrote a newline or an escape sequence: %q", out)
	}
	var line []rune
	col := 0
	for _, r := range out {
		if r == '\r' {
			col = 0
			continue
		}
		if col < len(line) {
			line[col] = r
		} else {
			line = append(line, r)
		}
		col++
	}
	return string(line)
}

// drawnLines lists each line drawn: the text after each carriage return, blanks left out.
func drawnLines(out string) []string {
	var lines []string
	for _, l := range strings.Split(out, "\r") {
		if strings.TrimSpace(l) != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

func TestProgressSilentOffTerminal(t *testing.T) {
	var out lockedBuffer
	p := startProgress(progressTerm{w: &out, terminal: false}, progressInputs(t, 5000), 0, time.Millisecond)
	if p != nil {
		t.Fatal("a display was started for a writer that is not a terminal")
	}
	p.startFile(0) // a nil display does nothing
	p.endFile(0)
	p.finish()
	time.Sleep(20 * time.Millisecond)
	if out.String() != "" {
		t.Errorf("output off a terminal: %q", out.String())
	}
}

// TestStderrTermOnlyOnATerminal: a file or a pipe is not a terminal, nor is a writer that is no
// file (the CLI tests' buffers), and --no-progress turns it off everywhere.
func TestStderrTermOnlyOnATerminal(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	for name, stderr := range map[string]any{"file": f, "pipe": w, "buffer": &bytes.Buffer{}} {
		for _, off := range []bool{false, true} {
			if got := stderrTerm(stderr.(interface{ Write([]byte) (int, error) }), off); got.terminal {
				t.Errorf("%s (--no-progress %v): taken for a terminal", name, off)
			}
		}
	}
}

func TestProgressOnTerminalShowsPercentageAndClears(t *testing.T) {
	var out lockedBuffer
	inputs := progressInputs(t, 3000, 5000)
	p := startProgress(onTerminal(&out, 100), inputs, never, never)
	p.startFile(0)
	p.add(1000)
	time.Sleep(10 * time.Millisecond) // so that there is a rate
	p.draw()
	first := screenLine(t, out.String())
	p.add(2000)
	p.endFile(0)
	p.startFile(1)
	p.add(1000)
	p.draw()
	last := screenLine(t, out.String())
	for _, want := range []string{"file 1/2", "a-export.ndjson", "12%", "1.0/8.0 kB", "/s)"} {
		if !strings.Contains(first, want) {
			t.Errorf("first line %q lacks %q", first, want)
		}
	}
	for _, want := range []string{"file 2/2", "b-export.ndjson", "50%", "4.0/8.0 kB"} {
		if !strings.Contains(last, want) {
			t.Errorf("last line %q lacks %q", last, want)
		}
	}
	p.finish()
	if got := screenLine(t, out.String()); strings.TrimSpace(got) != "" {
		t.Errorf("the line is not cleared at the end: %q", got)
	}
	if !strings.HasSuffix(out.String(), "\r") {
		t.Errorf("the cursor is not left at the start of the line: %q", out.String())
	}
}

func TestProgressUnknownTotalShowsNoPercentage(t *testing.T) {
	var out lockedBuffer
	p := startProgress(onTerminal(&out, 100), progressInputs(t, 3000, -1), never, never)
	p.startFile(0)
	p.add(3000)
	p.endFile(0)
	p.startFile(1)
	p.add(2_500_000)
	time.Sleep(10 * time.Millisecond)
	p.draw()
	shown := screenLine(t, out.String())
	p.finish()
	if strings.Contains(out.String(), "%") {
		t.Errorf("a percentage without a known total: %q", out.String())
	}
	for _, want := range []string{"file 2/2 stdin", "2.5 MB", "MB/s"} {
		if !strings.Contains(shown, want) {
			t.Errorf("line %q lacks %q", shown, want)
		}
	}
	if got := screenLine(t, out.String()); strings.TrimSpace(got) != "" {
		t.Errorf("the line is not cleared at the end: %q", got)
	}
}

// TestProgressSkippedFileLeavesTheTotal: a file already in the store is hashed, not read, so it
// leaves the total instead of leaving the display short of 100 % for good.
func TestProgressSkippedFileLeavesTheTotal(t *testing.T) {
	var out lockedBuffer
	p := startProgress(onTerminal(&out, 100), progressInputs(t, 3000, 5000), never, never)
	p.startFile(0)
	p.endFile(0) // a duplicate: no byte read
	p.startFile(1)
	p.add(2500)
	p.draw()
	if got := screenLine(t, out.String()); !strings.Contains(got, "50%") || !strings.Contains(got, "/5.0 kB") {
		t.Errorf("after a skipped file of 3000 bytes, 2500 of 5000 read: %q", got)
	}
	p.finish()
}

// TestProgressStaysShortOfTheEnd: bytes read up to (or past, for a file that grew) the total leave
// the line on the terminal at 99 %, saying the file is finishing, until finish clears it.
func TestProgressStaysShortOfTheEnd(t *testing.T) {
	var out lockedBuffer
	p := startProgress(onTerminal(&out, 100), progressInputs(t, 4000), never, never)
	p.startFile(0)
	p.add(3999)
	p.draw()
	if got := screenLine(t, out.String()); strings.Contains(got, "finishing") {
		t.Errorf("a byte of the file still to read: %q", got)
	}
	p.add(501)
	p.draw()
	p.draw()
	if got := screenLine(t, out.String()); !strings.Contains(got, "99%") || !strings.Contains(got, "a-export.ndjson finishing") {
		t.Errorf("at the end of the input before finish: %q", got)
	}
	p.finish()
	if got := screenLine(t, out.String()); strings.TrimSpace(got) != "" {
		t.Errorf("the line is not cleared at the end: %q", got)
	}
}

// TestProgressFitsTheTerminal: no line reaches the terminal's last column (a line that wraps
// cannot be redrawn in place); a long path is drawn as its base name, shortened if need be.
func TestProgressFitsTheTerminal(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "exports", "okta", "2026", "november", "provisioning")
	path := writeInput(t, dir, "system-log-part-0007-of-0012.ndjson", "")
	if err := os.Truncate(path, 987_654_321_000); err != nil { // sparse: "(123/988 GB, …)"
		t.Fatal(err)
	}
	inputs, _, err := ingest.Expand([]string{path, "-"}, strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	for _, columns := range []int{40, 60, 80, 120} {
		for _, in := range [][]ingest.Input{inputs[:1], inputs} {
			var out lockedBuffer
			p := startProgress(onTerminal(&out, columns), in, never, never)
			p.startFile(0)
			p.add(123_456_789_000)
			time.Sleep(2 * time.Millisecond)
			p.draw()
			reading := drawnLines(out.String())
			p.add(987_654_321_000 - 123_456_789_000) // the whole file read: "finishing" joins the line
			p.draw()
			p.finish()
			lines := drawnLines(out.String())
			if len(reading) == 0 {
				t.Fatalf("%d columns: nothing drawn", columns)
			}
			for _, l := range lines {
				if n := len([]rune(l)); n >= columns {
					t.Errorf("%d columns: a line of %d: %q", columns, n, l)
				}
			}
			first, last := reading[len(reading)-1], lines[len(lines)-1]
			if columns >= 80 && !strings.Contains(first, "0012.ndjson") {
				t.Errorf("%d columns: the file name is missing: %q", columns, first)
			}
			if columns >= 120 && !strings.Contains(last, "system-log-part-0007-of-0012.ndjson") {
				t.Errorf("%d columns: the base name is cut: %q", columns, last)
			}
			if len(in) == 1 && !strings.Contains(last, "finishing") {
				t.Errorf("%d columns: the file is read but the line does not say it is finishing: %q", columns, last)
			}
			t.Logf("%d columns: %q", columns, last)
		}
	}
}

func TestProgressDrawsOnItsOwn(t *testing.T) {
	var out lockedBuffer
	p := startProgress(onTerminal(&out, 100), progressInputs(t, 5000), 0, time.Millisecond)
	p.startFile(0)
	deadline := time.Now().Add(5 * time.Second)
	for i := 0; !strings.Contains(out.String(), "%") && time.Now().Before(deadline); i++ {
		p.add(1)
		time.Sleep(time.Millisecond)
	}
	p.finish()
	if !strings.Contains(out.String(), "file 1/1") {
		t.Fatalf("the display did not draw on its own: %q", out.String())
	}
	if got := screenLine(t, out.String()); strings.TrimSpace(got) != "" {
		t.Errorf("the line is not cleared at the end: %q", got)
	}
}

func TestDisplayNameDropsControlCharacters(t *testing.T) {
	for in, want := range map[string]string{
		"-":                       "stdin",
		"exports/okta.ndjson":     "exports/okta.ndjson",
		"a\x1b[2Jb\rc\n.json":     "a?[2Jb?c?.json",
		"exports/été/okta.json":   "exports/été/okta.json",
		"bad\xffbyte/okta.ndjson": "bad\uFFFDbyte/okta.ndjson",
	} {
		if got := displayName(in); got != want {
			t.Errorf("displayName(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestIngestOutputOffTerminalUnchanged: with stdout and stderr real files (not terminals), ingest
// writes exactly what it writes to the CLI tests' buffers: the summary and nothing else.
func TestIngestOutputOffTerminalUnchanged(t *testing.T) {
	dir := t.TempDir()
	var text strings.Builder
	for i := range 2000 {
		text.WriteString(oktaPushLine(i))
	}
	input := writeInput(t, dir, "okta.ndjson", text.String())
	run := func(db string, stdout, stderr interface{ Write([]byte) (int, error) }) int {
		return Do([]string{"ingest", "--db", filepath.Join(dir, db), input}, strings.NewReader(""), stdout, stderr)
	}
	var wantOut, wantErr bytes.Buffer
	if code := run("a.duckdb", &wantOut, &wantErr); code != 0 {
		t.Fatalf("exit %d: %s", code, wantErr.String())
	}
	outFile, err := os.Create(filepath.Join(dir, "stdout.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer outFile.Close()
	errFile, err := os.Create(filepath.Join(dir, "stderr.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer errFile.Close()
	if code := run("b.duckdb", outFile, errFile); code != 0 {
		t.Fatalf("exit %d", code)
	}
	gotOut, _ := os.ReadFile(outFile.Name())
	gotErr, _ := os.ReadFile(errFile.Name())
	if string(gotOut) != wantOut.String() || string(gotErr) != wantErr.String() {
		t.Errorf("stdout %q, stderr %q to files; want %q and %q", gotOut, gotErr, wantOut.String(), wantErr.String())
	}
	if !strings.Contains(string(gotOut), "okta-systemlog") || len(gotErr) != 0 {
		t.Errorf("stdout %q, stderr %q: want the summary and nothing on stderr", gotOut, gotErr)
	}
}
