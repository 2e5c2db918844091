package analyze

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestLoadMapSamples(t *testing.T) {
	m, err := LoadMap("../samples/migration.toml")
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC); !m.Cutover.Equal(want) || m.Cutover.Location() != time.UTC {
		t.Errorf("cutover = %v, want %v in UTC", m.Cutover, want)
	}
	if m.Grace != 24*time.Hour {
		t.Errorf("grace = %v, want 24h", m.Grace)
	}
	got := fmt.Sprintf("old %v %v %d endpoints %d tokens; new %v %v %d endpoints %d tokens; %d apps",
		m.Old.Platforms, m.Old.Tenants, len(m.Old.Endpoints), len(m.Old.TokenFingerprints),
		m.New.Platforms, m.New.Tenants, len(m.New.Endpoints), len(m.New.TokenFingerprints), len(m.Apps))
	want := "old [okta] [acme.okta.com] 8 endpoints 8 tokens; new [entra] [3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f] 7 endpoints 0 tokens; 8 apps"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	zoom := App{
		Name:     "Zoom",
		Aliases:  []string{"zoom", "Zoom SCIM", "acme_zoomscim_1", "Zoom Workplace"},
		Endpoint: "https://scim.acme.example/zoom/scim/v2",
		Owner:    "collab-team",
	}
	if diff := cmp.Diff(zoom, m.Apps[1]); diff != "" {
		t.Errorf("apps[1] (-want +got):\n%s", diff)
	}
	if dropbox := m.Apps[7]; dropbox.Name != "Dropbox" || dropbox.Endpoint != "" {
		t.Errorf("apps[7] = %+v, want Dropbox without an endpoint", dropbox)
	}
}

// TestParseMapForms checks every accepted way of writing the values and how they are normalised.
func TestParseMapForms(t *testing.T) {
	m, err := LoadMap("testdata/maps/forms.toml")
	if err != nil {
		t.Fatal(err)
	}
	want := &Map{
		Path:    "testdata/maps/forms.toml",
		Cutover: time.Date(2026, 11, 16, 8, 30, 0, 0, time.UTC),
		Grace:   48 * time.Hour,
		Old: Side{
			Platforms:         []string{"okta"},
			Tenants:           []string{"acme.okta.com", "Acme Legacy Org"},
			Endpoints:         []string{"https://scim-legacy.acme.example/Slack/scim/v2", "http://old.acme.example:8080/scim"},
			TokenFingerprints: []string{"sha256:0c5b1e2d3f4a5b6c"},
		},
		New: Side{
			Platforms: []string{"entra", "onelogin"},
			Tenants:   []string{"3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f"},
			Endpoints: []string{"https://scim.acme.example/slack/scim/v2"},
		},
		Apps: []App{
			{Name: "Slack", Aliases: []string{"slack", "Slack SCIM", "0oa1slack0000000000x"}, Endpoint: "https://scim.acme.example/slack/scim/v2", Owner: "collab-team"},
			{Name: "Dropbox"},
		},
	}
	if diff := cmp.Diff(want, m); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestParseMapCutoverAndGrace(t *testing.T) {
	tests := []struct {
		name, toml string
		cutover    time.Time
		grace      time.Duration
	}{
		{"offset datetime", "cutover = 2026-11-16T01:00:00+01:00", time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC), 0},
		{"local datetime is UTC", "cutover = 2026-11-16T09:15:00", time.Date(2026, 11, 16, 9, 15, 0, 0, time.UTC), 0},
		{"RFC 3339 string", `cutover = "2026-11-15T19:00:00-05:00"`, time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC), 0},
		{"fraction of a second", "cutover = 2026-11-16T00:00:00.250Z", time.Date(2026, 11, 16, 0, 0, 0, 250e6, time.UTC), 0},
		{"grace in hours", "cutover = 2026-11-16T00:00:00Z\ngrace = \"24h\"", time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC), 24 * time.Hour},
		{"grace in minutes", "cutover = 2026-11-16T00:00:00Z\ngrace = \"90m\"", time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC), 90 * time.Minute},
		{"grace in days", "cutover = 2026-11-16T00:00:00Z\ngrace = \"2d\"", time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC), 48 * time.Hour},
		{"grace zero", "cutover = 2026-11-16T00:00:00Z\ngrace = \"0d\"", time.Date(2026, 11, 16, 0, 0, 0, 0, time.UTC), 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := ParseMap("m.toml", []byte(tc.toml))
			if err != nil {
				t.Fatal(err)
			}
			if !m.Cutover.Equal(tc.cutover) || m.Cutover.Location() != time.UTC {
				t.Errorf("cutover = %v, want %v in UTC", m.Cutover, tc.cutover)
			}
			if m.Grace != tc.grace {
				t.Errorf("grace = %v, want %v", m.Grace, tc.grace)
			}
		})
	}
}

const cutoverLine = "cutover = 2026-11-16T00:00:00Z\n"

func TestParseMapErrors(t *testing.T) {
	tests := []struct {
		name, toml, want string
	}{
		{"TOML syntax", "cutover = tomorrow", `m.toml:1: expected value but found "tomorrow" instead`},
		{"unclosed array", cutoverLine + "[old]\nplatforms = [\"okta\"\n", `m.toml:3: expected a comma (',') or array terminator (']'), but got end of file`},
		{"table given a value", cutoverLine + "old = \"okta\"", `m.toml:2: old: want a table: [old] with platforms, tenants, endpoints, token_fingerprints`},
		{"apps as one table", cutoverLine + "[apps]\nname = \"Slack\"", `m.toml:2: apps: want tables: one [[apps]] per application`},
		{"unknown root key", cutoverLine + "grase = \"24h\"", `m.toml:2: grase: unknown key (known: cutover, grace, [old], [new], [[apps]])`},
		{"unknown table", cutoverLine + "[olde]\nplatforms = [\"okta\"]", `m.toml:2: olde: unknown key (known: cutover, grace, [old], [new], [[apps]])`},
		{"unknown key in a side", cutoverLine + "[old]\nplatforms = [\"okta\"]\nendpiont = \"https://x.example\"",
			`m.toml:4: old.endpiont: unknown key (known: platforms, tenants, endpoints, token_fingerprints)`},
		{"unknown key in the second app", cutoverLine + "[[apps]]\nname = \"Slack\"\nowners = \"a\"\n\n[[apps]]\nname = \"Zoom\"\nowners = \"b\"",
			"m.toml:4: apps[0].owners: unknown key (known: name, aliases, endpoint, owner)\n" +
				"m.toml:8: apps[1].owners: unknown key (known: name, aliases, endpoint, owner)"},
		{"missing cutover", "grace = \"24h\"", `m.toml: cutover is missing: when provisioning should have moved, e.g. cutover = 2026-11-16T00:00:00Z`},
		{"cutover a date only", "grace = \"1h\"\ncutover = 2026-11-16", `m.toml:2: cutover: a date and a time of day are both needed, e.g. cutover = 2026-11-16T00:00:00Z`},
		{"cutover a string that is no time", `cutover = "Monday"`, `m.toml:1: cutover "Monday": not an RFC 3339 time, e.g. 2026-11-16T00:00:00Z`},
		{"cutover a number", `cutover = 20261116`, `m.toml:1: cutover: want a date-time, e.g. cutover = 2026-11-16T00:00:00Z`},
		{"grace not a duration", cutoverLine + `grace = "1 day"`, `m.toml:2: grace "1 day": not a duration, e.g. "24h", "90m" or "2d"`},
		{"grace negative", cutoverLine + `grace = "-2h"`, `m.toml:2: grace "-2h": negative`},
		{"grace a number", cutoverLine + `grace = 24`, `m.toml:2: grace: want a duration string, e.g. "24h", "90m" or "2d"`},
		{"app endpoint not http", cutoverLine + "\n[[apps]]\nname = \"Slack\"\n\n[[apps]]\nname = \"Zoom\"\n\n[[apps]]\nname = \"Box\"\nendpoint = \"ftp://x\"",
			`m.toml:11: apps[2].endpoint "ftp://x": not an http(s) URL`},
		{"side endpoint relative", cutoverLine + "[old]\nendpoints = [\n  \"https://old.example/scim\",\n  \"/scim/v2\",\n]",
			`m.toml:5: old.endpoints[1] "/scim/v2": not an http(s) URL`},
		{"endpoint with credentials", cutoverLine + "[new]\nendpoints = [\"https://scim.example/v2\", \"https://admin:pw@scim.example/v2\"]",
			`m.toml:3: new.endpoints[1] "https://admin:pw@scim.example/v2": has user info in it; leave credentials out of the map`},
		{"endpoint that does not parse", cutoverLine + "[new]\nendpoints = [\"https://scim example/v2\"]",
			`m.toml:3: new.endpoints[0] "https://scim example/v2": not an http(s) URL: invalid character " " in host name`},
		{"endpoint on both sides", cutoverLine + "[old]\nendpoints = [\"https://SCIM.acme.example:443/slack/scim/v2/\"]\n[new]\nendpoints = [\n  \"https://scim.acme.example/slack/scim/v2\",\n]",
			`m.toml:6: new.endpoints[0] "https://scim.acme.example/slack/scim/v2": also in old.endpoints (line 3); an endpoint is old or new, not both`},
		{"app without a name", cutoverLine + "[[apps]]\nname = \"Slack\"\n[[apps]]\naliases = [\"zoom\"]", `m.toml:4: apps[1]: no name`},
		{"app with an empty name", cutoverLine + "[[apps]]\nname = \"  \"", `m.toml:3: apps[0]: no name`},
		{"app name not a string", cutoverLine + "[[apps]]\nname = [\"Slack\"]", `m.toml:3: apps[0].name: want a string`},
		{"two apps with one name", cutoverLine + "[[apps]]\nname = \"Slack\"\n[[apps]]\nname = \"slack\"", `m.toml:5: apps[1].name "slack": apps[0] has that name too (line 3)`},
		{"one alias on two apps", cutoverLine + "[[apps]]\nname = \"Zoom\"\naliases = [\"zoom\", \"Zoom SCIM\"]\n[[apps]]\nname = \"Zoom Workplace\"\naliases = [\n  \"Zoom Workplace\",\n  \"zoom scim\",\n]",
			`m.toml:9: apps[1].aliases[1] "zoom scim": also an alias of apps[0] "Zoom" (line 4)`},
		{"alias naming another app", cutoverLine + "[[apps]]\nname = \"Jira\"\n[[apps]]\nname = \"Atlassian\"\naliases = [\"JIRA\"]",
			`m.toml:6: apps[1].aliases[0] "JIRA": also the name of apps[0] (line 3)`},
		{"name used as another app's alias", cutoverLine + "[[apps]]\nname = \"Zoom\"\naliases = [\"Zoom Workplace\"]\n[[apps]]\nname = \"Zoom Workplace\"",
			`m.toml:6: apps[1].name "Zoom Workplace": also an alias of apps[0] "Zoom" (line 4)`},
		{"empty alias", cutoverLine + "[[apps]]\nname = \"Zoom\"\naliases = [\"zoom\", \"\"]", `m.toml:4: apps[0].aliases[1]: empty`},
		{"fingerprint too short", cutoverLine + "[old]\ntoken_fingerprints = [\"sha256:0c5b\"]",
			`m.toml:3: old.token_fingerprints[0] "sha256:0c5b": not a token fingerprint (sha256: and 16 hex digits, as scimdrift fingerprint prints)`},
		{"raw token as fingerprint", cutoverLine + "[old]\ntoken_fingerprints = [\n  \"sha256:0c5b1e2d3f4a5b6c\",\n  \"ghp_R4nd0mT0k3nV4lu3xYz123456\",\n]",
			`m.toml:5: old.token_fingerprints[1]: looks like a raw token; put its fingerprint here instead (printf %s "$TOKEN" | scimdrift fingerprint) and keep tokens out of the map`},
		{"raw token outside quotes", cutoverLine + "[old]\ntoken_fingerprints = [eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln]",
			`m.toml:3: expected value but found "…" instead`},
		{"platforms not an array", cutoverLine + "[new]\nplatforms = \"entra\"", `m.toml:3: new.platforms: want an array of strings`},
		{"empty tenant", cutoverLine + "[new]\ntenants = [\"\"]", `m.toml:3: new.tenants[0]: empty`},
		{"problems in file order", "[[apps]]\nendpoint = \"x\"\n[old]\nplatforms = 1\n",
			"m.toml: cutover is missing: when provisioning should have moved, e.g. cutover = 2026-11-16T00:00:00Z\n" +
				"m.toml:1: apps[0]: no name\n" +
				"m.toml:2: apps[0].endpoint \"x\": not an http(s) URL\n" +
				"m.toml:4: old.platforms: want an array of strings"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, err := ParseMap("m.toml", []byte(tc.toml))
			if err == nil {
				t.Fatalf("no error; map %+v", m)
			}
			if m != nil {
				t.Errorf("a map came back with the error: %+v", m)
			}
			if got := err.Error(); got != tc.want {
				t.Errorf("error\n got: %s\nwant: %s", got, tc.want)
			}
		})
	}
}

func TestParseMapNeverRepeatsAToken(t *testing.T) {
	const token = "ghp_R4nd0mT0k3nV4lu3xYz123456"
	for _, text := range []string{
		cutoverLine + "[old]\ntoken_fingerprints = [\"" + token + "\"]",
		cutoverLine + "[old]\ntoken_fingerprints = [" + token + "]",
		cutoverLine + "[[apps]]\nname = \"" + token + "\"\n[[apps]]\nname = \"" + token + "\"",
	} {
		_, err := ParseMap("m.toml", []byte(text))
		if err == nil || strings.Contains(err.Error(), token) || strings.Contains(err.Error(), token[:12]) {
			t.Errorf("error %v for %q: want one that does not repeat the token", err, text)
		}
	}
}

func TestParseMapCountsProblemsBeyondTen(t *testing.T) {
	var b strings.Builder
	b.WriteString(cutoverLine)
	for i := range 12 {
		fmt.Fprintf(&b, "[[apps]]\nname = \"App %d\"\nendpoint = \"ftp://%d\"\n", i, i)
	}
	_, err := ParseMap("m.toml", []byte(b.String()))
	if err == nil {
		t.Fatal("no error")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != 11 || lines[10] != "m.toml: and 2 more problems" || lines[0] != `m.toml:4: apps[0].endpoint "ftp://0": not an http(s) URL` {
		t.Errorf("got %d lines, first %q, last %q", len(lines), lines[0], lines[len(lines)-1])
	}
}

func TestLoadMapMissingFile(t *testing.T) {
	_, err := LoadMap("testdata/maps/none.toml")
	if want := "reading the migration map: open testdata/maps/none.toml: no such file or directory"; err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
}

func TestNormaliseEndpoint(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{"https://scim.acme.example/scim/v2", "https://scim.acme.example/scim/v2", ""},
		{"HTTPS://SCIM.Acme.Example/Slack/SCIM/v2/", "https://scim.acme.example/Slack/SCIM/v2", ""},
		{"https://scim.acme.example:443/scim/v2", "https://scim.acme.example/scim/v2", ""},
		{"http://scim.acme.example:80/scim/v2", "http://scim.acme.example/scim/v2", ""},
		{"http://scim.acme.example:443/scim/v2", "http://scim.acme.example:443/scim/v2", ""},
		{"https://scim.acme.example:8443/scim/v2", "https://scim.acme.example:8443/scim/v2", ""},
		{"https://scim.acme.example/scim/v2?aadOptscim062020#top", "https://scim.acme.example/scim/v2", ""},
		{"  https://scim.acme.example//  ", "https://scim.acme.example", ""},
		{"https://[2001:DB8::1]:443/scim", "https://[2001:db8::1]/scim", ""},
		{"https://scim.acme.example/a%20b/scim", "https://scim.acme.example/a%20b/scim", ""},
		{"ftp://scim.acme.example/scim", "", "not an http(s) URL"},
		{"scim.acme.example/scim/v2", "", "not an http(s) URL"},
		{"https:scim.acme.example", "", "not an http(s) URL"},
		{"https:///scim/v2", "", "not an http(s) URL"},
		{"", "", "not an http(s) URL"},
		{"https://user:secret@scim.acme.example/v2", "", "has user info in it; leave credentials out of the map"},
	}
	for _, tc := range tests {
		got, err := NormaliseEndpoint(tc.in)
		gotErr := ""
		if err != nil {
			gotErr = err.Error()
		}
		if got != tc.want || gotErr != tc.err {
			t.Errorf("NormaliseEndpoint(%q) = %q, %q; want %q, %q", tc.in, got, gotErr, tc.want, tc.err)
		}
	}
}
