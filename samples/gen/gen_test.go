package main

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/scimdrift/scimdrift/internal/secret"
)

// samplesDir is the repository's samples/ as seen from this package.
const samplesDir = ".."

// TestCommittedFilesMatchGenerator regenerates the data set into a temporary directory and
// compares it with the committed files, so that data and generator never drift apart.
// Compressed files are compared after decompression (a future Go may deflate differently),
// and their gzip header must carry no name and no time.
func TestCommittedFilesMatchGenerator(t *testing.T) {
	tmp := t.TempDir()
	if err := write(tmp, generate()); err != nil {
		t.Fatal(err)
	}
	for _, f := range generate() {
		t.Run(f.path, func(t *testing.T) {
			fresh, err := os.ReadFile(filepath.Join(tmp, f.path))
			if err != nil {
				t.Fatal(err)
			}
			committed, err := os.ReadFile(filepath.Join(samplesDir, f.path))
			if err != nil {
				t.Fatalf("%v (run `go run ./samples/gen` from the repository root)", err)
			}
			if strings.HasSuffix(f.path, ".gz") {
				fresh, committed = gunzipChecked(t, fresh), gunzipChecked(t, committed)
			}
			if !bytes.Equal(fresh, committed) {
				t.Errorf("samples/%s differs from what the generator writes; run `go run ./samples/gen` and commit", f.path)
			}
		})
	}
}

func gunzipChecked(t *testing.T, data []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if zr.Name != "" || !zr.ModTime.IsZero() {
		t.Errorf("gzip header has name %q, mtime %v: want neither", zr.Name, zr.ModTime)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestGeneratorIsDeterministic(t *testing.T) {
	a, b := generate(), generate()
	for i := range a {
		if !bytes.Equal(a[i].data, b[i].data) {
			t.Errorf("%s: two runs differ", a[i].path)
		}
	}
}

// TestRecordsSortedAndInWindow: every file's records are in time order, inside the export
// window, and only the two files with deliberately broken lines have any.
func TestRecordsSortedAndInWindow(t *testing.T) {
	wantBroken := map[string]int{"exports/okta/system-log.ndjson": 2, "exports/access/scim-legacy.access.log": 2}
	for _, f := range generate() {
		if !strings.HasPrefix(f.path, "exports/") {
			continue
		}
		broken := 0
		var prev time.Time
		for _, r := range records(f.path, f.data) {
			if r.err != nil {
				broken++
				continue
			}
			if r.at.IsZero() {
				continue
			}
			if r.at.Before(prev) {
				t.Errorf("%s:%d: %v is before the previous record's %v", f.path, r.line, r.at, prev)
			}
			if r.at.Before(windowStart) || !r.at.Before(windowEnd) {
				t.Errorf("%s:%d: %v is outside the window", f.path, r.line, r.at)
			}
			prev = r.at
		}
		if broken != wantBroken[f.path] {
			t.Errorf("%s: %d broken records, want %d", f.path, broken, wantBroken[f.path])
		}
	}
}

// TestNoRawTokenAnywhere: the invented tokens feed the fingerprints and nothing else.
func TestNoRawTokenAnywhere(t *testing.T) {
	w := newWorld(seed)
	texts := map[string][]byte{}
	for _, f := range generate() {
		data := f.data
		if strings.HasSuffix(f.path, ".gz") {
			data = gunzipChecked(t, data)
		}
		texts[f.path] = data
	}
	readme, err := os.ReadFile(filepath.Join(samplesDir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	texts["README.md"] = readme
	for key, tok := range w.tokens {
		random := tok[strings.LastIndexByte(tok, '-')+1:]
		for path, data := range texts {
			if bytes.Contains(data, []byte(random)) {
				t.Errorf("%s holds the raw token of %s", path, key)
			}
		}
	}
	for path, data := range texts {
		for _, marker := range []string{"Bearer ", "Authorization:", "SecretToken"} {
			if bytes.Contains(data, []byte(marker)) {
				t.Errorf("%s contains %q", path, marker)
			}
		}
	}
}

var (
	urlHostRE = regexp.MustCompile(`https?://([^/:"\s\\]+)`)
	emailRE   = regexp.MustCompile(`[A-Za-z0-9._+-]+@([A-Za-z0-9.-]+[A-Za-z])`)
)

// TestNamesAreFictional: every URL and e-mail domain is under .example, except the two that
// the real exports always carry (Graph's @odata.context, Okta's system principal) and the
// private address of nginx's upstream.
func TestNamesAreFictional(t *testing.T) {
	allowedHosts := map[string]bool{"graph.microsoft.com": true, "10.20.3.11": true}
	for _, f := range generate() {
		data := f.data
		if strings.HasSuffix(f.path, ".gz") {
			data = gunzipChecked(t, data)
		}
		for _, m := range urlHostRE.FindAllSubmatch(data, -1) {
			if h := string(m[1]); !strings.HasSuffix(h, ".example") && !allowedHosts[h] {
				t.Errorf("%s: URL host %q is not fictional", f.path, h)
			}
		}
		for _, m := range emailRE.FindAllSubmatch(data, -1) {
			if d := string(m[1]); d != "acme.example" && string(m[0]) != "system@okta.com" {
				t.Errorf("%s: e-mail %q is not fictional", f.path, m[0])
			}
		}
	}
}

// The parsed data set, for the story tests.
type dataSet struct {
	okta      []oktaEv
	entra     []entraEv
	hits      []accessHit
	inventory []map[string]string
	jobs      []map[string]any
	mapText   string
	world     *world
}

type oktaEv struct {
	at                      time.Time
	uuid, eventType, result string
	reason, app, login, grp string
	file                    string
}

type entraEv struct {
	at                                 time.Time
	app, jobID, action, status         string
	targetID, targetType, upn, errCode string
	reason, initiator                  string
}

type accessHit struct {
	at                        time.Time
	host, method, path, query string
	status                    int
	ua                        string
}

func (h accessHit) entra() bool {
	return strings.HasPrefix(h.ua, "Microsoft Azure AD SCIM provisioning")
}
func (h accessHit) okta() bool { return strings.HasPrefix(h.ua, "Okta SCIM Client") }

// app returns the app slug of a gateway path: /<app>/scim/v2/…
func (h accessHit) app() string {
	parts := strings.SplitN(h.path, "/", 5)
	if len(parts) < 4 || parts[2] != "scim" || parts[3] != "v2" {
		return ""
	}
	return parts[1]
}

func loadDataSet(t *testing.T) *dataSet {
	t.Helper()
	ds := &dataSet{world: newWorld(seed)}
	ds.world.story()
	for _, f := range generate() {
		data := f.data
		if strings.HasSuffix(f.path, ".gz") {
			data = gunzipChecked(t, data)
		}
		switch f.path {
		case "exports/okta/system-log.ndjson", "exports/okta/system-log-page.json":
			for _, r := range records(f.path, f.data) {
				if r.err == nil {
					ds.okta = append(ds.okta, parseOkta(t, r.raw, f.path))
				}
			}
		case "exports/entra/provisioning-graph.json", "exports/entra/provisioning-diagnostic.ndjson.gz":
			for _, r := range records(f.path, f.data) {
				ds.entra = append(ds.entra, parseEntra(t, r.raw))
			}
		case "exports/entra/sync-jobs.json":
			for _, r := range records(f.path, f.data) {
				var m map[string]any
				if err := json.Unmarshal(r.raw, &m); err != nil {
					t.Fatal(err)
				}
				ds.jobs = append(ds.jobs, m)
			}
		case "exports/access/scim-legacy.access.log", "exports/access/scim-gateway-alb.log", "exports/access/wiki-eu.access.json":
			for _, r := range records(f.path, f.data) {
				if r.err == nil {
					ds.hits = append(ds.hits, parseHit(t, f.path, r.raw))
				}
			}
		case "exports/inventory.csv":
			rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			for _, row := range rows[1:] {
				m := map[string]string{}
				for i, h := range rows[0] {
					m[h] = row[i]
				}
				ds.inventory = append(ds.inventory, m)
			}
		case "migration.toml":
			ds.mapText = string(data)
		}
	}
	return ds
}

func parseOkta(t *testing.T, raw []byte, path string) oktaEv {
	var e struct {
		UUID      string `json:"uuid"`
		Published string `json:"published"`
		EventType string `json:"eventType"`
		Outcome   struct {
			Result string  `json:"result"`
			Reason *string `json:"reason"`
		} `json:"outcome"`
		Target []struct {
			Type, AlternateID string
		} `json:"target"`
	}
	if err := json.Unmarshal(raw, &e); err != nil {
		t.Fatal(err)
	}
	at, _ := time.Parse(time.RFC3339Nano, e.Published)
	ev := oktaEv{at: at, uuid: e.UUID, eventType: e.EventType, result: e.Outcome.Result, file: path}
	if e.Outcome.Reason != nil {
		ev.reason = *e.Outcome.Reason
	}
	for _, tg := range e.Target {
		switch tg.Type {
		case "AppInstance":
			ev.app = tg.AlternateID
		case "User":
			ev.login = tg.AlternateID
		case "UserGroup":
			ev.grp = tg.AlternateID
		}
	}
	return ev
}

// parseEntra reads both shapes: Graph (camelCase, string enums) and diagnostic (properties
// with Id/Name references).
func parseEntra(t *testing.T, raw []byte) entraEv {
	var env struct {
		Properties json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(raw, &env); err != nil {
		t.Fatal(err)
	}
	if env.Properties != nil {
		raw = env.Properties
	}
	var r struct {
		ActivityDateTime   string `json:"activityDateTime"`
		JobID              string `json:"jobId"`
		ProvisioningAction string `json:"provisioningAction"`
		ServicePrincipal   struct {
			DisplayName string `json:"displayName"`
			Name        string `json:"Name"`
		} `json:"servicePrincipal"`
		StatusInfo struct {
			Status           string `json:"status"`
			ErrorInformation *struct {
				ErrorCode string `json:"errorCode"`
				Reason    string `json:"reason"`
			} `json:"errorInformation"`
		} `json:"provisioningStatusInfo"`
		SourceIdentity struct {
			Details map[string]string `json:"details"`
		} `json:"sourceIdentity"`
		InitiatedBy struct {
			InitiatorType string `json:"initiatorType"`
			Type          string `json:"Type"`
		} `json:"initiatedBy"`
		TargetIdentity struct {
			ID           string `json:"id"`
			IdentityType string `json:"identityType"`
		} `json:"targetIdentity"`
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatal(err)
	}
	at, err := time.Parse(time.RFC3339Nano, r.ActivityDateTime)
	if err != nil {
		t.Fatal(err)
	}
	ev := entraEv{at: at, app: r.ServicePrincipal.DisplayName + r.ServicePrincipal.Name, jobID: r.JobID,
		action: r.ProvisioningAction, status: strings.ToLower(r.StatusInfo.Status), targetID: r.TargetIdentity.ID,
		targetType: r.TargetIdentity.IdentityType, upn: r.SourceIdentity.Details["UserPrincipalName"],
		initiator: r.InitiatedBy.InitiatorType + r.InitiatedBy.Type}
	if ei := r.StatusInfo.ErrorInformation; ei != nil {
		ev.errCode, ev.reason = ei.ErrorCode, ei.Reason
	}
	return ev
}

var (
	nginxRE = regexp.MustCompile(`^(\S+) (\S+) - - \[([^\]]+)\] "(\S+) (\S+) HTTP/1\.1" (\d{3}) (\d+) "-" "([^"]*)"$`)
	albRE   = regexp.MustCompile(`^https (\S+) \S+ \S+ \S+ \S+ \S+ \S+ (\d{3}) \d{3} \d+ \d+ "(\S+) https://([^:/]+):443(\S+) HTTP/1\.1" "([^"]*)"`)
)

func parseHit(t *testing.T, path string, raw []byte) accessHit {
	var h accessHit
	var target, status string
	switch {
	case strings.HasSuffix(path, ".access.json"):
		var j jsonAccess
		if err := json.Unmarshal(raw, &j); err != nil {
			t.Fatal(err)
		}
		h.at, _ = time.Parse(time.RFC3339, j.Time)
		h.host, h.method, target, h.status, h.ua = j.Host, j.Method, j.URI, j.Status, j.UserAgent
	case strings.HasSuffix(path, "alb.log"):
		m := albRE.FindStringSubmatch(string(raw))
		if m == nil {
			t.Fatalf("%s: not an ALB line: %s", path, raw)
		}
		h.at, _ = time.Parse(time.RFC3339Nano, m[1])
		status, h.method, h.host, target, h.ua = m[2], m[3], m[4], m[5], m[6]
	default:
		m := nginxRE.FindStringSubmatch(string(raw))
		if m == nil {
			t.Fatalf("%s: not a vhost combined line: %s", path, raw)
		}
		h.at, _ = time.Parse("02/Jan/2006:15:04:05 -0700", m[3])
		h.host, h.method, target, status, h.ua = m[1], m[4], m[5], m[6], m[8]
	}
	if status != "" {
		h.status = atoi(status)
	}
	h.path, h.query, _ = strings.Cut(target, "?")
	return h
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

// within finds the requests that follow an IdP event by at most d (the access logs have
// whole seconds, so a request may carry the event's own second).
func (ds *dataSet) within(at time.Time, d time.Duration, match func(accessHit) bool) []accessHit {
	var out []accessHit
	for _, h := range ds.hits {
		if !h.at.Before(at.Truncate(time.Second)) && !h.at.After(at.Add(d)) && match(h) {
			out = append(out, h)
		}
	}
	return out
}

func (ds *dataSet) slugOf(name string) string {
	for _, a := range ds.world.apps {
		if a.oktaLabel == name || a.spName == name {
			return a.slug
		}
	}
	return ""
}

// loginFilter is the userName filter of a lookup for login, as both clients encode it.
func loginFilter(login string) string { return scimFilter("userName", login) }

// TestEntraEventsMatchAccessLogs: every Entra export that reached a target is in the access
// log of the endpoint its job calls, seconds later, with Entra's user agent and the status of
// the outcome; every id an Entra PATCH or DELETE uses is a targetIdentity.id Entra logged.
func TestEntraEventsMatchAccessLogs(t *testing.T) {
	ds := loadDataSet(t)
	ids := map[string]bool{}
	for _, e := range ds.entra {
		if e.targetID != "" {
			ids[e.targetID] = true
		}
	}
	for _, h := range ds.hits {
		if h.entra() && (h.method == "PATCH" || h.method == "DELETE") {
			id := h.path[strings.LastIndexByte(h.path, '/')+1:]
			if !ids[id] {
				t.Errorf("Entra %s %s%s at %v: id %s is no targetIdentity.id of any Entra event", h.method, h.host, h.path, h.at, id)
			}
		}
	}
	checked := 0
	for _, e := range ds.entra {
		slug := ds.slugOf(e.app)
		host := gatewayHost
		switch {
		case slug == "wiki":
			host = euHost
		case slug == "zoom":
			host = legacyHost
		case e.at.Before(albStart):
			continue // the new gateway's log starts on 12 November
		}
		onApp := func(h accessHit) bool {
			prefix := "/" + slug + "/scim/v2/"
			return h.entra() && h.host == host && strings.HasPrefix(h.path, prefix)
		}
		var want func(accessHit) bool
		switch {
		case e.status == "skipped" && strings.Contains(e.upn, "@"):
			continue // scope skips send nothing; attribute skips only look up
		case e.errCode == "Unauthorized":
			want = func(h accessHit) bool { return h.status == 401 && h.query == loginFilter(e.upn) }
		case e.errCode == "EntryConflict":
			want = func(h accessHit) bool { return h.method == "POST" && h.status == 409 }
		case e.errCode != "":
			want = func(h accessHit) bool {
				return h.method == "PATCH" && h.status == 400 && strings.HasSuffix(h.path, "/"+e.targetID)
			}
		case e.action == "create":
			want = func(h accessHit) bool { return h.method == "POST" && h.status == 201 }
		case e.action == "delete":
			want = func(h accessHit) bool {
				return h.method == "DELETE" && h.status == 204 && strings.HasSuffix(h.path, "/"+e.targetID)
			}
		case e.status == "skipped":
			continue
		default:
			want = func(h accessHit) bool {
				return h.method == "PATCH" && h.status < 300 && strings.HasSuffix(h.path, "/"+e.targetID)
			}
		}
		if len(ds.within(e.at, 5*time.Second, func(h accessHit) bool { return onApp(h) && want(h) })) == 0 {
			t.Errorf("Entra %s %s of %s for %s (%s) at %v: no matching request on %s", e.app, e.action, e.status, e.upn, e.targetID, e.at, host)
		}
		checked++
	}
	if checked < 300 {
		t.Errorf("only %d Entra events checked", checked)
	}
}

// TestOktaEventsMatchAccessLogs: the same for every Okta provisioning event, on the endpoint
// the Okta connector called at that time (the old gateway; GitHub's repointed connector the
// new one after cutover).
func TestOktaEventsMatchAccessLogs(t *testing.T) {
	ds := loadDataSet(t)
	byID := map[string]string{}
	for k, id := range ds.world.scimIDs {
		byID[id] = k[strings.IndexByte(k, '/')+1:]
	}
	checked := 0
	for _, e := range ds.okta {
		if !strings.HasPrefix(e.eventType, "application.provision.") {
			continue
		}
		slug := ds.slugOf(e.app)
		host := legacyHost
		if slug == "github" && !e.at.Before(cutover) {
			host = gatewayHost
		}
		status := 0 // the status of the call that failed, from Okta's reason phrase
		for phrase, code := range map[string]int{"Conflict.": 409, "Bad Request.": 400, "Service Unavailable.": 503} {
			if strings.Contains(e.reason, ": "+phrase) {
				status = code
			}
		}
		calls := ds.within(e.at, 5*time.Second, func(h accessHit) bool {
			if !h.okta() || h.host != host || h.app() != slug {
				return false
			}
			if e.grp != "" {
				return h.method == "PATCH" && strings.Contains(h.path, "/Groups/")
			}
			if h.method == "POST" { // a create names the user only in its body; its lookup names it
				return strings.HasSuffix(h.path, "/Users")
			}
			return h.query == loginFilter(e.login)+"&startIndex=1&count=100" || byID[h.path[strings.LastIndexByte(h.path, '/')+1:]] == e.login
		})
		want := map[string][]string{ // the calls each event type makes, "METHOD status"
			"application.provision.user.push":                   {"GET 200", "POST 201"},
			"application.provision.user.push_profile":           {"GET 200", "PUT 200"},
			"application.provision.user.deactivate":             {"PATCH 200"},
			"application.provision.group_push.push_memberships": {"PATCH 204"},
		}[e.eventType]
		switch {
		case status == 409:
			want = []string{"GET 200", "POST 409"}
		case status == 400:
			want = []string{"GET 200", "PUT 400"}
		case status == 503:
			want = []string{"GET 503"}
		}
		var matches []string
		for _, h := range calls {
			if slices.Contains(want, fmt.Sprintf("%s %d", h.method, h.status)) && !slices.Contains(matches, fmt.Sprintf("%s %d", h.method, h.status)) {
				matches = append(matches, fmt.Sprintf("%s %d", h.method, h.status))
			}
		}
		if len(want) == 0 || len(matches) != len(want) {
			matches = nil
		}
		if len(matches) == 0 {
			t.Errorf("Okta %s %s for %s%s at %v: no matching request on %s", e.eventType, e.result, e.login, e.grp, e.at, host)
		}
		checked++
	}
	if checked < 300 {
		t.Errorf("only %d Okta events checked", checked)
	}
}

func TestOktaFilesAreDisjointSlices(t *testing.T) {
	ds := loadDataSet(t)
	seen := map[string]string{}
	for _, e := range ds.okta {
		if prev, ok := seen[e.uuid]; ok {
			t.Errorf("uuid %s is in %s and %s", e.uuid, prev, e.file)
		}
		seen[e.uuid] = e.file
		onCutoverDay := !e.at.Before(cutover) && e.at.Before(cutover.Add(24*time.Hour))
		if onCutoverDay != strings.HasSuffix(e.file, "page.json") {
			t.Errorf("%s at %v is in %s", e.eventType, e.at, e.file)
		}
	}
}

func (ds *dataSet) entraOf(slug string) []entraEv {
	var out []entraEv
	for _, e := range ds.entra {
		if ds.slugOf(e.app) == slug {
			out = append(out, e)
		}
	}
	return out
}

func (ds *dataSet) inventoryRow(platform, slug string) map[string]string {
	for _, r := range ds.inventory {
		if r["platform"] == platform && ds.slugOf(r["app"]) == slug {
			return r
		}
	}
	return nil
}

// TestStory checks what each app's story needs the data to show (samples/README.md).
func TestStory(t *testing.T) {
	ds := loadDataSet(t)
	afterGrace := cutover.Add(grace)
	oktaProvisioning := func(slug string, from time.Time) (n int) {
		for _, e := range ds.okta {
			if strings.HasPrefix(e.eventType, "application.provision.") && ds.slugOf(e.app) == slug && !e.at.Before(from) {
				n++
			}
		}
		return n
	}
	hitsOf := func(slug, host string, from time.Time, match func(accessHit) bool) (n int) {
		for _, h := range ds.hits {
			if h.app() == slug && h.host == host && !h.at.Before(from) && match(h) {
				n++
			}
		}
		return n
	}
	all := func(accessHit) bool { return true }
	okta := func(h accessHit) bool { return h.okta() }
	entra := func(h accessHit) bool { return h.entra() }

	t.Run("old connectors silent after cutover", func(t *testing.T) {
		for _, slug := range []string{"slack", "zoom", "notion", "salesforce", "box", "dropbox"} {
			if n := oktaProvisioning(slug, cutover); n > 0 {
				t.Errorf("%s: %d Okta provisioning events after cutover", slug, n)
			}
			if n := hitsOf(slug, legacyHost, cutover, okta) + hitsOf(slug, gatewayHost, cutover, okta); n > 0 {
				t.Errorf("%s: %d Okta requests after cutover", slug, n)
			}
			if r := ds.inventoryRow("okta", slug); r["enabled"] != "false" {
				t.Errorf("%s: Okta connector enabled = %q", slug, r["enabled"])
			}
		}
	})
	t.Run("slack migrated", func(t *testing.T) {
		got := map[string]bool{}
		for _, e := range ds.entraOf("slack") {
			if e.status != "success" {
				t.Errorf("Slack Entra %s %s", e.action, e.status)
			}
			got[e.action+" "+e.targetType[len(e.targetType)-5:]] = true
		}
		for _, want := range []string{"create :User", "update :User", "disable :User", "delete :User", "update Group"} {
			if !got[want] {
				t.Errorf("Slack has no successful Entra %s", want)
			}
		}
		if n := hitsOf("slack", gatewayHost, cutover, func(h accessHit) bool { return h.entra() && h.status >= 400 }); n > 0 {
			t.Errorf("Slack: %d failed Entra requests", n)
		}
	})
	t.Run("zoom stale", func(t *testing.T) {
		if n := hitsOf("zoom", gatewayHost, windowStart, all); n > 0 {
			t.Errorf("Zoom: %d requests on the new gateway", n)
		}
		if n := hitsOf("zoom", legacyHost, afterGrace, entra); n < 20 {
			t.Errorf("Zoom: only %d Entra requests on the old gateway after the grace period", n)
		}
		if r := ds.inventoryRow("entra", "zoom"); r["base_url"] != oldBase("zoom") {
			t.Errorf("Zoom Entra base_url = %s", r["base_url"])
		}
	})
	t.Run("github split", func(t *testing.T) {
		if hitsOf("github", gatewayHost, afterGrace, okta) == 0 || hitsOf("github", gatewayHost, afterGrace, entra) == 0 {
			t.Error("GitHub: want both Okta and Entra requests on the new gateway after the grace period")
		}
		if n := hitsOf("github", gatewayHost, cutover, func(h accessHit) bool { return h.method == "POST" && h.status == 409 }); n < 3 {
			t.Errorf("GitHub: %d POST 409, want at least 3", n)
		}
		conflicts := 0
		for _, e := range ds.entraOf("github") {
			if e.errCode == "EntryConflict" && strings.Contains(e.reason, `"scimType":"uniqueness"`) {
				conflicts++
			}
			if e.action == "create" && e.initiator != "application" {
				t.Errorf("GitHub Entra create of %s initiated by %q, want the onboarding application", e.upn, e.initiator)
			}
		}
		if conflicts < 3 {
			t.Errorf("GitHub: %d Entra EntryConflict failures, want at least 3", conflicts)
		}
		if oktaProvisioning("github", afterGrace) < 10 {
			t.Error("GitHub: the Okta connector should keep writing after the grace period")
		}
		if r := ds.inventoryRow("okta", "github"); r["enabled"] != "true" || r["base_url"] != newBase("github") {
			t.Errorf("GitHub Okta inventory row = %v", r)
		}
	})
	t.Run("notion retired token", func(t *testing.T) {
		if n := hitsOf("notion", gatewayHost, cutover, func(h accessHit) bool { return h.status != 401 }); n > 0 {
			t.Errorf("Notion: %d requests after cutover were not refused with 401", n)
		}
		if hitsOf("notion", gatewayHost, cutover, entra) < 40 {
			t.Error("Notion: too few Entra requests")
		}
		for _, e := range ds.entraOf("notion") {
			if e.status != "failure" || !strings.Contains(e.reason, "StatusCode: Unauthorized") {
				t.Errorf("Notion Entra event %s %s: %s", e.action, e.status, e.reason)
			}
		}
		fp := ds.inventoryRow("entra", "notion")["token_fingerprint"]
		if !secret.IsFingerprint(fp) || !strings.Contains(ds.mapText, `"`+fp+`"`) {
			t.Errorf("Notion Entra token fingerprint %q is not among the map's old fingerprints", fp)
		}
		job := ds.jobByTemplate(t, "notion")
		status := job["status"].(map[string]any)
		q, _ := status["quarantine"].(map[string]any)
		if status["code"] != "Quarantine" || q == nil || !strings.Contains(q["error"].(map[string]any)["code"].(string), "CredentialValidation") {
			t.Errorf("Notion job status = %v", status)
		}
	})
	t.Run("jira deprovision to old", func(t *testing.T) {
		deactivations := 0
		for _, e := range ds.okta {
			if ds.slugOf(e.app) == "jira" && !e.at.Before(afterGrace) && strings.HasPrefix(e.eventType, "application.provision.") {
				if e.eventType != "application.provision.user.deactivate" {
					t.Errorf("Jira Okta event after grace: %s", e.eventType)
				}
				deactivations++
			}
		}
		if deactivations < 2 {
			t.Errorf("Jira: %d Okta deactivations after the grace period", deactivations)
		}
		if n := hitsOf("jira", legacyHost, afterGrace, func(h accessHit) bool { return h.okta() && h.method == "PATCH" }); n != deactivations {
			t.Errorf("Jira: %d Okta PATCHes on the old gateway, want %d", n, deactivations)
		}
		creates := 0
		for _, e := range ds.entraOf("jira") {
			if e.action == "disable" || e.action == "delete" || e.status != "success" {
				t.Errorf("Jira Entra %s %s", e.action, e.status)
			}
			if e.action == "create" {
				creates++
			}
		}
		if creates == 0 {
			t.Error("Jira: no Entra creates")
		}
	})
	t.Run("salesforce lifecycle gap and mapping failures", func(t *testing.T) {
		groups, users := 0, 0
		for _, e := range ds.entraOf("salesforce") {
			switch {
			case e.action == "disable" || e.action == "delete":
				t.Errorf("Salesforce Entra %s", e.action)
			case strings.HasSuffix(e.targetType, "Group"):
				groups++
				if e.status != "failure" || !strings.Contains(e.reason, `"scimType":"invalidValue"`) {
					t.Errorf("Salesforce group push %s: %s", e.status, e.reason)
				}
			case e.status == "success":
				users++
			}
		}
		if groups < 4 || users < 10 {
			t.Errorf("Salesforce: %d failed group pushes, %d successful user exports", groups, users)
		}
		if hitsOf("salesforce", gatewayHost, cutover, func(h accessHit) bool { return h.method == "PATCH" && h.status == 400 }) != groups {
			t.Error("Salesforce: every failed group push should be a PATCH /Groups answered 400")
		}
	})
	t.Run("box scope drift", func(t *testing.T) {
		var pre, preSkip, post, postSkip, creates int
		for _, e := range ds.entraOf("box") {
			if e.at.Before(cutover) {
				pre++
				if e.status == "skipped" {
					preSkip++
				}
				continue
			}
			post++
			switch {
			case e.status == "skipped":
				postSkip++
			case e.action == "create":
				creates++
			}
		}
		if share := float64(preSkip) / float64(pre); share < 0.03 || share > 0.08 {
			t.Errorf("Box skip share before cutover %.2f (%d/%d), want about 5%%", share, preSkip, pre)
		}
		if share := float64(postSkip) / float64(post); share < 0.6 || share > 0.8 {
			t.Errorf("Box skip share after cutover %.2f (%d/%d), want about 70%%", share, postSkip, post)
		}
		if creates < 2 {
			t.Errorf("Box: %d creates after cutover", creates)
		}
	})
	t.Run("dropbox retired", func(t *testing.T) {
		if oktaProvisioning("dropbox", dropboxRetired) > 0 || hitsOf("dropbox", legacyHost, dropboxRetired, all) > 0 {
			t.Error("Dropbox: activity after its retirement")
		}
		if oktaProvisioning("dropbox", windowStart) == 0 {
			t.Error("Dropbox: no activity before its retirement")
		}
		if len(ds.entraOf("dropbox")) > 0 || ds.inventoryRow("entra", "dropbox") != nil {
			t.Error("Dropbox: has an Entra connector")
		}
	})
	t.Run("wiki eu unmapped", func(t *testing.T) {
		if strings.Contains(ds.mapText, euHost) || strings.Contains(ds.mapText, "Wiki") {
			t.Error("the map mentions Wiki EU")
		}
		if hitsOf("wiki", euHost, windowStart, entra) < 20 || len(ds.entraOf("wiki")) < 15 {
			t.Error("Wiki EU: too little evidence")
		}
		for _, h := range ds.hits {
			if h.app() == "wiki" && h.host != euHost {
				t.Errorf("wiki request on %s", h.host)
			}
		}
	})
	t.Run("retention gap", func(t *testing.T) {
		first := windowEnd
		for _, h := range ds.hits {
			if h.host == gatewayHost && h.at.Before(first) {
				first = h.at
			}
		}
		if first.Before(albStart) || cutover.Sub(first) >= 7*24*time.Hour {
			t.Errorf("the new gateway's log starts at %v", first)
		}
	})
	t.Run("inventory", func(t *testing.T) {
		var connectors []string
		for _, r := range ds.inventory {
			if !secret.IsFingerprint(r["token_fingerprint"]) {
				t.Errorf("%s: token_fingerprint %q", r["connector_id"], r["token_fingerprint"])
			}
			if _, err := url.Parse(r["base_url"]); err != nil {
				t.Error(err)
			}
			connectors = append(connectors, r["platform"]+" "+r["app"])
		}
		want := []string{
			"entra Atlassian Cloud (Jira)", "entra Box", "entra GitHub Enterprise Managed User", "entra Notion", "entra Salesforce",
			"entra Slack", "entra Wiki EU", "entra Zoom Workplace", "okta Box", "okta Dropbox Business", "okta GitHub EMU",
			"okta Jira Cloud", "okta Notion", "okta Salesforce", "okta Slack", "okta Zoom",
		}
		if diff := cmp.Diff(want, connectors); diff != "" {
			t.Errorf("inventory connectors (-want +got):\n%s", diff)
		}
	})
}

func (ds *dataSet) jobByTemplate(t *testing.T, template string) map[string]any {
	for _, j := range ds.jobs {
		if j["templateId"] == template {
			return j
		}
	}
	t.Fatalf("no job with template %s", template)
	return nil
}

// TestReadmeCountsCurrent: the record table in samples/README.md is the generator's.
func TestReadmeCountsCurrent(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(samplesDir, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if table := summarize(generate()); !strings.Contains(string(readme), table) {
		t.Errorf("samples/README.md lacks the current record table; `go run ./samples/gen -summary` prints it:\n%s", table)
	}
}
