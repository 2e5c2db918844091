package analyze

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/scimdrift/scimdrift/ingest"
)

// Each finding kind: one test where it fires, one near miss where it must not.

func TestStaleEndpointFiresOnCorrelatedOldTraffic(t *testing.T) {
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

func TestStaleEndpointNearMissNewTraffic(t *testing.T) {
	sc := newScenario(t)
	sc.events(write(entraWiki, afterGrace, "ann@acme.example"))
	sc.requests(request(newEndpoint, "entra", afterGrace.Add(2*time.Second), "GET", "ann@acme.example", 200))
	if got := sc.run("stale_endpoint"); len(got) != 0 {
		t.Errorf("fired on a connector calling the new endpoint: %v", got)
	}
}

// retired_token, signal 1: the new connector is configured with a token fingerprint on the map's old list.
func TestRetiredTokenFiresOnOldFingerprintInInventory(t *testing.T) {
	sc := newScenario(t)
	sc.connectors(configured(entraWiki, true, newEndpoint, oldToken))
	want := []shown{{"retired_token", "high", "Wiki", entraWiki, newEndpoint, 1}}
	if diff := cmp.Diff(want, sc.run("retired_token")); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// retired_token near miss: a token that is not on the old list.
func TestRetiredTokenNearMissTokenNotOnOldList(t *testing.T) {
	sc := newScenario(t)
	sc.connectors(configured(entraWiki, true, newEndpoint, "sha256:00000000000000bb"))
	if got := sc.run("retired_token"); len(got) != 0 {
		t.Errorf("fired on a token not on the old list: %v", got)
	}
}

// retired_token, signal 2: a JWT the new connector sent names an old tenant, and the call failed.
func TestRetiredTokenFiresOnJWTOfOldTenant(t *testing.T) {
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
