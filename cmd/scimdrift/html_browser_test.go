package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// The browser check: the sample migration's HTML report in headless Chromium (Debian's chromium,
// which .ci/run installs) loads without console messages — the page has no script, so any message
// is an error, a blocked load (its Content-Security-Policy forbids every fetch) or a parse
// problem — and its charts are painted. Without chromium on PATH the test skips.

const (
	shotWidth, shotHeight = 1280, 2400
	// readmeShot is the screenshot samples/README.md shows; -update rewrites it from the top of
	// this test's screenshot.
	readmeShot       = "samples/report-screenshot.png"
	readmeShotHeight = 1610
)

// chromiumRun is what one headless Chromium run left: the screenshot, the DOM after loading, and
// the console messages it logged.
type chromiumRun struct {
	shot    []byte
	dom     string
	console []string
}

// consoleLine is how Chromium's --enable-logging=stderr prints a page's console message and an
// uncaught exception: `[pid:tid:time:INFO:CONSOLE:1] "Uncaught Error: …", source: file:///… (1)`
// (older builds print `CONSOLE(1)`). Every level is logged as INFO, so any such line counts.
var consoleLine = regexp.MustCompile(`:CONSOLE[:(]|Uncaught `)

// chromium loads a file in headless Chromium, takes a screenshot and dumps the DOM in one run.
func chromium(t *testing.T, bin, page string) chromiumRun {
	t.Helper()
	dir := t.TempDir()
	shot := filepath.Join(dir, "shot.png")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
		"--user-data-dir="+filepath.Join(dir, "profile"), "--enable-logging=stderr", "--v=0",
		"--screenshot="+shot, "--dump-dom", fmt.Sprintf("--window-size=%d,%d", shotWidth, shotHeight), "file://"+page)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v\nstderr:\n%s", bin, err, stderr.String())
	}
	data, err := os.ReadFile(shot)
	if err != nil {
		t.Fatalf("chromium wrote no screenshot: %v\nstderr:\n%s", err, stderr.String())
	}
	run := chromiumRun{shot: data, dom: stdout.String()}
	for _, line := range strings.Split(stderr.String(), "\n") {
		if consoleLine.MatchString(line) {
			run.console = append(run.console, line)
		}
	}
	return run
}

// TestHTMLReportInChromium loads the sample report, and beside it (in parallel, as Chromium takes
// a few seconds to start) a page that throws, to prove the console check on this Chromium.
func TestHTMLReportInChromium(t *testing.T) {
	bin, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("no chromium on PATH: the browser check of the HTML report needs Debian's chromium package (.ci/run installs it)")
	}
	page, _ := auditSamplesHTML(t)
	dir := t.TempDir()
	report := filepath.Join(dir, "report.html")
	throws := filepath.Join(dir, "throws.html")
	if err := os.WriteFile(report, page, 0o644); err != nil {
		t.Fatal(err)
	}
	body := `<!DOCTYPE html><html><body><script>console.error("deliberate"); throw new Error("deliberate");</script></body></html>`
	if err := os.WriteFile(throws, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Run("console errors are caught", func(t *testing.T) {
		t.Parallel()
		if got := chromium(t, bin, throws).console; len(got) != 2 || !strings.Contains(got[1], "Uncaught Error: deliberate") {
			t.Errorf("%d console lines detected, want the error and the uncaught exception:\n%s", len(got), strings.Join(got, "\n"))
		}
	})
	t.Run("sample report", func(t *testing.T) {
		t.Parallel()
		checkSampleInChromium(t, chromium(t, bin, report))
	})
}

func checkSampleInChromium(t *testing.T, run chromiumRun) {
	if len(run.console) > 0 {
		t.Errorf("console messages while loading the report:\n%s", strings.Join(run.console, "\n"))
	}
	charts := len(samplesChartOrder) + 1
	if n := strings.Count(run.dom, "<svg "); n != charts {
		t.Errorf("the loaded DOM has %d <svg> elements, want %d", n, charts)
	}
	if n := strings.Count(run.dom, "<path "); n < 50*charts {
		t.Errorf("the loaded DOM has %d <path> elements, want at least %d", n, 50*charts)
	}
	img, err := png.Decode(bytes.NewReader(run.shot))
	if err != nil {
		t.Fatalf("the screenshot is no PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != shotWidth || b.Dy() != shotHeight {
		t.Errorf("screenshot %dx%d, want %dx%d", b.Dx(), b.Dy(), shotWidth, shotHeight)
	}
	// The charts draw requests as pale bands; their colours appear nowhere else on the page, so
	// finding them proves the SVG was painted, not just parsed.
	for name, c := range map[string]color.RGBA{"pale blue (requests, new endpoint)": {180, 207, 239, 255}, "pale red (requests, old endpoint)": {236, 180, 179, 255}} {
		if n := pixelsNear(img, c, 8); n < 2000 {
			t.Errorf("%d pixels of the %s bands in the screenshot, want at least 2000: are the charts painted?", n, name)
		}
	}
	if *update {
		writeReadmeShot(t, img)
	}
}

// pixelsNear counts the pixels within tol of c in each channel.
func pixelsNear(img image.Image, c color.RGBA, tol int) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if near(r>>8, c.R, tol) && near(g>>8, c.G, tol) && near(bl>>8, c.B, tol) {
				n++
			}
		}
	}
	return n
}

func near(v uint32, want uint8, tol int) bool {
	d := int(v) - int(want)
	return -tol <= d && d <= tol
}

// writeReadmeShot keeps the top of the page (summary, verdicts and the first charts) for
// samples/README.md, in 256 colours to keep the file small.
func writeReadmeShot(t *testing.T, img image.Image) {
	t.Helper()
	top := image.Rect(0, 0, shotWidth, readmeShotHeight)
	var b bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&b, paletted(img, top)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(repoRoot, readmeShot), b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s (%d bytes)", readmeShot, b.Len())
}

func rgb(c color.RGBA) uint32 { return uint32(c.R)<<16 | uint32(c.G)<<8 | uint32(c.B) }

// paletted is the part r of img in its 256 most frequent colours, each pixel mapped to the
// nearest of them (a page is mostly flat colours and their anti-aliasing).
func paletted(img image.Image, r image.Rectangle) *image.Paletted {
	count := map[color.RGBA]int{}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			count[color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)]++
		}
	}
	colours := make([]color.RGBA, 0, len(count))
	for c := range count {
		colours = append(colours, c)
	}
	sort.Slice(colours, func(i, j int) bool {
		a, b := colours[i], colours[j]
		if count[a] != count[b] {
			return count[a] > count[b]
		}
		return rgb(a) < rgb(b)
	})
	var palette color.Palette
	for _, c := range colours[:min(256, len(colours))] {
		palette = append(palette, c)
	}
	out := image.NewPaletted(r, palette)
	nearest := map[color.RGBA]uint8{}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			i, ok := nearest[c]
			if !ok {
				i = uint8(palette.Index(c))
				nearest[c] = i
			}
			out.SetColorIndex(x, y, i)
		}
	}
	return out
}
