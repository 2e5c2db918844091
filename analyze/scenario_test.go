package analyze

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/scimdrift/scimdrift/ingest"
	"github.com/scimdrift/scimdrift/internal/store"
)

// A scenario is a small store filled by hand, analysed with a map, for tests that a finding
// fires where it must and stays quiet in the near miss next to it.
type scenario struct {
	t       *testing.T
	st      *store.Store
	m       *Map
	sources int
}

// The default scenario's world: Okta (old) → Entra (new), cutover 2026-11-16, grace 24h, and
// one app, "Wiki", with an old and a new endpoint.
var (
	cutover     = time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC)
	afterGrace  = cutover.Add(48 * time.Hour)  // safely after cutover + grace
	inGrace     = cutover.Add(6 * time.Hour)   // after cutover, inside the grace period
	beforeCut   = cutover.Add(-72 * time.Hour) // before cutover
	oldEndpoint = "https://scim-legacy.acme.example/wiki/scim/v2"
	newEndpoint = "https://scim.acme.example/wiki/scim/v2"
	oldTenant   = "acme.okta.com"
	newTenant   = "3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f"
	oldToken    = "sha256:00000000000000aa"
	oktaWiki    = "0oaWIKI"
	entraWiki   = "wiki.3f2a9c1e7b4d4e8a9c2f1a2b3c4d5e6f.1"
)

func newScenario(t *testing.T) *scenario {
	t.Helper()
	st, err := store.Open(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	m := &Map{
		Path: "test.toml", Cutover: cutover, Grace: 24 * time.Hour,
		Old:  Side{Platforms: []string{"okta"}, Tenants: []string{oldTenant}, Endpoints: []string{oldEndpoint}, TokenFingerprints: []string{oldToken}},
		New:  Side{Platforms: []string{"entra"}, Tenants: []string{newTenant}, Endpoints: []string{newEndpoint}},
		Apps: []App{{Name: "Wiki", Aliases: []string{"Wiki SCIM", oktaWiki}, Endpoint: newEndpoint, Owner: "docs"}},
	}
	return &scenario{t: t, st: st, m: m}
}

// add stores one batch as a source of its own.
func (sc *scenario) add(b *ingest.Batch) {
	sc.t.Helper()
	sc.sources++
	src := &ingest.Source{Path: fmt.Sprintf("source-%d", sc.sources), SHA256: fmt.Sprintf("%064d", sc.sources), Format: "test"}
	tx, err := sc.st.Begin(src)
	if err != nil {
		sc.t.Fatal(err)
	}
	if err := tx.Write(b, nil); err != nil {
		sc.t.Fatal(err)
	}
	if err := tx.Commit(src); err != nil {
		sc.t.Fatal(err)
	}
}

// events stores events; unset platform, tenant, object and result get defaults from the connector.
func (sc *scenario) events(events ...ingest.Event) {
	for i := range events {
		e := &events[i]
		if e.Platform == "" {
			e.Platform, e.Tenant = "entra", newTenant
			if strings.HasPrefix(e.ConnectorID, "0oa") {
				e.Platform, e.Tenant = "okta", ""
			}
		}
		if e.Object == "" {
			e.Object = ingest.ObjectUser
		}
		if e.Result == "" {
			e.Result = ingest.ResultSuccess
		}
	}
	sc.add(&ingest.Batch{Events: events})
}

func (sc *scenario) requests(requests ...ingest.Access) {
	sc.add(&ingest.Batch{Access: requests})
}

func (sc *scenario) connectors(connectors ...ingest.Connector) {
	for i := range connectors {
		if connectors[i].Origin == "" {
			connectors[i].Origin = "inventory"
		}
	}
	sc.add(&ingest.Batch{Connectors: connectors})
}

// write is an event of the connector writing to the target: a create of user u at time at.
func write(connector string, at time.Time, user string) ingest.Event {
	return ingest.Event{ConnectorID: connector, AppName: "Wiki SCIM", Time: at, Action: ingest.ActionCreate, UserName: user}
}

// request is a request on endpoint at time at from platform's user agent, looking up user.
func request(endpoint, platform string, at time.Time, method, user string, status int) ingest.Access {
	return ingest.Access{Endpoint: endpoint, Time: at, Method: method, Platform: platform, Status: status,
		Resource: "Users", FilterAttr: "userName", FilterValue: user}
}

// shown is a finding as tests compare it.
type shown struct {
	Kind, Severity, App, Connector, Endpoint string
	Count                                    int64
}

// run analyses the scenario (with its map, or none when the map was dropped) and returns the
// findings of the given kind.
func (sc *scenario) run(kind string) []shown {
	sc.t.Helper()
	if err := Run(context.Background(), sc.st.DB, sc.m, DefaultSettings); err != nil {
		sc.t.Fatal(err)
	}
	res, err := sc.st.Query(context.Background(), `SELECT kind, severity, coalesce(app, ''), coalesce(connector, ''),
		coalesce(endpoint, ''), count FROM findings WHERE kind = ? ORDER BY app, connector, endpoint`, kind)
	if err != nil {
		sc.t.Fatal(err)
	}
	var out []shown
	for _, r := range res.Rows {
		out = append(out, shown{r[0].(string), r[1].(string), r[2].(string), r[3].(string), r[4].(string), r[5].(int64)})
	}
	return out
}

// verdict returns an app's verdict after run.
func (sc *scenario) verdict(app string) string {
	sc.t.Helper()
	res, err := sc.st.Query(context.Background(), "SELECT verdict FROM apps WHERE app = ?", app)
	if err != nil || len(res.Rows) != 1 {
		sc.t.Fatalf("verdict of %s: %v (%d rows)", app, err, len(res.Rows))
	}
	return res.Rows[0][0].(string)
}

// op is an event of the connector doing action on user at time at (write is op with create).
func op(connector string, at time.Time, action, user string) ingest.Event {
	e := write(connector, at, user)
	e.Action = action
	return e
}

// failed is the event e failed with HTTP status (0: none logged).
func failed(e ingest.Event, status int) ingest.Event {
	e.Result, e.HTTPStatus = ingest.ResultFailure, status
	return e
}

// skipped is the event e skipped (out of scope) with the platform's reason code.
func skipped(e ingest.Event, code string) ingest.Event {
	e.Result, e.ErrorCode = ingest.ResultSkipped, code
	return e
}

// writes are n creates by the connector from time from on, one a minute, of users u0, u1, ….
func writes(connector string, from time.Time, n int) []ingest.Event {
	var out []ingest.Event
	for i := range n {
		out = append(out, write(connector, from.Add(time.Duration(i)*time.Minute), fmt.Sprintf("u%d@acme.example", i)))
	}
	return out
}

// configured is an inventory row for the connector (platform and tenant from its id, as events
// get them): enabled or not, with a base URL and a token fingerprint ("" for none).
func configured(connector string, enabled bool, baseURL, token string) ingest.Connector {
	c := ingest.Connector{Platform: "entra", Tenant: newTenant, App: "Wiki SCIM", ConnectorID: connector,
		Enabled: &enabled, BaseURL: baseURL, TokenFP: token}
	if strings.HasPrefix(connector, "0oa") {
		c.Platform, c.Tenant = "okta", oldTenant
	}
	return c
}

// verdicts returns every app's verdict after run.
func (sc *scenario) verdicts() map[string]string {
	sc.t.Helper()
	res, err := sc.st.Query(context.Background(), "SELECT app, verdict FROM apps ORDER BY app")
	if err != nil {
		sc.t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range res.Rows {
		out[r[0].(string)] = r[1].(string)
	}
	return out
}

// classes returns, by event id, the failure class and its evidence that run gave each event
// ("" for none).
func (sc *scenario) classes() map[string][2]string {
	sc.t.Helper()
	res, err := sc.st.Query(context.Background(),
		"SELECT event_id, coalesce(failure_class, ''), coalesce(class_evidence, '') FROM events WHERE event_id IS NOT NULL ORDER BY event_id")
	if err != nil {
		sc.t.Fatal(err)
	}
	out := map[string][2]string{}
	for _, r := range res.Rows {
		out[r[0].(string)] = [2]string{r[1].(string), r[2].(string)}
	}
	return out
}
