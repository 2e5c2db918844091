package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/scimdrift/scimdrift/ingest"
)

// How often the progress line is redrawn, and how long a run goes before it is first drawn (so
// that a quick ingest leaves the terminal untouched).
const (
	progressEvery = 200 * time.Millisecond
	progressAfter = 500 * time.Millisecond
)

// progressTerm is where the progress line may be drawn, and whether it may be at all.
type progressTerm struct {
	w        io.Writer
	terminal bool       // w is a terminal that can redraw a line; nothing at all is written otherwise
	width    func() int // its columns now; 0 when unknown
}

// stderrTerm draws on stderr when it is a terminal, unless TERM=dumb (a terminal that cannot be
// trusted to redraw a line) or the user turned the display off.
func stderrTerm(stderr io.Writer, off bool) progressTerm {
	f, ok := stderr.(*os.File)
	if off || !ok || !term.IsTerminal(int(f.Fd())) || os.Getenv("TERM") == "dumb" {
		return progressTerm{}
	}
	return progressTerm{w: f, terminal: true, width: func() int {
		w, _, err := term.GetSize(int(f.Fd()))
		if err != nil {
			return 0
		}
		return w
	}}
}

// progress is the one line on a terminal's stderr that shows how far an ingest has read: file i
// of n, bytes read of the total, rate, and elapsed and remaining time. When some input's size
// cannot be known beforehand (stdin, a zip entry) it shows bytes and rate without a percentage.
// A nil *progress (stderr is not a terminal) does nothing.
type progress struct {
	bar     *progressbar.ProgressBar
	out     *frame
	unknown bool         // the total cannot be known: no percentage, no time left
	read    atomic.Int64 // input bytes read so far, over all files (ingest.Options.Progress)
	width   func() int
	bars    int      // the bar's width
	names   []string // each input's path, as drawn

	mu        sync.Mutex
	sizes     []int64 // each input's size, -1 when unknown
	total     int64   // the sizes' sum, corrected after each file by what it really gave
	file      int     // the input being read, 0-based
	fileStart int64   // read when it began

	shownDesc string // drawing state, touched by the drawing goroutine only
	shownMax  int64

	stop, stopped chan struct{}
}

// startProgress starts the display for these inputs, drawing first after `after` and then every
// `every`; it returns nil, and draws nothing, when t is not a terminal.
func startProgress(t progressTerm, inputs []ingest.Input, after, every time.Duration) *progress {
	if !t.terminal || len(inputs) == 0 {
		return nil
	}
	p := &progress{sizes: make([]int64, len(inputs)), names: make([]string, len(inputs)), width: t.width,
		out: &frame{w: t.w}, stop: make(chan struct{}), stopped: make(chan struct{})}
	for i, in := range inputs {
		p.names[i] = displayName(in.Path)
		p.sizes[i] = inputSize(in)
		p.unknown = p.unknown || p.sizes[i] < 0
		p.total += p.sizes[i]
	}
	limit := int64(-1) // the library's "length unknown"
	if !p.unknown {
		limit = max(p.total, 1)
	}
	p.shownMax = limit
	p.bars = 20
	if p.columns() < 100 {
		p.bars = 10
	}
	p.bar = progressbar.NewOptions64(limit,
		progressbar.OptionSetWriter(p.out),
		progressbar.OptionShowBytes(true),
		progressbar.OptionShowCount(),
		progressbar.OptionSetWidth(p.bars),
		progressbar.OptionSetTheme(progressbar.ThemeASCII),
		progressbar.OptionSpinnerType(9), // | / - \
		// The library would otherwise start a ticker goroutine of its own for a spinner; this
		// display is redrawn by its own goroutine only, so the spinner turns once a redraw.
		progressbar.OptionSetSpinnerChangeInterval(0),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionSetPredictTime(!p.unknown),
		progressbar.OptionClearOnFinish(),
	)
	p.bar.StartWithoutRender() // the rate counts from the start, not from the first drawing
	go p.run(after, every)
	return p
}

// inputSize is a file's size on disk, or -1 for stdin, a zip entry (its path is no file; and
// ingest counts its inflated bytes, which its compressed size would not tell) or anything else
// that is not a regular file.
func inputSize(in ingest.Input) int64 {
	if in.Path == "-" {
		return -1
	}
	info, err := os.Stat(in.Path)
	if err != nil || !info.Mode().IsRegular() {
		return -1
	}
	return info.Size()
}

// add counts bytes read; it is ingest.Options.Progress, called from ingest's goroutines.
func (p *progress) add(n int64) { p.read.Add(n) }

// startFile says that input i (0-based) is being read now.
func (p *progress) startFile(i int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.file, p.fileStart = i, p.read.Load()
}

// endFile corrects the total once input i is done by the bytes it really gave: nothing for a file
// already in the store (hashed, not read) or the sniff of one of no known format, more for a
// file that grew while it was read.
func (p *progress) endFile(i int) {
	if p == nil || p.unknown {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.total += p.read.Load() - p.fileStart - p.sizes[i]
}

// finish stops the display and clears its line, leaving the cursor where the line began, so that
// what is printed next starts on a clean line. Nothing is written if nothing was drawn.
func (p *progress) finish() {
	if p == nil {
		return
	}
	close(p.stop)
	<-p.stopped
	_ = p.bar.Exit()
	_ = p.bar.Clear()
	p.out.flush(p.columns())
}

func (p *progress) run(after, every time.Duration) {
	defer close(p.stopped)
	first := time.NewTimer(after)
	defer first.Stop()
	select {
	case <-p.stop:
		return
	case <-first.C:
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		p.draw()
		select {
		case <-p.stop:
			return
		case <-tick.C:
		}
	}
}

// draw redraws the line with the current file, bytes and total. Each call into the library
// draws, and frame hands the terminal only the whole redraw; normally it is one call (Set64), with
// the total corrected and the description changed between files.
func (p *progress) draw() {
	defer func() { p.out.flush(p.columns()) }()
	p.mu.Lock()
	file, total, fileStart := p.file, p.total, p.fileStart
	p.mu.Unlock()
	read := p.read.Load()
	if read == 0 {
		return // the first file is still being hashed: nothing to show, not even a time left
	}
	if p.unknown {
		_ = p.bar.Set64(read)
	} else {
		// The library ends (and, clearing on finish, erases) the line the moment the count reaches
		// the total, but the last file's commit still takes a while: stay one byte short until
		// finish. The count may never pass the library's total, hence the order.
		total = max(total, 1)
		if total > p.shownMax {
			p.bar.ChangeMax64(total)
			p.shownMax = total
		}
		_ = p.bar.Set64(min(read, total-1))
		if total < p.shownMax {
			p.bar.ChangeMax64(total)
			p.shownMax = total
		}
	}
	// Every byte of the file read, but the file not done: DuckDB's reader, which reads beside
	// the bytes counted here, or the commit is still at work. Without a word the line would sit
	// at 99 % with nothing left to wait for (a 1.5 GB .gz: several seconds).
	finishing := p.sizes[file] >= 0 && read-fileStart >= p.sizes[file]
	if desc := p.describe(file, finishing); desc != p.shownDesc {
		p.bar.Describe(desc)
		p.shownDesc = desc
	}
}

// describe is the text before the bar: "file 2/5 exports/okta.ndjson", and "finishing" after it
// once the file is read but not done. A path too long for the terminal is drawn as its base
// name, shortened from the left if need be, or left out.
func (p *progress) describe(file int, finishing bool) string {
	desc := fmt.Sprintf("file %d/%d", file+1, len(p.sizes))
	status := ""
	if finishing {
		status = " finishing"
	}
	// The rest of the line as it mostly is, known total: "  42% [bar] (1.1/1.5 GB, 118 MB/s) [12s:5s]"
	// (the library puts no space between this text and the percentage); unknown: "| " before,
	// " (412 MB, 118 MB/s) [1m12s] " after. A longer line is cut by frame at the terminal's edge.
	rest, sep := 43+p.bars, " "
	if p.unknown {
		rest, sep = 32, ""
	}
	room := p.columns() - 1 - len(desc) - len(status) - rest
	name := p.names[file]
	if utf8.RuneCountInString(name) > room {
		name = filepath.Base(name)
	}
	if r := []rune(name); len(r) > room {
		if room < 8 {
			return desc + status + sep
		}
		name = "..." + string(r[len(r)-room+3:])
	}
	return desc + " " + name + status + sep
}

// columns is the terminal's width now, 80 when unknown.
func (p *progress) columns() int {
	if p.width != nil {
		if w := p.width(); w > 0 {
			return w
		}
	}
	return 80
}

// frame collects what the library writes during one redraw and hands it to the terminal in one
// write, so that the line is never seen cleared between two drawings, with each line (a stretch
// between carriage returns) cut one column short of the terminal's width: a line that wrapped
// could not be redrawn or cleared by a carriage return.
type frame struct {
	w   io.Writer
	buf []byte
}

func (f *frame) Write(b []byte) (int, error) {
	f.buf = append(f.buf, b...)
	return len(b), nil
}

func (f *frame) flush(columns int) {
	if len(f.buf) == 0 {
		return
	}
	var out []byte
	for i, line := range strings.Split(string(f.buf), "\r") {
		if i > 0 {
			out = append(out, '\r')
		}
		if r := []rune(line); len(r) >= columns {
			line = string(r[:columns-1])
		}
		out = append(out, line...)
	}
	f.buf = f.buf[:0]
	_, _ = f.w.Write(out) // a terminal that cannot be written to is no reason to stop an ingest
}

// displayName is a path as it may be drawn: stdin by that name, and any control character (a file
// name may hold an escape sequence) as "?".
func displayName(path string) string {
	if path == "-" {
		return "stdin"
	}
	return strings.Map(func(r rune) rune {
		if !unicode.IsPrint(r) {
			return '?'
		}
		return r
	}, path)
}
