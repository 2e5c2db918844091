package report

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
)

// markdownWriter writes a report to paste into a ticket: a headline, the verdicts, what to do per
// finding kind, the findings with their evidence, the failure classes and what the report was
// made from. It is GitHub-flavoured Markdown kept to what plainer viewers render too (Jira-style
// Markdown, any CommonMark renderer with pipe tables): no raw HTML, no nested lists, and every text
// from the inputs escaped (see mdText), so log text cannot turn into formatting, links, HTML or
// extra table cells.
type markdownWriter struct{}

func (markdownWriter) Write(w io.Writer, r *Report) error {
	b := bufio.NewWriter(w)
	md := &mdDoc{b: b, r: r, owners: map[string]string{}}
	for _, a := range r.Apps {
		md.owners[a.App] = a.Owner
	}
	md.headline()
	md.verdicts()
	md.whatToDo()
	md.findings()
	md.failures()
	md.madeFrom()
	return b.Flush()
}

// mdDoc writes one Markdown report; writes go to a bufio.Writer, whose Flush reports any error.
type mdDoc struct {
	b      *bufio.Writer
	r      *Report
	owners map[string]string // app -> owner
}

func (md *mdDoc) line(format string, args ...any) {
	fmt.Fprintf(md.b, format+"\n", args...)
}

// headline: a title, one line of counts (apps by verdict, findings by severity, changes against
// the baseline) and the time frame.
func (md *mdDoc) headline() {
	s := md.r.Summarise()
	md.line("## scimdrift: SCIM provisioning after the migration")
	md.line("")
	var verdicts []string
	for _, v := range slices.Concat(Verdicts, otherKeys(s.Verdicts, Verdicts)) {
		if n := s.Verdicts[v]; n > 0 {
			verdicts = append(verdicts, fmt.Sprintf("%d %s", n, mdText(v)))
		}
	}
	var severities []string
	for _, sev := range slices.Concat(Severities, otherKeys(s.Severities, Severities)) {
		if n := s.Severities[sev]; n > 0 {
			severities = append(severities, fmt.Sprintf("%d %s", n, mdText(sev)))
		}
	}
	summary := fmt.Sprintf("**%s**%s. **%s**%s.", plural(s.Apps, "app"), listAfterColon(verdicts),
		plural(s.Findings, "finding"), listAfterColon(severities))
	if md.r.Made.Baseline != "" {
		summary += fmt.Sprintf(" Against the baseline %s: %d new, %d persisting, %d resolved.", mdCode(md.r.Made.Baseline),
			s.Changes[ChangeNew], s.Changes[ChangePersisting], s.Changes[ChangeResolved])
	}
	md.line("%s", summary)
	md.line("")
	md.line("%s", timeFrame(md.r))
}

// timeFrame says when the cutover was and what time the evidence covers.
func timeFrame(r *Report) string {
	cutover := "No cutover (no migration map)"
	if r.Cutover != nil {
		cutover = "Cutover " + stamp(r.Cutover) + " UTC"
	}
	return cutover + "; " + window(r.Window) + "."
}

func window(w Window) string {
	if w.From == nil && w.To == nil {
		return "no dated evidence"
	}
	return "evidence from " + orEnDash(stamp(w.From)) + " to " + orEnDash(stamp(w.To)) + " UTC"
}

// verdicts: one row per app, the worst verdicts first.
func (md *mdDoc) verdicts() {
	md.line("")
	md.line("### Verdicts")
	md.line("")
	if len(md.r.Apps) == 0 {
		md.line("No apps: nothing in the inputs provisions an application.")
		return
	}
	md.line("| app | verdict | owner | connectors (platform, side → endpoint) | reason |")
	md.line("|---|---|---|---|---|")
	for _, a := range appsByVerdict(md.r.Apps) {
		var conns []string
		for _, c := range a.Connectors {
			conns = append(conns, connectorSummary(c))
		}
		md.line("| %s | %s | %s | %s | %s |", mdText(orEnDash(a.App)), mdText(a.Verdict), mdText(orEnDash(a.Owner)),
			orEnDash(strings.Join(conns, "; ")), mdText(a.Reason))
	}
}

// connectorSummary: "entra, new side → `https://…` (new endpoint)".
func connectorSummary(c Connector) string {
	who := mdText(orEnDash(c.Platform)) + ", " + mdText(orWord(c.Side, "unknown")) + " side"
	if c.Enabled != nil && !*c.Enabled {
		who += ", disabled"
	}
	if c.Endpoint == "" {
		return who + " → endpoint unknown"
	}
	return who + " → " + mdCode(c.Endpoint) + " (" + mdText(orWord(c.EndpointRole, "unknown")) + " endpoint)"
}

// whatToDo groups the current findings by kind, most severe kind first, with the runbook's steps
// and the apps each one touches.
func (md *mdDoc) whatToDo() {
	md.line("")
	md.line("### What to do")
	var kinds []string
	byKind := map[string][]Finding{}
	for _, f := range md.r.Findings {
		if f.Change == ChangeResolved {
			continue
		}
		if byKind[f.Kind] == nil {
			kinds = append(kinds, f.Kind) // findings are sorted by severity: the first of a kind is its worst
		}
		byKind[f.Kind] = append(byKind[f.Kind], f)
	}
	if len(kinds) == 0 {
		md.line("")
		md.line("Nothing: no current finding.")
		return
	}
	unowned := map[string]bool{}
	for _, kind := range kinds {
		rb, _ := NextSteps(kind)
		fs := byKind[kind]
		md.line("")
		md.line("#### %s: %s (%s, %s)", mdCode(kind), mdText(rb.Problem), plural(len(fs), "finding"), mdText(fs[0].Severity))
		md.line("")
		for i, step := range rb.Steps {
			md.line("%d. %s", i+1, mdText(step))
		}
		md.line("")
		md.line("Affected:")
		md.line("")
		for _, f := range fs {
			md.line("- %s", md.affected(f))
			if f.App != "" && md.owners[f.App] == "" {
				unowned[f.App] = true
			}
		}
	}
	if len(unowned) > 0 {
		md.line("")
		md.line("**Record owners.** No owner is recorded for %s: add one (`owner` in the migration map's `[[apps]]`, or the inventory), so that the next report names who acts.",
			joinApps(unowned))
	}
}

// affected is one line of "What to do": app, owner, severity, which connector or endpoint, and
// the change against the baseline.
func (md *mdDoc) affected(f Finding) string {
	app := "no single app"
	if f.App != "" {
		app = mdText(f.App)
	}
	s := "**" + app + "**"
	if owner := md.owners[f.App]; owner != "" {
		s += " (owner " + mdText(owner) + ")"
	}
	s += " — " + mdText(f.Severity)
	if f.Change != "" {
		s += ", " + mdText(f.Change)
	}
	if where := findingWhere(f); where != "" {
		s += " — " + where
	}
	return s
}

// findingWhere: "okta `0oa…` → `https://…`", or as much of it as the finding has.
func findingWhere(f Finding) string {
	var parts []string
	if f.Platform != "" || f.Connector != "" {
		who := mdText(f.Platform)
		if f.Connector != "" {
			who = strings.TrimSpace(who + " " + mdCode(f.Connector))
		}
		parts = append(parts, who)
	}
	if f.Endpoint != "" {
		parts = append(parts, mdCode(f.Endpoint))
	}
	return strings.Join(parts, " → ")
}

func joinApps(set map[string]bool) string {
	var names []string
	for n := range set {
		names = append(names, n)
	}
	slices.Sort(names)
	for i, n := range names {
		names[i] = "**" + mdText(n) + "**"
	}
	return strings.Join(names, ", ")
}

// findings: one row per finding, in report order (resolved ones last), with its evidence.
func (md *mdDoc) findings() {
	md.line("")
	md.line("### Findings")
	md.line("")
	if len(md.r.Findings) == 0 {
		md.line("No findings.")
		return
	}
	withChange := md.r.Made.Baseline != ""
	header := "| severity | kind | app | connector → endpoint | count | first seen | last seen |"
	rule := "|---|---|---|---|---:|---|---|"
	if withChange {
		header += " change |"
		rule += "---|"
	}
	md.line("%s evidence | id |", header)
	md.line("%s---|---|", rule)
	for _, f := range md.r.Findings {
		row := fmt.Sprintf("| %s | %s | %s | %s | %d | %s | %s |", mdText(f.Severity), mdCode(f.Kind), mdText(orEnDash(f.App)),
			orEnDash(findingWhere(f)), f.Count, orEnDash(stamp(f.FirstSeen)), orEnDash(stamp(f.LastSeen)))
		if withChange {
			row += " " + mdText(orEnDash(f.Change)) + " |"
		}
		md.line("%s %s | %s |", row, mdText(f.Evidence), mdCode(f.ID))
	}
}

// failures: failed events by class, with an example of the error text.
func (md *mdDoc) failures() {
	md.line("")
	md.line("### Failure classes")
	md.line("")
	if len(md.r.Failures) == 0 {
		md.line("No failed events.")
		return
	}
	md.line("| class | platform | app | endpoint | code | count | example |")
	md.line("|---|---|---|---|---|---:|---|")
	for _, f := range md.r.Failures {
		md.line("| %s | %s | %s | %s | %s | %d | %s |", mdText(f.Class), mdText(f.Platform), mdText(orEnDash(f.App)),
			mdCode(f.Endpoint), mdText(orEnDash(f.Code)), f.Count, mdText(f.Example))
	}
}

// madeFrom: the inputs with their checksums and accounting, the map, the window, the baseline,
// the version and the command line.
func (md *mdDoc) madeFrom() {
	r := md.r
	md.line("")
	md.line("### Made from")
	md.line("")
	if len(r.Sources) == 0 {
		md.line("No input files.")
	} else {
		md.line("| input | format | sha256 | records | stored | rejected | out of scope |")
		md.line("|---|---|---|---:|---:|---:|---:|")
		for _, s := range r.Sources {
			path := mdCode(s.Path)
			if s.Truncated {
				path += " (truncated: read up to the damage)"
			}
			md.line("| %s | %s | %s | %d | %d | %d | %d |", path, mdText(s.Format), mdCode(s.SHA256),
				s.Records, s.Stored, s.Rejected, s.OutOfScope)
		}
	}
	md.line("")
	mapFile := "none (endpoints and sides are not placed)"
	if r.Made.Map != "" {
		mapFile = mdCode(r.Made.Map)
	}
	md.line("- Migration map: %s", mapFile)
	cutover := "not set (no migration map)"
	if r.Cutover != nil {
		cutover = stamp(r.Cutover) + " UTC"
	}
	md.line("- Window: %s; cutover %s", window(r.Window), cutover)
	if r.Made.Baseline != "" {
		md.line("- Baseline: %s", mdCode(r.Made.Baseline))
	}
	command := "a command line it did not record"
	if r.Made.Command != "" {
		command = mdCode(r.Made.Command)
	}
	md.line("- Made by scimdrift %s with %s", mdText(orWord(r.Made.Version, "(version unknown)")), command)
}

// mdText escapes text from the inputs for any inline position (a table cell, a list item, a
// paragraph): Markdown punctuation that could start formatting, a link, math or a code span is
// backslash-escaped, "|" too so that it cannot end a table cell, and "<" and "&" become entities
// so that no HTML or entity can form. Line breaks and other control characters become one space:
// a cell or a list item must stay on one line, and a space reads the same on GitHub and in viewers
// that show "<br>" literally (Jira's among them).
func mdText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	spaced := false
	for _, c := range s {
		if unicode.IsControl(c) || c == '\u2028' || c == '\u2029' {
			if !spaced {
				b.WriteByte(' ')
			}
			spaced = true
			continue
		}
		spaced = false
		switch c {
		case '\\', '`', '*', '_', '[', ']', '|', '~', '$':
			b.WriteByte('\\')
			b.WriteRune(c)
		case '<':
			b.WriteString("&lt;")
		case '&':
			b.WriteString("&amp;")
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

// mdCode puts an identifier (a connector id, an endpoint, a path, a command line) in a code span,
// fenced by more backticks than it holds. A value with "|" or a control character is written as
// escaped text instead: GitHub splits table cells at a "|" even inside a code span, and other
// viewers would show the backslash that prevents it.
func mdCode(s string) string {
	if s == "" {
		return "–"
	}
	if strings.ContainsFunc(s, func(c rune) bool { return c == '|' || unicode.IsControl(c) || c == '\u2028' || c == '\u2029' }) {
		return mdText(s)
	}
	longest, run := 0, 0
	for _, c := range s {
		if c == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || strings.HasPrefix(s, " ") || strings.HasSuffix(s, " ") {
		return fence + " " + s + " " + fence // renderers strip one space each side
	}
	return fence + s + fence
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func listAfterColon(parts []string) string {
	if len(parts) == 0 {
		return ""
	}
	return ": " + strings.Join(parts, ", ")
}

// otherKeys are the keys of counts not in known, sorted: values a newer analysis may add.
func otherKeys(counts map[string]int, known []string) []string {
	var out []string
	for k := range counts {
		if !slices.Contains(known, k) {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

func orEnDash(s string) string { return orWord(s, "–") }

func orWord(s, word string) string {
	if s == "" {
		return word
	}
	return s
}
