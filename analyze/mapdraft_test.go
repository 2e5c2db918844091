package analyze

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/scimdrift/scimdrift/ingest"
	"github.com/scimdrift/scimdrift/internal/store"
)

// TestDraftMapSamples drafts a map from the Acme sample and checks that it parses and says what
// samples/README.md tells: okta is old, entra new, the Zoom and GitHub endpoints are used by both.
func TestDraftMapSamples(t *testing.T) {
	s := memoryStore(t)
	inputs, _, err := ingest.Expand([]string{"../samples/exports"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range inputs {
		if _, err := ingest.File(in, s, ingest.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	draft, err := DraftMap(context.Background(), s, "acme.duckdb")
	if err != nil {
		t.Fatal(err)
	}
	again, err := DraftMap(context.Background(), s, "acme.duckdb")
	if err != nil || !bytes.Equal(draft, again) {
		t.Errorf("a second draft differs (err %v)", err)
	}
	m, err := ParseMap("draft.toml", draft)
	if err != nil {
		t.Fatalf("the draft does not parse: %v\n%s", err, draft)
	}

	if want := time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC); !m.Cutover.Equal(want) {
		t.Errorf("cutover = %v, want the day by which half of entra's connectors had started, %v", m.Cutover, want)
	}
	if m.Grace != 24*time.Hour {
		t.Errorf("grace = %v, want 24h", m.Grace)
	}
	legacy := func(app string) string { return "https://scim-legacy.acme.example/" + app + "/scim/v2" }
	gateway := func(app string) string { return "https://scim.acme.example/" + app + "/scim/v2" }
	wantOld := Side{
		Platforms: []string{"okta"},
		Tenants:   []string{"acme.okta.com"},
		Endpoints: []string{legacy("box"), legacy("dropbox"), legacy("github"), legacy("jira"), legacy("notion"), legacy("salesforce"), legacy("slack")},
		TokenFingerprints: []string{"sha256:7b46db8f04f5a9ff", "sha256:96787752fdd4dcb3", "sha256:ed460f3c915a1d70",
			"sha256:b52da7fef63b9b47", "sha256:05477f03221c10c7", "sha256:678f050e062947cd", "sha256:beec0c521cae86e8", "sha256:2af70b1788fb77d5"},
	}
	if diff := cmp.Diff(wantOld, m.Old); diff != "" {
		t.Errorf("[old] (-want +got):\n%s", diff)
	}
	wantNew := Side{
		Platforms: []string{"entra"},
		Tenants:   []string{"3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f"},
		Endpoints: []string{"https://scim.acme-eu.example/wiki/scim/v2", gateway("box"), gateway("jira"), gateway("notion"), gateway("salesforce"), gateway("slack")},
		TokenFingerprints: []string{"sha256:b7f6d244ac6c6418", "sha256:80830f5b6b6bf857", "sha256:269986181d49ab26",
			"sha256:78f687719e8802bd", "sha256:d1fdb6aecbb652d5", "sha256:2edcf6689561b004", "sha256:b7f72b374c0673f7"},
	}
	if diff := cmp.Diff(wantNew, m.New); diff != "" {
		t.Errorf("[new] (-want +got):\n%s", diff)
	}

	var names []string
	apps := map[string]App{}
	for _, a := range m.Apps {
		names = append(names, a.Name)
		apps[a.Name] = a
	}
	wantNames := []string{"Atlassian Cloud (Jira)", "Box", "Dropbox Business", "GitHub EMU", "GitHub Enterprise Managed User",
		"Jira Cloud", "Notion", "Salesforce", "Slack", "Wiki EU", "Zoom", "Zoom Workplace"}
	if diff := cmp.Diff(wantNames, names); diff != "" {
		t.Errorf("apps (-want +got):\n%s", diff)
	}
	wantBox := App{
		Name:     "Box",
		Aliases:  []string{"Box", "0oaWIrRcn0dUmdMgg4x7", "box.3f2a9c1e7b4d4e8a9c2f1a2b3c4d5e6f.fbf73126-6231-46cd-9423-29f0eb12e331"},
		Endpoint: gateway("box"),
		Owner:    "it-ops",
	}
	if diff := cmp.Diff(wantBox, apps["Box"]); diff != "" {
		t.Errorf("Box (-want +got):\n%s", diff)
	}
	if z := apps["Zoom Workplace"]; z.Endpoint != legacy("zoom") {
		t.Errorf("Zoom Workplace endpoint = %q, want the one its Entra job is configured with", z.Endpoint)
	}
	if d := apps["Dropbox Business"]; d.Endpoint != "" || d.Owner != "it-ops" {
		t.Errorf("Dropbox Business = %+v, want no endpoint (no Entra connector), owner it-ops", d)
	}
	if w := apps["Wiki EU"]; w.Owner != "" {
		t.Errorf("Wiki EU owner = %q, want none (the inventory names none)", w.Owner)
	}
	for _, want := range []string{
		`# "https://scim-legacy.acme.example/zoom/scim/v2",  # also used on the new side`,
		`# "https://scim.acme.example/github/scim/v2",  # also used on the old side`,
		`# "sha256:05477f03221c10c7",  # entra "Notion", okta "Notion": carried on the old side too, so listed under [old]`,
		`# shares base URL https://scim-legacy.acme.example/zoom/scim/v2 with "Zoom Workplace": if they are one application, merge the two entries`,
		`# First events of entra's connectors: 2026-11-02 (1), 2026-11-12 (1), 2026-11-16 (6).`,
	} {
		if !strings.Contains(string(draft), want) {
			t.Errorf("the draft lacks %s", want)
		}
	}
}

// TestDraftMapGroupsAndPlaces checks the grouping and placing rules on a small store: names match
// ignoring case and space, a connector known by two names joins them, nothing is matched fuzzily,
// and what cannot be placed stays in comments.
func TestDraftMapGroupsAndPlaces(t *testing.T) {
	s := memoryStore(t)
	execSQL(t, s, `INSERT INTO events (source_id, time, platform, tenant, connector_id, app_name, action, object, result) VALUES
		(1, '2026-01-05 09:00:00', 'okta', NULL, '0oaslack', 'Slack', 'create', 'user', 'success'),
		(1, '2026-01-06 09:00:00', 'okta', NULL, '0oazoom', 'Zoom', 'create', 'user', 'success'),
		(1, '2026-01-07 09:00:00', 'okta', NULL, '0oazoom', 'Zoom Meetings', 'update', 'user', 'success'),
		(2, '2026-03-01 08:00:00.75', 'entra', '3F2A9C1E-7B4D-4E8A-9C2F-1A2B3C4D5E6F', 'job-slack', ' SLACK ', 'create', 'user', 'success'),
		(2, '2026-03-02 08:00:00', 'entra', '3F2A9C1E-7B4D-4E8A-9C2F-1A2B3C4D5E6F', 'job-zoom', 'Zoom Workplace', 'create', 'user', 'success'),
		(2, '2026-03-03 08:00:00', 'entra', '3F2A9C1E-7B4D-4E8A-9C2F-1A2B3C4D5E6F', 'job-wiki', 'Acme "Wiki"	EU', 'create', 'user', 'success'),
		(2, '2026-03-04 08:00:00', 'entra', '3F2A9C1E-7B4D-4E8A-9C2F-1A2B3C4D5E6F', 'job-nameless', NULL, 'create', 'user', 'success')`)
	execSQL(t, s, `INSERT INTO connectors (source_id, platform, tenant, app, connector_id, enabled, base_url, token_fingerprint, owner, origin) VALUES
		(3, 'okta', 'ACME.okta.com', 'Slack', '0oaslack', false, 'https://OLD.acme.example:443/slack/', 'sha256:00000000000000aa', 'collab', 'inventory'),
		(3, 'okta', 'acme.okta.com', 'Zoom Meetings', '0oazoom', true, 'https://new.acme.example/zoom', 'sha256:00000000000000bb', 'av-team', 'inventory'),
		(3, 'entra', NULL, 'Slack', 'job-slack', true, 'https://new.acme.example/slack', 'sha256:00000000000000aa', 'it-ops', 'inventory'),
		(3, 'entra', NULL, 'Zoom Workplace', 'job-zoom', true, 'https://new.acme.example/zoom', 'not-a-fingerprint', 'av-team', 'inventory'),
		(3, 'entra', NULL, 'Acme "Wiki"	EU', 'job-wiki', true, 'ldap://wiki.acme.example', NULL, NULL, 'inventory'),
		(3, 'okta', NULL, 'Payroll', NULL, false, NULL, NULL, 'hr', 'inventory')`)
	execSQL(t, s, `INSERT INTO access (source_id, time, endpoint, platform) VALUES
		(4, '2026-03-01 08:00:01', 'https://new.acme.example/slack', 'entra'),
		(4, '2026-03-05 10:00:00', 'https://scanner.acme.example/scim/v2', NULL)`)

	draft, err := DraftMap(context.Background(), s, "small.duckdb")
	if err != nil {
		t.Fatal(err)
	}
	m, err := ParseMap("draft.toml", draft)
	if err != nil {
		t.Fatalf("the draft does not parse: %v\n%s", err, draft)
	}
	// entra's four connectors start on 1, 2, 3 and 4 March: half of them had started on the 2nd
	if want := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC); !m.Cutover.Equal(want) {
		t.Errorf("cutover = %v, want %v (the day by which half of entra's connectors had started)", m.Cutover, want)
	}
	want := &Map{
		Path:    "draft.toml",
		Cutover: m.Cutover,
		Grace:   24 * time.Hour,
		Old: Side{
			Platforms:         []string{"okta"},
			Tenants:           []string{"acme.okta.com"},
			Endpoints:         []string{"https://old.acme.example/slack"},
			TokenFingerprints: []string{"sha256:00000000000000aa", "sha256:00000000000000bb"},
		},
		New: Side{
			Platforms: []string{"entra"},
			Tenants:   []string{"3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f"},
			Endpoints: []string{"https://new.acme.example/slack"},
		},
		Apps: []App{
			{Name: "Acme \"Wiki\"\tEU", Aliases: []string{"Acme \"Wiki\"\tEU", "job-wiki"}},
			{Name: "job-nameless", Aliases: []string{"job-nameless"}},
			{Name: "Payroll", Aliases: []string{"Payroll"}, Owner: "hr"},
			{Name: "Slack", Aliases: []string{"SLACK", "Slack", "0oaslack", "job-slack"}, Endpoint: "https://new.acme.example/slack", Owner: "collab"},
			{Name: "Zoom", Aliases: []string{"Zoom", "Zoom Meetings", "0oazoom"}, Owner: "av-team"},
			{Name: "Zoom Workplace", Aliases: []string{"Zoom Workplace", "job-zoom"}, Endpoint: "https://new.acme.example/zoom", Owner: "av-team"},
		},
	}
	if diff := cmp.Diff(want, m); diff != "" {
		t.Errorf("(-want +got):\n%s\n%s", diff, draft)
	}
	for _, line := range []string{
		`# unplaced: "https://scanner.acme.example/scim/v2"  # called: unknown clients 2026-03-05`,
		`# not an http(s) URL, left out: "ldap://wiki.acme.example"`,
		`# left out: 1 configured token value that is no fingerprint (check the inventory)`,
		`  # "https://new.acme.example/zoom",  # also used on the new side: keep it on one side only; configured: entra "Zoom Workplace", okta "Zoom Meetings"`,
		`owner    = "collab"  # the inventory also names it-ops`,
		`# shares base URL https://new.acme.example/zoom with "Zoom Workplace": if they are one application, merge the two entries`,
		`# endpoint: its entra connector has no base URL in the inventory`,
		`# endpoint: its entra connector's base URL is no http(s) URL: "ldap://wiki.acme.example"`,
		`# entra connector job-nameless: not in the inventory, no base URL, 1 event 2026-03-04`,
		`# okta connector (no id): disabled, no base URL, no events`,
		`# entra connector job-wiki: enabled, base URL ldap://wiki.acme.example, 1 event 2026-03-03`,
		"# Only one platform has events",
	} {
		if strings.Contains(line, "Only one") {
			if strings.Contains(string(draft), line) {
				t.Errorf("the draft says %q although okta has events", line)
			}
			continue
		}
		if !strings.Contains(string(draft), line) {
			t.Errorf("the draft lacks %s\n%s", line, draft)
		}
	}
	if strings.Contains(string(draft), "not-a-fingerprint") {
		t.Error("the draft repeats a token value that is no fingerprint")
	}
}

func TestDraftMapNeedsEvents(t *testing.T) {
	s := memoryStore(t)
	execSQL(t, s, `INSERT INTO connectors (source_id, platform, app, connector_id, origin) VALUES (1, 'okta', 'Slack', '0oaslack', 'inventory')`)
	_, err := DraftMap(context.Background(), s, "s.duckdb")
	if want := "the store holds no provisioning events to draft a map from: ingest the identity platforms' exports first"; err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
}

func memoryStore(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func execSQL(t *testing.T, s *store.Store, sql string) {
	t.Helper()
	if _, err := s.DB.Exec(sql); err != nil {
		t.Fatal(err)
	}
}
