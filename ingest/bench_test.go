package ingest

import (
	"bufio"
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Benchmarks of every parser through the real pipeline (File: hashing, detection, splitting,
// decoding, cleaning), into a sink that discards the rows, so that the store's cost is left
// out. Each builds a few MB of varied records in memory; run them with
//
//	go test -bench . -run '^$' ./ingest
//
// They report MB/s (b.SetBytes) and events/s (records read per second). Nothing is asserted
// about speed; `go test` without -bench does not run them. bench/ingest.sh measures the whole
// command, store included, against DuckDB's own reader.

func BenchmarkOktaNDJSON(b *testing.B) {
	benchIngest(b, "okta.ndjson", cached("okta-ndjson", func() []byte { return joinRecords(benchOktaEvents(2500), "", "\n", "\n") }), "okta-systemlog")
}

func BenchmarkOktaArray(b *testing.B) {
	benchIngest(b, "okta-page.json", cached("okta-array", func() []byte { return joinRecords(benchOktaEvents(2500), "[", ",", "]\n") }), "okta-systemlog")
}

func BenchmarkEntraDiagnostic(b *testing.B) {
	benchIngest(b, "entra-diagnostic.ndjson", cached("entra-diagnostic", func() []byte { return joinRecords(benchEntraRecords(1500, false), "", "\n", "\n") }), "entra-provisioning")
}

func BenchmarkEntraGraphPage(b *testing.B) {
	benchIngest(b, "entra-graph-page.json", cached("entra-graph", func() []byte {
		return joinRecords(benchEntraRecords(1500, true), `{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#auditLogs/provisioning","value":[`, ",",
			`],"@odata.nextLink":"https://graph.microsoft.com/v1.0/auditLogs/provisioning?$top=1500&$skiptoken=Y2YxM2I4NjUtZTUxNi00YjE4LWFhZWMtNzg1N2I0MmU1NGRh"}`+"\n")
	}), "entra-provisioning")
}

func BenchmarkSCIMAccessCombined(b *testing.B) {
	benchIngest(b, "scim.access.log", cached("access-combined", func() []byte { return joinRecords(benchAccessLines(25000), "", "\n", "\n") }), "scim-access")
}

func BenchmarkInventoryCSV(b *testing.B) {
	benchIngest(b, "inventory.csv", cached("inventory", func() []byte {
		return joinRecords(benchInventoryRows(25000), "platform,tenant,app,connector_id,enabled,base_url,token_fingerprint,owner\n", "\n", "\n")
	}), "inventory")
}

// benchIngest writes data to a temporary file (ingest reads files: an Input is a path) and ingests
// it b.N times. One untimed run first checks that the data reads as the format it is meant to be,
// with nothing rejected, so that a benchmark never measures an error path.
func benchIngest(b *testing.B, name string, data []byte, format string) {
	path := filepath.Join(b.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	in := Input{Path: path, Named: true, file: path}
	src, err := File(in, discardSink{}, Options{})
	if err != nil {
		b.Fatal(err)
	}
	if src.Format != format || src.Stored == 0 || src.Rejected != 0 {
		b.Fatalf("benchmark data read as %s: %d records, %d stored, %d rejected, %d out of scope (want %s, nothing rejected)",
			src.Format, src.Records, src.Stored, src.Rejected, src.OutOfScope, format)
	}
	for _, workers := range []int{1, 0} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			cpu := processCPU()
			for b.Loop() {
				if _, err := File(in, discardSink{}, Options{Workers: workers}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(src.Records)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
			b.ReportMetric((processCPU()-cpu).Seconds()/float64(b.N), "cpu-s/op")
		})
	}
}

// processCPU is the user and system time of the process so far: on a busy machine it says more
// than the wall time.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkSplitters cuts Entra records into records, as NDJSON lines and as one Azure Monitor
// {"records":[…]} envelope.
func BenchmarkSplitters(b *testing.B) {
	records := benchEntraRecords(20_000, false)
	lines := joinRecords(records, "", "\n", "\n")
	envelope := joinRecords(records, `{"records":[`, ",\n", "]}")
	for _, tc := range []struct {
		name  string
		data  []byte
		split func(*bufio.Reader) recordReader
	}{
		{"lines", lines, func(r *bufio.Reader) recordReader { return newLineReader(r) }},
		{"json", envelope, func(r *bufio.Reader) recordReader { return newJSONSplitter(r) }},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(tc.data)))
			b.ReportAllocs()
			for b.Loop() {
				split := tc.split(bufio.NewReaderSize(bytes.NewReader(tc.data), sniffBytes))
				n := 0
				for {
					if _, err := split.next(); err != nil {
						break
					}
					n++
				}
				if n != len(records) {
					b.Fatalf("%d records, want %d", n, len(records))
				}
			}
		})
	}
}

// discardSink takes every batch and keeps nothing.
type discardSink struct{}

func (discardSink) Seen(string) (bool, error)       { return false, nil }
func (discardSink) Begin(*Source) (SourceTx, error) { return discardTx{}, nil }

// discardTx takes every batch and keeps nothing.
type discardTx struct{}

func (discardTx) Write(*Batch, []Reject) error { return nil }
func (discardTx) Commit(*Source) error         { return nil }
func (discardTx) Rollback() error              { return nil }

// joinRecords lays records out as a file: opening text, records with separators, closing text.
func joinRecords(recs [][]byte, start, sep, end string) []byte {
	var buf bytes.Buffer
	buf.WriteString(start)
	buf.Write(bytes.Join(recs, []byte(sep)))
	buf.WriteString(end)
	return buf.Bytes()
}

var (
	benchDataMu sync.Mutex
	benchData   = map[string][]byte{}
)

// cached builds a benchmark's data once per process (the benchmark function runs several times).
func cached(name string, build func() []byte) []byte {
	benchDataMu.Lock()
	defer benchDataMu.Unlock()
	if d, ok := benchData[name]; ok {
		return d
	}
	d := build()
	benchData[name] = d
	return d
}

// A small world for the benchmark data: users, apps, ids, and the failure texts platforms log.
// (bench/gen writes the same kind of data at scale; tests cannot import a main package.)

type benchWorld struct {
	r     *rand.Rand
	users []string // logins
	apps  []benchApp
	at    time.Time
}

type benchApp struct{ id, label, appname, job, sp string }

func newBenchWorld(seed uint64) *benchWorld {
	w := &benchWorld{r: rand.New(rand.NewPCG(seed, 7)), at: time.Date(2026, 11, 10, 8, 0, 0, 0, time.UTC)}
	first := []string{"alice", "bruno", "chen", "dana", "eli", "fatima", "george", "hana", "ivan", "julia", "kai", "leila", "marco", "nora", "oscar", "priya"}
	last := []string{"ng", "costa", "wei", "okafor", "rosen", "haddad", "mills", "sato", "petrov", "berg", "mueller", "garcia", "kim", "silva", "weber", "nowak"}
	for i := 0; i < 2000; i++ {
		w.users = append(w.users, fmt.Sprintf("%s.%s%d@acme.example", first[i%len(first)], last[(i/len(first))%len(last)], i/256))
	}
	for _, name := range []string{"Slack", "Zoom", "GitHub EMU", "Jira Cloud", "Salesforce", "Box", "Notion", "Dropbox Business", "ServiceNow", "Zendesk", "Asana", "Figma"} {
		slug := strings.ToLower(strings.Fields(name)[0])
		w.apps = append(w.apps, benchApp{id: w.oktaID("0oa"), label: name, appname: slug,
			job: slug + ".3f2a9c1e7b4d4e8a9c2f1a2b3c4d5e6f." + w.guid(), sp: name})
	}
	return w
}

func (w *benchWorld) oktaID(prefix string) string {
	const chars = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	b := []byte(prefix)
	for len(b) < 20 {
		b = append(b, chars[w.r.IntN(len(chars))])
	}
	return string(b)
}

func (w *benchWorld) guid() string {
	h, l := w.r.Uint64(), w.r.Uint64()
	return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x", h>>32, h>>16&0xffff, h&0xfff, l>>48&0x3fff|0x8000, l&0xffffffffffff)
}

func (w *benchWorld) user() string { return w.users[w.r.IntN(len(w.users))] }

// app picks an app with a long tail: the first ones carry most of the traffic.
func (w *benchWorld) app() *benchApp {
	return &w.apps[min(len(w.apps)-1, int(float64(len(w.apps))*w.r.Float64()*w.r.Float64()))]
}

func (w *benchWorld) tick() time.Time {
	w.at = w.at.Add(time.Duration(200+w.r.IntN(3000)) * time.Millisecond)
	return w.at
}

var benchFailures = []struct {
	status          int
	phrase, remote  string
	entraCode, name string
}{
	{400, "Bad Request", `{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"scimType\":\"invalidValue\",\"detail\":\"Invalid parameter provided in request: value.\",\"status\":\"400\"}`, "SystemForCrossDomainIdentityManagementBadRequest", "BadRequest"},
	{401, "Unauthorized", `Invalid SCIM token, please check your configuration`, "Unauthorized", "Unauthorized"},
	{404, "Not Found", `Resource https://scim-legacy.acme.example/box/scim/v2/Users not found`, "InvalidAnchor", "NotFound"},
	{409, "Conflict", `{\"scimType\":\"uniqueness\",\"detail\":\"User already exists\",\"status\":\"409\"}`, "EntryConflict", "Conflict"},
	{429, "Too Many Requests", `Rate limit exceeded. Retry after 60 seconds.`, "TooManyRequests", "TooManyRequests"},
	{500, "Internal Server Error", `upstream connect error or disconnect/reset before headers`, "InternalServerError", "InternalServerError"},
}

// benchOktaEvents makes LogEvents: 70 % provisioning (a tenth failed, targets in varying
// order), 30 % sign-ins, which are out of scope.
func benchOktaEvents(n int) [][]byte {
	w := newBenchWorld(1)
	types := [][2]string{
		{"application.provision.user.push", "app.user_management.push_new_user_success"},
		{"application.provision.user.push_profile", "app.user_management.push_profile_success"},
		{"application.provision.user.deactivate", "app.user_management.deactivate_user"},
		{"application.provision.user.verify_exists", "app.user_management.verified_user_with_thirdparty"},
		{"application.provision.user.sync", "app.user_management.provision_user"},
	}
	recs := make([][]byte, n)
	for i := range recs {
		login, app, at := w.user(), w.app(), w.tick().Format("2006-01-02T15:04:05.000Z")
		if w.r.IntN(10) < 3 {
			recs[i] = fmt.Appendf(nil, `{"actor":{"id":"%s","type":"User","alternateId":"%s","displayName":"%s"},"client":{"userAgent":{"rawUserAgent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0.0.0","os":"Windows 10","browser":"CHROME"},"zone":"null","ipAddress":"203.0.113.%d"},"displayMessage":"User login to Okta","eventType":"user.session.start","outcome":{"result":"SUCCESS"},"published":"%s","severity":"INFO","debugContext":{"debugData":{"requestUri":"/idp/idx/identify","threatSuspected":"false"}},"legacyEventType":"core.user_auth.login_success","transaction":{"type":"WEB","id":"%s"},"uuid":"%s","version":"0"}`,
				w.oktaID("00u"), login, login, w.r.IntN(250), at, w.oktaID("X"), w.guid())
			continue
		}
		t := types[w.r.IntN(len(types))]
		result, reason, severity, legacy := "SUCCESS", "null", "INFO", t[1]
		if w.r.IntN(10) == 0 {
			f := benchFailures[w.r.IntN(len(benchFailures))]
			result, severity, legacy = "FAILURE", "ERROR", "app.api.error.create_user"
			reason = fmt.Sprintf(`"Automatic provisioning of user %s to app %s failed: Error while creating user %s: %s. Errors reported by remote server: %s"`, login, app.label, login, f.phrase, f.remote)
		}
		targets := []string{
			fmt.Sprintf(`{"id":"%s","type":"AppUser","alternateId":"%s","displayName":"%s","detailEntry":null}`, w.oktaID("0ua"), login, login),
			fmt.Sprintf(`{"id":"%s","type":"AppInstance","alternateId":"%s","displayName":"%s","detailEntry":null}`, app.id, app.label, app.label),
			fmt.Sprintf(`{"id":"%s","type":"User","alternateId":"%s","displayName":"%s","detailEntry":null}`, w.oktaID("00u"), login, login),
		}
		w.r.Shuffle(len(targets), func(i, j int) { targets[i], targets[j] = targets[j], targets[i] })
		recs[i] = fmt.Appendf(nil, `{"actor":{"id":"0oa1systemprincipal7","type":"SystemPrincipal","alternateId":"system@okta.com","displayName":"Okta System","detailEntry":null},"client":{"userAgent":null,"zone":null,"device":null,"id":null,"ipAddress":null,"geographicalContext":null},"device":null,"authenticationContext":{"authenticationProvider":null,"credentialProvider":null,"credentialType":null,"issuer":null,"interface":null,"authenticationStep":0,"externalSessionId":"%s"},"displayMessage":"Push user to external application","eventType":"%s","outcome":{"result":"%s","reason":%s},"published":"%s","securityContext":{"asNumber":null,"asOrg":null,"isp":null,"domain":null,"isProxy":null},"severity":"%s","debugContext":{"debugData":{"appname":"%s"}},"legacyEventType":"%s","transaction":{"type":"JOB","id":"%s","detail":{}},"uuid":"%s","version":"0","request":{"ipChain":[]},"target":[%s]}`,
			w.oktaID("trs"), t[0], result, reason, at, severity, app.appname, legacy, w.oktaID("puj"), w.guid(), strings.Join(targets, ","))
	}
	return recs
}

// benchEntraRecord is a provisioning object with placeholders: {Id}, {Name}, {Type} and {step…}
// are spelled per format, the rest is filled per record.
const benchEntraRecord = `{"id":"{id}","activityDateTime":"{at}","tenantId":"3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f","jobId":"{job}","cycleId":"{cycle}","changeId":"{change}",` +
	`"provisioningAction":"{action}","durationInMilliseconds":{ms},"servicePrincipal":{"{Id}":"{spid}","{Name}":"{sp}"},` +
	`"sourceSystem":{"{Id}":"bab3751f-8f21-4657-8fce-698f7391dbdd","{Name}":"Azure Active Directory","details":{}},` +
	`"targetSystem":{"{Id}":"{tsid}","{Name}":"{app}","details":{"ServicePrincipalDisplayName":"{sp}"}},` +
	`"initiatedBy":{"{Id}":"","{Name}":"Azure AD Provisioning Service","{Type}":"system"},` +
	`"sourceIdentity":{"{Id}":"{uid}","{Name}":"{login}","identityType":"User","details":{"UserPrincipalName":"{login}"}},` +
	`"targetIdentity":{"{Id}":"{scimid}","{Name}":"{login}","identityType":"urn:ietf:params:scim:schemas:core:2.0:User","details":{}},` +
	`"provisioningStatusInfo":{"status":"{status}","errorInformation":{info}},"provisioningSteps":[` +
	`{"name":"EntryImportAdd","provisioningStepType":{import},"status":{ok},"description":"Received User '{login}' change of type (Add) from Azure Active Directory","details":{"userPrincipalName":"{login}","accountEnabled":"True"}},` +
	`{"name":"EntrySynchronizationScoping","provisioningStepType":{scoping},"status":{ok},"description":"Determine if User in scope by evaluating against each scoping filter","details":{"Scoping filter evaluation passed":"True"}},` +
	`{"name":"EntrySynchronizationAdd","provisioningStepType":{matching},"status":{ok},"description":"User '{login}' will be created in {app}","details":{}},` +
	`{"name":"EntryExportAdd","provisioningStepType":{export},"status":{last},"description":"User '{login}' in {app}","details":{"ReportableIdentifier":"{login}"}}],` +
	`"modifiedProperties":[{"displayName":"userName","oldValue":null,"newValue":"{login}"},{"displayName":"active","oldValue":null,"newValue":"True"}]}`

// benchEntraRecords makes provisioning objects: Azure Monitor diagnostic records (Id/Name,
// integer steps) or, for graph, Graph v1.0 objects; a tenth failed, a sixth skipped by scoping.
func benchEntraRecords(n int, graph bool) [][]byte {
	w := newBenchWorld(2)
	spelling := strings.NewReplacer("{Id}", "Id", "{Name}", "Name", "{Type}", "Type", "{import}", "0", "{scoping}", "1", "{matching}", "2", "{export}", "5", "{ok}", "0")
	stepStatus := []string{"0", "1", "2"}
	if graph {
		spelling = strings.NewReplacer("{Id}", "id", "{Name}", "displayName", "{Type}", "initiatorType", "{import}", `"import"`, "{scoping}", `"scoping"`,
			"{matching}", `"matching"`, "{export}", `"export"`, "{ok}", `"success"`)
		stepStatus = []string{`"success"`, `"failure"`, `"skipped"`}
	}
	template := spelling.Replace(benchEntraRecord)
	actions := []string{"create", "update", "update", "disable", "delete"}
	recs := make([][]byte, n)
	for i := range recs {
		login, app, at := w.user(), w.app(), w.tick().Format("2006-01-02T15:04:05.0000000Z")
		action := actions[w.r.IntN(len(actions))]
		status, last, info := "success", 0, "null"
		switch k := w.r.IntN(60); {
		case k < 6:
			f := benchFailures[w.r.IntN(len(benchFailures))]
			status, last = "failure", 1
			info = fmt.Sprintf(`{"errorCode":"%s","reason":"Failed to %s User '%s' in %s; Error: %s StatusCode: %s Message: Processing of the HTTP request resulted in an exception. Web Response: %s . This operation was retried 0 times.","additionalDetails":null,"errorCategory":"nonServiceFailure","recommendedAction":null}`,
				f.entraCode, action, login, app.sp, f.phrase, f.name, f.remote)
		case k < 16:
			status, last = "skipped", 2
		}
		rec := strings.NewReplacer("{id}", w.guid(), "{at}", at, "{job}", app.job, "{cycle}", w.guid(), "{change}", w.guid(), "{action}", action,
			"{ms}", fmt.Sprint(300+w.r.IntN(4000)), "{spid}", w.guid(), "{sp}", app.sp, "{tsid}", w.guid(), "{app}", app.label, "{uid}", w.guid(),
			"{login}", login, "{scimid}", w.guid(), "{status}", status, "{info}", info, "{last}", stepStatus[last]).Replace(template)
		if !graph {
			result := strings.ToUpper(status[:1]) + status[1:]
			rec = fmt.Sprintf(`{"time":"%s","resourceId":"/tenants/3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f/providers/Microsoft.aadiam","operationName":"Provisioning activity","operationVersion":"1.0","category":"ProvisioningLogs","tenantId":"3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f","resultType":"%s","durationMs":812,"correlationId":"%s","identity":"%s","Level":4,"properties":%s}`,
				at, result, w.guid(), w.guid(), rec)
		}
		recs[i] = []byte(rec)
	}
	return recs
}

// benchAccessLines makes nginx vhost-combined lines of SCIM requests from Okta's and Entra's
// clients, and a few health checks (out of scope).
func benchAccessLines(n int) [][]byte {
	w := newBenchWorld(3)
	recs := make([][]byte, n)
	for i := range recs {
		login, app, at := w.user(), w.app(), w.tick().Format("02/Jan/2006:15:04:05 -0700")
		host := app.appname + ".scim.acme.example"
		ua, ip := "Microsoft Azure AD SCIM provisioning 1.0.0", fmt.Sprintf("20.44.%d.%d", w.r.IntN(256), 1+w.r.IntN(254))
		if w.r.IntN(2) == 0 {
			host, ua, ip = app.appname+".scim-legacy.acme.example", "Okta SCIM Client 1.0.0", fmt.Sprintf("44.234.%d.%d", w.r.IntN(256), 1+w.r.IntN(254))
		}
		status := 200
		var request string
		switch k := w.r.IntN(50); {
		case k == 0:
			recs[i] = fmt.Appendf(nil, `%s 10.20.0.5 - - [%s] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.31"`, host, at)
			continue
		case k < 15:
			request = `GET /scim/v2/Users?filter=userName%20eq%20%22` + strings.Replace(login, "@", "%40", 1) + `%22&startIndex=1&count=100`
		case k < 22:
			request, status = "POST /scim/v2/Users", 201
		case k < 30:
			request = "GET /scim/v2/Users/" + w.guid()
		case k < 42:
			request = "PATCH /scim/v2/Users/" + w.guid()
		case k < 45:
			request, status = "DELETE /scim/v2/Users/"+w.guid(), 204
		default:
			request = "PATCH /scim/v2/Groups/" + w.guid()
		}
		if w.r.IntN(10) == 0 {
			status = benchFailures[w.r.IntN(len(benchFailures))].status
		}
		recs[i] = fmt.Appendf(nil, `%s %s - - [%s] "%s HTTP/1.1" %d %d "-" "%s"`, host, ip, at, request, status, 100+w.r.IntN(1500), ua)
	}
	return recs
}

// benchInventoryRows makes rows of the analyst's inventory: connectors of both platforms.
func benchInventoryRows(n int) [][]byte {
	w := newBenchWorld(4)
	owners := []string{"collab-team", "it-ops", "dev-platform", "eng-tools", "sales-ops"}
	recs := make([][]byte, n)
	for i := range recs {
		app := w.app()
		platform, tenant, id, base := "okta", "acme.okta.com", w.oktaID("0oa"), "https://"+app.appname+".scim-legacy.acme.example/scim/v2"
		if i%2 == 1 {
			platform, tenant, id, base = "entra", "3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f", app.job+"-"+w.oktaID(""), "https://"+app.appname+".scim.acme.example/scim/v2"
		}
		recs[i] = fmt.Appendf(nil, `%s,%s,"%s",%s,%t,%s,sha256:%016x,%s`, platform, tenant, app.label, id, w.r.IntN(3) > 0, base, w.r.Uint64(), owners[w.r.IntN(len(owners))])
	}
	return recs
}
