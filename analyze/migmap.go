package analyze

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/scimdrift/scimdrift/internal/secret"
)

// Map is a migration map (DESIGN.md "Migration map (TOML)"): what is being retired, what
// replaces it, when, and which application each connector serves.
type Map struct {
	Path    string
	Cutover time.Time     // UTC
	Grace   time.Duration // 0 when absent
	Old     Side
	New     Side
	Apps    []App
}

// Side is the old or the new identity side of a migration.
type Side struct {
	Platforms         []string // lower case
	Tenants           []string // as written (Okta org host lower-cased; GUIDs lower-cased)
	Endpoints         []string // normalised with NormaliseEndpoint
	TokenFingerprints []string // "sha256:" + 16 lower-case hex
}

// App is one target application and the names the platforms log for it.
type App struct {
	Name     string
	Aliases  []string // as written; matching is case-insensitive and done elsewhere
	Endpoint string   // normalised, "" when absent
	Owner    string
}

// rawMap is the map as decoded: values stay untyped so that a wrong type gets a message that
// names the key and its line, and every key the decoder did not use is refused.
type rawMap struct {
	Cutover any      `toml:"cutover"`
	Grace   any      `toml:"grace"`
	Old     rawSide  `toml:"old"`
	New     rawSide  `toml:"new"`
	Apps    []rawApp `toml:"apps"`
}

type rawSide struct {
	Platforms         any `toml:"platforms"`
	Tenants           any `toml:"tenants"`
	Endpoints         any `toml:"endpoints"`
	TokenFingerprints any `toml:"token_fingerprints"`
}

type rawApp struct {
	Name     any `toml:"name"`
	Aliases  any `toml:"aliases"`
	Endpoint any `toml:"endpoint"`
	Owner    any `toml:"owner"`
}

// knownKeys lists the keys of each table, for the message about an unknown one.
var knownKeys = map[string]string{
	"":     "cutover, grace, [old], [new], [[apps]]",
	"old":  "platforms, tenants, endpoints, token_fingerprints",
	"new":  "platforms, tenants, endpoints, token_fingerprints",
	"apps": "name, aliases, endpoint, owner",
}

// LoadMap reads and parses the migration map at path.
func LoadMap(path string) (*Map, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the migration map: %w", err)
	}
	return ParseMap(path, data)
}

// ParseMap parses a migration map; name is the file name its errors begin with. Every problem
// found is reported, in file order, as "name:line: what is wrong".
func ParseMap(name string, data []byte) (*Map, error) {
	text := string(data)
	var raw rawMap
	md, err := toml.Decode(text, &raw)
	if err != nil {
		return nil, decodeError(name, err)
	}
	p := &mapParser{src: newMapSource(text), m: &Map{Path: name}, problems: problems{name: name}}
	for _, k := range p.src.unknownKeyLines(md.Undecoded()) {
		p.fail(k.line, "%s: unknown key (known: %s)", k.path, knownKeys[k.table])
	}
	p.cutover(raw.Cutover)
	p.grace(raw.Grace)
	p.side("old", raw.Old, &p.m.Old)
	p.side("new", raw.New, &p.m.New)
	p.endpointsOnBothSides(raw.Old.Endpoints, raw.New.Endpoints)
	p.apps(raw.Apps)
	if err := p.problems.err(); err != nil {
		return nil, err
	}
	return p.m, nil
}

// mapParser checks and converts the decoded values, collecting every problem.
type mapParser struct {
	src      *mapSource
	m        *Map
	problems problems
}

func (p *mapParser) fail(line int, format string, args ...any) {
	p.problems.add(line, fmt.Sprintf(format, args...))
}

func (p *mapParser) cutover(v any) {
	line := p.src.keyLine("", -1, "cutover")
	const example = "2026-11-16T00:00:00Z"
	switch v := v.(type) {
	case nil:
		p.fail(0, "cutover is missing: when provisioning should have moved, e.g. cutover = %s", example)
	case time.Time:
		// The decoder gives TOML's local forms these locations (BurntSushi/toml internal/tz.go).
		switch v.Location().String() {
		case "datetime-local":
			p.m.Cutover = time.Date(v.Year(), v.Month(), v.Day(), v.Hour(), v.Minute(), v.Second(), v.Nanosecond(), time.UTC)
		case "date-local", "time-local":
			p.fail(line, "cutover: a date and a time of day are both needed, e.g. cutover = %s", example)
		default:
			p.m.Cutover = v.UTC()
		}
	case string:
		t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(v))
		if err != nil {
			p.fail(line, "cutover %s: not an RFC 3339 time, e.g. %s", quote(v), example)
			return
		}
		p.m.Cutover = t.UTC()
	default:
		p.fail(line, "cutover: want a date-time, e.g. cutover = %s", example)
	}
}

func (p *mapParser) grace(v any) {
	if v == nil {
		return
	}
	line := p.src.keyLine("", -1, "grace")
	s, ok := v.(string)
	if !ok {
		p.fail(line, `grace: want a duration string, e.g. "24h", "90m" or "2d"`)
		return
	}
	d, err := parseGrace(s)
	if err != nil {
		p.fail(line, "grace %s: %v", quote(s), err)
	}
	p.m.Grace = d
}

// parseGrace reads a Go duration or a whole number of days ("2d").
func parseGrace(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if days, ok := strings.CutSuffix(s, "d"); ok {
		if n, err := strconv.Atoi(days); err == nil && n >= 0 {
			return time.Duration(n) * 24 * time.Hour, nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, errors.New(`not a duration, e.g. "24h", "90m" or "2d"`)
	}
	if d < 0 {
		return 0, errors.New("negative")
	}
	return d, nil
}

func (p *mapParser) side(table string, raw rawSide, side *Side) {
	for _, v := range p.stringArray(table, -1, "platforms", raw.Platforms) {
		side.Platforms = appendNew(side.Platforms, strings.ToLower(v))
	}
	for _, v := range p.stringArray(table, -1, "tenants", raw.Tenants) {
		side.Tenants = appendNew(side.Tenants, normaliseTenant(v))
	}
	for i, v := range p.stringArray(table, -1, "endpoints", raw.Endpoints) {
		e, err := NormaliseEndpoint(v)
		if err != nil {
			p.fail(p.src.valueLine(table, -1, "endpoints", v), "%s.endpoints[%d] %s: %v", table, i, quote(v), err)
			continue
		}
		side.Endpoints = appendNew(side.Endpoints, e)
	}
	for i, v := range p.stringArray(table, -1, "token_fingerprints", raw.TokenFingerprints) {
		fp := strings.ToLower(strings.TrimSpace(v))
		line := p.src.valueLine(table, -1, "token_fingerprints", v)
		switch {
		case secret.IsFingerprint(fp):
			side.TokenFingerprints = appendNew(side.TokenFingerprints, fp)
		case secret.LooksLikeToken(v):
			p.fail(line, `%s.token_fingerprints[%d]: looks like a raw token; put its fingerprint here instead (printf %%s "$TOKEN" | scimdrift fingerprint) and keep tokens out of the map`, table, i)
		default:
			p.fail(line, "%s.token_fingerprints[%d] %s: not a token fingerprint (sha256: and 16 hex digits, as scimdrift fingerprint prints)", table, i, quote(v))
		}
	}
}

// endpointsOnBothSides refuses an endpoint listed as old and as new: analyses could not tell
// whether a call to it is stale.
func (p *mapParser) endpointsOnBothSides(rawOld, rawNew any) {
	oldLine := map[string]int{}
	for _, v := range stringList(rawOld) {
		if e, err := NormaliseEndpoint(v); err == nil {
			if _, seen := oldLine[e]; !seen {
				oldLine[e] = p.src.valueLine("old", -1, "endpoints", v)
			}
		}
	}
	for i, v := range stringList(rawNew) {
		if e, err := NormaliseEndpoint(v); err == nil {
			if line, ok := oldLine[e]; ok {
				p.fail(p.src.valueLine("new", -1, "endpoints", v), "new.endpoints[%d] %s: also in old.endpoints (line %d); an endpoint is old or new, not both", i, quote(v), line)
			}
		}
	}
}

// claim is an app's name or alias, lower-cased, and where it was written.
type claim struct {
	app   int
	alias bool
	line  int
}

func (p *mapParser) apps(raws []rawApp) {
	claims := map[string]claim{}
	for i, raw := range raws {
		var app App
		nameLine := p.src.keyLine("apps", i, "name")
		name, isString := p.stringValue("apps", i, "name", raw.Name)
		switch {
		case strings.TrimSpace(name) != "":
			app.Name = strings.TrimSpace(name)
			p.claim(claims, app.Name, claim{i, false, nameLine}, fmt.Sprintf("apps[%d].name", i))
		case raw.Name == nil || isString:
			p.fail(nameLine, "apps[%d]: no name", i)
		}
		for j, alias := range p.stringArray("apps", i, "aliases", raw.Aliases) {
			alias = strings.TrimSpace(alias)
			line := p.src.valueLine("apps", i, "aliases", alias)
			if alias == "" {
				p.fail(line, "apps[%d].aliases[%d]: empty", i, j)
				continue
			}
			app.Aliases = append(app.Aliases, alias)
			p.claim(claims, alias, claim{i, true, line}, fmt.Sprintf("apps[%d].aliases[%d]", i, j))
		}
		if endpoint, _ := p.stringValue("apps", i, "endpoint", raw.Endpoint); strings.TrimSpace(endpoint) != "" {
			e, err := NormaliseEndpoint(endpoint)
			if err != nil {
				p.fail(p.src.keyLine("apps", i, "endpoint"), "apps[%d].endpoint %s: %v", i, quote(endpoint), err)
			}
			app.Endpoint = e
		}
		owner, _ := p.stringValue("apps", i, "owner", raw.Owner)
		app.Owner = strings.TrimSpace(owner)
		p.m.Apps = append(p.m.Apps, app)
	}
}

// claim records that a name or alias means app c.app, and refuses one that already means
// another app: events logged under it could not be told apart.
func (p *mapParser) claim(claims map[string]claim, value string, c claim, path string) {
	key := strings.ToLower(value)
	prev, taken := claims[key]
	switch {
	case !taken:
		claims[key] = c
	case prev.app == c.app:
	case !c.alias && !prev.alias:
		p.fail(c.line, "%s %s: apps[%d] has that name too (line %d)", path, quote(value), prev.app, prev.line)
	case prev.alias:
		p.fail(c.line, "%s %s: also an alias of apps[%d] %s (line %d)", path, quote(value), prev.app, quote(p.m.Apps[prev.app].Name), prev.line)
	default:
		p.fail(c.line, "%s %s: also the name of apps[%d] (line %d)", path, quote(value), prev.app, prev.line)
	}
}

// stringValue reads an optional string value; ok is false when it is absent or not a string.
func (p *mapParser) stringValue(table string, index int, key string, v any) (string, bool) {
	switch v := v.(type) {
	case nil:
		return "", false
	case string:
		return v, true
	}
	p.fail(p.src.keyLine(table, index, key), "%s: want a string", path(table, index, key))
	return "", false
}

// stringArray reads an optional array of strings.
func (p *mapParser) stringArray(table string, index int, key string, v any) []string {
	if v == nil {
		return nil
	}
	list, ok := v.([]any)
	out := stringList(v)
	if !ok || len(out) != len(list) {
		p.fail(p.src.keyLine(table, index, key), "%s: want an array of strings", path(table, index, key))
		return nil
	}
	for i, s := range out {
		if strings.TrimSpace(s) == "" && (key == "platforms" || key == "tenants") {
			p.fail(p.src.keyLine(table, index, key), "%s[%d]: empty", path(table, index, key), i)
		}
	}
	return out
}

// stringList returns the strings of a decoded array.
func stringList(v any) []string {
	list, _ := v.([]any)
	var out []string
	for _, e := range list {
		if s, ok := e.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func path(table string, index int, key string) string {
	if index >= 0 {
		return fmt.Sprintf("%s[%d].%s", table, index, key)
	}
	if table == "" {
		return key
	}
	return table + "." + key
}

func appendNew(list []string, v string) []string {
	for _, have := range list {
		if have == v {
			return list
		}
	}
	return append(list, v)
}

var guidRE = regexp.MustCompile(`^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$`)
var hostRE = regexp.MustCompile(`^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$`)

// normaliseTenant lower-cases tenants whose case means nothing: GUIDs and host names.
func normaliseTenant(t string) string {
	t = strings.TrimSpace(t)
	if guidRE.MatchString(t) || hostRE.MatchString(t) {
		return strings.ToLower(t)
	}
	return t
}

// NormaliseEndpoint lower-cases scheme and host, drops a default port (:443 for https, :80 for http),
// a trailing slash, a query and a fragment; the path keeps its case. It returns an error for
// anything that is not an absolute http(s) URL.
func NormaliseEndpoint(s string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return "", fmt.Errorf("not an http(s) URL: %v", err)
	}
	scheme := strings.ToLower(u.Scheme)
	if (scheme != "http" && scheme != "https") || u.Opaque != "" || u.Hostname() == "" {
		return "", errors.New("not an http(s) URL")
	}
	if u.User != nil {
		return "", errors.New("has user info in it; leave credentials out of the map")
	}
	host := strings.ToLower(u.Hostname())
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port := u.Port(); port != "" && !(scheme == "https" && port == "443") && !(scheme == "http" && port == "80") {
		host += ":" + port
	}
	return scheme + "://" + host + strings.TrimRight(u.EscapedPath(), "/"), nil
}
