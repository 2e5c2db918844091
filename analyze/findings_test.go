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

var _ = ingest.ActionCreate
