package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// Okta System Log LogEvent, with the keys in the order the /api/v1/logs API returns them.
type oktaEvent struct {
	Actor                 oktaActor    `json:"actor"`
	Client                oktaClient   `json:"client"`
	Device                any          `json:"device"`
	AuthenticationContext oktaAuthnCtx `json:"authenticationContext"`
	DisplayMessage        string       `json:"displayMessage"`
	EventType             string       `json:"eventType"`
	Outcome               oktaOutcome  `json:"outcome"`
	Published             string       `json:"published"`
	SecurityContext       oktaSecurity `json:"securityContext"`
	Severity              string       `json:"severity"`
	DebugContext          oktaDebug    `json:"debugContext"`
	LegacyEventType       string       `json:"legacyEventType"`
	Transaction           oktaTxn      `json:"transaction"`
	UUID                  string       `json:"uuid"`
	Version               string       `json:"version"`
	Request               oktaRequest  `json:"request"`
	Target                []oktaTarget `json:"target,omitempty"`
	at                    time.Time    // for sorting
	signIn                bool         // out of scope: a sign-in
}

type oktaActor struct {
	ID          string `json:"id"`
	Type        string `json:"type"`
	AlternateID string `json:"alternateId"`
	DisplayName string `json:"displayName"`
	DetailEntry any    `json:"detailEntry"`
}

type oktaClient struct {
	UserAgent           any `json:"userAgent"`
	Zone                any `json:"zone"`
	Device              any `json:"device"`
	ID                  any `json:"id"`
	IPAddress           any `json:"ipAddress"`
	GeographicalContext any `json:"geographicalContext"`
}

type oktaUserAgent struct {
	RawUserAgent string `json:"rawUserAgent"`
	OS           string `json:"os"`
	Browser      string `json:"browser"`
}

type oktaGeo struct {
	City        string  `json:"city"`
	State       string  `json:"state"`
	Country     string  `json:"country"`
	PostalCode  string  `json:"postalCode"`
	Geolocation oktaLoc `json:"geolocation"`
}

type oktaLoc struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

type oktaAuthnCtx struct {
	AuthenticationProvider any    `json:"authenticationProvider"`
	CredentialProvider     any    `json:"credentialProvider"`
	CredentialType         any    `json:"credentialType"`
	Issuer                 any    `json:"issuer"`
	Interface              any    `json:"interface"`
	AuthenticationStep     int    `json:"authenticationStep"`
	ExternalSessionID      string `json:"externalSessionId"`
}

type oktaOutcome struct {
	Result string `json:"result"`
	Reason any    `json:"reason"`
}

type oktaSecurity struct {
	AsNumber any `json:"asNumber"`
	AsOrg    any `json:"asOrg"`
	ISP      any `json:"isp"`
	Domain   any `json:"domain"`
	IsProxy  any `json:"isProxy"`
}

type oktaDebug struct {
	DebugData map[string]string `json:"debugData"`
}

type oktaTxn struct {
	Type   string         `json:"type"`
	ID     string         `json:"id"`
	Detail map[string]any `json:"detail"`
}

type oktaRequest struct {
	IPChain []oktaIP `json:"ipChain"`
}

type oktaIP struct {
	IP                  string  `json:"ip"`
	GeographicalContext oktaGeo `json:"geographicalContext"`
	Version             string  `json:"version"`
	Source              any     `json:"source"`
}

type oktaTarget struct {
	ID          string `json:"id"`
	Type        string `json:"type"`
	AlternateID string `json:"alternateId"`
	DisplayName string `json:"displayName"`
	DetailEntry any    `json:"detailEntry"`
}

func oktaTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

var oktaSystem = oktaActor{ID: "0oa1okta0system004x7", Type: "SystemPrincipal", AlternateID: "system@okta.com", DisplayName: "Okta System"}

// oktaEvents renders every Okta op, the admin changes at cutover, and the sign-ins.
func (w *world) oktaEvents() []*oktaEvent {
	var evs []*oktaEvent
	for _, o := range w.ops {
		if o.platform == "okta" {
			evs = append(evs, w.oktaProvisioning(o))
		}
	}
	evs = append(evs, w.oktaAdminChanges()...)
	evs = append(evs, w.oktaSignIns()...)
	slices.SortStableFunc(evs, func(a, b *oktaEvent) int { return a.at.Compare(b.at) })
	for _, e := range evs {
		e.UUID = w.guid()
	}
	return evs
}

type oktaKind struct{ eventType, legacyOK, legacyFail, display string }

var oktaKinds = map[string]oktaKind{
	"create":  {"application.provision.user.push", "app.user_management.push_new_user", "app.api.error.create_user", "Push new user to external application"},
	"verify":  {"application.provision.user.verify_exists", "app.user_management.verified_user_with_thirdparty", "app.api.error.check_user_exists", "Verify user exists in external application"},
	"update":  {"application.provision.user.push_profile", "app.user_management.push_profile_success", "app.user_management.push_profile_failure", "Push user's profile to external application"},
	"disable": {"application.provision.user.deactivate", "app.user_management.deactivate_user", "app.api.error.deactivate_user", "Push user deactivation to external application"},
	"group":   {"application.provision.group_push.push_memberships", "platform.group_push.push_memberships", "app.user_management.grouppush.mapping.update.or.delete.failed", "Group push pushed memberships"},
}

func (w *world) appUserID(a *app, p *person) string {
	k := "0ua/" + a.slug + "/" + p.login()
	if id, ok := w.scimIDs[k]; ok {
		return id
	}
	id := w.oktaID("0ua")
	w.scimIDs[k] = id
	return id
}

func (w *world) oktaProvisioning(o *op) *oktaEvent {
	kind := oktaKinds[o.action]
	e := &oktaEvent{
		at: o.at, Actor: oktaSystem, Client: oktaClient{}, AuthenticationContext: oktaAuthnCtx{ExternalSessionID: "trs" + w.chars(22, urlsafe)},
		DisplayMessage: kind.display, EventType: kind.eventType, Outcome: oktaOutcome{Result: "SUCCESS"},
		Published: oktaTime(o.at), Severity: "INFO", LegacyEventType: kind.legacyOK,
		DebugContext: oktaDebug{DebugData: map[string]string{"appname": o.app.oktaAppName}},
		Transaction:  oktaTxn{Type: "JOB", ID: w.oktaID("puj"), Detail: map[string]any{}},
		Version:      "0", Request: oktaRequest{IPChain: []oktaIP{}},
	}
	if o.result == "failure" {
		e.Outcome = oktaOutcome{Result: "FAILURE", Reason: oktaReason(o)}
		e.Severity, e.LegacyEventType = "ERROR", kind.legacyFail
	}
	e.Target = []oktaTarget{{ID: o.app.oktaID, Type: "AppInstance", AlternateID: o.app.oktaLabel, DisplayName: o.app.oktaIntegration}}
	if o.action == "group" {
		e.Target = append(e.Target, oktaTarget{ID: w.oktaGroupID(o.group), Type: "UserGroup", AlternateID: o.group, DisplayName: o.group})
		return e
	}
	e.Target = append(e.Target,
		oktaTarget{ID: w.appUserID(o.app, o.p), Type: "AppUser", AlternateID: o.p.login(), DisplayName: o.p.display()},
		oktaTarget{ID: o.p.oktaID, Type: "User", AlternateID: o.p.login(), DisplayName: o.p.display()})
	return e
}

// oktaReason words a failure as Okta's Tasks do: "Automatic provisioning of user <name> to app
// <label> failed: <operation>: <reason phrase>. Errors reported by remote server: <detail>".
func oktaReason(o *op) string {
	prefix := fmt.Sprintf("Automatic provisioning of user %s to app %s failed: ", o.p.display(), o.app.oktaLabel)
	switch o.status {
	case 409:
		return prefix + fmt.Sprintf("Error while creating user %s: Conflict. Errors reported by remote server: User already exists in the database.", o.p.login())
	case 503:
		return prefix + fmt.Sprintf("Error while verifying if user %s exists: Service Unavailable. Errors reported by remote server: upstream temporarily unavailable", o.p.login())
	case 400:
		return prefix + fmt.Sprintf("Error while trying to push profile update for %s: Bad Request. Errors reported by remote server: Invalid parameter provided in request: title.", o.p.login())
	}
	panic(fmt.Sprintf("no Okta wording for status %d", o.status))
}

var admin = oktaActor{Type: "User", AlternateID: "kai.andersen@acme.example", DisplayName: "Kai Andersen"}

const officeIP = "192.0.2.10"

var officeGeo = oktaGeo{City: "Springfield", State: "Example State", Country: "Exampleland", PostalCode: "00000", Geolocation: oktaLoc{Lat: 48.1, Lon: 11.6}}

func (w *world) webEvent(at time.Time, actor oktaActor, ip, eventType, legacy, display string) *oktaEvent {
	return &oktaEvent{
		at: at, Actor: actor,
		Client: oktaClient{
			UserAgent: oktaUserAgent{RawUserAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15", OS: "Mac OS X", Browser: "SAFARI"},
			Zone:      "null", Device: "Computer", IPAddress: ip, GeographicalContext: officeGeo,
		},
		AuthenticationContext: oktaAuthnCtx{ExternalSessionID: "idx" + w.chars(22, urlsafe)},
		DisplayMessage:        display, EventType: eventType, Outcome: oktaOutcome{Result: "SUCCESS"},
		Published: oktaTime(at), Severity: "INFO", LegacyEventType: legacy,
		DebugContext: oktaDebug{DebugData: map[string]string{"requestId": w.chars(27, alnum), "requestUri": "/api/v1/apps"}},
		Transaction:  oktaTxn{Type: "WEB", ID: w.chars(27, alnum), Detail: map[string]any{}},
		Version:      "0",
		Request:      oktaRequest{IPChain: []oktaIP{{IP: ip, GeographicalContext: officeGeo, Version: "V4"}}},
	}
}

// oktaAdminChanges: Dropbox's app is deactivated when it is retired; at cutover Kai Andersen
// switches provisioning off in five apps, repoints GitHub's connector to the new gateway, and
// leaves only "Deactivate Users" on in Jira.
func (w *world) oktaAdminChanges() []*oktaEvent {
	actor := admin
	actor.ID = w.byLogin[admin.AlternateID].oktaID
	var evs []*oktaEvent
	d := w.bySlug["dropbox"]
	e := w.webEvent(dropboxRetired, actor, officeIP, "application.lifecycle.deactivate", "app.generic.config.app_deactivated", "Deactivate application")
	e.Target = []oktaTarget{{ID: d.oktaID, Type: "AppInstance", AlternateID: d.oktaLabel, DisplayName: d.oktaIntegration}}
	evs = append(evs, e)
	at := cutover.Add(3 * time.Minute)
	for _, slug := range []string{"slack", "zoom", "notion", "salesforce", "box", "github", "jira"} {
		a := w.bySlug[slug]
		at = at.Add(w.between(20*time.Second, 70*time.Second))
		e := w.webEvent(at, actor, officeIP, "application.lifecycle.update", "app.generic.config.app_updated", "Update application")
		e.Target = []oktaTarget{{ID: a.oktaID, Type: "AppInstance", AlternateID: a.oktaLabel, DisplayName: a.oktaIntegration}}
		evs = append(evs, e)
	}
	return evs
}

var browsers = []oktaUserAgent{
	{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Windows 10", "CHROME"},
	{"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Mac OS X", "CHROME"},
	{"Mozilla/5.0 (Macintosh; Intel Mac OS X 14.6; rv:132.0) Gecko/20100101 Firefox/132.0", "Mac OS X", "FIREFOX"},
	{"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", "iOS", "SAFARI"},
}

// oktaSignIns are the out-of-scope noise: Okta sign-ins and SSO to the apps.
func (w *world) oktaSignIns() []*oktaEvent {
	var evs []*oktaEvent
	for day := windowStart; day.Before(windowEnd); day = day.AddDate(0, 0, 1) {
		n := 14
		if day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
			n = 3
		}
		if !day.Before(cutover) {
			n /= 2 // sign-in moved to Entra for most apps
		}
		for range n {
			at := day.Add(7*time.Hour + w.between(0, 11*time.Hour))
			p := w.people[w.pick(len(w.people))]
			if !p.activeAt(at) {
				continue
			}
			ua := browsers[w.pick(len(browsers))]
			ip := fmt.Sprintf("192.0.2.%d", 30+w.pick(60))
			e := w.webEvent(at, oktaActor{ID: p.oktaID, Type: "User", AlternateID: p.login(), DisplayName: p.display()}, ip,
				"user.session.start", "core.user_auth.login_success", "User login to Okta")
			e.signIn = true
			e.Client.UserAgent = ua
			e.DebugContext.DebugData = map[string]string{"requestId": w.chars(27, alnum), "requestUri": "/idp/idx/authenticate", "url": "/idp/idx/authenticate?"}
			if w.pick(30) == 0 {
				e.Outcome = oktaOutcome{Result: "FAILURE", Reason: "INVALID_CREDENTIALS"}
				e.Severity, e.LegacyEventType = "WARN", "core.user_auth.login_failed"
			} else if a := w.ssoApp(p, at); a != nil && w.pick(2) == 0 {
				e.EventType, e.LegacyEventType, e.DisplayMessage = "user.authentication.sso", "app.auth.sso", "User single sign on to app"
				e.DebugContext.DebugData = map[string]string{"requestId": w.chars(27, alnum), "requestUri": "/app/" + a.oktaAppName + "/" + a.oktaID + "/sso/saml", "url": "/app/" + a.oktaAppName + "/" + a.oktaID + "/sso/saml?"}
				e.Target = []oktaTarget{
					{ID: a.oktaID, Type: "AppInstance", AlternateID: a.oktaLabel, DisplayName: a.oktaIntegration},
					{ID: w.appUserID(a, p), Type: "AppUser", AlternateID: p.login(), DisplayName: p.display()},
				}
			}
			evs = append(evs, e)
		}
	}
	return evs
}

// ssoApp picks one of the person's Okta apps still in use at t. Sign-in to the apps moved to
// Entra with the cutover; only the Okta dashboard sign-ins remain after it.
func (w *world) ssoApp(p *person, t time.Time) *app {
	if !t.Before(cutover) {
		return nil
	}
	var apps []*app
	for _, a := range w.apps {
		if a.oktaID != "" && a.assigned(p) && (a.slug != "dropbox" || t.Before(dropboxRetired)) {
			apps = append(apps, a)
		}
	}
	if len(apps) == 0 {
		return nil
	}
	return apps[w.pick(len(apps))]
}

// oktaFiles renders the NDJSON export (everything but the cutover day, with two broken lines)
// and the /api/v1/logs page of the cutover day.
func (w *world) oktaFiles(evs []*oktaEvent) (ndjson, page []byte) {
	var lines [][]byte
	var day []*oktaEvent
	quoteBroken, truncated := false, false
	for _, e := range evs {
		if !e.at.Before(cutover) && e.at.Before(cutover.Add(24*time.Hour)) {
			day = append(day, e)
			continue
		}
		line := compactJSON(e)
		switch {
		case e.EventType == "user.session.start" && !quoteBroken && e.at.After(date(2026, 11, 6, 12, 0, 0)):
			// A logging relay that did not escape quotes.
			quoteBroken = true
			line = bytes.Replace(line, []byte(`"displayMessage":"User login to Okta"`), []byte(`"displayMessage":"User login to "Okta""`), 1)
			if json.Valid(line) {
				panic("okta: the unescaped quotes were not placed")
			}
		case e.signIn && !truncated && e.at.After(date(2026, 11, 20, 12, 0, 0)):
			// The exporter was restarted mid-write.
			truncated = true
			line = line[:len(line)*3/5]
		}
		lines = append(lines, line)
	}
	if !quoteBroken || !truncated {
		panic("okta: the broken lines were not placed")
	}
	ndjson = append(bytes.Join(lines, []byte("\n")), '\n')
	return ndjson, indentJSON(day)
}
