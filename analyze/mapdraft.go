package analyze

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/scimdrift/scimdrift/internal/secret"
	"github.com/scimdrift/scimdrift/internal/store"
	"github.com/scimdrift/scimdrift/queries"
)

// DraftMap drafts a migration map from a store that ingest filled, for the analyst to check and
// edit: TOML whose comments say where each value comes from. Every value is a guess from the
// evidence (queries/map_init*.sql); storeName names the store in the header. The draft always
// parses with ParseMap: what the evidence cannot decide (an endpoint used by both sides) is left
// in comments.
func DraftMap(ctx context.Context, s *store.Store, storeName string) ([]byte, error) {
	d := &draft{store: storeName}
	for _, step := range []struct {
		query string
		read  func(row)
	}{
		{"map_init", d.readPlatform},
		{"map_init_endpoints", d.readEndpoint},
		{"map_init_connectors", d.readConnector},
	} {
		res, err := s.Query(ctx, queries.MustGet(step.query).SQL)
		if err != nil {
			return nil, fmt.Errorf("drafting the map: %s: %w", step.query, err)
		}
		for _, values := range res.Rows {
			step.read(row{res.Columns, values})
		}
	}
	if d.newPlatform() == nil {
		return nil, errors.New("the store holds no provisioning events to draft a map from: ingest the identity platforms' exports first")
	}
	d.groupApps()
	return d.render(), nil
}

// draft is what the queries found, arranged for rendering.
type draft struct {
	store      string
	platforms  []*draftPlatform
	endpoints  []*draftEndpoint // sorted by URL
	connectors []*draftConnector
	apps       []*draftApp
	notURLs    []string // configured or called endpoints that are no http(s) URL
}

type draftPlatform struct {
	name, side  string
	tenants     []string
	events      int64
	first, last time.Time
}

// draftEndpoint is one normalised endpoint and who configured or called it.
type draftEndpoint struct {
	url        string
	sides      map[string]bool // "old", "new"
	configured []string        // `okta "Box"`
	calls      []string        // "okta 2026-11-02 … 2026-11-13"
}

type draftConnector struct {
	platform, id          string
	names, owners         []string
	enabled               *bool
	configured            int64 // inventory and configuration rows
	baseURLs, tokens      []string
	events                int64
	firstEvent, lastEvent time.Time
}

func (d *draft) side(platform string) string {
	for _, p := range d.platforms {
		if p.name == platform {
			return p.side
		}
	}
	return ""
}

func (d *draft) newPlatform() *draftPlatform {
	for _, p := range d.platforms {
		if p.side == "new" {
			return p
		}
	}
	return nil
}

func (d *draft) readPlatform(r row) {
	p := &draftPlatform{name: strings.ToLower(r.str("platform")), side: r.str("side"), events: r.int("events"), first: r.time("first_event"), last: r.time("last_event")}
	for _, t := range r.strs("tenants") {
		p.tenants = appendNew(p.tenants, normaliseTenant(t))
	}
	d.platforms = append(d.platforms, p)
}

func (d *draft) readEndpoint(r row) {
	raw := r.str("endpoint")
	url, err := NormaliseEndpoint(raw)
	if err != nil {
		d.notURLs = appendNew(d.notURLs, raw)
		return
	}
	i := sort.Search(len(d.endpoints), func(i int) bool { return d.endpoints[i].url >= url })
	if i == len(d.endpoints) || d.endpoints[i].url != url {
		d.endpoints = append(d.endpoints, nil)
		copy(d.endpoints[i+1:], d.endpoints[i:])
		d.endpoints[i] = &draftEndpoint{url: url, sides: map[string]bool{}}
	}
	e := d.endpoints[i]
	platform := strings.ToLower(r.str("platform"))
	if side := d.side(platform); side != "" {
		e.sides[side] = true
	}
	if r.str("how") == "configured" {
		for _, name := range r.strs("connectors") {
			e.configured = appendNew(e.configured, fmt.Sprintf("%s %q", platform, name))
		}
		return
	}
	if platform == "" {
		platform = "unknown clients"
	}
	e.calls = append(e.calls, fmt.Sprintf("%s %s", platform, span(r.time("first_seen"), r.time("last_seen"))))
}

func (d *draft) readConnector(r row) {
	c := &draftConnector{
		platform: strings.ToLower(r.str("platform")), id: r.str("connector_id"),
		names: r.strs("names"), owners: r.strs("owners"), baseURLs: r.strs("base_urls"), tokens: r.strs("token_fingerprints"),
		configured: r.int("configured"), events: r.int("events"), firstEvent: r.time("first_event"), lastEvent: r.time("last_event"),
	}
	if b, ok := r.get("enabled").(bool); ok {
		c.enabled = &b
	}
	d.connectors = append(d.connectors, c)
}

// draftApp is a group of connectors whose names (or ids) match case-insensitively.
type draftApp struct {
	name       string
	names, ids []string
	connectors []*draftConnector
}

// groupApps puts connectors in one group when a name or id of one equals, ignoring case and
// surrounding space, a name or id of the other. Never fuzzy: "Zoom" and "Zoom Workplace" are two.
func (d *draft) groupApps() {
	parent := map[string]string{}
	var find func(string) string
	find = func(k string) string {
		if p, ok := parent[k]; ok && p != k {
			root := find(p)
			parent[k] = root
			return root
		}
		parent[k] = k
		return k
	}
	keysOf := func(c *draftConnector) []string {
		var keys []string
		for _, n := range append(append([]string{}, c.names...), c.id) {
			if k := matchKey(n); k != "" {
				keys = append(keys, k)
			}
		}
		return keys
	}
	for _, c := range d.connectors {
		keys := keysOf(c)
		for _, k := range keys[1:] {
			parent[find(k)] = find(keys[0])
		}
	}
	groups := map[string]*draftApp{}
	for _, c := range d.connectors {
		root := find(keysOf(c)[0])
		app := groups[root]
		if app == nil {
			app = &draftApp{}
			groups[root] = app
			d.apps = append(d.apps, app)
		}
		app.connectors = append(app.connectors, c)
		for _, n := range c.names {
			app.names = appendNew(app.names, n)
		}
		if c.id != "" {
			app.ids = appendNew(app.ids, c.id)
		}
	}
	for _, app := range d.apps {
		sort.Slice(app.names, func(i, j int) bool { return lessFold(app.names[i], app.names[j]) })
		sort.Strings(app.ids)
		app.name = app.commonestName()
	}
	sort.Slice(d.apps, func(i, j int) bool { return lessFold(d.apps[i].name, d.apps[j].name) })
}

// commonestName is the name most of the app's connectors carry (the first in order on a tie),
// else its first connector id.
func (app *draftApp) commonestName() string {
	if len(app.names) == 0 {
		return app.ids[0]
	}
	best, bestCount := "", 0
	for _, name := range app.names {
		count := 0
		for _, c := range app.connectors {
			for _, n := range c.names {
				if n == name {
					count++
				}
			}
		}
		if count > bestCount {
			best, bestCount = name, count
		}
	}
	return best
}

// matchKey is how names are compared: case-insensitively, after trimming.
func matchKey(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func lessFold(a, b string) bool {
	if fa, fb := strings.ToLower(a), strings.ToLower(b); fa != fb {
		return fa < fb
	}
	return a < b
}

// draftToken is a configured token fingerprint and the connectors that carry it.
type draftToken struct {
	fp       string
	carriers []string        // `okta "Notion"`
	sides    map[string]bool // of the carriers' platforms
	sortKey  string          // the first carrier's name, for a list in the order of the apps
}

// tokens lists the configured token fingerprints, sorted by their first carrier, and counts the
// configured values that are no fingerprint (left out of the draft).
func (d *draft) tokens() (list []*draftToken, notFingerprints int) {
	byFP := map[string]*draftToken{}
	for _, c := range d.connectors {
		for _, fp := range c.tokens {
			fp = strings.ToLower(fp)
			if !secret.IsFingerprint(fp) {
				notFingerprints++
				continue
			}
			t := byFP[fp]
			if t == nil {
				t = &draftToken{fp: fp, sides: map[string]bool{}}
				byFP[fp] = t
				list = append(list, t)
			}
			t.sides[d.side(c.platform)] = true
			if name := connectorName(c); t.sortKey == "" || lessFold(name, t.sortKey) {
				t.sortKey = name
			}
			t.carriers = appendNew(t.carriers, fmt.Sprintf("%s %q", c.platform, connectorName(c)))
		}
	}
	sort.Slice(list, func(i, j int) bool {
		if a, b := list[i].sortKey, list[j].sortKey; a != b {
			return lessFold(a, b)
		}
		return list[i].fp < list[j].fp
	})
	return list, notFingerprints
}

func connectorName(c *draftConnector) string {
	if len(c.names) > 0 {
		return c.names[0]
	}
	return c.id
}

// span renders a time range by day, as the draft's comments show it.
func span(first, last time.Time) string {
	if first.IsZero() {
		return "at unknown times"
	}
	if a, b := first.Format(time.DateOnly), last.Format(time.DateOnly); a != b {
		return a + " … " + b
	}
	return first.Format(time.DateOnly)
}

// row reads a query's row by column name.
type row struct {
	columns []string
	values  []any
}

func (r row) get(column string) any {
	for i, c := range r.columns {
		if c == column {
			return r.values[i]
		}
	}
	panic("map_init queries: no column " + column) // a query and this file disagree: a build error
}

func (r row) str(column string) string {
	s, _ := r.get(column).(string)
	return s
}

func (r row) int(column string) int64 {
	switch v := r.get(column).(type) {
	case int64:
		return v
	case int32:
		return int64(v)
	}
	return 0
}

func (r row) time(column string) time.Time {
	t, _ := r.get(column).(time.Time)
	return t.UTC()
}

// strs reads a LIST of strings, without the NULLs.
func (r row) strs(column string) []string {
	list, _ := r.get(column).([]any)
	var out []string
	for _, v := range list {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}
