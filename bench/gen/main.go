// Command gen writes large, realistic provisioning exports for benchmarks: N events of one
// platform's export shape, with a share of failures, of out-of-scope events and a few
// malformed records, the same bytes for the same flags.
//
//	go run ./bench/gen -shape okta-ndjson -n 1000000 -out /tmp/okta.ndjson
//	go run ./bench/gen -shape okta-ndjson -n 1000000 -gzip -out /tmp/okta.ndjson.gz
//	go run ./bench/gen -shape entra-graph -n 100000 -out /tmp/graph-pages/
//	go run ./bench/gen -shape access-combined -mirror okta -n 1000000 -out /tmp/okta-scim.access.log
//
// Shapes: okta-ndjson, okta-array, entra-diagnostic, entra-graph, access-combined, inventory.
// Every file describes one organisation (world.go: 12,000 users, 300 groups, 22 apps with a
// long tail of traffic), whatever the seed; -apps narrows it to some apps. An access log generated with the -seed, -n, -fail,
// -out-of-scope and window of an IdP export holds the SCIM requests of that export's events
// (-mirror okta or entra), so that the analyses can correlate them.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"
)

type gen struct {
	w *world
	r *rand.Rand // the details of each record: ids, wording; the events themselves come from the model
}

type options struct {
	shape, out, mirror, from, to string
	apps                         string
	n, malformed, page           int
	fail, outOfScope             float64
	gzip, pretty, vhost          bool
	seed                         uint64
}

func main() {
	var o options
	flag.StringVar(&o.shape, "shape", "okta-ndjson", "okta-ndjson, okta-array, entra-diagnostic, entra-graph, access-combined or inventory")
	flag.IntVar(&o.n, "n", 100000, "events to write (access-combined: IdP events whose requests are written)")
	flag.Float64Var(&o.fail, "fail", 0.1, "share of provisioning events that fail")
	flag.Float64Var(&o.outOfScope, "out-of-scope", -1, "share of events that are no provisioning (sign-ins, token grants; Entra: other diagnostic categories); default 0.3 for Okta, 0 for Entra")
	flag.IntVar(&o.malformed, "malformed", 5, "malformed records, spread through the file")
	flag.BoolVar(&o.gzip, "gzip", false, "gzip the output (entra-graph: each page)")
	flag.StringVar(&o.out, "out", "", "output file, or directory for entra-graph (default stdout)")
	flag.Uint64Var(&o.seed, "seed", 1, "seed of the events; the same seed gives the same bytes")
	flag.BoolVar(&o.pretty, "pretty", false, "okta-array: indent the array as a browser download does (default: compact, as the API sends it)")
	flag.StringVar(&o.mirror, "mirror", "okta", "access-combined: the IdP whose requests the log holds, okta or entra")
	flag.BoolVar(&o.vhost, "vhost", true, "access-combined: start each line with the virtual host (nginx's vhost variant), which names the endpoint")
	flag.StringVar(&o.from, "from", "2026-11-02T00:00:00Z", "time of the first event (RFC 3339)")
	flag.StringVar(&o.to, "to", "2026-11-30T00:00:00Z", "time after the last event (RFC 3339)")
	flag.IntVar(&o.page, "page", 1000, "entra-graph: records per page file")
	flag.StringVar(&o.apps, "apps", "", "only these apps (comma-separated slugs, e.g. github,jira); default all")
	flag.Parse()
	if err := run(o, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(2)
	}
}

func run(o options, log io.Writer) error {
	from, err := time.Parse(time.RFC3339, o.from)
	if err != nil {
		return fmt.Errorf("-from: %w", err)
	}
	to, err := time.Parse(time.RFC3339, o.to)
	if err != nil || !to.After(from) {
		return fmt.Errorf("-to must be an RFC 3339 time after -from")
	}
	platform := map[string]string{"okta-ndjson": "okta", "okta-array": "okta", "entra-diagnostic": "entra",
		"entra-graph": "entra", "access-combined": o.mirror, "inventory": ""}
	p, ok := platform[o.shape]
	if !ok || (o.shape == "access-combined" && p != "okta" && p != "entra") {
		return fmt.Errorf("unknown -shape %q or -mirror %q", o.shape, o.mirror)
	}
	if o.outOfScope < 0 {
		o.outOfScope = map[string]float64{"okta": 0.3, "entra": 0}[p]
	}
	if o.shape == "entra-graph" {
		o.outOfScope = 0 // /auditLogs/provisioning returns provisioning objects only
	}
	g := &gen{w: newWorld(), r: rand.New(rand.NewPCG(o.seed, 0x64657461696c))}
	apps, err := g.w.appsNamed(o.apps)
	if err != nil {
		return err
	}
	m := newModel(g.w, apps, o.seed, o.n, from, to, o.fail, o.outOfScope, 0.15, o.malformed)
	start := time.Now()
	var st stats
	switch o.shape {
	case "entra-graph":
		err = g.writePages(o, m, &st)
	case "inventory":
		err = withOutput(o.out, o.gzip, func(w io.Writer) error { return g.writeInventory(w, &st) })
	default:
		err = withOutput(o.out, o.gzip, func(w io.Writer) error { return g.writeStream(w, o, p, m, &st) })
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(log, "gen: %s: %d records (%d lines), %d out of scope, %d failed, %d skipped, %d malformed; %.1f MB in %.1f s\n",
		o.shape, st.records, st.lines, st.outOfScope, st.failed, st.skipped, st.malformed, float64(st.bytes)/1e6, time.Since(start).Seconds())
	return nil
}

type stats struct {
	records, lines, outOfScope, failed, skipped, malformed int
	bytes                                                  int64
}

func (s *stats) count(e *event, platform string) {
	switch {
	case e.malformed:
		s.malformed++
	case e.outOfScope:
		s.outOfScope++
	case e.status != 0:
		s.failed++
	case e.skipped && platform == "entra":
		s.skipped++
	}
}

// writeStream writes the single-file shapes: NDJSON, a JSON array, or access-log lines.
func (g *gen) writeStream(w io.Writer, o options, platform string, m *model, st *stats) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	var e event
	var buf, pretty []byte
	var indented bytes.Buffer
	array := o.shape == "okta-array"
	if array {
		buf = append(buf[:0], '[')
		if o.pretty {
			buf = append(buf, '\n')
		}
	}
	for i := 0; i < o.n; i++ {
		m.draw(i, &e)
		st.count(&e, platform)
		if array && i > 0 {
			buf = append(buf, ',')
			if o.pretty {
				buf = append(buf, '\n')
			}
		}
		start := len(buf)
		switch o.shape {
		case "okta-ndjson", "okta-array":
			if e.malformed {
				buf = g.oktaMalformed(buf, &e, st.malformed-1, array)
			} else {
				buf = g.oktaEvent(buf, &e)
			}
		case "entra-diagnostic":
			if e.malformed {
				buf = g.entraMalformed(buf, &e, st.malformed-1, &diagnosticSpelling)
			} else {
				buf = g.entraRecord(buf, &e, &diagnosticSpelling)
			}
		case "access-combined":
			if e.malformed {
				buf = g.accessMalformed(buf, &e, st.malformed-1, platform, o.vhost)
			} else {
				buf = g.accessLines(buf, &e, platform, o.vhost)
			}
		}
		if array && o.pretty {
			indented.Reset()
			if err := json.Indent(&indented, buf[start:], "  ", "  "); err != nil {
				return fmt.Errorf("event %d: %w", i, err)
			}
			pretty = append(append(pretty[:0], "  "...), indented.Bytes()...)
			buf = append(buf[:start], pretty...)
		}
		if !array && o.shape != "access-combined" {
			buf = append(buf, '\n')
		}
		st.records++
		if len(buf) >= 1<<20 {
			if err := flush(bw, &buf, st); err != nil {
				return err
			}
		}
	}
	if array {
		if o.pretty {
			buf = append(buf, '\n')
		}
		buf = append(buf, "]\n"...)
	}
	if err := flush(bw, &buf, st); err != nil {
		return err
	}
	if o.shape == "access-combined" {
		st.records = st.lines // a log's records are its lines
	}
	return bw.Flush()
}

func flush(w io.Writer, buf *[]byte, st *stats) error {
	st.bytes += int64(len(*buf))
	st.lines += bytes.Count(*buf, []byte{'\n'})
	_, err := w.Write(*buf)
	*buf = (*buf)[:0]
	return err
}

// writePages writes Graph /auditLogs/provisioning pages: page-00001.json, … in directory o.out.
func (g *gen) writePages(o options, m *model, st *stats) error {
	if o.out == "" {
		return fmt.Errorf("entra-graph writes a directory of pages: name it with -out")
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}
	var e event
	var buf []byte
	pages := (o.n + o.page - 1) / o.page
	for p := 1; p <= pages; p++ {
		name := filepath.Join(o.out, fmt.Sprintf("page-%05d.json", p))
		if o.gzip {
			name += ".gz"
		}
		buf = append(buf[:0], `{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#auditLogs/provisioning","value":[`...)
		for k := 0; k < o.page && st.records < o.n; k++ {
			m.draw(st.records, &e)
			st.count(&e, "entra")
			if k > 0 {
				buf = append(buf, ',')
			}
			if e.malformed {
				buf = g.entraMalformed(buf, &e, st.malformed-1, &graphSpelling)
			} else {
				buf = g.entraRecord(buf, &e, &graphSpelling)
			}
			st.records++
		}
		buf = append(buf, ']')
		if p < pages {
			buf = append(buf, `,"@odata.nextLink":"https://graph.microsoft.com/v1.0/auditLogs/provisioning?$top=`...)
			buf = appendInt(buf, o.page)
			buf = append(buf, `&$skiptoken=`...)
			buf = appendOktaID(buf, g.r, "")
			buf = appendOktaID(buf, g.r, "")
			buf = append(buf, '"')
		}
		buf = append(buf, "}\n"...)
		err := withOutput(name, o.gzip, func(w io.Writer) error { return flush(w, &buf, st) })
		if err != nil {
			return err
		}
	}
	return nil
}

// writeInventory writes the analyst's connector inventory of the world: one row per Okta app
// instance and per Entra job, with the base URL each is configured for.
func (g *gen) writeInventory(w io.Writer, st *stats) error {
	var b []byte
	b = append(b, "platform,tenant,app,connector_id,enabled,base_url,token_fingerprint,owner\n"...)
	owners := []string{"collab-team", "it-ops", "dev-platform", "eng-tools", "sales-ops", "docs-team", "security"}
	for i := range g.w.apps {
		a := &g.w.apps[i]
		owner := owners[i%len(owners)]
		oktaFP, entraFP := fingerprint(uint64(i)), fingerprint(uint64(i)+1000)
		if a.slug == "notion" {
			entraFP = oktaFP // the Entra job was given the retired Okta connector's token
		}
		enabled := "true"
		if i%3 == 0 {
			enabled = "false" // switched off at cutover
		}
		b = append(b, "okta,"+oktaOrg+","...)
		b = csvField(b, a.oktaLabel)
		b = append(b, ","+a.oktaID+","+enabled+","+oldEndpoint(a)+","+oktaFP+","+owner+"\n"...)
		b = append(b, "entra,"+entraTenant+","...)
		b = csvField(b, a.spName)
		b = append(b, ","+a.jobID+",true,"+entraEndpoint(a)+","+entraFP+","+owner+"\n"...)
		st.records += 2
	}
	return flush(w, &b, st)
}

// fingerprint is a made-up token fingerprint (sha256: and 16 hex digits): no token exists.
func fingerprint(x uint64) string {
	h := mix(x ^ 0x746f6b656e)
	b := append([]byte("sha256:"), make([]byte, 0, 16)...)
	for shift := 60; shift >= 0; shift -= 4 {
		b = append(b, hexLow[h>>shift&0xf])
	}
	return string(b)
}

func csvField(b []byte, s string) []byte {
	if !bytes.ContainsAny([]byte(s), ",\"\n") {
		return append(b, s...)
	}
	b = append(b, '"')
	b = append(b, bytes.ReplaceAll([]byte(s), []byte(`"`), []byte(`""`))...)
	return append(b, '"')
}

// withOutput opens path (stdout for ""), optionally through gzip, for write, and closes it.
// Compression runs on its own goroutine, so that generating and compressing use two cores.
func withOutput(path string, gz bool, write func(io.Writer) error) error {
	f := os.Stdout
	if path != "" {
		var err error
		if f, err = os.Create(path); err != nil {
			return err
		}
	}
	fileBuf := bufio.NewWriterSize(f, 1<<20)
	var w io.Writer = fileBuf
	var zw *gzip.Writer
	var async *asyncWriter
	if gz {
		zw = gzip.NewWriter(fileBuf) // default level, as exports are compressed; no name or time: same bytes every run
		async = newAsyncWriter(zw)
		w = async
	}
	err := write(w)
	if async != nil {
		err = firstError(err, async.Close(), zw.Close())
	}
	err = firstError(err, fileBuf.Flush())
	if path != "" {
		err = firstError(err, f.Close())
	}
	return err
}

func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// asyncWriter hands 1 MiB chunks to a goroutine that writes them to w.
type asyncWriter struct {
	buf        []byte
	full, free chan []byte
	done       chan error
}

func newAsyncWriter(w io.Writer) *asyncWriter {
	const chunks = 4
	a := &asyncWriter{full: make(chan []byte, chunks), free: make(chan []byte, chunks), done: make(chan error, 1)}
	for i := 0; i < chunks; i++ {
		a.free <- make([]byte, 0, 1<<20)
	}
	a.buf = <-a.free
	go func() {
		var err error
		for b := range a.full {
			if err == nil {
				_, err = w.Write(b)
			}
			a.free <- b[:0]
		}
		a.done <- err
	}()
	return a
}

func (a *asyncWriter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		k := copy(a.buf[len(a.buf):cap(a.buf)], p)
		a.buf, p = a.buf[:len(a.buf)+k], p[k:]
		if len(a.buf) == cap(a.buf) {
			a.full <- a.buf
			a.buf = <-a.free
		}
	}
	return n, nil
}

func (a *asyncWriter) Close() error {
	if len(a.buf) > 0 {
		a.full <- a.buf
	}
	close(a.full)
	return <-a.done
}
