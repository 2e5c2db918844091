package analyze

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/scimdrift/scimdrift/ingest"
)

// Each finding kind: one test where it fires, one near miss where it must not.

// stale_endpoint: a new connector's events match requests on an old endpoint after cutover (critical).
func TestStaleEndpointFiresOnCorrelatedOldTraffic(t *testing.T) {
	t.Parallel()
	sc := newScenario(t)
	sc.events(write(entraWiki, afterGrace, "ann@acme.example"), write(entraWiki, afterGrace.Add(time.Hour), "bob@acme.example"))
	sc.requests(request(oldEndpoint, "entra", afterGrace.Add(2*time.Second), "GET", "ann@acme.example", 200),
		request(oldEndpoint, "entra", afterGrace.Add(time.Hour+3*time.Second), "GET", "bob@acme.example", 200))
	want := []shown{{"stale_endpoint", "critical", "Wiki", entraWiki, oldEndpoint, 2}}
	if diff := cmp.Diff(want, sc.run("stale_endpoint")); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if v := sc.verdict("Wiki"); v != "stale" {
		t.Errorf("verdict %q, want stale", v)
	}
}

// stale_endpoint near miss: the same events match requests on the new endpoint.
func TestStaleEndpointNearMissNewTraffic(t *testing.T) {
	t.Parallel()
	sc := newScenario(t)
	sc.events(write(entraWiki, afterGrace, "ann@acme.example"))
	sc.requests(request(newEndpoint, "entra", afterGrace.Add(2*time.Second), "GET", "ann@acme.example", 200))
	if got := sc.run("stale_endpoint"); len(got) != 0 {
		t.Errorf("fired on a connector calling the new endpoint: %v", got)
	}
}

// retired_token, signal 1: the new connector is configured with a token fingerprint on the map's old list.
func TestRetiredTokenFiresOnOldFingerprintInInventory(t *testing.T) {
	t.Parallel()
	sc := newScenario(t)
	sc.connectors(configured(entraWiki, true, newEndpoint, oldToken))
	want := []shown{{"retired_token", "high", "Wiki", entraWiki, newEndpoint, 1}}
	if diff := cmp.Diff(want, sc.run("retired_token")); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// retired_token near miss: a token that is not on the old list.
func TestRetiredTokenNearMissTokenNotOnOldList(t *testing.T) {
	t.Parallel()
	sc := newScenario(t)
	sc.connectors(configured(entraWiki, true, newEndpoint, "sha256:00000000000000bb"))
	if got := sc.run("retired_token"); len(got) != 0 {
		t.Errorf("fired on a token not on the old list: %v", got)
	}
}

// retired_token, signal 2: a JWT the new connector sent names an old tenant, and the call failed.
func TestRetiredTokenFiresOnJWTOfOldTenant(t *testing.T) {
	t.Parallel()
	sc := newScenario(t)
	e := failed(write(entraWiki, afterGrace, "ann@acme.example"), 401)
	e.TokenTenant = oldTenant
	sc.events(e, write(entraWiki, afterGrace.Add(time.Minute), "bob@acme.example"))
	want := []shown{{"retired_token", "high", "Wiki", entraWiki, "", 1}}
	if diff := cmp.Diff(want, sc.run("retired_token")); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// retired_token near miss: a refused JWT of the new tenant is a token error, not a retired token.
func TestRetiredTokenNearMissJWTOfNewTenant(t *testing.T) {
	t.Parallel()
	sc := newScenario(t)
	e := failed(write(entraWiki, afterGrace, "ann@acme.example"), 401)
	e.TokenTenant = newTenant
	sc.events(e, write(entraWiki, afterGrace.Add(time.Minute), "bob@acme.example"))
	if got := sc.run("retired_token"); len(got) != 0 {
		t.Errorf("fired on a JWT of the new tenant: %v", got)
	}
}

// retired_token near miss: a JWT of the new tenant whose error text speaks of another tenant is a
// tenant failure, but the JWT names no old tenant.
func TestRetiredTokenNearMissTenantTextWithNewJWT(t *testing.T) {
	t.Parallel()
	sc := newScenario(t)
	e := failed(write(entraWiki, afterGrace, "ann@acme.example"), 403)
	e.TokenTenant, e.ErrorText = newTenant, "the user belongs to another tenant"
	sc.events(e, write(entraWiki, afterGrace.Add(time.Minute), "bob@acme.example"))
	if got := sc.run("retired_token"); len(got) != 0 {
		t.Errorf("fired on a JWT of the new tenant: %v", got)
	}
}

// retired_token, signal 3: from cutover on, at least 3 and at least half of the new connector's
// events fail with token errors — no inventory needed.
func TestRetiredTokenFiresOn401BurstFromCutover(t *testing.T) {
	t.Parallel()
	sc := newScenario(t)
	var events []ingest.Event
	for i, e := range writes(entraWiki, inGrace, 4) {
		if i < 3 {
			e = failed(e, 401)
		}
		events = append(events, e)
	}
	sc.events(events...)
	want := []shown{{"retired_token", "high", "Wiki", entraWiki, "", 3}}
	if diff := cmp.Diff(want, sc.run("retired_token")); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// retired_token near misses of the burst: token errors under half of the events, or fewer than 3,
// or before cutover.
func TestRetiredTokenNearMissBurst(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name          string
		from          time.Time
		events, fails int
	}{
		{"3 of 7 after cutover, under half", inGrace, 7, 3},
		{"2 of 2 after cutover, under 3", inGrace, 2, 2},
		{"5 of 5 before cutover", beforeCut, 5, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := newScenario(t)
			var events []ingest.Event
			for i, e := range writes(entraWiki, tc.from, tc.events) {
				if i < tc.fails {
					e = failed(e, 401)
				}
				events = append(events, e)
			}
			sc.events(events...)
			if got := sc.run("retired_token"); len(got) != 0 {
				t.Errorf("fired: %v", got)
			}
		})
	}
}

// old_connector_active: an old-side connector still writes after cutover + grace.
func TestOldConnectorActiveFiresOnWritesAfterGrace(t *testing.T) {
	t.Parallel()
	sc := newScenario(t)
	sc.connectors(configured(oktaWiki, true, oldEndpoint, oldToken))
	sc.events(write(oktaWiki, afterGrace, "ann@acme.example"),
		op(oktaWiki, afterGrace.Add(time.Hour), ingest.ActionUpdate, "bob@acme.example"))
	want := []shown{{"old_connector_active", "high", "Wiki", oktaWiki, oldEndpoint, 2}}
	if diff := cmp.Diff(want, sc.run("old_connector_active")); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// old_connector_active near misses: disabled and silent after cutover; writes only inside the
// grace period; only lookups and skips after grace (no writes).
func TestOldConnectorActiveNearMiss(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		enabled bool
		events  []ingest.Event
	}{
		{"disabled and silent after cutover", false, writes(oktaWiki, beforeCut, 3)},
		{"writes inside the grace period", true, writes(oktaWiki, inGrace, 3)},
		{"lookups and skips after grace", true, []ingest.Event{
			op(oktaWiki, afterGrace, ingest.ActionLookup, "ann@acme.example"),
			skipped(write(oktaWiki, afterGrace.Add(time.Minute), "bob@acme.example"), "NotInScope")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := newScenario(t)
			sc.connectors(configured(oktaWiki, tc.enabled, oldEndpoint, oldToken))
			sc.events(tc.events...)
			if got := sc.run("old_connector_active"); len(got) != 0 {
				t.Errorf("fired: %v", got)
			}
		})
	}
}

// split_writers: the old and the new connector both write to one app after cutover + grace.
func TestSplitWritersFiresOnTwoWritersAfterGrace(t *testing.T) {
	t.Parallel()
	sc := newScenario(t)
	sc.events(append(writes(oktaWiki, afterGrace, 2), writes(entraWiki, afterGrace.Add(time.Hour), 3)...)...)
	want := []shown{{"split_writers", "high", "Wiki", "", "", 5}}
	if diff := cmp.Diff(want, sc.run("split_writers")); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// split_writers near miss: both connectors wrote before cutover only (a pilot); after grace only
// the new one writes.
func TestSplitWritersNearMissBothBeforeCutoverOnly(t *testing.T) {
	t.Parallel()
	sc := newScenario(t)
	sc.events(writes(oktaWiki, beforeCut, 3)...)
	sc.events(writes(entraWiki, beforeCut.Add(time.Hour), 3)...)
	sc.events(writes(entraWiki, afterGrace, 3)...)
	if got := sc.run("split_writers"); len(got) != 0 {
		t.Errorf("fired on writers that overlapped before cutover only: %v", got)
	}
}

// old_endpoint_traffic: requests on an old endpoint after cutover + grace; high when they write.
func TestOldEndpointTrafficFiresAfterGrace(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, method, severity string
	}{
		{"writes", "POST", "high"},
		{"reads only", "GET", "medium"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := newScenario(t)
			sc.connectors(configured(oktaWiki, false, oldEndpoint, oldToken))
			sc.requests(request(oldEndpoint, "okta", afterGrace, tc.method, "ann@acme.example", 201),
				request(oldEndpoint, "okta", afterGrace.Add(time.Minute), "GET", "bob@acme.example", 200))
			want := []shown{{"old_endpoint_traffic", tc.severity, "Wiki", "", oldEndpoint, 2}}
			if diff := cmp.Diff(want, sc.run("old_endpoint_traffic")); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// old_endpoint_traffic near miss: the same requests inside the grace period.
func TestOldEndpointTrafficNearMissInsideGrace(t *testing.T) {
	t.Parallel()
	sc := newScenario(t)
	sc.connectors(configured(oktaWiki, false, oldEndpoint, oldToken))
	sc.requests(request(oldEndpoint, "okta", inGrace, "POST", "ann@acme.example", 201),
		request(oldEndpoint, "okta", cutover.Add(24*time.Hour), "GET", "bob@acme.example", 200))
	if got := sc.run("old_endpoint_traffic"); len(got) != 0 {
		t.Errorf("fired on traffic inside the grace period: %v", got)
	}
}

// deprovision_to_old: a deactivation after cutover + grace through the old connector — one the
// old endpoint received seconds later, or one with no evidence of where it went.
func TestDeprovisionToOldFiresOnDeactivationThroughOldSide(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		requests []ingest.Access
		endpoint string
	}{
		{"old endpoint received it", []ingest.Access{
			request(oldEndpoint, "okta", afterGrace.Add(2*time.Second), "PATCH", "ann@acme.example", 200)}, oldEndpoint},
		{"endpoint unknown", nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := newScenario(t)
			sc.events(op(oktaWiki, afterGrace, ingest.ActionDisable, "ann@acme.example"))
			sc.requests(tc.requests...)
			want := []shown{{"deprovision_to_old", "critical", "Wiki", oktaWiki, tc.endpoint, 1}}
			if diff := cmp.Diff(want, sc.run("deprovision_to_old")); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// deprovision_to_old near misses: the old-side connector's deactivations reach the NEW endpoint;
// or the deactivation to the old endpoint is inside the grace period.
func TestDeprovisionToOldNearMiss(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		at       time.Time
		endpoint string
	}{
		{"old-side connector calls the new endpoint", afterGrace, newEndpoint},
		{"inside the grace period", inGrace, oldEndpoint},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := newScenario(t)
			sc.events(op(oktaWiki, tc.at, ingest.ActionDisable, "ann@acme.example"),
				op(oktaWiki, tc.at.Add(time.Hour), ingest.ActionDelete, "bob@acme.example"))
			sc.requests(request(tc.endpoint, "okta", tc.at.Add(2*time.Second), "PATCH", "ann@acme.example", 200),
				request(tc.endpoint, "okta", tc.at.Add(time.Hour+time.Second), "DELETE", "bob@acme.example", 204))
			if got := sc.run("deprovision_to_old"); len(got) != 0 {
				t.Errorf("fired: %v", got)
			}
		})
	}
}

// everyOperation is the new connector exercising create, update, disable, delete and a group push
// after cutover, each on its own user, from time from on.
func everyOperation(from time.Time) []ingest.Event {
	var out []ingest.Event
	for i, action := range []string{ingest.ActionCreate, ingest.ActionUpdate, ingest.ActionDisable, ingest.ActionDelete, ingest.ActionGroupUpdate} {
		out = append(out, op(entraWiki, from.Add(time.Duration(i)*time.Minute), action, fmt.Sprintf("op%d@acme.example", i)))
	}
	return out
}

// lifecycle_gap: on the new path after cutover, operations never exercised (low) or exercised and
// failing more often than not (medium).
func TestLifecycleGapFires(t *testing.T) {
	t.Parallel()
	t.Run("only creates: four operations never exercised", func(t *testing.T) {
		sc := newScenario(t)
		sc.events(writes(entraWiki, afterGrace, 2)...)
		sc.requests(request(newEndpoint, "entra", afterGrace.Add(2*time.Second), "GET", "u0@acme.example", 200))
		want := []shown{{"lifecycle_gap", "low", "Wiki", entraWiki, newEndpoint, 4}}
		if diff := cmp.Diff(want, sc.run("lifecycle_gap")); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("every operation, group pushes failing", func(t *testing.T) {
		sc := newScenario(t)
		sc.events(everyOperation(afterGrace)...)
		sc.events(failed(op(entraWiki, afterGrace.Add(time.Hour), ingest.ActionGroupUpdate, "g1"), 400),
			failed(op(entraWiki, afterGrace.Add(2*time.Hour), ingest.ActionGroupUpdate, "g1"), 400))
		want := []shown{{"lifecycle_gap", "medium", "Wiki", entraWiki, "", 1}}
		if diff := cmp.Diff(want, sc.run("lifecycle_gap")); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
}

// lifecycle_gap near misses: a new connector that exercised every operation (one failed group push
// beside a successful one is not failing); one whose decided endpoint is old (the gap is about the
// new path only: stale_endpoint speaks for it).
func TestLifecycleGapNearMiss(t *testing.T) {
	t.Parallel()
	t.Run("every operation exercised", func(t *testing.T) {
		sc := newScenario(t)
		sc.events(everyOperation(afterGrace)...)
		sc.events(failed(op(entraWiki, afterGrace.Add(time.Hour), ingest.ActionGroupUpdate, "g1"), 400))
		if got := sc.run("lifecycle_gap"); len(got) != 0 {
			t.Errorf("fired: %v", got)
		}
	})
	t.Run("decided endpoint is old", func(t *testing.T) {
		sc := newScenario(t)
		sc.events(writes(entraWiki, afterGrace, 2)...)
		sc.requests(request(oldEndpoint, "entra", afterGrace.Add(2*time.Second), "GET", "u0@acme.example", 200))
		if got := sc.run("lifecycle_gap"); len(got) != 0 {
			t.Errorf("fired on a connector calling the old endpoint: %v", got)
		}
	})
}

// provisioningEvents are n events of the new connector after cutover: the first fails of them
// failed (HTTP 500), the next skips skipped, the rest succeeded.
func provisioningEvents(n, fails, skips int) []ingest.Event {
	var out []ingest.Event
	for i, e := range writes(entraWiki, afterGrace, n) {
		switch {
		case i < fails:
			e = failed(e, 500)
		case i < fails+skips:
			e = skipped(e, "NotEffectivelyEntitled")
		}
		out = append(out, e)
	}
	return out
}

// provisioning_failing: more than 20% of a connector's events after cutover failed (at least 5
// events); high from half on.
func TestProvisioningFailingFires(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, severity string
		n, fails       int
	}{
		{"2 of 9 failed (22%)", "medium", 9, 2},
		{"3 of 6 failed (50%)", "high", 6, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := newScenario(t)
			sc.events(provisioningEvents(tc.n, tc.fails, 0)...)
			want := []shown{{"provisioning_failing", tc.severity, "Wiki", entraWiki, "", int64(tc.fails)}}
			if diff := cmp.Diff(want, sc.run("provisioning_failing")); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// provisioning_failing near misses: skips are not failures; a failure share just under and one
// exactly at 20% ("above" the threshold is the rule); too few events; failures before cutover.
func TestProvisioningFailingNearMiss(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		events []ingest.Event
	}{
		{"6 skipped of 10, no failure", provisioningEvents(10, 0, 6)},
		{"1 of 6 failed (17%)", provisioningEvents(6, 1, 0)},
		{"1 of 5 failed (20%, not above)", provisioningEvents(5, 1, 0)},
		{"1 of 5 failed beside 5 skips", provisioningEvents(10, 1, 5)},
		{"4 of 4 failed, under 5 events", provisioningEvents(4, 4, 0)},
		{"failures before cutover", []ingest.Event{
			failed(write(entraWiki, beforeCut, "a@acme.example"), 500), failed(write(entraWiki, beforeCut.Add(time.Minute), "b@acme.example"), 500),
			write(entraWiki, afterGrace, "c@acme.example"), write(entraWiki, afterGrace.Add(time.Minute), "d@acme.example"),
			write(entraWiki, afterGrace.Add(2*time.Minute), "e@acme.example"), write(entraWiki, afterGrace.Add(3*time.Minute), "f@acme.example"),
			write(entraWiki, afterGrace.Add(4*time.Minute), "g@acme.example")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := newScenario(t)
			sc.events(tc.events...)
			if got := sc.run("provisioning_failing"); len(got) != 0 {
				t.Errorf("fired: %v", got)
			}
		})
	}
}

// skipEvents are n events of the connector from time from on, the first skips of them skipped.
func skipEvents(connector string, from time.Time, n, skips int) []ingest.Event {
	var out []ingest.Event
	for i, e := range writes(connector, from, n) {
		if i < skips {
			e = skipped(e, "NotEffectivelyEntitled")
		}
		out = append(out, e)
	}
	return out
}

// scope_drift: the skipped share after cutover rose by more than 30 points over the connector's
// share before — or, when it did not run before, over its application's.
func TestScopeDriftFires(t *testing.T) {
	t.Parallel()
	t.Run("10% before, 60% after", func(t *testing.T) {
		sc := newScenario(t)
		sc.events(skipEvents(entraWiki, beforeCut, 10, 1)...)
		sc.events(skipEvents(entraWiki, afterGrace, 10, 6)...)
		want := []shown{{"scope_drift", "medium", "Wiki", entraWiki, "", 6}}
		if diff := cmp.Diff(want, sc.run("scope_drift")); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("new connector after cutover only, the app's old connector skipped none", func(t *testing.T) {
		sc := newScenario(t)
		sc.events(skipEvents(oktaWiki, beforeCut, 10, 0)...)
		sc.events(skipEvents(entraWiki, afterGrace, 10, 6)...)
		want := []shown{{"scope_drift", "medium", "Wiki", entraWiki, "", 6}}
		if diff := cmp.Diff(want, sc.run("scope_drift")); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
}

// scope_drift near misses: the same skipped share before and after; a rise of exactly 30 points
// (the rule is "more than"), from 0% and from 10%.
func TestScopeDriftNearMiss(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name                    string
		skipsBefore, skipsAfter int
	}{
		{"30% before and after", 3, 3},
		{"0% to 30%", 0, 3},
		{"10% to 40%", 1, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := newScenario(t)
			sc.events(skipEvents(entraWiki, beforeCut, 10, tc.skipsBefore)...)
			sc.events(skipEvents(entraWiki, afterGrace, 10, tc.skipsAfter)...)
			if got := sc.run("scope_drift"); len(got) != 0 {
				t.Errorf("fired: %v", got)
			}
		})
	}
}

// euEndpoint is an endpoint the default map does not know.
const euEndpoint = "https://scim.acme-eu.example/wiki/scim/v2"

// unmapped_endpoint: requests reach, and a connector is configured for, an endpoint the map places
// nowhere; the finding names the app its connector resolves to.
func TestUnmappedEndpointFiresOnEndpointNotInMap(t *testing.T) {
	t.Parallel()
	sc := newScenario(t)
	euConnector := "scim.3f2a9c1e7b4d4e8a9c2f1a2b3c4d5e6f.2"
	c := configured(euConnector, true, euEndpoint, "")
	c.App = "Wiki EU"
	sc.connectors(c)
	sc.requests(request(euEndpoint, "entra", afterGrace, "GET", "ann@acme.example", 200),
		request(euEndpoint, "entra", afterGrace.Add(time.Minute), "POST", "ann@acme.example", 201))
	want := []shown{{"unmapped_endpoint", "medium", "Wiki EU", "", euEndpoint, 3}}
	if diff := cmp.Diff(want, sc.run("unmapped_endpoint")); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// mappedTraffic fills the scenario with endpoints the default map knows: the new connector
// configured for and calling the new endpoint, and a request on the old endpoint.
func mappedTraffic(sc *scenario) {
	sc.connectors(configured(entraWiki, true, newEndpoint, ""))
	sc.requests(request(newEndpoint, "entra", afterGrace, "GET", "ann@acme.example", 200),
		request(newEndpoint, "entra", afterGrace.Add(time.Minute), "POST", "ann@acme.example", 201),
		request(oldEndpoint, "okta", beforeCut, "GET", "bob@acme.example", 200))
}

// unmapped_endpoint near miss: every endpoint seen is in the map (an app's or a side's).
func TestUnmappedEndpointNearMissEndpointsInMap(t *testing.T) {
	t.Parallel()
	sc := newScenario(t)
	mappedTraffic(sc)
	if got := sc.run("unmapped_endpoint"); len(got) != 0 {
		t.Errorf("fired on endpoints in the map: %v", got)
	}
}

// unmapped_endpoint without a map: the same data, every endpoint unmapped, severity low; apps are
// the connectors' own names.
func TestUnmappedEndpointWithoutMapEveryEndpointLow(t *testing.T) {
	t.Parallel()
	sc := newScenario(t)
	sc.m = nil
	mappedTraffic(sc)
	want := []shown{
		{"unmapped_endpoint", "low", "Wiki SCIM", "", newEndpoint, 3},
		{"unmapped_endpoint", "low", "", "", oldEndpoint, 1}, // findings without an app come last
	}
	if diff := cmp.Diff(want, sc.run("unmapped_endpoint")); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// requestsDaily are n requests on endpoint, one a day from time from on.
func requestsDaily(endpoint string, from time.Time, n int) []ingest.Access {
	var out []ingest.Access
	for i := range n {
		out = append(out, request(endpoint, "entra", from.Add(time.Duration(i)*24*time.Hour), "GET", "ann@acme.example", 200))
	}
	return out
}

// eventsDaily are n writes of the new connector, one a day from time from on.
func eventsDaily(from time.Time, n int) []ingest.Event {
	var out []ingest.Event
	for i := range n {
		out = append(out, write(entraWiki, from.Add(time.Duration(i)*24*time.Hour), fmt.Sprintf("u%d@acme.example", i)))
	}
	return out
}

// retention_gap: an export that starts less than 7 days before cutover (access log: 3 days), or
// ends before cutover + grace (events: inside the grace period).
func TestRetentionGapFires(t *testing.T) {
	t.Parallel()
	t.Run("access log starts 3 days before cutover", func(t *testing.T) {
		sc := newScenario(t)
		sc.events(eventsDaily(cutover.Add(-8*24*time.Hour), 11)...)
		sc.requests(requestsDaily(newEndpoint, cutover.Add(-3*24*time.Hour), 6)...)
		want := []shown{{"retention_gap", "medium", "", "", "https://scim.acme.example", 6}}
		if diff := cmp.Diff(want, sc.run("retention_gap")); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
	t.Run("events end inside the grace period", func(t *testing.T) {
		sc := newScenario(t)
		sc.events(eventsDaily(inGrace.Add(-8*24*time.Hour), 9)...)
		sc.requests(requestsDaily(newEndpoint, cutover.Add(-8*24*time.Hour), 11)...)
		want := []shown{{"retention_gap", "medium", "", "", "", 9}}
		if diff := cmp.Diff(want, sc.run("retention_gap")); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})
}

// retention_gap near miss: events and access log start 8 days before cutover and end after grace.
func TestRetentionGapNearMissEightDaysBefore(t *testing.T) {
	t.Parallel()
	sc := newScenario(t)
	sc.events(eventsDaily(cutover.Add(-8*24*time.Hour), 11)...)
	sc.requests(requestsDaily(newEndpoint, cutover.Add(-8*24*time.Hour), 11)...)
	if got := sc.run("retention_gap"); len(got) != 0 {
		t.Errorf("fired: %v", got)
	}
}

// Verdicts: each reached by a minimal scenario of the one app, Wiki.
func TestVerdicts(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, want string
		fill       func(sc *scenario)
	}{
		{"new connector works on the new path, old one disabled and silent", "migrated", func(sc *scenario) {
			sc.connectors(configured(oktaWiki, false, oldEndpoint, oldToken), configured(entraWiki, true, newEndpoint, ""))
			sc.events(writes(oktaWiki, beforeCut, 2)...)
			sc.events(everyOperation(afterGrace)...)
		}},
		{"new connector configured for the old endpoint", "stale", func(sc *scenario) {
			sc.connectors(configured(entraWiki, true, oldEndpoint, ""))
			sc.events(everyOperation(afterGrace)...)
		}},
		{"old and new connector write after grace", "split", func(sc *scenario) {
			sc.events(writes(oktaWiki, afterGrace, 2)...)
			sc.events(everyOperation(afterGrace)...)
		}},
		{"new connector presents an old token", "failing", func(sc *scenario) {
			sc.connectors(configured(entraWiki, true, newEndpoint, oldToken))
			sc.events(everyOperation(afterGrace)...)
		}},
		{"new connector in quarantine", "failing", func(sc *scenario) {
			c := configured(entraWiki, true, newEndpoint, "")
			c.Origin, c.Status = "config", "Quarantine: EncounteredQuarantineException"
			sc.connectors(c)
			sc.events(everyOperation(afterGrace)...)
		}},
		{"new connector only creates (lifecycle gap)", "unverified", func(sc *scenario) {
			sc.events(writes(entraWiki, afterGrace, 3)...)
		}},
		{"new connector configured but silent after cutover", "unverified", func(sc *scenario) {
			sc.connectors(configured(entraWiki, true, newEndpoint, ""))
			sc.events(writes(entraWiki, beforeCut, 3)...)
		}},
		{"no connector of the app in the exports", "unverified", func(sc *scenario) {}},
		{"old connector disabled and silent, no new one", "retired", func(sc *scenario) {
			sc.connectors(configured(oktaWiki, false, oldEndpoint, oldToken))
			sc.events(writes(oktaWiki, beforeCut, 3)...)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := newScenario(t)
			tc.fill(sc)
			sc.run("")
			if got := sc.verdict("Wiki"); got != tc.want {
				t.Errorf("verdict %q, want %q", got, tc.want)
			}
		})
	}
}

// Without a map there is nothing to compare with: every app is unverified, even one that would
// be migrated and one that would be stale.
func TestVerdictsWithoutMapAllUnverified(t *testing.T) {
	t.Parallel()
	sc := newScenario(t)
	sc.m = nil
	stale := configured("scim.3f2a9c1e7b4d4e8a9c2f1a2b3c4d5e6f.3", true, oldEndpoint, "")
	stale.App = "Notes"
	sc.connectors(configured(entraWiki, true, newEndpoint, ""), stale)
	sc.events(everyOperation(afterGrace)...)
	sc.events(write(stale.ConnectorID, afterGrace, "ann@acme.example"))
	sc.run("")
	want := map[string]string{"Notes": "unverified", "Wiki SCIM": "unverified"}
	if diff := cmp.Diff(want, sc.verdicts()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// classify_failures: each failed, warning or skipped event gets a failure class and the signal
// that decided it; the first matching rule wins. Successes get none.
func TestClassifyFailures(t *testing.T) {
	t.Parallel()
	const failure, warning, skip, success = ingest.ResultFailure, ingest.ResultWarning, ingest.ResultSkipped, ingest.ResultSuccess
	cases := []struct {
		name            string
		e               ingest.Event // Action, Result and the error fields; the rest is filled in
		class, evidence string
	}{
		{"token: 401", ingest.Event{Action: "update", Result: failure, HTTPStatus: 401}, "token", "http 401"},
		{"token: 403", ingest.Event{Action: "create", Result: failure, HTTPStatus: 403}, "token", "http 403"},
		{"token: Entra credential code", ingest.Event{Action: "update", Result: failure,
			ErrorCode: "SystemForCrossDomainIdentityManagementCredentialValidationFailure"},
			"token", "code SystemForCrossDomainIdentityManagementCredentialValidationFailure"},
		{"token: text", ingest.Event{Action: "update", Result: failure, ErrorText: "Invalid credentials for the target"},
			"token", "text: credentials refused"},
		{"endpoint: connection refused on the text's second line", ingest.Event{Action: "create", Result: failure,
			ErrorText: "Request to the target failed.\r\nInner exception: connection refused"},
			"endpoint", "text: connection or base URL"},
		{"tenant: text on its second line", ingest.Event{Action: "update", Result: failure,
			ErrorText: "Update failed.\nThe resource belongs to another tenant"},
			"tenant", "text names another tenant"},
		{"throttle: 429", ingest.Event{Action: "update", Result: failure, HTTPStatus: 429}, "throttle", "http 429"},
		{"throttle: code", ingest.Event{Action: "update", Result: failure, ErrorCode: "TooManyRequests"}, "throttle", "code TooManyRequests"},
		{"endpoint: 5xx", ingest.Event{Action: "create", Result: failure, HTTPStatus: 503}, "endpoint", "http 503"},
		{"endpoint: 5xx on a warning", ingest.Event{Action: "update", Result: warning, HTTPStatus: 500}, "endpoint", "http 500"},
		{"endpoint: 404 on lookup", ingest.Event{Action: "lookup", Result: failure, HTTPStatus: 404},
			"endpoint", "http 404 on lookup: the base path does not answer"},
		{"endpoint: connection refused", ingest.Event{Action: "create", Result: failure, ErrorText: "dial tcp: connection refused"},
			"endpoint", "text: connection or base URL"},
		{"resource: 409", ingest.Event{Action: "create", Result: failure, HTTPStatus: 409}, "resource", "http 409"},
		{"resource: 404 on update", ingest.Event{Action: "update", Result: failure, HTTPStatus: 404}, "resource", "http 404"},
		{"resource: 404 on lookup of a missing user", ingest.Event{Action: "lookup", Result: failure, HTTPStatus: 404,
			ErrorText: "User not found"}, "resource", "http 404"},
		{"resource: 400 uniqueness", ingest.Event{Action: "create", Result: failure, HTTPStatus: 400, SCIMType: "uniqueness"},
			"resource", "scimType uniqueness"},
		{"resource: Entra conflict code", ingest.Event{Action: "create", Result: failure, ErrorCode: "EntryConflict"},
			"resource", "code EntryConflict"},
		{"mapping: 400 invalidValue", ingest.Event{Action: "group_update", Result: failure, HTTPStatus: 400, SCIMType: "invalidValue"},
			"mapping", "http 400 scimType invalidValue"},
		{"mapping: Entra bad request code", ingest.Event{Action: "group_update", Result: failure,
			ErrorCode: "SystemForCrossDomainIdentityManagementBadRequest"},
			"mapping", "code SystemForCrossDomainIdentityManagementBadRequest"},
		{"license: code", ingest.Event{Action: "create", Result: failure, ErrorCode: "LicenseLimitExceeded"}, "license", "code LicenseLimitExceeded"},
		{"license: text", ingest.Event{Action: "create", Result: failure, ErrorText: "No license available for this user"},
			"license", "text: license"},
		{"tenant: JWT of an old tenant beats 401", ingest.Event{Action: "update", Result: failure, HTTPStatus: 401, TokenTenant: oldTenant},
			"tenant", "token issued by retired tenant acme.okta.com"},
		{"tenant: JWT issuer URL of an old tenant", ingest.Event{Action: "update", Result: failure, HTTPStatus: 401,
			TokenTenant: "https://acme.okta.com/oauth2/default"},
			"tenant", "token issued by retired tenant https://acme.okta.com/oauth2/default"},
		{"token: JWT of the new tenant is no tenant failure", ingest.Event{Action: "update", Result: failure, HTTPStatus: 401,
			TokenTenant: newTenant}, "token", "http 401"},
		{"tenant: text", ingest.Event{Action: "update", Result: failure, ErrorText: "The resource belongs to another tenant"},
			"tenant", "text names another tenant"},
		{"scope: skipped with a reason", ingest.Event{Action: "create", Result: skip, ErrorCode: "NotEffectivelyEntitled"},
			"scope", "skipped (NotEffectivelyEntitled)"},
		{"scope: skipped beats an HTTP status", ingest.Event{Action: "create", Result: skip, HTTPStatus: 401}, "scope", "skipped"},
		{"unknown: no signal", ingest.Event{Action: "update", Result: failure}, "unknown", "no recognised signal"},
		{"unknown: an unrecognised code", ingest.Event{Action: "update", Result: failure, ErrorCode: "E0000001"}, "unknown", "code E0000001"},
		{"none: success", ingest.Event{Action: "update", Result: success, HTTPStatus: 500}, "", ""},
	}
	// one store for every case: each event is its own, identified by the case's name
	sc := newScenario(t)
	for i, tc := range cases {
		e := tc.e
		e.EventID, e.ConnectorID, e.Time, e.UserName = tc.name, entraWiki, afterGrace.Add(time.Duration(i)*time.Minute), "ann@acme.example"
		sc.events(e)
	}
	sc.run("")
	got := sc.classes()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff([2]string{tc.class, tc.evidence}, got[tc.name]); diff != "" {
				t.Errorf("class and evidence (-want +got):\n%s", diff)
			}
		})
	}
}

// retention_gap near miss: old-side evidence that stops at cutover is what a clean migration looks
// like, not a gap; only the new side must reach past cutover + grace.
func TestRetentionGapNearMissOldSideQuietAfterCutover(t *testing.T) {
	t.Parallel()
	sc := newScenario(t)
	sc.events(write(oktaWiki, cutover.Add(-8*24*time.Hour), "ann@acme.example"), write(oktaWiki, cutover.Add(-time.Hour), "bob@acme.example"),
		write(entraWiki, cutover.Add(-8*24*time.Hour), "ann@acme.example"), write(entraWiki, afterGrace, "bob@acme.example"))
	sc.requests(request(oldEndpoint, "okta", cutover.Add(-8*24*time.Hour), "GET", "ann@acme.example", 200),
		request(oldEndpoint, "okta", cutover.Add(-time.Hour), "GET", "bob@acme.example", 200))
	if got := sc.run("retention_gap"); len(got) != 0 {
		t.Errorf("fired on old-side logs that end at cutover: %v", got)
	}
}

// Verdict: an app with no new connector whose old connector is still enabled, though silent, is
// not retired: it was never migrated, or not switched off.
func TestVerdictNotRetiredWhileOldConnectorEnabled(t *testing.T) {
	t.Parallel()
	sc := newScenario(t)
	sc.connectors(configured(oktaWiki, true, oldEndpoint, oldToken))
	sc.events(write(oktaWiki, beforeCut, "ann@acme.example"))
	sc.run("retention_gap")
	if v := sc.verdict("Wiki"); v != "unverified" {
		t.Errorf("verdict %q, want unverified", v)
	}
	sc = newScenario(t)
	sc.connectors(configured(oktaWiki, false, oldEndpoint, oldToken))
	sc.events(write(oktaWiki, beforeCut, "ann@acme.example"))
	sc.run("retention_gap")
	if v := sc.verdict("Wiki"); v != "retired" {
		t.Errorf("verdict with the old connector disabled %q, want retired", v)
	}
}

// Endpoint evidence: correlation outranks the configured base URL — an inventory that says "new"
// does not hide requests that prove the connector calls the old endpoint.
func TestCorrelationOutranksInventory(t *testing.T) {
	t.Parallel()
	sc := newScenario(t)
	sc.connectors(configured(entraWiki, true, newEndpoint, ""))
	sc.events(write(entraWiki, afterGrace, "ann@acme.example"))
	sc.requests(request(oldEndpoint, "entra", afterGrace.Add(2*time.Second), "GET", "ann@acme.example", 200))
	want := []shown{{"stale_endpoint", "critical", "Wiki", entraWiki, oldEndpoint, 1}}
	if diff := cmp.Diff(want, sc.run("stale_endpoint")); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	res, err := sc.st.Query(context.Background(), "SELECT evidence FROM connector_endpoints WHERE decided AND connector_id = ?", entraWiki)
	if err != nil || len(res.Rows) != 1 || res.Rows[0][0] != "correlation" {
		t.Errorf("decided evidence = %v, %v; want correlation", res.Rows, err)
	}
}

// Endpoint evidence: with nothing but the inventory, a new connector configured for an old endpoint
// is stale, at high rather than critical (no request proves it).
func TestStaleEndpointFromInventoryAloneIsHigh(t *testing.T) {
	t.Parallel()
	sc := newScenario(t)
	sc.connectors(configured(entraWiki, true, oldEndpoint, ""))
	want := []shown{{"stale_endpoint", "high", "Wiki", entraWiki, oldEndpoint, 1}}
	if diff := cmp.Diff(want, sc.run("stale_endpoint")); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// App identity: a connector whose logged names are aliases of two apps is merged into neither.
func TestAmbiguousAliasesMergeNothing(t *testing.T) {
	t.Parallel()
	sc := newScenario(t)
	sc.m.Apps = append(sc.m.Apps, App{Name: "Docs", Aliases: []string{"Docs SCIM"}})
	e := write(entraWiki, afterGrace, "ann@acme.example")
	e2 := write(entraWiki, afterGrace.Add(time.Minute), "bob@acme.example")
	e2.AppName = "Docs SCIM"
	sc.events(e, e2)
	sc.run("stale_endpoint")
	res, err := sc.st.Query(context.Background(), "SELECT app, mapped, resolved_by FROM connector_apps WHERE connector_id = ?", entraWiki)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]any{{"Docs SCIM", false, "ambiguous: aliases of Docs, Wiki"}}
	if diff := cmp.Diff(want, res.Rows); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
