package analyze

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"
)

// render writes the draft as TOML with comments (DESIGN.md "Migration map (TOML)").
func (d *draft) render() []byte {
	var b strings.Builder
	comment(&b, fmt.Sprintf("Migration map drafted by `scimdrift map init` from %s.", d.store))
	comment(&b, "Every value is a guess from the stored evidence and the comments say which: check each one,")
	comment(&b, "edit what is wrong, then run `scimdrift map check FILE`.")
	b.WriteString("\n")
	d.renderCutover(&b)
	tokens, notFingerprints := d.tokens()
	d.renderSide(&b, "old", tokens)
	d.renderSide(&b, "new", tokens)
	d.renderLeftOut(&b, notFingerprints)
	d.renderApps(&b)
	return []byte(b.String())
}

func (d *draft) renderCutover(b *strings.Builder) {
	p := d.newPlatform()
	cutover, median := d.cutoverGuess(p)
	if median {
		comment(b, fmt.Sprintf("A guess: the day on which half of %s's connectors had started (%s is the platform whose", p.name, p.name))
		comment(b, "events start last). Set it to the time provisioning should have moved.")
	} else {
		comment(b, fmt.Sprintf("A guess: the first event of %s, the platform whose events start last. Set it to the time", p.name))
		comment(b, "provisioning should have moved.")
	}
	if days := d.firstEventsByDay(p.name); days != "" {
		comment(b, days)
	}
	fmt.Fprintf(b, "cutover = %s\n", cutover.Format(time.RFC3339))
	b.WriteString("grace   = \"24h\"  # old endpoints may still see traffic this long after the cutover\n\n")
}

// cutoverGuess is the start of the day by which half of the new platform's connectors had logged
// their first event — one pilot connector running weeks early must not set the cutover — or,
// with fewer than three connectors, the platform's first event. median says which it is.
func (d *draft) cutoverGuess(p *draftPlatform) (cutover time.Time, median bool) {
	var firsts []time.Time
	for _, c := range d.connectors {
		if c.platform == p.name && !c.firstEvent.IsZero() {
			firsts = append(firsts, c.firstEvent)
		}
	}
	if len(firsts) < 3 {
		return p.first.Truncate(time.Second), false
	}
	sort.Slice(firsts, func(i, j int) bool { return firsts[i].Before(firsts[j]) })
	return firsts[(len(firsts)-1)/2].UTC().Truncate(24 * time.Hour), true
}

// firstEventsByDay says on which days the connectors of a platform logged their first event.
func (d *draft) firstEventsByDay(platform string) string {
	count := map[string]int{}
	var days []string
	for _, c := range d.connectors {
		if c.platform != platform || c.firstEvent.IsZero() {
			continue
		}
		day := c.firstEvent.Format(time.DateOnly)
		if count[day] == 0 {
			days = append(days, day)
		}
		count[day]++
	}
	if len(days) == 0 {
		return ""
	}
	sort.Strings(days)
	parts := make([]string, len(days))
	for i, day := range days {
		parts[i] = fmt.Sprintf("%s (%d)", day, count[day])
	}
	return fmt.Sprintf("First events of %s's connectors: %s.", platform, strings.Join(parts, ", "))
}

func (d *draft) renderSide(b *strings.Builder, side string, tokens []*draftToken) {
	other := map[string]string{"old": "new", "new": "old"}[side]
	var platforms, tenants []string
	var about []string
	for _, p := range d.platforms {
		if p.side != side {
			continue
		}
		platforms = append(platforms, p.name)
		for _, t := range p.tenants {
			tenants = appendNew(tenants, t)
		}
		if p.events > 0 {
			about = append(about, fmt.Sprintf("%s: %s, %s", p.name, plural(p.events, "event"), span(p.first, p.last)))
		} else {
			about = append(about, p.name+": no provisioning events, only connectors or calls")
		}
	}
	if side == "old" {
		comment(b, "The side being retired: the platforms whose events start first.")
		if len(platforms) == 0 {
			comment(b, "Only one platform has events: add the retired platform, its tenants and its endpoints.")
		}
	} else {
		comment(b, "The side that replaces it: the platform whose events start last.")
	}
	for _, a := range about {
		comment(b, a)
	}
	fmt.Fprintf(b, "[%s]\nplatforms = %s\ntenants   = %s\n", side, inlineArray(platforms), inlineArray(tenants))
	b.WriteString("endpoints = [\n")
	for _, e := range d.endpoints {
		switch {
		case e.sides[side] && e.sides[other]:
			fmt.Fprintf(b, "  # %s,  # also used on the %s side: keep it on one side only; %s\n", tomlString(e.url), other, oneLine(e.about()))
		case e.sides[side]:
			fmt.Fprintf(b, "  %s,  # %s\n", tomlString(e.url), oneLine(e.about()))
		}
	}
	b.WriteString("]\n")
	comment(b, "Token fingerprints of the connectors (inventory); a token an old-side connector carries is old.")
	b.WriteString("token_fingerprints = [\n")
	for _, t := range tokens {
		carriers := oneLine(strings.Join(t.carriers, ", "))
		switch {
		case side == "old" && t.sides["old"]:
			fmt.Fprintf(b, "  %s,  # %s\n", tomlString(t.fp), carriers)
		case side == "new" && t.sides["new"] && t.sides["old"]:
			fmt.Fprintf(b, "  # %s,  # %s: carried on the old side too, so listed under [old]\n", tomlString(t.fp), carriers)
		case side == "new" && t.sides["new"]:
			fmt.Fprintf(b, "  %s,  # %s\n", tomlString(t.fp), carriers)
		}
	}
	b.WriteString("]\n\n")
}

// about says who configured and who called an endpoint.
func (e *draftEndpoint) about() string {
	var parts []string
	if len(e.configured) > 0 {
		parts = append(parts, "configured: "+strings.Join(e.configured, ", "))
	}
	if len(e.calls) > 0 {
		parts = append(parts, "called: "+strings.Join(e.calls, ", "))
	}
	return strings.Join(parts, "; ")
}

// renderLeftOut lists in comments what the draft could not place.
func (d *draft) renderLeftOut(b *strings.Builder, notFingerprints int) {
	var lines []string
	for _, e := range d.endpoints {
		if !e.sides["old"] && !e.sides["new"] {
			lines = append(lines, fmt.Sprintf("unplaced: %s  # %s", tomlString(e.url), oneLine(e.about())))
		}
	}
	for _, u := range d.notURLs {
		lines = append(lines, "not an http(s) URL, left out: "+oneLine(quote(u)))
	}
	if notFingerprints == 1 {
		lines = append(lines, "left out: 1 configured token value that is no fingerprint (check the inventory)")
	} else if notFingerprints > 1 {
		lines = append(lines, fmt.Sprintf("left out: %d configured token values that are no fingerprint (check the inventory)", notFingerprints))
	}
	if len(lines) == 0 {
		return
	}
	comment(b, "Left out of the sides. An unplaced endpoint is one no connector or client of a known platform")
	comment(b, "used: put it under [old] or [new], or leave it out (analyses report calls to it as unmapped).")
	for _, l := range lines {
		comment(b, l)
	}
	b.WriteString("\n")
}

func (d *draft) renderApps(b *strings.Builder) {
	comment(b, "One [[apps]] per group of connectors whose names match, ignoring case (never a fuzzy match).")
	comment(b, `The platforms often name one application differently ("Zoom" and "Zoom Workplace"): each name`)
	comment(b, "then gets its own entry below. Merge such entries into one: keep one name, join the aliases.")
	for _, app := range d.apps {
		b.WriteString("\n[[apps]]\n")
		for _, c := range app.connectors {
			comment(b, c.describe())
		}
		for _, hint := range d.mergeHints(app) {
			comment(b, hint)
		}
		fmt.Fprintf(b, "name     = %s\n", tomlString(app.name))
		aliases := append(append([]string{}, app.names...), app.ids...)
		if line := inlineArray(aliases); len(line) <= 90 {
			fmt.Fprintf(b, "aliases  = %s\n", line)
		} else {
			b.WriteString("aliases  = [\n")
			for _, a := range aliases {
				fmt.Fprintf(b, "  %s,\n", tomlString(a))
			}
			b.WriteString("]\n")
		}
		d.renderAppEndpoint(b, app)
		renderOwner(b, app)
	}
}

// describe is a connector's comment line in its [[apps]] entry.
func (c *draftConnector) describe() string {
	state := "enabled state unknown"
	switch {
	case c.configured == 0:
		state = "not in the inventory"
	case c.enabled != nil && *c.enabled:
		state = "enabled"
	case c.enabled != nil:
		state = "disabled"
	}
	base := "no base URL"
	if len(c.baseURLs) > 0 {
		base = "base URL " + strings.Join(c.baseURLs, ", ")
	}
	events := "no events"
	if c.events > 0 {
		events = fmt.Sprintf("%s %s", plural(c.events, "event"), span(c.firstEvent, c.lastEvent))
	}
	id := c.id
	if id == "" {
		id = "(no id)"
	}
	return oneLine(fmt.Sprintf("%s connector %s: %s, %s, %s", c.platform, id, state, base, events))
}

// mergeHints names the other entries whose connectors share a base URL or a token with this
// one's: evidence, not a name likeness, that they may be one application.
func (d *draft) mergeHints(app *draftApp) []string {
	var hints []string
	for _, other := range d.apps {
		if other == app {
			continue
		}
		for _, what := range shared(app, other) {
			hints = append(hints, fmt.Sprintf("shares %s with %s: if they are one application, merge the two entries", what, quote(other.name)))
		}
	}
	return hints
}

// shared lists the base URLs and token fingerprints the connectors of two apps have in common.
func shared(a, b *draftApp) []string {
	var out []string
	seen := map[string]bool{}
	for _, ca := range a.connectors {
		for _, cb := range b.connectors {
			for _, u := range ca.baseURLs {
				nu, err := NormaliseEndpoint(u)
				if err != nil || seen["base URL "+nu] {
					continue
				}
				for _, v := range cb.baseURLs {
					if nv, err := NormaliseEndpoint(v); err == nil && nv == nu {
						seen["base URL "+nu] = true
						out = append(out, "base URL "+nu)
						break
					}
				}
			}
			for _, t := range ca.tokens {
				for _, v := range cb.tokens {
					if strings.EqualFold(t, v) && !seen["token "+t] {
						seen["token "+t] = true
						out = append(out, "token "+strings.ToLower(t))
					}
				}
			}
		}
	}
	return out
}

// renderAppEndpoint guesses the app's endpoint: the base URL its new-side connectors are configured with.
func (d *draft) renderAppEndpoint(b *strings.Builder, app *draftApp) {
	var urls, notURLs, platforms []string
	for _, c := range app.connectors {
		if d.side(c.platform) != "new" {
			continue
		}
		platforms = appendNew(platforms, c.platform)
		for _, u := range c.baseURLs {
			if nu, err := NormaliseEndpoint(u); err == nil {
				urls = appendNew(urls, nu)
			} else {
				notURLs = appendNew(notURLs, quote(u))
			}
		}
	}
	switch {
	case len(platforms) == 0:
		comment(b, "endpoint: none of its connectors is on the new side (retired, or not migrated yet?)")
	case len(urls) == 0 && len(notURLs) > 0:
		comment(b, "endpoint: its "+strings.Join(platforms, ", ")+" connector's base URL is no http(s) URL: "+strings.Join(notURLs, ", "))
	case len(urls) == 0:
		comment(b, "endpoint: its "+strings.Join(platforms, ", ")+" connector has no base URL in the inventory")
	case len(urls) > 1:
		comment(b, "endpoint: its new-side connectors are configured with several: "+strings.Join(urls, ", "))
	default:
		note := "the " + strings.Join(platforms, ", ") + " connector's base URL"
		for _, e := range d.endpoints {
			if e.url == urls[0] && e.sides["old"] {
				note += "; the old side uses it too: check it"
			}
		}
		fmt.Fprintf(b, "endpoint = %s  # %s\n", tomlString(urls[0]), note)
	}
}

func renderOwner(b *strings.Builder, app *draftApp) {
	var owners []string
	for _, c := range app.connectors {
		for _, o := range c.owners {
			owners = appendNew(owners, o)
		}
	}
	sort.Strings(owners)
	switch len(owners) {
	case 0:
		comment(b, "owner: the inventory names none")
	case 1:
		fmt.Fprintf(b, "owner    = %s\n", tomlString(owners[0]))
	default:
		fmt.Fprintf(b, "owner    = %s  # the inventory also names %s\n", tomlString(owners[0]), oneLine(strings.Join(owners[1:], ", ")))
	}
}

func plural(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func comment(b *strings.Builder, text string) {
	b.WriteString("# " + oneLine(text) + "\n")
}

// oneLine keeps a comment on its line: control characters become spaces.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

func inlineArray(list []string) string {
	quoted := make([]string, len(list))
	for i, s := range list {
		quoted[i] = tomlString(s)
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\n':
			b.WriteString(`\n`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
